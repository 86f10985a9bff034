// The step panel as the canvas uses it, for tests: each change goes back into the document it shows.
import { useState } from 'react';
import type { Problem } from '../../../../api/types';
import type { StepDoc, WorkflowDoc } from '../model/types';
import { StepPanel } from './StepPanel';
import { claimsDoc, CONNECTIONS, KINDS, MODELS } from './testFixtures';

interface StepHarnessProps {
  doc: WorkflowDoc;
  index: number;
  problems?: Problem[];
  onChange?: (step: StepDoc) => void;
  onRename?: (oldId: string, newId: string) => void;
}

export function StepHarness({ doc: initial, index, problems = [], onChange, onRename = () => {} }: StepHarnessProps) {
  const [doc, setDoc] = useState(initial);
  return (
    <StepPanel
      step={doc.steps[index]!}
      index={index}
      doc={doc}
      kinds={KINDS}
      models={MODELS}
      connections={CONNECTIONS}
      problems={problems}
      onRename={onRename}
      onChange={(step) => {
        onChange?.(step);
        setDoc({ ...doc, steps: doc.steps.map((old, i) => (i === index ? step : old)) });
      }}
    />
  );
}

/** The claims workflow with `step` added last; its index is the returned `index`. */
export function docWith(step: StepDoc): { doc: WorkflowDoc; index: number } {
  const doc = claimsDoc();
  doc.steps.push(step);
  return { doc, index: doc.steps.length - 1 };
}

// Writes the model back as YAML in the order the format is documented in, so that a canvas edit reads like a file a
// person wrote: short lists and small mappings on one line (`needs: [ a, b ]`, `{ type: string, required: true }`),
// long text unfolded, several lines as a block.
import { Document, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { StepDoc, WorkflowDoc } from './types';

const STEP_ORDER = ['id', 'uses', 'with', 'needs', 'retry', 'timeout'] as const;
const DOC_ORDER = ['apiVersion', 'kind', 'name', 'description', 'inputs', 'steps', 'outputs'] as const;
/** A collection written on one line must fit in about this many characters (an input, a little more). */
const FLOW_WIDTH = 72;
const INPUT_WIDTH = 110;

/** The keys of `value` with the named ones first, in that order, then any others as they come. */
function ordered(value: object, order: readonly string[]): Record<string, unknown> {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

function orderedStep(step: StepDoc): Record<string, unknown> {
  return ordered(step, STEP_ORDER);
}

function orderedDoc(doc: WorkflowDoc): Record<string, unknown> {
  const value: Record<string, unknown> = { ...doc, steps: doc.steps.map(orderedStep) };
  // Empty inputs and outputs are what a missing section reads as: not written.
  if (Object.keys(doc.inputs).length === 0) delete value.inputs;
  if (Object.keys(doc.outputs).length === 0) delete value.outputs;
  return ordered(value, DOC_ORDER);
}

/** Whether a collection of plain values is short enough to read well on one line. */
function fitsOnOneLine(node: YamlNode, width: number): boolean {
  const items = isMap(node) ? node.items.map((pair) => pair.value) : isSeq(node) ? node.items : [];
  if (items.length === 0) return true;
  if (!items.every((item) => isScalar(item) && !(typeof item.value === 'string' && item.value.includes('\n')))) return false;
  return JSON.stringify(node.toJSON()).length <= width;
}

/** One line for small collections; `blockOnly` keeps the node itself (a step, the outputs) on lines of its own. */
function style(node: unknown, blockOnly: boolean, width = FLOW_WIDTH) {
  if (!isMap(node) && !isSeq(node)) return;
  if (!blockOnly && fitsOnOneLine(node, width)) {
    node.flow = true;
    return;
  }
  const children = isMap(node) ? node.items.map((pair) => pair.value) : node.items;
  for (const child of children) style(child, false);
}

/** The workflow as YAML text. */
export function serialize(doc: WorkflowDoc): string {
  const document = new Document(orderedDoc(doc));
  const root = document.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (key === 'steps' && isSeq(pair.value)) {
        for (const step of pair.value.items) style(step, true);
      } else if (key === 'inputs' && isMap(pair.value)) {
        // Each input on its own line, as the format's examples write them.
        for (const input of pair.value.items) style(input.value, false, INPUT_WIDTH);
      } else {
        style(pair.value, key === 'outputs');
      }
    }
  }
  return document.toString({ lineWidth: 0 });
}

/** Steps as a YAML list, as they are written under `steps:` (what Copy puts on the clipboard). */
export function serializeSteps(steps: readonly StepDoc[]): string {
  const document = new Document(steps.map(orderedStep));
  if (isSeq(document.contents)) for (const step of document.contents.items) style(step, true);
  return document.toString({ lineWidth: 0 });
}

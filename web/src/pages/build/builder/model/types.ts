// The workflow as the builder edits it: the document of docs/workflow.schema.json, held as plain data.
// The canvas, the panels, the YAML view and the test panel all read and change this one model.
import type { InputType } from '../../../../api/types';

/** One declared input (`inputs.<name>`), as written. */
export interface InputDoc {
  type: InputType;
  required?: boolean;
  default?: unknown;
  description?: string;
  /** `internal` when omitted; written `level` or `level/category,category`. */
  label?: string;
  values?: string[];
  items?: InputType;
  accept?: string[];
  max_size?: string;
}

export interface RetryDoc {
  max_attempts: number;
  backoff?: string;
}

/** One step (`steps[i]`), as written. */
export interface StepDoc {
  id: string;
  /** The step kind's name (`llm.extract`, `branch`, `connector`, …). */
  uses: string;
  with?: Record<string, unknown>;
  needs?: string[];
  retry?: RetryDoc;
  timeout?: string;
}

/** The whole workflow. Key order of `inputs` and `outputs` is the order people see them in. */
export interface WorkflowDoc {
  apiVersion: 'paddock/v1';
  kind: 'Workflow';
  name: string;
  description?: string;
  inputs: Record<string, InputDoc>;
  steps: StepDoc[];
  /** Each output's value: usually one `{{ expression }}` string. */
  outputs: Record<string, unknown>;
}

/** What a reference may point at, offered by the template editor: `inputs.claim`, `steps.facts.output.amount`. */
export interface ReferenceOption {
  /** The text inserted between `{{ ` and ` }}`. */
  path: string;
  /** What it is, in words: "Input · text", "Output of step facts · number". */
  detail: string;
}

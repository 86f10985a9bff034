// Fields whose schema alone cannot say how to pick their value: the schema says "a string", but the person should
// choose among the workspace's models, its connections, the knowledge bases, or the workflow's steps. Kept to this one
// explicit table.
import type { ComponentType } from 'react';
import { ActionField, ActionInputField, ConnectionField } from './ConnectionFields';
import { ExtractFieldsEditor } from './ExtractFieldsEditor';
import { KnowledgeBaseField } from './KnowledgeBaseField';
import { ModelField } from './ModelField';
import type { FieldProps } from './SchemaField';
import { StepChoiceField } from './StepChoiceField';

interface SpecialField {
  /** The step kind it applies to; every kind when absent. */
  kind?: string;
  /** The property's path inside the step. */
  path: RegExp;
  component: ComponentType<FieldProps>;
  /** It reads the other settings of its object: an action is chosen among those of the connection chosen beside it. */
  readsSiblings?: true;
}

const SPECIAL_FIELDS: readonly SpecialField[] = [
  // The policy check must see which model receives the data, so it is chosen from the registry, never computed.
  { path: /^with\.model$/, component: ModelField },
  { kind: 'connector', path: /^with\.connection$/, component: ConnectionField, readsSiblings: true },
  { kind: 'connector', path: /^with\.action$/, component: ActionField, readsSiblings: true },
  // Rendered from the chosen action's own input schema.
  { kind: 'connector', path: /^with\.input$/, component: ActionInputField, readsSiblings: true },
  // Written as a slug, so the policy check can follow it; chosen among the knowledge bases the person may see.
  { kind: 'retrieve', path: /^with\.knowledge_base$/, component: KnowledgeBaseField },
  // A branch chooses among step ids, written as is.
  { kind: 'branch', path: /^with\.cases\[\d+\]\.then$|^with\.default$/, component: StepChoiceField },
  // The fields to extract, as a table that writes the JSON Schema.
  { kind: 'llm.extract', path: /^with\.schema$/, component: ExtractFieldsEditor },
];

function specialField(kind: string, path: string): SpecialField | undefined {
  return SPECIAL_FIELDS.find((field) => (field.kind === undefined || field.kind === kind) && field.path.test(path));
}

/** The special field for a property of a step of `kind`, if there is one. */
export function specialFieldFor(kind: string, path: string): ComponentType<FieldProps> | undefined {
  return specialField(kind, path)?.component;
}

/** Whether the field of this property reads the other properties of its object, not only its own value. */
export function readsSiblings(kind: string, path: string): boolean {
  return specialField(kind, path)?.readsSiblings === true;
}

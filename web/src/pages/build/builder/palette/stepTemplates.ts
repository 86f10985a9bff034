// What a palette item adds: a step of a kind, a connector step set to a connection's action, or a model step set to a
// model — with the settings its kind requires already there (empty), so that its panel shows them to fill in.
import type { ActionSpec, UsableConnection } from '../../../../api/types';
import { baseIdOf, freshId } from '../model/ids';
import type { StepDoc } from '../model/types';
import type { JsonSchema, StepKind, UsableModel } from '../panels/types';

/** A step to add, before it has an id. */
export interface StepTemplate {
  uses: string;
  with: Record<string, unknown>;
  /** What its id is made from: `extract` for `llm.extract`, the action's name for a connection's action. */
  idBase: string;
}

/** The drag-and-drop type of a template dragged from the palette. */
export const PALETTE_MIME = 'application/x-paddock-step';

/** An empty value of the schema's type: what a required setting starts as. */
function emptyValue(schema: JsonSchema | undefined): unknown {
  if (schema?.default !== undefined) return schema.default;
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if (type === 'object' || schema?.properties) return {};
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return schema?.minimum ?? 0;
  if (type === 'boolean') return false;
  return '';
}

/** The required settings of a schema, each empty. */
export function requiredSettings(schema: JsonSchema | undefined): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const name of schema?.required ?? []) settings[name] = emptyValue(schema?.properties?.[name]);
  return settings;
}

/** Starting points that read better than empty values. */
const STARTERS: Readonly<Record<string, Record<string, unknown>>> = {
  branch: { cases: [{ when: '', then: [] }] },
  'llm.extract': { schema: { type: 'object', properties: {} } },
};

/** The model a new model step names: the first ready one the workspace may use, else none yet. */
export function defaultModel(models: readonly UsableModel[] | null | undefined): string {
  return models?.find((model) => model.ready)?.name ?? models?.[0]?.name ?? '';
}

export function kindTemplate(kind: StepKind, model: string): StepTemplate {
  const settings = { ...requiredSettings(kind.with_schema), ...STARTERS[kind.name] };
  if (kind.uses_model && 'model' in settings) settings.model = model;
  return { uses: kind.name, with: settings, idBase: baseIdOf(kind.name) };
}

export function actionTemplate(connection: UsableConnection, action: ActionSpec): StepTemplate {
  return {
    uses: 'connector',
    with: { connection: connection.alias, action: action.name, input: requiredSettings(action.input_schema as JsonSchema) },
    idBase: baseIdOf(action.name),
  };
}

export function modelTemplate(model: UsableModel): StepTemplate {
  return { uses: 'llm', with: { model: model.name, prompt: '' }, idBase: 'ask' };
}

/** The step itself, under an id no other step has. */
export function stepFromTemplate(template: StepTemplate, taken: ReadonlySet<string>): StepDoc {
  return { id: freshId(template.idBase, taken), uses: template.uses, with: structuredClone(template.with) };
}

export function writeDragged(transfer: DataTransfer, template: StepTemplate) {
  transfer.setData(PALETTE_MIME, JSON.stringify(template));
  transfer.effectAllowed = 'copy';
}

/** The template dropped, if the drop came from the palette. */
export function readDragged(transfer: DataTransfer): StepTemplate | null {
  const raw = transfer.getData(PALETTE_MIME);
  if (raw === '') return null;
  try {
    const value = JSON.parse(raw) as Partial<StepTemplate>;
    if (typeof value.uses !== 'string' || typeof value.idBase !== 'string' || typeof value.with !== 'object' || value.with === null) return null;
    return { uses: value.uses, with: value.with, idBase: value.idBase };
  } catch {
    return null;
  }
}

// Reads a definition (YAML, or JSON which is YAML too) into the builder's model. Only the shape the canvas relies on
// is checked here (steps with an id and a kind, mappings where mappings go); everything else is the server's to judge,
// and fields this model does not name are kept as they are, so that nothing typed is lost on the way back to text.
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { InputDoc, StepDoc, WorkflowDoc } from './types';

export type ParseResult = { doc: WorkflowDoc } | { error: string; line?: number };

type Path = (string | number)[];

/** The text has the wrong shape at `path`. */
class ShapeError extends Error {
  constructor(
    message: string,
    readonly path: Path,
  ) {
    super(message);
  }
}

type Record_ = Record<string, unknown>;
type Ranged = { range?: [number, number, number] };

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `steps[2].with`, as problems name places. */
function pathText(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A mapping, or `{}` when absent (`inputs:` with nothing after it is absent too). */
function mapping(value: unknown, path: Path, what: string): Record_ {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ShapeError(`${pathText(path)} must be a mapping of ${what}`, path);
  return value;
}

function text(value: unknown, path: Path, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ShapeError(`${pathText(path)} is missing`, path.slice(0, -1));
    return undefined;
  }
  if (typeof value !== 'string') throw new ShapeError(`${pathText(path)} must be text`, path);
  if (required && value.trim() === '') throw new ShapeError(`${pathText(path)} is empty`, path);
  return value;
}

/** The object's other keys, in their order, for fields the model does not name. */
function extras(value: Record_, known: readonly string[]): Record_ {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !known.includes(key)));
}

const STEP_FIELDS = ['id', 'uses', 'with', 'needs', 'retry', 'timeout'] as const;
const DOC_FIELDS = ['apiVersion', 'kind', 'name', 'description', 'inputs', 'steps', 'outputs'] as const;

function readStep(value: unknown, index: number): StepDoc {
  const path: Path = ['steps', index];
  if (!isRecord(value)) throw new ShapeError(`${pathText(path)} must be a mapping with an id and what it uses`, path);
  const step: StepDoc = {
    id: text(value.id, [...path, 'id'], true)!,
    uses: text(value.uses, [...path, 'uses'], true)!,
  };
  if (value.with !== undefined && value.with !== null) step.with = mapping(value.with, [...path, 'with'], 'settings');
  if (value.needs !== undefined && value.needs !== null) {
    const needs = value.needs;
    if (!Array.isArray(needs) || !needs.every((id) => typeof id === 'string')) {
      throw new ShapeError(`${pathText([...path, 'needs'])} must be a list of step ids`, [...path, 'needs']);
    }
    step.needs = needs as string[];
  }
  if (value.retry !== undefined) step.retry = value.retry as StepDoc['retry'];
  if (value.timeout !== undefined) step.timeout = value.timeout as string;
  return Object.assign(step, extras(value, STEP_FIELDS));
}

function readInputs(value: unknown): Record<string, InputDoc> {
  const inputs = mapping(value, ['inputs'], 'inputs');
  for (const [name, input] of Object.entries(inputs)) {
    const path = ['inputs', name];
    if (!isRecord(input)) throw new ShapeError(`inputs.${name} must be a mapping such as { type: string }`, path);
    text(input.type, [...path, 'type'], true);
  }
  return inputs as Record<string, InputDoc>;
}

function constant<T extends string>(value: unknown, expected: T, field: string): T {
  if (value === undefined || value === null) return expected;
  if (value !== expected) throw new ShapeError(`${field} must be ${expected}`, [field]);
  return expected;
}

function readDoc(value: unknown): WorkflowDoc {
  if (!isRecord(value)) throw new ShapeError('The workflow must be a mapping with apiVersion, kind, name and steps', []);
  const steps = value.steps ?? [];
  if (!Array.isArray(steps)) throw new ShapeError('steps must be a list of steps', ['steps']);
  const description = text(value.description, ['description'], false);
  const doc: WorkflowDoc = {
    apiVersion: constant(value.apiVersion, 'paddock/v1', 'apiVersion'),
    kind: constant(value.kind, 'Workflow', 'kind'),
    name: text(value.name, ['name'], false) ?? '',
    ...(description === undefined ? {} : { description }),
    inputs: readInputs(value.inputs),
    steps: steps.map(readStep),
    outputs: mapping(value.outputs, ['outputs'], 'outputs'),
  };
  return Object.assign(doc, extras(value, DOC_FIELDS));
}

/** The parser's message without its excerpt of the text: "Map keys must be unique". */
function shortMessage(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** Reads a definition; on failure, what is wrong and (when known) on which line, counted from 1. */
export function parse(source: string): ParseResult {
  if (source.trim() === '') return { error: 'The definition is empty' };
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true });
  const failure = document.errors[0];
  if (failure !== undefined) return { error: shortMessage(failure), line: failure.linePos?.[0].line };
  try {
    return { doc: readDoc(document.toJS({ maxAliasCount: 1000 })) };
  } catch (error) {
    if (!(error instanceof ShapeError)) return { error: error instanceof Error ? error.message : String(error) };
    // Every node the parser makes knows where it starts in the text.
    const node = (error.path.length === 0 ? document.contents : document.getIn(error.path, true)) as Ranged | null | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? { error: error.message } : { error: error.message, line: lineCounter.linePos(offset).line };
  }
}

/** Steps from pasted text: a list of steps, or a workflow's steps. Null when it holds none that can be read. */
export function parseSteps(source: string): StepDoc[] | null {
  const document = parseDocument(source);
  if (document.errors.length > 0) return null;
  const value: unknown = document.toJS();
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.steps) ? value.steps : null;
  if (list === null || list.length === 0) return null;
  try {
    return list.map(readStep);
  } catch {
    return null;
  }
}

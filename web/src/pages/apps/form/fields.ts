/**
 * The form of an app, generated from its inputs: what each field holds, how it starts, how it is checked in the
 * browser, and how the values become the run request (JSON inputs and files).
 */
import type { AppInput } from '../types';
import { fileProblem } from './files';

/** What a field holds: text (also JSON and dates), a number, a switch, a file, or nothing chosen. */
export type FieldValue = string | number | boolean | File | null;

export type FormValues = Record<string, FieldValue>;
export type FieldErrors = Record<string, string>;

/** The input types the form knows; any other is a text field, and the server says what it wants. */
export type KnownType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'date' | 'file' | 'object' | 'list';

const JSON_TYPES = new Set(['object', 'list']);

/** "policy_number" → "Policy number". */
export function fieldLabel(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names of inputs that usually hold a paragraph or more. */
const LONG_NAMES = /(^|[_-])(description|body|notes?|text|comments?|message|details|content|summary|story|narrative)([_-]|$)/i;
/** Descriptions that ask for a paragraph: "in the policyholder's words", "a few paragraphs", "describe …". */
const LONG_DESCRIPTIONS = /\b(paragraphs?|in [\w'’ ]*words|describe|explain|several lines)\b/i;

/**
 * Whether a text input gets a multi-line box. The rule: a `string` input whose name has one of the words description,
 * body, note(s), text, comment(s), message, details, content, summary, story or narrative (`incident_notes`), or whose
 * description asks for a paragraph ("in your own words", "describe …", "paragraphs", "several lines"). Every other
 * text input is one line.
 */
export function isLongText(input: Pick<AppInput, 'name' | 'type' | 'description'>): boolean {
  if (input.type !== 'string') return false;
  return LONG_NAMES.test(input.name) || LONG_DESCRIPTIONS.test(input.description ?? '');
}

/** The field's starting value: the input's default, written the way the field shows it. */
export function initialValue(input: AppInput): FieldValue {
  const given = input.default;
  switch (input.type) {
    case 'boolean':
      return given === true;
    case 'file':
      return null;
    case 'enum':
      return typeof given === 'string' && (input.values ?? []).includes(given) ? given : null;
    case 'number':
    case 'integer':
      return typeof given === 'number' ? given : '';
    default:
      if (given === undefined || given === null) return '';
      if (JSON_TYPES.has(input.type)) return JSON.stringify(given, null, 2);
      return String(given);
  }
}

export function initialValues(inputs: readonly AppInput[]): FormValues {
  return Object.fromEntries(inputs.map((input) => [input.name, initialValue(input)]));
}

/** The form filled with the inputs of an earlier run, to change and send again; files must be chosen anew. */
export function valuesFromRun(inputs: readonly AppInput[], given: Record<string, unknown>): FormValues {
  const values = initialValues(inputs);
  for (const input of inputs) {
    const value = given[input.name];
    if (value === undefined || value === null || input.type === 'file') continue;
    if (input.type === 'boolean') values[input.name] = value === true;
    else if (input.type === 'number' || input.type === 'integer') values[input.name] = typeof value === 'number' ? value : '';
    else if (JSON_TYPES.has(input.type)) values[input.name] = JSON.stringify(value, null, 2);
    else if (input.type === 'enum') values[input.name] = typeof value === 'string' ? value : null;
    else values[input.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

/** An example to write in an object or list field. */
export function jsonExample(type: string): string {
  return type === 'list' ? '["first", "second"]' : '{"name": "value"}';
}

const ITEM_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'numbers',
  integer: 'whole numbers',
  boolean: 'true or false',
  date: 'dates written YYYY-MM-DD',
};

/** The hint under an object or list field. */
export function jsonHint(input: Pick<AppInput, 'type' | 'items'>): string {
  if (input.type === 'list') {
    const items = input.items ? ITEM_WORDS[input.items] : undefined;
    return `A list written as JSON${items ? `, of ${items}` : ''}, e.g. ${jsonExample('list')}`;
  }
  return `Written as JSON, e.g. ${jsonExample('object')}`;
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function itemFits(type: string, item: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof item === 'string';
    case 'number':
      return typeof item === 'number';
    case 'integer':
      return typeof item === 'number' && Number.isInteger(item);
    case 'boolean':
      return typeof item === 'boolean';
    case 'date':
      return typeof item === 'string' && isDate(item);
    default:
      return true;
  }
}

/** A field's value checked and converted: the value to send, nothing (left out), or why it cannot be sent. */
export type Checked = { value: unknown } | { file: File } | { omit: true } | { error: string };

const isEmpty = (value: FieldValue) => value === null || (typeof value === 'string' && value.trim() === '');

/** Checks one field as the server would, in words a person understands. */
export function checkField(input: AppInput, value: FieldValue): Checked {
  if (input.type === 'boolean') return { value: value === true };
  if (isEmpty(value)) {
    if (!input.required) return { omit: true };
    if (input.type === 'file') return { error: 'Add a file: this one is required.' };
    if (input.type === 'enum') return { error: 'Choose one: this is required.' };
    return { error: 'Fill this in: it is required.' };
  }
  switch (input.type) {
    case 'file': {
      if (!(value instanceof File)) return { error: 'Add a file.' };
      const problem = fileProblem(input, value);
      return problem === null ? { file: value } : { error: problem };
    }
    case 'number':
    case 'integer': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isFinite(number)) return { error: input.type === 'integer' ? 'Write a whole number, e.g. 3.' : 'Write a number, e.g. 42 or 3.5.' };
      if (input.type === 'integer' && !Number.isInteger(number)) return { error: 'Write a whole number, without decimals.' };
      return { value: number };
    }
    case 'enum': {
      const choices = input.values ?? [];
      return typeof value === 'string' && choices.includes(value) ? { value } : { error: `Choose one of: ${choices.join(', ')}.` };
    }
    case 'date': {
      const text = String(value).trim();
      return isDate(text) ? { value: text } : { error: 'Write a real date as YYYY-MM-DD, e.g. 2026-11-20.' };
    }
    case 'object':
    case 'list': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(value));
      } catch {
        return { error: `This is not valid JSON. ${jsonHint(input)}.` };
      }
      if (input.type === 'list') {
        if (!Array.isArray(parsed)) return { error: `Write a list in square brackets. ${jsonHint(input)}.` };
        const items = input.items;
        if (items && parsed.some((item) => !itemFits(items, item))) return { error: `Every item must be ${ITEM_WORDS[items] ?? items}.` };
        return { value: parsed };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: `Write an object in curly braces. ${jsonHint(input)}.` };
      return { value: parsed };
    }
    default:
      return { value: typeof value === 'string' ? value : String(value) };
  }
}

/** What the form sends: the JSON inputs, the files by input name; or, when a field is not right, why, by input name. */
export interface Submission {
  inputs: Record<string, unknown>;
  files: Record<string, File>;
  errors: FieldErrors;
}

/** Checks every field; the run may start only when `errors` is empty. */
export function toSubmission(inputs: readonly AppInput[], values: FormValues): Submission {
  const submission: Submission = { inputs: {}, files: {}, errors: {} };
  for (const input of inputs) {
    const checked = checkField(input, values[input.name] ?? initialValue(input));
    if ('error' in checked) submission.errors[input.name] = checked.error;
    else if ('file' in checked) submission.files[input.name] = checked.file;
    else if ('value' in checked) submission.inputs[input.name] = checked.value;
  }
  return submission;
}

/** A run request: `{"inputs": {…}}` as JSON, or multipart form data carrying files. */
export type StartAppRunRequest = { inputs: Record<string, unknown> } | FormData;

/** The request body: JSON when no file is sent, else multipart with a part `inputs` and a part per file input. */
export function requestBody(submission: Pick<Submission, 'inputs' | 'files'>): StartAppRunRequest {
  const files = Object.entries(submission.files);
  if (files.length === 0) return { inputs: submission.inputs };
  const form = new FormData();
  form.append('inputs', JSON.stringify(submission.inputs));
  for (const [name, file] of files) form.append(name, file, file.name);
  return form;
}

/** "confidential/pii" → "Confidential · personal data": an input's classification in words; null when public. */
export function sensitivityWords(label: string | null | undefined): string | null {
  if (!label) return null;
  const [level = '', ...categories] = label.split('/').map((part) => part.trim().toLowerCase());
  if (level === '' || (level === 'public' && categories.length === 0)) return null;
  const CATEGORY_WORDS: Readonly<Record<string, string>> = {
    pii: 'personal data',
    phi: 'health data',
    pci: 'payment card data',
  };
  const words = [level.charAt(0).toUpperCase() + level.slice(1), ...categories.map((c) => CATEGORY_WORDS[c] ?? c.toUpperCase())];
  return words.join(' · ');
}

/** What an API error says about the inputs: `details.field`, its message, and `details.problems`. */
export interface InputsError {
  field?: string | undefined;
  message: string;
  problems: { path: string; message: string }[];
}

/**
 * The server's problems with the inputs, each onto its field: `details.problems` at `inputs.<name>`, else
 * `details.field` naming an input (or `file`, for the file input when there is one). What fits no field is `others`.
 */
export function problemsByField(inputs: readonly AppInput[], error: InputsError): { byField: FieldErrors; others: string[] } {
  const names = new Set(inputs.map((input) => input.name));
  const byField: FieldErrors = {};
  const others: string[] = [];
  const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  for (const problem of error.problems) {
    const name = /^inputs\.([^.[]+)/.exec(problem.path)?.[1];
    if (name !== undefined && names.has(name)) {
      byField[name] = byField[name] ? `${byField[name]} ${sentence(problem.message)}` : sentence(problem.message);
    } else {
      others.push(problem.path ? `${problem.path}: ${problem.message}` : sentence(problem.message));
    }
  }
  if (error.problems.length === 0 && error.field !== undefined) {
    const prefix = `${error.field}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const field = error.field.replace(/^inputs\./, '');
    if (names.has(field)) {
      byField[field] = sentence(message);
    } else if (field === 'file') {
      // A file the server refused (its kind read from the content, or its size): onto the file input it names.
      const files = inputs.filter((input) => input.type === 'file');
      const target = files.length === 1 ? files[0] : files.find((input) => message.includes(input.name));
      if (target !== undefined) byField[target.name] = `This file was refused: ${message}`;
    }
  }
  return { byField, others };
}

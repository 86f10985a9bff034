// The types an input may have, in the words the people building forms use.
import type { InputType } from '../../../../api/types';
import type { InputDoc } from '../model/types';

export const INPUT_TYPES: readonly { value: InputType; label: string; description: string }[] = [
  { value: 'string', label: 'Text', description: 'Words, a sentence or several paragraphs' },
  { value: 'number', label: 'Number', description: 'Any number, such as 12.5' },
  { value: 'integer', label: 'Whole number', description: 'A number without decimals, such as 3' },
  { value: 'boolean', label: 'Yes / no', description: 'A switch people turn on or off' },
  { value: 'enum', label: 'One of a list', description: 'People choose one of the values you list' },
  { value: 'date', label: 'Date', description: 'A day, written YYYY-MM-DD' },
  { value: 'file', label: 'File', description: 'A document or picture people upload' },
  { value: 'list', label: 'List', description: 'Several values of one type' },
  { value: 'object', label: 'Record', description: 'Named values together, written as JSON' },
];

/** The types a list's items may have (a list of lists or of choices is not allowed). */
export const ITEM_TYPES = INPUT_TYPES.filter((t) => t.value !== 'list' && t.value !== 'enum');

const WORDS: Readonly<Record<InputType, string>> = {
  string: 'text',
  number: 'number',
  integer: 'whole number',
  boolean: 'yes/no',
  enum: 'one of',
  date: 'date',
  file: 'file',
  list: 'list',
  object: 'record',
};

/** An input's type in words: "text", "one of high, low", "list of dates". */
export function inputTypeWords(input: Pick<InputDoc, 'type' | 'values' | 'items'>): string {
  if (input.type === 'enum') return input.values?.length ? `one of ${input.values.join(', ')}` : 'one of a list';
  if (input.type === 'list' && input.items !== undefined) return `list of ${WORDS[input.items]}`;
  return WORDS[input.type] ?? input.type;
}

/** Whether `name` can be written after a dot in an expression (the server's rule for input, output and step names). */
export function isIdentifier(name: string): boolean {
  return name.length <= 64 && /^[a-z_][a-z0-9_]*$/.test(name);
}

/** What is wrong with a new name for an input, an output or a step; null when it may be used. */
export function nameProblem(name: string, taken: Iterable<string>, what: string): string | null {
  if (name === '') return `Give the ${what} a name`;
  if (name.length > 64) return 'Keep it to 64 characters at most';
  if (!isIdentifier(name)) return 'Use lower-case letters, digits and _, starting with a letter (for example claim_text)';
  for (const other of taken) if (other === name) return `Another ${what} is already called ${name}`;
  return null;
}

/** A name not taken yet: `base`, or `base_2`, `base_3`… */
export function freshName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/** `record` with `from` renamed `to`, in the same place among its keys. */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key === from ? to : key, value]));
}

/** `record` with the key at `index` moved by `by` places (−1 up, +1 down). */
export function moveKey<T>(record: Record<string, T>, index: number, by: number): Record<string, T> {
  const entries = Object.entries(record);
  const target = index + by;
  if (target < 0 || target >= entries.length) return record;
  const [moved] = entries.splice(index, 1);
  entries.splice(target, 0, moved!);
  return Object.fromEntries(entries);
}

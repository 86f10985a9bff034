import type { components } from '../../../api/schema.gen';

type AppInput = components['schemas']['AppInput'];

/** The largest table a batch reads (the server's limit). */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;
/** Runs at a time: the server takes 1 to 64, 8 unless told. */
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 64;
export const DEFAULT_CONCURRENCY = 8;

/** What the file picker offers. */
export const TABLE_ACCEPT = '.csv,.jsonl,.ndjson,.txt,text/csv,application/x-ndjson,application/jsonl';

const EXTENSIONS = ['.csv', '.jsonl', '.ndjson', '.txt'];

/** "2.5 MB", "812 KB", "90 bytes". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Why a file cannot be a batch's table, in words; null when it may be one. */
export function tableFileProblem(file: { name: string; size: number }): string | null {
  const name = file.name.toLowerCase();
  if (!EXTENSIONS.some((extension) => name.endsWith(extension))) {
    return `${file.name} is not a table Paddock reads: choose a CSV file (.csv) with a header row, or a JSON Lines file (.jsonl) with one object per line.`;
  }
  if (file.size === 0) return `${file.name} is empty: it has no rows to run.`;
  if (file.size > MAX_TABLE_BYTES) {
    return `${file.name} is ${formatSize(file.size)}; a batch reads at most ${formatSize(MAX_TABLE_BYTES)}. Split it into smaller tables.`;
  }
  return null;
}

/** The largest table read from a file store: its connector reads at most 10 MB. */
export const MAX_STORED_TABLE_BYTES = 10 * 1024 * 1024;

/** What a file in a file store may be to be a table: CSV, or JSON Lines (also as .ndjson or .json). */
const STORED_EXTENSIONS = ['.csv', '.jsonl', '.ndjson', '.json'];

/** Why a file in a file store cannot be a batch's table, in a few words; null when it may be one. */
export function storedTableProblem(file: { name: string; size?: number | null }): string | null {
  const name = file.name.toLowerCase();
  if (!STORED_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'not a CSV or JSON Lines table';
  if (file.size === 0) return 'empty';
  if (file.size !== undefined && file.size !== null && file.size > MAX_STORED_TABLE_BYTES) {
    return `larger than the ${formatSize(MAX_STORED_TABLE_BYTES)} a batch reads from a file store`;
  }
  return null;
}

/** The inputs a table can feed: every one but files. */
export function tableInputs(inputs: readonly AppInput[]): AppInput[] {
  return inputs.filter((input) => input.type !== 'file');
}

/** The file inputs, which a table cannot hold. */
export function fileInputs(inputs: readonly AppInput[]): AppInput[] {
  return inputs.filter((input) => input.type === 'file');
}

/** The mapping with one input's column changed (or taken off when `column` is null). */
export function withColumn(mapping: Readonly<Record<string, string>>, input: string, column: string | null): Record<string, string> {
  const next = { ...mapping };
  if (column === null) delete next[input];
  else next[input] = column;
  return next;
}

/** The required inputs no column feeds (and that have no default): every row would be refused. */
export function unmappedRequired(inputs: readonly AppInput[], mapping: Readonly<Record<string, string>>): AppInput[] {
  return tableInputs(inputs).filter(
    (input) => input.required && (input.default === undefined || input.default === null) && mapping[input.name] === undefined,
  );
}

/** A cell of the preview as text: strings as they are, anything else as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The problem's message for people: "inputs.subject: required, but not given" → "subject: required, but not given". */
export function problemText(message: string): string {
  return message.replace(/\binputs\.([A-Za-z0-9_-]+)/g, '$1');
}

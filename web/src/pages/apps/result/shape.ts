import { documentsIn, type DocumentOutput } from '../../../components/documentFile';

/**
 * How an output is shown: a document a run wrote (or a list of them) as its download, text as Markdown, a flat object or
 * a list of flat objects as a table, anything else as JSON.
 */
export type OutputShape =
  | { kind: 'documents'; documents: DocumentOutput[] }
  | { kind: 'markdown'; text: string }
  | { kind: 'value'; text: string }
  | { kind: 'empty' }
  | { kind: 'record'; rows: [string, Scalar][] }
  | { kind: 'table'; columns: string[]; rows: Record<string, Scalar>[] }
  | { kind: 'list'; items: Scalar[] }
  | { kind: 'json'; value: unknown };

/** A value that fits in a table cell. */
export type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isFlatObject(value: unknown): value is Record<string, Scalar> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isScalar);
}

/** How to show one output value. */
export function shapeOf(value: unknown): OutputShape {
  const documents = documentsIn(value);
  if (documents !== null) return { kind: 'documents', documents };
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'string') return value.trim() === '' ? { kind: 'empty' } : { kind: 'markdown', text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'value', text: cellText(value) };
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'empty' };
    if (value.every(isScalar)) return { kind: 'list', items: value };
    if (value.every(isFlatObject)) {
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return { kind: 'table', columns, rows: value };
    }
    return { kind: 'json', value };
  }
  if (isFlatObject(value)) {
    const rows = Object.entries(value);
    return rows.length === 0 ? { kind: 'empty' } : { kind: 'record', rows };
  }
  return { kind: 'json', value };
}

/** A cell as text: "Yes"/"No" for switches, "—" for nothing. */
export function cellText(value: Scalar | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString();
  return value;
}

/** The outputs in the order the app declares them, then any other the run gave. */
export function orderedOutputs(declared: readonly string[], outputs: Record<string, unknown> | null | undefined): [string, unknown][] {
  const given = outputs ?? {};
  const names = [...declared.filter((name) => name in given), ...Object.keys(given).filter((name) => !declared.includes(name))];
  return names.map((name) => [name, given[name]]);
}

// Finding what the `{{ expressions }}` of a workflow string refer to, with where each reference is written, so that
// references can be offered, checked and marked in place. A reader of paths, not of the whole expression language:
// `inputs.x` and `steps.y.output.z` are what the server checks too.

/** One `inputs.…` or `steps.…` path written inside `{{ }}` or `{% %}`. */
export interface WrittenReference {
  /** Where the path starts and ends in the text. */
  start: number;
  end: number;
  root: 'inputs' | 'steps';
  /** The names after the root: `steps.facts.output.amount` → `['facts', 'output', 'amount']`. */
  segments: string[];
}

// Closed regions only: a reference being typed is not judged before its `}}` is there.
const REGION = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const PATH = /(?<![\w.])(inputs|steps)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g;

/** Every reference in `text`, in order. Quoted text inside an expression is a string, not a reference. */
export function writtenReferences(text: string): WrittenReference[] {
  const found: WrittenReference[] = [];
  for (const region of text.matchAll(REGION)) {
    const inner = region[1] ?? region[2] ?? '';
    const offset = region.index + 2;
    const unquoted = inner.replace(QUOTED, (quoted) => ' '.repeat(quoted.length));
    for (const match of unquoted.matchAll(PATH)) {
      found.push({
        start: offset + match.index,
        end: offset + match.index + match[0].length,
        root: match[1] as 'inputs' | 'steps',
        segments: (match[2] ?? '').split('.').filter((s) => s !== ''),
      });
    }
  }
  return found;
}

/** The ids of the steps whose results `value` reads, looking through lists and records. */
export function stepsReadBy(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const reference of writtenReferences(value)) {
      const id = reference.segments[0];
      if (reference.root === 'steps' && id !== undefined) into.add(id);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) stepsReadBy(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const field of Object.values(value)) stepsReadBy(field, into);
  }
  return into;
}

/** Levenshtein distance, by characters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    const current = [i + 1];
    for (let j = 0; j < b.length; j++) {
      current.push(Math.min(previous[j]! + (a[i] === b[j] ? 0 : 1), previous[j + 1]! + 1, current[j]! + 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidate within a third of the word's length (at least one edit), as the server suggests. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const tolerance = Math.max(1, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= tolerance && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

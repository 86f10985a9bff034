// Editing references in a template's text: which reference is being typed at the caret, which options match it, and
// the text once one is chosen. Pure, so that the editor's keyboard handling stays small and the rules are tested.
import type { ReferenceOption } from '../model/types';

/** A reference being typed inside an unclosed `{{`: where it starts, and what is typed so far. */
export interface Typing {
  from: number;
  query: string;
}

const PATH_CHARS = /[A-Za-z0-9_.]*$/;

/** What is typed at `caret` when it is inside `{{ … ` not closed yet; null elsewhere. */
export function typingAt(text: string, caret: number): Typing | null {
  const before = text.slice(0, caret);
  const opened = before.lastIndexOf('{{');
  if (opened === -1 || before.lastIndexOf('}}') > opened) return null;
  const query = PATH_CHARS.exec(before)?.[0] ?? '';
  return { from: caret - query.length, query };
}

/** The options that fit `query`: those starting with it first, then those containing it. */
export function matchingOptions(options: readonly ReferenceOption[], query: string): ReferenceOption[] {
  const q = query.toLowerCase();
  if (q === '') return [...options];
  const starting = options.filter((o) => o.path.toLowerCase().startsWith(q));
  const containing = options.filter((o) => !o.path.toLowerCase().startsWith(q) && o.path.toLowerCase().includes(q));
  return [...starting, ...containing];
}

/**
 * The text with `path` chosen at `caret`: inside an unclosed `{{` it replaces what is typed and closes the braces if
 * nothing closes them yet; elsewhere it inserts a whole `{{ path }}`. Returns where the caret goes next.
 */
export function insertReference(text: string, caret: number, path: string): { text: string; caret: number } {
  const typing = typingAt(text, caret);
  if (typing === null) {
    const inserted = `{{ ${path} }}`;
    return { text: text.slice(0, caret) + inserted + text.slice(caret), caret: caret + inserted.length };
  }
  const before = text.slice(0, typing.from);
  // The rest of a name the caret was in the middle of is replaced too.
  const after = text.slice(caret).replace(/^[A-Za-z0-9_.]*/, '');
  const closes = after.indexOf('}}');
  const reopens = after.indexOf('{{');
  const closed = closes !== -1 && (reopens === -1 || closes < reopens);
  const head = `${before}${before.endsWith('{{') ? ' ' : ''}${path}${closed ? '' : ' }}'}`;
  return { text: head + after, caret: head.length };
}

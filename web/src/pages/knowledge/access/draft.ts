import type { AccessEntry, AccessEntryForm } from '../types';

/** An entry of the access list being edited, with the name to show. */
export type DraftEntry =
  | { kind: 'workspace'; id: string; name: string; environment: string | null }
  | { kind: 'group'; id: string; name: string };

/** The same entry twice is one: a workspace in one environment, or a group. */
export function entryKey(entry: DraftEntry): string {
  return entry.kind === 'workspace' ? `workspace:${entry.id}:${entry.environment ?? '*'}` : `group:${entry.id}`;
}

/** The list as the API shows it, to edit; an entry of a kind the UI does not know is kept as a group would be. */
export function draftOf(entries: readonly AccessEntry[]): DraftEntry[] {
  return entries.map((entry) =>
    entry.kind === 'workspace'
      ? { kind: 'workspace', id: entry.id, name: entry.name, environment: entry.environment ?? null }
      : { kind: 'group', id: entry.id, name: entry.name },
  );
}

/** The list as the API takes it. */
export function formOf(entries: readonly DraftEntry[]): AccessEntryForm[] {
  return entries.map((entry) =>
    entry.kind === 'workspace'
      ? entry.environment === null
        ? { workspace: entry.id }
        : { workspace: entry.id, environment: entry.environment }
      : { group: entry.id },
  );
}

/** Whether two lists say the same, whatever their order. */
export function sameEntries(a: readonly DraftEntry[], b: readonly DraftEntry[]): boolean {
  const left = new Set(a.map(entryKey));
  const right = new Set(b.map(entryKey));
  return left.size === right.size && [...left].every((key) => right.has(key));
}

/**
 * Adds an entry, unless the list already says as much: a workspace in every environment makes its entries for one
 * environment needless (they are dropped), and one for a single environment adds nothing when every environment is
 * listed. Answers the new list, and why nothing was added when so.
 */
export function withEntry(entries: readonly DraftEntry[], added: DraftEntry): { entries: DraftEntry[]; unchanged: string | null } {
  if (entries.some((entry) => entryKey(entry) === entryKey(added))) {
    return { entries: [...entries], unchanged: `${added.name} is already on the list.` };
  }
  if (added.kind === 'group') return { entries: [...entries, added], unchanged: null };
  const everywhere = entries.some((entry) => entry.kind === 'workspace' && entry.id === added.id && entry.environment === null);
  if (everywhere) return { entries: [...entries], unchanged: `${added.name} may already use it in every environment.` };
  const kept = added.environment === null ? entries.filter((entry) => !(entry.kind === 'workspace' && entry.id === added.id)) : [...entries];
  return { entries: [...kept, added], unchanged: null };
}

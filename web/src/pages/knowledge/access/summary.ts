import type { AccessEntry } from '../types';

/** "Not shared yet", "Shared with 1 workspace", "Shared with 2 workspaces and 1 group". */
export function sharingSentence(entries: readonly AccessEntry[]): string {
  const workspaces = new Set(entries.filter((entry) => entry.kind === 'workspace').map((entry) => entry.id)).size;
  const groups = new Set(entries.filter((entry) => entry.kind === 'group').map((entry) => entry.id)).size;
  const parts = [];
  if (workspaces > 0) parts.push(`${workspaces} workspace${workspaces === 1 ? '' : 's'}`);
  if (groups > 0) parts.push(`${groups} group${groups === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'Not shared yet' : `Shared with ${parts.join(' and ')}`;
}

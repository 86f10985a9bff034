import type { SemanticDiff, TextRun } from '../../api/types';

/** What a workflow uses, as the diff names it: `model hosted-general`, `connection tickets: create_ticket`. */
export type Use =
  | { kind: 'model'; name: string; raw: string }
  | { kind: 'connection'; connection: string; action: string; raw: string }
  | { kind: 'other'; raw: string };

/** Reads one of the diff's `uses_added`/`uses_removed` strings. */
export function parseUse(raw: string): Use {
  const model = /^model (.+)$/.exec(raw);
  if (model?.[1] !== undefined) return { kind: 'model', name: model[1], raw };
  const connection = /^connection ([^:]+): (.+)$/.exec(raw);
  if (connection?.[1] !== undefined && connection[2] !== undefined) {
    return { kind: 'connection', connection: connection[1], action: connection[2], raw };
  }
  return { kind: 'other', raw };
}

/** A use in a few words: `tickets.create_ticket`, `the model hosted-general`. */
export function useShort(use: Use): string {
  switch (use.kind) {
    case 'model':
      return `the model ${use.name}`;
    case 'connection':
      return `${use.connection}.${use.action}`;
    case 'other':
      return use.raw;
  }
}

/** "1 step", "3 steps". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "2 steps changed, 1 added": the counts of one kind of thing, the noun once, with the first count. */
function phrase(noun: string, counts: readonly [number, string][]): string | null {
  const present = counts.filter(([n]) => n > 0);
  const [first, ...rest] = present;
  if (first === undefined) return null;
  return [`${count(first[0], noun)} ${first[1]}`, ...rest.map(([n, verb]) => `${n} ${verb}`)].join(', ');
}

/** "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Whether a line diff has anything but kept lines. */
export function textChanged(text: readonly TextRun[]): boolean {
  return text.some((run) => run.op !== 'same');
}

/**
 * One line saying what changed, for a reviewer: "2 steps changed, 1 added; now uses tickets.create_ticket".
 * "No changes" when nothing differs.
 */
export function changeSummary(diff: SemanticDiff, text: readonly TextRun[] = []): string {
  const parts = [
    phrase('step', [
      [diff.steps_changed.length, 'changed'],
      [diff.steps_added.length, 'added'],
      [diff.steps_removed.length, 'removed'],
    ]),
    phrase('input', [
      [diff.inputs_changed.length, 'changed'],
      [diff.inputs_added.length, 'added'],
      [diff.inputs_removed.length, 'removed'],
    ]),
    phrase('output', [
      [diff.outputs_changed.length, 'changed'],
      [diff.outputs_added.length, 'added'],
      [diff.outputs_removed.length, 'removed'],
    ]),
  ].filter((part): part is string => part !== null);
  if (diff.uses_added.length > 0) parts.push(`now uses ${list(diff.uses_added.map((raw) => useShort(parseUse(raw))))}`);
  if (diff.uses_removed.length > 0) parts.push(`no longer uses ${list(diff.uses_removed.map((raw) => useShort(parseUse(raw))))}`);
  if (parts.length > 0) {
    const line = parts.join('; ');
    return line.charAt(0).toUpperCase() + line.slice(1);
  }
  if (diff.changed) return 'Only the description changed';
  return textChanged(text) ? 'Only the way it is written changed' : 'No changes';
}

/** Whether there is anything to show at all. */
export function hasChanges(diff: SemanticDiff, text: readonly TextRun[]): boolean {
  return diff.changed || diff.uses_added.length > 0 || diff.uses_removed.length > 0 || textChanged(text);
}

/** A field's value in a few words: text as it is, anything else as compact JSON; "(none)" when absent. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, value !== null && typeof value === 'object' ? 2 : undefined);
}

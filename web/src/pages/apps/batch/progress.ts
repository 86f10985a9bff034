import type { components } from '../../../api/schema.gen';

type Schemas = components['schemas'];
export type BatchView = Schemas['BatchView'];
export type BatchPreview = Schemas['BatchPreview'];

/** One coloured part of a batch's progress bar. */
export interface ProgressPart {
  key: 'succeeded' | 'failed' | 'in_progress';
  /** Rows in it. */
  count: number;
  /** Its share of the bar, in percent (the parts never add up to more than 100). */
  percent: number;
  color: string;
  label: string;
}

function share(count: number, total: number): number {
  if (total <= 0 || count <= 0) return 0;
  return Math.min(100, (count / total) * 100);
}

/** Rows not started yet: neither ended nor in progress. */
export function notStarted(batch: BatchView): number {
  return Math.max(0, batch.remaining - batch.in_progress);
}

/** Rows that ended, well or not. */
export function ended(batch: BatchView): number {
  return batch.succeeded + batch.failed;
}

/** Of the failed rows, those whose run failed or was cancelled (the others could not run at all): what a retry runs again. */
export function runsFailed(batch: BatchView): number {
  return Math.max(0, batch.failed - batch.invalid);
}

/** How far along it is, 0–100, rounded down so that 100 means every row ended. */
export function percentDone(batch: BatchView): number {
  if (batch.total <= 0) return 100;
  return Math.floor((ended(batch) / batch.total) * 100);
}

/**
 * The bar's parts, in order: succeeded (green), failed (red), in progress (blue); what is left is rows not started.
 * Empty parts are left out.
 */
export function progressParts(batch: BatchView): ProgressPart[] {
  const parts: ProgressPart[] = [
    { key: 'succeeded', count: batch.succeeded, percent: share(batch.succeeded, batch.total), color: 'teal', label: 'succeeded' },
    { key: 'failed', count: batch.failed, percent: share(batch.failed, batch.total), color: 'red', label: 'failed' },
    { key: 'in_progress', count: batch.in_progress, percent: share(batch.in_progress, batch.total), color: 'blue', label: 'running now' },
  ];
  // Rounding never makes the bar overflow: the last part takes what is left at most.
  let room = 100;
  return parts
    .filter((part) => part.count > 0)
    .map((part) => {
      const percent = Math.min(part.percent, room);
      room -= percent;
      return { ...part, percent };
    });
}

/** "12 rows", "1 row". */
export function rows(count: number): string {
  return `${count.toLocaleString('en')} row${count === 1 ? '' : 's'}`;
}

/**
 * How long is left, in words: "Less than a minute left", "About 4 minutes left", "About 2 hours 10 minutes left".
 * Null when it is not running; "Working out how long it will take" before the first row ends.
 */
export function etaWords(batch: BatchView): string | null {
  if (batch.status !== 'running') return null;
  const seconds = batch.eta_seconds ?? null;
  if (batch.remaining === 0) return 'Finishing';
  if (seconds === null) return 'Working out how long it will take…';
  if (seconds < 60) return 'Less than a minute left';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0 ? `About ${hourWords} left` : `About ${hourWords} ${rest} minute${rest === 1 ? '' : 's'} left`;
}

/** The batch's state in a word and a colour: Running, Cancelled, Finished, Finished with failures. */
export function batchStatus(batch: BatchView): { label: string; color: string } {
  switch (batch.status) {
    case 'running':
      return { label: 'Running', color: 'blue' };
    case 'cancelled':
      return { label: 'Cancelled', color: 'orange' };
    case 'finished':
      return batch.failed > 0 ? { label: 'Finished with failures', color: 'yellow' } : { label: 'Finished', color: 'teal' };
    default:
      return { label: batch.status, color: 'gray' };
  }
}

/** What may be done with the batch now. */
export function batchActions(batch: BatchView): { cancel: boolean; resume: boolean; retry: boolean } {
  return {
    cancel: batch.status === 'running',
    resume: batch.status === 'cancelled' && notStarted(batch) > 0,
    retry: batch.status !== 'running' && runsFailed(batch) > 0,
  };
}

/** Whether the batch is worth asking about again soon. */
export function isLive(batch: BatchView | undefined): boolean {
  return batch?.status === 'running';
}

/** The sentence under the bar: "12 succeeded, 2 failed (1 could not run), 3 running now, 5 not started yet". */
export function progressSentence(batch: BatchView): string {
  const parts = [`${batch.succeeded.toLocaleString('en')} succeeded`];
  if (batch.failed > 0) {
    const couldNot = batch.invalid > 0 ? ` (${batch.invalid.toLocaleString('en')} could not run)` : '';
    parts.push(`${batch.failed.toLocaleString('en')} failed${couldNot}`);
  }
  if (batch.in_progress > 0) parts.push(`${batch.in_progress.toLocaleString('en')} running now`);
  const waiting = notStarted(batch);
  if (waiting > 0) parts.push(`${waiting.toLocaleString('en')} ${batch.status === 'cancelled' ? 'held' : 'not started yet'}`);
  return `${parts.join(', ')} of ${rows(batch.total)}`;
}

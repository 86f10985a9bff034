import { describe, expect, it } from 'vitest';
import { batchActions, batchStatus, etaWords, notStarted, percentDone, progressParts, progressSentence, runsFailed, type BatchView } from './progress';
import { problemText, tableFileProblem, unmappedRequired, withColumn } from './table';

function batch(overrides: Partial<BatchView> = {}): BatchView {
  return {
    id: 'b1',
    workspace: 'it-service-desk',
    app: 'ticket-triage',
    environment: 'prod',
    version: 2,
    source_name: 'tickets.csv',
    status: 'running',
    concurrency: 8,
    total: 20,
    succeeded: 10,
    failed: 3,
    invalid: 2,
    in_progress: 4,
    remaining: 7,
    runs_started: 15,
    eta_seconds: 90,
    mapping: { subject: 'subject' },
    created_by: 'consumer@demo.local',
    created_at: '2026-11-27T10:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

describe('batch progress', () => {
  it('splits the bar into succeeded, failed and running now, leaving the rows not started', () => {
    const running = batch();
    expect(progressParts(running).map(({ key, count, percent }) => [key, count, percent])).toEqual([
      ['succeeded', 10, 50],
      ['failed', 3, 15],
      ['in_progress', 4, 20],
    ]);
    expect(notStarted(running)).toBe(3);
    expect(percentDone(running)).toBe(65);
    expect(runsFailed(running)).toBe(1);
  });

  it('leaves out empty parts and never overflows', () => {
    expect(progressParts(batch({ succeeded: 0, failed: 0, in_progress: 0, remaining: 20 }))).toEqual([]);
    const odd = batch({ total: 3, succeeded: 1, failed: 1, invalid: 0, in_progress: 1, remaining: 1 });
    const parts = progressParts(odd);
    expect(parts.reduce((sum, part) => sum + part.percent, 0)).toBeLessThanOrEqual(100);
    expect(percentDone(odd)).toBe(66);
    // Counts that disagree for a moment (a row ended between two reads) still fit the bar.
    const over = progressParts(batch({ total: 10, succeeded: 8, failed: 2, in_progress: 1, remaining: 1 }));
    expect(over.reduce((sum, part) => sum + part.percent, 0)).toBe(100);
    expect(percentDone(batch({ total: 0, succeeded: 0, failed: 0, in_progress: 0, remaining: 0 }))).toBe(100);
  });

  it('says how long is left in words', () => {
    expect(etaWords(batch({ eta_seconds: null }))).toBe('Working out how long it will take…');
    expect(etaWords(batch({ eta_seconds: 12 }))).toBe('Less than a minute left');
    expect(etaWords(batch({ eta_seconds: 61 }))).toBe('About 2 minutes left');
    expect(etaWords(batch({ eta_seconds: 60 }))).toBe('About 1 minute left');
    expect(etaWords(batch({ eta_seconds: 3600 }))).toBe('About 1 hour left');
    expect(etaWords(batch({ eta_seconds: 2 * 3600 + 600 }))).toBe('About 2 hours 10 minutes left');
    expect(etaWords(batch({ remaining: 0, in_progress: 0 }))).toBe('Finishing');
    expect(etaWords(batch({ status: 'finished' }))).toBeNull();
    expect(etaWords(batch({ status: 'cancelled' }))).toBeNull();
  });

  it('names its state and what may be done', () => {
    expect(batchStatus(batch())).toEqual({ label: 'Running', color: 'blue' });
    expect(batchStatus(batch({ status: 'finished', failed: 0, invalid: 0 })).label).toBe('Finished');
    expect(batchStatus(batch({ status: 'finished' })).label).toBe('Finished with failures');
    expect(batchStatus(batch({ status: 'cancelled' })).label).toBe('Cancelled');

    expect(batchActions(batch())).toEqual({ cancel: true, resume: false, retry: false });
    expect(batchActions(batch({ status: 'cancelled', in_progress: 0, remaining: 5 }))).toEqual({ cancel: false, resume: true, retry: true });
    // Only rows that could not run failed: nothing to retry (fix the table instead).
    expect(batchActions(batch({ status: 'finished', failed: 2, invalid: 2, in_progress: 0, remaining: 0 }))).toEqual({
      cancel: false,
      resume: false,
      retry: false,
    });
    expect(batchActions(batch({ status: 'finished', failed: 3, invalid: 2, in_progress: 0, remaining: 0 })).retry).toBe(true);
  });

  it('sums it up in a sentence', () => {
    expect(progressSentence(batch())).toBe('10 succeeded, 3 failed (2 could not run), 4 running now, 3 not started yet of 20 rows');
    expect(progressSentence(batch({ status: 'cancelled', in_progress: 0, remaining: 7 }))).toBe('10 succeeded, 3 failed (2 could not run), 7 held of 20 rows');
    expect(progressSentence(batch({ total: 1, succeeded: 1, failed: 0, invalid: 0, in_progress: 0, remaining: 0 }))).toBe('1 succeeded of 1 row');
  });
});

describe('batch tables', () => {
  it('takes CSV and JSON Lines files only, not empty, and not too large', () => {
    expect(tableFileProblem({ name: 'tickets.csv', size: 100 })).toBeNull();
    expect(tableFileProblem({ name: 'TICKETS.JSONL', size: 100 })).toBeNull();
    expect(tableFileProblem({ name: 'tickets.xlsx', size: 100 })).toMatch(/^tickets.xlsx is not a table Paddock reads: choose a CSV file/);
    expect(tableFileProblem({ name: 'empty.csv', size: 0 })).toBe('empty.csv is empty: it has no rows to run.');
    expect(tableFileProblem({ name: 'big.csv', size: 21 * 1024 * 1024 })).toBe('big.csv is 21 MB; a batch reads at most 20 MB. Split it into smaller tables.');
  });

  it('changes the column of one input, and finds required inputs with none', () => {
    expect(withColumn({ subject: 'subject', body: 'body' }, 'body', 'text')).toEqual({ subject: 'subject', body: 'text' });
    expect(withColumn({ subject: 'subject', body: 'body' }, 'body', null)).toEqual({ subject: 'subject' });
    const inputs = [
      { name: 'subject', type: 'string', required: true, label: 'internal' },
      { name: 'priority', type: 'string', required: true, default: 'normal', label: 'internal' },
      { name: 'evidence', type: 'file', required: true, label: 'internal' },
    ];
    expect(unmappedRequired(inputs, {}).map((input) => input.name)).toEqual(['subject']);
    expect(unmappedRequired(inputs, { subject: 'title' })).toEqual([]);
  });

  it('words the problems without the inputs. prefix', () => {
    expect(problemText('inputs.subject: required, but not given; inputs.count (column n): not a whole number')).toBe(
      'subject: required, but not given; count (column n): not a whole number',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/errors';
import { downloadName, PublicApiError, retryAfterSeconds } from './queries';
import { KEPT_RUNS, readRuns, storageKey, withRun } from './storedRuns';
import { startProblem, waitWords } from './words';

describe('the words of the public page', () => {
  it('says when to try again', () => {
    expect(waitWords(null)).toBe('in a minute');
    expect(waitWords(0)).toBe('in a minute');
    expect(waitWords(1)).toBe('in a second');
    expect(waitWords(30)).toBe('in 30 seconds');
    expect(waitWords(60)).toBe('in a minute');
    expect(waitWords(61)).toBe('in 2 minutes');
    expect(waitWords(3600)).toBe('in an hour');
    expect(waitWords(5 * 3600 + 1)).toBe('in 6 hours');
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('')).toBeNull();
    expect(retryAfterSeconds('45')).toBe(45);
    expect(retryAfterSeconds('Sat, 28 Nov 2026 10:02:00 GMT', now)).toBe(120);
    expect(retryAfterSeconds('soon')).toBeNull();
  });

  it('says why a run did not start, without codes', () => {
    const refused = (status: number, code: string, retryAfter: number | null = null) =>
      startProblem(new PublicApiError(new ApiError(code, 'The server said so.', status), retryAfter));
    expect(refused(404, 'not_found')).toEqual({
      title: 'This app is not open to the public',
      message: 'This app is not open to the public. If you work here, sign in to use it.',
      signIn: true,
    });
    expect(refused(429, 'rate_limited', 42).message).toBe('Too many runs from your network just now; try again in 42 seconds.');
    expect(refused(429, 'rate_limited').message).toBe('Too many runs from your network just now; try again in a minute.');
    expect(refused(429, 'quota_exceeded', 7200).message).toMatch(/as many runs from your network as it allows for now; try again in 2 hours\.$/);
    expect(refused(409, 'frozen').message).toBe('This app is paused for now. Try again later.');
    expect(refused(422, 'invalid_input').message).toBe('The server said so.');
    expect(refused(403, 'forbidden').signIn).toBe(true);
    expect(startProblem(new TypeError('Failed to fetch')).message).toMatch(/could not be reached/);
  });

  it('names the downloaded file as the server does, never with a path', () => {
    expect(downloadName('attachment; filename="password-help-0190.md"', 'password-help', 'r1', 'md')).toBe('password-help-0190.md');
    expect(downloadName("attachment; filename*=UTF-8''r%C3%A9sultat.json", 'password-help', 'r1', 'json')).toBe('résultat.json');
    expect(downloadName('attachment; filename="../../etc/passwd"', 'password-help', 'r1', 'md')).toBe('password-help-r1.md');
    expect(downloadName(null, 'password-help', 'r1', 'json')).toBe('password-help-r1.json');
  });
});

describe('the runs kept in this browser', () => {
  const kept = (id: string) => ({ id, token: `token-${id}`, created_at: '2026-11-28T10:00:00Z' });

  it('keeps the newest first, once each, at most ten', () => {
    let runs = Array.from({ length: KEPT_RUNS }, (_, i) => kept(`r${i}`));
    runs = withRun(runs, kept('new'));
    expect(runs).toHaveLength(KEPT_RUNS);
    expect(runs[0]!.id).toBe('new');
    expect(runs.some((run) => run.id === `r${KEPT_RUNS - 1}`)).toBe(false);
    expect(withRun(runs, kept('r3')).filter((run) => run.id === 'r3')).toHaveLength(1);
    expect(withRun(runs, kept('r3'))[0]!.id).toBe('r3');
  });

  it('reads a list per app, ignoring what is not a run', () => {
    localStorage.setItem(storageKey('ws', 'app'), JSON.stringify([kept('a'), { id: 'b' }, 'c', kept('d')]));
    localStorage.setItem(storageKey('ws', 'other'), 'not json');
    expect(readRuns('ws', 'app').map((run) => run.id)).toEqual(['a', 'd']);
    expect(readRuns('ws', 'other')).toEqual([]);
    expect(readRuns('ws', 'none')).toEqual([]);
    localStorage.clear();
  });
});

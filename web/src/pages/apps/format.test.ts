import { describe, expect, it } from 'vitest';
import { environmentWords, relativeTime } from './format';

describe('app words', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('says when, relative to now', () => {
    expect(relativeTime('2026-11-27T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-11-27T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-27T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-11-26T12:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-11-20T12:00:00Z', now)).toBe('7 days ago');
    expect(relativeTime('2026-01-01T12:00:00Z', now)).not.toMatch(/ago/);
    expect(relativeTime('not a date', now)).toBe('not a date');
  });

  it('names the usual environments', () => {
    expect(environmentWords('prod')).toBe('Production');
    expect(environmentWords('qa')).toBe('qa');
  });
});

import { describe, expect, it } from 'vitest';
import { SLUG_MAX_LENGTH, slugFrom, slugProblem } from './slug';

describe('short names', () => {
  it('are suggested from a display name', () => {
    expect(slugFrom('HR onboarding (EU)')).toBe('hr-onboarding-eu');
    expect(slugFrom('  Crédit & Prêts  ')).toBe('credit-prets');
    expect(slugFrom('2026 Claims intake')).toBe('claims-intake');
    expect(slugFrom('---')).toBe('');
    expect(slugFrom('x'.repeat(100))).toHaveLength(SLUG_MAX_LENGTH);
    expect(slugFrom(`${'a'.repeat(SLUG_MAX_LENGTH - 1)} b`)).toBe('a'.repeat(SLUG_MAX_LENGTH - 1));
  });

  it('are checked by the rule the API applies', () => {
    for (const good of ['claims', 'it-service-desk', 'prod2']) expect(slugProblem(good)).toBeNull();
    expect(slugProblem('')).toBe('Choose a short name');
    for (const bad of ['Claims', '2claims', '-claims', 'claims-', 'hr onboarding', 'x'.repeat(SLUG_MAX_LENGTH + 1)]) {
      expect(slugProblem(bad)).toMatch(/lower-case letters, digits and dashes, starting with a letter/);
    }
  });
});

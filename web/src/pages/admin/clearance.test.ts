import { describe, expect, it } from 'vitest';
import {
  categoriesOf,
  categoriesProblem,
  clearanceLabel,
  clearanceSentence,
  composeClearance,
  MAX_CATEGORIES,
  parseClearance,
} from './clearance';

describe('clearances', () => {
  it('are composed as the API writes them', () => {
    expect(composeClearance({ level: 'internal', allCategories: false, categories: [] })).toBe('internal');
    expect(composeClearance({ level: 'confidential', allCategories: false, categories: ['pii'] })).toBe('confidential/pii');
    // Sorted, trimmed, lower-cased, each once.
    expect(composeClearance({ level: 'confidential', allCategories: false, categories: ['PHI', ' pii ', 'phi', ''] })).toBe(
      'confidential/phi,pii',
    );
    // All categories wins over any listed.
    expect(composeClearance({ level: 'restricted', allCategories: true, categories: ['pii'] })).toBe('restricted/*');
    expect(composeClearance({ level: 'public', allCategories: true, categories: [] })).toBe('public/*');
  });

  it('are read back into their parts', () => {
    expect(parseClearance('internal')).toEqual({ level: 'internal', allCategories: false, categories: [] });
    expect(parseClearance('confidential/pii,phi')).toEqual({ level: 'confidential', allCategories: false, categories: ['phi', 'pii'] });
    expect(parseClearance('restricted/*')).toEqual({ level: 'restricted', allCategories: true, categories: [] });
    expect(parseClearance('confidential/')).toEqual({ level: 'confidential', allCategories: false, categories: [] });
    for (const bad of ['secret', 'secret/*', 'internal/PII', 'internal/pii data', '', '/*']) expect(parseClearance(bad)).toBeNull();
  });

  it('survive a round trip through the form', () => {
    for (const raw of ['public', 'internal', 'confidential/pii', 'confidential/pci,phi,pii', 'restricted/*', 'internal/hr-records']) {
      const parts = parseClearance(raw);
      expect(parts).not.toBeNull();
      expect(composeClearance(parts!)).toBe(raw);
    }
  });

  it('take the categories typed as a comma-separated list', () => {
    expect(categoriesOf('')).toEqual([]);
    expect(categoriesOf(' pii, PHI ,, pii ,')).toEqual(['pii', 'phi']);
  });

  it('refuse category names the API would refuse, before sending', () => {
    expect(categoriesProblem([])).toBeNull();
    expect(categoriesProblem(['pii', 'hr-records', 'x2'])).toBeNull();
    expect(categoriesProblem(['pii', 'pii data'])).toMatch(/“pii data” is not a category name: use lower-case letters/);
    expect(categoriesProblem(['2fa'])).toMatch(/“2fa” is not a category name/);
    expect(categoriesProblem(['a'.repeat(33)])).toMatch(/is not a category name/);
    expect(categoriesProblem(Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => `c${i}`))).toBe('Give at most 16 categories');
  });

  it('read as short labels for a badge', () => {
    expect(clearanceLabel('internal')).toBe('Internal');
    expect(clearanceLabel('restricted/*')).toBe('Restricted, all categories');
    expect(clearanceLabel('confidential/pii')).toBe('Confidential, PII only');
    expect(clearanceLabel('confidential/phi,pii')).toBe('Confidential, PHI and PII only');
    expect(clearanceLabel('confidential/hr,pci,phi')).toBe('Confidential, hr, PCI and PHI only');
    // Anything the API might add later is shown as written.
    expect(clearanceLabel('top-secret')).toBe('top-secret');
  });

  it('are explained in a sentence', () => {
    expect(clearanceSentence({ level: 'internal', allCategories: false, categories: [] })).toBe(
      'It may be sent data up to Internal, and nothing marked with a special category such as personal data.',
    );
    expect(clearanceSentence({ level: 'confidential', allCategories: false, categories: ['pii', 'hr'] })).toBe(
      'It may be sent data up to Confidential; of the special categories, only personal data (PII) and hr.',
    );
    expect(clearanceSentence({ level: 'restricted', allCategories: true, categories: [] })).toMatch(
      /^It may be sent data up to Restricted, of any special category/,
    );
    expect(clearanceSentence({ level: 'public', allCategories: false, categories: [] })).toMatch(/^It may be sent public data only/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_WORDS,
  categoriesOf,
  categoryNameProblem,
  categoriesProblem,
  clearanceLabel,
  clearanceSentence,
  composeClearance,
  labelSentence,
  labelText,
  labelWordsOf,
  MAX_CATEGORIES,
  parseClearance,
  unknownCategories,
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

  it('take the organisation’s names for the levels from the catalogue', () => {
    const words = labelWordsOf({
      levels: [
        { level: 'public', name: 'Public', description: '' },
        { level: 'internal', name: 'Internal', description: 'Ours' },
        { level: 'confidential', name: 'Company confidential', description: 'Need to know' },
        { level: 'restricted', name: 'Restricted', description: 'Board only' },
      ],
      categories: [{ name: 'legal-hold', description: 'Kept for a lawsuit' }, { name: 'pii' }],
    });
    expect(words.level('confidential')).toEqual({ name: 'Company confidential', description: 'Need to know' });
    // A blank description falls back to the built-in one.
    expect(words.level('public').description).toBe(BUILT_IN_WORDS.level('public').description);
    expect(words.categories).toEqual([
      { name: 'legal-hold', description: 'Kept for a lawsuit' },
      { name: 'pii', description: '' },
    ]);
    expect(clearanceLabel('confidential/legal-hold,pii', words)).toBe('Company confidential, legal-hold and PII only');
    expect(labelText('confidential/pii', words)).toBe('Company confidential, PII');
    expect(clearanceSentence({ level: 'confidential', allCategories: false, categories: [] }, words)).toMatch(
      /^It may be sent data up to Company confidential,/,
    );
    expect(labelSentence({ level: 'confidential', allCategories: false, categories: ['pii'] }, words)).toBe(
      'What workflows read from it is treated as Company confidential data that holds personal data (PII).',
    );
    // Until the catalogue is known, the built-in words, and no category is unknown.
    expect(labelWordsOf(undefined)).toBe(BUILT_IN_WORDS);
    expect(unknownCategories(['legacy'], BUILT_IN_WORDS)).toEqual([]);
    expect(unknownCategories(['legacy', 'pii', 'phi'], words)).toEqual(['legacy', 'phi']);
  });

  it('check the name of a new category as the API does', () => {
    expect(categoryNameProblem('legal-hold')).toBeNull();
    expect(categoryNameProblem('')).toMatch(/Give the category a name/);
    expect(categoryNameProblem('Legal Hold')).toMatch(/Use lower-case letters, digits and dashes/);
    expect(categoryNameProblem('2fa')).toMatch(/Use lower-case letters/);
    expect(categoryNameProblem('a'.repeat(33))).toMatch(/32 characters at most/);
  });
});

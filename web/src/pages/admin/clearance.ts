/**
 * A model's clearance: the most sensitive data it may receive. Written like a data label: a level
 * (`public` < `internal` < `confidential` < `restricted`), then optionally `/` and the special
 * categories it may receive (`confidential/pii,phi`), or `/*` for every category (`restricted/*`).
 */

export const LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

/** What each level means, for someone who is not an engineer. */
export const LEVEL_INFO: Readonly<Record<Level, { label: string; description: string; color: string }>> = {
  public: { label: 'Public', description: 'Only what anyone may see, such as the website or published documents', color: 'gray' },
  internal: {
    label: 'Internal',
    description: 'Everyday company data that is not for outsiders, such as internal notes and tickets',
    color: 'blue',
  },
  confidential: {
    label: 'Confidential',
    description: 'Data only some people may see, such as customer records, contracts or claims',
    color: 'orange',
  },
  restricted: {
    label: 'Restricted',
    description: 'The most sensitive data, whose leak would do serious harm',
    color: 'red',
  },
};

/** The special categories most often used, in words. Others are shown as written. */
export const KNOWN_CATEGORIES: Readonly<Record<string, { short: string; words: string }>> = {
  pii: { short: 'PII', words: 'personal data' },
  phi: { short: 'PHI', words: 'health data' },
  pci: { short: 'PCI', words: 'payment card data' },
};

/** The rules the API applies to a category. */
const CATEGORY = /^[a-z][a-z0-9-]*$/;
export const MAX_CATEGORY_LENGTH = 32;
export const MAX_CATEGORIES = 16;

export interface ClearanceParts {
  level: Level;
  /** Whether every category is admitted (`/*`); `categories` is then ignored. */
  allCategories: boolean;
  /** The categories admitted, as the person typed them (see {@link categoriesOf}). */
  categories: string[];
}

/** The categories in a comma-separated text: trimmed, lower-cased, without blanks or repeats. */
export function categoriesOf(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const category = part.trim().toLowerCase();
    if (category !== '') seen.add(category);
  }
  return [...seen];
}

/** The clearance as the API wants it: `internal`, `confidential/pii,phi`, `restricted/*`. */
export function composeClearance(parts: ClearanceParts): string {
  if (parts.allCategories) return `${parts.level}/*`;
  const categories = [...new Set(parts.categories.map((c) => c.trim().toLowerCase()).filter((c) => c !== ''))].sort();
  return categories.length === 0 ? parts.level : `${parts.level}/${categories.join(',')}`;
}

/** The parts of a clearance the API returned; null when it is not one. */
export function parseClearance(raw: string): ClearanceParts | null {
  const slash = raw.indexOf('/');
  const levelText = (slash === -1 ? raw : raw.slice(0, slash)).trim();
  const rest = slash === -1 ? '' : raw.slice(slash + 1);
  const level = LEVELS.find((candidate) => candidate === levelText);
  if (level === undefined) return null;
  if (rest.trim() === '*') return { level, allCategories: true, categories: [] };
  const categories = rest
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (!categories.every((c) => CATEGORY.test(c) && c.length <= MAX_CATEGORY_LENGTH)) return null;
  return { level, allCategories: false, categories: [...new Set(categories)].sort() };
}

/** What is wrong with the categories typed, in words; null when the API will take them. */
export function categoriesProblem(categories: readonly string[]): string | null {
  const bad = categories.find((c) => !CATEGORY.test(c) || c.length > MAX_CATEGORY_LENGTH);
  if (bad !== undefined) {
    return `“${bad}” is not a category name: use lower-case letters, digits and dashes, starting with a letter (for example pii), and separate categories with commas`;
  }
  if (categories.length > MAX_CATEGORIES) return `Give at most ${MAX_CATEGORIES} categories`;
  return null;
}

/** A category for people: "PII", or the name as written. */
export function categoryName(category: string): string {
  return KNOWN_CATEGORIES[category]?.short ?? category;
}

/** "PII", "PII and PHI", "PII, PHI and PCI". */
function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A short label for a badge: "Internal", "Confidential, PII only", "Restricted, all categories". */
export function clearanceLabel(raw: string): string {
  const parts = parseClearance(raw);
  if (parts === null) return raw;
  const level = LEVEL_INFO[parts.level].label;
  if (parts.allCategories) return `${level}, all categories`;
  if (parts.categories.length === 0) return level;
  return `${level}, ${listOf(parts.categories.map(categoryName))} only`;
}

/** The clearance in a sentence: what the model may be sent, and what not. */
export function clearanceSentence(parts: ClearanceParts): string {
  const level = LEVEL_INFO[parts.level].label;
  const upTo = parts.level === 'public' ? 'public data only' : `data up to ${level}`;
  if (parts.allCategories) return `It may be sent ${upTo}, of any special category (personal, health, card data and the like).`;
  const categories = [...new Set(parts.categories)].filter((c) => c !== '');
  if (categories.length === 0) return `It may be sent ${upTo}, and nothing marked with a special category such as personal data.`;
  const named = categories.map((c) => {
    const known = KNOWN_CATEGORIES[c];
    return known ? `${known.words} (${known.short})` : c;
  });
  return `It may be sent ${upTo}; of the special categories, only ${listOf(named)}.`;
}

/**
 * A data label (what a connection's reads are marked with) is written like a clearance without `*`: a level,
 * then optionally `/` and the special categories the data holds (`confidential/pii`).
 */

/** A short label for a badge: "Internal", "Confidential, PII", "Restricted, PII and PHI". */
export function labelText(raw: string): string {
  const parts = parseClearance(raw);
  if (parts === null || parts.allCategories) return raw;
  const level = LEVEL_INFO[parts.level].label;
  if (parts.categories.length === 0) return level;
  return `${level}, ${listOf(parts.categories.map(categoryName))}`;
}

/** The label in a sentence: how what is read from the system is treated. */
export function labelSentence(parts: ClearanceParts): string {
  const level = LEVEL_INFO[parts.level].label;
  const categories = [...new Set(parts.categories)].filter((c) => c !== '');
  if (categories.length === 0) return `What workflows read from it is treated as ${level} data, with no special category.`;
  const named = categories.map((c) => {
    const known = KNOWN_CATEGORIES[c];
    return known ? `${known.words} (${known.short})` : c;
  });
  return `What workflows read from it is treated as ${level} data that holds ${listOf(named)}.`;
}

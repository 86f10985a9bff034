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

/**
 * The organisation's words for its labels: each level's name and description and the categories it has, from the
 * label catalogue (Admin → Labels & policy). The stored level (`confidential`) never changes; only its name does.
 */
export interface LabelWords {
  level: (level: Level) => { name: string; description: string };
  /** The categories labels may name, in the catalogue's order; null while they are not known (not loaded). */
  categories: readonly { name: string; description: string }[] | null;
}

/** The words every Paddock starts with, used until the catalogue has loaded (or when it cannot be). */
export const BUILT_IN_WORDS: LabelWords = {
  level: (level) => ({ name: LEVEL_INFO[level].label, description: LEVEL_INFO[level].description }),
  categories: null,
};

/** The words of a catalogue the API answered with: its names, the built-in ones for any level it does not name. */
export function labelWordsOf(
  catalogue: { levels: readonly { level: string; name: string; description: string }[]; categories: readonly { name: string; description?: string }[] } | undefined,
): LabelWords {
  if (catalogue === undefined) return BUILT_IN_WORDS;
  const levels = new Map(catalogue.levels.map((l) => [l.level, l]));
  return {
    level: (level) => {
      const named = levels.get(level);
      const fallback = BUILT_IN_WORDS.level(level);
      return named === undefined
        ? fallback
        : { name: named.name.trim() || fallback.name, description: named.description.trim() || fallback.description };
    },
    categories: catalogue.categories.map((c) => ({ name: c.name, description: c.description ?? '' })),
  };
}

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

/** The categories of a value that the catalogue does not have; none while the catalogue is not known. */
export function unknownCategories(categories: readonly string[], words: LabelWords): string[] {
  if (words.categories === null) return [];
  const known = new Set(words.categories.map((c) => c.name));
  return categories.filter((c) => !known.has(c));
}

/** What the API says of a category not in the catalogue, before sending. */
export function unknownCategoryProblem(category: string): string {
  return `There is no category ‘${category}’: add it under Labels & policy first, or take it off`;
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

/** What is wrong with the name of a new category, in words; null when the API will take it. */
export function categoryNameProblem(name: string): string | null {
  if (name === '') return 'Give the category a name, such as legal-hold';
  if (name.length > MAX_CATEGORY_LENGTH) return `Keep it to ${MAX_CATEGORY_LENGTH} characters at most`;
  if (!CATEGORY.test(name)) return 'Use lower-case letters, digits and dashes, starting with a letter (for example legal-hold)';
  return null;
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
export function clearanceLabel(raw: string, words: LabelWords = BUILT_IN_WORDS): string {
  const parts = parseClearance(raw);
  if (parts === null) return raw;
  const level = words.level(parts.level).name;
  if (parts.allCategories) return `${level}, all categories`;
  if (parts.categories.length === 0) return level;
  return `${level}, ${listOf(parts.categories.map(categoryName))} only`;
}

/** The clearance in a sentence: what the model may be sent, and what not. */
export function clearanceSentence(parts: ClearanceParts, words: LabelWords = BUILT_IN_WORDS): string {
  const level = words.level(parts.level).name;
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
export function labelText(raw: string, words: LabelWords = BUILT_IN_WORDS): string {
  const parts = parseClearance(raw);
  if (parts === null || parts.allCategories) return raw;
  const level = words.level(parts.level).name;
  if (parts.categories.length === 0) return level;
  return `${level}, ${listOf(parts.categories.map(categoryName))}`;
}

/** The label in a sentence: how what is read from the system is treated. */
export function labelSentence(parts: ClearanceParts, words: LabelWords = BUILT_IN_WORDS): string {
  const level = words.level(parts.level).name;
  const categories = [...new Set(parts.categories)].filter((c) => c !== '');
  if (categories.length === 0) return `What workflows read from it is treated as ${level} data, with no special category.`;
  const named = categories.map((c) => {
    const known = KNOWN_CATEGORIES[c];
    return known ? `${known.words} (${known.short})` : c;
  });
  return `What workflows read from it is treated as ${level} data that holds ${listOf(named)}.`;
}

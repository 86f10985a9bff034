import { useState } from 'react';

/** The longest short name (slug) the API accepts, for a workspace or a service account. */
export const SLUG_MAX_LENGTH = 63;

const SLUG = /^[a-z][a-z0-9-]*$/;

/** A short name suggested from a display name: "HR onboarding (EU)" → "hr-onboarding-eu". */
export function slugFrom(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}

/** What is wrong with `slug` by the API's rule, in words; null when it is fine. */
export function slugProblem(slug: string): string | null {
  if (slug === '') return 'Choose a short name';
  if (slug.length > SLUG_MAX_LENGTH || !SLUG.test(slug) || slug.endsWith('-')) {
    return `Use up to ${SLUG_MAX_LENGTH} lower-case letters, digits and dashes, starting with a letter`;
  }
  return null;
}

/**
 * A short name that follows the display name as it is typed, until the person edits it themselves
 * (clearing it makes it follow again).
 */
export function useSuggestedSlug() {
  const [slug, setSlug] = useState('');
  const [edited, setEdited] = useState(false);
  return {
    slug,
    follow: (name: string) => {
      if (!edited) setSlug(slugFrom(name));
    },
    edit: (value: string) => {
      setSlug(value);
      setEdited(value !== '');
    },
  };
}

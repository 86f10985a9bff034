import type { Section } from '../api/types';
import { allowedSections, sectionOfPath } from '../layout/sections';

/** The first page a user may see: their first section, or the home page when they have none. */
export function homePath(navigation: readonly Section[]): string {
  return allowedSections(navigation)[0]?.path ?? '/';
}

/**
 * Where to go after signing in: the page the user asked for, unless it belongs to a
 * section this user may not open (it was another person's page), then their home.
 */
export function landingPath(requested: string | undefined, navigation: readonly Section[]): string {
  if (requested === undefined || requested === '/' || requested.startsWith('/sign-in')) {
    return homePath(navigation);
  }
  const section = sectionOfPath(requested);
  if (section !== undefined && !navigation.includes(section.id)) return homePath(navigation);
  return requested;
}

import { describe, expect, it } from 'vitest';
import { homePath, landingPath } from '../auth/landing';
import { allowedSections, sectionOfPath, withSharedKnowledge } from './sections';

describe('allowedSections', () => {
  it('keeps only the sections the server listed, in navbar order', () => {
    expect(allowedSections(['audit', 'apps', 'build']).map((s) => s.id)).toEqual(['build', 'apps', 'audit']);
  });

  it('gives nothing for an empty navigation', () => {
    expect(allowedSections([])).toEqual([]);
  });
});

describe('withSharedKnowledge', () => {
  it('adds Knowledge, in its place, for a person who sees a knowledge base without the section', () => {
    expect(allowedSections(withSharedKnowledge(['audit', 'apps'], true)).map((s) => s.id)).toEqual(['apps', 'knowledge', 'audit']);
  });

  it('leaves the navigation as the server gave it otherwise', () => {
    const navigation = ['build', 'knowledge'] as const;
    expect(withSharedKnowledge(navigation, true)).toBe(navigation);
    expect(withSharedKnowledge(navigation, false)).toBe(navigation);
    expect(withSharedKnowledge(['apps'], false)).toEqual(['apps']);
  });
});

describe('sectionOfPath', () => {
  it('matches a section and its sub-pages but not look-alike paths', () => {
    expect(sectionOfPath('/runs')?.id).toBe('runs');
    expect(sectionOfPath('/runs/r-1')?.id).toBe('runs');
    expect(sectionOfPath('/runsheet')).toBeUndefined();
  });
});

describe('landing after sign-in', () => {
  it('goes to the first allowed section by default', () => {
    expect(homePath(['runs', 'review'])).toBe('/review');
    expect(landingPath(undefined, ['runs', 'review'])).toBe('/review');
  });

  it('returns to the page the user asked for when they may see it', () => {
    expect(landingPath('/runs', ['apps', 'runs'])).toBe('/runs');
  });

  it("does not land on a section the user may not open (e.g. left over from someone else's session)", () => {
    expect(landingPath('/admin', ['apps'])).toBe('/apps');
  });

  it('falls back to the home page when the user has no section', () => {
    expect(homePath([])).toBe('/');
  });
});

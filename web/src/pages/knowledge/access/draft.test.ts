import { describe, expect, it } from 'vitest';
import { draftOf, formOf, sameEntries, withEntry, type DraftEntry } from './draft';
import { sharingSentence } from './summary';

const claims: DraftEntry = { kind: 'workspace', id: 'claims', name: 'Claims', environment: null };
const claimsProd: DraftEntry = { kind: 'workspace', id: 'claims', name: 'Claims', environment: 'prod' };
const staff: DraftEntry = { kind: 'group', id: 'g2', name: 'Claims staff' };

describe('editing an access list', () => {
  it('turns what the API shows into what it takes', () => {
    const entries = draftOf([
      { kind: 'workspace', id: 'claims', name: 'Claims', environment: 'prod' },
      { kind: 'group', id: 'g2', name: 'Claims staff', environment: null },
    ]);
    expect(entries).toEqual([claimsProd, staff]);
    expect(formOf([claims, claimsProd, staff])).toEqual([{ workspace: 'claims' }, { workspace: 'claims', environment: 'prod' }, { group: 'g2' }]);
  });

  it('adds nothing the list already says, and lets every environment replace one', () => {
    expect(withEntry([staff], staff)).toEqual({ entries: [staff], unchanged: 'Claims staff is already on the list.' });
    expect(withEntry([claims], claimsProd)).toEqual({ entries: [claims], unchanged: 'Claims may already use it in every environment.' });
    expect(withEntry([claimsProd, staff], claims)).toEqual({ entries: [staff, claims], unchanged: null });
  });

  it('compares lists whatever their order, and sums them up', () => {
    expect(sameEntries([claims, staff], [staff, claims])).toBe(true);
    expect(sameEntries([claims], [claimsProd])).toBe(false);
    expect(sharingSentence([])).toBe('Not shared yet');
    expect(
      sharingSentence([
        { kind: 'workspace', id: 'claims', name: 'Claims', environment: null },
        { kind: 'workspace', id: 'claims', name: 'Claims', environment: 'prod' },
        { kind: 'group', id: 'g2', name: 'Claims staff', environment: null },
      ]),
    ).toBe('Shared with 1 workspace and 1 group');
  });
});

import { describe, expect, it } from 'vitest';
import { creatableIn, groupSource } from './abilities';

const workspaces = [
  { slug: 'claims', name: 'Claims' },
  { slug: 'it-service-desk', name: 'IT Service Desk' },
];

describe('what the session lets a person do with knowledge', () => {
  it('creates where they are a steward, everywhere as an administrator', () => {
    expect(creatableIn({ grants: [{ role: 'steward', workspace: 'claims' }, { role: 'builder', workspace: 'it-service-desk' }], workspaces })).toEqual([
      workspaces[0],
    ]);
    expect(creatableIn({ grants: [{ role: 'admin', workspace: null }], workspaces })).toEqual(workspaces);
    expect(creatableIn({ grants: [{ role: 'builder', workspace: 'claims' }], workspaces })).toEqual([]);
  });

  it('learns the groups from whichever list their roles may read', () => {
    expect(groupSource({ grants: [{ role: 'admin', workspace: null }] })).toBe('all');
    expect(groupSource({ grants: [{ role: 'steward', workspace: 'claims' }, { role: 'approver', workspace: 'claims' }] })).toBe('audience');
    expect(groupSource({ grants: [{ role: 'steward', workspace: 'claims' }] })).toBe('none');
  });
});

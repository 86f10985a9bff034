import { describe, expect, it } from 'vitest';
import { initials, rolesByScope } from './roles';

describe('rolesByScope', () => {
  it('groups roles by workspace name, organisation-wide first', () => {
    const scopes = rolesByScope({
      workspaces: [
        { slug: 'claims', name: 'Claims' },
        { slug: 'it-service-desk', name: 'IT Service Desk' },
      ],
      grants: [
        { role: 'builder', workspace: 'claims' },
        { role: 'approver', workspace: 'it-service-desk' },
        { role: 'auditor', workspace: null },
        { role: 'consumer', workspace: 'claims' },
      ],
    });
    expect(scopes).toEqual([
      { scope: 'Organisation-wide', roles: ['auditor'] },
      { scope: 'Claims', roles: ['builder', 'consumer'] },
      { scope: 'IT Service Desk', roles: ['approver'] },
    ]);
  });

  it('shows the slug when the workspace is not in the list', () => {
    expect(rolesByScope({ workspaces: [], grants: [{ role: 'operator', workspace: 'hr' }] })).toEqual([
      { scope: 'hr', roles: ['operator'] },
    ]);
  });
});

describe('initials', () => {
  it('takes the first and last name', () => {
    expect(initials('Ada King Lovelace')).toBe('AL');
    expect(initials('admin')).toBe('A');
  });
});

import { describe, expect, it } from 'vitest';
import { BUILD_ROLES, initials, rolesByScope, workspacesWithRole } from './roles';

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

describe('workspacesWithRole', () => {
  const workspaces = [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ];

  it('keeps the workspaces where one of the roles is held', () => {
    const grants = [
      { role: 'builder' as const, workspace: 'it-service-desk' },
      { role: 'consumer' as const, workspace: 'claims' },
    ];
    expect(workspacesWithRole({ workspaces, grants }, BUILD_ROLES)).toEqual([{ slug: 'it-service-desk', name: 'IT Service Desk' }]);
  });

  it('gives every workspace for an organisation-wide role', () => {
    expect(workspacesWithRole({ workspaces, grants: [{ role: 'admin', workspace: null }] }, BUILD_ROLES)).toEqual(workspaces);
    expect(workspacesWithRole({ workspaces, grants: [{ role: 'auditor', workspace: null }] }, BUILD_ROLES)).toEqual([]);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { GroupView, UserAccount } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const admin = session({
  id: 'u1',
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

function account(overrides: Partial<UserAccount>): UserAccount {
  return { id: 'u0', email: 'x@demo.local', display_name: 'X', disabled: false, has_password: true, grants: [], ...overrides };
}

const users = [
  account({ id: 'u1', email: 'admin@demo.local', display_name: 'Grace Hopper', grants: [{ role: 'admin', workspace: null }] }),
  account({ id: 'u2', email: 'builder@demo.local', display_name: 'Bea Builder' }),
  account({ id: 'u3', email: 'casey@demo.local', display_name: 'Casey Consumer' }),
];

const claimsBuilders: GroupView = {
  id: 'g1',
  name: 'Claims builders',
  description: 'Citizen developers of the Claims team',
  members: [{ id: 'u2', email: 'builder@demo.local', display_name: 'Bea Builder' }],
  grants: [{ role: 'builder', workspace: 'claims', via_group: null }],
};

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

/** A server holding `initial` groups that follows creations, memberships and grants. */
function groupsServer(initial: GroupView[]) {
  let groups = initial.map((g) => ({ ...g }));
  const update = (id: string, change: (g: GroupView) => GroupView) => {
    groups = groups.map((g) => (g.id === id ? change(g) : g));
    return groups.find((g) => g.id === id)!;
  };
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/users': () => json(200, { users }),
    'GET /api/v1/groups': () => json(200, { groups }),
    'POST /api/v1/groups': (request) => {
      const { name, description } = request.body as { name: string; description: string };
      if (groups.some((g) => g.name === name)) return apiErrorResponse(409, 'already_exists', 'a group with this name already exists');
      const group: GroupView = { id: `g${groups.length + 1}`, name, description, members: [], grants: [] };
      groups = [...groups, group];
      return json(201, group);
    },
    'POST /api/v1/groups/g1/members': (request) => {
      const { user_id } = request.body as { user_id: string };
      const user = users.find((u) => u.id === user_id)!;
      return json(200, update('g1', (g) => ({ ...g, members: [...g.members, { id: user.id, email: user.email, display_name: user.display_name }] })));
    },
    'POST /api/v1/groups/g1/members/u2/remove': () => json(200, update('g1', (g) => ({ ...g, members: g.members.filter((m) => m.id !== 'u2') }))),
    'POST /api/v1/groups/g1/grants': (request) => {
      const { role, workspace } = request.body as { role: 'auditor'; workspace?: string };
      update('g1', (g) => ({ ...g, grants: [...g.grants, { role, workspace: workspace ?? null, via_group: null }] }));
      return new Response(null, { status: 204 });
    },
    'POST /api/v1/groups/g1/grants/revoke': (request) => {
      const { role, workspace } = request.body as { role: string; workspace?: string };
      update('g1', (g) => ({ ...g, grants: g.grants.filter((x) => !(x.role === role && (x.workspace ?? undefined) === workspace)) }));
      return new Response(null, { status: 204 });
    },
  });
}

/** Picks `option` in the select labelled `label` inside `container`. */
async function choose(container: HTMLElement, label: RegExp, option: RegExp) {
  const select = within(container).getByRole('combobox', { name: label });
  await userEvent.click(select);
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none).
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

async function openGroup(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Open group ${name}` }));
  return screen.findByTestId('group-drawer');
}

describe('admin groups', () => {
  it('lists groups with their description, member count and roles', async () => {
    renderApp('/admin?tab=groups', groupsServer([claimsBuilders]).fetch);

    const row = await screen.findByTestId('group-row-Claims builders');
    expect(row).toHaveTextContent('Citizen developers of the Claims team');
    expect(row).toHaveTextContent('1 person');
    expect(within(row).getByText('Builder · Claims')).toBeInTheDocument();
  });

  it('shows an empty state with a way to create the first group', async () => {
    renderApp('/admin?tab=groups', groupsServer([]).fetch);

    const empty = await screen.findByTestId('groups-empty');
    expect(empty).toHaveTextContent('No groups yet');
    expect(within(empty).getByRole('button', { name: 'Create group' })).toBeInTheDocument();
  });

  it('creates a group with the body it sends, showing a taken name under the name field', async () => {
    const server = groupsServer([claimsBuilders]);
    renderApp('/admin?tab=groups', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Create group' }));
    const form = await screen.findByTestId('create-group-form');
    const name = within(form).getByRole('textbox', { name: /Name/ });
    await userEvent.type(name, 'Claims builders');
    await userEvent.type(within(form).getByRole('textbox', { name: /Description/ }), 'Auditors of the year');
    await userEvent.click(within(form).getByRole('button', { name: 'Create group' }));

    await waitFor(() => expect(name).toHaveAccessibleDescription('A group with this name already exists'));
    expect(posts(server.requests, '/api/v1/groups')[0]?.body).toEqual({ name: 'Claims builders', description: 'Auditors of the year' });
    expect(posts(server.requests, '/api/v1/groups')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    await userEvent.clear(name);
    await userEvent.type(name, 'Auditors');
    await userEvent.click(within(form).getByRole('button', { name: 'Create group' }));

    expect(await screen.findByTestId('groups-notice')).toHaveTextContent('The group Auditors is created');
    expect(posts(server.requests, '/api/v1/groups')[1]?.body).toEqual({ name: 'Auditors', description: 'Auditors of the year' });
    expect(await screen.findByTestId('group-row-Auditors')).toHaveTextContent('0 people');
  });

  it('adds a member by the user_id of the person picked, and removes one', async () => {
    const server = groupsServer([claimsBuilders]);
    renderApp('/admin?tab=groups', server.fetch);
    const drawer = await openGroup('Claims builders');
    expect(within(drawer).getByTestId('member-builder@demo.local')).toBeInTheDocument();

    const picker = within(drawer).getByRole('combobox', { name: 'Person to add' });
    await userEvent.click(picker);
    // Members already in the group are not offered.
    expect(screen.queryByRole('option', { name: /Bea Builder/, hidden: true })).not.toBeInTheDocument();
    await userEvent.type(picker, 'casey');
    await userEvent.click(await screen.findByRole('option', { name: /Casey Consumer/, hidden: true }));
    await userEvent.click(within(drawer).getByRole('button', { name: 'Add' }));

    await within(drawer).findByTestId('member-casey@demo.local');
    expect(posts(server.requests, '/api/v1/groups/g1/members').map((r) => r.body)).toEqual([{ user_id: 'u3' }]);
    await waitFor(() => expect(screen.getByTestId('group-row-Claims builders')).toHaveTextContent('2 people'));

    await userEvent.click(within(drawer).getByRole('button', { name: 'Remove builder@demo.local from Claims builders' }));
    await waitFor(() => expect(within(drawer).queryByTestId('member-builder@demo.local')).not.toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/groups/g1/members/u2/remove')).toHaveLength(1);
  });

  it('grants a role to the group with role and workspace, requiring the workspace, and revokes one', async () => {
    const server = groupsServer([claimsBuilders]);
    renderApp('/admin?tab=groups', server.fetch);
    const drawer = await openGroup('Claims builders');
    const form = within(drawer).getByTestId('grant-form');

    await choose(form, /^Role/, /^Approver/);
    await userEvent.click(within(form).getByRole('button', { name: 'Add role' }));
    expect(within(form).getByRole('combobox', { name: /^Workspace/ })).toHaveAccessibleDescription(/Choose where they work as approver/);
    expect(posts(server.requests, '/api/v1/groups/g1/grants')).toHaveLength(0);

    await choose(form, /^Workspace/, /^IT Service Desk/);
    await userEvent.click(within(form).getByRole('button', { name: 'Add role' }));
    await within(drawer).findByText('Approver · IT Service Desk');

    await choose(form, /^Role/, /^Auditor/);
    await userEvent.click(within(form).getByRole('button', { name: 'Add role' }));
    await within(drawer).findByText('Auditor · Organisation');
    expect(posts(server.requests, '/api/v1/groups/g1/grants').map((r) => r.body)).toEqual([
      { role: 'approver', workspace: 'it-service-desk' },
      { role: 'auditor' },
    ]);

    await userEvent.click(within(drawer).getByRole('button', { name: 'Remove Builder · Claims' }));
    await waitFor(() => expect(within(drawer).queryByText('Builder · Claims')).not.toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/groups/g1/grants/revoke').map((r) => r.body)).toEqual([{ role: 'builder', workspace: 'claims' }]);
  });
});

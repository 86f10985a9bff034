import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { UserAccount } from '../../api/types';
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

const grace = account({ id: 'u1', email: 'admin@demo.local', display_name: 'Grace Hopper', grants: [{ role: 'admin', workspace: null }] });
const bea = account({
  id: 'u2',
  email: 'builder@demo.local',
  display_name: 'Bea Builder',
  grants: [
    { role: 'builder', workspace: 'claims' },
    { role: 'approver', workspace: 'it-service-desk' },
  ],
});
const olga = account({ id: 'u3', email: 'olga@demo.local', display_name: 'Olga Old', disabled: true, has_password: false });

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

function adminServer(extra: Parameters<typeof fakeFetch>[0] = {}, users: UserAccount[] = [grace, bea, olga]) {
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/users': () => json(200, { users }),
    ...extra,
  });
}

async function openCreateForm() {
  await userEvent.click(await screen.findByRole('button', { name: 'Create user' }));
  return screen.findByTestId('create-user-form');
}

/** Picks `option` in the select labelled `label`. */
async function choose(label: RegExp, option: RegExp) {
  const select = screen.getByRole('combobox', { name: label });
  await userEvent.click(select);
  expect(select).toHaveAttribute('aria-expanded', 'true');
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none).
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

describe('admin page', () => {
  it('lists every account with its roles per workspace, status and sign-in method', async () => {
    renderApp('/admin', adminServer().fetch);

    const table = await screen.findByTestId('users-table');
    const graceRow = within(table).getByTestId('user-row-admin@demo.local');
    expect(graceRow).toHaveTextContent('Grace Hopper');
    expect(within(graceRow).getByText('Admin · Organisation')).toBeInTheDocument();
    expect(within(graceRow).getByText('Active')).toBeInTheDocument();

    const beaRow = within(table).getByTestId('user-row-builder@demo.local');
    expect(within(beaRow).getByText('Builder · Claims')).toBeInTheDocument();
    expect(within(beaRow).getByText('Approver · IT Service Desk')).toBeInTheDocument();
    expect(beaRow).not.toHaveTextContent('SSO only');

    const olgaRow = within(table).getByTestId('user-row-olga@demo.local');
    expect(within(olgaRow).getByText('Disabled')).toBeInTheDocument();
    expect(olgaRow).toHaveTextContent('SSO only');
    expect(olgaRow).toHaveTextContent('No roles');
  });

  it('filters the table by name or e-mail as you type', async () => {
    renderApp('/admin', adminServer().fetch);
    await screen.findByTestId('users-table');

    await userEvent.type(screen.getByLabelText('Search users'), 'BEA');
    expect(screen.getByTestId('user-row-builder@demo.local')).toBeInTheDocument();
    expect(screen.queryByTestId('user-row-admin@demo.local')).not.toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Search users'));
    await userEvent.type(screen.getByLabelText('Search users'), 'olga@');
    expect(screen.getByTestId('user-row-olga@demo.local')).toBeInTheDocument();
    expect(screen.queryByTestId('user-row-builder@demo.local')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search users'), 'nobody');
    expect(screen.getByTestId('users-no-match')).toHaveTextContent('olga@nobody');
  });

  it('opens the other admin areas as tabs, keeping the tab in the URL', async () => {
    renderApp('/admin', adminServer({ 'GET /api/v1/workspaces': () => json(200, { workspaces: [] }) }).fetch);
    await screen.findByTestId('users-table');

    await userEvent.click(screen.getByRole('tab', { name: 'Workspaces' }));

    expect(await screen.findByTestId('workspaces-empty')).toHaveTextContent('No workspaces yet');
    expect(screen.getByTestId('location-search')).toHaveTextContent('?tab=workspaces');
    expect(screen.queryByTestId('users-table')).not.toBeInTheDocument();
    for (const tab of ['Groups', 'Models', 'Connections', 'Labels & policy', 'Single sign-on & SCIM', 'API keys']) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
  });

  it('creates a user with the right body and shows a refusal under the field the API names', async () => {
    let attempts = 0;
    const server = adminServer({
      'POST /api/v1/users': () =>
        ++attempts === 1
          ? apiErrorResponse(422, 'invalid_input', 'email: not a valid e-mail address', { field: 'email' })
          : json(201, account({ id: 'u9', email: 'sam@example.com', display_name: 'Sam Smith', grants: [{ role: 'builder', workspace: 'claims' }] })),
    });
    renderApp('/admin', server.fetch);
    const form = await openCreateForm();

    await userEvent.type(within(form).getByRole('textbox', { name: /E-mail/ }), 'sam@example');
    await userEvent.type(within(form).getByRole('textbox', { name: /Display name/ }), 'Sam Smith');
    await userEvent.type(within(form).getByLabelText(/^Password/), 'correct horse battery');
    await choose(/^Role/, /^Builder/);
    await choose(/^Workspace/, /^Claims/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create user' }));

    const email = within(form).getByRole('textbox', { name: /E-mail/ });
    await waitFor(() => expect(email).toHaveAccessibleDescription('Not a valid e-mail address'));
    expect(email).toHaveAttribute('aria-invalid', 'true');
    const [first] = posts(server.requests, '/api/v1/users');
    expect(first?.body).toEqual({
      email: 'sam@example',
      display_name: 'Sam Smith',
      password: 'correct horse battery',
      role: 'builder',
      workspace: 'claims',
    });
    expect(first?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    await userEvent.type(email, '.com');
    await userEvent.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByTestId('users-notice')).toHaveTextContent('Sam Smith (sam@example.com) can now sign in.');
    expect(posts(server.requests, '/api/v1/users').at(-1)?.body).toMatchObject({ email: 'sam@example.com' });
    await waitFor(() => expect(screen.queryByTestId('create-user-form')).not.toBeInTheDocument());
  });

  it('requires a workspace for a builder but not for an admin', async () => {
    const server = adminServer({
      'POST /api/v1/users': () => json(201, account({ id: 'u9', email: 'root@example.com', display_name: 'root' })),
    });
    renderApp('/admin', server.fetch);
    const form = await openCreateForm();
    await userEvent.type(within(form).getByRole('textbox', { name: /E-mail/ }), 'root@example.com');
    await userEvent.type(within(form).getByLabelText(/^Password/), 'correct horse battery');

    await choose(/^Role/, /^Builder/);
    const workspace = within(form).getByRole('combobox', { name: /^Workspace/ });
    expect(workspace).toBeRequired();
    await userEvent.click(within(form).getByRole('button', { name: 'Create user' }));
    expect(workspace).toHaveAccessibleDescription(/Choose the workspace where they work as builder/);
    expect(posts(server.requests, '/api/v1/users')).toHaveLength(0);

    await choose(/^Role/, /^Admin/);
    expect(workspace).not.toBeRequired();
    expect(workspace).toHaveAccessibleDescription(/Leave empty to make them admin across the whole organisation/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create user' }));

    await screen.findByTestId('users-notice');
    expect(posts(server.requests, '/api/v1/users')[0]?.body).toEqual({
      email: 'root@example.com',
      password: 'correct horse battery',
      role: 'admin',
    });
  });

  it('asks before disabling someone, says their sessions end, then posts to /disable', async () => {
    let users = [grace, bea, olga];
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, { users }),
      'POST /api/v1/users/u2/disable': () => {
        users = users.map((u) => (u.id === 'u2' ? { ...u, disabled: true } : u));
        return json(200, { ...bea, disabled: true });
      },
    });
    renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for builder@demo.local' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Disable' }));

    const dialog = await screen.findByRole('dialog', { name: 'Disable Bea Builder?' });
    expect(dialog).toHaveTextContent('signed out everywhere at once');
    expect(posts(server.requests, '/api/v1/users/u2/disable')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable and sign out' }));

    expect(await screen.findByTestId('users-notice')).toHaveTextContent('Bea Builder is disabled');
    const [disable] = posts(server.requests, '/api/v1/users/u2/disable');
    expect(disable?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(within(screen.getByTestId('user-row-builder@demo.local')).getByText('Disabled')).toBeInTheDocument());
  });

  it('offers Enable for a disabled account', async () => {
    const server = adminServer({ 'POST /api/v1/users/u3/enable': () => json(200, { ...olga, disabled: false }) });
    renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for olga@demo.local' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Enable' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Enable' }));

    expect(await screen.findByTestId('users-notice')).toHaveTextContent('Olga Old can sign in again');
    expect(posts(server.requests, '/api/v1/users/u3/enable')).toHaveLength(1);
  });

  it('does not let you disable your own account', async () => {
    const server = adminServer();
    renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for admin@demo.local' }));
    const disable = await screen.findByRole('menuitem', { name: 'Disable' });
    expect(disable).toHaveAttribute('aria-disabled', 'true');
    await userEvent.hover(disable);
    expect(await screen.findByText('You cannot disable your own account')).toBeInTheDocument();
    await userEvent.click(disable);

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.requests.some((r) => r.path.endsWith('/disable'))).toBe(false);
  });

  it("resets someone's password and shows the API's refusal under the field", async () => {
    let attempts = 0;
    const server = adminServer({
      'POST /api/v1/users/u2/password': () =>
        ++attempts === 1
          ? apiErrorResponse(422, 'invalid_input', 'password: too common', { field: 'password' })
          : new Response(null, { status: 204 }),
    });
    renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for builder@demo.local' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Reset password' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the password of Bea Builder' });
    const field = within(dialog).getByLabelText(/^New password/);
    await userEvent.type(field, 'passwordpassword');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));

    await waitFor(() => expect(field).toHaveAccessibleDescription(/Too common/));
    await userEvent.type(field, '!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));

    expect(await screen.findByTestId('users-notice')).toHaveTextContent('The password of Bea Builder is changed');
    expect(posts(server.requests, '/api/v1/users/u2/password').map((r) => r.body)).toEqual([
      { password: 'passwordpassword' },
      { password: 'passwordpassword!' },
    ]);
  });

  it('shows roles that come through a group apart, naming the group', async () => {
    const casey = account({
      id: 'u4',
      email: 'casey@demo.local',
      display_name: 'Casey Consumer',
      grants: [
        { role: 'consumer', workspace: 'claims', via_group: 'All staff' },
        { role: 'builder', workspace: 'it-service-desk', via_group: null },
      ],
    });
    renderApp('/admin', adminServer({}, [grace, casey]).fetch);

    const row = await screen.findByTestId('user-row-casey@demo.local');
    const inherited = within(row).getByText('Consumer · Claims');
    expect(inherited.closest('[data-via-group]')).toHaveAttribute('data-via-group', 'All staff');
    expect(within(row).getByText('Builder · IT Service Desk').closest('[data-via-group]')).toBeNull();
    await userEvent.hover(inherited);
    expect(await screen.findByText('Through group All staff')).toBeInTheDocument();
  });

  it('adds and removes direct roles in the Roles dialog, listing inherited ones read-only', async () => {
    let grants: UserAccount['grants'] = [
      { role: 'builder', workspace: 'claims', via_group: null },
      { role: 'approver', workspace: 'it-service-desk', via_group: 'IT approvers' },
    ];
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, { users: [grace, { ...bea, grants }] }),
      'POST /api/v1/users/u2/grants': (request) => {
        const { role, workspace } = request.body as { role: 'auditor'; workspace?: string };
        grants = [...grants, { role, workspace: workspace ?? null, via_group: null }];
        return new Response(null, { status: 204 });
      },
      'POST /api/v1/users/u2/grants/revoke': (request) => {
        const { role, workspace } = request.body as { role: string; workspace?: string };
        grants = grants.filter((g) => !(g.role === role && g.workspace === workspace && !g.via_group));
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for builder@demo.local' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Roles' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roles of Bea Builder' });
    const inherited = within(dialog).getByTestId('inherited-roles');
    expect(inherited).toHaveTextContent('Approver · IT Service Desk');
    expect(inherited).toHaveTextContent('through group IT approvers');
    expect(within(inherited).queryByRole('button')).not.toBeInTheDocument();

    await choose(/^Role/, /^Auditor/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add role' }));
    await within(within(dialog).getByTestId('direct-roles')).findByText('Auditor · Organisation');
    expect(posts(server.requests, '/api/v1/users/u2/grants').map((r) => r.body)).toEqual([{ role: 'auditor' }]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove Builder · Claims' }));
    await waitFor(() => expect(within(dialog).queryByText('Builder · Claims')).not.toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/users/u2/grants/revoke').map((r) => r.body)).toEqual([{ role: 'builder', workspace: 'claims' }]);
    await waitFor(() => expect(screen.getByTestId('user-row-builder@demo.local')).toHaveTextContent('Auditor · Organisation'));
  });

  it('does not offer to change your own roles', async () => {
    renderApp('/admin', adminServer().fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for admin@demo.local' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Roles' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roles of Grace Hopper' });
    expect(within(dialog).getByTestId('own-roles-note')).toHaveTextContent('You cannot change your own roles');
    expect(within(dialog).queryByRole('button', { name: /Remove|Add role/ })).not.toBeInTheDocument();
  });

  it("shows the API's message when the accounts cannot be listed", async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/users': () => apiErrorResponse(403, 'forbidden', 'Only administrators can list accounts'),
    });
    renderApp('/admin', server.fetch);

    expect(await screen.findByRole('alert')).toHaveTextContent('Only administrators can list accounts');
  });
});

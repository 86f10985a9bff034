import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiKeyView, Role, ServiceAccountView } from '../../api/types';
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

const TOKEN = 'pdk_5ac0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345';

function key(overrides: Partial<ApiKeyView>): ApiKeyView {
  return {
    id: 'k0',
    name: 'key',
    prefix: 'pdk_000000',
    permissions: null,
    workspaces: null,
    created_at: '2026-11-20T10:00:00Z',
    expires_at: '2027-02-18T10:00:00Z',
    last_used_at: null,
    revoked_at: null,
    status: 'active',
    ...overrides,
  };
}

const intake: ServiceAccountView = {
  id: 'sa1',
  address: 'claims-intake@service-account.invalid',
  display_name: 'Claims intake mailbox',
  description: 'Submits claims that arrive by e-mail; looked after by the IT integration team',
  disabled: false,
  grants: [{ role: 'consumer', workspace: 'claims', via_group: null }],
  keys: [key({ id: 'k1', name: 'Mail robot', prefix: 'pdk_aaaaaa' }), key({ id: 'k2', name: 'Old robot', status: 'revoked' })],
};

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

/** A server that keeps the service accounts it creates, their keys, roles and status. */
function serviceAccountsServer(initial: ServiceAccountView[]) {
  let accounts = initial.map((a) => ({ ...a }));
  const update = (id: string, change: (a: ServiceAccountView) => ServiceAccountView) => {
    accounts = accounts.map((a) => (a.id === id ? change(a) : a));
    return accounts.find((a) => a.id === id)!;
  };
  const asUser = (a: ServiceAccountView) => ({ id: a.id, email: a.address, display_name: a.display_name, disabled: a.disabled, has_password: false, grants: a.grants });
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/api-keys': () => json(200, { keys: [] }),
    'GET /api/v1/service-accounts': () => json(200, { service_accounts: accounts }),
    'POST /api/v1/service-accounts': (request) => {
      const { name, display_name, description } = request.body as { name: string; display_name: string; description: string };
      const address = `${name}@service-account.invalid`;
      if (accounts.some((a) => a.address === address)) {
        return apiErrorResponse(409, 'already_exists', 'a user with this e-mail address already exists');
      }
      const created: ServiceAccountView = { id: 'sa9', address, display_name, description, disabled: false, grants: [], keys: [] };
      accounts = [...accounts, created];
      return json(201, created);
    },
    'POST /api/v1/service-accounts/sa1/api-keys': (request) => {
      const body = request.body as { name: string; permissions?: string[] };
      if (body.permissions?.includes('view_audit')) {
        return apiErrorResponse(422, 'invalid_input', 'permissions: the service account does not have view_audit', { field: 'permissions' });
      }
      const created = key({ id: 'k9', name: body.name, prefix: TOKEN.slice(0, 10), permissions: body.permissions ?? null });
      update('sa1', (a) => ({ ...a, keys: [...a.keys, created] }));
      return json(201, { key: created, token: TOKEN });
    },
    'POST /api/v1/api-keys/k1/revoke': () => {
      const revoked = update('sa1', (a) => ({ ...a, keys: a.keys.map((k) => (k.id === 'k1' ? { ...k, status: 'revoked' } : k)) }));
      return json(200, revoked.keys.find((k) => k.id === 'k1'));
    },
    'POST /api/v1/users/sa1/disable': () => json(200, asUser(update('sa1', (a) => ({ ...a, disabled: true })))),
    'POST /api/v1/users/sa1/enable': () => json(200, asUser(update('sa1', (a) => ({ ...a, disabled: false })))),
    'POST /api/v1/users/sa1/grants': (request) => {
      const { role, workspace } = request.body as { role: Role; workspace?: string };
      update('sa1', (a) => ({ ...a, grants: [...a.grants, { role, workspace: workspace ?? null, via_group: null }] }));
      return new Response(null, { status: 204 });
    },
  });
}

/** Picks `option` in the select labelled `label` inside `container`. */
async function choose(container: HTMLElement, label: RegExp, option: RegExp) {
  await userEvent.click(within(container).getByRole('combobox', { name: label }));
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none).
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

async function openServiceAccount(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Open service account ${name}` }));
  return screen.findByTestId('service-account-drawer');
}

describe('admin service accounts', () => {
  it('explains what a service account is and shows an empty state with a way to create one', async () => {
    renderApp('/admin?tab=api-keys', serviceAccountsServer([]).fetch);

    const section = await screen.findByTestId('service-accounts');
    expect(section).toHaveTextContent("An account for a script or integration, not a person: it can't sign in");
    const empty = await within(section).findByTestId('service-accounts-empty');
    expect(empty).toHaveTextContent('No service accounts yet');
    expect(within(empty).getByRole('button', { name: 'New service account' })).toBeInTheDocument();
  });

  it('lists service accounts with address, purpose, roles, active keys and status', async () => {
    renderApp('/admin?tab=api-keys', serviceAccountsServer([intake]).fetch);

    const row = await screen.findByTestId('service-account-row-claims-intake@service-account.invalid');
    expect(row).toHaveTextContent('Claims intake mailbox');
    expect(row).toHaveTextContent('claims-intake@service-account.invalid');
    expect(row).toHaveTextContent('Submits claims that arrive by e-mail');
    expect(within(row).getByText('Consumer · Claims')).toBeInTheDocument();
    // One of its two keys is revoked.
    expect(within(row).getByText('1')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
  });

  it('creates a service account with a short name suggested from its display name, saying when the name is taken', async () => {
    const server = serviceAccountsServer([intake]);
    renderApp('/admin?tab=api-keys', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New service account' }));
    const form = await screen.findByTestId('create-service-account-form');
    const name = within(form).getByRole('textbox', { name: /^Short name/ });
    await userEvent.type(within(form).getByRole('textbox', { name: /^Display name/ }), 'Claims intake');
    expect(name).toHaveValue('claims-intake');
    expect(name).toHaveAccessibleDescription(/claims-intake@service-account\.invalid/);
    await userEvent.type(within(form).getByRole('textbox', { name: /^Description/ }), 'Nightly import; IT integration team');
    await userEvent.click(within(form).getByRole('button', { name: 'Create service account' }));

    await waitFor(() => expect(name).toHaveAccessibleDescription(/Another service account already has this name/));
    expect(posts(server.requests, '/api/v1/service-accounts')[0]?.body).toEqual({
      display_name: 'Claims intake',
      name: 'claims-intake',
      description: 'Nightly import; IT integration team',
    });

    await userEvent.clear(name);
    await userEvent.type(name, 'claims-import');
    await userEvent.click(within(form).getByRole('button', { name: 'Create service account' }));

    expect(await screen.findByTestId('service-accounts-notice')).toHaveTextContent('The service account Claims intake is created');
    expect(posts(server.requests, '/api/v1/service-accounts')[1]?.body).toMatchObject({ name: 'claims-import' });
    expect(posts(server.requests, '/api/v1/service-accounts')[1]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const drawer = await screen.findByTestId('service-account-drawer');
    expect(within(drawer).getByTestId('service-account-roles')).toHaveTextContent('No roles yet');
    expect(within(drawer).getByTestId('service-account-no-keys')).toBeInTheDocument();
  });

  it('grants the service account a role from its drawer', async () => {
    const server = serviceAccountsServer([intake]);
    renderApp('/admin?tab=api-keys', server.fetch);
    const drawer = await openServiceAccount('Claims intake mailbox');
    const form = within(drawer).getByTestId('grant-form');

    await userEvent.click(within(form).getByRole('combobox', { name: /^Role/ }));
    expect(await screen.findByRole('option', { name: /^Auditor/, hidden: true })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /^Admin/, hidden: true })).toBeNull();
    await userEvent.keyboard('{Escape}');
    await choose(form, /^Role/, /^Operator/);
    await choose(form, /^Workspace/, /^IT Service Desk/);
    await userEvent.click(within(form).getByRole('button', { name: 'Add role' }));

    await within(within(drawer).getByTestId('service-account-roles')).findByText('Operator · IT Service Desk');
    expect(posts(server.requests, '/api/v1/users/sa1/grants').map((r) => r.body)).toEqual([{ role: 'operator', workspace: 'it-service-desk' }]);
  });

  it("creates a key for the service account, shows the API's refusal, then the token once", async () => {
    const server = serviceAccountsServer([intake]);
    renderApp('/admin?tab=api-keys', server.fetch);
    const drawer = await openServiceAccount('Claims intake mailbox');

    await userEvent.click(within(drawer).getByRole('button', { name: 'New key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New key for Claims intake mailbox' });
    const form = within(dialog).getByTestId('create-api-key-form');
    expect(form).toHaveTextContent('The key acts as Claims intake mailbox, never as you');
    await userEvent.type(within(form).getByRole('textbox', { name: /Name/ }), 'Mailbox poller');
    await choose(form, /^Limit to these permissions/, /^Read the audit trail/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const permissions = within(form).getByRole('combobox', { name: /Limit to these permissions/ });
    await waitFor(() => expect(permissions).toHaveAccessibleDescription(/The service account does not have view_audit/));

    await choose(form, /^Limit to these permissions/, /^Read the audit trail/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const created = await screen.findByTestId('api-key-created');
    expect(posts(server.requests, '/api/v1/service-accounts/sa1/api-keys').map((r) => r.body)).toEqual([
      { name: 'Mailbox poller', expires_in_days: 90, permissions: ['view_audit'] },
      { name: 'Mailbox poller', expires_in_days: 90 },
    ]);
    expect(posts(server.requests, '/api/v1/api-keys')).toHaveLength(0);
    expect(created).toHaveTextContent("Copy it now: you won't be able to see it again");
    expect(within(created).getByTestId('api-key-token')).toHaveTextContent(TOKEN);

    await userEvent.click(within(created).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-created')).not.toBeInTheDocument());
    const row = await within(drawer).findByTestId('api-key-row-Mailbox poller');
    expect(row).toHaveTextContent('Everything it can do');
    expect(document.body).not.toHaveTextContent(TOKEN);
  });

  it("revokes one of the service account's keys", async () => {
    const server = serviceAccountsServer([intake]);
    renderApp('/admin?tab=api-keys', server.fetch);
    const drawer = await openServiceAccount('Claims intake mailbox');

    await userEvent.click(within(drawer).getByRole('button', { name: 'Revoke Mail robot' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the key “Mail robot”?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    expect(await within(drawer).findByTestId('service-account-keys-notice')).toHaveTextContent('The key “Mail robot” is revoked');
    expect(posts(server.requests, '/api/v1/api-keys/k1/revoke')).toHaveLength(1);
    const row = within(drawer).getByTestId('api-key-row-Mail robot');
    await waitFor(() => expect(within(row).getByText('Revoked')).toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('service-account-row-claims-intake@service-account.invalid')).toHaveTextContent('None'));
  });

  it('asks before disabling a service account, then posts and shows it disabled, with no new keys', async () => {
    const server = serviceAccountsServer([intake]);
    renderApp('/admin?tab=api-keys', server.fetch);
    const drawer = await openServiceAccount('Claims intake mailbox');

    await userEvent.click(within(drawer).getByRole('button', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable Claims intake mailbox?' });
    expect(dialog).toHaveTextContent('Every API key of Claims intake mailbox (claims-intake@service-account.invalid) is refused from now on');
    expect(posts(server.requests, '/api/v1/users/sa1/disable')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));

    expect(await screen.findByTestId('service-accounts-notice')).toHaveTextContent('Claims intake mailbox is disabled');
    expect(posts(server.requests, '/api/v1/users/sa1/disable')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const row = screen.getByTestId('service-account-row-claims-intake@service-account.invalid');
    await waitFor(() => expect(within(row).getByText('Disabled')).toBeInTheDocument());
    await waitFor(() => expect(within(drawer).getByRole('button', { name: 'New key' })).toBeDisabled());
    expect(drawer).toHaveTextContent('Enable the service account before giving it a key');

    await userEvent.click(within(drawer).getByRole('button', { name: 'Enable' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Enable Claims intake mailbox?' })).getByRole('button', { name: 'Enable' }));
    expect(await screen.findByTestId('service-accounts-notice')).toHaveTextContent('Claims intake mailbox is enabled');
    expect(posts(server.requests, '/api/v1/users/sa1/enable')).toHaveLength(1);
  });
});

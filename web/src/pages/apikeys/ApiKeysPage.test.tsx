import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiKeyView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const consumer = session({
  id: 'u5',
  display_name: 'Casey Consumer',
  email: 'consumer@demo.local',
  grants: [{ role: 'consumer', workspace: 'claims' }],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['apps'],
});

const TOKEN = 'pdk_3fa91c0123456789abcdef0123456789abcdef0123456789abcdef01234567';

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

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

/** A server that keeps the keys it creates and revokes. */
function keysServer(initial: ApiKeyView[] = []) {
  let keys = [...initial];
  return fakeFetch({
    'GET /api/v1/me': () => json(200, consumer),
    'GET /api/v1/api-keys': () => json(200, { keys }),
    'POST /api/v1/api-keys': (request) => {
      const body = request.body as { name: string; permissions?: string[]; workspaces?: string[] };
      if (body.permissions?.includes('view_audit')) {
        return apiErrorResponse(422, 'invalid_input', 'permissions: you do not have view_audit yourself', { field: 'permissions' });
      }
      const created = key({
        id: 'k9',
        name: body.name,
        prefix: TOKEN.slice(0, 10),
        permissions: body.permissions ?? null,
        workspaces: body.workspaces ?? null,
      });
      keys = [...keys, created];
      return json(201, { key: created, token: TOKEN });
    },
    'POST /api/v1/api-keys/k1/revoke': () => {
      keys = keys.map((k) => (k.id === 'k1' ? { ...k, status: 'revoked', revoked_at: '2026-11-27T10:00:00Z' } : k));
      return json(200, keys.find((k) => k.id === 'k1'));
    },
  });
}

async function choose(container: HTMLElement, label: RegExp, option: RegExp) {
  await userEvent.click(within(container).getByRole('combobox', { name: label }));
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none).
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

describe('API keys', () => {
  it('is reachable by anyone signed in from the user menu', async () => {
    renderApp('/apps', keysServer().fetch);

    await userEvent.click(await screen.findByTestId('user-menu'));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'API keys' }));

    expect(screen.getByTestId('location')).toHaveTextContent('/settings/api-keys');
    expect(await screen.findByRole('heading', { level: 1, name: 'API keys' })).toBeInTheDocument();
    expect(await screen.findByTestId('api-keys-empty')).toHaveTextContent('No API keys yet');
  });

  it('lists keys with prefix, limits and status', async () => {
    renderApp(
      '/settings/api-keys',
      keysServer([
        key({ id: 'k1', name: 'Nightly export', prefix: 'pdk_3fa91c' }),
        key({ id: 'k2', name: 'Old script', prefix: 'pdk_aaaaaa', permissions: ['use_apps'], workspaces: ['claims'], status: 'expired' }),
      ]).fetch,
    );

    const nightly = await screen.findByTestId('api-key-row-Nightly export');
    expect(nightly).toHaveTextContent('pdk_3fa91c');
    expect(nightly).toHaveTextContent('Everything you can do');
    expect(nightly).toHaveTextContent('Never');
    expect(within(nightly).getByText('Active')).toBeInTheDocument();
    expect(within(nightly).getByRole('button', { name: 'Revoke Nightly export' })).toBeInTheDocument();

    const old = screen.getByTestId('api-key-row-Old script');
    expect(within(old).getByText('Use published apps')).toBeInTheDocument();
    expect(within(old).getByText('Claims')).toBeInTheDocument();
    expect(within(old).getByText('Expired')).toBeInTheDocument();
    expect(within(old).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it("creates a key, shows the API's refusal under its field, then shows the token once", async () => {
    const server = keysServer();
    renderApp('/settings/api-keys', server.fetch);

    await userEvent.click(within(await screen.findByTestId('api-keys-empty')).getByRole('button', { name: 'Create key' }));
    const form = await screen.findByTestId('create-api-key-form');
    await userEvent.type(within(form).getByRole('textbox', { name: /Name/ }), 'Nightly export');
    await choose(form, /^Expires after/, /^30 days/);
    await choose(form, /^Limit to these permissions/, /^Read the audit trail/);
    await choose(form, /^Limit to these workspaces/, /^Claims/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const permissions = within(form).getByRole('combobox', { name: /Limit to these permissions/ });
    await waitFor(() => expect(permissions).toHaveAccessibleDescription(/You do not have view_audit yourself/));
    expect(posts(server.requests, '/api/v1/api-keys')[0]?.body).toEqual({
      name: 'Nightly export',
      expires_in_days: 30,
      permissions: ['view_audit'],
      workspaces: ['claims'],
    });

    // Picking a chosen option again takes it out.
    await choose(form, /^Limit to these permissions/, /^Read the audit trail/);
    await choose(form, /^Limit to these permissions/, /^Use published apps/);
    await userEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const created = await screen.findByTestId('api-key-created');
    expect(posts(server.requests, '/api/v1/api-keys')[1]?.body).toEqual({
      name: 'Nightly export',
      expires_in_days: 30,
      permissions: ['use_apps'],
      workspaces: ['claims'],
    });
    expect(created).toHaveTextContent("Copy it now: you won't be able to see it again");
    expect(within(created).getByTestId('api-key-token')).toHaveTextContent(TOKEN);
    expect(created).toHaveTextContent(`curl -H "Authorization: Bearer ${TOKEN}" ${window.location.origin}/api/v1/me`);
    expect(within(created).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();

    await userEvent.click(within(created).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-created')).not.toBeInTheDocument());
    const row = await screen.findByTestId('api-key-row-Nightly export');
    expect(row).toHaveTextContent('pdk_3fa91c');
    expect(document.body).not.toHaveTextContent(TOKEN);

    // Opening the dialog again starts a new key; the old token is gone.
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('create-api-key-form')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(TOKEN);
  });

  it('asks before revoking a key, then posts and shows it revoked', async () => {
    const server = keysServer([key({ id: 'k1', name: 'Nightly export', prefix: 'pdk_3fa91c' })]);
    renderApp('/settings/api-keys', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Nightly export' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the key “Nightly export”?' });
    expect(dialog).toHaveTextContent('is refused from now on');
    expect(posts(server.requests, '/api/v1/api-keys/k1/revoke')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    expect(await screen.findByTestId('api-keys-notice')).toHaveTextContent('The key “Nightly export” is revoked');
    expect(posts(server.requests, '/api/v1/api-keys/k1/revoke')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const row = screen.getByTestId('api-key-row-Nightly export');
    await waitFor(() => expect(within(row).getByText('Revoked')).toBeInTheDocument());
    expect(within(row).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('is also the API keys tab of Admin, above the service accounts', async () => {
    const admin = session({
      grants: [{ role: 'admin', workspace: null }],
      navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
    });
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, { users: [] }),
      'GET /api/v1/api-keys': () => json(200, { keys: [key({ id: 'k1', name: 'Mine' })] }),
      'GET /api/v1/service-accounts': () => json(200, { service_accounts: [] }),
    });
    renderApp('/admin?tab=api-keys', server.fetch);
    expect(await screen.findByTestId('api-key-row-Mine')).toBeInTheDocument();
    expect(screen.getByText(/These keys act as you/)).toBeInTheDocument();
    expect(await screen.findByTestId('service-accounts-empty')).toHaveTextContent('No service accounts yet');
  });

  it('points an administrator from their own keys to the service accounts', async () => {
    const admin = session({
      grants: [{ role: 'admin', workspace: null }],
      navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
    });
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/api-keys': () => json(200, { keys: [] }),
      'GET /api/v1/users': () => json(200, { users: [] }),
      'GET /api/v1/service-accounts': () => json(200, { service_accounts: [] }),
    });
    renderApp('/settings/api-keys', server.fetch);
    await userEvent.click(await screen.findByRole('link', { name: 'Admin → API keys' }));
    expect(screen.getByTestId('location-search')).toHaveTextContent('?tab=api-keys');
    expect(await screen.findByTestId('service-accounts-empty')).toBeInTheDocument();
  });

  it('shows no service accounts to someone who is not an administrator', async () => {
    const server = keysServer([key({ id: 'k1', name: 'Nightly export' })]);
    renderApp('/settings/api-keys', server.fetch);
    await screen.findByTestId('api-key-row-Nightly export');
    expect(screen.queryByText('Service accounts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('service-accounts')).not.toBeInTheDocument();

    cleanup();
    renderApp('/admin?tab=api-keys', server.fetch);
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    expect(screen.queryByTestId('service-accounts')).not.toBeInTheDocument();
    expect(server.requests.some((r) => r.path === '/api/v1/service-accounts')).toBe(false);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ScimTokenView } from '../../api/types';
import { fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const admin = session({
  id: 'u1',
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [{ slug: 'claims', name: 'Claims' }],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

const TOKEN = 'scim_7c1e0f23456789abcdef0123456789abcdef0123456789abcdef0123456789';

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

/** A server that keeps the SCIM tokens it issues and revokes, newest first. */
function scimServer(initial: ScimTokenView[] = []) {
  let tokens = [...initial];
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/scim/tokens': () => json(200, { tokens }),
    'POST /api/v1/scim/tokens': () => {
      const prefix = TOKEN.slice(0, 12);
      tokens = [{ id: 't9', prefix, created_at: '2026-11-27T10:00:00Z', revoked_at: null }, ...tokens];
      return json(201, { id: 't9', prefix, token: TOKEN });
    },
    'POST /api/v1/scim/tokens/t1/revoke': () => {
      tokens = tokens.map((t) => (t.id === 't1' ? { ...t, revoked_at: '2026-11-27T11:00:00Z' } : t));
      return new Response(null, { status: 204 });
    },
  });
}

const okta: ScimTokenView = { id: 't1', prefix: 'scim_ab12cd', created_at: '2026-11-20T10:00:00Z', revoked_at: null };
const old: ScimTokenView = { id: 't0', prefix: 'scim_0ld000', created_at: '2026-10-01T10:00:00Z', revoked_at: '2026-10-02T10:00:00Z' };

describe('admin single sign-on & SCIM', () => {
  it('shows the SCIM base URL to give the identity provider, and says single sign-on is not available yet', async () => {
    renderApp('/admin?tab=sso', scimServer().fetch);

    const url = await screen.findByTestId('scim-base-url');
    expect(url.textContent).toBe(`${window.location.origin}/scim/v2`);
    expect(url.textContent).toMatch(/\/scim\/v2$/);
    expect(screen.getByRole('button', { name: 'Copy the SCIM base URL' })).toBeInTheDocument();
    expect(await screen.findByTestId('scim-tokens-empty')).toHaveTextContent('No SCIM token yet');
    const oidc = screen.getByTestId('oidc-card');
    expect(oidc).toHaveTextContent('Single sign-on (OpenID Connect)');
    expect(oidc).toHaveTextContent('Not available yet');
    expect(within(oidc).queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('lists tokens with their prefix and status', async () => {
    renderApp('/admin?tab=sso', scimServer([okta, old]).fetch);

    const active = await screen.findByTestId('scim-token-row-scim_ab12cd');
    expect(active).toHaveTextContent('scim_ab12cd…');
    expect(active).toHaveTextContent('Active');
    expect(within(active).getByRole('button', { name: 'Revoke scim_ab12cd' })).toBeInTheDocument();
    const revoked = screen.getByTestId('scim-token-row-scim_0ld000');
    expect(revoked).toHaveTextContent('Revoked');
    expect(within(revoked).queryByRole('button')).not.toBeInTheDocument();
  });

  it('creates a token and shows it once, with the base URL, until the modal is closed', async () => {
    const server = scimServer();
    renderApp('/admin?tab=sso', server.fetch);
    await screen.findByTestId('scim-tokens-empty');

    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const created = await screen.findByTestId('scim-token-created');
    expect(posts(server.requests, '/api/v1/scim/tokens')).toHaveLength(1);
    expect(created).toHaveTextContent("Copy it now: you won't be able to see it again");
    expect(within(created).getByTestId('scim-token-value')).toHaveTextContent(TOKEN);
    expect(within(created).getByTestId('scim-token-base-url').textContent).toBe(`${window.location.origin}/scim/v2`);
    expect(within(created).getByText('Base URL')).toBeInTheDocument();
    expect(within(created).getByText('Bearer token')).toBeInTheDocument();
    expect(within(created).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();

    await userEvent.click(within(created).getByRole('button', { name: 'I have copied it' }));

    await waitFor(() => expect(screen.queryByTestId('scim-token-created')).not.toBeInTheDocument());
    const row = await screen.findByTestId(`scim-token-row-${TOKEN.slice(0, 12)}`);
    expect(row).toHaveTextContent('Active');
    expect(document.body).not.toHaveTextContent(TOKEN);
  });

  it('asks before revoking a token, then revokes it', async () => {
    const server = scimServer([okta]);
    renderApp('/admin?tab=sso', server.fetch);
    const row = await screen.findByTestId('scim-token-row-scim_ab12cd');

    await userEvent.click(within(row).getByRole('button', { name: 'Revoke scim_ab12cd' }));
    const confirm = await screen.findByTestId('revoke-scim-confirm');
    expect(confirm).toHaveTextContent('scim_ab12cd…');
    expect(posts(server.requests, '/api/v1/scim/tokens/t1/revoke')).toHaveLength(0);

    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('revoke-scim-confirm')).not.toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/scim/tokens/t1/revoke')).toHaveLength(0);

    await userEvent.click(within(row).getByRole('button', { name: 'Revoke scim_ab12cd' }));
    await userEvent.click(within(await screen.findByTestId('revoke-scim-confirm')).getByRole('button', { name: 'Revoke token' }));

    await waitFor(() => expect(posts(server.requests, '/api/v1/scim/tokens/t1/revoke')).toHaveLength(1));
    expect(await screen.findByTestId('scim-notice')).toHaveTextContent('The token scim_ab12cd… is revoked');
    await waitFor(() => expect(screen.getByTestId('scim-token-row-scim_ab12cd')).toHaveTextContent('Revoked'));
    expect(within(screen.getByTestId('scim-token-row-scim_ab12cd')).queryByRole('button')).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { GroupView, OidcSettings, OidcSettingsRequest, ScimTokenView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
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

const unset: OidcSettings = {
  enabled: false,
  issuer: '',
  client_id: '',
  client_secret_set: false,
  groups_claim: 'groups',
  require_sso: false,
  group_mappings: [],
};

const group = (id: string, name: string): GroupView => ({ id, name, description: '', members: [], grants: [] });

/** A server that keeps the SCIM tokens it issues and revokes, newest first. */
function scimServer(initial: ScimTokenView[] = []) {
  let tokens = [...initial];
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/settings/oidc': () => json(200, unset),
    'GET /api/v1/groups': () => json(200, { groups: [] }),
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
  it('shows the SCIM base URL to give the identity provider', async () => {
    renderApp('/admin?tab=sso', scimServer().fetch);

    const url = await screen.findByTestId('scim-base-url');
    expect(url.textContent).toBe(`${window.location.origin}/scim/v2`);
    expect(url.textContent).toMatch(/\/scim\/v2$/);
    expect(screen.getByRole('button', { name: 'Copy the SCIM base URL' })).toBeInTheDocument();
    expect(await screen.findByTestId('scim-tokens-empty')).toHaveTextContent('No SCIM token yet');
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

  describe('single sign-on (OpenID Connect)', () => {
    /** A server whose stored OIDC settings are `initial`, answering a PUT with `onPut` (by default: stores it). */
    function oidcServer(initial: OidcSettings, onPut?: (body: OidcSettingsRequest) => Response) {
      let stored = initial;
      return fakeFetch({
        'GET /api/v1/me': () => json(200, admin),
        'GET /api/v1/scim/tokens': () => json(200, { tokens: [] }),
        'GET /api/v1/groups': () => json(200, { groups: [group('g1', 'SSO auditors'), group('g2', 'Claims builders')] }),
        'GET /api/v1/settings/oidc': () => json(200, stored),
        'PUT /api/v1/settings/oidc': (request) => {
          const body = request.body as OidcSettingsRequest;
          if (onPut) return onPut(body);
          const { client_secret, ...rest } = body;
          stored = { ...rest, client_secret_set: stored.client_secret_set || client_secret !== undefined };
          return json(200, stored);
        },
      });
    }

    const configured: OidcSettings = {
      enabled: true,
      issuer: 'https://login.example.com',
      client_id: 'paddock',
      client_secret_set: true,
      groups_claim: 'roles',
      require_sso: false,
      group_mappings: [{ provider_group: 'paddock-auditors', group: 'SSO auditors' }],
    };

    function puts(requests: RecordedRequest[]) {
      return requests.filter((r) => r.method === 'PUT' && r.path === '/api/v1/settings/oidc');
    }

    async function card() {
      const oidc = await screen.findByTestId('oidc-card');
      await within(oidc).findByTestId('oidc-form');
      await waitFor(() => expect(within(oidc).queryByLabelText('Loading groups')).not.toBeInTheDocument());
      return oidc;
    }

    it('shows the stored settings, the redirect URI to register, and never a secret', async () => {
      renderApp('/admin?tab=sso', oidcServer(configured).fetch);
      const oidc = await card();

      expect(within(oidc).getByTestId('oidc-status')).toHaveTextContent('On');
      expect(within(oidc).getByRole('switch', { name: /Enabled/ })).toBeChecked();
      expect(within(oidc).getByLabelText(/^Issuer URL/)).toHaveValue('https://login.example.com');
      expect(within(oidc).getByLabelText(/^Client ID/)).toHaveValue('paddock');
      const secret = within(oidc).getByLabelText(/^Client secret/);
      expect(secret).toHaveValue('');
      expect(secret).toHaveAttribute('placeholder', '•••••• stored — leave empty to keep');
      expect(within(oidc).getByLabelText(/^Groups claim/)).toHaveValue('roles');
      expect(within(oidc).getByRole('textbox', { name: 'Identity provider group 1' })).toHaveValue('paddock-auditors');
      expect(within(oidc).getByRole('combobox', { name: 'Paddock group 1' })).toHaveValue('SSO auditors');
      expect(within(oidc).getByTestId('oidc-redirect-uri').textContent).toBe(
        `${window.location.origin}/api/v1/auth/oidc/callback`,
      );
      expect(within(oidc).getByRole('button', { name: 'Copy the redirect URI' })).toBeInTheDocument();
    });

    it('defaults the groups claim to "groups" and asks for a secret when none is stored', async () => {
      renderApp('/admin?tab=sso', oidcServer({ ...unset, groups_claim: '' }).fetch);
      const oidc = await card();

      expect(within(oidc).getByTestId('oidc-status')).toHaveTextContent('Off');
      expect(within(oidc).getByLabelText(/^Groups claim/)).toHaveValue('groups');
      expect(within(oidc).getByLabelText(/^Client secret/)).not.toHaveAttribute('placeholder', expect.stringContaining('stored'));
      expect(within(oidc).getByTestId('oidc-mappings-empty')).toBeInTheDocument();
    });

    it('saves without client_secret when the field is left empty, keeping the stored one', async () => {
      const server = oidcServer(configured);
      renderApp('/admin?tab=sso', server.fetch);
      const oidc = await card();

      await userEvent.clear(within(oidc).getByLabelText(/^Client ID/));
      await userEvent.type(within(oidc).getByLabelText(/^Client ID/), 'paddock-prod');
      await userEvent.click(within(oidc).getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(puts(server.requests)).toHaveLength(1));
      const put = puts(server.requests)[0];
      expect(put?.body).toEqual({
        enabled: true,
        issuer: 'https://login.example.com',
        client_id: 'paddock-prod',
        groups_claim: 'roles',
        require_sso: false,
        group_mappings: [{ provider_group: 'paddock-auditors', group: 'SSO auditors' }],
      });
      expect(put?.body).not.toHaveProperty('client_secret');
      expect(put?.headers.get('X-CSRF-Token')).toBe('csrf-123');
      expect(await within(oidc).findByTestId('oidc-notice')).toHaveTextContent('saved');
    });

    it('sends a typed client secret, a new mapping, and clears the secret field once saved', async () => {
      const server = oidcServer(unset);
      renderApp('/admin?tab=sso', server.fetch);
      const oidc = await card();

      await userEvent.click(within(oidc).getByRole('switch', { name: /Enabled/ }));
      await userEvent.type(within(oidc).getByLabelText(/^Issuer URL/), 'https://idp.example.com');
      await userEvent.type(within(oidc).getByLabelText(/^Client ID/), 'paddock');
      await userEvent.type(within(oidc).getByLabelText(/^Client secret/), 's3cret-value');
      await userEvent.click(within(oidc).getByRole('button', { name: 'Add mapping' }));
      await userEvent.type(within(oidc).getByRole('textbox', { name: 'Identity provider group 1' }), 'paddock-builders');
      const select = within(oidc).getByRole('combobox', { name: 'Paddock group 1' });
      await userEvent.click(select);
      await userEvent.click(await screen.findByRole('option', { name: 'Claims builders', hidden: true }));
      await userEvent.click(within(oidc).getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(puts(server.requests)).toHaveLength(1));
      expect(puts(server.requests)[0]?.body).toEqual({
        enabled: true,
        issuer: 'https://idp.example.com',
        client_id: 'paddock',
        client_secret: 's3cret-value',
        groups_claim: 'groups',
        require_sso: false,
        group_mappings: [{ provider_group: 'paddock-builders', group: 'Claims builders' }],
      });
      expect(await within(oidc).findByTestId('oidc-notice')).toHaveTextContent('on');
      const secret = within(oidc).getByLabelText(/^Client secret/);
      expect(secret).toHaveValue('');
      expect(secret).toHaveAttribute('placeholder', '•••••• stored — leave empty to keep');
      expect(within(oidc).getByTestId('oidc-status')).toHaveTextContent('On');
      expect(document.body).not.toHaveTextContent('s3cret-value');
    });

    it('removes a mapping row', async () => {
      const server = oidcServer(configured);
      renderApp('/admin?tab=sso', server.fetch);
      const oidc = await card();

      await userEvent.click(within(oidc).getByRole('button', { name: 'Remove mapping 1' }));
      expect(within(oidc).getByTestId('oidc-mappings-empty')).toBeInTheDocument();
      await userEvent.click(within(oidc).getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(puts(server.requests)).toHaveLength(1));
      expect(puts(server.requests)[0]?.body).toMatchObject({ group_mappings: [] });
    });

    it('shows a 422 under the field it names', async () => {
      const server = oidcServer(configured, () =>
        apiErrorResponse(422, 'invalid_input', 'issuer: must be an https URL', { field: 'issuer' }),
      );
      renderApp('/admin?tab=sso', server.fetch);
      const oidc = await card();

      await userEvent.clear(within(oidc).getByLabelText(/^Issuer URL/));
      await userEvent.type(within(oidc).getByLabelText(/^Issuer URL/), 'ftp://nope');
      await userEvent.click(within(oidc).getByRole('button', { name: 'Save' }));

      const issuer = within(oidc).getByLabelText(/^Issuer URL/);
      await waitFor(() => expect(issuer).toHaveAttribute('aria-invalid', 'true'));
      const message = within(oidc).getByText('Must be an https URL');
      expect(issuer.getAttribute('aria-describedby')).toContain(message.id);
      expect(within(oidc).getByLabelText(/^Client ID/)).not.toHaveAttribute('aria-invalid', 'true');
      expect(within(oidc).queryByTestId('oidc-notice')).not.toBeInTheDocument();

      await userEvent.type(issuer, 'x');
      expect(issuer).not.toHaveAttribute('aria-invalid', 'true');
    });

    it('shows an unknown Paddock group under the mappings', async () => {
      const server = oidcServer(configured, () =>
        apiErrorResponse(404, 'not_found', 'There is no group named "SSO auditors"'),
      );
      renderApp('/admin?tab=sso', server.fetch);
      const oidc = await card();

      await userEvent.click(within(oidc).getByRole('button', { name: 'Save' }));

      expect(await within(oidc).findByTestId('oidc-mappings-error')).toHaveTextContent('There is no group named "SSO auditors"');
    });
  });
});

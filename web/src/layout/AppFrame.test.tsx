import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { builder, knowledgeBase, knowledgeServer, LOAD, requestsTo, steward } from '../pages/knowledge/testData';
import { apiErrorResponse, fakeFetch, json, session } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const consumer = session();
const admin = session({
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [
    { role: 'admin', workspace: null },
    { role: 'builder', workspace: 'claims' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

describe('app frame', () => {
  it('shows the organisation and the user menu with roles per workspace', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, admin) });
    renderApp('/build', server.fetch);

    expect(await screen.findByTestId('organization-name')).toHaveTextContent('Acme Insurance');
    await userEvent.click(screen.getByTestId('user-menu'));
    const roles = await screen.findByTestId('user-roles');
    expect(within(roles).getByText('Organisation-wide')).toBeInTheDocument();
    expect(within(roles).getByText('Admin')).toBeInTheDocument();
    expect(within(roles).getByText('Claims')).toBeInTheDocument();
    expect(within(roles).getByText('Builder')).toBeInTheDocument();
    expect(screen.getByText('admin@demo.local')).toBeInTheDocument();
  });

  it('redirects / to the first allowed section', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, consumer), 'GET /api/v1/apps': () => json(200, { apps: [] }) });
    renderApp('/', server.fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'Apps' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/apps');
    expect(screen.getByText('Forms and tools your organisation has published for you.')).toBeInTheDocument();
    expect(await screen.findByTestId('empty-apps')).toHaveTextContent('No apps yet');
  });

  it('shows a no-access state for a section the user may not see', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, consumer) });
    renderApp('/admin', server.fetch);

    expect(await screen.findByTestId('no-access')).toHaveTextContent("You don't have access to this section");
    expect(screen.queryByTestId('empty-admin')).not.toBeInTheDocument();
  });

  it('shows a friendly not-found page for unknown routes', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, consumer) });
    renderApp('/no/such/page', server.fetch);

    expect(await screen.findByTestId('not-found')).toBeInTheDocument();
  });

  it('signs out with the CSRF token and returns to the sign-in page', async () => {
    let signedIn = true;
    const server = fakeFetch({
      'GET /api/v1/me': () => (signedIn ? json(200, admin) : apiErrorResponse(401, 'unauthenticated', 'Sign in')),
      'POST /api/v1/auth/logout': () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    const { queryClient } = renderApp('/admin', server.fetch);

    await userEvent.click(await screen.findByTestId('user-menu'));
    await userEvent.click(await screen.findByTestId('sign-out'));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    const logout = server.requests.find((r) => r.path === '/api/v1/auth/logout');
    expect(logout?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(queryClient.getQueryData(['session'])).toBeNull());
  });

  it('sends the user back to sign-in when any request finds the session gone', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'POST /api/v1/auth/logout': () => apiErrorResponse(401, 'unauthenticated', 'Your session has ended'),
    });
    const { api } = renderApp('/runs', server.fetch);
    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();

    await api.client.POST('/api/v1/auth/logout');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(api.csrf.value).toBeNull();
  });

  describe('the Knowledge entry', () => {
    const apps = { 'GET /api/v1/apps': () => json(200, { apps: [] }) };
    const navIds = () => screen.queryAllByTestId(/^nav-/).map((link) => link.getAttribute('data-testid'));

    it('shows for a person who only reaches a knowledge base through a group, and opens their knowledge bases', async () => {
      const user = userEvent.setup();
      const server = knowledgeServer(consumer, { bases: [knowledgeBase({ may_manage: false })] }, apps);
      renderApp('/apps', server.fetch);

      const entry = await screen.findByTestId('nav-knowledge', {}, LOAD);
      expect(navIds()).toEqual(['nav-apps', 'nav-knowledge']);
      expect(entry).toHaveAttribute('href', '/knowledge');
      await user.click(entry);
      expect(await screen.findByTestId('knowledge-card-claims-policies', {}, LOAD)).toBeInTheDocument();
      expect(screen.getByTestId('nav-knowledge')).toHaveAttribute('aria-current', 'page');
    });

    it('stays hidden from a person who sees no knowledge base, or when their list cannot be had', async () => {
      const none = knowledgeServer(consumer, {}, apps);
      const first = renderApp('/apps', none.fetch);
      await waitFor(() => expect(requestsTo(none.requests, 'GET', '/api/v1/knowledge-bases')).toHaveLength(1));
      expect(await screen.findByTestId('empty-apps', {}, LOAD)).toBeInTheDocument();
      expect(navIds()).toEqual(['nav-apps']);
      first.unmount();

      const failing = knowledgeServer(consumer, {}, {
        ...apps,
        'GET /api/v1/knowledge-bases': () => apiErrorResponse(500, 'internal', 'Down'),
      });
      renderApp('/apps', failing.fetch);
      await waitFor(() => expect(requestsTo(failing.requests, 'GET', '/api/v1/knowledge-bases')).toHaveLength(1));
      expect(await screen.findByTestId('empty-apps', {}, LOAD)).toBeInTheDocument();
      expect(navIds()).toEqual(['nav-apps']);
    });

    it('shows for stewards and builders as the server says, without asking for the knowledge bases', async () => {
      const asSteward = knowledgeServer(steward, { bases: [knowledgeBase()] }, apps);
      const first = renderApp('/apps', asSteward.fetch);
      expect(await screen.findByTestId('nav-knowledge', {}, LOAD)).toBeInTheDocument();
      expect(await screen.findByTestId('empty-apps', {}, LOAD)).toBeInTheDocument();
      expect(navIds()).toEqual(['nav-apps', 'nav-knowledge']);
      expect(requestsTo(asSteward.requests, 'GET', '/api/v1/knowledge-bases')).toHaveLength(0);
      first.unmount();

      // A builder sees the section even before any knowledge base is shared with their workspace.
      const asBuilder = knowledgeServer(builder, {}, apps);
      renderApp('/apps', asBuilder.fetch);
      expect(await screen.findByTestId('empty-apps', {}, LOAD)).toBeInTheDocument();
      expect(navIds()).toEqual(['nav-build', 'nav-review', 'nav-apps', 'nav-runs', 'nav-knowledge']);
      expect(requestsTo(asBuilder.requests, 'GET', '/api/v1/knowledge-bases')).toHaveLength(0);
    });
  });

  it('explains when the server cannot be reached instead of showing sign-in', async () => {
    renderApp('/apps', () => Promise.reject(new TypeError('Failed to fetch')));

    expect(await screen.findByText(/could not be reached/)).toBeInTheDocument();
  });
});

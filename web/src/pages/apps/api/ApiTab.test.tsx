import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../api/schema.gen';
import type { SessionInfo } from '../../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

type AppDetail = components['schemas']['AppDetail'];

const APP = '/api/v1/apps/it-service-desk/ticket-triage';
const app: AppDetail = {
  workspace: 'it-service-desk',
  workspace_name: 'IT Service Desk',
  name: 'ticket-triage',
  description: 'Sorts an incoming IT ticket',
  environment: 'prod',
  version: 2,
  interfaces: ['form', 'api'],
  owner: 'builder@demo.local',
  updated_at: '2026-11-27T10:00:00Z',
  frozen: false,
  inputs: [
    { name: 'subject', type: 'string', required: true, label: 'internal', description: "The ticket's subject line" },
    { name: 'urgent', type: 'boolean', required: false, default: false, label: 'internal' },
  ],
  outputs: ['category', 'routing'],
};

type Role = 'consumer' | 'builder' | 'admin';
type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/** A consumer or builder of the workspace, or an administrator: the server gives administrators the admin section. */
function person(role: Role): SessionInfo {
  return session({
    email: `${role}@demo.local`,
    grants: role === 'admin' ? [{ role }] : [{ role, workspace: 'it-service-desk' }],
    workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
    navigation: role === 'admin' ? ['build', 'apps', 'admin'] : role === 'builder' ? ['build', 'apps'] : ['apps'],
  });
}

const SIGNING_KEY = 'POST /api/v1/workspaces/it-service-desk/workflows/ticket-triage/signing-key';

function open(role: Role, routes: Record<string, Handler> = {}, path = '/apps/it-service-desk/ticket-triage?tab=api') {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, person(role)),
    [`GET ${APP}`]: () => json(200, app),
    [`GET ${APP}/runs`]: () => json(200, { runs: [] }),
    [SIGNING_KEY]: () => json(200, { signing_key: 'whsec_abc123' }),
    ...routes,
  });
  renderApp(path, server.fetch);
  return server;
}

describe('the API tab of an app', { timeout: 15_000 }, () => {
  it('gives copy-ready code built from the inputs, how to follow a 202, callbacks and the OpenAPI document', async () => {
    open('consumer');
    const tab = await screen.findByTestId('api-tab');
    expect(within(tab).getByTestId('api-keys-link')).toHaveAttribute('href', '/settings/api-keys');
    expect(within(tab).getByTestId('api-inputs')).toHaveTextContent('subjectrequiredstringThe ticket\'s subject line"Example subject"');
    expect(within(tab).getByTestId('api-inputs')).toHaveTextContent('urgentboolean—false');

    const curl = within(tab).getByTestId('api-snippet-curl-code');
    expect(curl).toHaveTextContent(`curl -sS -X POST '${window.location.origin}${APP}/runs?wait=30'`);
    expect(curl).toHaveTextContent('"urgent": false');
    await userEvent.click(within(tab).getByRole('tab', { name: 'Python (requests)' }));
    expect(within(tab).getByTestId('api-snippet-python-code')).toHaveTextContent('import requests');
    await userEvent.click(within(tab).getByRole('tab', { name: 'JavaScript (fetch)' }));
    expect(within(tab).getByTestId('api-snippet-javascript-code')).toHaveTextContent('crypto.randomUUID()');

    expect(within(tab).getByTestId('api-follow-code')).toHaveTextContent('/runs/RUN_ID?wait=30');
    expect(within(tab).getByTestId('api-callback-code')).toHaveTextContent('"callback_url": "https://hooks.example.com/paddock"');
    expect(within(tab).getByTestId('api-callback-body')).toHaveTextContent('"category": "…"');
    expect(within(tab).getByTestId('api-verify-python-code')).toHaveTextContent('hmac.compare_digest(expected, signature)');
    expect(within(tab).getByTestId('api-openapi-link')).toHaveAttribute('href', `${window.location.origin}${APP}/openapi.json`);
    // Served from the last environment it is published in: no environment is named.
    expect(curl).not.toHaveTextContent('environment=');
    // A consumer asks an administrator for the signing key.
    expect(within(tab).getByTestId('signing-key-ask')).toHaveTextContent('An administrator can show you the signing key.');
    expect(within(tab).queryByTestId('reveal-signing-key')).not.toBeInTheDocument();
  });

  it('names the environment in the code and the OpenAPI address when the page does', async () => {
    const server = open('consumer', {
      [`GET ${APP}`]: (request) => json(200, { ...app, environment: request.query.get('environment') ?? 'prod' }),
    }, '/apps/it-service-desk/ticket-triage?tab=api&environment=staging');
    const tab = await screen.findByTestId('api-tab');
    expect(server.requests.find((r) => r.path === APP)?.query.get('environment')).toBe('staging');
    expect(within(tab).getByTestId('api-snippet-curl-code')).toHaveTextContent(`curl -sS -X POST '${window.location.origin}${APP}/runs?wait=30&environment=staging'`);
    expect(within(tab).getByTestId('api-openapi-link')).toHaveAttribute('href', `${window.location.origin}${APP}/openapi.json?environment=staging`);
  });

  it('does not offer the signing key to a builder: only an administrator may see it', async () => {
    const server = open('builder');
    const tab = await screen.findByTestId('api-tab');
    expect(within(tab).getByTestId('signing-key-ask')).toHaveTextContent('An administrator can show you the signing key.');
    expect(within(tab).queryByTestId('reveal-signing-key')).not.toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('lets an administrator see the signing key', async () => {
    const server = open('admin');
    await userEvent.click(await screen.findByTestId('reveal-signing-key'));
    expect(await screen.findByTestId('signing-key-value')).toHaveTextContent('whsec_abc123');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(screen.queryByTestId('signing-key-ask')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Hide it' }));
    await waitFor(() => expect(screen.queryByTestId('signing-key-value')).not.toBeInTheDocument());
  });

  it('says whom to ask when the server refuses the signing key all the same', async () => {
    open('admin', {
      [SIGNING_KEY]: () => apiErrorResponse(403, 'forbidden', 'You may not administer the organisation.'),
    });
    await userEvent.click(await screen.findByTestId('reveal-signing-key'));
    const refused = await screen.findByTestId('signing-key-refused');
    expect(refused).toHaveTextContent('The signing key is not shown to you');
    expect(refused).toHaveTextContent('You may not administer the organisation. An administrator can show you the signing key.');
    expect(screen.queryByTestId('reveal-signing-key')).not.toBeInTheDocument();
    expect(screen.queryByTestId('signing-key-value')).not.toBeInTheDocument();
  });

  it('shows any other failure to reveal the key beside the button, to try again', async () => {
    open('admin', { [SIGNING_KEY]: () => apiErrorResponse(500, 'internal', 'The key store did not answer.') });
    await userEvent.click(await screen.findByTestId('reveal-signing-key'));
    expect(await screen.findByTestId('signing-key-error')).toHaveTextContent('The signing key could not be shown');
    expect(screen.getByTestId('reveal-signing-key')).toBeEnabled();
  });
});

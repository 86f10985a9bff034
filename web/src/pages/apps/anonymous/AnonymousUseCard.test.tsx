import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { appInput, appSummary } from '../appTestData';
import type { AppDetail } from '../types';
import type { AnonymousUse } from './queries';

vi.mock('../FormTab', () => ({ FormTab: ({ app }: { app: AppDetail }) => <div data-testid="form-tab">Form of {app.name}</div> }));

const APP = '/api/v1/apps/it-service-desk/password-help';
const ANONYMOUS = `${APP}/anonymous`;
const PAGE = '/apps/it-service-desk/password-help';

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

const admin = session({
  display_name: 'Avery Admin',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['build', 'review', 'apps', 'runs', 'admin', 'audit'],
});
const consumer = session({ email: 'consumer@demo.local', navigation: ['apps'], workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }] });

const passwordHelp: AppDetail = {
  ...appSummary({
    workspace: 'it-service-desk',
    workspace_name: 'IT Service Desk',
    name: 'password-help',
    description: 'Tells anyone, signed in or not, how to get back into an account they are locked out of.',
    owner: 'builder@demo.local',
  }),
  inputs: [appInput('system', 'enum', { required: true, values: ['e-mail', 'vpn', 'laptop'], label: 'public' })],
  outputs: ['what_to_do'],
};

const SINCE = '2026-11-20T09:30:00Z';
const opened: AnonymousUse = { open: true, since: SINCE, blocked_by: null, rate_per_minute: 10, daily_quota: 200 };
const closed: AnonymousUse = { open: false, since: null, blocked_by: null, rate_per_minute: 10, daily_quota: 200 };

function server(who: SessionInfo, routes: Record<string, Handler> = {}) {
  return fakeFetch({
    'GET /api/v1/me': () => json(200, who),
    [`GET ${APP}`]: () => json(200, passwordHelp),
    ...routes,
  });
}

async function openPage(fake: ReturnType<typeof server>, path = PAGE) {
  renderApp(path, fake.fetch);
  await screen.findByRole('heading', { level: 1, name: 'password-help' });
}

const puts = (fake: { requests: RecordedRequest[] }) => fake.requests.filter((r) => r.method === 'PUT' && r.path === ANONYMOUS);

afterEach(() => vi.restoreAllMocks());

describe('the anonymous use card of an app', () => {
  it('shows an administrator that the form is open, since when, its rate and public link, and closes it', async () => {
    let state = opened;
    const fake = server(admin, {
      [`GET ${ANONYMOUS}`]: () => json(200, state),
      [`PUT ${ANONYMOUS}`]: (request) => {
        state = (request.body as { open: boolean }).open ? opened : closed;
        return json(200, state);
      },
    });
    await openPage(fake);

    const card = await screen.findByTestId('anonymous-use');
    expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Open to the public');
    expect(within(card).getByTestId('anonymous-use-summary')).toHaveTextContent("People who are not signed in can use this app's form, since");
    expect(within(card).getByTestId('anonymous-use-summary')).toHaveTextContent('Each network may start up to 10 runs a minute and 200 a day.');
    const link = `${window.location.origin}/p/it-service-desk/password-help`;
    expect(within(card).getByTestId('anonymous-use-url')).toHaveTextContent(link);
    expect(within(card).getByRole('button', { name: 'Copy the public link' })).toBeInTheDocument();
    expect(within(card).getByTestId('anonymous-use-open-page')).toHaveAttribute('href', link);
    expect(within(card).getByTestId('anonymous-use-open-page')).toHaveAttribute('target', '_blank');
    const toggle = within(card).getByRole('switch', { name: 'Open to people who are not signed in' });
    expect(toggle).toBeChecked();
    expect(toggle).toBeEnabled();

    // Closing asks nothing: it only takes the link away.
    await userEvent.click(toggle);
    await waitFor(() => expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Closed'));
    const [put] = puts(fake);
    expect(put!.body).toEqual({ open: false });
    expect(put!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(put!.query.has('environment')).toBe(false);
    expect(within(card).queryByTestId('anonymous-use-link')).not.toBeInTheDocument();
    expect(within(card).getByTestId('anonymous-use-summary')).toHaveTextContent('Only people it is published to can use this app, signed in.');
    expect(toggle).not.toBeChecked();
  });

  it('opens the form after a confirmation that anyone with the link can run it, counted per network', async () => {
    let state = closed;
    const fake = server(admin, {
      [`GET ${ANONYMOUS}`]: () => json(200, state),
      [`PUT ${ANONYMOUS}`]: () => {
        state = opened;
        return json(200, state);
      },
    });
    await openPage(fake);
    const card = await screen.findByTestId('anonymous-use');
    expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Closed');

    await userEvent.click(within(card).getByRole('switch', { name: 'Open to people who are not signed in' }));
    const confirm = await screen.findByTestId('anonymous-use-confirm');
    expect(confirm).toHaveTextContent('Anyone with the link will be able to run password-help through its form without signing in.');
    expect(confirm).toHaveTextContent('Runs are counted per network: each may start up to 10 runs a minute and 200 a day');
    expect(puts(fake)).toHaveLength(0);

    // Cancel sends nothing.
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('anonymous-use-confirm')).not.toBeInTheDocument());
    expect(puts(fake)).toHaveLength(0);

    await userEvent.click(within(card).getByRole('switch', { name: 'Open to people who are not signed in' }));
    await userEvent.click(within(await screen.findByTestId('anonymous-use-confirm')).getByRole('button', { name: 'Open to the public' }));
    await waitFor(() => expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Open to the public'));
    expect(puts(fake).map((r) => r.body)).toEqual([{ open: true }]);
    expect(within(card).getByTestId('anonymous-use-url')).toHaveTextContent('/p/it-service-desk/password-help');
  });

  it('says why the form cannot be opened, and does not offer to', async () => {
    const reason =
      "The form of 'password-help' serves outputs up to internal; only a form whose clearance is public can be opened to people who are not signed in.";
    const fake = server(admin, { [`GET ${ANONYMOUS}`]: () => json(200, { ...closed, blocked_by: reason }) });
    await openPage(fake);

    const card = await screen.findByTestId('anonymous-use');
    expect(within(card).getByTestId('anonymous-use-blocked')).toHaveTextContent(reason);
    expect(within(card).getByRole('switch', { name: 'Open to people who are not signed in' })).toBeDisabled();
  });

  it("shows the server's refusal to open it", async () => {
    const fake = server(admin, {
      [`GET ${ANONYMOUS}`]: () => json(200, closed),
      [`PUT ${ANONYMOUS}`]: () => apiErrorResponse(409, 'policy_violation', "The form of 'password-help' takes files (document); a form that takes files cannot be opened."),
    });
    await openPage(fake);
    const card = await screen.findByTestId('anonymous-use');
    await userEvent.click(within(card).getByRole('switch', { name: 'Open to people who are not signed in' }));
    const confirm = await screen.findByTestId('anonymous-use-confirm');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Open to the public' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('takes files (document)');
    expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Closed');
  });

  it('names the environment the page serves the app from, in the calls and the link', async () => {
    const fake = server(admin, {
      [`GET ${APP}`]: () => json(200, { ...passwordHelp, environment: 'staging' }),
      [`GET ${ANONYMOUS}`]: () => json(200, opened),
    });
    await openPage(fake, `${PAGE}?environment=staging`);
    const card = await screen.findByTestId('anonymous-use');
    expect(within(card).getByTestId('anonymous-use-url')).toHaveTextContent('/p/it-service-desk/password-help?environment=staging');
    expect(fake.requests.find((r) => r.path === ANONYMOUS)!.query.get('environment')).toBe('staging');
  });

  it('lets an administrator close an app that is not published to them', async () => {
    const fake = server(admin, {
      [`GET ${APP}`]: () => apiErrorResponse(404, 'not_found', "There is no app 'password-help' published in it-service-desk."),
      [`GET ${ANONYMOUS}`]: () => json(200, opened),
      [`PUT ${ANONYMOUS}`]: () => json(200, closed),
    });
    renderApp(PAGE, fake.fetch);
    expect(await screen.findByTestId('app-not-found')).toHaveTextContent('This app is not available to you');
    const card = await screen.findByTestId('anonymous-use');
    expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Open to the public');
    await userEvent.click(within(card).getByRole('switch', { name: 'Open to people who are not signed in' }));
    await waitFor(() => expect(within(card).getByTestId('anonymous-use-state')).toHaveTextContent('Closed'));
    expect(puts(fake).map((r) => r.body)).toEqual([{ open: false }]);
  });

  it('is not shown to someone who may not administer the organisation, nor asked for', async () => {
    const fake = server(consumer, { [`GET ${ANONYMOUS}`]: () => json(200, opened) });
    const { unmount } = renderApp(PAGE, fake.fetch);
    expect(await screen.findByTestId('form-tab')).toBeInTheDocument();
    expect(screen.queryByTestId('anonymous-use')).not.toBeInTheDocument();
    unmount();

    // Nor when the app is not published to them.
    const missing = server(consumer, { [`GET ${APP}`]: () => apiErrorResponse(404, 'not_found', 'There is no such app.') });
    renderApp(PAGE, missing.fetch);
    expect(await screen.findByTestId('app-not-found')).toBeInTheDocument();
    expect(screen.queryByTestId('anonymous-use')).not.toBeInTheDocument();
    expect([...fake.requests, ...missing.requests].some((r) => r.path === ANONYMOUS)).toBe(false);
  });

  it('disappears without an error when the server refuses it all the same', async () => {
    const fake = server(admin, { [`GET ${ANONYMOUS}`]: () => apiErrorResponse(403, 'forbidden', 'Administrators only.') });
    await openPage(fake);
    await waitFor(() => expect(fake.requests.some((r) => r.path === ANONYMOUS)).toBe(true));
    await waitFor(() => expect(screen.queryByLabelText('Loading anonymous use')).not.toBeInTheDocument());
    expect(screen.queryByTestId('anonymous-use')).not.toBeInTheDocument();
    expect(screen.queryByTestId('anonymous-use-error')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

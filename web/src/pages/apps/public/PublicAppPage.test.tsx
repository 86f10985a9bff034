import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiErrorResponse, fakeFetch, json, type RecordedRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { appInput, appRun } from '../appTestData';
import type { AppDetail, AppRun } from '../types';
import { storageKey, type StoredRun } from './storedRuns';

const APP = '/api/v1/public/apps/it-service-desk/password-help';
const RUNS = `${APP}/runs`;
const PAGE = '/p/it-service-desk/password-help';
const TOKEN = 'f0110w-70k3n';
const STARTED = new Date(Date.now() - 2000).toISOString();
const ANSWER = 'Your VPN password is your e-mail password: reset that first, then restart the VPN client.';

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

function passwordHelp(overrides: Partial<AppDetail> = {}): AppDetail {
  return {
    workspace: 'it-service-desk',
    workspace_name: 'IT Service Desk',
    name: 'password-help',
    description: 'Tells anyone, signed in or not, how to get back into an account they are locked out of.',
    environment: 'prod',
    version: 1,
    interfaces: ['form'],
    owner: null,
    updated_at: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    frozen: false,
    inputs: [
      appInput('system', 'enum', { required: true, values: ['e-mail', 'vpn', 'laptop'], label: 'public', description: 'What you cannot sign in to' }),
      appInput('locked', 'boolean', { default: false, label: 'public', description: 'Tick if it says your account is locked' }),
    ],
    outputs: ['what_to_do'],
    ...overrides,
  };
}

function run(overrides: Partial<AppRun> = {}): AppRun {
  return appRun({
    id: 'run-1',
    workspace: 'it-service-desk',
    app: 'password-help',
    version: 1,
    inputs: { system: 'vpn', locked: false },
    steps_total: 1,
    url: `${RUNS}/run-1`,
    created_at: STARTED,
    ...overrides,
  });
}

const answered = (overrides: Partial<AppRun> = {}) =>
  run({ status: 'succeeded', steps_done: 1, outputs: { what_to_do: ANSWER }, finished_at: new Date().toISOString(), ...overrides });

function publicServer(routes: Record<string, Handler> = {}) {
  return fakeFetch({ [`GET ${APP}`]: () => json(200, passwordHelp()), ...routes });
}

const posts = (server: { requests: RecordedRequest[] }) => server.requests.filter((r) => r.method === 'POST');

async function openPage(server: ReturnType<typeof publicServer>, path = PAGE) {
  const result = renderApp(path, server.fetch);
  await screen.findByRole('heading', { level: 1, name: 'password-help' });
  return result;
}

async function choose(system: string) {
  await userEvent.click(screen.getByRole('combobox', { name: /^System/ }));
  await userEvent.click(await screen.findByRole('option', { name: system, hidden: true }));
}

function stored(): StoredRun[] {
  return JSON.parse(localStorage.getItem(storageKey('it-service-desk', 'password-help')) ?? '[]') as StoredRun[];
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('the public page of an app', () => {
  it('shows the app and its form without a session, and no runs kept yet', async () => {
    const server = publicServer();
    await openPage(server);

    expect(screen.getByTestId('public-app-workspace')).toHaveTextContent('IT Service Desk');
    expect(screen.getByTestId('public-app-description')).toHaveTextContent('how to get back into an account');
    expect(screen.getByRole('combobox', { name: /^System/ })).toBeRequired();
    expect(screen.getByRole('switch', { name: /^Locked/ })).not.toBeChecked();
    expect(screen.getByTestId('browser-runs-empty')).toHaveTextContent('None yet');
    // No navigation of the signed-in app, and nobody asked who is signed in.
    expect(screen.queryByTestId('user-menu')).not.toBeInTheDocument();
    expect(server.requests.map((r) => r.path)).toEqual([APP]);
    expect(screen.getByTestId('public-header-sign-in')).toHaveAttribute('href', '/sign-in');
  });

  it('checks the form in the browser and sends nothing while an answer is missing', async () => {
    const server = publicServer();
    await openPage(server);

    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByTestId('form-errors')).toHaveTextContent('One answer needs your attention');
    expect(screen.getByRole('combobox', { name: /^System/ })).toHaveAccessibleDescription(/Choose one: this is required\./);
    expect(posts(server)).toHaveLength(0);
  });

  it('starts a run, follows it with its token to the answer, keeps it in this browser and downloads the result', async () => {
    let current: AppRun = run({ status: 'running' });
    const server = publicServer({
      [`POST ${RUNS}`]: () => json(202, { ...run(), follow_token: TOKEN }),
      [`GET ${RUNS}/run-1`]: (request) =>
        request.headers.get('X-Run-Token') === TOKEN ? json(200, current) : apiErrorResponse(404, 'not_found', 'There is no such run.'),
      [`GET ${RUNS}/run-1/result`]: (request) =>
        request.headers.get('X-Run-Token') === TOKEN
          ? new Response(`# password-help\n\n${ANSWER}\n`, {
              status: 200,
              headers: { 'Content-Type': 'text/markdown', 'Content-Disposition': 'attachment; filename="password-help-run-1.md"' },
            })
          : apiErrorResponse(404, 'not_found', 'There is no such run.'),
    });
    await openPage(server);
    await choose('vpn');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));

    expect(await screen.findByTestId('app-run')).toBeInTheDocument();
    const [post] = posts(server);
    expect(post!.body).toEqual({ inputs: { system: 'vpn', locked: false } });
    expect(post!.query.get('wait')).toBe('2');
    expect(post!.query.has('environment')).toBe(false);
    expect(screen.getByTestId('location-search')).toHaveTextContent('?run=run-1');
    // Kept in this browser, with its token, and listed.
    expect(stored()).toEqual([{ id: 'run-1', token: TOKEN, created_at: STARTED }]);
    expect(within(screen.getByTestId('browser-runs')).getByTestId('browser-run-run-1')).toHaveAttribute('aria-current', 'true');

    expect(await screen.findByTestId('app-run-progress')).toHaveTextContent('0 of 1 step done');
    current = answered();
    const result = await screen.findByTestId('app-result', {}, { timeout: 5000 });
    expect(result).toHaveTextContent(ANSWER);
    expect(screen.getByTestId('app-run-progress')).toHaveTextContent('1 of 1 step done');
    expect(screen.getByRole('progressbar', { name: '1 of 1 step done' })).toHaveAttribute('aria-valuenow', '100');
    const follows = server.requests.filter((r) => r.path === `${RUNS}/run-1`);
    expect(follows.length).toBeGreaterThan(0);
    expect(follows.every((r) => r.headers.get('X-Run-Token') === TOKEN && r.query.get('wait') === '2')).toBe(true);

    // The file is fetched with the token and handed to the browser under the name the server gave.
    const created = vi.fn((_: Blob) => 'blob:result');
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: created });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: vi.fn() });
    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    await userEvent.click(screen.getByTestId('download-md'));
    await waitFor(() => expect(clicks).toEqual([{ href: 'blob:result', download: 'password-help-run-1.md' }]));
    const download = server.requests.find((r) => r.path === `${RUNS}/run-1/result`)!;
    expect(download.query.get('format')).toBe('md');
    expect(download.headers.get('X-Run-Token')).toBe(TOKEN);
    expect(await created.mock.calls[0]![0].text()).toContain(ANSWER);

    // Start again: an empty form.
    await userEvent.click(screen.getByRole('button', { name: 'Start again' }));
    expect(screen.getByRole('combobox', { name: /^System/ })).toHaveValue('');
    expect(screen.getByTestId('location-search')).toBeEmptyDOMElement();
  });

  it('reopens a run kept in this browser with its token, and fills the form again from it', async () => {
    localStorage.setItem(
      storageKey('it-service-desk', 'password-help'),
      JSON.stringify([
        { id: 'run-2', token: 'token-2', created_at: new Date(Date.now() - 3 * 60 * 1000).toISOString() },
        { id: 'run-1', token: TOKEN, created_at: new Date(Date.now() - 60 * 60 * 1000).toISOString() },
      ]),
    );
    const server = publicServer({
      [`GET ${RUNS}/run-1`]: (request) =>
        request.headers.get('X-Run-Token') === TOKEN
          ? json(200, answered({ inputs: { system: 'laptop', locked: true } }))
          : apiErrorResponse(404, 'not_found', 'There is no such run.'),
    });
    await openPage(server);

    const list = screen.getByTestId('browser-runs');
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByTestId('browser-run-run-2')).toHaveTextContent('Started 3 minutes ago');
    await userEvent.click(within(list).getByTestId('browser-run-run-1'));
    expect(await screen.findByTestId('app-result')).toHaveTextContent(ANSWER);
    expect(screen.getByTestId('location-search')).toHaveTextContent('?run=run-1');

    await userEvent.click(screen.getByRole('button', { name: 'Change my answers' }));
    expect(screen.getByRole('combobox', { name: /^System/ })).toHaveValue('laptop');
    expect(screen.getByRole('switch', { name: /^Locked/ })).toBeChecked();

    await userEvent.click(screen.getByTestId('forget-runs'));
    expect(screen.getByTestId('browser-runs-empty')).toBeInTheDocument();
    expect(localStorage.getItem(storageKey('it-service-desk', 'password-help'))).toBeNull();
  });

  it('names a document the run wrote without a link, which would ask the visitor for a session', async () => {
    localStorage.setItem(storageKey('it-service-desk', 'password-help'), JSON.stringify([{ id: 'run-1', token: TOKEN, created_at: STARTED }]));
    const letter = { artifact: 'a-1', name: 'steps.pdf', media_type: 'application/pdf', size: 2048, download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000004/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002' };
    const server = publicServer({
      [`GET ${RUNS}/run-1`]: (request) =>
        request.headers.get('X-Run-Token') === TOKEN
          ? json(200, answered({ outputs: { what_to_do: letter } }))
          : apiErrorResponse(404, 'not_found', 'There is no such run.'),
    });
    await openPage(server, `${PAGE}?run=run-1`);

    const output = await screen.findByTestId('output-value-what_to_do');
    expect(output).toHaveTextContent('steps.pdf2 KB');
    expect(output).toHaveTextContent('cannot be downloaded from this page');
    expect(within(output).queryByRole('link')).not.toBeInTheDocument();
  });

  it('says when a kept run can no longer be opened, and forgets it', async () => {
    localStorage.setItem(storageKey('it-service-desk', 'password-help'), JSON.stringify([{ id: 'run-1', token: 'stale', created_at: new Date().toISOString() }]));
    const server = publicServer({ [`GET ${RUNS}/run-1`]: () => apiErrorResponse(404, 'not_found', 'There is no such run.') });
    await openPage(server, `${PAGE}?run=run-1`);

    expect(await screen.findByTestId('public-run-missing')).toHaveTextContent('This run can no longer be opened');
    // A 404 is not asked again.
    expect(server.requests.filter((r) => r.path === `${RUNS}/run-1`)).toHaveLength(1);
    await userEvent.click(screen.getByTestId('forget-run'));
    expect(screen.getByTestId('app-form')).toBeInTheDocument();
    expect(stored()).toEqual([]);
  });

  it('says the app is not open to the public, with the way to sign in', async () => {
    const server = publicServer({ [`GET ${APP}`]: () => apiErrorResponse(404, 'not_found', "There is no app 'password-help' in it-service-desk.") });
    renderApp(PAGE, server.fetch);

    const closed = await screen.findByTestId('public-app-not-open');
    expect(closed).toHaveTextContent('This app is not open to the public');
    expect(closed).toHaveTextContent('If you work here, sign in to use it.');
    expect(closed).not.toHaveTextContent('password-help');
    await userEvent.click(within(closed).getByTestId('public-sign-in'));
    expect(await screen.findByTestId('location')).toHaveTextContent('/sign-in');
  });

  it('says when the app is paused', async () => {
    const server = publicServer({ [`GET ${APP}`]: () => apiErrorResponse(409, 'frozen', "'password-help' is paused; new runs are refused until it is resumed.") });
    renderApp(PAGE, server.fetch);
    expect(await screen.findByTestId('public-app-paused')).toHaveTextContent('This app is paused for now.');
  });

  it('explains refusals in plain words: too many runs, paused, closed meanwhile, and answers the server did not take', async () => {
    let answer: () => Response = () =>
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many runs from 203.0.113.7.', details: {} } }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '30' },
      });
    const server = publicServer({ [`POST ${RUNS}`]: () => answer() });
    await openPage(server);
    await choose('e-mail');
    const submit = () => userEvent.click(screen.getByRole('button', { name: 'Submit' }));

    await submit();
    expect(await screen.findByTestId('start-error')).toHaveTextContent('Too many runs from your network just now; try again in 30 seconds.');

    answer = () => apiErrorResponse(429, 'rate_limited', 'Too many runs.');
    await submit();
    await waitFor(() => expect(screen.getByTestId('start-error')).toHaveTextContent('Too many runs from your network just now; try again in a minute.'));

    answer = () => apiErrorResponse(409, 'frozen', "'password-help' is paused; new runs are refused until it is resumed.");
    await submit();
    await waitFor(() => expect(screen.getByTestId('start-error')).toHaveTextContent('This app is paused for now.'));

    answer = () => apiErrorResponse(404, 'not_found', 'There is no such app.');
    await submit();
    await waitFor(() => expect(screen.getByTestId('start-error')).toHaveTextContent('This app is not open to the public. If you work here, sign in to use it.'));
    expect(within(screen.getByTestId('start-error')).getByTestId('public-sign-in')).toHaveAttribute('href', '/sign-in');

    answer = () => apiErrorResponse(422, 'invalid_input', "inputs.system: 'printer' is not one of e-mail, vpn, laptop", { field: 'inputs.system' });
    await submit();
    await waitFor(() => expect(screen.getByRole('combobox', { name: /^System/ })).toHaveAccessibleDescription(/'printer' is not one of e-mail, vpn, laptop/));
    expect(screen.queryByTestId('start-error')).not.toBeInTheDocument();

    answer = () => apiErrorResponse(422, 'invalid_input', 'The inputs must be an object.');
    await submit();
    await waitFor(() => expect(screen.getByTestId('start-error')).toHaveTextContent('The inputs must be an object.'));
    expect(screen.queryByTestId('app-run')).not.toBeInTheDocument();
    expect(stored()).toEqual([]);
  });

  it('serves the app from the environment the address names', async () => {
    const server = publicServer({
      [`GET ${APP}`]: (request) =>
        request.query.get('environment') === 'staging' ? json(200, passwordHelp({ environment: 'staging' })) : apiErrorResponse(404, 'not_found', 'No.'),
      [`POST ${RUNS}`]: () => json(200, { ...answered(), follow_token: TOKEN }),
    });
    await openPage(server, `${PAGE}?environment=staging`);
    await choose('vpn');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByTestId('app-result')).toHaveTextContent(ANSWER);
    expect(posts(server)[0]!.query.get('environment')).toBe('staging');
    // The answer came with the run: nothing more to ask.
    expect(server.requests.filter((r) => r.path === `${RUNS}/run-1`)).toHaveLength(0);
  });
});

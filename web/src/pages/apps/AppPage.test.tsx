import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { appRun, claimApp, succeeded } from './appTestData';
import type { AppDetail, AppRun } from './types';

vi.mock('./batch/BatchTab', () => ({ BatchTab: ({ app }: { app: AppDetail }) => <div data-testid="batch-tab">Batch of {app.name}</div> }));
vi.mock('./api/ApiTab', () => ({ ApiTab: ({ app }: { app: AppDetail }) => <div data-testid="api-tab">API of {app.name}</div> }));

const consumer = session({ display_name: 'Casey Consumer', email: 'consumer@demo.local' });
const APP = '/api/v1/apps/claims/claim-intake';
const RUNS = `${APP}/runs`;

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/**
 * The fake server of the page, and a fetch in front of it that records multipart requests without reading them (jsdom's
 * files cannot be read back through a Request): the handler sees `body: { multipart: true }`.
 */
function appServer(routes: Record<string, Handler> = {}, app: AppDetail = claimApp()) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, consumer),
    'GET /api/v1/apps/claims/claim-intake': () => json(200, app),
    [`GET ${RUNS}`]: () => json(200, { runs: [] }),
    ...routes,
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return server.fetch(request);
    const headers = new Headers(request.headers);
    headers.set('content-type', 'application/json');
    return server.fetch(request.url, { method: request.method, headers, body: JSON.stringify({ multipart: true }) });
  };
  return { ...server, fetch };
}

async function openForm(server: ReturnType<typeof appServer>, path = '/apps/claims/claim-intake') {
  const result = renderApp(path, server.fetch);
  await screen.findByRole('heading', { level: 1, name: 'claim-intake' });
  return result;
}

/** Fills the required fields of the claim form. */
async function fillClaim() {
  await userEvent.type(screen.getByRole('textbox', { name: /^Claimant/ }), 'Jane Doe');
  await userEvent.click(screen.getByRole('combobox', { name: /^Claim type/ }));
  await userEvent.click(await screen.findByRole('option', { name: 'motor', hidden: true }));
  fireEvent.change(screen.getByLabelText(/^Incident date/), { target: { value: '2026-11-20' } });
  await userEvent.type(screen.getByRole('textbox', { name: /^Description/ }), 'A trolley dented the door');
}

const posts = (server: { requests: RecordedRequest[] }) => server.requests.filter((r) => r.method === 'POST');

afterEach(() => vi.restoreAllMocks());

describe('the form app page', () => {
  it('shows the app and generates a field of the right kind for each input', async () => {
    await openForm(appServer());

    expect(screen.getByTestId('app-description')).toHaveTextContent('Takes a new insurance claim');
    expect(screen.getByTestId('app-environment')).toHaveTextContent('Production');
    expect(screen.getByTestId('app-version')).toHaveTextContent('Version 3');
    expect(screen.getByTestId('app-meta')).toHaveTextContent('Claims');
    // A form-only app has no Batch or API tab.
    expect(screen.getByTestId('app-tab-form')).toBeInTheDocument();
    expect(screen.queryByTestId('app-tab-batch')).not.toBeInTheDocument();
    expect(screen.queryByTestId('app-tab-api')).not.toBeInTheDocument();

    const claimant = screen.getByRole('textbox', { name: /^Claimant/ });
    expect(claimant.tagName).toBe('INPUT');
    expect(claimant).toBeRequired();
    expect(claimant).toHaveAccessibleDescription(/The policyholder's full name/);
    expect(screen.getByTestId('sensitivity-claimant')).toHaveTextContent('Confidential · personal data');
    expect(screen.getByRole('textbox', { name: /^Description/ }).tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText(/^Incident date/)).toHaveAttribute('type', 'date');
    expect(screen.getByRole('textbox', { name: /^Estimated amount/ })).not.toBeRequired();
    expect(screen.getByRole('switch', { name: /^Urgent/ })).not.toBeChecked();
    expect(screen.getByTestId('file-rules-document')).toHaveTextContent('PDF, images, plain text or Markdown, up to 10 MB');
    expect(screen.getByTestId('file-input-document')).toHaveAttribute('accept', 'application/pdf,image/*,text/plain,text/markdown');
    expect(screen.getByRole('button', { name: 'Choose a file' })).toBeInTheDocument();
    expect(await screen.findByTestId('recent-runs-empty')).toHaveTextContent('You have not run this app yet');
  });

  it('checks the fields in the browser and sends nothing while one is not right', async () => {
    const server = appServer();
    await openForm(server);

    await userEvent.type(screen.getByRole('textbox', { name: /^Estimated amount/ }), '12.5');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    expect(await screen.findByTestId('form-errors')).toHaveTextContent('4 fields need your attention');
    expect(screen.getByRole('textbox', { name: /^Claimant/ })).toHaveAccessibleDescription(/Fill this in: it is required\./);
    expect(screen.getByRole('combobox', { name: /^Claim type/ })).toHaveAccessibleDescription(/Choose one: this is required\./);
    expect(posts(server)).toHaveLength(0);

    // Typing in a field clears its message.
    await userEvent.type(screen.getByRole('textbox', { name: /^Claimant/ }), 'J');
    expect(screen.getByRole('textbox', { name: /^Claimant/ })).not.toHaveAccessibleDescription(/required/);
    expect(screen.getByTestId('form-errors')).toHaveTextContent('3 fields need your attention');
  });

  it('refuses a file of the wrong kind or too large in the browser, and takes a good one', async () => {
    const server = appServer();
    await openForm(server);
    const picker = screen.getByTestId('file-input-document');

    await userEvent.upload(picker, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }), { applyAccept: false });
    const drop = screen.getByTestId('file-drop-document').parentElement!;
    expect(await within(drop).findByText(/“setup.exe” is not a kind of file this app accepts/)).toBeInTheDocument();
    expect(screen.queryByTestId('file-chosen-document')).not.toBeInTheDocument();
    // The summary of fields at fault shows once Run is pressed, not while choosing.
    expect(screen.queryByTestId('form-errors')).not.toBeInTheDocument();

    const big = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 11_000_000 });
    fireEvent.drop(screen.getByTestId('file-drop-document'), { dataTransfer: { files: [big] } });
    expect(await within(drop).findByText(/“scan.pdf” is 10.5 MB, larger than the 10 MB this app accepts/)).toBeInTheDocument();

    await userEvent.upload(picker, new File(['The car was dented.'], 'claim.txt', { type: 'text/plain' }));
    expect(await screen.findByTestId('file-chosen-document')).toHaveTextContent('claim.txt');
    expect(within(drop).queryByText(/accepts/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove claim.txt' }));
    expect(screen.queryByTestId('file-chosen-document')).not.toBeInTheDocument();
    expect(posts(server)).toHaveLength(0);
  });

  it('starts the run, follows its progress live and shows the result with downloads', async () => {
    let current: AppRun = appRun();
    const server = appServer({
      [`POST ${RUNS}`]: () => json(202, current),
      [`GET ${RUNS}/run-1`]: () => json(200, current),
      [`GET ${RUNS}`]: () => json(200, { runs: posts(server).length > 0 ? [current] : [] }),
    });
    await openForm(server);
    await fillClaim();
    await userEvent.click(screen.getByRole('switch', { name: /^Urgent/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    expect(await screen.findByTestId('app-run-progress')).toHaveTextContent('0 of 4 steps done');
    expect(screen.getByTestId('app-run-notice')).toHaveTextContent('Queued');
    const [post] = posts(server);
    expect(post!.query.get('interface')).toBe('form');
    // No environment named: the server serves it from the last one it is published in.
    expect(post!.query.has('environment')).toBe(false);
    expect(server.requests.filter((r) => r.path.startsWith(APP)).some((r) => r.query.has('environment'))).toBe(false);
    expect(post!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(post!.body).toEqual({
      inputs: { claimant: 'Jane Doe', claim_type: 'motor', incident_date: '2026-11-20', description: 'A trolley dented the door', urgent: true },
    });
    expect(screen.getByTestId('location-search')).toHaveTextContent('?run=run-1');

    current = appRun({ status: 'running', steps_done: 2 });
    await waitFor(() => expect(screen.getByTestId('app-run-progress')).toHaveTextContent('2 of 4 steps done'), { timeout: 5000 });
    expect(screen.getByRole('progressbar', { name: '2 of 4 steps done' })).toHaveAttribute('aria-valuenow', '50');

    current = succeeded();
    const result = await screen.findByTestId('app-result', {}, { timeout: 5000 });
    expect(screen.getByTestId('app-run-progress')).toHaveTextContent('4 of 4 steps done');
    expect((await within(result).findByText('Jane Doe')).tagName).toBe('STRONG');
    expect(within(screen.getByTestId('output-value-routing')).getAllByRole('row')[0]).toHaveTextContent('Teammotor-claims');
    expect(screen.getByTestId('download-md')).toHaveAttribute('href', `${RUNS}/run-1/result?format=md`);
    expect(screen.getByTestId('download-json')).toHaveAttribute('href', `${RUNS}/run-1/result?format=json`);
    // The long poll asks the server to hold the request until the run ends.
    expect(server.requests.find((r) => r.path === `${RUNS}/run-1`)?.query.get('wait')).toBe('2');
    // The recent runs show it once it ended.
    expect(await within(await screen.findByTestId('recent-runs')).findByText('Succeeded')).toBeInTheDocument();

    // Run again: a fresh, empty form.
    await userEvent.click(screen.getByRole('button', { name: 'Run again' }));
    expect(screen.getByRole('textbox', { name: /^Claimant/ })).toHaveValue('');
    expect(screen.getByTestId('location-search')).toBeEmptyDOMElement();
  });

  it('sends files as multipart parts beside the inputs', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    const server = appServer({ [`POST ${RUNS}`]: () => json(200, succeeded()) });
    await openForm(server);
    await fillClaim();
    const file = new File(['The car was dented.'], 'claim.txt', { type: 'text/plain' });
    await userEvent.upload(screen.getByTestId('file-input-document'), file);
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    await screen.findByTestId('app-result');
    expect(posts(server)[0]!.body).toEqual({ multipart: true });
    const parts = append.mock.calls.map(([name, value]) => [name, value instanceof File ? value.name : JSON.parse(String(value))]);
    expect(parts).toEqual([
      ['inputs', { claimant: 'Jane Doe', claim_type: 'motor', incident_date: '2026-11-20', description: 'A trolley dented the door', urgent: false }],
      ['document', 'claim.txt'],
    ]);
  });

  it("shows the server's problems under their fields, and other refusals in words", async () => {
    let answer = () =>
      apiErrorResponse(422, 'invalid_input', 'inputs: inputs.claimant: required, but not given (and 1 more)', {
        field: 'inputs',
        problems: [
          { path: 'inputs.claimant', message: 'must be the name as on the policy' },
          { path: 'inputs.incident_date', message: 'the incident date cannot be in the future' },
        ],
      });
    const server = appServer({ [`POST ${RUNS}`]: () => answer() });
    await openForm(server);
    await fillClaim();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /^Claimant/ })).toHaveAccessibleDescription(/Must be the name as on the policy/),
    );
    expect(screen.getByLabelText(/^Incident date/)).toHaveAccessibleDescription(/The incident date cannot be in the future/);
    expect(screen.getByTestId('form-errors')).toHaveTextContent('2 fields need your attention');
    expect(screen.queryByTestId('start-error')).not.toBeInTheDocument();

    answer = () => apiErrorResponse(429, 'rate_limited', 'You have started too many runs in a short time.');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const refusal = await screen.findByTestId('start-error');
    expect(refusal).toHaveTextContent('Too many runs just now');
    expect(refusal).toHaveTextContent('You have started too many runs in a short time. Wait a moment, then try again.');
    expect(screen.queryByTestId('app-run')).not.toBeInTheDocument();
  });

  it('puts a file the server refused under the file field', async () => {
    const server = appServer({
      [`POST ${RUNS}`]: () =>
        apiErrorResponse(413, 'payload_too_large', 'claim.txt is 10.5 MB; document accepts files of at most 10 MB.', {
          field: 'file',
          limit_bytes: 10485760,
        }),
    });
    await openForm(server);
    await fillClaim();
    await userEvent.upload(screen.getByTestId('file-input-document'), new File(['x'], 'claim.txt', { type: 'text/plain' }));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    const drop = screen.getByTestId('file-drop-document').parentElement!;
    expect(await within(drop).findByText(/This file was refused: claim.txt is 10.5 MB/)).toBeInTheDocument();
  });

  it('says when a run waits for a reviewer', async () => {
    const server = appServer({
      [`GET ${RUNS}/run-1`]: () => json(200, appRun({ status: 'waiting', steps_done: 2, waiting_for_approval: 'payout' })),
    });
    await openForm(server, '/apps/claims/claim-intake?run=run-1');

    const waiting = await screen.findByTestId('app-run-waiting');
    expect(waiting).toHaveTextContent('Waiting for a reviewer to approve step payout');
    expect(waiting).toHaveTextContent('It goes on by itself once they do');
    expect(screen.getByTestId('app-run-progress')).toHaveTextContent('2 of 4 steps done');
    expect(screen.queryByTestId('download-md')).not.toBeInTheDocument();
  });

  it('says why a run failed, in words', async () => {
    const server = appServer({
      [`GET ${RUNS}/run-2`]: () => json(200, appRun({ id: 'run-2', status: 'failed', steps_done: 1, error: 'the claims system did not answer in time' })),
    });
    await openForm(server, '/apps/claims/claim-intake?run=run-2');

    const failed = await screen.findByTestId('app-run-error');
    expect(failed).toHaveTextContent('The run failed');
    expect(failed).toHaveTextContent('The claims system did not answer in time.');
    expect(failed).toHaveTextContent("ask the app's team (approver@demo.local)");
    expect(screen.queryByTestId('download-md')).not.toBeInTheDocument();
  });

  it('lists the recent runs, opens one with its result, and fills the form again from it', async () => {
    const earlier = succeeded({ id: 'run-0', inputs: { claimant: 'Ann Lee', claim_type: 'home', incident_date: '2026-10-01', description: 'Flooded kitchen' } });
    const server = appServer({
      [`GET ${RUNS}`]: () => json(200, { runs: [earlier, appRun({ id: 'run-9', status: 'failed', error: 'no answer' })] }),
      [`GET ${RUNS}/run-0`]: () => json(200, earlier),
    });
    await openForm(server);

    const list = await screen.findByTestId('recent-runs');
    expect(within(list).getByTestId('recent-run-run-9')).toHaveTextContent('no answer');
    await userEvent.click(within(list).getByTestId('recent-run-run-0'));
    expect(await screen.findByTestId('app-result')).toHaveTextContent('Jane Doe');
    expect(within(list).getByTestId('recent-run-run-0')).toHaveAttribute('aria-current', 'true');

    await userEvent.click(screen.getByRole('button', { name: 'Change the inputs' }));
    expect(screen.getByRole('textbox', { name: /^Claimant/ })).toHaveValue('Ann Lee');
    expect(screen.getByRole('textbox', { name: /^Description/ })).toHaveValue('Flooded kitchen');
  });

  it('offers a document the run wrote as a download beside the other outputs', async () => {
    const letter = {
      artifact: 'a-1',
      name: 'claim-PN-20931.pdf',
      media_type: 'application/pdf',
      size: 20_480,
      sha256: 'ab12',
      download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000003/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002',
      expires_at: '2099-01-01T00:00:00Z',
    };
    const earlier = succeeded({ id: 'run-0', outputs: { ...succeeded().outputs, letter } });
    const server = appServer({
      [`GET ${RUNS}`]: () => json(200, { runs: [earlier] }),
      [`GET ${RUNS}/run-0`]: () => json(200, earlier),
    });
    await openForm(server);

    await userEvent.click(within(await screen.findByTestId('recent-runs')).getByTestId('recent-run-run-0'));
    const output = within(await screen.findByTestId('app-result')).getByTestId('output-value-letter');
    const link = within(output).getByRole('link', { name: 'Download claim-PN-20931.pdf (20 KB)' });
    expect(link).toHaveAttribute('href', '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000003/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002');
    expect(link).toHaveAttribute('download');
    // The whole result, raw, is still there to download as JSON.
    expect(screen.getByTestId('download-json')).toHaveAttribute('href', `${RUNS}/run-0/result?format=json`);
  });

  it('offers the Batch and API tabs when the app has them, and explains a paused app', async () => {
    const app = claimApp({ interfaces: ['form', 'batch', 'api'], frozen: true });
    await openForm(appServer({}, app));

    expect(screen.getByTestId('app-paused')).toHaveTextContent('This app is paused');
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    await userEvent.click(screen.getByTestId('app-tab-batch'));
    expect(await screen.findByTestId('batch-tab')).toHaveTextContent('Batch of claim-intake');
    expect(screen.getByTestId('location-search')).toHaveTextContent('?tab=batch');
    await userEvent.click(screen.getByTestId('app-tab-api'));
    expect(await screen.findByTestId('api-tab')).toHaveTextContent('API of claim-intake');
  });

  it('explains when the app is not published to the person', async () => {
    const server = appServer({
      'GET /api/v1/apps/claims/claim-intake': () => apiErrorResponse(404, 'not_found', 'There is no such app.'),
    });
    renderApp('/apps/claims/claim-intake', server.fetch);

    expect(await screen.findByTestId('app-not-found')).toHaveTextContent('This app is not available to you');
    expect(screen.getByRole('link', { name: 'See your apps' })).toHaveAttribute('href', '/apps');
  });
});

describe('the app page served from a named environment', () => {
  /** Claim intake as published in staging: version 4 there, with every interface. */
  const staging = claimApp({ environment: 'staging', version: 4, interfaces: ['form', 'batch', 'api'] });
  /** The server answers for staging only when it is named; prod is not published to the person. */
  const inStaging = (answer: () => Response) => (request: RecordedRequest) =>
    request.query.get('environment') === 'staging' ? answer() : apiErrorResponse(404, 'not_found', 'There is no such app.');

  it('asks for the app, its runs and new runs in that environment, and keeps it across tabs', async () => {
    const earlier = succeeded({ id: 'run-0', environment: 'staging', version: 4 });
    const server = appServer({
      [`GET ${APP}`]: inStaging(() => json(200, staging)),
      [`GET ${RUNS}`]: inStaging(() => json(200, { runs: [earlier] })),
      [`POST ${RUNS}`]: inStaging(() => json(202, appRun({ environment: 'staging', version: 4 }))),
      [`GET ${RUNS}/run-1`]: () => json(200, succeeded({ environment: 'staging', version: 4 })),
    });
    await openForm(server, '/apps/claims/claim-intake?environment=staging');

    expect(screen.getByTestId('app-environment')).toHaveTextContent('Staging');
    expect(screen.getByTestId('app-environment')).toHaveAttribute('data-pinned', 'true');
    expect(screen.getByTestId('app-version')).toHaveTextContent('Version 4');
    expect(screen.getByText(/Runs version 4 in Staging/)).toBeInTheDocument();
    expect(await within(await screen.findByTestId('recent-runs')).findByTestId('recent-run-run-0')).toBeInTheDocument();

    await fillClaim();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByTestId('app-result');
    const [post] = posts(server);
    expect(post!.query.get('environment')).toBe('staging');
    expect(post!.query.get('interface')).toBe('form');
    expect(new URLSearchParams(screen.getByTestId('location-search').textContent ?? '').get('environment')).toBe('staging');

    // Switching tabs keeps the environment in the address; back on the form, the tab goes but the environment stays.
    const search = () => new URLSearchParams(screen.getByTestId('location-search').textContent ?? '');
    await userEvent.click(screen.getByTestId('app-tab-batch'));
    expect(await screen.findByTestId('batch-tab')).toHaveTextContent('Batch of claim-intake');
    expect(search().get('tab')).toBe('batch');
    expect(search().get('environment')).toBe('staging');
    await userEvent.click(screen.getByTestId('app-tab-api'));
    expect(await screen.findByTestId('api-tab')).toBeInTheDocument();
    expect(search().get('tab')).toBe('api');
    expect(search().get('environment')).toBe('staging');
    await userEvent.click(screen.getByTestId('app-tab-form'));
    expect(search().has('tab')).toBe(false);
    expect(search().get('environment')).toBe('staging');

    // Every call about the app named staging, but the run's own: a run is found by its id.
    const calls = server.requests.filter((r) => r.path === APP || r.path === RUNS);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.every((r) => r.query.get('environment') === 'staging')).toBe(true);
  });

  it('says when the app is not published to the person there, with the way to where it is served by default', async () => {
    const server = appServer({ [`GET ${APP}`]: inStaging(() => apiErrorResponse(404, 'not_found', 'There is no such app.')) });
    renderApp('/apps/claims/claim-intake?environment=staging', server.fetch);

    const missing = await screen.findByTestId('app-not-found');
    expect(missing).toHaveTextContent('This app is not available to you in Staging');
    expect(missing).toHaveTextContent('as published in the staging environment');
    expect(within(missing).getByTestId('app-default-environment')).toHaveAttribute('href', '/apps/claims/claim-intake');
    expect(within(missing).getByRole('link', { name: 'See your apps' })).toHaveAttribute('href', '/apps');
    expect(server.requests.find((r) => r.path === APP)?.query.get('environment')).toBe('staging');
  });
});

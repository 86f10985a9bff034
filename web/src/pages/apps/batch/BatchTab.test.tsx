import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../api/schema.gen';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import type { BatchPreview, BatchView } from './progress';

type AppDetail = components['schemas']['AppDetail'];
type Handler = (request: RecordedRequest) => Response | Promise<Response>;

const consumer = session({
  display_name: 'Casey Consumer',
  email: 'consumer@demo.local',
  grants: [{ role: 'consumer', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['apps'],
});
const APP = '/api/v1/apps/it-service-desk/ticket-triage';

function triage(overrides: Partial<AppDetail> = {}): AppDetail {
  return {
    workspace: 'it-service-desk',
    workspace_name: 'IT Service Desk',
    name: 'ticket-triage',
    description: 'Sorts an incoming IT ticket',
    environment: 'prod',
    version: 2,
    interfaces: ['form', 'batch', 'api'],
    owner: 'builder@demo.local',
    updated_at: '2026-11-27T10:00:00Z',
    frozen: false,
    inputs: [
      { name: 'subject', type: 'string', required: true, label: 'internal', description: "The ticket's subject line" },
      { name: 'body', type: 'string', required: true, label: 'internal' },
      { name: 'screenshot', type: 'file', required: false, label: 'internal' },
    ],
    outputs: ['category', 'routing'],
    ...overrides,
  };
}

function preview(overrides: Partial<BatchPreview> = {}): BatchPreview {
  return {
    columns: ['subject', 'text'],
    rows: [{ subject: 'VPN down', text: 'Nobody can connect' }, null, { subject: '', text: 'No subject' }],
    mapping: { subject: 'subject' },
    total: 3,
    valid: 1,
    invalid: 2,
    problems: [
      { row: 2, message: 'the row has 3 values; the header names 2 columns' },
      { row: 3, message: 'inputs.subject: required, but not given' },
    ],
    ...overrides,
  };
}

function batch(overrides: Partial<BatchView> = {}): BatchView {
  return {
    id: 'b1',
    workspace: 'it-service-desk',
    app: 'ticket-triage',
    environment: 'prod',
    version: 2,
    source_name: 'tickets.csv',
    status: 'running',
    concurrency: 4,
    total: 20,
    succeeded: 6,
    failed: 2,
    invalid: 2,
    in_progress: 4,
    remaining: 12,
    runs_started: 10,
    eta_seconds: 150,
    mapping: { subject: 'subject', body: 'text' },
    created_by: 'consumer@demo.local',
    created_at: '2026-11-27T10:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

/** The fake server, behind a fetch that records multipart requests without reading them (jsdom's files cannot be). */
function open(routes: Record<string, Handler> = {}, app = triage(), path = '/apps/it-service-desk/ticket-triage?tab=batch') {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, consumer),
    [`GET ${APP}`]: () => json(200, app),
    [`GET ${APP}/runs`]: () => json(200, { runs: [] }),
    [`GET ${APP}/batches`]: () => json(200, { batches: [] }),
    ...routes,
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return server.fetch(request);
    const headers = new Headers(request.headers);
    headers.set('content-type', 'application/json');
    return server.fetch(request.url, { method: request.method, headers, body: JSON.stringify({ multipart: true }) });
  };
  renderApp(path, fetch);
  return server;
}

/** The parts of each multipart request, in order: name → value (a file by its name). */
function parts(append: ReturnType<typeof vi.spyOn>) {
  const calls = append.mock.calls as [string, unknown][];
  return calls.map(([name, value]) => [name, value instanceof File ? `file:${value.name}` : String(value)]);
}

const TABLE = new File(['subject,text\nVPN down,Nobody can connect\n'], 'tickets.csv', { type: 'text/csv' });

afterEach(() => vi.restoreAllMocks());

describe('the Batch tab of an app', { timeout: 20_000 }, () => {
  it('previews a table: counts, the column for each input, the first rows and the rows that will not run', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    let previews = 0;
    const server = open({
      [`POST ${APP}/batches/preview`]: () => {
        previews += 1;
        return json(200, previews === 1 ? preview() : preview({ mapping: { subject: 'subject', body: 'text' }, valid: 2, invalid: 1, problems: [preview().problems[0]!] }));
      },
    });
    await screen.findByTestId('batch-drop');
    // A table cannot hold files: said at once.
    expect(screen.getByTestId('batch-file-inputs')).toHaveTextContent('screenshot takes a file, which a table cannot hold: in a batch it is left empty.');

    await userEvent.upload(screen.getByTestId('batch-file-input'), TABLE);
    const shown = await screen.findByTestId('batch-preview');
    expect(within(shown).getByTestId('batch-preview-counts')).toHaveTextContent('3 rows in all1 will run2 will not run');
    expect(within(shown).getByTestId('batch-map-subject')).toHaveValue('subject');
    expect(within(shown).getByTestId('batch-map-body')).toHaveValue('');
    // The required input with no column is pointed out, and nothing may start.
    expect(within(shown).getByText('Choose the column that holds it')).toBeInTheDocument();
    expect(within(shown).getByTestId('batch-start')).toBeDisabled();
    const rows = within(shown).getAllByTestId('batch-preview-row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('This row does not read: the row has 3 values; the header names 2 columns');
    const problems = within(shown).getAllByTestId('batch-problem');
    expect(problems.map((row) => row.textContent)).toEqual(['Row 2The row has 3 values; the header names 2 columns', 'Row 3Subject: required, but not given']);
    // There is no file column to choose.
    expect(within(shown).queryByTestId('batch-map-screenshot')).not.toBeInTheDocument();

    // The column for body chosen: previewed again with the whole mapping.
    await userEvent.click(within(shown).getByTestId('batch-map-body'));
    const list = document.getElementById(within(shown).getByTestId('batch-map-body').getAttribute('aria-controls') ?? '')!;
    await userEvent.click(within(list).getByRole('option', { name: 'text', hidden: true }));
    await waitFor(() => expect(within(shown).getByTestId('batch-preview-counts')).toHaveTextContent('3 rows in all2 will run1 will not run'));
    expect(parts(append)).toEqual([
      ['file', 'file:tickets.csv'],
      ['file', 'file:tickets.csv'],
      ['mapping', JSON.stringify({ subject: 'subject', body: 'text' })],
    ]);
    expect(within(shown).getByTestId('batch-start')).toHaveTextContent('Start the batch (2 rows to run)');
    expect(server.requests.filter((r) => r.path === `${APP}/batches/preview`).every((r) => r.query.get('environment') === 'prod')).toBe(true);
  });

  it('says why a table does not read, and refuses files that are no table before sending them', async () => {
    const server = open({
      [`POST ${APP}/batches/preview`]: () =>
        apiErrorResponse(422, 'invalid_input', "file: the column 'subject' appears twice in the header row", { field: 'file' }),
    });
    await screen.findByTestId('batch-drop');
    await userEvent.upload(screen.getByTestId('batch-file-input'), new File(['x'], 'tickets.xlsx'), { applyAccept: false });
    expect(await screen.findByTestId('batch-file-rejected')).toHaveTextContent('tickets.xlsx is not a table Paddock reads');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.upload(screen.getByTestId('batch-file-input'), TABLE);
    expect(await screen.findByTestId('batch-error')).toHaveTextContent("This table could not be readThe column 'subject' appears twice in the header row");
  });

  it('starts the batch and follows it every second to its end, offers the downloads, and retries the runs that failed', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    const states = [batch(), batch({ succeeded: 12, in_progress: 4, remaining: 6, eta_seconds: 40 }), batch({ status: 'finished', succeeded: 17, failed: 3, invalid: 2, in_progress: 0, remaining: 0, eta_seconds: null, finished_at: '2026-11-27T10:05:00Z' })];
    let asked = 0;
    const server = open({
      [`POST ${APP}/batches/preview`]: () => json(200, preview({ mapping: { subject: 'subject', body: 'text' }, valid: 18, invalid: 2, total: 20 })),
      [`POST ${APP}/batches`]: () => json(201, states[0]),
      'GET /api/v1/batches/b1': () => json(200, states[Math.min(++asked, states.length - 1)]),
      'POST /api/v1/batches/b1/retry': () => json(200, batch({ status: 'running', succeeded: 17, failed: 2, in_progress: 1, remaining: 1 })),
    });
    await screen.findByTestId('batch-drop');
    await userEvent.upload(screen.getByTestId('batch-file-input'), TABLE);
    const concurrency = await screen.findByTestId('batch-concurrency');
    await userEvent.clear(concurrency);
    await userEvent.type(concurrency, '4');
    await userEvent.click(screen.getByTestId('batch-start'));

    const progress = await screen.findByTestId('batch-progress');
    expect(parts(append).slice(-3)).toEqual([
      ['file', 'file:tickets.csv'],
      ['mapping', JSON.stringify({ subject: 'subject', body: 'text' })],
      ['concurrency', '4'],
    ]);
    expect(within(progress).getByTestId('batch-status')).toHaveTextContent('Running');
    expect(within(progress).getByTestId('batch-cancel')).toBeInTheDocument();
    expect(within(progress).getByTestId('batch-bar')).toHaveAttribute('aria-label', expect.stringMatching(/^\d+% done: \d+ succeeded/));

    await waitFor(() => expect(within(progress).getByTestId('batch-status')).toHaveTextContent('Finished with failures'), { timeout: 5000 });
    expect(within(progress).getByTestId('batch-percent')).toHaveTextContent('100%');
    expect(within(progress).getByTestId('batch-count-succeeded')).toHaveTextContent('17 succeeded');
    expect(within(progress).getByTestId('batch-count-failed')).toHaveTextContent('3 failed (2 could not run)');
    expect(within(progress).queryByTestId('batch-eta')).not.toBeInTheDocument();
    expect(within(progress).queryByTestId('batch-cancel')).not.toBeInTheDocument();
    expect(within(progress).getByTestId('batch-download-csv')).toHaveAttribute('href', '/api/v1/batches/b1/results?format=csv');
    expect(within(progress).getByTestId('batch-download-jsonl')).toHaveAttribute('href', '/api/v1/batches/b1/results?format=jsonl');
    const asks = server.requests.filter((r) => r.path === '/api/v1/batches/b1').length;

    // One run failed: it may be tried again.
    await userEvent.click(within(progress).getByTestId('batch-retry'));
    expect(await within(progress).findByTestId('batch-action-done')).toHaveTextContent('The failed rows are running again.');
    expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/batches/b1/retry')).toHaveLength(1);
    expect(asks).toBeGreaterThanOrEqual(2);
  });

  it('shows the ETA in words and cancels; a cancelled batch resumes', async () => {
    let current = batch({ eta_seconds: 150 });
    const older = batch({ id: 'b0', source_name: 'old.csv', status: 'finished', failed: 0, invalid: 0, succeeded: 20, in_progress: 0, remaining: 0, eta_seconds: null });
    open({
      [`GET ${APP}/batches`]: () => json(200, { batches: [current, older] }),
      'GET /api/v1/batches/b1': () => json(200, current),
      'POST /api/v1/batches/b1/cancel': () => json(200, (current = batch({ status: 'cancelled', in_progress: 0, remaining: 12, eta_seconds: null }))),
      'POST /api/v1/batches/b1/resume': () => json(200, (current = batch())),
    });
    const list = await screen.findByTestId('batch-list');
    const rows = within(list).getAllByTestId('batch-list-row');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringMatching(/^tickets\.csv.*20 rows.*Running$/), expect.stringMatching(/^old\.csv.*20 rows.*Finished$/)]);
    await userEvent.click(rows[0]!);
    const progress = await screen.findByTestId('batch-progress');
    expect(within(progress).getByTestId('batch-eta')).toHaveTextContent('About 3 minutes left');
    expect(within(progress).getByTestId('batch-count-in-progress')).toHaveTextContent('4 running now');
    expect(within(progress).getByTestId('batch-count-not-started')).toHaveTextContent('8 not started');
    await userEvent.click(within(progress).getByTestId('batch-cancel'));
    await waitFor(() => expect(within(progress).getByTestId('batch-status')).toHaveTextContent('Cancelled'));
    expect(within(progress).getByTestId('batch-count-not-started')).toHaveTextContent('12 held');
    // The list moves with it.
    expect(within(list).getAllByTestId('batch-list-row')[0]).toHaveTextContent('Cancelled');
    await userEvent.click(within(progress).getByTestId('batch-resume'));
    expect(await within(progress).findByTestId('batch-action-done')).toHaveTextContent('Resumed: 12 rows to run.');
    // Back to a new batch.
    await userEvent.click(screen.getByTestId('batch-new-button'));
    expect(await screen.findByTestId('batch-drop')).toBeInTheDocument();
  });

  it('says a batch cannot run when a file input is required', async () => {
    open({}, triage({ inputs: [{ name: 'evidence', type: 'file', required: true, label: 'internal' }] }));
    expect(await screen.findByTestId('batch-file-inputs')).toHaveTextContent('evidence needs a file, which a table cannot hold, so no row of a batch could run.');
    expect(screen.queryByTestId('batch-drop')).not.toBeInTheDocument();
  });

  it('previews, starts and lists batches in the environment the page names', async () => {
    const staged = triage({ environment: 'staging', version: 3 });
    const inStaging = (answer: () => Response) => (request: RecordedRequest) =>
      request.query.get('environment') === 'staging' ? answer() : apiErrorResponse(404, 'not_found', 'There is no such app.');
    const server = open(
      {
        [`GET ${APP}`]: inStaging(() => json(200, staged)),
        [`GET ${APP}/batches`]: inStaging(() => json(200, { batches: [] })),
        [`POST ${APP}/batches/preview`]: inStaging(() => json(200, preview({ mapping: { subject: 'subject', body: 'text' }, valid: 2, invalid: 1 }))),
        [`POST ${APP}/batches`]: inStaging(() => json(201, batch({ environment: 'staging', version: 3 }))),
        'GET /api/v1/batches/b1': () => json(200, batch({ environment: 'staging', version: 3 })),
      },
      staged,
      '/apps/it-service-desk/ticket-triage?tab=batch&environment=staging',
    );
    await screen.findByTestId('batch-drop');
    await userEvent.upload(screen.getByTestId('batch-file-input'), TABLE);
    await userEvent.click(await screen.findByTestId('batch-start'));
    await screen.findByTestId('batch-progress');

    const calls = server.requests.filter((r) => r.path.startsWith(APP));
    expect(calls.map((r) => `${r.method} ${r.path.slice(APP.length) || '/'}`)).toEqual(
      expect.arrayContaining(['GET /', 'GET /batches', 'POST /batches/preview', 'POST /batches']),
    );
    expect(calls.every((r) => r.query.get('environment') === 'staging')).toBe(true);
  });
});

describe('a batch whose table comes from a file store', { timeout: 20_000 }, () => {
  const SOURCES = `${APP}/table-sources`;
  const FILES = `${SOURCES}/exports/files`;
  const exports = { alias: 'exports', description: 'Nightly exports of the ticket system', label: 'internal' };
  /** The store: a folder of exports (one table, an empty folder, a folder that may not be listed) and a PDF at the root. */
  const listing: Handler = (request) => {
    const folder = request.query.get('folder');
    if (folder === null)
      return json(200, {
        files: [
          { path: 'readme.pdf', name: 'readme.pdf', folder: false, size: 2048 },
          { path: 'exports', name: 'exports', folder: true, size: null },
        ],
      });
    if (folder === 'exports')
      return json(200, {
        files: [
          { path: 'exports/tickets.csv', name: 'tickets.csv', folder: false, size: 312 },
          { path: 'exports/old', name: 'old', folder: true, size: null },
          { path: 'exports/secret', name: 'secret', folder: true, size: null },
        ],
      });
    if (folder === 'exports/old') return json(200, { files: [] });
    return apiErrorResponse(422, 'invalid_input', 'path: exports could not do it: permission denied', { field: 'path' });
  };
  const entry = (name: string) =>
    screen.getAllByTestId('batch-store-entry').find((element) => within(element).queryByText(name, { exact: true }) !== null)!;

  it('is not offered when the person may use no file store', async () => {
    const server = open({ [`GET ${SOURCES}`]: () => json(200, { sources: [] }) });
    await screen.findByTestId('batch-drop');
    await waitFor(() => expect(server.requests.some((r) => r.path === SOURCES)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('batch-table-from')).not.toBeInTheDocument();
    expect(screen.queryByText('From a file store')).not.toBeInTheDocument();
    expect(server.requests.find((r) => r.path === SOURCES)?.query.get('environment')).toBe('prod');
  });

  it('browses the store, and sends the chosen file as connection and path (no file) to preview and to start', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    const server = open({
      [`GET ${SOURCES}`]: () => json(200, { sources: [exports] }),
      [`GET ${FILES}`]: listing,
      [`POST ${APP}/batches/preview`]: () => json(200, preview({ mapping: { subject: 'subject', body: 'text' }, valid: 2, invalid: 1, problems: [preview().problems[0]!] })),
      [`POST ${APP}/batches`]: () => json(201, batch({ source_name: 'exports:exports/tickets.csv' })),
      'GET /api/v1/batches/b1': () => json(200, batch({ source_name: 'exports:exports/tickets.csv' })),
    });
    await userEvent.click(await screen.findByText('From a file store'));
    // The only store is chosen already, with what it holds and how sensitive that is.
    expect(screen.getByTestId('batch-store-select')).toHaveValue('exports');
    expect(screen.getByTestId('batch-store-about')).toHaveTextContent('InternalNightly exports of the ticket system');
    expect(screen.queryByTestId('batch-drop')).not.toBeInTheDocument();

    // The root: the folder first, the PDF not to be chosen.
    await screen.findByText('readme.pdf');
    expect(screen.getAllByTestId('batch-store-entry').map((element) => element.getAttribute('data-kind'))).toEqual(['folder', 'file']);
    expect(entry('readme.pdf')).toHaveAttribute('aria-disabled', 'true');
    expect(entry('readme.pdf').tagName).toBe('DIV');
    expect(entry('readme.pdf')).toHaveTextContent('2 KB · not a CSV or JSON Lines table');

    // Into exports, then into an empty folder, and back up by the breadcrumb.
    await userEvent.click(entry('exports'));
    await screen.findByText('tickets.csv');
    expect(entry('tickets.csv')).toHaveTextContent('312 bytes');
    await userEvent.click(entry('old'));
    expect(await screen.findByTestId('batch-store-empty')).toHaveTextContent('This folder is empty');
    expect(screen.getByTestId('batch-store-crumbs')).toHaveTextContent('exports/exports/old');
    await userEvent.click(within(screen.getByTestId('batch-store-crumbs')).getAllByRole('button', { name: 'exports' })[1]!);
    await screen.findByText('tickets.csv');

    // A folder that cannot be listed says why.
    await userEvent.click(entry('secret'));
    expect(await screen.findByTestId('batch-store-error')).toHaveTextContent('This folder could not be openedExports could not do it: permission denied');
    await userEvent.click(within(screen.getByTestId('batch-store-crumbs')).getAllByRole('button', { name: 'exports' })[1]!);

    // The table chosen: previewed from the store.
    await userEvent.click(await screen.findByRole('button', { name: 'Choose tickets.csv' }));
    const shown = await screen.findByTestId('batch-preview');
    expect(screen.getByTestId('batch-store-chosen')).toHaveTextContent('Chosen: exports/tickets.csv from exports (312 bytes)');
    expect(within(shown).getByTestId('batch-preview-counts')).toHaveTextContent('3 rows in all2 will run1 will not run');
    expect(parts(append)).toEqual([
      ['connection', 'exports'],
      ['path', 'exports/tickets.csv'],
    ]);

    await userEvent.click(within(shown).getByTestId('batch-start'));
    expect(await screen.findByTestId('batch-progress')).toBeInTheDocument();
    expect(parts(append).slice(2)).toEqual([
      ['connection', 'exports'],
      ['path', 'exports/tickets.csv'],
      ['mapping', JSON.stringify({ subject: 'subject', body: 'text' })],
      ['concurrency', '8'],
    ]);
    expect(parts(append).some(([name]) => name === 'file')).toBe(false);
    const listed = server.requests.filter((r) => r.path === FILES).map((r) => r.query.get('folder'));
    // Going back up shows the folder as it was listed, and asks for it again.
    expect([...new Set(listed)]).toEqual([null, 'exports', 'exports/old', 'exports/secret']);
    expect(server.requests.filter((r) => r.path.startsWith(SOURCES) || r.path.startsWith(`${APP}/batches`)).every((r) => r.query.get('environment') === 'prod')).toBe(true);
  });

  it('takes the uploaded table off when the person turns to a store, and back', async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    open({
      [`GET ${SOURCES}`]: () => json(200, { sources: [exports, { alias: 'archive', description: '', label: 'confidential/pii' }] }),
      [`GET ${FILES}`]: listing,
      [`POST ${APP}/batches/preview`]: () => json(200, preview()),
    });
    await screen.findByText('From a file store');
    await userEvent.upload(screen.getByTestId('batch-file-input'), TABLE);
    await screen.findByTestId('batch-preview');
    await userEvent.click(screen.getByText('From a file store'));
    expect(screen.queryByTestId('batch-preview')).not.toBeInTheDocument();
    // Two stores: one is to be chosen before any file is listed.
    expect(screen.getByTestId('batch-store-select')).toHaveValue('');
    expect(screen.queryByTestId('batch-store-browser')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('batch-store-select'));
    const list = document.getElementById(screen.getByTestId('batch-store-select').getAttribute('aria-controls') ?? '')!;
    expect(within(list).getByRole('option', { name: /archive/, hidden: true })).toHaveTextContent('archiveConfidential, PII');
    await userEvent.click(within(list).getByRole('option', { name: /exports/, hidden: true }));
    await screen.findByText('readme.pdf');
    await userEvent.click(screen.getByText('Upload a file'));
    // Back to uploading: the table uploaded before is gone with its preview, to be chosen again.
    expect(await screen.findByTestId('batch-drop')).toBeInTheDocument();
    expect(screen.queryByTestId('batch-file-chosen')).not.toBeInTheDocument();
    expect(parts(append)).toEqual([['file', 'file:tickets.csv']]);
  });
});

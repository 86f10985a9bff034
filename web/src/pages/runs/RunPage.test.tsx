import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../api/types';
import { retentionDay } from '../../components/documentFile';
import { apiErrorResponse, fakeFetch, json, session } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { run, step, stepKinds, triageRunning, triageSucceeded } from '../../test/runFixtures';
import { DEV, PROD, STAGING } from '../../test/lifecycleFixtures';
import { mockReactFlow } from '../../test/xyflow';

const builder = session({
  display_name: 'Blake Builder',
  email: 'builder@demo.local',
  grants: [{ role: 'builder', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge'],
});

beforeAll(mockReactFlow);

/** A server whose run answers are `answers` in turn, the last one for ever after. */
function runServer(...answers: (RunView | Response)[]) {
  let asked = 0;
  return fakeFetch({
    'GET /api/v1/me': () => json(200, builder),
    'GET /api/v1/step-kinds': () => json(200, stepKinds),
    'GET /api/v1/environments': () => json(200, { environments: [DEV, STAGING, PROD] }),
    'GET /api/v1/runs/r-1': () => {
      const answer = answers[Math.min(asked++, answers.length - 1)]!;
      return answer instanceof Response ? answer : json(200, answer);
    },
  });
}

/** What the `letter` step (a `document` step) gave. */
const letterOutput = {
  artifact: 'a-1',
  name: 'claim-PN-7.pdf',
  media_type: 'application/pdf',
  size: 12_800,
  sha256: '9f86d081',
  download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002',
  expires_at: '2099-12-27T09:30:02Z',
};

/** A run that wrote a letter, notes in a map's item, and a summary since deleted at the end of its retention. */
const documentRun = run({
  status: 'succeeded',
  started_at: '2026-11-27T09:30:01.000Z',
  finished_at: '2026-11-27T09:30:03.000Z',
  outputs: { letter: letterOutput },
  definition: {
    name: 'claim-letter',
    steps: [
      { id: 'letter', uses: 'document', with: { format: 'pdf', name: 'claim-{{ inputs.policy }}', content: '# Claim' } },
      { id: 'lines', uses: 'map', with: { items: '{{ inputs.lines }}', steps: [{ id: 'notes', uses: 'document' }] } },
    ],
  },
  steps: [step('letter', { output: letterOutput }), step('lines', { output: [] })],
  artifacts: [
    {
      id: 'a-1',
      step_key: 'letter',
      name: 'claim-PN-7.pdf',
      media_type: 'application/pdf',
      size: 12_800,
      sha256: '9f86d081',
      created_at: '2026-11-27T09:30:02Z',
      expires_at: '2099-12-27T09:30:02Z',
      expired: false,
      download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002',
    },
    {
      id: 'a-2',
      step_key: 'lines[0].notes',
      name: 'notes.md',
      media_type: 'text/markdown; charset=utf-8',
      size: 300,
      sha256: 'ab12',
      created_at: '2026-11-27T09:30:02Z',
      expires_at: '2099-12-27T09:30:02Z',
      expired: false,
      download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000005',
    },
    {
      id: 'a-3',
      step_key: 'summary',
      name: 'summary.docx',
      media_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: 2 * 1024 * 1024,
      sha256: 'cd34',
      created_at: '2026-09-01T00:00:00Z',
      expires_at: '2026-10-01T00:00:00Z',
      expired: true,
      download: null,
    },
  ],
});

const node = (id: string) => screen.getByTestId(`step-node-${id}`);
const runRequests = (server: ReturnType<typeof runServer>) => server.requests.filter((r) => r.path === '/api/v1/runs/r-1');

describe('run page', () => {
  it('draws every step coloured by its status, with the branch labelled, and shows the outputs', async () => {
    const server = runServer(triageSucceeded);
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
    expect(await screen.findByText('Test run in IT Service Desk (Development)')).toBeInTheDocument();
    expect(screen.getAllByText('Succeeded')[0]!.closest('[data-status]')).toHaveAttribute('data-status', 'succeeded');
    expect(screen.getByTestId('run-timing')).toHaveTextContent('took 2.4 s in all');
    expect(screen.getByTestId('run-progress')).toHaveTextContent('5 of 5 steps done');

    const graph = await screen.findByTestId('step-graph');
    for (const id of ['kind', 'urgency', 'route', 'page_oncall']) expect(node(id)).toHaveAttribute('data-status', 'succeeded');
    expect(node('queue_ticket')).toHaveAttribute('data-status', 'skipped');
    expect(node('kind')).toHaveTextContent('15 tokens · $0.0021');
    expect(screen.getByTestId('run-usage')).toHaveTextContent('Model use: 15 tokens (12 in, 3 out) · $0.0021');
    expect(await within(graph).findByText('Classify')).toBeInTheDocument();
    expect(within(graph).getByText("if urgency.output == 'high'")).toBeInTheDocument();
    expect(within(graph).getByText('otherwise')).toBeInTheDocument();

    const result = screen.getByTestId('run-result');
    expect(within(result).getByTestId('run-outputs')).toHaveTextContent('"queue": "on-call"');
    // It wrote no document.
    expect(screen.queryByTestId('run-documents')).not.toBeInTheDocument();
  });

  it('calls a run of a deployed version by its version and environment, not a test run', async () => {
    const server = runServer({ ...triageSucceeded, environment: 'staging', version: 2 });
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByText('Run of v2 in Staging')).toBeInTheDocument();
    expect(screen.queryByText(/Test run/)).not.toBeInTheDocument();
  });

  it('says how the run was started: through the API with its key, the form, a batch, the console or the command line', async () => {
    const cases: [Partial<RunView>, string, string][] = [
      [{ interface: 'api', api_key: '0f3c9a7e-5b21-4d6e-9c1a-2b7d8e4f6a10', started_by: 'u-consumer' }, 'API', 'Started through the API with key …8e4f6a10'],
      [{ interface: 'form', api_key: null, started_by: 'u-consumer' }, 'Form', 'Started through the form'],
      [
        { interface: 'form', api_key: null, started_by: null, anonymous_from: '203.0.113.7' },
        'Form',
        'Started through the form by someone not signed in, from 203.0.113.7',
      ],
      [{ interface: 'batch', batch: 'b7e1d2c3-aaaa-bbbb-cccc-000000000001', started_by: 'u-consumer' }, 'Batch', 'Started as a row of batch …00000001'],
      [{ interface: null, api_key: null, batch: null, started_by: 'u-builder' }, 'Console', 'Started from the console'],
      [{ interface: null, api_key: null, batch: null, started_by: null }, 'Console', 'Started from the command line'],
    ];
    for (const [fields, badge, text] of cases) {
      const server = runServer({ ...triageSucceeded, environment: 'prod', version: 3, ...fields });
      const { unmount } = renderApp('/runs/r-1', server.fetch);

      const origin = await screen.findByTestId('run-origin');
      expect(within(origin).getByTestId('run-origin-badge')).toHaveTextContent(new RegExp(`^${badge}$`));
      expect(origin).toHaveTextContent(text);
      expect(await screen.findByText('Run of v3 in Production')).toBeInTheDocument();
      unmount();
    }
  });

  it('shows the environment by its slug when the environments cannot be read', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
      'GET /api/v1/runs/r-1': () => json(200, { ...triageSucceeded, environment: 'prod', version: 3 }),
    });
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByText('Run of v3 in prod')).toBeInTheDocument();
  });

  it('opens the details of a step from its node, with the keyboard too', async () => {
    const server = runServer(triageSucceeded);
    renderApp('/runs/r-1', server.fetch);

    const kind = await screen.findByTestId('step-node-kind');
    kind.focus();
    await userEvent.keyboard('{Enter}');

    const drawer = await screen.findByTestId('step-drawer');
    expect(within(drawer).getByTestId('step-input')).toHaveTextContent('VPN down total outage in Paris');
    expect(within(drawer).getByTestId('step-output')).toHaveTextContent('"category": "network"');
    expect(drawer).toHaveTextContent('builtin');
    expect(drawer).toHaveTextContent('12 in, 3 out');
    expect(drawer).toHaveTextContent('Cost$0.0021');
    expect(drawer).toHaveTextContent('Attempts1');
  });

  it('asks again every second while the run goes on, lighting steps up, and stops once it has ended', async () => {
    const server = runServer(triageRunning, triageSucceeded);
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByTestId('run-progress')).toHaveTextContent('1 of 5 steps done');
    expect(node('kind')).toHaveAttribute('data-status', 'running');
    expect(node('route')).toHaveAttribute('data-status', 'not_started');
    expect(screen.getByRole('button', { name: 'Cancel run' })).toBeInTheDocument();

    await waitFor(() => expect(screen.getByTestId('run-progress')).toHaveTextContent('5 of 5 steps done'), { timeout: 3000 });
    expect(node('kind')).toHaveAttribute('data-status', 'succeeded');
    expect(screen.getByTestId('run-result')).toHaveTextContent('on-call');
    expect(screen.queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();

    const asked = runRequests(server).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runRequests(server)).toHaveLength(asked);
  });

  it('shows why a run failed and at which step', async () => {
    const failed = run({
      status: 'failed',
      started_at: '2026-11-27T09:30:01.000Z',
      finished_at: '2026-11-27T09:30:02.000Z',
      error: 'the model did not answer in time',
      failed_step: 'kind',
      steps: [step('kind', { status: 'failed', error: 'the model did not answer in time', attempts: 3 })],
    });
    const server = runServer(failed);
    renderApp('/runs/r-1', server.fetch);

    const error = await screen.findByTestId('run-error');
    expect(error).toHaveTextContent('The run failed');
    expect(error).toHaveTextContent('the model did not answer in time');
    expect(node('kind')).toHaveAttribute('data-status', 'failed');

    await userEvent.click(within(error).getByRole('button', { name: 'kind' }));
    const drawer = await screen.findByTestId('step-drawer');
    expect(within(drawer).getByTestId('step-error')).toHaveTextContent('the model did not answer in time');
    expect(drawer).toHaveTextContent('Attempts3');
  });

  it('retries a failed run from the step that failed', async () => {
    const failed = run({
      status: 'failed',
      error: 'the model did not answer in time',
      failed_step: 'kind',
      steps: [step('kind', { status: 'failed', error: 'the model did not answer in time' })],
    });
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
      'GET /api/v1/runs/r-1': () => json(200, failed),
      'POST /api/v1/runs/r-1/retry': () => json(200, { ...failed, status: 'queued', error: null, failed_step: null, steps: [] }),
    });
    renderApp('/runs/r-1', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Retry from the failed step' }));
    await waitFor(() => expect(server.requests.filter((r) => r.path === '/api/v1/runs/r-1/retry')).toHaveLength(1));
    expect(await screen.findByRole('button', { name: 'Cancel run' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry from the failed step' })).toBeNull();
  });

  it('says who is asked while waiting for approval, and shows a refused cancel', async () => {
    const waiting = run({
      status: 'waiting',
      started_at: '2026-11-27T09:30:01.000Z',
      definition: {
        name: 'claim',
        steps: [{ id: 'sign_off', uses: 'approval', with: { title: 'Claim {{ inputs.policy }}' } }],
      },
      steps: [
        step('sign_off', {
          status: 'waiting',
          finished_at: null,
          duration_ms: null,
          input: { title: 'Claim PN-7', approvers: { users: ['approver@demo.local'], groups: ['IT approvers'] } },
        }),
      ],
    });
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
      'GET /api/v1/runs/r-1': () => json(200, waiting),
      'POST /api/v1/runs/r-1/cancel': () => apiErrorResponse(403, 'forbidden', 'You may not cancel runs in this workspace.'),
    });
    renderApp('/runs/r-1', server.fetch);

    const notice = await screen.findByTestId('run-waiting');
    expect(notice).toHaveTextContent('Waiting for approval: Claim PN-7');
    expect(notice).toHaveTextContent('Asked: approver@demo.local and the group IT approvers');
    expect(node('sign_off')).toHaveAttribute('data-status', 'waiting');

    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    const confirm = await screen.findByTestId('cancel-run-confirm');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel the run' }));

    expect(await within(confirm).findByRole('alert')).toHaveTextContent('You may not cancel runs in this workspace.');
    const cancel = server.requests.find((r) => r.path === '/api/v1/runs/r-1/cancel');
    expect(cancel?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('shows a map with how many items it ran over and the record of each item', async () => {
    const mapped = run({
      status: 'succeeded',
      started_at: '2026-11-27T09:30:01.000Z',
      finished_at: '2026-11-27T09:30:02.000Z',
      outputs: { summary: 'All three lines are fine' },
      definition: {
        name: 'invoice-check',
        steps: [{ id: 'review', uses: 'map', with: { items: '{{ inputs.lines }}', steps: [{ id: 'line', uses: 'template' }] } }],
      },
      steps: [
        step('review', { output: ['ok', 'ok', 'ok'] }),
        step('review[1].line', { output: 'ok, second' }),
        step('review[0].line', { output: 'ok, first' }),
        step('review[2].line', { output: 'ok, third' }),
      ],
    });
    const server = runServer(mapped);
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByTestId('run-outputs')).toHaveTextContent('All three lines are fine');
    expect(node('review')).toHaveTextContent('3 items');

    await userEvent.click(node('review'));
    const items = await screen.findByTestId('map-items');
    const labels = within(items).getAllByText(/^Item \d · line$/).map((element) => element.textContent);
    expect(labels).toEqual(['Item 1 · line', 'Item 2 · line', 'Item 3 · line']);
  });

  it('lists the documents the run wrote, each with its kind, size and step, to download until it is deleted', async () => {
    const server = runServer(documentRun);
    renderApp('/runs/r-1', server.fetch);

    const documents = await screen.findByTestId('run-documents');
    expect(within(documents).getByRole('heading', { name: 'Documents' })).toBeInTheDocument();

    const letter = within(documents).getByTestId('document-a-1');
    expect(letter).toHaveTextContent('claim-PN-7.pdf');
    expect(letter).toHaveTextContent('PDF · 12.5 KB');
    expect(letter).toHaveTextContent(`Kept until ${retentionDay('2099-12-27T09:30:02Z')}`);
    const download = within(letter).getByRole('link', { name: 'Download claim-PN-7.pdf' });
    expect(download).toHaveAttribute('href', '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002');
    expect(download).toHaveAttribute('download');

    const notes = within(documents).getByTestId('document-a-2');
    expect(notes).toHaveTextContent('notes.md');
    expect(notes).toHaveTextContent('Markdown · 300 bytes');
    expect(within(notes).getByRole('link', { name: 'Download notes.md' })).toHaveAttribute('href', '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000005');

    // Deleted at the end of its retention: said so, without a link.
    const old = within(documents).getByTestId('document-a-3');
    expect(old).toHaveTextContent('summary.docx');
    expect(old).toHaveTextContent('Word document · 2 MB');
    expect(old).toHaveTextContent(`Deleted on ${retentionDay('2026-10-01T00:00:00Z')} at the end of its retention`);
    expect(within(old).queryByRole('link')).not.toBeInTheDocument();

    // The step that wrote one opens its details.
    await userEvent.click(within(letter).getByRole('button', { name: 'Open step letter' }));
    expect(await screen.findByTestId('step-drawer')).toHaveTextContent('claim-PN-7.pdf');
    expect(screen.getByText('Step letter')).toBeInTheDocument();
  });

  it("shows a document step's output as its download, with the JSON still there", async () => {
    const server = runServer(documentRun);
    renderApp('/runs/r-1', server.fetch);

    // The run's output passed on from the step: its download, the JSON on demand.
    const outputs = await screen.findByTestId('run-outputs');
    const link = within(outputs).getByRole('link', { name: 'Download claim-PN-7.pdf (12.5 KB)' });
    expect(link).toHaveAttribute('href', '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002');
    expect(link).toHaveAttribute('download');
    expect(outputs).not.toHaveTextContent('"sha256"');
    await userEvent.click(within(outputs).getByRole('button', { name: 'Show the JSON' }));
    expect(outputs).toHaveTextContent('"sha256": "9f86d081"');

    await userEvent.click(node('letter'));
    const drawer = await screen.findByTestId('step-drawer');
    expect(within(drawer).getByTestId('step-output-documents')).toHaveTextContent('claim-PN-7.pdf12.5 KB');
    expect(within(drawer).getByRole('link', { name: 'Download claim-PN-7.pdf (12.5 KB)' })).toHaveAttribute(
      'href',
      '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002',
    );
    expect(within(drawer).getByTestId('step-output')).toHaveTextContent('"media_type": "application/pdf"');
  });

  it('explains a run that does not exist or may not be seen', async () => {
    const server = runServer(apiErrorResponse(404, 'not_found', 'There is no such run.'));
    renderApp('/runs/r-1', server.fetch);

    expect(await screen.findByRole('alert')).toHaveTextContent('There is no such run.');
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../../test/fakeServer';
import { run, stepKinds, triageRunning, triageSucceeded } from '../../../../test/runFixtures';
import type { WorkflowDoc } from '../model/types';
import { renderRoutes } from './renderRoutes';
import { TestPanel } from './TestPanel';
import { fill } from '../../../../test/fill';

const builder = session({
  grants: [{ role: 'builder', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['build', 'runs'],
});

const DEFINITION = 'apiVersion: paddock/v1\nkind: Workflow\nname: ticket-triage\n';
const EDITED = `${DEFINITION}description: edited\n`;

const doc: WorkflowDoc = {
  apiVersion: 'paddock/v1',
  kind: 'Workflow',
  name: 'ticket-triage',
  inputs: {
    subject: { type: 'string', required: true },
    body: { type: 'string' },
  },
  steps: ['kind', 'urgency', 'route', 'page_oncall', 'queue_ticket'].map((id) => ({ id, uses: 'template' })),
  outputs: { result: '{{ steps.page_oncall.output }}' },
};

const TEST_RUNS = '/api/v1/workspaces/it-service-desk/test-runs';
const posted = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && r.path === TEST_RUNS);
const queued = (id = 'r-1') => run({ id, status: 'queued', steps: [] });

/** What the canvas would do: keep the selected step, and every set of statuses it is told. */
function Canvas({ panelDoc = doc, initialInputs }: { panelDoc?: WorkflowDoc; initialInputs?: Record<string, unknown> }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [definition, setDefinition] = useState(DEFINITION);
  const [reported, setReported] = useState<(Record<string, string> | null)[]>([]);
  const [shown, setShown] = useState(true);
  return (
    <>
      <output data-testid="reported">{JSON.stringify(reported)}</output>
      <output data-testid="selected">{selected}</output>
      <button type="button" onClick={() => setSelected('page_oncall')}>
        Select page_oncall
      </button>
      <button type="button" onClick={() => setDefinition(EDITED)}>
        Edit the workflow
      </button>
      <button type="button" onClick={() => setShown(false)}>
        Close the panel
      </button>
      {shown && (
        <TestPanel
          workspace="it-service-desk"
          definition={definition}
          inputs={panelDoc.inputs}
          stepIds={panelDoc.steps.map((step) => step.id)}
          selectedStep={selected}
          onStepStatuses={(statuses) => setReported((previous) => [...previous, statuses])}
          onSelectStep={setSelected}
          initialInputs={initialInputs}
        />
      )}
    </>
  );
}

/**
 * The fake server, behind a fetch that records multipart requests without reading them (jsdom's files cannot be read
 * back through a Request): the handler sees `body: { multipart: true }`, the parts are read from `FormData.append`.
 */
function renderPanel(routes: Parameters<typeof fakeFetch>[0], props: Parameters<typeof Canvas>[0] = {}) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, builder),
    'GET /api/v1/step-kinds': () => json(200, stepKinds),
    ...routes,
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return server.fetch(request);
    const headers = new Headers(request.headers);
    headers.set('content-type', 'application/json');
    return server.fetch(request.url, { method: request.method, headers, body: JSON.stringify({ multipart: true }) });
  };
  renderRoutes('/build/it-service-desk/ticket-triage', fetch, <Route path="*" element={<Canvas {...props} />} />);
  return server;
}

/** Answers the run's polls with `answers` in turn, the last one for ever after. */
function polls(...answers: RunView[]) {
  let asked = 0;
  return () => json(200, answers[Math.min(asked++, answers.length - 1)]!);
}

const TEST_FILES = '/api/v1/workspaces/it-service-desk/test-files';
const uploads = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && r.path === TEST_FILES);

/** The parts of each multipart request, in order: name → value (a file by its name). */
function parts(append: ReturnType<typeof vi.spyOn>) {
  const calls = append.mock.calls as [string, unknown][];
  return calls.map(([name, value]) => [name, value instanceof File ? `file:${value.name}` : String(value)]);
}

/** A workflow with a file input, as written: PDFs or plain text, up to 1 MB. */
const withInvoice: WorkflowDoc = {
  ...doc,
  inputs: {
    subject: { type: 'string' },
    invoice: { type: 'file', required: true, accept: ['application/pdf', 'text/plain'], max_size: '1MB', description: 'The supplier invoice' },
  },
};

const uploaded = { id: 'up-1', name: 'invoice.txt', media_type: 'text/plain', size: 2048 };

afterEach(() => vi.restoreAllMocks());

const reported = () => JSON.parse(screen.getByTestId('reported').textContent ?? '[]') as (Record<string, string> | null)[];

describe('builder test panel', () => {
  it('runs the workflow with the sample inputs, lights the steps up as they go and shows the outputs', async () => {
    const server = renderPanel(
      { [`POST ${TEST_RUNS}`]: () => json(202, queued()), 'GET /api/v1/runs/r-1': polls(triageRunning, triageSucceeded) },
      { initialInputs: { subject: 'VPN down' } },
    );
    const panel = await screen.findByTestId('test-panel');
    expect(within(panel).getByLabelText(/^Subject/)).toHaveValue('VPN down');
    await userEvent.type(within(panel).getByLabelText(/^Body/), 'total outage in Paris');
    await userEvent.click(screen.getByTestId('test-run-button'));

    await waitFor(() => expect(screen.getByTestId('test-progress')).toHaveTextContent('5 of 5 steps done'), { timeout: 4000 });
    expect(posted(server.requests)[0]?.body).toEqual({ definition: DEFINITION, inputs: { subject: 'VPN down', body: 'total outage in Paris' } });
    const statuses = reported();
    expect(statuses[0]).toEqual({ kind: 'not_started', urgency: 'not_started', route: 'not_started', page_oncall: 'not_started', queue_ticket: 'not_started' });
    expect(statuses).toContainEqual(expect.objectContaining({ kind: 'running', urgency: 'succeeded', route: 'not_started' }));
    expect(statuses.at(-1)).toEqual({ kind: 'succeeded', urgency: 'succeeded', route: 'succeeded', page_oncall: 'succeeded', queue_ticket: 'skipped' });
    // Told once per change, not once per poll.
    expect(new Set(statuses.map((s) => JSON.stringify(s))).size).toBe(statuses.length);

    const outcome = screen.getByTestId('test-outcome');
    expect(within(outcome).getByTestId('test-outputs')).toHaveTextContent('"queue": "on-call"');
    expect(screen.getByTestId('test-usage')).toHaveTextContent('Took 2.4 s · 15 tokens (12 in, 3 out) · $0.0021');

    const kind = screen.getByTestId('test-step-kind');
    expect(kind).toHaveAttribute('data-status', 'succeeded');
    await userEvent.click(within(kind).getByRole('button', { name: /kind/ }));
    expect(await within(kind).findByText('12 in, 3 out')).toBeInTheDocument();
    expect(within(kind).getByText('$0.0021')).toBeInTheDocument();
    expect(within(kind).getByTestId('step-output')).toHaveTextContent('"category": "network"');
    expect(within(kind).getByText('250 ms')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Close the panel' }));
    expect(reported().at(-1)).toBeNull();
  });

  it('shows the step selected on the canvas first, opened on its record', async () => {
    renderPanel({ [`POST ${TEST_RUNS}`]: () => json(202, triageSucceeded), 'GET /api/v1/runs/r-1': polls(triageSucceeded) });
    await userEvent.type(await screen.findByLabelText(/^Subject/), 'VPN down');
    await userEvent.click(screen.getByTestId('test-run-button'));
    await screen.findByTestId('test-step-kind');
    const order = () => within(screen.getByTestId('test-steps')).getAllByTestId(/^test-step-/).map((el) => el.dataset.testid);
    expect(order()[0]).toBe('test-step-kind');

    await userEvent.click(screen.getByRole('button', { name: 'Select page_oncall' }));
    expect(order()).toEqual(['test-step-page_oncall', 'test-step-kind', 'test-step-urgency', 'test-step-route', 'test-step-queue_ticket']);
    const selected = screen.getByTestId('test-step-page_oncall');
    expect(within(selected).getByText('Selected')).toBeInTheDocument();
    expect(await within(selected).findByTestId('step-output')).toHaveTextContent('"queue": "on-call"');
  });

  it('lists problems in the definition to fix first, each leading to its step', async () => {
    renderPanel({
      [`POST ${TEST_RUNS}`]: () =>
        apiErrorResponse(422, 'invalid_input', 'definition: unknown step kind', {
          field: 'definition',
          problems: [{ path: 'steps[1].uses', message: "unknown step kind 'brnch'" }],
        }),
    });
    await userEvent.type(await screen.findByLabelText(/^Subject/), 'VPN down');
    await userEvent.click(screen.getByTestId('test-run-button'));

    const problems = await screen.findByTestId('test-definition-problems');
    expect(problems).toHaveTextContent('Fix these before testing');
    expect(problems).toHaveTextContent('Step 2 › kind of step');
    expect(problems).toHaveTextContent("Unknown step kind 'brnch'");
    await userEvent.click(within(problems).getByRole('button', { name: 'Show step urgency' }));
    expect(screen.getByTestId('selected')).toHaveTextContent('urgency');
    expect(screen.queryByTestId('test-run')).not.toBeInTheDocument();
  });

  it('puts input problems under their fields and refuses JSON it cannot read before asking', async () => {
    const server = renderPanel(
      {
        [`POST ${TEST_RUNS}`]: () =>
          apiErrorResponse(422, 'invalid_input', 'inputs: required', {
            field: 'inputs',
            problems: [{ path: 'inputs.subject', message: 'required, but not given' }],
          }),
      },
      { panelDoc: { ...doc, inputs: { subject: { type: 'string', required: true }, tags: { type: 'list' } } } },
    );
    fill(await screen.findByLabelText(/^Tags/), 'vpn, paris');
    await userEvent.click(screen.getByTestId('test-run-button'));
    expect(screen.getByLabelText(/^Tags/)).toHaveAccessibleDescription(/Write the list as JSON/);
    expect(posted(server.requests)).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText(/^Tags/));
    await userEvent.click(screen.getByTestId('test-run-button'));
    await waitFor(() => expect(screen.getByLabelText(/^Subject/)).toHaveAccessibleDescription(/Required, but not given/));
  });

  it("uploads a file as soon as it is chosen, waits for it, then runs with the upload's id", async () => {
    const append = vi.spyOn(FormData.prototype, 'append');
    let answer: (response: Response) => void = () => undefined;
    const server = renderPanel(
      {
        [`POST ${TEST_FILES}`]: () => new Promise<Response>((resolve) => (answer = resolve)),
        [`POST ${TEST_RUNS}`]: () => json(202, queued()),
        'GET /api/v1/runs/r-1': polls(queued()),
      },
      { panelDoc: withInvoice },
    );
    const picker = await screen.findByTestId('test-file-invoice');
    // The field keeps its label, says what the input takes, and the stand-in and its notice are gone.
    expect(screen.getByLabelText(/^Invoice/)).toBe(picker);
    expect(picker).toHaveAttribute('type', 'file');
    expect(picker).toHaveAttribute('accept', 'application/pdf,text/plain');
    expect(screen.getByTestId('file-rules-invoice')).toHaveTextContent('PDF or plain text, up to 1 MB');
    expect(screen.getByText('The supplier invoice')).toBeInTheDocument();
    expect(screen.queryByTestId('test-files-notice')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /^Invoice/ })).not.toBeInTheDocument();

    const file = new File(['x'.repeat(2048)], 'invoice.txt', { type: 'text/plain' });
    await userEvent.upload(picker, file);
    // On its way: shown with a loader, and the test waits for it.
    expect(await screen.findByTestId('file-uploading-invoice')).toHaveTextContent('Uploading invoice.txt…');
    expect(screen.getByTestId('test-run-button')).toBeDisabled();
    expect(screen.getByTestId('test-waiting-for-upload')).toHaveTextContent('The test can run once the file has uploaded.');
    await waitFor(() => expect(uploads(server.requests)).toHaveLength(1));
    const upload = uploads(server.requests)[0]!;
    expect(upload.headers.get('x-csrf-token')).toBe('csrf-123');
    expect(upload.body).toEqual({ multipart: true });
    expect(parts(append)).toEqual([
      ['definition', DEFINITION],
      ['input', 'invoice'],
      ['file', 'file:invoice.txt'],
    ]);

    answer(json(201, uploaded));
    expect(await screen.findByTestId('test-file-name-invoice')).toHaveTextContent('invoice.txt');
    expect(screen.getByTestId('file-chosen-invoice')).toHaveTextContent('2 KB');
    expect(screen.queryByTestId('test-waiting-for-upload')).not.toBeInTheDocument();
    expect(screen.getByTestId('test-run-button')).toBeEnabled();

    await userEvent.click(screen.getByTestId('test-run-button'));
    await waitFor(() => expect(posted(server.requests)[0]?.body).toEqual({ definition: DEFINITION, inputs: { invoice: 'up-1' } }));
  });

  it('removes the file: the run is then sent without it', async () => {
    const server = renderPanel(
      {
        [`POST ${TEST_FILES}`]: () => json(201, uploaded),
        [`POST ${TEST_RUNS}`]: () =>
          apiErrorResponse(422, 'invalid_input', 'inputs: required', { field: 'inputs', problems: [{ path: 'inputs.invoice', message: 'required, but not given' }] }),
      },
      { panelDoc: withInvoice },
    );
    await userEvent.upload(await screen.findByTestId('test-file-invoice'), new File(['hello'], 'invoice.txt', { type: 'text/plain' }));
    await screen.findByTestId('test-file-name-invoice');
    await userEvent.click(screen.getByRole('button', { name: 'Remove invoice.txt' }));
    expect(screen.queryByTestId('test-file-name-invoice')).not.toBeInTheDocument();
    expect(screen.getByText('Drag a file here, or choose one')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Subject/), 'VPN down');
    await userEvent.click(screen.getByTestId('test-run-button'));
    await waitFor(() => expect(posted(server.requests)[0]?.body).toEqual({ definition: DEFINITION, inputs: { subject: 'VPN down' } }));
    // The server's word on the missing file shows under its field.
    expect(await screen.findByText('Required, but not given')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Invoice/)).toHaveAccessibleDescription(/Required, but not given/);
  });

  it("refuses in the browser a file of a kind or size the input does not take, before anything is sent", async () => {
    const server = renderPanel({}, { panelDoc: withInvoice });
    const picker = await screen.findByTestId('test-file-invoice');
    await userEvent.upload(picker, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }), { applyAccept: false });
    expect(await screen.findByText('“setup.exe” is not a kind of file this input accepts. Choose PDF or plain text.')).toBeInTheDocument();

    const big = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 2 * 1024 * 1024 });
    fireEvent.drop(screen.getByTestId('file-drop-invoice'), { dataTransfer: { files: [big] } });
    expect(await screen.findByText('“scan.pdf” is 2 MB, larger than the 1 MB this input accepts. Choose a smaller file.')).toBeInTheDocument();
    expect(uploads(server.requests)).toHaveLength(0);
  });

  it("shows the server's refusal under the field, in its words, and keeps the file uploaded before", async () => {
    let refusal: Response | null = null;
    renderPanel(
      { [`POST ${TEST_FILES}`]: () => refusal ?? json(201, uploaded) },
      { panelDoc: withInvoice },
    );
    const picker = await screen.findByTestId('test-file-invoice');
    await userEvent.upload(picker, new File(['hello'], 'invoice.txt', { type: 'text/plain' }));
    await screen.findByTestId('test-file-name-invoice');

    refusal = apiErrorResponse(422, 'invalid_input', 'file: renamed.pdf is application/x-msdownload; invoice accepts application/pdf, text/plain', {
      field: 'file',
    });
    await userEvent.upload(picker, new File(['MZ'], 'renamed.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('renamed.pdf is application/x-msdownload; invoice accepts application/pdf, text/plain')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Invoice/)).toHaveAccessibleDescription(/renamed.pdf is application\/x-msdownload/);
    expect(screen.getByTestId('test-file-name-invoice')).toHaveTextContent('invoice.txt');
    expect(screen.getByTestId('test-run-button')).toBeEnabled();

    refusal = apiErrorResponse(413, 'payload_too_large', 'scan.pdf is 1.5 MB; invoice accepts files of at most 1 MB.', { field: 'file', limit_bytes: 1048576 });
    await userEvent.upload(picker, new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('scan.pdf is 1.5 MB; invoice accepts files of at most 1 MB.')).toBeInTheDocument();
  });

  it("lists the definition's problems when the draft cannot take a file yet", async () => {
    renderPanel(
      {
        [`POST ${TEST_FILES}`]: () =>
          apiErrorResponse(422, 'invalid_input', 'definition: 1 problem', {
            field: 'definition',
            problems: [{ path: 'steps[1].uses', message: "unknown step kind 'brnch'" }],
          }),
      },
      { panelDoc: withInvoice },
    );
    await userEvent.upload(await screen.findByTestId('test-file-invoice'), new File(['hello'], 'invoice.txt', { type: 'text/plain' }));
    expect(await screen.findByText(/The workflow has problems to fix before a file can be tried with it/)).toBeInTheDocument();
    expect(screen.getByTestId('test-definition-problems')).toHaveTextContent("Unknown step kind 'brnch'");
    expect(screen.queryByTestId('test-file-name-invoice')).not.toBeInTheDocument();
  });

  it('says so under the field when the person may not try files here', async () => {
    renderPanel(
      { [`POST ${TEST_FILES}`]: () => apiErrorResponse(403, 'forbidden', 'You may not try workflows in IT Service Desk.') },
      { panelDoc: withInvoice },
    );
    await userEvent.upload(await screen.findByTestId('test-file-invoice'), new File(['hello'], 'invoice.txt', { type: 'text/plain' }));
    expect(await screen.findByText('You may not try workflows in IT Service Desk.')).toBeInTheDocument();
  });
});

describe('builder test panel: re-run from a step', () => {
  const rerunRoutes = (answer: () => Response) => ({
    [`POST ${TEST_RUNS}`]: (request: RecordedRequest) =>
      (request.body as { rerun?: unknown }).rerun === undefined ? json(202, triageSucceeded) : answer(),
    'GET /api/v1/runs/r-1': polls(triageSucceeded),
    'GET /api/v1/runs/r-2': polls({ ...triageSucceeded, id: 'r-2' }),
  });

  async function runThenRerunFrom(step: string) {
    await userEvent.type(await screen.findByLabelText(/^Subject/), 'VPN down');
    await userEvent.click(screen.getByTestId('test-run-button'));
    const item = await screen.findByTestId(`test-step-${step}`);
    expect(screen.queryByTestId('test-rerun-queue_ticket')).not.toBeInTheDocument();
    await userEvent.click(within(item).getByRole('button', { name: new RegExp(step) }));
    await userEvent.click(await within(item).findByTestId(`test-rerun-${step}`));
  }

  it('runs the step and those after it again with the edited workflow, on the earlier run (its inputs included)', async () => {
    const server = renderPanel(rerunRoutes(() => json(202, { ...queued('r-2') })));
    await userEvent.click(await screen.findByRole('button', { name: 'Edit the workflow' }));
    await runThenRerunFrom('route');

    await waitFor(() => expect(screen.getByTestId('test-run')).toHaveAttribute('data-run', 'r-2'));
    expect(posted(server.requests)[1]?.body).toEqual({
      definition: EDITED,
      rerun: { run: 'r-1', from_step: 'route' },
    });
  });

  it('says a newer server is needed when this one does not know the field', async () => {
    renderPanel(
      rerunRoutes(() =>
        apiErrorResponse(400, 'invalid_json', 'The body does not have the expected shape: unknown field `rerun`, expected `definition` or `inputs` at line 1 column 90'),
      ),
    );
    await runThenRerunFrom('kind');
    expect(await screen.findByTestId('test-rerun-unsupported')).toHaveTextContent('Re-running from a step needs a newer server');
    expect(screen.getByTestId('test-run')).toHaveAttribute('data-run', 'r-1');
  });

  it("shows the server's reason when it refuses the re-run", async () => {
    renderPanel(
      rerunRoutes(() =>
        apiErrorResponse(422, 'invalid_input', "rerun.from_step: the workflow has no step 'kind' to run again", { field: 'rerun.from_step' }),
      ),
    );
    await runThenRerunFrom('kind');
    const alert = (await screen.findByText('The re-run could not start')).closest('[role="alert"]');
    // In words, without the API's field name in front.
    expect(alert).toHaveTextContent("The workflow has no step 'kind' to run again");
    expect(alert).not.toHaveTextContent('rerun.from_step');
    expect(screen.queryByTestId('test-rerun-unsupported')).not.toBeInTheDocument();
  });

  it('tells that the workflow changed since the run shown', async () => {
    renderPanel(rerunRoutes(() => json(202, queued('r-2'))));
    await userEvent.type(await screen.findByLabelText(/^Subject/), 'VPN down');
    await userEvent.click(screen.getByTestId('test-run-button'));
    await screen.findByTestId('test-run');
    expect(screen.queryByTestId('test-stale')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Edit the workflow' }));
    expect(screen.getByTestId('test-stale')).toHaveTextContent('You changed the workflow after this test started');
  });
});

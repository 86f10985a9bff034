import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DraftView, ValidationReport } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { CLAIM_TO_HOSTED } from '../../test/policyFixtures';
import { renderApp } from '../../test/renderApp';
import { EXAMPLE_WORKFLOW } from './example';

const builder = session({
  display_name: 'Blake Builder',
  email: 'builder@demo.local',
  grants: [
    { role: 'builder', workspace: 'it-service-desk' },
    { role: 'builder', workspace: 'claims' },
  ],
  workspaces: [
    { slug: 'it-service-desk', name: 'IT Service Desk' },
    { slug: 'claims', name: 'Claims' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge'],
});

const DEFINITION = 'apiVersion: paddock/v1\nkind: Workflow\nname: ticket-triage\ndescription: Route incoming IT tickets\nsteps: []\n';

function draft(overrides: Partial<DraftView> = {}): DraftView {
  return {
    workspace: 'it-service-desk',
    name: 'ticket-triage',
    description: 'Route incoming IT tickets',
    definition: DEFINITION,
    revision: 1,
    updated_by: 'builder@demo.local',
    updated_at: '2026-11-27T09:30:00Z',
    valid: true,
    problems: [],
    policy: [],
    ...overrides,
  };
}

const valid: ValidationReport = { valid: true, name: 'ticket-triage', steps: ['kind'], inputs: { subject: { type: 'string' } }, problems: [] };

const LIST = '/api/v1/workspaces/it-service-desk/workflows';
const TRIAGE = '/api/v1/workspaces/it-service-desk/workflows/ticket-triage';
const sent = (requests: RecordedRequest[], method: string, path: string) =>
  requests.filter((r) => r.method === method && r.path === path);

/** Opens the draft at /build/it-service-desk/ticket-triage and waits until it is checked. */
async function openTriage(routes: Parameters<typeof fakeFetch>[0]) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, builder),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    [`GET ${TRIAGE}`]: () => json(200, draft()),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage', server.fetch);
  await screen.findByTestId('check-ok');
  return server;
}

async function typeAtEnd(text: string) {
  const editor = screen.getByLabelText('Workflow definition');
  await userEvent.click(editor);
  await userEvent.type(editor, text);
  return editor;
}

describe('build: the workflows of a workspace', () => {
  it('lists the drafts with their state and who saved them last, each opening its draft', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      [`GET ${LIST}`]: () =>
        json(200, {
          workflows: [
            draft({ revision: 3 }),
            draft({
              name: 'laptop-request',
              description: '',
              valid: false,
              updated_by: null,
              problems: [
                { path: 'steps[0].uses', message: 'unknown step kind' },
                { path: 'inputs.who', message: 'unknown type' },
              ],
            }),
          ],
        }),
      [`GET ${TRIAGE}`]: () => json(200, draft({ revision: 3 })),
      'POST /api/v1/workflows/validate': () => json(200, valid),
    });
    renderApp('/build', server.fetch);

    const table = await screen.findByTestId('drafts-table');
    const triage = within(table).getByTestId('draft-row-ticket-triage');
    expect(triage).toHaveTextContent('Route incoming IT tickets');
    expect(within(triage).getByTestId('draft-status')).toHaveTextContent('Valid');
    expect(triage).toHaveTextContent('Revision 3, by builder@demo.local');
    const laptops = within(table).getByTestId('draft-row-laptop-request');
    expect(within(laptops).getByTestId('draft-status')).toHaveTextContent('2 problems');
    expect(laptops).toHaveTextContent('No description');
    expect(laptops).not.toHaveTextContent(' by ');
    expect(screen.getByRole('link', { name: 'New workflow' })).toHaveAttribute('href', '/build/new?workspace=it-service-desk');

    await userEvent.click(within(triage).getByRole('link', { name: 'ticket-triage' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/ticket-triage'));
    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(DEFINITION);
    // Opened, it is checked at once: its run form is there without a click.
    expect(await screen.findByTestId('run-form')).toBeInTheDocument();
    expect(sent(server.requests, 'POST', '/api/v1/workflows/validate')[0]?.body).toEqual({ definition: DEFINITION });
    expect(screen.getByTestId('save-status')).toHaveTextContent('Saved (revision 3)');
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();
  });

  it('explains drafts when a workspace has none and offers a new workflow', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/workspaces/claims/workflows': () => json(200, { workflows: [] }),
    });
    renderApp('/build?workspace=claims', server.fetch);

    const empty = await screen.findByTestId('empty-build');
    expect(empty).toHaveTextContent('No workflows in Claims yet');
    expect(empty).toHaveTextContent('A workflow starts as a draft');
    await userEvent.click(within(empty).getByRole('link', { name: 'New workflow' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/new'));
    expect(screen.getByTestId('location-search')).toHaveTextContent('?workspace=claims');
    expect(await screen.findByRole('heading', { level: 1, name: 'New workflow' })).toBeInTheDocument();
    expect(screen.getByTestId('workspace-select')).toHaveValue('Claims');
    expect(screen.getByTestId('save-status')).toHaveTextContent('Not saved yet');
  });

  it('says plainly when the workflows may not be seen', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      [`GET ${LIST}`]: () => apiErrorResponse(403, 'forbidden', 'You need the builder role in IT Service Desk to see its workflows.'),
    });
    renderApp('/build', server.fetch);
    expect(await screen.findByText('You need the builder role in IT Service Desk to see its workflows.')).toBeInTheDocument();
  });
});

describe('build: saving a draft', () => {
  it('saves the change on top of the revision loaded and lists the problems saved with it', async () => {
    const server = await openTriage({
      [`PUT ${TRIAGE}`]: (request) => {
        const { definition } = request.body as { definition: string };
        return json(200, draft({ definition, revision: 2, valid: false, problems: [{ path: 'steps', message: 'a workflow needs at least one step' }] }));
      },
    });

    await typeAtEnd('# mine');
    expect(screen.getByTestId('save-status')).toHaveTextContent('Unsaved changes (you started from revision 1)');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(screen.getByTestId('save-status')).toHaveTextContent('Saved (revision 2)'));
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: `${DEFINITION}# mine`, base_revision: 1 });
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const problems = screen.getByTestId('workflow-problems');
    expect(problems).toHaveTextContent('Saved, with 1 problem to fix before it can run');
    expect(problems).toHaveTextContent('A workflow needs at least one step');
    // The header follows what was saved, and so does the run form: checked again with the save.
    expect(screen.getByTestId('draft-saved')).toHaveTextContent('Revision 2');
    await waitFor(() => expect(sent(server.requests, 'POST', '/api/v1/workflows/validate')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId('check-stale')).not.toBeInTheDocument());

    // The next save builds on the revision just saved.
    await typeAtEnd(' again');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(2));
    expect(sent(server.requests, 'PUT', TRIAGE)[1]?.body).toMatchObject({ base_revision: 2 });
  });

  it('lists why a save was refused with the problems of the check', async () => {
    await openTriage({
      [`PUT ${TRIAGE}`]: () =>
        apiErrorResponse(422, 'invalid_input', "definition: the definition is named 'other'", {
          field: 'definition',
          problems: [{ path: 'name', message: "the definition is named 'other', but it is saved as the workflow 'ticket-triage'" }],
        }),
    });
    await typeAtEnd('#');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    const problems = await screen.findByTestId('workflow-problems');
    expect(problems).toHaveTextContent('Not saved: fix this problem first');
    expect(problems).toHaveTextContent("The definition is named 'other', but it is saved as the workflow 'ticket-triage'");
    expect(screen.getByTestId('save-status')).toHaveTextContent('Unsaved changes');
  });

  it("warns of a colleague's save in plain words, keeps the text, and reloads their version on request", async () => {
    let current = draft();
    const server = await openTriage({
      [`GET ${TRIAGE}`]: () => json(200, current),
      [`PUT ${TRIAGE}`]: () => {
        current = draft({ definition: `${DEFINITION}# theirs\n`, revision: 3, updated_by: 'colleague@demo.local' });
        return apiErrorResponse(409, 'edit_conflict', "Someone else saved 'ticket-triage' since you opened it.", { revision: 3 });
      },
    });

    const editor = await typeAtEnd('# mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    const conflict = await screen.findByTestId('edit-conflict');
    expect(conflict).toHaveTextContent(
      'Someone else saved this workflow while you were editing. Reload to see their version; copy your changes first.',
    );
    expect(editor).toHaveValue(`${DEFINITION}# mine`);
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: `${DEFINITION}# mine`, base_revision: 1 });
    expect(within(conflict).getByRole('button', { name: 'Copy your version' })).toBeInTheDocument();

    await userEvent.click(within(conflict).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.getByLabelText('Workflow definition')).toHaveValue(`${DEFINITION}# theirs\n`));
    expect(screen.getByTestId('save-status')).toHaveTextContent('Saved (revision 3)');
    expect(screen.queryByTestId('edit-conflict')).not.toBeInTheDocument();
    expect(screen.getByTestId('draft-saved')).toHaveTextContent('colleague@demo.local');
  });
});

describe('build: saving a new workflow', () => {
  const NEW = '/build/new?workspace=it-service-desk';

  it("creates it under the definition's name, without a base revision, and opens it", async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': () => json(200, valid),
      [`PUT ${TRIAGE}`]: (request) => json(201, draft({ definition: (request.body as { definition: string }).definition })),
    });
    renderApp(NEW, server.fetch);
    await userEvent.click(await screen.findByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/ticket-triage'));
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW });
    // Looked for first: a save without a base revision would overwrite a workflow of the same name.
    const order = server.requests.filter((r) => r.path === TRIAGE).map((r) => r.method);
    expect(order.slice(0, 2)).toEqual(['GET', 'PUT']);
    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(EXAMPLE_WORKFLOW);
    expect(screen.getByTestId('save-status')).toHaveTextContent('Saved (revision 1)');
  });

  it('does not overwrite a workflow of the same name', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      [`GET ${TRIAGE}`]: () => json(200, draft()),
    });
    renderApp(NEW, server.fetch);
    await userEvent.click(await screen.findByRole('button', { name: 'Save draft' }));

    expect(await screen.findByTestId('name-taken')).toHaveTextContent('There is already a workflow named “ticket-triage” in this workspace.');
    expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(0);
    expect(screen.getByTestId('location')).toHaveTextContent('/build/new');
  });

  it('asks for a name when the definition has none and writes it in', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'PUT /api/v1/workspaces/it-service-desk/workflows/leave-requests': (request) =>
        json(201, draft({ name: 'leave-requests', definition: (request.body as { definition: string }).definition })),
    });
    renderApp(NEW, server.fetch);
    const editor = await screen.findByLabelText('Workflow definition');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'kind: Workflow');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    const dialog = await screen.findByRole('dialog', { name: 'Name this workflow' });
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'Leave');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save draft' }));
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAccessibleDescription(/lower-case letters/);
    await userEvent.clear(within(dialog).getByLabelText(/^Name/));
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'leave-requests');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/leave-requests'));
    expect(sent(server.requests, 'PUT', '/api/v1/workspaces/it-service-desk/workflows/leave-requests')[0]?.body).toEqual({
      definition: 'kind: Workflow\nname: leave-requests',
    });
  });
});

describe('build: policy warnings', () => {
  const CHECK = '/api/v1/workspaces/it-service-desk/policy-check';
  const warning = CLAIM_TO_HOSTED;

  it('shows the warnings saved with the draft in their own panel, apart from the format problems', async () => {
    await openTriage({ [`GET ${TRIAGE}`]: () => json(200, draft({ policy: [warning] })) });

    const panel = screen.getByTestId('policy-panel');
    expect(within(panel).getByTestId('policy-count')).toHaveTextContent('1 policy warning in dev');
    expect(within(panel).getByTestId('policy-message')).toHaveTextContent('inputs.claim is confidential/pii');
    expect(within(panel).getByTestId('policy-chain')).toHaveTextContent('inputs.claim · confidential/pii');
    expect(screen.queryByTestId('workflow-problems')).not.toBeInTheDocument();
    expect(screen.getByTestId('draft-policy')).toHaveTextContent('1 policy warning');
    // Opened, not saved here: nothing to confirm.
    expect(screen.queryByTestId('save-confirmation')).not.toBeInTheDocument();
  });

  it('says after a save how many policy warnings it has, then that it has none once fixed', async () => {
    let saves = 0;
    await openTriage({
      [`PUT ${TRIAGE}`]: (request) => {
        saves += 1;
        const { definition } = request.body as { definition: string };
        return json(200, draft({ definition, revision: 1 + saves, policy: saves === 1 ? [warning] : [] }));
      },
    });

    await typeAtEnd('# hosted');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    const confirmation = await screen.findByTestId('save-confirmation');
    expect(confirmation).toHaveTextContent('Saved — 1 policy warning');
    expect(within(screen.getByTestId('policy-panel')).getByTestId('policy-chain-sink')).toHaveTextContent('hosted-general');

    // Changing the text again: the confirmation goes, and the panel says it is out of date.
    await typeAtEnd(' secure');
    expect(screen.queryByTestId('save-confirmation')).not.toBeInTheDocument();
    expect(screen.getByTestId('policy-source')).toHaveTextContent('You changed the workflow since');

    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(screen.getByTestId('save-confirmation')).toHaveTextContent('Saved — no policy problems in dev'));
    expect(screen.getByTestId('policy-ok')).toHaveTextContent('No policy problems in dev');
    expect(screen.queryByTestId('policy-violation')).not.toBeInTheDocument();
    expect(screen.getByTestId('policy-source')).not.toHaveTextContent('You changed the workflow since');
  });

  it('checks the text being edited for the environment chosen', async () => {
    const server = await openTriage({
      [`POST ${CHECK}`]: (request) => {
        const { environment } = request.body as { environment: string };
        return json(200, { workspace: 'it-service-desk', environment, passes: false, violations: [warning] });
      },
    });

    await typeAtEnd('# unsaved');
    await userEvent.click(screen.getByRole('combobox', { name: 'Check for environment' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Production (prod)', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Check policy' }));

    expect(await screen.findByTestId('policy-count')).toHaveTextContent('1 policy warning in prod');
    expect(screen.getByTestId('policy-source')).toHaveTextContent('Checked for Production (prod)');
    const [check] = sent(server.requests, 'POST', CHECK);
    expect(check?.body).toEqual({ definition: `${DEFINITION}# unsaved`, environment: 'prod' });
    expect(check?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('lists the problems that keep the policy from being checked, and says so when an environment is unknown', async () => {
    let calls = 0;
    await openTriage({
      [`POST ${CHECK}`]: () => {
        calls += 1;
        return calls === 1
          ? apiErrorResponse(422, 'invalid_input', 'definition: the workflow has 1 problem', {
              field: 'definition',
              problems: [{ path: 'steps[0].uses', message: "unknown step kind 'lm'" }],
            })
          : apiErrorResponse(404, 'not_found', "There is no environment 'staging'.");
      },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Check policy' }));
    const problems = await screen.findByTestId('policy-problems');
    expect(problems).toHaveTextContent('Its policy cannot be checked until these problems are fixed');
    expect(problems).toHaveTextContent("Unknown step kind 'lm'");

    await userEvent.click(screen.getByRole('button', { name: 'Check policy' }));
    expect(await screen.findByText("There is no environment 'staging'.")).toBeInTheDocument();
    expect(screen.getByText('The policy could not be checked')).toBeInTheDocument();
  });

  it('confirms the first save of a new workflow on the page it opens', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': () => json(200, valid),
      [`PUT ${TRIAGE}`]: (request) => {
        const saved = draft({ definition: (request.body as { definition: string }).definition, policy: [warning] });
        return json(201, saved);
      },
    });
    renderApp('/build/new?workspace=it-service-desk', server.fetch);
    expect(await screen.findByTestId('policy-none')).toHaveTextContent('Save the workflow to see its policy warnings for dev');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/ticket-triage'));
    expect(await screen.findByTestId('save-confirmation')).toHaveTextContent('Saved — 1 policy warning');
    expect(screen.getByTestId('policy-count')).toHaveTextContent('1 policy warning in dev');
  });
});

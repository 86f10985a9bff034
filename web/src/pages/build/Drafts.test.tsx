import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftView, ValidationReport } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { CLAIM_TO_HOSTED } from '../../test/policyFixtures';
import { renderApp } from '../../test/renderApp';
import { mockReactFlow } from '../../test/xyflow';
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

beforeAll(mockReactFlow);

const DEFINITION =
  'apiVersion: paddock/v1\nkind: Workflow\nname: ticket-triage\ndescription: Route incoming IT tickets\nsteps:\n  - { id: kind, uses: template, with: { value: 1 } }\n';

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

const CHECK = '/api/v1/workspaces/it-service-desk/policy-check';
/** Autosave waits 1.5 s after the last change: a test waits for it a little longer than that. */
const AUTOSAVED = { timeout: 4000 };

/** Opens the draft at /build/it-service-desk/ticket-triage and waits until its steps are drawn. */
async function openTriage(routes: Parameters<typeof fakeFetch>[0]) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, builder),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    [`POST ${CHECK}`]: () => json(200, { workspace: 'it-service-desk', environment: 'dev', passes: true, violations: [] }),
    [`GET ${TRIAGE}`]: () => json(200, draft()),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage', server.fetch);
  await screen.findByTestId('builder-node-kind');
  return server;
}

/** Replaces the YAML with `text`, in the builder's YAML view. */
async function typeYaml(text: string) {
  if (screen.queryByLabelText('Workflow definition') === null) await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
  const editor = screen.getByLabelText('Workflow definition');
  fireEvent.change(editor, { target: { value: text } });
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
    // Opened in the builder, and checked at once.
    expect(await screen.findByTestId('builder-node-kind')).toBeInTheDocument();
    await waitFor(() => expect(sent(server.requests, 'POST', '/api/v1/workflows/validate')[0]?.body).toEqual({ definition: DEFINITION }));
    expect(within(screen.getByTestId('builder-save-status')).getByTitle('Revision 3')).toHaveTextContent(/^Saved at/);
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(DEFINITION);
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
    expect(screen.getByTestId('builder-save-status')).toHaveTextContent('Not saved yet');
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
  it('saves a change by itself once typing pauses, on top of the revision loaded, then on the revision saved', async () => {
    let revision = 1;
    const server = await openTriage({
      [`PUT ${TRIAGE}`]: (request) => {
        revision += 1;
        return json(200, draft({ definition: (request.body as { definition: string }).definition, revision }));
      },
    });

    await typeYaml(`${DEFINITION}# mine\n`);
    expect(screen.getByTestId('builder-save-status')).toHaveTextContent('Unsaved changes');
    await waitFor(() => expect(screen.getByTestId('builder-save-status')).toHaveTextContent(/^Saved at/), AUTOSAVED);
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: `${DEFINITION}# mine\n`, base_revision: 1 });
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    // The header follows what was saved.
    expect(screen.getByTestId('draft-saved')).toHaveTextContent('Revision 2');

    await typeYaml(`${DEFINITION}# mine again\n`);
    await waitFor(() => expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(2), AUTOSAVED);
    expect(sent(server.requests, 'PUT', TRIAGE)[1]?.body).toMatchObject({ base_revision: 2 });
  });

  it('saves at once with Save draft, and never saves YAML that cannot be read', async () => {
    const server = await openTriage({
      [`PUT ${TRIAGE}`]: (request) => json(200, draft({ definition: (request.body as { definition: string }).definition, revision: 2 })),
    });
    await typeYaml('steps: [');
    await waitFor(() => expect(screen.getByTestId('builder-save-status')).toHaveTextContent('Not saved: the YAML cannot be read'));
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();

    await typeYaml(`${DEFINITION}# now\n`);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save draft' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(1));
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: `${DEFINITION}# now\n`, base_revision: 1 });
  });

  it('says why a save was refused, and does not try again until the workflow changes', async () => {
    const server = await openTriage({
      [`PUT ${TRIAGE}`]: () =>
        apiErrorResponse(422, 'invalid_input', "definition: the definition is named 'other'", {
          field: 'definition',
          problems: [{ path: 'name', message: "the definition is named 'other', but it is saved as the workflow 'ticket-triage'" }],
        }),
    });
    await typeYaml(DEFINITION.replace('name: ticket-triage', 'name: other'));
    await waitFor(
      () => expect(screen.getByTestId('builder-save-status')).toHaveTextContent("Not saved: The definition is named 'other'"),
      AUTOSAVED,
    );
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(1);
  });

  it("stops at a colleague's save, names them, and loads their version or keeps mine on request", async () => {
    let current = draft();
    const server = await openTriage({
      [`GET ${TRIAGE}`]: () => json(200, current),
      [`PUT ${TRIAGE}`]: (request) => {
        const { base_revision: base, definition } = request.body as { base_revision: number; definition: string };
        if (base === 1) {
          current = draft({ definition: `${DEFINITION}# theirs\n`, revision: 3, updated_by: 'colleague@demo.local' });
          return apiErrorResponse(409, 'edit_conflict', "Someone else saved 'ticket-triage' since you opened it.", { revision: 3 });
        }
        current = draft({ definition, revision: base + 1 });
        return json(200, current);
      },
    });

    await typeYaml(`${DEFINITION}# mine\n`);
    const conflict = await screen.findByTestId('builder-conflict', {}, AUTOSAVED);
    expect(conflict).toHaveTextContent('colleague@demo.local saved this workflow while you were editing it');
    expect(conflict).toHaveTextContent('Revision 3 was saved on');
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(`${DEFINITION}# mine\n`);
    // Saving has stopped: nothing more is sent while the conflict stands.
    await typeYaml(`${DEFINITION}# mine, more\n`);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(1);

    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep mine (overwrite)' }));
    await waitFor(() => expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(2));
    expect(sent(server.requests, 'PUT', TRIAGE)[1]?.body).toEqual({ definition: `${DEFINITION}# mine, more\n`, base_revision: 3 });
    await waitFor(() => expect(screen.queryByTestId('builder-conflict')).not.toBeInTheDocument());
  });

  it("loads a colleague's version in place of mine, which undo brings back", async () => {
    let current = draft();
    await openTriage({
      [`PUT ${TRIAGE}`]: () => {
        current = draft({ definition: DEFINITION.replace('id: kind', 'id: theirs'), revision: 3, updated_by: 'colleague@demo.local' });
        return apiErrorResponse(409, 'edit_conflict', 'Someone else saved it.', { revision: 3 });
      },
      [`GET ${TRIAGE}`]: () => json(200, current),
    });
    await typeYaml(DEFINITION.replace('id: kind', 'id: mine'));
    const conflict = await screen.findByTestId('builder-conflict', {}, AUTOSAVED);
    await userEvent.click(within(conflict).getByRole('button', { name: 'Load their version' }));
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(DEFINITION.replace('id: kind', 'id: theirs'));
    expect(within(screen.getByTestId('builder-save-status')).getByTitle('Revision 3')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('builder-undo'));
    await userEvent.click(screen.getByRole('radio', { name: 'Canvas' }));
    expect(await screen.findByTestId('builder-node-mine')).toBeInTheDocument();
  });
});

describe('build: saving a new workflow', () => {
  const NEW = { pathname: '/build/new', search: '?workspace=it-service-desk', state: { definition: EXAMPLE_WORKFLOW } };

  it('creates it under the name given, without a base revision, and opens it', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': () => json(200, valid),
      [`PUT ${TRIAGE}`]: (request) => json(201, draft({ definition: (request.body as { definition: string }).definition })),
    });
    renderApp(NEW, server.fetch);
    // The definition it was handed is its starting point, under that definition's name.
    expect(await screen.findByLabelText(/^Name/)).toHaveValue('ticket-triage');
    expect(screen.getByTestId('builder-save-status')).toHaveTextContent('Not saved yet');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/ticket-triage'));
    expect(sent(server.requests, 'PUT', TRIAGE)[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW });
    // Looked for first: a save without a base revision would overwrite a workflow of the same name.
    const order = server.requests.filter((r) => r.path === TRIAGE).map((r) => r.method);
    expect(order.slice(0, 2)).toEqual(['GET', 'PUT']);
    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
    expect(await screen.findByTestId('builder-notice')).toHaveTextContent('From now on your changes are saved as you make them');
    expect(within(screen.getByTestId('builder-save-status')).getByTitle('Revision 1')).toBeInTheDocument();
  });

  it('does not overwrite a workflow of the same name', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      [`GET ${TRIAGE}`]: () => json(200, draft()),
    });
    renderApp(NEW, server.fetch);
    await userEvent.click(await screen.findByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('There is already a workflow named “ticket-triage” in this workspace.')).toBeInTheDocument();
    expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(0);
    expect(screen.getByTestId('location')).toHaveTextContent('/build/new');
  });

  it('asks for a name that can be used, and writes it into the definition', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'PUT /api/v1/workspaces/it-service-desk/workflows/leave-requests': (request) =>
        json(201, draft({ name: 'leave-requests', definition: (request.body as { definition: string }).definition })),
    });
    renderApp(NEW, server.fetch);
    const name = await screen.findByLabelText(/^Name/);
    await userEvent.clear(name);
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();
    await userEvent.type(name, 'Leave');
    expect(name).toHaveAccessibleDescription(/lower-case letters/i);
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();
    await userEvent.clear(name);
    await userEvent.type(name, 'leave-requests');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/leave-requests'));
    const saved = sent(server.requests, 'PUT', '/api/v1/workspaces/it-service-desk/workflows/leave-requests')[0]?.body as { definition: string };
    expect(saved.definition).toMatch(/^name: leave-requests$/m);
  });
});

describe('build: problems and policy warnings as the workflow changes', () => {
  const warning = CLAIM_TO_HOSTED;

  it('checks each change for dev and staging, and shows the warnings on the steps and in the list', async () => {
    const server = await openTriage({
      [`POST ${CHECK}`]: (request) => {
        const { environment } = request.body as { environment: string };
        return json(200, { workspace: 'it-service-desk', environment, passes: false, violations: [{ ...warning, step: 'kind', path: 'steps[0]', through: [] }] });
      },
    });
    const list = screen.getByTestId('builder-problems');
    expect(await within(list).findByTestId('policy-message')).toHaveTextContent('inputs.claim is confidential/pii');
    expect(within(list).getByTestId('builder-warning')).toHaveTextContent('Development (dev)');
    expect(within(list).getByTestId('builder-warning')).toHaveTextContent('Staging (staging)');
    expect(screen.getByTestId('builder-node-kind')).toHaveAttribute('data-violations', '1');
    const environments = sent(server.requests, 'POST', CHECK).map((r) => (r.body as { environment: string }).environment);
    expect(environments.sort()).toEqual(['dev', 'staging']);
    expect(sent(server.requests, 'POST', CHECK)[0]?.body).toMatchObject({ definition: DEFINITION });

    // Choosing it picks out its path on the canvas.
    await userEvent.click(within(list).getByTestId('builder-warning'));
    expect(screen.getByTestId('builder-node-kind')).toHaveAttribute('data-highlighted', 'true');
    expect(screen.getByTestId('builder-node-inputs')).toHaveAttribute('data-highlighted', 'true');
    expect(screen.getByTestId('builder-node-outputs')).toHaveAttribute('data-dimmed', 'true');

    // A change is checked again once typing pauses.
    await typeYaml(`${DEFINITION}# changed\n`);
    await waitFor(() => expect(sent(server.requests, 'POST', CHECK).some((r) => (r.body as { definition: string }).definition.endsWith('# changed\n'))).toBe(true));
  });

  it('lists the problems of the workflow in plain words, and does not call a refused policy check a failure', async () => {
    await openTriage({
      'POST /api/v1/workflows/validate': () =>
        json(200, { valid: false, name: null, steps: [], inputs: {}, problems: [{ path: 'steps[0].uses', message: "unknown step kind 'lm'" }] }),
      [`POST ${CHECK}`]: () =>
        apiErrorResponse(422, 'invalid_input', 'definition: the workflow has 1 problem', {
          field: 'definition',
          problems: [{ path: 'steps[0].uses', message: "unknown step kind 'lm'" }],
        }),
    });
    const problem = await screen.findByTestId('builder-problem');
    expect(problem).toHaveTextContent('Step 1 › kind of step');
    expect(problem).toHaveTextContent("Unknown step kind 'lm'");
    expect(screen.queryByText(/could not be checked/)).not.toBeInTheDocument();
    expect(screen.getByTestId('builder-node-kind')).toHaveAttribute('data-problems', '1');
  });
});

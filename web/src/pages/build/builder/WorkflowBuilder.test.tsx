import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftView, ValidationReport } from '../../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { mockReactFlow } from '../../../test/xyflow';
import { EXAMPLE_WORKFLOW } from '../example';
import { CONNECTIONS, KINDS, MODELS } from './panels/testFixtures';

beforeAll(mockReactFlow);

const builder = session({
  email: 'builder@demo.local',
  grants: [{ role: 'builder', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['build'],
});

const TRIAGE = '/api/v1/workspaces/it-service-desk/workflows/ticket-triage';
const CHECK = '/api/v1/workspaces/it-service-desk/policy-check';

function draft(overrides: Partial<DraftView> = {}): DraftView {
  return {
    workspace: 'it-service-desk',
    name: 'ticket-triage',
    description: 'Route incoming IT tickets',
    definition: EXAMPLE_WORKFLOW,
    revision: 2,
    updated_by: 'builder@demo.local',
    updated_at: '2026-11-27T09:30:00Z',
    valid: true,
    problems: [],
    policy: [],
    ...overrides,
  };
}

const valid: ValidationReport = { valid: true, name: 'ticket-triage', steps: ['kind'], inputs: {}, problems: [] };
const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

function open(routes: Parameters<typeof fakeFetch>[0] = {}) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, builder),
    'GET /api/v1/step-kinds': () => json(200, { step_kinds: KINDS }),
    'GET /api/v1/workspaces/it-service-desk/connections': () => json(200, { connections: CONNECTIONS }),
    'GET /api/v1/workspaces/it-service-desk/models': () => json(200, { models: MODELS }),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    [`POST ${CHECK}`]: (request) => json(200, { workspace: 'it-service-desk', environment: (request.body as { environment: string }).environment, passes: true, violations: [] }),
    [`GET ${TRIAGE}`]: () => json(200, draft()),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage', server.fetch);
  return server;
}

describe('the builder', () => {
  it('draws the draft: inputs, a node per step, outputs, and the palette of kinds, actions and models', async () => {
    const server = open();
    const canvas = await screen.findByTestId('builder-canvas');
    for (const id of ['inputs', 'kind', 'urgency', 'route', 'page_oncall', 'queue_ticket', 'outputs']) {
      expect(within(canvas).getByTestId(`builder-node-${id}`)).toBeInTheDocument();
    }
    expect(within(canvas).getByTestId('builder-node-route')).toHaveAttribute('data-kind', 'branch');
    const palette = screen.getByTestId('builder-palette');
    expect(await within(palette).findByTestId('palette-kind-llm.extract')).toHaveTextContent('Extract fields');
    expect(await within(palette).findByTestId(`palette-action-${CONNECTIONS[0]!.alias}-${CONNECTIONS[0]!.actions[0]!.name}`)).toBeInTheDocument();
    expect(await within(palette).findByTestId(`palette-model-${MODELS[0]!.name}`)).toBeInTheDocument();
    // Checked at once, and its policy in dev and in staging.
    await waitFor(() => expect(sent(server.requests, 'POST', CHECK).map((r) => (r.body as { environment: string }).environment)).toEqual(['dev', 'staging']));
    expect(sent(server.requests, 'POST', '/api/v1/workflows/validate')[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW });
    expect(screen.getByTestId('builder-save-status')).toHaveTextContent('Saved at');
  });

  it('adds a step from the palette by keyboard, selects it and opens its settings; undo takes it away', async () => {
    open();
    const palette = await screen.findByTestId('builder-palette');
    const add = await within(palette).findByRole('button', { name: 'Add Extract fields' });
    await userEvent.click(add);
    const node = await screen.findByTestId('builder-node-extract');
    expect(node).toBeInTheDocument();
    expect(screen.getByTestId('builder-side-panel')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('builder-undo'));
    await waitFor(() => expect(screen.queryByTestId('builder-node-extract')).not.toBeInTheDocument());
    await userEvent.click(screen.getByTestId('builder-redo'));
    expect(await screen.findByTestId('builder-node-extract')).toBeInTheDocument();
  });

  it('puts problems on their step and in the list; choosing one selects its step', async () => {
    open({
      'POST /api/v1/workflows/validate': () =>
        json(200, { ...valid, valid: false, problems: [{ path: 'steps[1].with.value', message: 'unknown reference steps.nope' }] }),
    });
    const row = await screen.findByTestId('builder-problem', {}, { timeout: 3000 });
    expect(row).toHaveTextContent('Step 2 › setting “value”');
    await waitFor(() => expect(screen.getByTestId('builder-node-urgency')).toHaveAttribute('data-problems', '1'));
    await userEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('builder-node-urgency').closest('.react-flow__node')).toHaveClass('selected'));
  });

  it('shows the YAML, and reads what is typed there into the canvas', async () => {
    open();
    await screen.findByTestId('builder-node-kind');
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    const editor = screen.getByLabelText('Workflow definition');
    expect(editor).toHaveValue(EXAMPLE_WORKFLOW);
    fireEvent.change(editor, { target: { value: EXAMPLE_WORKFLOW.replace('id: urgency', 'id: how_urgent') } });
    await userEvent.click(screen.getByRole('radio', { name: 'Canvas' }));
    expect(await screen.findByTestId('builder-node-how_urgent')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    fireEvent.change(screen.getByLabelText('Workflow definition'), { target: { value: 'steps: [' } });
    expect(await screen.findByText(/go to line/)).toBeInTheDocument();
    expect(screen.getByTestId('builder-problems')).toHaveTextContent('YAML cannot be read');
  });

  it('deletes the selected step with the Delete key', async () => {
    open();
    // A click without the pointer's press: React Flow's dragging needs a real window behind the press.
    fireEvent.click(await screen.findByTestId('builder-node-urgency'));
    await waitFor(() => expect(screen.getByTestId('builder-node-urgency').closest('.react-flow__node')).toHaveClass('selected'));
    fireEvent.keyDown(document.body, { key: 'Delete' });
    await waitFor(() => expect(screen.queryByTestId('builder-node-urgency')).not.toBeInTheDocument());
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(await screen.findByTestId('builder-node-urgency')).toBeInTheDocument();
  });

  it('works without the list of models on a server that has none (404)', async () => {
    open({ 'GET /api/v1/workspaces/it-service-desk/models': () => apiErrorResponse(404, 'route_not_found', 'There is no route') });
    expect(await within(await screen.findByTestId('builder-palette')).findByTestId('palette-kind-llm')).toBeInTheDocument();
    expect(screen.queryByTestId(`palette-model-${MODELS[0]!.name}`)).not.toBeInTheDocument();
  });

  it("adds a connection's action as a connector step set to it, and a change saves itself", async () => {
    const server = open({ [`PUT ${TRIAGE}`]: (request) => json(200, draft({ definition: (request.body as { definition: string }).definition, revision: 3 })) });
    const palette = await screen.findByTestId('builder-palette');
    const action = await within(palette).findByTestId('palette-action-crm-lookup_customer');
    await userEvent.click(within(action).getByRole('button', { name: 'Add lookup_customer' }));
    expect(await screen.findByTestId('builder-node-lookup_customer')).toHaveTextContent('crm · lookup_customer');

    await waitFor(() => expect(sent(server.requests, 'PUT', TRIAGE)).toHaveLength(1), { timeout: 4000 });
    const saved = (sent(server.requests, 'PUT', TRIAGE)[0]?.body as { definition: string; base_revision: number });
    expect(saved.base_revision).toBe(2);
    expect(saved.definition).toContain('  - id: lookup_customer\n    uses: connector\n    with:\n      connection: crm\n      action: lookup_customer\n');
  });

  it('copies the selected step and pastes it under a new id', async () => {
    open();
    fireEvent.click(await screen.findByTestId('builder-node-urgency'));
    await waitFor(() => expect(screen.getByTestId('builder-copy')).toBeEnabled());
    await userEvent.click(screen.getByTestId('builder-copy'));
    await userEvent.click(screen.getByTestId('builder-paste'));
    expect(await screen.findByTestId('builder-node-urgency_2')).toBeInTheDocument();
    expect(screen.getByTestId('builder-node-urgency')).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputSpec, ValidationReport } from '../../api/types';
import { fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { stepKinds, triageSucceeded } from '../../test/runFixtures';
import { mockReactFlow } from '../../test/xyflow';
import { BLANK_WORKFLOW, EXAMPLE_WORKFLOW } from './example';

const builder = session({
  display_name: 'Blake Builder',
  email: 'builder@demo.local',
  grants: [
    { role: 'builder', workspace: 'it-service-desk' },
    { role: 'consumer', workspace: 'claims' },
  ],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge'],
});

beforeAll(mockReactFlow);

function report(inputs: Record<string, InputSpec>, steps = ['kind', 'urgency', 'route', 'page_oncall', 'queue_ticket']): ValidationReport {
  return { valid: true, name: 'ticket-triage', steps, inputs, problems: [] };
}

const triageInputs: Record<string, InputSpec> = {
  subject: { type: 'string', required: true, description: 'One line: what is wrong' },
  body: { type: 'string', label: 'internal', description: 'What the person wrote' },
};

const posted = (requests: RecordedRequest[], path: string) => requests.filter((r) => r.method === 'POST' && r.path === path);
const TEST_RUNS = '/api/v1/workspaces/it-service-desk/test-runs';
const NEW = '/build/new?workspace=it-service-desk';
/** /build/new handed the example to start from, as a page that opens it with a definition does. */
const NEW_WITH_EXAMPLE = { pathname: '/build/new', search: '?workspace=it-service-desk', state: { definition: EXAMPLE_WORKFLOW } };

describe('build: write a new workflow and try it', () => {
  it('starts a new workflow from an empty canvas: only the inputs and the outputs, under a name to change', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
    });
    renderApp(NEW, server.fetch);
    expect(await screen.findByRole('heading', { level: 1, name: 'New workflow' })).toBeInTheDocument();
    expect(await screen.findByTestId('builder-node-inputs')).toHaveTextContent('None yet');
    expect(screen.getByTestId('builder-node-outputs')).toHaveTextContent('None yet');
    expect(screen.getByLabelText(/^Name/)).toHaveValue('new-workflow');
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(BLANK_WORKFLOW);
  });

  it('draws the example, checks it at once, and lists the problems of a broken one in plain words at their places', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': (request) =>
        (request.body as { definition: string }).definition === EXAMPLE_WORKFLOW
          ? json(200, report(triageInputs))
          : json(200, {
              valid: false,
              name: null,
              steps: [],
              inputs: {},
              problems: [
                { path: 'steps[1].uses', message: "unknown step kind 'brnch' — did you mean branch?" },
                { path: 'inputs.subject', message: 'required inputs cannot have a default' },
              ],
            }),
      'POST /api/v1/workspaces/it-service-desk/policy-check': () => json(200, { workspace: 'it-service-desk', environment: 'dev', passes: true, violations: [] }),
    });
    renderApp(NEW_WITH_EXAMPLE, server.fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'New workflow' })).toBeInTheDocument();
    expect(await screen.findByTestId('builder-node-route')).toHaveAttribute('data-kind', 'branch');
    expect(await screen.findByTestId('builder-no-problems')).toBeInTheDocument();
    expect(posted(server.requests, '/api/v1/workflows/validate')[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW });
    expect(screen.getByTestId('start-from-template')).toHaveAttribute('href', '/build/templates?workspace=it-service-desk');

    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    const editor = screen.getByLabelText('Workflow definition');
    expect(editor).toHaveValue(EXAMPLE_WORKFLOW);
    expect(await screen.findByTestId('check-ok')).toHaveTextContent('Looks good: 5 steps');
    fireEvent.change(editor, { target: { value: EXAMPLE_WORKFLOW.replace('uses: branch', 'uses: brnch') } });

    const problems = await screen.findAllByTestId('builder-problem', {}, { timeout: 3000 });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toHaveTextContent('Step 2 › kind of step');
    expect(problems[0]).toHaveTextContent('steps[1].uses');
    expect(problems[0]).toHaveTextContent("Unknown step kind 'brnch' — did you mean branch?");
    expect(problems[1]).toHaveTextContent('Input “subject”');
    expect(screen.queryByTestId('check-ok')).not.toBeInTheDocument();
  });

  it('tries the workflow being edited from the Test tab, with a field per input', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
      'POST /api/v1/workflows/validate': () => json(200, report(triageInputs)),
      [`POST ${TEST_RUNS}`]: () => json(202, { ...triageSucceeded, status: 'queued', steps: [] }),
      'GET /api/v1/runs/r-1': () => json(200, triageSucceeded),
    });
    renderApp(NEW_WITH_EXAMPLE, server.fetch);
    await userEvent.click(await screen.findByTestId('builder-test'));
    const panel = await screen.findByTestId('test-panel');
    await userEvent.type(within(panel).getByLabelText(/^Subject/), 'VPN down');
    await userEvent.type(within(panel).getByLabelText(/^Body/), 'total outage in Paris');
    await userEvent.click(within(panel).getByTestId('test-run-button'));

    await waitFor(() => expect(posted(server.requests, TEST_RUNS)).toHaveLength(1));
    expect(posted(server.requests, TEST_RUNS)[0]?.body).toEqual({
      definition: EXAMPLE_WORKFLOW,
      inputs: { subject: 'VPN down', body: 'total outage in Paris' },
    });
    expect(posted(server.requests, TEST_RUNS)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });
});

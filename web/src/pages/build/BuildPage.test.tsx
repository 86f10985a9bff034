import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputSpec, ValidationReport } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { stepKinds, triageSucceeded } from '../../test/runFixtures';
import { mockReactFlow } from '../../test/xyflow';
import { EXAMPLE_WORKFLOW } from './example';

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

async function check() {
  await userEvent.click(await screen.findByRole('button', { name: 'Check' }));
}

describe('build: write a new workflow and try it', () => {
  it('checks the prefilled example and lists the problems of a broken one in plain words at their paths', async () => {
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
    });
    renderApp(NEW, server.fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'New workflow' })).toBeInTheDocument();
    const editor = screen.getByLabelText('Workflow definition');
    expect(editor).toHaveValue(EXAMPLE_WORKFLOW);
    await check();
    expect(await screen.findByTestId('check-ok')).toHaveTextContent('Looks good: 5 steps');
    expect(posted(server.requests, '/api/v1/workflows/validate')[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW });

    await userEvent.clear(editor);
    await userEvent.click(editor);
    await userEvent.paste('name: broken');
    expect(screen.getByTestId('check-stale')).toBeInTheDocument();
    await check();

    const problems = await screen.findAllByTestId('workflow-problem');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toHaveTextContent('Step 2 › kind of step');
    expect(problems[0]).toHaveTextContent('steps[1].uses');
    expect(problems[0]).toHaveTextContent("Unknown step kind 'brnch' — did you mean branch?");
    expect(problems[1]).toHaveTextContent('Input “subject”');
    expect(screen.queryByTestId('check-ok')).not.toBeInTheDocument();
    expect(screen.queryByTestId('run-form')).not.toBeInTheDocument();
  });

  it('builds a form from the inputs, posts the test run with typed values and opens the run', async () => {
    const inputs: Record<string, InputSpec> = {
      subject: triageInputs.subject!,
      body: triageInputs.body!,
      count: { type: 'integer', description: 'How many people are affected' },
      urgent: { type: 'boolean' },
      team: { type: 'enum', values: ['network', 'desktop'], required: true },
      due: { type: 'date' },
      tags: { type: 'list', items: 'string' },
      extra: { type: 'object', default: { source: 'mail' } },
    };
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'GET /api/v1/step-kinds': () => json(200, stepKinds),
      'POST /api/v1/workflows/validate': () => json(200, report(inputs)),
      [`POST ${TEST_RUNS}`]: () => json(202, { ...triageSucceeded, status: 'queued', steps: [] }),
      'GET /api/v1/runs/r-1': () => json(200, triageSucceeded),
    });
    renderApp(NEW, server.fetch);
    await check();

    const form = await screen.findByTestId('run-form');
    expect(screen.getByTestId('workspace-select')).toHaveValue('IT Service Desk');
    const subject = within(form).getByLabelText(/^Subject/);
    expect(subject).toBeRequired();
    expect(subject).toHaveAccessibleDescription('One line: what is wrong');
    expect(within(form).getByLabelText(/^Count/)).toHaveAccessibleDescription('How many people are affected');
    expect(within(form).getByLabelText(/^Extra/)).toHaveValue('{\n  "source": "mail"\n}');

    await userEvent.type(subject, 'VPN down');
    await userEvent.type(within(form).getByLabelText(/^Body/), 'total outage in Paris');
    await userEvent.type(within(form).getByLabelText(/^Count/), '12');
    await userEvent.click(within(form).getByRole('switch', { name: 'Urgent' }));
    await userEvent.click(within(form).getByLabelText(/^Team/));
    await userEvent.click(await screen.findByRole('option', { name: 'network', hidden: true }));
    await userEvent.type(within(form).getByLabelText(/^Due/), '2026-12-01');
    await userEvent.click(within(form).getByLabelText(/^Tags/));
    await userEvent.paste('["vpn", "paris"]');
    await userEvent.click(within(form).getByRole('button', { name: 'Run' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/r-1'));
    expect(posted(server.requests, TEST_RUNS)[0]?.body).toEqual({
      definition: EXAMPLE_WORKFLOW,
      inputs: {
        subject: 'VPN down',
        body: 'total outage in Paris',
        count: 12,
        urgent: true,
        team: 'network',
        due: '2026-12-01',
        tags: ['vpn', 'paris'],
        extra: { source: 'mail' },
      },
    });
    expect(posted(server.requests, TEST_RUNS)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
  });

  it("shows the server's input problems under their fields and the others in an alert", async () => {
    let answer: Response = apiErrorResponse(422, 'invalid_input', 'inputs: required, but not given (and 1 more)', {
      field: 'inputs',
      problems: [
        { path: 'inputs.subject', message: 'required, but not given' },
        { path: 'inputs.colour', message: 'unknown input; this workflow takes subject, body' },
      ],
    });
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': () => json(200, report(triageInputs)),
      [`POST ${TEST_RUNS}`]: () => answer,
    });
    renderApp(NEW, server.fetch);
    await check();
    const form = await screen.findByTestId('run-form');

    await userEvent.click(within(form).getByRole('button', { name: 'Run' }));

    const subject = within(form).getByLabelText(/^Subject/);
    await waitFor(() => expect(subject).toHaveAccessibleDescription(/Required, but not given/));
    expect(within(form).getByLabelText(/^Body/)).not.toHaveAttribute('aria-invalid', 'true');
    const others = within(form).getByTestId('workflow-problems');
    expect(others).toHaveTextContent('Input “colour”');
    expect(others).toHaveTextContent('Unknown input; this workflow takes subject, body');
    expect(posted(server.requests, TEST_RUNS)[0]?.body).toEqual({ definition: EXAMPLE_WORKFLOW, inputs: {} });
    expect(screen.getByTestId('location')).toHaveTextContent('/build/new');

    answer = apiErrorResponse(403, 'forbidden', 'You need the builder role in IT Service Desk to try workflows there.');
    await userEvent.type(subject, 'VPN down');
    await userEvent.click(within(form).getByRole('button', { name: 'Run' }));
    expect(await within(form).findByText('You need the builder role in IT Service Desk to try workflows there.')).toBeInTheDocument();
    expect(subject).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses a list that is not JSON before asking the server', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, builder),
      'POST /api/v1/workflows/validate': () => json(200, report({ tags: { type: 'list' } }, ['only'])),
    });
    renderApp(NEW, server.fetch);
    await check();
    const form = await screen.findByTestId('run-form');

    await userEvent.click(within(form).getByLabelText(/^Tags/));
    await userEvent.paste('vpn, paris');
    await userEvent.click(within(form).getByRole('button', { name: 'Run' }));

    const tags = within(form).getByLabelText(/^Tags/);
    expect(tags).toHaveAccessibleDescription(/Write the list as JSON/);
    expect(posted(server.requests, TEST_RUNS)).toHaveLength(0);
  });
});

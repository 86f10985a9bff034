import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { TRIAGE, personWith, pipeline } from '../../test/lifecycleFixtures';
import { run } from '../../test/runFixtures';
import { renderApp } from '../../test/renderApp';
import { fill } from '../../test/fill';

const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

/** Someone who holds `role` in IT Service Desk and cannot open Build. */
function person(role: 'operator' | 'approver' | 'auditor') {
  return session({
    display_name: 'Olive Operator',
    email: `${role}@demo.local`,
    grants: [{ role, workspace: 'it-service-desk' }],
    workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
    navigation: role === 'approver' ? ['review'] : ['runs'],
  });
}

function open(me: ReturnType<typeof session>, routes: Parameters<typeof fakeFetch>[0] = {}) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/policy-drift': () => json(200, { drifted: [] }),
    [`GET ${TRIAGE}/deployments`]: () => json(200, pipeline()),
    // Versions are for builders and admins only.
    [`GET ${TRIAGE}/versions`]: () => apiErrorResponse(403, 'forbidden', 'You may not see the workflows of IT Service Desk.'),
    ...routes,
  });
  renderApp('/deployments/it-service-desk/ticket-triage', server.fetch);
  return server;
}

describe('deployments: the pipeline outside Build', { timeout: 15_000 }, () => {
  it('lets an operator run and freeze what is live, but neither deploy, submit nor roll back', async () => {
    const server = open(person('operator'));
    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage' })).toBeInTheDocument();
    expect(screen.getByTestId('deployments-workspace')).toHaveTextContent('Pipeline in IT Service Desk');
    expect(screen.queryByRole('link', { name: 'Open in Build' })).not.toBeInTheDocument();

    const dev = await screen.findByTestId('stage-dev');
    const staging = screen.getByTestId('stage-staging');
    expect(within(dev).getByTestId('stage-live-version')).toHaveTextContent('v2');
    expect(within(dev).getByRole('button', { name: 'Freeze…' })).toBeInTheDocument();
    expect(within(staging).getByRole('button', { name: 'Freeze…' })).toBeInTheDocument();
    expect(within(dev).getByRole('button', { name: 'Run…' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: /Deploy/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Submit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Roll back/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId('pipeline-no-versions')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('deployment-history')).getAllByTestId('deployment-row')).toHaveLength(3);
    expect(sent(server.requests, 'GET', `${TRIAGE}/versions`)).toHaveLength(0);
  });

  it('lets an operator freeze from there', async () => {
    const server = open(person('operator'), {
      [`POST ${TRIAGE}/deployments/dev/freeze`]: () => json(200, {}),
    });
    await userEvent.click(within(await screen.findByTestId('stage-dev')).getByRole('button', { name: 'Freeze…' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Misroutes tickets');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Freeze' }));
    expect(await screen.findByTestId('pipeline-notice')).toHaveTextContent('Development is frozen');
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments/dev/freeze`)[0]?.body).toMatchObject({ reason: 'Misroutes tickets' });
  });

  it('lets an operator run what is live with inputs given as JSON, since the version itself is for builders', async () => {
    const server = open(person('operator'), {
      [`POST ${TRIAGE}/deployments/dev/runs`]: () => json(201, run({ id: 'r-9', environment: 'dev', version: 2 })),
    });
    await userEvent.click(within(await screen.findByTestId('stage-dev')).getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run v2 in Development' });
    const field = within(dialog).getByLabelText(/Inputs \(JSON\)/);
    fill(field, '{"subject": "VPN down"}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Run' }));
    // The run page's code loads on its own the first time (the app suspends meanwhile); on a busy
    // machine, with the whole suite transforming modules, that took over five seconds in CI.
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/r-9'), { timeout: 12_000 });
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments/dev/runs`)[0]?.body).toEqual({ inputs: { subject: 'VPN down' } });
    expect(sent(server.requests, 'GET', `${TRIAGE}/versions/2`)).toHaveLength(0);
  });

  it('shows approvers and auditors what is live where, with no actions', async () => {
    for (const role of ['approver', 'auditor'] as const) {
      const view = open(person(role));
      const dev = await screen.findByTestId('stage-dev');
      expect(within(dev).getByTestId('stage-live-version')).toHaveTextContent('v2');
      expect(screen.queryByTestId('stage-actions')).not.toBeInTheDocument();
      expect(screen.queryByRole('button', { name: /Submit/ })).not.toBeInTheDocument();
      expect(sent(view.requests, 'GET', `${TRIAGE}/versions`)).toHaveLength(0);
      cleanup();
    }
  });

  it('gives builders their usual actions and the way back to Build', async () => {
    open(personWith(['builder']), {
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [] }),
    });
    const dev = await screen.findByTestId('stage-dev');
    expect(within(dev).getByRole('button', { name: 'Deploy version…' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Freeze…' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open in Build' })).toHaveAttribute('href', '/build/it-service-desk/ticket-triage?tab=pipeline');
  });

  it('says plainly when the pipeline may not be seen', async () => {
    open(person('operator'), {
      [`GET ${TRIAGE}/deployments`]: () => apiErrorResponse(403, 'forbidden', 'You may not see the deployments of IT Service Desk.'),
    });
    expect(await screen.findByText('You may not see the deployments of IT Service Desk.')).toBeInTheDocument();
  });
});

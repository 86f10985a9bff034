import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, type RecordedRequest } from '../../../test/fakeServer';
import { DEFINITION, TRIAGE, deployment, personWith, pipeline, triageDraft, version } from '../../../test/lifecycleFixtures';
import { renderApp } from '../../../test/renderApp';
import { run } from '../../../test/runFixtures';

const valid = { valid: true, name: 'ticket-triage', steps: [], inputs: { subject: { type: 'string', required: true } }, problems: [] };
const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

function open(routes: Parameters<typeof fakeFetch>[0] = {}, roles: Parameters<typeof personWith>[0] = ['builder']) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, personWith(roles)),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    [`GET ${TRIAGE}`]: () => json(200, triageDraft()),
    [`GET ${TRIAGE}/deployments`]: () => json(200, pipeline()),
    [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(3), version(2, { message: 'Page on-call' }), version(1)] }),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage?tab=pipeline', server.fetch);
  return server;
}

describe('build: the pipeline of a workflow', { timeout: 15_000 }, () => {
  it('shows each environment in chain order with what is live, how it got there, reviews waiting and the rule', async () => {
    open();
    const stages = await screen.findByTestId('pipeline-stages');
    const cards = within(stages).getAllByTestId(/^stage-(dev|staging|prod)$/);
    expect(cards.map((card) => card.dataset.testid)).toEqual(['stage-dev', 'stage-staging', 'stage-prod']);

    const dev = screen.getByTestId('stage-dev');
    expect(within(dev).getByTestId('stage-live-version')).toHaveTextContent('v2');
    expect(dev).toHaveTextContent('Page on-call');
    expect(within(dev).getByTestId('stage-live-how')).toHaveTextContent('Deployed directly by builder@demo.local');
    expect(within(dev).getByTestId('stage-rule')).toHaveTextContent('Builders deploy to Development directly, without a review');

    const staging = screen.getByTestId('stage-staging');
    expect(within(staging).getByTestId('stage-live-how')).toHaveTextContent('Approved in a review by approver@demo.local');
    expect(within(staging).getByRole('link', { name: 'see the review' })).toHaveAttribute('href', '/review/rev-1');
    expect(within(staging).getByTestId('stage-rule')).toHaveTextContent(
      'Staging needs 1 approval from IT approvers; the version must have run successfully in Development first.',
    );

    const prod = screen.getByTestId('stage-prod');
    expect(within(prod).getByTestId('stage-nothing')).toHaveTextContent('Nothing deployed');
    expect(within(prod).getByTestId('stage-review-link')).toHaveAttribute('href', '/review/rev-9');
    expect(within(prod).getByTestId('stage-reviews')).toHaveTextContent('v2 0 of 1 approval');

    // A builder deploys to dev only, submits elsewhere, and neither freezes nor runs what is not there.
    expect(within(dev).getByRole('button', { name: 'Deploy version…' })).toBeEnabled();
    expect(within(staging).queryByRole('button', { name: 'Deploy version…' })).not.toBeInTheDocument();
    expect(within(prod).queryByRole('button', { name: /Deploy/ })).not.toBeInTheDocument();
    expect(within(prod).getByRole('button', { name: 'Submit for review…' })).toBeInTheDocument();
    expect(within(prod).queryByRole('button', { name: 'Run…' })).not.toBeInTheDocument();
    expect(within(dev).getByRole('button', { name: 'Run…' })).toBeInTheDocument();
    expect(within(dev).getByRole('button', { name: 'Roll back…' })).toBeInTheDocument();
    expect(within(staging).queryByRole('button', { name: 'Roll back…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Freeze…' })).not.toBeInTheDocument();

    const history = screen.getByTestId('deployment-history');
    expect(within(history).getAllByTestId('deployment-row')).toHaveLength(3);
    expect(within(history).getAllByTestId('deployment-row')[1]).toHaveTextContent('Staging');
    expect(within(history).getAllByTestId('deployment-row')[1]).toHaveTextContent('approved in a review');
  });

  it('deploys a chosen version to dev', async () => {
    const server = open({ [`POST ${TRIAGE}/deployments`]: () => json(201, deployment('dev', 3)) });
    const dev = await screen.findByTestId('stage-dev');
    await userEvent.click(within(dev).getByRole('button', { name: 'Deploy version…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deploy to Development' });
    expect(dialog).toHaveTextContent('v2 is live in Development now');
    expect(within(dialog).getByTestId('version-select')).toHaveValue('v3 — Change number 3');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(await screen.findByTestId('pipeline-notice')).toHaveTextContent('v3 is live in Development.');
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments`)[0]?.body).toEqual({ version: 3, environment: 'dev' });
  });

  it("runs what is live from a form of the version's inputs and opens the run", async () => {
    const server = open({
      [`GET ${TRIAGE}/versions/2`]: () => json(200, version(2, { definition: DEFINITION })),
      [`POST ${TRIAGE}/deployments/dev/runs`]: (request) => {
        const { inputs } = request.body as { inputs: Record<string, unknown> };
        if (!inputs.subject) {
          return apiErrorResponse(422, 'invalid_input', 'inputs: subject is required', {
            problems: [{ path: 'inputs.subject', message: 'a value is required' }],
          });
        }
        return json(202, run({ id: 'run-42' }));
      },
      'GET /api/v1/runs/run-42': () => apiErrorResponse(404, 'not_found', 'no such run'),
    });
    const dev = await screen.findByTestId('stage-dev');
    await userEvent.click(within(dev).getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run v2 in Development' });
    const subject = await within(dialog).findByLabelText(/Subject/);
    expect(sent(server.requests, 'POST', '/api/v1/workflows/validate').at(-1)?.body).toEqual({ definition: DEFINITION });

    await userEvent.click(within(dialog).getByRole('button', { name: 'Run' }));
    // Left empty, the server says what is missing, under the field.
    expect(await within(dialog).findByText('A value is required')).toBeInTheDocument();

    await userEvent.type(subject, 'VPN down');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/run-42'));
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments/dev/runs`).at(-1)?.body).toEqual({ inputs: { subject: 'VPN down' } });
  });

  it('submits for review to the next environment, keeps the dialog open with the reasons it is refused, then opens the review', async () => {
    let answer = 0;
    const server = open({
      [`POST ${TRIAGE}/reviews`]: () => {
        answer += 1;
        if (answer === 1) return apiErrorResponse(409, 'evidence_required', 'v2 has not run successfully in Development yet.');
        if (answer === 2) {
          return apiErrorResponse(409, 'policy_violation', 'v2 breaks the policy of Staging.', {
            violations: [
              { step: 'summary', message: 'inputs.body (confidential/pii) reaches hosted-general', fix: 'use private-secure instead', path: 'steps[1]' },
            ],
          });
        }
        return json(201, { id: 'rev-77' });
      },
      'GET /api/v1/reviews/rev-77': () => apiErrorResponse(404, 'not_found', 'no such review'),
    });
    const staging = await screen.findByTestId('stage-staging');
    await userEvent.click(within(staging).getByRole('button', { name: 'Submit for review…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Submit for review' });
    // From staging's card: the version live just below it, to staging.
    expect(within(dialog).getByTestId('version-select')).toHaveValue('v2 — Page on-call (live in Development)');
    expect(within(dialog).getByTestId('environment-select')).toHaveValue('Staging');
    expect(within(dialog).getByTestId('rule-summary')).toHaveTextContent(
      'Staging needs 1 approval from IT approvers; the version must have run successfully in Development first.',
    );

    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(within(dialog).getByText('Tell the approvers what changes and why')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText(/Message for the approvers/), 'Pages on-call for outages');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(await within(dialog).findByTestId('evidence-required')).toHaveTextContent('v2 has not run successfully in Development yet.');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    const violations = await within(dialog).findByTestId('submit-violations');
    expect(within(violations).getByText("This version breaks Staging's policy (1 problem)")).toBeInTheDocument();
    // The summary would repeat the violation: only the list says it, as the server wrote it.
    expect(violations).not.toHaveTextContent('V2 breaks the policy of Staging.');
    expect(within(violations).getByTestId('submit-violation')).toHaveTextContent('Step summary: inputs.body (confidential/pii) reaches hosted-general');
    expect(within(violations).getByTestId('submit-violation-fix')).toHaveTextContent('How to fix it: Use private-secure instead');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/review/rev-77'));
    expect(sent(server.requests, 'POST', `${TRIAGE}/reviews`).at(-1)?.body).toEqual({
      version: 2,
      environment: 'staging',
      message: 'Pages on-call for outages',
    });
  });

  it('offers, from the top, the next environment after where the chosen version is live', async () => {
    open();
    await screen.findByTestId('pipeline-stages');
    // The first is above the cards, for any version and environment.
    await userEvent.click(screen.getAllByRole('button', { name: 'Submit for review…' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Submit for review' });
    // The newest version, v3, is live nowhere: its first stop is dev.
    expect(within(dialog).getByTestId('version-select')).toHaveValue('v3 — Change number 3');
    expect(within(dialog).getByTestId('environment-select')).toHaveValue('Development');
    await userEvent.click(within(dialog).getByTestId('version-select'));
    await userEvent.click(await screen.findByRole('option', { name: 'v1 — Change number 1 (live in Staging)', hidden: true }));
    expect(within(dialog).getByTestId('environment-select')).toHaveValue('Production');
  });

  it("lets a builder in prod roll back only through a review, prefilling the dialog", async () => {
    const base = pipeline();
    const withProd = {
      ...base,
      stages: base.stages.map((stage) => (stage.environment.slug === 'prod' ? { ...stage, live: deployment('prod', 2, { how: 'review' as const }) } : stage)),
      history: [deployment('prod', 2, { how: 'review' }), deployment('prod', 1, { how: 'review', ended_at: '2026-11-27T11:00:00Z' }), ...base.history],
    };
    open({ [`GET ${TRIAGE}/deployments`]: () => json(200, withProd) });
    const prod = await screen.findByTestId('stage-prod');
    await userEvent.click(within(prod).getByRole('button', { name: 'Roll back…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back Production' });
    expect(within(dialog).getByTestId('rollback-review')).toHaveTextContent('In Production a rollback is reviewed like any change');
    expect(within(dialog).queryByTestId('rollback-emergency')).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review…' }));
    const submit = await screen.findByRole('dialog', { name: 'Submit for review' });
    expect(within(submit).getByTestId('version-select')).toHaveValue('v1 — Change number 1 (live in Staging)');
    expect(within(submit).getByTestId('environment-select')).toHaveValue('Production');
  });

  it('lets an admin roll back at once in an emergency, with a reason', async () => {
    const base = pipeline();
    const withProd = {
      ...base,
      stages: base.stages.map((stage) => (stage.environment.slug === 'prod' ? { ...stage, live: deployment('prod', 2, { how: 'review' as const }) } : stage)),
      history: [deployment('prod', 2, { how: 'review' }), deployment('prod', 1, { how: 'review', ended_at: '2026-11-27T11:00:00Z' }), ...base.history],
    };
    const server = open(
      {
        [`GET ${TRIAGE}/deployments`]: () => json(200, withProd),
        [`POST ${TRIAGE}/deployments/prod/rollback`]: () => json(201, deployment('prod', 1, { how: 'emergency_rollback' })),
      },
      ['admin'],
    );
    const prod = await screen.findByTestId('stage-prod');
    await userEvent.click(within(prod).getByRole('button', { name: 'Roll back…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back Production' });
    await userEvent.click(within(dialog).getByLabelText(/Emergency rollback/));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Emergency rollback' }));
    expect(within(dialog).getByText('Give the reason for the emergency')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Outage pages nobody');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Emergency rollback' }));
    expect(await screen.findByTestId('pipeline-notice')).toHaveTextContent('Production is back on v1.');
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments/prod/rollback`)[0]?.body).toEqual({
      version: 1,
      emergency: true,
      reason: 'Outage pages nobody',
    });
  });

  it('lets an admin freeze with a reason and a choice for runs in flight, shows it frozen, and unfreeze', async () => {
    let current = pipeline();
    const server = open(
      {
        [`GET ${TRIAGE}/deployments`]: () => json(200, current),
        [`POST ${TRIAGE}/deployments/dev/freeze`]: () => {
          const frozen = { at: '2026-11-27T13:00:00Z', by: 'admin@demo.local', reason: 'CRM returns wrong owners' };
          current = { ...current, stages: current.stages.map((s) => (s.environment.slug === 'dev' ? { ...s, live: deployment('dev', 2, { frozen }) } : s)) };
          return json(200, deployment('dev', 2, { frozen }));
        },
        [`POST ${TRIAGE}/deployments/dev/unfreeze`]: () => {
          current = pipeline();
          return json(200, deployment('dev', 2));
        },
      },
      ['admin'],
    );
    const dev = await screen.findByTestId('stage-dev');
    await userEvent.click(within(dev).getByRole('button', { name: 'Freeze…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Freeze Development' });
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'CRM returns wrong owners');
    await userEvent.click(within(dialog).getByLabelText('Cancel them'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Freeze' }));

    expect(await within(dev).findByTestId('stage-frozen')).toHaveTextContent('Frozen');
    expect(within(dev).getByTestId('stage-frozen-reason')).toHaveTextContent('CRM returns wrong owners');
    expect(sent(server.requests, 'POST', `${TRIAGE}/deployments/dev/freeze`)[0]?.body).toEqual({
      reason: 'CRM returns wrong owners',
      in_flight: 'cancel',
    });
    expect(within(dev).getByRole('button', { name: 'Run…' })).toBeDisabled();

    await userEvent.click(within(dev).getByRole('button', { name: 'Unfreeze' }));
    const confirm = await screen.findByRole('dialog', { name: 'Unfreeze Development?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Unfreeze' }));
    await waitFor(() => expect(within(dev).queryByTestId('stage-frozen')).not.toBeInTheDocument());
    expect(screen.getByTestId('pipeline-notice')).toHaveTextContent('Development is unfrozen');
  });

  it('says why a rollback was made, on the stage and in the history', async () => {
    const rollback = deployment('prod', 1, { how: 'emergency_rollback', deployed_by: 'admin@demo.local', reason: 'v2 misroutes tickets' });
    open({
      [`GET ${TRIAGE}/deployments`]: () =>
        json(200, {
          ...pipeline(),
          stages: pipeline().stages.map((s) => (s.environment.slug === 'prod' ? { ...s, live: rollback } : s)),
          history: [rollback, ...pipeline().history],
        }),
    });
    const prod = await screen.findByTestId('stage-prod');
    expect(within(prod).getByTestId('stage-live-how')).toHaveTextContent('Emergency rollback by admin@demo.local');
    expect(within(prod).getByTestId('stage-live-reason')).toHaveTextContent('Why: v2 misroutes tickets');
    expect(within(screen.getByTestId('stage-dev')).queryByTestId('stage-live-reason')).not.toBeInTheDocument();
    const rows = within(screen.getByTestId('deployment-history')).getAllByTestId('deployment-row');
    expect(within(rows[0]!).getByTestId('deployment-reason')).toHaveTextContent('Why: v2 misroutes tickets');
    expect(within(rows[1]!).queryByTestId('deployment-reason')).not.toBeInTheDocument();
  });

  it('explains an empty pipeline and that versions come first', async () => {
    open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [] }),
      [`GET ${TRIAGE}/deployments`]: () =>
        json(200, { ...pipeline(), stages: pipeline().stages.map((s) => ({ ...s, live: null, open_reviews: [] })), history: [] }),
    });
    expect(await screen.findByTestId('pipeline-no-versions')).toHaveTextContent('Cut one on the Versions tab');
    expect(within(screen.getByTestId('stage-dev')).getByRole('button', { name: 'Deploy version…' })).toBeDisabled();
    expect(screen.getByTestId('deployment-history-empty')).toBeInTheDocument();
  });

  it('says plainly when the pipeline may not be seen', async () => {
    open({ [`GET ${TRIAGE}/deployments`]: () => apiErrorResponse(403, 'forbidden', 'You may not see the deployments of IT Service Desk.') });
    expect(await screen.findByText('You may not see the deployments of IT Service Desk.')).toBeInTheDocument();
  });
});

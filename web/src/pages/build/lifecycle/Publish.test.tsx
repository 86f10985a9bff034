import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, type RecordedRequest } from '../../../test/fakeServer';
import { DEFINITION, TRIAGE, deployment, personWith, pipeline, triageDraft, version } from '../../../test/lifecycleFixtures';
import { renderApp } from '../../../test/renderApp';
import type { InterfacesSpec } from './interfaces';

const ALL_STAFF = 'g-all-staff';
const CLAIMS = 'g-claims-staff';
const GROUPS = {
  groups: [
    { id: ALL_STAFF, name: 'All staff', description: 'Everyone' },
    { id: CLAIMS, name: 'Claims staff', description: 'Claims handlers' },
  ],
};
const LABELS = {
  levels: [
    { level: 'public', name: 'Public', description: 'Anyone' },
    { level: 'internal', name: 'Internal', description: 'Staff only' },
    { level: 'confidential', name: 'Confidential', description: 'Some staff' },
    { level: 'restricted', name: 'Restricted', description: 'Very few' },
  ],
  categories: [{ name: 'pii', description: 'Personal data' }],
};
/** What is live in staging: a form and an API for all staff. */
const LIVE: InterfacesSpec = {
  form: { audience: [ALL_STAFF], clearance: 'internal', rate_per_minute: 60 },
  api: { audience: [ALL_STAFF], clearance: 'internal' },
  callback_hosts: ['hooks.example.com'],
};
const valid = { valid: true, name: 'ticket-triage', steps: [], inputs: { subject: { type: 'string', required: true } }, problems: [] };
const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

/** The pipeline with v1 in staging published as LIVE, and prod published as a form. */
function publishedPipeline() {
  const base = pipeline();
  return {
    ...base,
    stages: base.stages.map((stage) => {
      if (stage.environment.slug === 'staging') return { ...stage, live: deployment('staging', 1, { how: 'review', interfaces: LIVE }) };
      if (stage.environment.slug === 'prod') {
        return { ...stage, live: deployment('prod', 1, { how: 'review', interfaces: { form: { audience: [CLAIMS], clearance: 'confidential/pii' } } }) };
      }
      return stage;
    }),
  };
}

function open(routes: Parameters<typeof fakeFetch>[0] = {}) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, personWith(['builder'])),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    'GET /api/v1/audience-groups': () => json(200, GROUPS),
    'GET /api/v1/labels': () => json(200, LABELS),
    [`GET ${TRIAGE}`]: () => json(200, triageDraft({ definition: DEFINITION })),
    [`GET ${TRIAGE}/deployments`]: () => json(200, publishedPipeline()),
    [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(3), version(2, { message: 'Page on-call' }), version(1)] }),
    [`POST ${TRIAGE}/reviews`]: () => json(201, { id: 'rev-5' }),
    'GET /api/v1/reviews/rev-5': () => apiErrorResponse(404, 'not_found', 'no such review'),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage?tab=pipeline', server.fetch);
  return server;
}

/** Opens the dialog from staging's card (v2, live in dev, to staging) with a message written. */
async function openDialog() {
  const staging = await screen.findByTestId('stage-staging');
  await userEvent.click(within(staging).getByRole('button', { name: 'Submit for review…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Submit for review' });
  await userEvent.type(within(dialog).getByLabelText(/Message for the approvers/), 'Pages on-call');
  return dialog;
}

/** Chooses `option` in the select or multi-select `field` (its input): among the options of its own list. */
async function choose(field: HTMLElement, option: string) {
  await userEvent.click(field);
  const list = await waitFor(() => {
    const id = field.getAttribute('aria-controls');
    const element = id === null ? null : document.getElementById(id);
    if (element === null) throw new Error('the list did not open');
    return element;
  });
  await userEvent.click(await within(list).findByRole('option', { name: new RegExp(`^${option}`), hidden: true }));
}

describe('build: choosing who a version serves when it is submitted', { timeout: 20_000 }, () => {
  it('shows how each stage is published, with the way to the app as served from there', async () => {
    open();
    const staging = await screen.findByTestId('stage-staging');
    await waitFor(() => expect(within(staging).getByTestId('stage-published')).toHaveTextContent('Published as form and API to All staff · open the app'));
    // Not the last environment it is published in: the link names the environment.
    expect(within(staging).getByTestId('stage-app-link')).toHaveAttribute('href', '/apps/it-service-desk/ticket-triage?environment=staging');
    const prod = screen.getByTestId('stage-prod');
    expect(within(prod).getByTestId('stage-published')).toHaveTextContent('Published as form to Claims staff · open the app');
    // The last: the app's page serves it from there by default, so the link names none.
    expect(within(prod).getByTestId('stage-app-link')).toHaveAttribute('href', '/apps/it-service-desk/ticket-triage');
    expect(within(screen.getByTestId('stage-dev')).queryByTestId('stage-published')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('stage-dev')).queryByTestId('stage-app-link')).not.toBeInTheDocument();
  });

  it('keeps what is live by default, sending no interfaces', async () => {
    const server = open();
    const dialog = await openDialog();
    const publish = within(dialog).getByTestId('publish-fields');
    expect(within(publish).getByRole('radio', { name: /Keep as it is now/ })).toBeChecked();
    await waitFor(() => expect(within(publish).getByTestId('publish-live-summary')).toHaveTextContent('Published as form and API to All staff.'));
    expect(within(publish).getByTestId('publish-live-summary')).toHaveTextContent('Form: All staff, outputs up to Internal; at most 60 runs a minute per person');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/review/rev-5'));
    expect(sent(server.requests, 'POST', `${TRIAGE}/reviews`).at(-1)?.body).toEqual({ version: 2, environment: 'staging', message: 'Pages on-call' });
  });

  it('sends the interfaces chosen, starting from what is live, and checks them first', async () => {
    const server = open();
    const dialog = await openDialog();
    const publish = within(dialog).getByTestId('publish-fields');
    await userEvent.click(within(publish).getByRole('radio', { name: /Choose who it serves/ }));
    // Prefilled from what is live.
    expect(within(publish).getByRole('checkbox', { name: /Form/ })).toBeChecked();
    expect(within(publish).getByRole('checkbox', { name: /API/ })).toBeChecked();
    expect(within(publish).getByRole('checkbox', { name: /Batch/ })).not.toBeChecked();
    expect(within(publish).getByTestId('publish-form-rate')).toHaveValue('60');

    // A batch for the claims staff, cleared for confidential personal data, 500 a day.
    await userEvent.click(within(publish).getByRole('checkbox', { name: /Batch/ }));
    const batch = within(publish).getByTestId('publish-batch');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(await within(batch).findByText('Choose at least one group who may use the batch')).toBeInTheDocument();
    expect(sent(server.requests, 'POST', `${TRIAGE}/reviews`)).toHaveLength(0);

    await choose(within(batch).getByTestId('publish-batch-audience'), 'Claims staff');
    await choose(within(batch).getByTestId('publish-batch-level'), 'Confidential');
    await choose(within(batch).getByTestId('publish-batch-categories'), 'pii');
    await userEvent.type(within(batch).getByTestId('publish-batch-quota'), '500');
    expect(within(batch).getByTestId('publish-batch-clearance')).toHaveTextContent('Cleared for Confidential, PII only');
    // The form's limit taken off.
    await userEvent.clear(within(publish).getByTestId('publish-form-rate'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/review/rev-5'));
    expect(sent(server.requests, 'POST', `${TRIAGE}/reviews`).at(-1)?.body).toEqual({
      version: 2,
      environment: 'staging',
      message: 'Pages on-call',
      interfaces: {
        form: { audience: [ALL_STAFF], clearance: 'internal' },
        batch: { audience: [CLAIMS], clearance: 'confidential/pii', daily_quota: 500 },
        api: { audience: [ALL_STAFF], clearance: 'internal' },
        callback_hosts: ['hooks.example.com'],
      },
    });
  });

  it("marks the interface the policy refuses, and places the server's refusal at its field", async () => {
    let answer = 0;
    const server = open({
      [`POST ${TRIAGE}/reviews`]: () => {
        answer += 1;
        if (answer === 1) {
          return apiErrorResponse(409, 'policy_violation', 'Version 2 breaks the policy of Staging.', {
            violations: [
              {
                path: 'outputs',
                step: 'outputs',
                source: 'inputs.body',
                label: 'internal',
                sink: "the API's audience",
                clearance: 'public',
                message: "inputs.body is internal and reaches the outputs through kind, but the API's audience is cleared only for public",
                fix: 'publish the API to an audience cleared for internal, or do not output inputs.body',
              },
            ],
          });
        }
        return apiErrorResponse(422, 'invalid_input', 'interfaces: interfaces.api.audience: name at least one group whose members may use it', {
          field: 'interfaces',
          reason: 'interfaces.api.audience: name at least one group whose members may use it',
        });
      },
    });
    const dialog = await openDialog();
    const publish = within(dialog).getByTestId('publish-fields');
    await userEvent.click(within(publish).getByRole('radio', { name: /Choose who it serves/ }));
    await choose(within(publish).getByTestId('publish-api-level'), 'Public');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));

    const violations = await within(dialog).findByTestId('submit-violations');
    // What reaches an audience names no step of its own.
    expect(within(violations).getByTestId('submit-violation')).toHaveTextContent(/^inputs\.body is internal and reaches the outputs/);
    expect(within(within(publish).getByTestId('publish-api')).getByText(/Too low for what this version outputs/)).toBeInTheDocument();
    expect(within(within(publish).getByTestId('publish-form')).queryByText(/Too low/)).not.toBeInTheDocument();
    expect(sent(server.requests, 'POST', `${TRIAGE}/reviews`).at(-1)?.body).toMatchObject({ interfaces: { api: { clearance: 'public' } } });

    // Changing the interfaces clears the refusal; the next answer is placed at the API's audience.
    await choose(within(publish).getByTestId('publish-api-level'), 'Internal');
    expect(within(dialog).queryByTestId('submit-violations')).not.toBeInTheDocument();
    await userEvent.click(within(publish).getByRole('checkbox', { name: /Batch/ }));
    await choose(within(within(publish).getByTestId('publish-batch')).getByTestId('publish-batch-audience'), 'All staff');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(await within(within(publish).getByTestId('publish-api')).findByText('Name at least one group whose members may use it')).toBeInTheDocument();
    expect(within(dialog).queryByTestId('action-error')).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session } from '../../test/fakeServer';
import { deployment, pipeline } from '../../test/lifecycleFixtures';
import { chain, reviewDetail } from '../../test/reviewFixtures';
import { renderApp } from '../../test/renderApp';

const approver = session({
  display_name: 'Alex Approver',
  email: 'approver@demo.local',
  grants: [{ role: 'approver', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['review', 'apps'],
});

const TRIAGE = '/api/v1/workspaces/it-service-desk/workflows/ticket-triage';
const GROUPS = {
  groups: [
    { id: 'g-all', name: 'All staff', description: '' },
    { id: 'g-desk', name: 'Service desk', description: '' },
  ],
};

function open(review: ReturnType<typeof reviewDetail>, extra: Parameters<typeof fakeFetch>[0] = {}) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, approver),
    'GET /api/v1/approvals': () => json(200, { approvals: [] }),
    'GET /api/v1/environments': () => json(200, { environments: chain }),
    'GET /api/v1/reviews/rv1': () => json(200, review),
    'GET /api/v1/audience-groups': () => json(200, GROUPS),
    [`GET ${TRIAGE}/deployments`]: () => json(200, pipeline()),
    ...extra,
  });
  renderApp('/review/rv1', server.fetch);
  return server;
}

describe('review page: who will be served', () => {
  it('lists each interface with its audience by name, clearance, limits and callback hosts, and says it changes what is live', async () => {
    open(
      reviewDetail({
        interfaces: {
          form: { audience: ['g-all'], clearance: 'internal', rate_per_minute: 60 },
          api: { audience: ['g-desk', 'g-gone'], clearance: 'confidential/pii', daily_quota: 1000 },
          callback_hosts: ['hooks.example.com'],
          callback_ranges: ['10.0.0.0/8'],
        },
      }),
    );
    const section = await screen.findByTestId('review-audience');
    expect(within(section).getByRole('heading', { name: 'Who will be served' })).toBeInTheDocument();
    expect(within(section).getByTestId('review-audience-lead')).toHaveTextContent('Once deployed, v3 is published in Production to these people');
    const form = within(section).getByTestId('review-interface-form');
    await waitFor(() => expect(within(form).getByTestId('review-interface-form-audience')).toHaveTextContent('All staff'));
    expect(within(form).getByTestId('review-interface-form-clearance')).toHaveTextContent('Up to Internal');
    expect(within(form).getByTestId('review-interface-form-limits')).toHaveTextContent('At most 60 runs a minute per person');
    expect(within(section).queryByTestId('review-interface-batch')).not.toBeInTheDocument();
    const api = within(section).getByTestId('review-interface-api');
    expect(within(api).getByTestId('review-interface-api-audience')).toHaveTextContent('Service deskA group that no longer exists');
    expect(within(api).getByTestId('review-interface-api-clearance')).toHaveTextContent('Up to Confidential, PII only');
    expect(within(api).getByTestId('review-interface-api-limits')).toHaveTextContent('At most 1,000 runs a day per person');
    expect(within(api).getByTestId('review-interface-callbacks')).toHaveTextContent('hooks.example.comMay reach private ranges 10.0.0.0/8');
    // Nothing is live in prod in the pipeline: it changes who is served there.
    expect(await within(section).findByTestId('review-audience-change')).toHaveTextContent('Changes who is served in Production');
  });

  it('says when it is the same as live there now', async () => {
    const live = { form: { audience: ['g-all'], clearance: 'internal' } };
    const base = pipeline();
    const withProd = { ...base, stages: base.stages.map((s) => (s.environment.slug === 'prod' ? { ...s, live: deployment('prod', 2, { interfaces: live }) } : s)) };
    open(reviewDetail({ interfaces: live }), { [`GET ${TRIAGE}/deployments`]: () => json(200, withProd) });
    expect(await screen.findByTestId('review-audience-change')).toHaveTextContent('The same as live in Production now');
  });

  it('says plainly when it will not be published, without comparing when the pipeline may not be read', async () => {
    open(reviewDetail({ interfaces: {} }), {
      [`GET ${TRIAGE}/deployments`]: () => apiErrorResponse(403, 'forbidden', 'no'),
    });
    expect(await screen.findByTestId('review-audience-none')).toHaveTextContent('Not published in Production: nobody can use it there as an app.');
    expect(screen.queryByTestId('review-audience-change')).not.toBeInTheDocument();
  });

  it('says "a group" for groups the person may not read, rather than failing', async () => {
    open(reviewDetail({ status: 'deployed', interfaces: { batch: { audience: ['g-all'], clearance: 'internal' } } }), {
      'GET /api/v1/audience-groups': () => apiErrorResponse(403, 'forbidden', 'no'),
    });
    const batch = await screen.findByTestId('review-interface-batch');
    await waitFor(() => expect(within(batch).getByTestId('review-interface-batch-audience')).toHaveTextContent('A group'));
    expect(screen.getByTestId('review-audience-lead')).toHaveTextContent('How v3 was published in Production when it was deployed.');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EnvironmentView, GroupView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { chain, environment } from '../../test/reviewFixtures';
import { renderApp } from '../../test/renderApp';
import { fromLocalInput, ruleLines, toLocalInput } from './environmentRules';

const admin = session({
  id: 'u1',
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

const groups: GroupView[] = [
  { id: 'g1', name: 'Change advisory board', description: '', members: [], grants: [] },
  { id: 'g2', name: 'Service desk leads', description: '', members: [], grants: [] },
];

/** A server that keeps the chain it is given, as the real one does. */
function environmentsServer(initial: EnvironmentView[] = chain, extra: Parameters<typeof fakeFetch>[0] = {}) {
  let environments = initial.map((e) => ({ ...e }));
  const renumber = () => (environments = environments.map((e, position) => ({ ...e, position })));
  return fakeFetch({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/groups': () => json(200, { groups }),
    'GET /api/v1/environments': () => json(200, { environments }),
    'POST /api/v1/environments': (request) => {
      const body = request.body as Pick<EnvironmentView, 'slug' | 'name' | 'rule'>;
      const created = { ...body, position: environments.length, frozen_now: null };
      environments = [...environments, created];
      return json(201, created);
    },
    'PUT /api/v1/environments/prod': (request) => {
      const body = request.body as Pick<EnvironmentView, 'name' | 'rule'>;
      environments = environments.map((e) => (e.slug === 'prod' ? { ...e, ...body } : e));
      return json(200, environments.find((e) => e.slug === 'prod'));
    },
    'POST /api/v1/environments/reorder': (request) => {
      const { order } = request.body as { order: string[] };
      environments = order.map((slug) => environments.find((e) => e.slug === slug)!);
      renumber();
      return json(200, { environments });
    },
    'DELETE /api/v1/environments/staging': () =>
      apiErrorResponse(409, 'in_use', "The environment 'staging' still has runs, reviews; it cannot be removed."),
    ...extra,
  });
}

function sent(requests: RecordedRequest[], method: string, path: string) {
  return requests.filter((r) => r.method === method && r.path === path);
}

describe('environment rules in words', () => {
  it('says who deploys, how many approvals from whom, what must run first, and when it is frozen', () => {
    const [dev, staging] = chain;
    expect(ruleLines(dev!, null).map((l) => l.text)).toEqual([
      'Builders deploy here themselves, without a review.',
      'A version submitted for review is deployed at once.',
    ]);
    expect(ruleLines(staging!, 'Development').map((l) => l.text)).toEqual([
      'Every version needs a review with 1 approval from any approver of the workspace.',
      'A version must first have run successfully in Development.',
    ]);
    const prod = environment('prod', 'Production', 2, {
      approvals_required: 2,
      approver_groups: ['CAB', 'Leads'],
      freeze_windows: [
        { starts_at: '2026-01-01T00:00:00Z', ends_at: '2026-01-02T00:00:00Z', reason: 'Past' },
        { starts_at: '2030-12-20T00:00:00Z', ends_at: '2031-01-04T00:00:00Z', reason: 'Year-end change freeze' },
      ],
    });
    const lines = ruleLines({ ...prod, frozen_now: { starts_at: '2026-11-01T00:00:00Z', ends_at: '2026-12-01T00:00:00Z', reason: 'Migration' } }, 'Staging', Date.parse('2026-11-27T00:00:00Z'));
    expect(lines[0]?.text).toBe('Every version needs a review with 2 approvals from members of CAB or Leads.');
    expect(lines.find((l) => l.key === 'frozen')?.text).toMatch(/^Frozen now, until .+: Migration\.$/);
    expect(lines.filter((l) => l.key.startsWith('window-')).map((l) => l.text)).toEqual([expect.stringMatching(/Year-end change freeze\.$/)]);
  });

  it('turns instants into date-time inputs and back', () => {
    const instant = '2026-12-20T08:30:00Z';
    expect(fromLocalInput(toLocalInput(instant))).toBe(instant);
    expect(fromLocalInput('')).toBeNull();
  });
});

describe('admin environments', () => {
  it('shows the chain in order with each rule in words', async () => {
    renderApp('/admin?tab=environments', environmentsServer().fetch);

    const chainView = await screen.findByTestId('environment-chain');
    expect(chainView).toHaveAccessibleName('Promotion order: Development, then Staging, then Production');
    expect(within(screen.getByTestId('environment-rule-dev')).getByText('Builders deploy here themselves, without a review.')).toBeInTheDocument();
    expect(screen.getByTestId('environment-rule-prod')).toHaveTextContent('Every version needs a review with 2 approvals from any approver of the workspace.');
    expect(screen.getByTestId('environment-rule-prod')).toHaveTextContent('A version must first have run successfully in Staging.');
    expect(screen.getByRole('button', { name: 'Move Development earlier' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move Production later' })).toBeDisabled();
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toContain('Environments');
  });

  it('moves an environment up the chain', async () => {
    const fake = environmentsServer();
    renderApp('/admin?tab=environments', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Move Production earlier' }));
    await waitFor(() =>
      expect(screen.getByTestId('environment-chain')).toHaveAccessibleName('Promotion order: Development, then Production, then Staging'),
    );
    expect(sent(fake.requests, 'POST', '/api/v1/environments/reorder')[0]?.body).toEqual({ order: ['dev', 'prod', 'staging'] });
  });

  it('edits an environment: name, approvals, approver groups, switches and a freeze window', async () => {
    const fake = environmentsServer();
    renderApp('/admin?tab=environments', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Edit Production' }));
    const form = await screen.findByTestId('environment-form');
    expect(within(form).getByRole('textbox', { name: /^Name/ })).toHaveValue('Production');
    expect(within(form).getByRole('textbox', { name: /^Short name/ })).toBeDisabled();
    expect(within(form).getByRole('switch', { name: /^Require a successful run in Staging first/ })).toBeChecked();
    expect(within(form).getByRole('switch', { name: /^Builders may deploy without review/ })).not.toBeChecked();

    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'Live');
    const approvals = within(form).getByRole('textbox', { name: /^Approvals required/ });
    await userEvent.clear(approvals);
    await userEvent.type(approvals, '3');

    const select = within(form).getByRole('combobox', { name: /^Approver groups/ });
    await userEvent.click(select);
    const options = await waitFor(() => {
      const found = document.getElementById(select.getAttribute('aria-controls') ?? '');
      if (found === null) throw new Error('the list of groups is not open');
      return found;
    });
    await userEvent.click(within(options).getByRole('option', { name: 'Change advisory board', hidden: true }));

    await userEvent.click(within(form).getByRole('button', { name: 'Add a freeze window' }));
    const window = within(form).getByTestId('freeze-window');
    // Saving checks the window first.
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(window).getByText('Choose when it starts')).toBeInTheDocument();
    expect(within(window).getByText('Say why nothing may be deployed then')).toBeInTheDocument();
    expect(sent(fake.requests, 'PUT', '/api/v1/environments/prod')).toHaveLength(0);

    await userEvent.type(within(window).getByLabelText('Starts'), '2026-12-20T00:00');
    await userEvent.type(within(window).getByLabelText('Ends'), '2027-01-04T00:00');
    await userEvent.type(within(window).getByRole('textbox', { name: 'Reason' }), 'Year-end change freeze');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByTestId('environments-notice')).toHaveTextContent('Your changes to Live are saved.');
    const [put] = sent(fake.requests, 'PUT', '/api/v1/environments/prod');
    expect(put?.body).toEqual({
      name: 'Live',
      rule: {
        approvals_required: 3,
        approver_groups: ['Change advisory board'],
        author_may_deploy: false,
        evidence_required: true,
        freeze_windows: [
          { starts_at: fromLocalInput('2026-12-20T00:00'), ends_at: fromLocalInput('2027-01-04T00:00'), reason: 'Year-end change freeze' },
        ],
      },
    });
    expect(screen.getByTestId('environment-rule-prod')).toHaveTextContent('3 approvals from members of Change advisory board');
  });

  it('shows the server’s refusal at its field', async () => {
    const fake = environmentsServer(chain, {
      'PUT /api/v1/environments/prod': () =>
        apiErrorResponse(422, 'invalid_input', 'freeze_windows: a freeze window must end after it starts', { field: 'freeze_windows' }),
    });
    renderApp('/admin?tab=environments', fake.fetch);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Production' }));
    const form = await screen.findByTestId('environment-form');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByTestId('freeze-windows-error')).toHaveTextContent('A freeze window must end after it starts');
  });

  it('adds an environment at the end of the chain', async () => {
    const fake = environmentsServer();
    renderApp('/admin?tab=environments', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Add environment' }));
    const form = await screen.findByTestId('environment-form');
    expect(within(form).getByRole('switch', { name: /^Require a successful run in Production first/ })).toBeChecked();
    await userEvent.click(within(form).getByRole('button', { name: 'Add environment' }));
    expect(within(form).getByText('Give the environment a name')).toBeInTheDocument();
    expect(within(form).getByText('Choose a short name')).toBeInTheDocument();

    await userEvent.type(within(form).getByRole('textbox', { name: /^Name/ }), 'User acceptance');
    await userEvent.type(within(form).getByRole('textbox', { name: /^Short name/ }), 'uat');
    await userEvent.click(within(form).getByRole('button', { name: 'Add environment' }));

    expect(await screen.findByTestId('environments-notice')).toHaveTextContent('User acceptance is added at the end of the chain.');
    expect(sent(fake.requests, 'POST', '/api/v1/environments')[0]?.body).toEqual({
      slug: 'uat',
      name: 'User acceptance',
      rule: { approvals_required: 1, approver_groups: [], author_may_deploy: false, evidence_required: true, freeze_windows: [] },
    });
    await waitFor(() => expect(screen.getByTestId('environment-uat')).toBeInTheDocument());
  });

  it('explains why an environment in use cannot be removed', async () => {
    const fake = environmentsServer();
    renderApp('/admin?tab=environments', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Remove Staging' }));
    const modal = await screen.findByTestId('remove-environment');
    await userEvent.click(within(modal).getByRole('button', { name: 'Remove' }));
    expect(await within(modal).findByRole('alert')).toHaveTextContent("The environment 'staging' still has runs, reviews; it cannot be removed.");
    expect(screen.getByTestId('environment-staging')).toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../api/types';
import { fakeFetch, json, session } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const operator = session({
  display_name: 'Oli Operator',
  email: 'operator@demo.local',
  grants: [
    { role: 'operator', workspace: 'claims' },
    { role: 'operator', workspace: 'it-service-desk' },
  ],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['apps', 'runs'],
});

function summary(id: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return { id, workflow: 'claim-intake', status: 'succeeded', error: null, created_at: '2026-11-27T09:30:00Z', finished_at: '2026-11-27T09:30:02.500Z', ...overrides };
}

describe('runs section', () => {
  it("lists a workspace's runs with their status and duration, each opening its run page", async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, operator),
      'GET /api/v1/workspaces/claims/runs': () =>
        json(200, {
          runs: [
            summary('r-2', { status: 'failed', error: 'the model did not answer in time' }),
            summary('r-1', { workflow: 'ticket-triage', status: 'waiting', finished_at: null }),
          ],
        }),
      'GET /api/v1/workspaces/it-service-desk/runs': () => json(200, { runs: [] }),
    });
    renderApp('/runs', server.fetch);

    const table = await screen.findByTestId('runs-table');
    const failed = within(table).getByTestId('run-row-r-2');
    expect(within(failed).getByText('Failed').closest('[data-status]')!.getAttribute('style')).toContain('--mantine-color-red-');
    expect(failed).toHaveTextContent('the model did not answer in time');
    expect(failed).toHaveTextContent('2.5 s');
    const waiting = within(table).getByTestId('run-row-r-1');
    expect(waiting).toHaveTextContent('Waiting for approval');
    expect(waiting).toHaveTextContent('Still going');
    expect(within(waiting).getByRole('link', { name: 'ticket-triage' })).toHaveAttribute('href', '/runs/r-1');
    expect(server.requests.find((r) => r.path === '/api/v1/workspaces/claims/runs')?.query.get('limit')).toBe('50');

    await userEvent.click(screen.getByTestId('workspace-select'));
    await userEvent.click(await screen.findByRole('option', { name: 'IT Service Desk', hidden: true }));

    expect(await screen.findByTestId('empty-runs')).toHaveTextContent('No runs yet');
    await waitFor(() => expect(screen.getByTestId('location-search')).toHaveTextContent('?workspace=it-service-desk'));
  });

  it('says through what each run was started and filters the list by it', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, operator),
      'GET /api/v1/workspaces/claims/runs': () =>
        json(200, {
          runs: [
            summary('r-api', { interface: 'api', api_key: '0f3c9a7e-5b21-4d6e-9c1a-2b7d8e4f6a10' }),
            summary('r-form', { interface: 'form', api_key: null }),
            summary('r-anonymous', { interface: 'form', api_key: null, anonymous_from: '203.0.113.7' }),
            summary('r-batch', { interface: 'batch', api_key: null }),
            summary('r-console', { interface: null, api_key: null }),
          ],
        }),
    });
    renderApp('/runs', server.fetch);

    const table = await screen.findByTestId('runs-table');
    expect(within(table).getByRole('columnheader', { name: 'Started through' })).toBeInTheDocument();
    const badge = (id: string) => within(within(table).getByTestId(`run-row-${id}`)).getByTestId('run-origin-badge');
    expect(badge('r-api')).toHaveAttribute('data-origin', 'api');
    expect(badge('r-api')).toHaveTextContent('APIkey …8e4f6a10');
    expect(badge('r-form')).toHaveTextContent(/^Form$/);
    expect(badge('r-form')).not.toHaveAttribute('data-anonymous');
    expect(badge('r-anonymous')).toHaveAttribute('data-origin', 'form');
    expect(badge('r-anonymous')).toHaveAttribute('data-anonymous', 'true');
    expect(badge('r-anonymous')).toHaveTextContent(/^Form· anonymous \(203\.0\.113\.7\)$/);
    expect(badge('r-batch')).toHaveTextContent(/^Batch$/);
    expect(badge('r-console')).toHaveTextContent(/^Console$/);

    const filter = screen.getByTestId('runs-origin-filter');
    await userEvent.click(within(filter).getByText('API'));
    await waitFor(() => expect(within(table).queryByTestId('run-row-r-form')).not.toBeInTheDocument());
    expect(within(table).getByTestId('run-row-r-api')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByTestId('runs-count')).toHaveTextContent('1 of the 5 latest runs');
    expect(screen.getByTestId('location-search')).toHaveTextContent('through=api');

    await userEvent.click(within(filter).getByText('Console'));
    await waitFor(() => expect(within(table).queryByTestId('run-row-r-api')).not.toBeInTheDocument());
    expect(within(table).getByTestId('run-row-r-console')).toBeInTheDocument();
    // The filter works on the runs already read: the server is not asked again.
    expect(server.requests.filter((r) => r.path === '/api/v1/workspaces/claims/runs')).toHaveLength(1);
  });

  it('explains when no run was started the way the filter asks, and shows them all again', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, operator),
      'GET /api/v1/workspaces/claims/runs': () => json(200, { runs: [summary('r-1', { interface: 'form' })] }),
    });
    renderApp('/runs?workspace=claims&through=batch', server.fetch);

    const none = await screen.findByTestId('runs-none-through');
    expect(none).toHaveTextContent('None of the latest runs of this workspace was started by a batch.');
    expect(screen.queryByTestId('runs-table')).not.toBeInTheDocument();

    await userEvent.click(within(none).getByRole('button', { name: 'Show all runs' }));
    expect(await screen.findByTestId('run-row-r-1')).toBeInTheDocument();
    expect(screen.getByTestId('location-search')).not.toHaveTextContent('through=');
  });

  it('explains when the person may see no workspace', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, session({ navigation: ['apps', 'runs'] })) });
    renderApp('/runs', server.fetch);

    expect(await screen.findByTestId('runs-no-workspace')).toBeInTheDocument();
    expect(server.requests.filter((r) => r.path.endsWith('/runs'))).toHaveLength(0);
  });
});

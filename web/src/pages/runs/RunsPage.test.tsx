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

  it('explains when the person may see no workspace', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, session({ navigation: ['apps', 'runs'] })) });
    renderApp('/runs', server.fetch);

    expect(await screen.findByTestId('runs-no-workspace')).toBeInTheDocument();
    expect(server.requests.filter((r) => r.path.endsWith('/runs'))).toHaveLength(0);
  });
});

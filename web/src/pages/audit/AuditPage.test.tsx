import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditPage, ChainReport } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const auditor = session({
  display_name: 'Alan Turing',
  email: 'auditor@demo.local',
  grants: [{ role: 'auditor', workspace: null }],
  navigation: ['runs', 'audit'],
});

function event(seq: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    seq,
    occurred_at: '2026-11-27T09:30:00.123Z',
    occurred_at_ms: 1_795_771_800_123,
    actor: { kind: 'user', id: 'u1', label: 'admin@demo.local' },
    action: 'auth.sign_in',
    target: null,
    workspace: null,
    outcome: 'success',
    client: { address: '203.0.113.7', user_agent: 'Firefox/140', request_id: 'req-42' },
    summary: { method: 'password' },
    prev_hash: 'a'.repeat(64),
    hash: `${'b'.repeat(60)}${String(seq).padStart(4, '0')}`,
    ...overrides,
  };
}

const created = event(3, {
  action: 'user.created',
  actor: { kind: 'system', id: null, label: 'demo' },
  target: { kind: 'user', id: 'u7', label: 'builder@demo.local' },
  workspace: 'claims',
  summary: { display_name: 'Bea Builder', role: 'builder', demo: true },
});
const failed = event(2, {
  actor: { kind: 'anonymous', id: null, label: 'mallory@example.com' },
  outcome: 'failure',
  summary: { reason: 'wrong password' },
});
const denied = event(1, { action: 'workflow.deleted', outcome: 'denied' });

function page(events: AuditEvent[], next_before: number | null = null): AuditPage {
  return { events, next_before };
}

/** The outcome badge in `row` reads `text` and is coloured `color`. */
function expectBadge(row: HTMLElement, text: string, color: string) {
  const badge = within(row).getByText(text).closest<HTMLElement>('[data-outcome]');
  expect(badge).not.toBeNull();
  expect(badge!.getAttribute('style')).toContain(`--mantine-color-${color}-`);
}

function eventRequests(requests: RecordedRequest[]) {
  return requests.filter((r) => r.path === '/api/v1/audit/events');
}

describe('audit page', () => {
  it('lists the events from the API with readable actions, actors and outcome badges', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([created, failed, denied])),
    });
    renderApp('/audit', server.fetch);

    const table = await screen.findByTestId('audit-table');
    const createdRow = within(table).getByTestId('audit-row-3');
    expect(createdRow).toHaveTextContent('Account created');
    expect(createdRow).toHaveTextContent('demo');
    expect(within(createdRow).getByText('System')).toBeInTheDocument();
    expect(createdRow).toHaveTextContent('builder@demo.local');
    expect(createdRow).toHaveTextContent('claims');
    expectBadge(createdRow, 'Success', 'green');

    const failedRow = within(table).getByTestId('audit-row-2');
    expect(failedRow).toHaveTextContent('Sign-in attempt');
    expect(within(failedRow).getByText('Not signed in')).toBeInTheDocument();
    expectBadge(failedRow, 'Failure', 'orange');

    const deniedRow = within(table).getByTestId('audit-row-1');
    expect(deniedRow).toHaveTextContent('workflow.deleted');
    expectBadge(deniedRow, 'Denied', 'red');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('keeps the empty state when there are no events at all', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([])),
    });
    renderApp('/audit', server.fetch);

    expect(await screen.findByTestId('empty-audit')).toHaveTextContent('No events to show yet');
  });

  it('puts a filter into the URL and the request, and says when nothing matches', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': (request) =>
        json(200, page(request.query.get('outcome') === 'denied' ? [] : [created, failed])),
    });
    renderApp('/audit', server.fetch);
    await screen.findByTestId('audit-table');

    await userEvent.click(screen.getByRole('radio', { name: 'Denied' }));

    expect(await screen.findByTestId('audit-no-match')).toHaveTextContent('No events match these filters');
    expect(eventRequests(server.requests).at(-1)?.query.get('outcome')).toBe('denied');
    expect(screen.getByTestId('location-search')).toHaveTextContent('?outcome=denied');

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByTestId('audit-table')).toBeInTheDocument();
    expect(eventRequests(server.requests).at(-1)?.query.has('outcome')).toBe(false);
  });

  it('reads the filters of a shared link and sends the actor and the time range', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([failed])),
    });
    renderApp('/audit?actor=mallory%40example.com&since=2026-11-01&until=2026-11-30', server.fetch);
    await screen.findByTestId('audit-table');

    const query = eventRequests(server.requests)[0]!.query;
    expect(query.get('actor')).toBe('mallory@example.com');
    expect(query.get('since')).toBe(new Date(2026, 10, 1).toISOString());
    // "To" includes the whole last day.
    expect(query.get('until')).toBe(new Date(2026, 11, 1).toISOString());
    expect(screen.getByLabelText('Actor')).toHaveValue('mallory@example.com');
    const href = new URL(screen.getByTestId('audit-export').getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/api/v1/audit/export');
    expect(href.searchParams.get('since')).toBe(query.get('since'));
    expect(href.searchParams.get('until')).toBe(query.get('until'));
  });

  it('sends a typed actor after a pause', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([created])),
    });
    renderApp('/audit', server.fetch);
    await screen.findByTestId('audit-table');

    await userEvent.type(screen.getByLabelText('Actor'), 'admin@demo.local');

    await waitFor(() => expect(eventRequests(server.requests).at(-1)?.query.get('actor')).toBe('admin@demo.local'));
  });

  it('loads the next page with the cursor', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': (request) =>
        json(200, request.query.get('before') === '2' ? page([denied]) : page([created, failed], 2)),
    });
    renderApp('/audit', server.fetch);
    await screen.findByTestId('audit-table');
    expect(screen.queryByTestId('audit-row-1')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByTestId('audit-row-1')).toBeInTheDocument();
    expect(screen.getByTestId('audit-row-3')).toBeInTheDocument();
    const requests = eventRequests(server.requests);
    expect(requests[0]!.query.has('before')).toBe(false);
    expect(requests.at(-1)!.query.get('before')).toBe('2');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it("shows the API's message when a filter is refused", async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () =>
        apiErrorResponse(422, 'invalid_input', "since: 'x' is not a date (2026-11-27) or an RFC 3339 time"),
    });
    renderApp('/audit', server.fetch);

    expect(await screen.findByRole('alert')).toHaveTextContent("since: 'x' is not a date");
  });

  it('opens every detail of an event in a drawer', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([created])),
    });
    renderApp('/audit', server.fetch);

    await userEvent.click(await screen.findByTestId('audit-row-3'));

    const drawer = await screen.findByTestId('audit-drawer');
    expect(drawer).toHaveTextContent('user.created');
    expect(drawer).toHaveTextContent('builder@demo.local');
    expect(drawer).toHaveTextContent('203.0.113.7');
    expect(drawer).toHaveTextContent('Firefox/140');
    expect(drawer).toHaveTextContent('req-42');
    expect(drawer).toHaveTextContent('2026-11-27 09:30:00.123 UTC');
    const summary = within(drawer).getByTestId('audit-summary');
    expect(summary).toHaveTextContent('Display name');
    expect(summary).toHaveTextContent('Bea Builder');
    expect(within(drawer).getByTitle(created.hash)).toHaveTextContent('…');
    expect(within(drawer).getByTitle(created.prev_hash)).toBeInTheDocument();
  });

  it('verifies the chain and shows that it is intact', async () => {
    const report: ChainReport = { status: 'intact', events: 42, broken_at: null, reason: null };
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([created])),
      'POST /api/v1/audit/verify': () => json(200, report),
    });
    renderApp('/audit', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Verify now' }));

    expect(await screen.findByTestId('chain-intact')).toHaveTextContent('Intact — 42 events verified');
    const verify = server.requests.find((r) => r.path === '/api/v1/audit/verify');
    expect(verify?.method).toBe('POST');
    expect(verify?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('shows a loader while verifying and explains a broken chain', async () => {
    let answer: (response: Response) => void = () => {};
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, auditor),
      'GET /api/v1/audit/events': () => json(200, page([created])),
      'POST /api/v1/audit/verify': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderApp('/audit', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Verify now' }));
    expect(await screen.findByText('Checking every event in the chain…')).toBeInTheDocument();

    answer(json(200, { status: 'broken', events: null, broken_at: 7, reason: 'the hash does not match the event' }));

    const broken = await screen.findByTestId('chain-broken');
    expect(broken).toHaveTextContent('Broken at event 7: the hash does not match the event');
    expect(broken).toHaveTextContent('Events 1 to 6 are confirmed unchanged');
    expect(screen.queryByText('Checking every event in the chain…')).not.toBeInTheDocument();
  });

  it('shows no access to a user without the audit section and asks nothing of the API', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, session()) });
    renderApp('/audit', server.fetch);

    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    expect(eventRequests(server.requests)).toHaveLength(0);
  });
});

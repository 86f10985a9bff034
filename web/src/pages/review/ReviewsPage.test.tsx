import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ReviewSummary } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session } from '../../test/fakeServer';
import { chain, reviewSummary } from '../../test/reviewFixtures';
import { renderApp } from '../../test/renderApp';

const approver = session({
  display_name: 'Alex Approver',
  email: 'approver@demo.local',
  grants: [{ role: 'approver', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['review', 'apps'],
});

const builder = session({
  email: 'builder@demo.local',
  grants: [{ role: 'builder', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['build', 'review', 'runs'],
});

const mine = reviewSummary({ id: 'rv1' });
const other = reviewSummary({ id: 'rv2', workflow: 'password-reset', version: 1, environment: 'staging', approvals: 0, approvals_required: 1, awaiting_you: false });
const deployed = reviewSummary({ id: 'rv3', workflow: 'laptop-order', status: 'deployed', closed_at: '2026-11-26T12:00:00Z', approvals: 1, approvals_required: 1, awaiting_you: false });

function server(user = approver, open: ReviewSummary[] = [mine, other], all: ReviewSummary[] = [mine, other, deployed]) {
  return fakeFetch({
    'GET /api/v1/me': () => json(200, user),
    'GET /api/v1/approvals': () => json(200, { approvals: [] }),
    'GET /api/v1/environments': () => json(200, { environments: chain }),
    'GET /api/v1/reviews': (request) => json(200, { reviews: request.query.get('status') === 'all' ? all : open }),
  });
}

describe('review list', () => {
  it('starts an approver on what waits for them, with the environment by name and approvals n of m', async () => {
    const fake = server();
    renderApp('/review', fake.fetch);

    const table = await screen.findByTestId('reviews-table');
    expect(screen.getByRole('tab', { name: /Waiting for me/, selected: true })).toBeInTheDocument();
    expect(within(screen.getByTestId('reviews-tab-waiting')).getByText('1')).toBeInTheDocument();
    const row = within(table).getByTestId('review-row-rv1');
    expect(within(table).queryByTestId('review-row-rv2')).not.toBeInTheDocument();
    expect(row).toHaveTextContent('ticket-triage');
    expect(row).toHaveTextContent('IT Service Desk · Open tickets in the real ticketing tool');
    expect(row).toHaveTextContent('v3');
    expect(await within(row).findByText('Production')).toBeInTheDocument();
    expect(row).toHaveTextContent('builder@demo.local');
    expect(row).toHaveTextContent('1 of 2');
    expect(within(row).getByTestId('review-status')).toHaveTextContent('Waiting for approval');
    expect(fake.requests.find((r) => r.path === '/api/v1/reviews')?.query.get('status')).toBe('open');

    await userEvent.click(row);
    expect(screen.getByTestId('location')).toHaveTextContent('/review/rv1');
  });

  it('shows every open review, and those decided', async () => {
    const fake = server();
    renderApp('/review', fake.fetch);
    await screen.findByTestId('reviews-table');

    await userEvent.click(screen.getByRole('tab', { name: /Open/ }));
    const open = await screen.findByTestId('reviews-table');
    expect(within(open).getByTestId('review-row-rv2')).toHaveTextContent('0 of 1');
    expect(screen.getByTestId('location-search')).toHaveTextContent('?tab=open');

    await userEvent.click(screen.getByRole('tab', { name: /All decided/ }));
    const decided = await screen.findByTestId('reviews-table');
    expect(within(decided).queryByTestId('review-row-rv1')).not.toBeInTheDocument();
    expect(within(decided).getByTestId('review-row-rv3')).toHaveTextContent('Deployed');
    expect(within(decided).getByRole('columnheader', { name: 'Decided' })).toBeInTheDocument();
    expect(fake.requests.some((r) => r.path === '/api/v1/reviews' && r.query.get('status') === 'all')).toBe(true);
  });

  it('says when nothing waits for the person', async () => {
    renderApp('/review', server(approver, [other], [other]).fetch);
    expect(await screen.findByTestId('reviews-empty-waiting')).toHaveTextContent('Nothing waits for your review');
  });

  it('starts someone who cannot approve on every open review', async () => {
    renderApp('/review', server(builder).fetch);
    await screen.findByTestId('reviews-table');
    expect(screen.getByRole('tab', { name: /^Open/, selected: true })).toBeInTheDocument();
    expect(screen.getByTestId('review-row-rv2')).toBeInTheDocument();
  });

  it('shows the API message when the list cannot be loaded', async () => {
    const fake = fakeFetch({
      'GET /api/v1/me': () => json(200, approver),
      'GET /api/v1/approvals': () => json(200, { approvals: [] }),
      'GET /api/v1/environments': () => json(200, { environments: chain }),
      'GET /api/v1/reviews': () => apiErrorResponse(500, 'internal', 'The database is not answering.'),
    });
    renderApp('/review', fake.fetch);
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is not answering.');
  });
});

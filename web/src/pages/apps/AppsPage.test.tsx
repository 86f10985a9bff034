import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { appSummary, claimApp } from './appTestData';

const consumer = session({ display_name: 'Casey Consumer', email: 'consumer@demo.local' });

const triage = appSummary({
  workspace: 'it-service-desk',
  workspace_name: 'IT Service Desk',
  name: 'ticket-triage',
  description: 'Sorts an incoming IT ticket by kind and routes it to the right queue.',
  interfaces: ['form', 'batch', 'api'],
  frozen: true,
});

describe('the app catalog', () => {
  it('lists every app published to the person, with what each offers, and opens one', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, consumer),
      'GET /api/v1/apps': () => json(200, { apps: [appSummary(), triage] }),
      'GET /api/v1/apps/claims/claim-intake': () => json(200, claimApp()),
      'GET /api/v1/apps/claims/claim-intake/runs': () => json(200, { runs: [] }),
    });
    renderApp('/', server.fetch);

    const catalog = await screen.findByTestId('app-catalog');
    const claims = within(catalog).getByTestId('app-card-claims-claim-intake');
    expect(claims).toHaveTextContent('claim-intake');
    expect(claims).toHaveTextContent('Takes a new insurance claim');
    expect(claims).toHaveTextContent('Claims · Production');
    expect(claims).toHaveTextContent('approver@demo.local');
    expect(claims).toHaveTextContent('Updated 5 minutes ago · version 3');
    expect(within(claims).getByTestId('interface-form')).toHaveTextContent('Form');
    expect(within(claims).queryByTestId('paused-badge')).not.toBeInTheDocument();

    const desk = within(catalog).getByTestId('app-card-it-service-desk-ticket-triage');
    expect(desk).toHaveTextContent('IT Service Desk');
    expect(within(desk).getByTestId('interface-batch')).toHaveTextContent('Batch');
    expect(within(desk).getByTestId('interface-api')).toHaveTextContent('API');
    expect(within(desk).getByTestId('paused-badge')).toHaveTextContent('Paused');

    expect(within(claims).getByRole('link', { name: 'claim-intake' })).toHaveAttribute('href', '/apps/claims/claim-intake');
    await userEvent.click(within(claims).getByText('Takes a new insurance claim', { exact: false }));
    expect(await screen.findByRole('heading', { level: 1, name: 'claim-intake' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/apps/claims/claim-intake');
  });

  it('searches the catalog on the server, and says when nothing matches', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, consumer),
      'GET /api/v1/apps': (request) => {
        const search = request.query.get('search');
        if (search === null) return json(200, { apps: [appSummary(), triage] });
        return json(200, { apps: search === 'ticket' ? [triage] : [] });
      },
    });
    renderApp('/apps', server.fetch);
    await screen.findByTestId('app-catalog');

    await userEvent.type(screen.getByRole('textbox', { name: 'Search apps' }), 'ticket');
    await waitFor(() => expect(screen.queryByTestId('app-card-claims-claim-intake')).not.toBeInTheDocument());
    expect(screen.getByTestId('app-card-it-service-desk-ticket-triage')).toBeInTheDocument();
    expect(server.requests.some((r) => r.path === '/api/v1/apps' && r.query.get('search') === 'ticket')).toBe(true);
    expect(screen.getByTestId('location-search')).toHaveTextContent('?search=ticket');

    await userEvent.type(screen.getByRole('textbox', { name: 'Search apps' }), 'zzz');
    expect(await screen.findByTestId('apps-no-match')).toHaveTextContent('No app matches your search');
    await userEvent.click(screen.getByRole('button', { name: 'Show all apps' }));
    expect(await screen.findByTestId('app-card-claims-claim-intake')).toBeInTheDocument();
  });

  it('says so when no app is published to the person yet', async () => {
    const server = fakeFetch({ 'GET /api/v1/me': () => json(200, consumer), 'GET /api/v1/apps': () => json(200, { apps: [] }) });
    renderApp('/apps', server.fetch);

    expect(await screen.findByTestId('empty-apps')).toHaveTextContent('No apps yet');
    expect(screen.queryByRole('textbox', { name: 'Search apps' })).not.toBeInTheDocument();
  });

  it('explains when the catalog cannot be loaded', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, consumer),
      'GET /api/v1/apps': () => apiErrorResponse(503, 'unavailable', 'Paddock is starting; try again in a moment.'),
    });
    renderApp('/apps', server.fetch);

    expect(await screen.findByRole('alert')).toHaveTextContent('The apps could not be loaded');
    expect(screen.getByRole('alert')).toHaveTextContent('Paddock is starting; try again in a moment.');
  });
});

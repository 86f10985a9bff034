import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { DraftView } from '../../../../api/types';
import { SECTIONS } from '../../../../layout/sections';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../../../test/fakeServer';
import { stepKinds } from '../../../../test/runFixtures';
import { renderRoutes } from '../test/renderRoutes';
import type { WorkflowTemplate } from './templateQueries';
import { TemplatesGallery } from './TemplatesGallery';

const builder = session({
  grants: [
    { role: 'builder', workspace: 'it-service-desk' },
    { role: 'builder', workspace: 'claims' },
    { role: 'consumer', workspace: 'finance' },
  ],
  workspaces: [
    { slug: 'it-service-desk', name: 'IT Service Desk' },
    { slug: 'claims', name: 'Claims' },
    { slug: 'finance', name: 'Finance' },
  ],
  navigation: ['build', 'runs'],
});

const TRIAGE_YAML = `apiVersion: paddock/v1
kind: Workflow
name: ticket-triage
inputs:
  subject: { type: string, required: true }
steps:
  - id: kind
    uses: llm.classify
  - id: urgency
    uses: template
  - id: route
    uses: branch
`;

const triage: WorkflowTemplate = {
  name: 'ticket-triage',
  title: 'Route IT tickets',
  description: 'Sorts incoming tickets by kind and urgency.',
  category: 'IT',
  definition: TRIAGE_YAML,
  sample_inputs: { subject: 'VPN down' },
  steps: 3,
};

const invoice: WorkflowTemplate = {
  name: 'invoice-totals',
  title: 'Extract invoice totals',
  description: 'Reads the totals of a PDF invoice.',
  category: 'Finance',
  definition: 'apiVersion: paddock/v1\nkind: Workflow\nname: invoice-totals\nsteps:\n  - id: read\n    uses: template\n',
  sample_inputs: {},
  steps: 1,
};

const TEMPLATES = 'GET /api/v1/workflow-templates';
const section = SECTIONS.find((s) => s.id === 'build')!;

function renderGallery(routes: Parameters<typeof fakeFetch>[0], user = builder) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, user),
    'GET /api/v1/step-kinds': () => json(200, stepKinds),
    ...routes,
  });
  renderRoutes(
    '/build/templates',
    server.fetch,
    <>
      <Route path="/build/templates" element={<TemplatesGallery section={section} />} />
      <Route path="/build/:workspace/:name" element={<p>The builder</p>} />
    </>,
  );
  return server;
}

const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

describe('templates gallery', () => {
  it('shows each template with what it does and uses, and finds them by search and category', async () => {
    renderGallery({ [TEMPLATES]: () => json(200, { templates: [triage, invoice] }) });

    const card = await screen.findByTestId('template-card-ticket-triage');
    expect(card).toHaveTextContent('Route IT tickets');
    expect(card).toHaveTextContent('Sorts incoming tickets by kind and urgency.');
    expect(within(card).getByTestId('template-uses')).toHaveTextContent('Uses 3 steps');
    expect(await within(card).findByText('Classify')).toBeInTheDocument();
    expect(within(card).getByText('Branch')).toBeInTheDocument();
    expect(screen.getByTestId('template-card-invoice-totals')).toHaveTextContent('Uses 1 step');
    // Only where the person builds: not Finance, where they only use apps.
    expect(screen.getByTestId('workspace-select')).toHaveValue('IT Service Desk');

    await userEvent.type(screen.getByTestId('templates-search'), 'invoice');
    expect(screen.queryByTestId('template-card-ticket-triage')).not.toBeInTheDocument();
    expect(screen.getByTestId('template-card-invoice-totals')).toBeInTheDocument();

    await userEvent.type(screen.getByTestId('templates-search'), ' holidays');
    expect(screen.getByTestId('templates-no-match')).toHaveTextContent('No template matches your search');
    await userEvent.click(screen.getByRole('button', { name: 'Show all templates' }));
    expect(screen.getByTestId('template-card-ticket-triage')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Finance' }));
    expect(screen.queryByTestId('template-card-ticket-triage')).not.toBeInTheDocument();
    expect(screen.getByTestId('template-card-invoice-totals')).toBeInTheDocument();
  });

  it('saves a template under a free name and opens it in the builder with its sample inputs', async () => {
    let saved: DraftView | null = null;
    const server = renderGallery({
      [TEMPLATES]: () => json(200, { templates: [triage, invoice] }),
      'GET /api/v1/workspaces/claims/workflows/ticket-triage': () => json(200, { name: 'ticket-triage' }),
      'GET /api/v1/workspaces/claims/workflows/my-triage': () =>
        saved ? json(200, saved) : apiErrorResponse(404, 'not_found', 'There is no such workflow.'),
      'PUT /api/v1/workspaces/claims/workflows/my-triage': (request) => {
        const { definition } = request.body as { definition: string };
        saved = {
          workspace: 'claims',
          name: 'my-triage',
          description: '',
          definition,
          revision: 1,
          updated_by: 'ada@example.com',
          updated_at: '2026-11-27T09:30:00Z',
          valid: true,
          problems: [],
          policy: [],
        };
        return json(200, saved);
      },
    });

    await userEvent.click(await screen.findByTestId('workspace-select'));
    await userEvent.click(await screen.findByRole('option', { name: 'Claims', hidden: true }));
    await userEvent.click(await screen.findByTestId('template-use-ticket-triage'));

    const name = await screen.findByTestId('template-name');
    expect(name).toHaveValue('ticket-triage');
    await waitFor(() => expect(name).toHaveAccessibleDescription(/There is already a workflow named “ticket-triage” in Claims/));
    expect(screen.getByTestId('template-create')).toBeDisabled();

    await userEvent.clear(name);
    await userEvent.type(name, 'my-triage');
    expect(await screen.findByLabelText('The name is free')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('template-create'));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/claims/my-triage'));
    expect(JSON.parse(screen.getByTestId('location-state').textContent ?? '')).toEqual({ created: true, sampleInputs: { subject: 'VPN down' } });
    const put = sent(server.requests, 'PUT', '/api/v1/workspaces/claims/workflows/my-triage');
    expect(put).toHaveLength(1);
    expect(put[0]?.body).toEqual({ definition: TRIAGE_YAML.replace('name: ticket-triage', 'name: my-triage') });
  });

  it('refuses a name that is not a short name before asking the server', async () => {
    const server = renderGallery({ [TEMPLATES]: () => json(200, { templates: [triage] }) });
    await userEvent.click(await screen.findByTestId('template-use-ticket-triage'));
    const name = await screen.findByTestId('template-name');
    await userEvent.clear(name);
    await userEvent.type(name, 'My Triage!');
    expect(name).toHaveAccessibleDescription(/lower-case letters, digits and dashes, starting with a letter/);
    expect(screen.getByTestId('template-create')).toBeDisabled();
    // Neither checked nor saved: the name cannot be one.
    expect(server.requests.filter((r) => r.path.includes('/workflows/My'))).toHaveLength(0);
  });

  it('says plainly when the server offers no templates, has none, or fails', async () => {
    renderGallery({ [TEMPLATES]: () => apiErrorResponse(404, 'not_found', 'No route') });
    expect(await screen.findByTestId('templates-unavailable')).toHaveTextContent('Templates are not available here yet');
    expect(screen.getByRole('link', { name: 'Start from a blank workflow' })).toHaveAttribute('href', '/build/new?workspace=it-service-desk');
  });

  it('shows an empty state when there are no templates', async () => {
    renderGallery({ [TEMPLATES]: () => json(200, { templates: [] }) });
    expect(await screen.findByTestId('templates-empty')).toHaveTextContent('No templates yet');
  });

  it('shows the server’s words when loading fails', async () => {
    renderGallery({ [TEMPLATES]: () => apiErrorResponse(500, 'internal', 'Something went wrong on our side.') });
    expect(await screen.findByTestId('templates-error')).toHaveTextContent('The templates could not be loaded');
  });

  it('is closed to people who do not build', async () => {
    renderGallery({ [TEMPLATES]: () => json(200, { templates: [triage] }) }, session({ navigation: ['apps'] }));
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    expect(screen.queryByTestId('templates-gallery')).not.toBeInTheDocument();
  });

  it('lets people look but not save when they build in no workspace', async () => {
    renderGallery({ [TEMPLATES]: () => json(200, { templates: [triage] }) }, session({ navigation: ['build'], grants: [] }));
    expect(await screen.findByText('No workspace to save it in')).toBeInTheDocument();
    expect(await screen.findByTestId('template-use-ticket-triage')).toBeDisabled();
  });
});

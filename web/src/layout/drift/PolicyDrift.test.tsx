import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CHAIN, EXCEPTION, adminSession, driftNotice } from '../../test/driftFixtures';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { personWith } from '../../test/lifecycleFixtures';
import { renderApp } from '../../test/renderApp';

const EXCEPTION_PATH = '/api/v1/workspaces/it-service-desk/workflows/ticket-triage/deployments/prod/exception';
const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

/** Two breaking policy (one of them frozen, in Claims) and one under an exception. */
const three = () => [
  driftNotice(),
  driftNotice({ workspace: 'claims', workflow: 'claim-summary', environment: 'staging', version: 4, frozen: true }),
  driftNotice({ workflow: 'password-reset', environment: 'dev', version: 2, exception: EXCEPTION }),
];

function open(me: ReturnType<typeof session>, routes: Parameters<typeof fakeFetch>[0] = {}, path = '/runs') {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/environments': () => json(200, { environments: CHAIN }),
    ...routes,
  });
  renderApp(path, server.fetch);
  return server;
}

describe('the policy drift notice', { timeout: 20_000 }, () => {
  it('shows nothing when no live deployment breaks policy', async () => {
    const server = open(adminSession(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: [] }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();
    await waitFor(() => expect(sent(server.requests, 'GET', '/api/v1/policy-drift')).toHaveLength(1));
    expect(screen.queryByTestId('drift-banner')).not.toBeInTheDocument();
    expect(screen.queryByText(/break policy/)).not.toBeInTheDocument();
  });

  it('never asks for people who may see no deployment', async () => {
    const server = open(session(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: three() }) }, '/apps');
    expect(await screen.findByRole('heading', { level: 1, name: 'Apps' })).toBeInTheDocument();
    expect(sent(server.requests, 'GET', '/api/v1/policy-drift')).toHaveLength(0);
    expect(screen.queryByTestId('drift-banner')).not.toBeInTheDocument();
  });

  it('counts those breaking policy in red, those under an exception apart, and lists each in the drawer', async () => {
    open(adminSession(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: three() }) });
    const banner = await screen.findByTestId('drift-banner');
    expect(banner).toHaveAttribute('data-state', 'breaking');
    expect(within(banner).getByTestId('drift-banner-text')).toHaveTextContent('2 live deployments break policy after a policy change');
    expect(within(banner).getByTestId('drift-banner-excepted')).toHaveTextContent('1 deployment runs under a policy exception');

    await userEvent.click(within(banner).getByRole('button', { name: 'Review' }));
    const drawer = await screen.findByTestId('drift-drawer');
    const notices = within(drawer).getAllByTestId('drift-notice');
    // Those without an exception first, by workspace and workflow.
    expect(notices.map((notice) => notice.dataset.state)).toEqual(['breaking', 'breaking', 'excepted']);

    const [claims, triage, reset] = notices as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(triage).getByTestId('drift-notice-workflow')).toHaveTextContent('ticket-triage');
    await waitFor(() => expect(within(triage).getByTestId('drift-notice-where')).toHaveTextContent('IT Service Desk · Production · v1'));
    expect(within(triage).getByTestId('drift-violation')).toHaveTextContent(
      'inputs.body (internal) reaches the model builtin, cleared for public only',
    );
    expect(within(triage).getByTestId('drift-violation-fix')).toHaveTextContent(
      'How to fix it: Use a model cleared for internal data, or raise the clearance of builtin',
    );
    expect(within(triage).queryByTestId('drift-notice-frozen')).not.toBeInTheDocument();
    expect(within(triage).queryByTestId('drift-notice-exception')).not.toBeInTheDocument();
    expect(within(triage).getByRole('link', { name: 'Open pipeline' })).toHaveAttribute(
      'href',
      '/build/it-service-desk/ticket-triage?tab=pipeline',
    );

    expect(within(claims).getByTestId('drift-notice-where')).toHaveTextContent('Claims · Staging · v4');
    expect(within(claims).getByTestId('drift-notice-frozen')).toHaveTextContent('Frozen');
    // Frozen already: nothing to freeze.
    expect(within(claims).queryByRole('button', { name: 'Freeze…' })).not.toBeInTheDocument();

    expect(within(reset).getByTestId('drift-notice-where')).toHaveTextContent('IT Service Desk · Development · v2');
    expect(within(reset).getByTestId('drift-notice-exception')).toHaveTextContent(
      /^Exception until .*2099.* — The model is being re-assessed — granted by admin@demo\.local$/,
    );

    // Opening a pipeline leaves the drawer for the workflow's page.
    await userEvent.click(within(triage).getByRole('link', { name: 'Open pipeline' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/build/it-service-desk/ticket-triage'));
    expect(screen.getByTestId('location-search')).toHaveTextContent('?tab=pipeline');
  });

  it('is calmer when every deployment that breaks policy runs under an exception', async () => {
    open(adminSession(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: [driftNotice({ exception: EXCEPTION })] }) });
    const banner = await screen.findByTestId('drift-banner');
    expect(banner).toHaveAttribute('data-state', 'excepted');
    expect(within(banner).getByTestId('drift-banner-text')).toHaveTextContent('1 deployment runs under a policy exception');
    expect(banner).not.toHaveTextContent(/break policy/);
  });

  it('offers an admin to freeze and grant an exception', async () => {
    open(adminSession(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: [driftNotice()] }) });
    expect(await screen.findByTestId('drift-banner-text')).toHaveTextContent('1 live deployment breaks policy after a policy change');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const notice = await screen.findByTestId('drift-notice');
    expect(within(notice).getByRole('button', { name: 'Grant exception…' })).toBeInTheDocument();
    expect(within(notice).getByRole('button', { name: 'Freeze…' })).toBeInTheDocument();
  });

  it('shows a builder the notice and the way to the pipeline, but neither freeze nor exception', async () => {
    open(personWith(['builder']), { 'GET /api/v1/policy-drift': () => json(200, { drifted: [driftNotice()] }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Review' }));
    const notice = await screen.findByTestId('drift-notice');
    expect(within(notice).getByRole('link', { name: 'Open pipeline' })).toBeInTheDocument();
    expect(within(notice).queryByRole('button', { name: /Grant/ })).not.toBeInTheDocument();
    expect(within(notice).queryByRole('button', { name: /Freeze/ })).not.toBeInTheDocument();
  });

  it('lets an operator freeze, but not grant an exception', async () => {
    let frozen = false;
    const server = open(personWith(['operator'], 'operator@demo.local'), {
      'GET /api/v1/policy-drift': () => json(200, { drifted: [driftNotice({ frozen })] }),
      'POST /api/v1/workspaces/it-service-desk/workflows/ticket-triage/deployments/prod/freeze': () => {
        frozen = true;
        return json(200, {});
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Review' }));
    const notice = await screen.findByTestId('drift-notice');
    expect(within(notice).queryByRole('button', { name: /Grant/ })).not.toBeInTheDocument();
    // An operator cannot open Build: the pipeline opens on its /deployments page.
    expect(within(notice).getByRole('link', { name: 'Open pipeline' })).toHaveAttribute('href', '/deployments/it-service-desk/ticket-triage');
    await userEvent.click(within(notice).getByRole('button', { name: 'Freeze…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Freeze ticket-triage in Production' });
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Breaks policy');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Freeze' }));
    expect(await screen.findByTestId('drift-done')).toHaveTextContent('ticket-triage in Production is frozen');
    expect(sent(server.requests, 'POST', '/api/v1/workspaces/it-service-desk/workflows/ticket-triage/deployments/prod/freeze')[0]?.body).toEqual({
      reason: 'Breaks policy',
      in_flight: 'finish',
    });
    // Asked again after the action: shown frozen.
    expect(await within(screen.getByTestId('drift-notice')).findByTestId('drift-notice-frozen')).toBeInTheDocument();
  });

  it('grants an exception with the reason and the end, shows the server refusing, then shows it in force', async () => {
    let granted: { reason: string; until: string } | null = null;
    let attempts = 0;
    const server = open(adminSession(), {
      'GET /api/v1/policy-drift': () =>
        json(200, { drifted: [driftNotice({ exception: granted ? { ...granted, granted_by: 'admin@demo.local' } : null })] }),
      [`POST ${EXCEPTION_PATH}`]: (request) => {
        attempts += 1;
        if (attempts === 1) return apiErrorResponse(422, 'invalid_input', 'the deployment complies with its policy now');
        granted = request.body as { reason: string; until: string };
        return json(201, { ...granted, granted_by: 'admin@demo.local' });
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Review' }));
    await userEvent.click(within(await screen.findByTestId('drift-notice')).getByRole('button', { name: 'Grant exception…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant an exception to ticket-triage in Production' });

    // Both are required; the end is a week ahead unless changed.
    const until = within(dialog).getByTestId('grant-exception-until');
    const shown = (until as HTMLInputElement).value;
    const week = Date.now() + 7 * 24 * 60 * 60 * 1000;
    expect(Math.abs(new Date(shown).getTime() - week)).toBeLessThan(2 * 60 * 1000);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(within(dialog).getByText('Say why it may keep running')).toBeInTheDocument();
    expect(sent(server.requests, 'POST', EXCEPTION_PATH)).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'The model is being re-assessed');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(await within(dialog).findByTestId('grant-exception-error')).toHaveTextContent('the deployment complies with its policy now');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(await screen.findByTestId('drift-done')).toHaveTextContent('ticket-triage in Production runs under an exception until');
    const body = sent(server.requests, 'POST', EXCEPTION_PATH).at(-1)?.body as { reason: string; until: string };
    expect(body.reason).toBe('The model is being re-assessed');
    expect(body.until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(body.until).getTime()).toBe(new Date(shown).getTime());
    expect(sent(server.requests, 'POST', EXCEPTION_PATH)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    // Now under the exception: calmer, and no longer counted as breaking policy.
    const notice = screen.getByTestId('drift-notice');
    await waitFor(() => expect(notice).toHaveAttribute('data-state', 'excepted'));
    expect(within(notice).getByTestId('drift-notice-exception')).toHaveTextContent(
      /^Exception until .+ — The model is being re-assessed — granted by admin@demo\.local$/,
    );
    await waitFor(() => expect(screen.getByTestId('drift-banner-text')).toHaveTextContent('1 deployment runs under a policy exception'));
  });

  it('checks the end of an exception before asking: in the future, at most 90 days ahead', async () => {
    const server = open(adminSession(), { 'GET /api/v1/policy-drift': () => json(200, { drifted: [driftNotice()] }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Review' }));
    await userEvent.click(within(await screen.findByTestId('drift-notice')).getByRole('button', { name: 'Grant exception…' }));
    const dialog = await screen.findByRole('dialog', { name: /Grant an exception/ });
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Why not');
    const until = within(dialog).getByTestId('grant-exception-until');

    await userEvent.clear(until);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(within(dialog).getByText('Choose when the exception ends')).toBeInTheDocument();

    await userEvent.type(until, '2020-01-01T10:00');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(within(dialog).getByText('Choose a time in the future')).toBeInTheDocument();

    await userEvent.clear(until);
    await userEvent.type(until, `${new Date().getFullYear() + 1}-12-31T10:00`);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant exception' }));
    expect(within(dialog).getByText(/^At most 90 days ahead/)).toBeInTheDocument();
    expect(sent(server.requests, 'POST', EXCEPTION_PATH)).toHaveLength(0);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, type RecordedRequest } from '../../../test/fakeServer';
import { COMPARISON, DEFINITION, TRIAGE, personWith, pipeline, triageDraft, version } from '../../../test/lifecycleFixtures';
import { renderApp } from '../../../test/renderApp';

const valid = { valid: true, name: 'ticket-triage', steps: [], inputs: { subject: { type: 'string' } }, problems: [] };
const sent = (requests: RecordedRequest[], method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);

function open(routes: Parameters<typeof fakeFetch>[0], roles: Parameters<typeof personWith>[0] = ['builder']) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(200, personWith(roles)),
    'POST /api/v1/workflows/validate': () => json(200, valid),
    [`GET ${TRIAGE}`]: () => json(200, triageDraft()),
    [`GET ${TRIAGE}/deployments`]: () => json(200, pipeline()),
    ...routes,
  });
  renderApp('/build/it-service-desk/ticket-triage?tab=versions', server.fetch);
  return server;
}

describe('build: the versions of a workflow', { timeout: 15_000 }, () => {
  it('invites to cut the first version, asks what changed, and says which version was cut', async () => {
    let versions: ReturnType<typeof version>[] = [];
    const server = open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions }),
      [`POST ${TRIAGE}/versions`]: (request) => {
        versions = [version(1, { message: (request.body as { message: string }).message })];
        return json(201, versions[0]);
      },
    });

    const empty = await screen.findByTestId('versions-empty');
    expect(empty).toHaveTextContent('No versions yet — cut one when the draft is ready');
    await userEvent.click(within(empty).getByRole('button', { name: 'Cut a version' }));

    const dialog = await screen.findByRole('dialog', { name: 'Cut a version' });
    expect(dialog).toHaveTextContent('revision 4');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cut version' }));
    expect(within(dialog).getByText('Say what changed, for the reviewers')).toBeInTheDocument();
    expect(sent(server.requests, 'POST', `${TRIAGE}/versions`)).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText(/What changed/), 'Route outages to on-call');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cut version' }));
    expect(await within(dialog).findByText('Version 1 is cut')).toBeInTheDocument();
    expect(sent(server.requests, 'POST', `${TRIAGE}/versions`)[0]?.body).toEqual({ message: 'Route outages to on-call' });
    expect(sent(server.requests, 'POST', `${TRIAGE}/versions`)[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    const table = await screen.findByTestId('versions-table');
    expect(within(table).getByTestId('version-row-1')).toHaveTextContent('Route outages to on-call');
  });

  it('says when the draft is already a version instead of cutting another', async () => {
    open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(3)] }),
      [`POST ${TRIAGE}/versions`]: () => json(200, version(3)),
      [`GET ${TRIAGE}/compare`]: () => json(200, { ...COMPARISON, semantic: { ...COMPARISON.semantic, changed: false }, text: [] }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Cut a version' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cut a version' });
    await userEvent.type(within(dialog).getByLabelText(/What changed/), 'Again');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cut version' }));
    expect(await within(dialog).findByText('This draft is already version 3')).toBeInTheDocument();
  });

  it('lists why a draft with problems cannot be cut', async () => {
    open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(1)] }),
      [`GET ${TRIAGE}/compare`]: () => json(200, COMPARISON),
      [`POST ${TRIAGE}/versions`]: () =>
        apiErrorResponse(422, 'invalid_input', 'the draft has problems; fix them first', {
          problems: [{ path: 'steps[0].uses', message: 'unknown step kind' }],
        }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Cut a version' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cut a version' });
    await userEvent.type(within(dialog).getByLabelText(/What changed/), 'Broken');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cut version' }));
    const problems = await within(dialog).findByTestId('cut-problems');
    expect(problems).toHaveTextContent('The draft cannot become a version yet');
    expect(problems).toHaveTextContent('Unknown step kind');
  });

  it('lists versions with who cut them, their editors and where they are live, and compares any two sides', async () => {
    const server = open({
      [`GET ${TRIAGE}/versions`]: () =>
        json(200, { versions: [version(2, { message: 'Page on-call', editors: ['ann@demo.local', 'bob@demo.local'] }), version(1)] }),
      [`GET ${TRIAGE}/compare`]: () => json(200, COMPARISON),
    });
    const table = await screen.findByTestId('versions-table');
    const v2 = within(table).getByTestId('version-row-2');
    expect(v2).toHaveTextContent('v2');
    expect(v2).toHaveTextContent('Page on-call');
    expect(v2).toHaveTextContent('by builder@demo.local');
    expect(within(v2).getByTestId('version-editors')).toHaveTextContent('ann@demo.local, bob@demo.local');
    expect(await within(v2).findByText('Live in Development')).toBeInTheDocument();
    expect(within(table).getByTestId('version-row-1')).toHaveTextContent('Live in Staging');

    // By default the newest version against the draft.
    await screen.findByTestId('changes-view');
    const compares = () => sent(server.requests, 'GET', `${TRIAGE}/compare`).map((r) => `${r.query.get('from')}→${r.query.get('to')}`);
    expect(compares()).toEqual(['2→draft']);

    // Compare on a version: what it changed from the one before.
    await userEvent.click(within(v2).getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(compares()).toContain('1→2'));
    expect(screen.getByTestId('compare-view')).toHaveTextContent('What changes from v1 to v2');
    expect(await screen.findByTestId('changes-summary')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Swap the sides' }));
    await waitFor(() => expect(compares()).toContain('2→1'));
  });

  it('restores a version as the draft on top of the revision loaded and shows it in the editor', async () => {
    const restoredText = `${DEFINITION}# v1\n`;
    const server = open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(2), version(1)] }),
      [`GET ${TRIAGE}/compare`]: () => json(200, COMPARISON),
      [`POST ${TRIAGE}/versions/1/restore`]: () => json(200, triageDraft({ revision: 5, definition: restoredText })),
    });
    const row = await screen.findByTestId('version-row-1');
    await userEvent.click(within(row).getByRole('button', { name: 'Restore as draft' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore v1 as the draft?' });
    expect(dialog).toHaveTextContent('revision 4 stays in its history');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restore as draft' }));

    expect(await screen.findByTestId('restored-notice')).toHaveTextContent('Version 1 is the draft again');
    expect(sent(server.requests, 'POST', `${TRIAGE}/versions/1/restore`)[0]?.body).toEqual({ base_revision: 4 });
    await waitFor(() => expect(screen.getByTestId('location-search')).toBeEmptyDOMElement());
    expect(screen.getByRole('tab', { name: 'Draft' })).toHaveAttribute('aria-selected', 'true');
    // The builder starts again from it: its YAML is the version's, saved as revision 5.
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    expect(screen.getByLabelText('Workflow definition')).toHaveValue(restoredText);
    expect(within(screen.getByTestId('builder-save-status')).getByTitle('Revision 5')).toHaveTextContent(/^Saved at/);
  });

  it("shows the server's words when a restore meets a colleague's save", async () => {
    open({
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(1)] }),
      [`GET ${TRIAGE}/compare`]: () => json(200, COMPARISON),
      [`POST ${TRIAGE}/versions/1/restore`]: () =>
        apiErrorResponse(409, 'edit_conflict', "Someone else saved 'ticket-triage' since you opened it.", { revision: 6 }),
    });
    const row = await screen.findByTestId('version-row-1');
    await userEvent.click(within(row).getByRole('button', { name: 'Restore as draft' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restore as draft' }));
    expect(await within(dialog).findByText("Someone else saved 'ticket-triage' since you opened it.")).toBeInTheDocument();
  });

  it('offers neither cutting nor restoring to someone who may only look', async () => {
    open({ [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [] }) }, ['auditor']);
    const empty = await screen.findByTestId('versions-empty');
    expect(within(empty).queryByRole('button', { name: 'Cut a version' })).not.toBeInTheDocument();
  });
});

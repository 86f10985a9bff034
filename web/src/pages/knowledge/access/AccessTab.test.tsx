import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, json, session } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { admin, choose, GROUPS, knowledgeBase, knowledgeServer, LOAD, requestsTo, steward } from '../testData';

const PAGE = '/knowledge/claims-policies?tab=access';
const ACCESS = '/api/v1/knowledge-bases/claims-policies/access';

const shared = knowledgeBase({
  access: [
    { kind: 'workspace', id: 'claims', name: 'Claims', environment: null },
    { kind: 'group', id: 'g2', name: 'Claims staff', environment: null },
  ],
});

describe('who may use a knowledge base', () => {
  it('lets an administrator add a workspace in one environment and a group, remove an entry, and save', async () => {
    const server = knowledgeServer(admin, { bases: [shared] }, { 'GET /api/v1/groups': () => json(200, { groups: GROUPS }) });
    renderApp(PAGE, server.fetch);

    const entries = await screen.findByTestId('access-entries', {}, LOAD);
    expect(within(entries).getByTestId('access-entry-workspace-claims')).toHaveTextContent(
      'ClaimsWorkspaceIts workflows may retrieve from it, in every environment',
    );
    expect(within(entries).getByTestId('access-entry-group-Claims staff')).toHaveTextContent('Its members may search it here');

    const workspace = screen.getByTestId('add-workspace');
    await choose(workspace, 'Workspace', 'IT Service Desk');
    await choose(workspace, 'Environment', 'Only Production');
    await userEvent.click(within(workspace).getByRole('button', { name: 'Add workspace' }));
    expect(screen.getByTestId('access-entry-workspace-it-service-desk')).toHaveTextContent('only in Production');

    // Claims may already use it everywhere: one environment more says nothing new.
    await choose(workspace, 'Workspace', 'Claims');
    await choose(workspace, 'Environment', 'Only Staging');
    await userEvent.click(within(workspace).getByRole('button', { name: 'Add workspace' }));
    expect(screen.getByText('Claims may already use it in every environment.')).toBeInTheDocument();

    const group = screen.getByTestId('add-group');
    await choose(group, 'Group', /^Claims builders/);
    await userEvent.click(within(group).getByRole('button', { name: 'Add group' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove Claims staff' }));
    expect(screen.getByTestId('access-save-bar')).toHaveTextContent('You have changes that are not saved yet.');

    await userEvent.click(screen.getByRole('button', { name: 'Save access' }));
    expect(await screen.findByTestId('access-notice')).toHaveTextContent('Access saved. Shared with 2 workspaces and 1 group.');
    expect(requestsTo(server.requests, 'PUT', ACCESS)[0]?.body).toEqual({
      entries: [{ workspace: 'claims' }, { workspace: 'it-service-desk', environment: 'prod' }, { group: 'g1' }],
    });
    expect(screen.getByTestId('access-save-bar')).toHaveTextContent('No unsaved changes.');
    expect(screen.queryByTestId('access-entry-group-Claims staff')).not.toBeInTheDocument();
  });

  it('tells a steward that only administrators see the groups, keeping those on the list removable', async () => {
    const server = knowledgeServer(steward, { bases: [shared] });
    renderApp(PAGE, server.fetch);

    expect(await screen.findByTestId('groups-unavailable', {}, LOAD)).toHaveTextContent('Only administrators can see the organisation’s groups');
    expect(screen.getByTestId('access-entry-group-Claims staff')).toBeInTheDocument();
    expect(screen.getByTestId('add-workspace')).toHaveTextContent('You can add the workspaces you work in.');
    expect(requestsTo(server.requests, 'GET', '/api/v1/groups')).toHaveLength(0);
    expect(requestsTo(server.requests, 'GET', '/api/v1/audience-groups')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Remove Claims staff' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save access' }));
    await screen.findByTestId('access-notice');
    expect(requestsTo(server.requests, 'PUT', ACCESS)[0]?.body).toEqual({ entries: [{ workspace: 'claims' }] });
  });

  it('offers a steward who also builds the groups apps are published to', async () => {
    const both = session({
      grants: [
        { role: 'steward', workspace: 'claims' },
        { role: 'builder', workspace: 'claims' },
      ],
      workspaces: [{ slug: 'claims', name: 'Claims' }],
      navigation: ['build', 'review', 'apps', 'runs', 'knowledge'],
    });
    const audience = GROUPS.map(({ id, name, description }) => ({ id, name, description }));
    const server = knowledgeServer(both, { bases: [knowledgeBase()] }, { 'GET /api/v1/audience-groups': () => json(200, { groups: audience }) });
    renderApp(PAGE, server.fetch);

    expect(await screen.findByTestId('access-empty', {}, LOAD)).toHaveTextContent('Not shared yet');
    const group = screen.getByTestId('add-group');
    await waitFor(() => expect(within(group).getByRole('combobox', { name: 'Group' })).toBeEnabled());
    await choose(group, 'Group', /^Claims staff/);
    await userEvent.click(within(group).getByRole('button', { name: 'Add group' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save access' }));
    await screen.findByTestId('access-notice');
    expect(requestsTo(server.requests, 'PUT', ACCESS)[0]?.body).toEqual({ entries: [{ group: 'g2' }] });
    expect(requestsTo(server.requests, 'GET', '/api/v1/groups')).toHaveLength(0);
  });

  it('shows why the list was not saved, and lets the changes be discarded', async () => {
    const server = knowledgeServer(steward, { bases: [shared] }, {
      [`PUT ${ACCESS}`]: () => apiErrorResponse(422, 'invalid_input', 'entries: there is no environment qa', { field: 'entries' }),
    });
    renderApp(PAGE, server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Remove Claims' }, LOAD));
    await userEvent.click(screen.getByRole('button', { name: 'Remove Claims staff' }));
    expect(screen.getByTestId('access-empty')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save access' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('There is no environment qa');

    await userEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByTestId('access-entry-workspace-claims')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

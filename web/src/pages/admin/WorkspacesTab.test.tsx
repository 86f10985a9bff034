import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { GroupView, HolderView, MemberView, Role, ServiceAccountView, UserAccount, WorkspaceGrantView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const admin = session({
  id: 'u1',
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

function account(overrides: Partial<UserAccount>): UserAccount {
  return { id: 'u0', email: 'x@demo.local', display_name: 'X', disabled: false, has_password: true, grants: [], ...overrides };
}

const users = [
  account({ id: 'u1', email: 'admin@demo.local', display_name: 'Grace Hopper', grants: [{ role: 'admin', workspace: null }] }),
  account({ id: 'u2', email: 'builder@demo.local', display_name: 'Bea Builder' }),
  account({ id: 'u3', email: 'casey@demo.local', display_name: 'Casey Consumer' }),
  account({ id: 'u4', email: 'olga@demo.local', display_name: 'Olga Old', disabled: true }),
];

const intake: ServiceAccountView = {
  id: 'sa1',
  address: 'claims-intake@service-account.invalid',
  display_name: 'Claims intake mailbox',
  description: 'Submits claims that arrive by e-mail',
  disabled: false,
  grants: [{ role: 'consumer', workspace: 'claims', via_group: null }],
  keys: [],
};

const claimsBuilders: GroupView = {
  id: 'g1',
  name: 'Claims builders',
  description: '',
  members: [{ id: 'u2', email: 'builder@demo.local', display_name: 'Bea Builder' }],
  grants: [{ role: 'builder', workspace: 'claims', via_group: null }],
};

type Holder = { kind: 'user' | 'group'; id: string };

/** The holder as the API describes it. */
function holderView({ kind, id }: Holder): HolderView {
  if (kind === 'group') return { type: 'group', id, name: claimsBuilders.name };
  const user = users.find((u) => u.id === id);
  if (user) return { type: 'account', id, email: user.email, display_name: user.display_name, kind: 'person', disabled: user.disabled };
  return { type: 'account', id, email: intake.address, display_name: intake.display_name, kind: 'service', disabled: false };
}

interface StoredGrant {
  role: Role;
  holder: Holder;
  /** A workspace slug; null for organisation-wide. */
  workspace: string | null;
}

function posts(requests: RecordedRequest[], path: string) {
  return requests.filter((r) => r.method === 'POST' && r.path === path);
}

/** A server with Claims and IT Service Desk that follows grants, revocations and new workspaces. */
function workspacesServer() {
  let workspaces = [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ];
  let grants: StoredGrant[] = [
    { role: 'admin', holder: { kind: 'user', id: 'u1' }, workspace: null },
    { role: 'builder', holder: { kind: 'group', id: 'g1' }, workspace: 'claims' },
    { role: 'consumer', holder: { kind: 'user', id: 'sa1' }, workspace: 'claims' },
  ];
  const applying = (slug: string) => grants.filter((g) => g.workspace === slug || g.workspace === null);
  const grantViews = (slug: string): WorkspaceGrantView[] =>
    applying(slug).map((g) => ({ role: g.role, holder: holderView(g.holder), organisation_wide: g.workspace === null }));
  const members = (slug: string): MemberView[] => {
    const byAccount = new Map<string, MemberView>();
    for (const g of applying(slug)) {
      const reached = g.holder.kind === 'group' ? claimsBuilders.members.map((m) => m.id) : [g.holder.id];
      for (const id of reached) {
        const member = byAccount.get(id) ?? { account: holderView({ kind: 'user', id }), roles: [] };
        member.roles.push({ role: g.role, via_group: g.holder.kind === 'group' ? claimsBuilders.name : null, organisation_wide: g.workspace === null });
        byAccount.set(id, member);
      }
    }
    return [...byAccount.values()];
  };
  const change = (holder: Holder, add: boolean) => (request: RecordedRequest) => {
    const { role, workspace } = request.body as { role: Role; workspace: string };
    const same = (g: StoredGrant) => g.role === role && g.workspace === workspace && g.holder.kind === holder.kind && g.holder.id === holder.id;
    grants = add ? [...grants, { role, holder, workspace }] : grants.filter((g) => !same(g));
    return new Response(null, { status: 204 });
  };
  const routes: Parameters<typeof fakeFetch>[0] = {
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/users': () => json(200, { users }),
    'GET /api/v1/service-accounts': () => json(200, { service_accounts: [intake] }),
    'GET /api/v1/groups': () => json(200, { groups: [claimsBuilders] }),
    'GET /api/v1/workspaces': () =>
      json(200, { workspaces: workspaces.map((w) => ({ ...w, members: members(w.slug).filter((m) => m.roles.some((r) => !r.organisation_wide)).length })) }),
    'POST /api/v1/workspaces': (request) => {
      const { slug, name } = request.body as { slug: string; name: string };
      if (workspaces.some((w) => w.slug === slug)) return apiErrorResponse(409, 'already_exists', 'a workspace with this name already exists');
      workspaces = [...workspaces, { slug, name }];
      return json(201, { slug, name, members: 0 });
    },
    'POST /api/v1/users/u3/grants': change({ kind: 'user', id: 'u3' }, true),
    'POST /api/v1/users/sa1/grants/revoke': change({ kind: 'user', id: 'sa1' }, false),
    'POST /api/v1/groups/g1/grants': change({ kind: 'group', id: 'g1' }, true),
    'POST /api/v1/groups/g1/grants/revoke': change({ kind: 'group', id: 'g1' }, false),
  };
  for (const slug of ['claims', 'it-service-desk', 'hr-onboarding']) {
    routes[`GET /api/v1/workspaces/${slug}/members`] = () => {
      const workspace = workspaces.find((w) => w.slug === slug);
      if (!workspace) return apiErrorResponse(404, 'not_found', 'There is no such workspace.');
      return json(200, { ...workspace, grants: grantViews(slug), members: members(slug) });
    };
  }
  return fakeFetch(routes);
}

/** Picks `option` in the select labelled `label` inside `container`. */
async function choose(container: HTMLElement, label: RegExp, option: RegExp) {
  await userEvent.click(within(container).getByRole('combobox', { name: label }));
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none).
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

async function openWorkspace(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Open workspace ${name}` }));
  const drawer = await screen.findByTestId('workspace-drawer');
  await within(drawer).findByTestId('workspace-grants-section');
  return drawer;
}

describe('admin workspaces', () => {
  it('lists the workspaces with their short name and how many accounts have a role there', async () => {
    renderApp('/admin?tab=workspaces', workspacesServer().fetch);

    const claims = await screen.findByTestId('workspace-row-claims');
    expect(claims).toHaveTextContent('Claims');
    expect(claims).toHaveTextContent('claims');
    expect(claims).toHaveTextContent('2 accounts');
    expect(screen.getByTestId('workspace-row-it-service-desk')).toHaveTextContent('Nobody yet');
  });

  it('shows an empty state with a way to create the first workspace', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/workspaces': () => json(200, { workspaces: [] }),
    });
    renderApp('/admin?tab=workspaces', server.fetch);

    const empty = await screen.findByTestId('workspaces-empty');
    expect(empty).toHaveTextContent('No workspaces yet');
    expect(within(empty).getByRole('button', { name: 'New workspace' })).toBeInTheDocument();
  });

  it('shows the grants given in a workspace, organisation-wide ones apart, and who has access through what', async () => {
    renderApp('/admin?tab=workspaces', workspacesServer().fetch);
    const drawer = await openWorkspace('Claims');

    const here = within(drawer).getByTestId('workspace-grants');
    const [group, service] = within(here).getAllByTestId('workspace-grant');
    expect(group).toHaveTextContent('Claims builders');
    expect(group).toHaveTextContent('Group');
    expect(group).toHaveTextContent('Builder');
    expect(within(group!).getByRole('button', { name: 'Revoke Builder from Claims builders' })).toBeInTheDocument();
    expect(service).toHaveTextContent('Claims intake mailbox');
    expect(service).toHaveTextContent('claims-intake@service-account.invalid');
    expect(within(service!).getByText('Service account')).toBeInTheDocument();

    const everywhere = within(drawer).getByTestId('workspace-org-grants');
    expect(everywhere).toHaveTextContent('Organisation-wide — applies in every workspace');
    expect(everywhere).toHaveTextContent('Grace Hopper');
    expect(everywhere).toHaveTextContent('Admin');
    expect(everywhere).toHaveTextContent('Change these on the Users tab');
    expect(within(everywhere).queryByRole('button')).not.toBeInTheDocument();

    const members = within(drawer).getByTestId('workspace-members');
    expect(within(members).getByTestId('workspace-member-builder@demo.local')).toHaveTextContent('Builder · via Claims builders');
    expect(within(members).getByTestId('workspace-member-claims-intake@service-account.invalid')).toHaveTextContent('Consumer · direct');
    expect(within(members).getByTestId('workspace-member-admin@demo.local')).toHaveTextContent('Admin · organisation-wide');
  });

  it('says when nobody has a role in a workspace yet', async () => {
    renderApp('/admin?tab=workspaces', workspacesServer().fetch);
    const drawer = await openWorkspace('IT Service Desk');

    expect(within(drawer).getByTestId('workspace-no-grants')).toHaveTextContent('Nobody has a role here yet. Grant one below.');
    // The organisation-wide administrator still reaches it.
    expect(within(drawer).getByTestId('workspace-org-grants')).toHaveTextContent('Grace Hopper');
  });

  it('grants a role in the workspace to a person and to a group, with the body it sends', async () => {
    const server = workspacesServer();
    renderApp('/admin?tab=workspaces', server.fetch);
    const drawer = await openWorkspace('Claims');
    const form = within(drawer).getByTestId('workspace-grant-form');

    await userEvent.click(within(form).getByRole('button', { name: 'Grant role' }));
    expect(within(form).getByRole('combobox', { name: /^Who/ })).toHaveAccessibleDescription('Choose who gets the role');
    expect(within(form).getByRole('combobox', { name: /^Role/ })).toHaveAccessibleDescription('Choose a role');

    await choose(form, /^Who/, /^Casey Consumer/);
    await choose(form, /^Role/, /^Approver/);
    await userEvent.click(within(form).getByRole('button', { name: 'Grant role' }));

    const casey = await within(drawer).findByTestId('workspace-member-casey@demo.local');
    expect(casey).toHaveTextContent('Approver · direct');
    expect(posts(server.requests, '/api/v1/users/u3/grants').map((r) => r.body)).toEqual([{ role: 'approver', workspace: 'claims' }]);
    expect(posts(server.requests, '/api/v1/users/u3/grants')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(screen.getByTestId('workspace-row-claims')).toHaveTextContent('3 accounts'));

    await choose(form, /^Who/, /^Claims builders/);
    await choose(form, /^Role/, /^Operator/);
    await userEvent.click(within(form).getByRole('button', { name: 'Grant role' }));
    await within(drawer).findByRole('button', { name: 'Revoke Operator from Claims builders' });
    expect(posts(server.requests, '/api/v1/groups/g1/grants').map((r) => r.body)).toEqual([{ role: 'operator', workspace: 'claims' }]);
  });

  it('does not offer disabled accounts', async () => {
    renderApp('/admin?tab=workspaces', workspacesServer().fetch);
    const drawer = await openWorkspace('Claims');

    await userEvent.click(within(drawer).getByRole('combobox', { name: /^Who/ }));
    expect(await screen.findByRole('option', { name: /Olga Old/, hidden: true })).toHaveAttribute('data-combobox-disabled', 'true');
  });

  it('revokes a grant given in the workspace, from a group or a service account', async () => {
    const server = workspacesServer();
    renderApp('/admin?tab=workspaces', server.fetch);
    const drawer = await openWorkspace('Claims');

    await userEvent.click(within(drawer).getByRole('button', { name: 'Revoke Builder from Claims builders' }));
    await waitFor(() => expect(within(drawer).queryByTestId('workspace-member-builder@demo.local')).not.toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/groups/g1/grants/revoke').map((r) => r.body)).toEqual([{ role: 'builder', workspace: 'claims' }]);

    await userEvent.click(within(drawer).getByRole('button', { name: 'Revoke Consumer from Claims intake mailbox' }));
    await waitFor(() => expect(within(drawer).getByTestId('workspace-no-grants')).toBeInTheDocument());
    expect(posts(server.requests, '/api/v1/users/sa1/grants/revoke').map((r) => r.body)).toEqual([{ role: 'consumer', workspace: 'claims' }]);
    await waitFor(() => expect(screen.getByTestId('workspace-row-claims')).toHaveTextContent('Nobody yet'));
  });

  it('creates a workspace, suggesting the short name from the name and showing a taken one under its field', async () => {
    const server = workspacesServer();
    renderApp('/admin?tab=workspaces', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New workspace' }));
    const form = await screen.findByTestId('create-workspace-form');
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    const slug = within(form).getByRole('textbox', { name: /^Short name/ });
    await userEvent.type(name, 'Claims');
    expect(slug).toHaveValue('claims');
    await userEvent.click(within(form).getByRole('button', { name: 'Create workspace' }));

    await waitFor(() => expect(slug).toHaveAccessibleDescription(/A workspace with this name already exists/));
    expect(slug).toHaveAttribute('aria-invalid', 'true');
    expect(posts(server.requests, '/api/v1/workspaces')[0]?.body).toEqual({ name: 'Claims', slug: 'claims' });

    // Once edited, the short name no longer follows the name.
    await userEvent.clear(slug);
    await userEvent.type(slug, 'hr-onboarding');
    await userEvent.clear(name);
    await userEvent.type(name, 'HR onboarding (EU)');
    expect(slug).toHaveValue('hr-onboarding');
    await userEvent.click(within(form).getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByTestId('workspaces-notice')).toHaveTextContent('The workspace HR onboarding (EU) is created');
    expect(posts(server.requests, '/api/v1/workspaces')[1]?.body).toEqual({ name: 'HR onboarding (EU)', slug: 'hr-onboarding' });
    expect(await screen.findByTestId('workspace-row-hr-onboarding')).toHaveTextContent('Nobody yet');
    const drawer = await screen.findByTestId('workspace-drawer');
    expect(await within(drawer).findByTestId('workspace-no-grants')).toBeInTheDocument();
  });

  it('checks the short name before asking the server', async () => {
    const server = workspacesServer();
    renderApp('/admin?tab=workspaces', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New workspace' }));
    const form = await screen.findByTestId('create-workspace-form');
    await userEvent.type(within(form).getByRole('textbox', { name: /^Name/ }), 'HR');
    const slug = within(form).getByRole('textbox', { name: /^Short name/ });
    await userEvent.clear(slug);
    await userEvent.type(slug, '2-HR');
    await userEvent.click(within(form).getByRole('button', { name: 'Create workspace' }));

    expect(slug).toHaveAccessibleDescription(/starting with a letter/);
    expect(posts(server.requests, '/api/v1/workspaces')).toHaveLength(0);
  });
});

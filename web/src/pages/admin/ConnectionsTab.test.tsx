import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BindingView, ConnectionForm, ConnectionTest, ConnectionView, GroupView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { labelRoutes } from '../../test/labelFixtures';
import { renderApp } from '../../test/renderApp';
import { fill } from '../../test/fill';

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

const workspaces = [
  { slug: 'claims', name: 'Claims', members: 3 },
  { slug: 'it-service-desk', name: 'IT Service Desk', members: 2 },
];

const SECRET = 'tok-stored-secret';

function connection(overrides: Partial<ConnectionView>): ConnectionView {
  return {
    name: 'c',
    kind: 'http',
    description: '',
    settings: { base_url: 'https://api.example.com', auth: { type: 'none' }, actions: [] },
    credential_set: false,
    read_label: 'internal',
    write_clearance: 'internal',
    egress: [],
    allowed_ranges: [],
    allowed_actions: null,
    all_workspaces: false,
    workspaces: [],
    groups: [],
    enabled: true,
    actions: [],
    bindings: [],
    created_at: '2026-11-01T09:00:00Z',
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

const ticketActions = [
  { name: 'create_ticket', access: 'write', method: 'POST', path: '/tickets', body: { title: '{{ input.title }}' } },
  { name: 'whoami', access: 'read', method: 'GET', path: '/whoami' },
];

const tickets = connection({
  name: 'tickets-sandbox',
  description: 'The ticketing sandbox',
  settings: { base_url: 'https://tickets.example.com/api', auth: { type: 'bearer' }, timeout_seconds: 20, actions: ticketActions },
  credential_set: true,
  read_label: 'confidential/pii',
  write_clearance: 'restricted/*',
  egress: ['auth.example.com'],
  allowed_ranges: ['10.20.0.0/16'],
  workspaces: ['it-service-desk'],
  actions: [
    { name: 'create_ticket', access: 'write', description: '', input_schema: { type: 'object' } },
    { name: 'whoami', access: 'read', description: '', input_schema: { type: 'object' } },
  ],
  bindings: [
    { workspace: 'it-service-desk', environment: 'dev', alias: 'tickets', connection: 'tickets-sandbox' },
    { workspace: 'it-service-desk', environment: 'staging', alias: 'tickets', connection: 'tickets-sandbox' },
  ],
});

const mail = connection({
  name: 'mail',
  kind: 'smtp',
  settings: {
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls',
    username: 'paddock',
    from: 'Paddock <paddock@example.com>',
    allowed_domains: ['example.com'],
  },
  all_workspaces: true,
  enabled: false,
  actions: [{ name: 'send', access: 'write', description: 'Sends a plain-text e-mail', input_schema: { type: 'object' } }],
});

const SLACK_HOOK = 'https://hooks.slack.com/services/T0001/B0001/slack-secret-path';

const policiesDb = connection({
  name: 'policies-db',
  kind: 'sql',
  settings: { engine: 'postgres', host: 'db.internal', port: 5432, database: 'policies', username: 'reader', tls: 'require', actions: [] },
  credential_set: true,
});

const claimsFile = connection({
  name: 'claims-file',
  kind: 'sql',
  settings: { engine: 'sqlite', path: '/var/lib/paddock/claims.db', actions: [] },
});

const alerts = connection({
  name: 'it-alerts',
  kind: 'webhook',
  settings: { service: 'slack' },
  credential_set: true,
  actions: [{ name: 'post_message', access: 'write', description: 'Posts a message to the channel of the webhook.', input_schema: { type: 'object' } }],
});

const jira = connection({
  name: 'jira',
  kind: 'ticketing',
  settings: { system: 'jira', base_url: 'https://acme.atlassian.net', auth: { type: 'basic', username: 'bot@acme.example' }, project: 'IT' },
  credential_set: true,
});

const groups: GroupView[] = [
  { id: 'g1', name: 'Claims builders', description: '', members: [], grants: [] },
  { id: 'g2', name: 'Service desk agents', description: '', members: [], grants: [] },
];

function requestsTo(requests: RecordedRequest[], method: string, path: string) {
  return requests.filter((r) => r.method === method && r.path === path);
}

/** A server that keeps the connections and bindings it is given, answering as the real one does (never a credential). */
function connectionsServer(initial: ConnectionView[], extra: Parameters<typeof fakeFetch>[0] = {}, initialBindings: BindingView[] = []) {
  let connections = initial.map((c) => ({ ...c }));
  let bindings = [...initialBindings, ...initial.flatMap((c) => c.bindings)];
  const viewOf = (body: ConnectionForm, base: Partial<ConnectionView>): ConnectionView => {
    const { credential, settings, ...rest } = body;
    const credentialSet = credential === undefined || credential === null ? (base.credential_set ?? false) : credential !== '';
    return connection({
      ...base,
      ...rest,
      settings: settings as unknown as Record<string, unknown>,
      credential_set: credentialSet,
      bindings: bindings.filter((b) => b.connection === body.name),
    } as Partial<ConnectionView>);
  };
  const routes: Parameters<typeof fakeFetch>[0] = {
    ...labelRoutes(),
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/workspaces': () => json(200, { workspaces }),
    'GET /api/v1/groups': () => json(200, { groups }),
    'GET /api/v1/connections': () =>
      json(200, { connections: connections.map((c) => ({ ...c, bindings: bindings.filter((b) => b.connection === c.name) })) }),
    'POST /api/v1/connections': (request) => {
      const body = request.body as ConnectionForm;
      if (connections.some((c) => c.name === body.name)) return apiErrorResponse(409, 'already_exists', 'a connection with this name already exists');
      const created = viewOf(body, {});
      connections = [...connections, created];
      return json(201, created);
    },
  };
  for (const slug of ['claims', 'it-service-desk']) {
    routes[`GET /api/v1/workspaces/${slug}/bindings`] = () => json(200, { bindings: bindings.filter((b) => b.workspace === slug) });
    for (const environment of ['dev', 'staging', 'prod']) {
      for (const alias of ['tickets', 'mailer']) {
        const at = (b: BindingView) => b.workspace === slug && b.environment === environment && b.alias === alias;
        routes[`PUT /api/v1/workspaces/${slug}/bindings/${environment}/${alias}`] = (request) => {
          const { connection: name } = request.body as { connection: string };
          const bound = { workspace: slug, environment, alias, connection: name };
          bindings = [...bindings.filter((b) => !at(b)), bound];
          return json(200, bound);
        };
        routes[`DELETE /api/v1/workspaces/${slug}/bindings/${environment}/${alias}`] = () => {
          bindings = bindings.filter((b) => !at(b));
          return new Response(null, { status: 204 });
        };
      }
    }
  }
  for (const c of initial) {
    routes[`PUT /api/v1/connections/${c.name}`] = (request) => {
      const existing = connections.find((x) => x.name === c.name)!;
      const updated = viewOf(request.body as ConnectionForm, existing);
      connections = connections.map((x) => (x.name === c.name ? updated : x));
      return json(200, updated);
    };
    routes[`DELETE /api/v1/connections/${c.name}`] = () => {
      connections = connections.filter((x) => x.name !== c.name);
      bindings = bindings.filter((b) => b.connection !== c.name);
      return new Response(null, { status: 204 });
    };
  }
  return fakeFetch({ ...routes, ...extra });
}

async function openNewForm() {
  await userEvent.click((await screen.findAllByRole('button', { name: 'New connection' }))[0]!);
  return screen.findByTestId('connection-form');
}

async function openEditForm(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Edit connection ${name}` }));
  return screen.findByTestId('connection-form');
}

const field = (form: HTMLElement, label: RegExp) => within(form).getByRole('textbox', { name: label });

async function choose(within_: HTMLElement, label: RegExp | string, option: RegExp | string) {
  const select = within(within_).getByRole('combobox', { name: label });
  await userEvent.click(select);
  // jsdom has no layout, so Mantine's popover takes its target for detached and hides the dropdown (display: none);
  // every select's options are then in the page, so look in this one's list only.
  const list = await waitFor(() => {
    const id = select.getAttribute('aria-controls');
    const found = id === null ? null : document.getElementById(id);
    if (found === null) throw new Error('the list of options is not open');
    return found;
  });
  await userEvent.click(await within(list).findByRole('option', { name: option, hidden: true }));
}

// The form is long: filling it takes a few seconds in jsdom, more on a busy machine.
describe('admin connections', { timeout: 15_000 }, () => {
  it('offers a Connections tab after Models, explaining connections when there are none', async () => {
    renderApp('/admin?tab=connections', connectionsServer([]).fetch);

    const empty = await screen.findByTestId('connections-empty');
    expect(empty).toHaveTextContent('No connections yet');
    expect(empty).toHaveTextContent('IT connects Paddock to systems like a ticketing tool or a mail server; workflows name a connection by alias');
    expect(within(empty).getByRole('button', { name: 'New connection' })).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs.indexOf('Connections')).toBe(tabs.indexOf('Models') + 1);
  });

  it('lists each connection with its kind, where it may be used, its labels, credential and bindings, never a secret', async () => {
    renderApp('/admin?tab=connections', connectionsServer([tickets, mail]).fetch);

    const table = await screen.findByTestId('connections-table');
    const row = within(table).getByTestId('connection-row-tickets-sandbox');
    expect(within(row).getByTestId('connection-kind-tickets-sandbox')).toHaveTextContent('HTTP API · tickets.example.com');
    expect(within(row).getByTestId('connection-status-tickets-sandbox')).toHaveTextContent('Switched on');
    expect(within(row).getByTestId('connection-where-tickets-sandbox')).toHaveTextContent(/^IT Service Desk$/);
    expect(within(row).getByTestId('connection-read-label-tickets-sandbox')).toHaveTextContent('Confidential, PII');
    expect(within(row).getByTestId('connection-read-label-tickets-sandbox')).toHaveTextContent('confidential/pii');
    expect(within(row).getByTestId('connection-write-clearance-tickets-sandbox')).toHaveTextContent('Restricted, all categories');
    expect(within(row).getByTestId('connection-credential-tickets-sandbox')).toHaveTextContent(/^set$/);
    expect(within(row).getByTestId('connection-bindings-tickets-sandbox')).toHaveTextContent('2 bindings');

    const mailRow = within(table).getByTestId('connection-row-mail');
    expect(within(mailRow).getByTestId('connection-kind-mail')).toHaveTextContent('E-mail (SMTP) · smtp.example.com:587');
    expect(within(mailRow).getByTestId('connection-status-mail')).toHaveTextContent('Switched off');
    expect(within(mailRow).getByTestId('connection-where-mail')).toHaveTextContent('All workspaces');
    expect(within(mailRow).getByTestId('connection-credential-mail')).toHaveTextContent(/^not set$/);
    expect(within(mailRow).getByTestId('connection-bindings-mail')).toHaveTextContent('None');
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('says what a database, chat channel or ticketing connection is and where it points, never a webhook’s address', async () => {
    renderApp('/admin?tab=connections', connectionsServer([policiesDb, claimsFile, alerts, jira]).fetch);

    const table = await screen.findByTestId('connections-table');
    expect(within(table).getByTestId('connection-kind-policies-db')).toHaveTextContent(/^Database \(PostgreSQL\) · db\.internal:5432$/);
    expect(within(table).getByTestId('connection-kind-claims-file')).toHaveTextContent(/^Database \(SQLite\) · claims\.db$/);
    expect(within(table).getByTestId('connection-kind-it-alerts')).toHaveTextContent(/^Chat channel \(Slack\)$/);
    expect(within(table).getByTestId('connection-kind-jira')).toHaveTextContent(/^Ticketing \(Jira\) · acme\.atlassian\.net$/);
    expect(within(table).getByTestId('connection-credential-it-alerts')).toHaveTextContent(/^set$/);
    expect(document.body).not.toHaveTextContent('hooks.slack.com/services');
  });

  it('creates an HTTP connection, sending the settings, credential and policy in the API’s shape', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    expect(within(form).getByRole('radio', { name: /^HTTP API/ })).toBeChecked();
    fill(field(form, /^Name/), 'tickets-sandbox');
    fill(field(form, /^Description/), 'The ticketing sandbox');
    fill(field(form, /^Base URL/), 'https://tickets.example.com/api');
    // With no sign-in there is no credential to give.
    expect(within(form).queryByLabelText(/^Credential/)).toBeNull();
    await choose(form, /^How Paddock signs in/, 'API key in a header');
    fill(field(form, /^Header name/), 'X-API-Key');
    fill(within(form).getByLabelText(/^Credential/), 'key-0123456789');
    fill(field(form, /^Actions \(JSON\)/), JSON.stringify(ticketActions));
    fill(field(form, /^Other hosts it may reach/), 'auth.example.com\n\n *.files.example.com:8443 ');
    fill(field(form, /^Private address ranges it may reach/), '10.20.0.0/16');
    expect(within(form).getByTestId('connection-ranges-warning')).toHaveTextContent('let this connection reach your internal networks');
    const label = within(form).getByTestId('connection-read-label');
    const labelCategories = within(label).getByRole('group', { name: /^Special categories in what it returns/ });
    await userEvent.click(await within(labelCategories).findByRole('checkbox', { name: 'pii' }));
    await choose(form, /^Workspaces that may use it/, 'IT Service Desk');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection tickets-sandbox is created');
    const posted = requestsTo(server.requests, 'POST', '/api/v1/connections');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    // A new connection breaks no workflow: nothing is previewed.
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')).toHaveLength(0);
    expect(posted[0]?.body).toEqual({
      name: 'tickets-sandbox',
      kind: 'http',
      description: 'The ticketing sandbox',
      settings: {
        base_url: 'https://tickets.example.com/api',
        auth: { type: 'api_key', header: 'X-API-Key' },
        actions: ticketActions,
      },
      credential: 'key-0123456789',
      read_label: 'internal/pii',
      write_clearance: 'internal',
      egress: ['auth.example.com', '*.files.example.com:8443'],
      allowed_ranges: ['10.20.0.0/16'],
      allowed_actions: null,
      all_workspaces: false,
      workspaces: ['it-service-desk'],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-tickets-sandbox');
    expect(within(row).getByTestId('connection-credential-tickets-sandbox')).toHaveTextContent(/^set$/);
    expect(document.body).not.toHaveTextContent('key-0123456789');
  });

  it('creates an e-mail connection with the mail server’s settings', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^E-mail \(SMTP\)/ }));
    expect(within(form).queryByRole('textbox', { name: /^Base URL/ })).toBeNull();
    expect(within(form).queryByRole('textbox', { name: /^Actions \(JSON\)/ })).toBeNull();
    fill(field(form, /^Name/), 'mail');
    fill(field(form, /^Mail server/), 'smtp.example.com');
    expect(field(form, /^Port/)).toHaveValue('587');
    await choose(form, /^Security/, /^TLS from the start/);
    // The port follows the security while it is the usual one.
    expect(field(form, /^Port/)).toHaveValue('465');
    fill(field(form, /^User name/), 'paddock');
    fill(within(form).getByLabelText(/^Credential/), 'mail-password');
    fill(field(form, /^From/), 'Paddock <paddock@example.com>');
    fill(field(form, /^Allowed domains/), 'example.com, @Example.org,, ');
    await userEvent.click(within(form).getByRole('switch', { name: /^All workspaces/ }));
    await userEvent.click(within(form).getByRole('checkbox', { name: /^All actions/ }));
    expect(within(form).getByRole('checkbox', { name: /^send/ })).toBeChecked();
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    await screen.findByTestId('connections-notice');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'mail',
      kind: 'smtp',
      description: '',
      settings: {
        host: 'smtp.example.com',
        port: 465,
        security: 'tls',
        username: 'paddock',
        from: 'Paddock <paddock@example.com>',
        allowed_domains: ['example.com', 'example.org'],
      },
      credential: 'mail-password',
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: ['send'],
      all_workspaces: true,
      workspaces: [],
      groups: [],
      enabled: true,
    });
  });

  it('creates a database connection, sending the server, the statements and the password', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);
    const statements = [
      {
        name: 'find_policy',
        access: 'read',
        statement: 'SELECT number, holder FROM policies WHERE number = $1',
        parameters: ['{{ input.number }}'],
      },
      {
        name: 'add_note',
        access: 'write',
        description: 'Adds a note to a policy',
        statement: 'INSERT INTO notes (policy, note, request) VALUES ($1, $2, $3) ON CONFLICT (request) DO NOTHING',
        parameters: ['{{ input.number }}', '{{ input.note }}', '{{ idempotency_key }}'],
      },
    ];

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Database/ }));
    expect(within(form).getByTestId('connection-settings')).toHaveTextContent(/^Database/);
    expect(within(form).getByRole('combobox', { name: /^Kind of database/ })).toHaveValue('PostgreSQL');
    expect(within(form).queryByRole('textbox', { name: /^Base URL/ })).toBeNull();
    fill(field(form, /^Name/), 'policies-db');
    fill(field(form, /^Database server/), 'db.internal');
    expect(field(form, /^Port/)).toHaveValue('5432');
    fill(field(form, /^Database name/), 'policies');
    fill(field(form, /^User name/), 'reader');
    await choose(form, /^Encryption \(TLS\)/, /^Always/);
    fill(within(form).getByLabelText(/^Credential/), 'db-password-1');
    expect(within(form).getByLabelText(/^Credential/)).toHaveAccessibleDescription(/The database user’s password/);
    fill(field(form, /^Row limit/), '200');
    // The hint names PostgreSQL's placeholders, and that reads cannot change anything.
    expect(form).toHaveTextContent('$1, $2… for PostgreSQL');
    expect(form).toHaveTextContent('A read action runs read-only, so it cannot change the database');
    fill(field(form, /^Actions \(JSON\)/), JSON.stringify(statements));
    fill(field(form, /^Private address ranges it may reach/), '10.30.0.0/16');
    await userEvent.click(within(form).getByRole('checkbox', { name: /^All actions/ }));
    const allowed = within(form).getByTestId('connection-allowed-actions');
    expect(within(allowed).getByRole('checkbox', { name: /^find_policy/ })).toBeChecked();
    expect(within(allowed).getByRole('checkbox', { name: /^add_note/ })).toBeChecked();
    await userEvent.click(within(allowed).getByRole('checkbox', { name: /^add_note/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection policies-db is created');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'policies-db',
      kind: 'sql',
      description: '',
      settings: {
        engine: 'postgres',
        host: 'db.internal',
        port: 5432,
        database: 'policies',
        username: 'reader',
        tls: 'require',
        row_limit: 200,
        actions: statements,
      },
      credential: 'db-password-1',
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: ['10.30.0.0/16'],
      allowed_actions: ['find_policy'],
      all_workspaces: false,
      workspaces: [],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-policies-db');
    expect(within(row).getByTestId('connection-kind-policies-db')).toHaveTextContent('Database (PostgreSQL) · db.internal:5432');
    expect(document.body).not.toHaveTextContent('db-password-1');
  });

  it('checks a database connection before sending: the server, the database, the statements, the file', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Database/ }));
    fill(field(form, /^Name/), 'policies-db');
    await choose(form, /^Kind of database/, 'MySQL or MariaDB');
    // The port follows the kind of database while it is the usual one.
    expect(field(form, /^Port/)).toHaveValue('3306');
    fill(field(form, /^Actions \(JSON\)/), '[{"name": "find", "access": "read", "statement": "SELECT 1; DELETE FROM policies"}]');
    expect(form).toHaveTextContent('? for MySQL, MariaDB and SQLite');
    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    await create();

    expect(field(form, /^Database server/)).toHaveAccessibleDescription(/^Give the database server’s host name/);
    expect(field(form, /^Database name/)).toHaveAccessibleDescription(/^Give the name of the database/);
    expect(field(form, /^Actions \(JSON\)/)).toHaveAccessibleDescription(/^Action 1 \(find\): one statement only/);

    // A SQLite database is a file on the server, given by its full path, with no password.
    await choose(form, /^Kind of database/, /^SQLite/);
    expect(within(form).queryByRole('textbox', { name: /^Database server/ })).toBeNull();
    expect(within(form).queryByLabelText(/^Credential/)).toBeNull();
    fill(field(form, /^Database file/), 'claims.db');
    await create();
    expect(field(form, /^Database file/)).toHaveAccessibleDescription(/^Give the full path of the database file on the Paddock server, starting with \//);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);
  });

  it('creates a Slack channel connection: its address is the credential, sent once and never shown again', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Chat channel \(Slack or Teams\)/ }));
    fill(field(form, /^Name/), 'it-alerts');
    expect(within(form).getByRole('combobox', { name: /^Chat service/ })).toHaveValue('Slack');
    const note = within(form).getByTestId('webhook-address-note');
    expect(note).toHaveTextContent('The address is a secret: whoever has it can post to the channel');
    expect(note).toHaveTextContent('never shows it again');
    expect(note).toHaveTextContent('(hooks.slack.com) is allowed without listing it');
    const address = within(form).getByLabelText(/^Webhook address/);
    expect(address).toHaveAttribute('type', 'password');
    expect(address).toHaveAccessibleDescription(/incoming webhook \(https:\/\/hooks\.slack\.com\/services\/…\)\. Stored encrypted and never shown again/);
    fill(address, SLACK_HOOK);
    // Its one action is built in.
    expect(within(form).getByTestId('built-in-action-post_message')).toHaveTextContent('changes data');
    await userEvent.click(within(form).getByRole('switch', { name: /^All workspaces/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection it-alerts is created');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'it-alerts',
      kind: 'webhook',
      description: '',
      settings: { service: 'slack' },
      credential: SLACK_HOOK,
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: null,
      all_workspaces: true,
      workspaces: [],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-it-alerts');
    expect(within(row).getByTestId('connection-kind-it-alerts')).toHaveTextContent(/^Chat channel \(Slack\)$/);
    expect(within(row).getByTestId('connection-credential-it-alerts')).toHaveTextContent(/^set$/);
    expect(document.body).not.toHaveTextContent('slack-secret-path');

    // On edit, the address is only said to be set; saving leaves it alone.
    const edit = await openEditForm('it-alerts');
    expect(within(edit).getByTestId('connection-credential')).toHaveTextContent('A webhook address is set');
    expect(within(edit).queryByLabelText(/Webhook address/, { selector: 'input' })).toBeNull();
    expect(document.body).not.toHaveTextContent('slack-secret-path');
    await userEvent.click(within(edit).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/it-alerts')).toHaveLength(1));
    const put = requestsTo(server.requests, 'PUT', '/api/v1/connections/it-alerts')[0]?.body;
    expect(put).toMatchObject({ kind: 'webhook', settings: { service: 'slack' } });
    expect(put).not.toHaveProperty('credential');
  });

  it('checks a chat channel connection before sending: its address is needed, on a host of the service', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Chat channel/ }));
    fill(field(form, /^Name/), 'it-alerts');
    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    await create();
    expect(within(form).getByLabelText(/^Webhook address/)).toHaveAccessibleDescription(/^Paste the webhook’s address, such as https:\/\/hooks\.slack\.com/);

    fill(within(form).getByLabelText(/^Webhook address/), 'https://acme.webhook.office.com/webhookb2/abc');
    await create();
    expect(within(form).getByLabelText(/^Webhook address/)).toHaveAccessibleDescription(
      /^acme\.webhook\.office\.com is not a Slack webhook host \(hooks\.slack\.com\): check the address, or add its host/,
    );
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);

    // The same address is right for Teams.
    await choose(form, /^Chat service/, 'Microsoft Teams');
    expect(within(form).getByTestId('webhook-address-note')).toHaveTextContent('*.webhook.office.com, *.logic.azure.com');
    await create();
    await screen.findByTestId('connections-notice');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toMatchObject({
      kind: 'webhook',
      settings: { service: 'teams' },
      credential: 'https://acme.webhook.office.com/webhookb2/abc',
    });
  });

  it('creates a folder of files: its full path, whether workflows may write, no credential and no network', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    const kind = within(form).getByRole('radio', { name: /^Folder of files/ });
    expect(within(form).getByTestId('kind-files')).toHaveTextContent(
      'A folder on the Paddock server, such as a mounted share, or a bucket of S3-compatible object storage: workflows read documents there and, if allowed, write generated files. Paths never leave it.',
    );
    await userEvent.click(kind);
    fill(field(form, /^Name/), 'claim-documents');
    // A folder is opened, not signed in to, and reaches no host.
    expect(within(form).queryByLabelText(/^Credential/)).toBeNull();
    expect(within(form).queryByTestId('connection-network')).toBeNull();
    expect(within(form).getByTestId('connection-read-label-section')).toBeInTheDocument();
    expect(within(form).getByTestId('connection-write-clearance-section')).toBeInTheDocument();
    expect(within(form).getByTestId('built-in-action-read')).toHaveTextContent('reads only');
    expect(within(form).queryByTestId('built-in-action-write')).toBeNull();

    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    fill(field(form, /^Folder/), 'shares/claims');
    await create();
    expect(field(form, /^Folder/)).toHaveAccessibleDescription(/^Give the folder’s full path on the Paddock server, starting with \//);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);

    fill(field(form, /^Folder/), '/srv/shares/claims');
    await userEvent.click(within(form).getByRole('switch', { name: /^Workflows may write files here/ }));
    expect(within(form).getByTestId('built-in-action-write')).toHaveTextContent('changes data');
    await create();

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection claim-documents is created');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'claim-documents',
      kind: 'files',
      description: '',
      settings: { root: '/srv/shares/claims', writable: true },
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: null,
      all_workspaces: false,
      workspaces: [],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-claim-documents');
    expect(within(row).getByTestId('connection-kind-claim-documents')).toHaveTextContent(/^Folder of files · \/srv\/shares\/claims$/);
  });

  it('creates a files connection on S3-compatible storage: the bucket, the access key id, the secret access key and the network', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Folder of files/ }));
    fill(field(form, /^Name/), 'claims-archive');
    // A folder on the server unless chosen otherwise.
    expect(within(form).getByRole('radio', { name: 'A folder on the Paddock server' })).toBeChecked();
    await userEvent.click(within(form).getByRole('radio', { name: 'S3-compatible object storage' }));
    expect(within(form).queryByRole('textbox', { name: /^Folder$/ })).toBeNull();
    // The credential is the secret access key, and the storage is reached over the network.
    const secret = within(form).getByLabelText(/^Secret access key/);
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAccessibleDescription(/^The secret access key that goes with the access key id above\. Stored encrypted/);
    expect(within(form).queryByLabelText(/^Credential/)).toBeNull();
    expect(within(form).getByTestId('connection-network')).toHaveTextContent('The storage service’s own host is always allowed');
    expect(within(form).getByRole('radio', { name: 'By path (MinIO, Ceph…)' })).toBeChecked();

    fill(field(form, /^Endpoint/), 'https://s3.eu-west-1.amazonaws.com');
    fill(field(form, /^Bucket/), 'acme-claims');
    fill(field(form, /^Region/), 'eu-west-1');
    fill(field(form, /^Access key id/), 'AKIAEXAMPLE');
    fill(field(form, /^Folder in the bucket/), 'incoming/');
    await userEvent.click(within(form).getByRole('radio', { name: 'By host name (AWS)' }));
    fill(secret, 's3-secret-access-key');
    await userEvent.click(within(form).getByRole('switch', { name: /^Workflows may write files here/ }));
    expect(within(form).getByTestId('connection-built-in-actions')).toHaveTextContent('paths inside the bucket’s folder incoming');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection claims-archive is created');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'claims-archive',
      kind: 'files',
      description: '',
      settings: {
        store: 's3',
        endpoint: 'https://s3.eu-west-1.amazonaws.com',
        bucket: 'acme-claims',
        region: 'eu-west-1',
        access_key_id: 'AKIAEXAMPLE',
        prefix: 'incoming',
        path_style: false,
        writable: true,
      },
      credential: 's3-secret-access-key',
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: null,
      all_workspaces: false,
      workspaces: [],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-claims-archive');
    expect(within(row).getByTestId('connection-kind-claims-archive')).toHaveTextContent(
      /^Folder of files \(S3 storage\) · acme-claims\/incoming on s3\.eu-west-1\.amazonaws\.com$/,
    );
    expect(document.body).not.toHaveTextContent('s3-secret-access-key');
  });

  it('checks S3 storage’s settings before sending: the endpoint, the bucket, the access key id and the secret', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Folder of files/ }));
    fill(field(form, /^Name/), 'claims-archive');
    await userEvent.click(within(form).getByRole('radio', { name: 'S3-compatible object storage' }));
    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    await create();
    expect(field(form, /^Endpoint/)).toHaveAccessibleDescription(/^Give the address of the storage service/);
    expect(field(form, /^Bucket/)).toHaveAccessibleDescription(/^Give the name of the bucket, such as acme-claims/);
    expect(field(form, /^Access key id/)).toHaveAccessibleDescription(/^Give the access key id Paddock signs in with/);
    expect(within(form).getByLabelText(/^Secret access key/)).toHaveAccessibleDescription(/^Give the secret access key that goes with the access key id/);

    fill(field(form, /^Endpoint/), 's3.eu-west-1.amazonaws.com');
    fill(field(form, /^Bucket/), 'Acme_Claims');
    await create();
    expect(field(form, /^Endpoint/)).toHaveAccessibleDescription(/^Write the storage service’s address in full, starting with https:\/\//);
    expect(field(form, /^Bucket/)).toHaveAccessibleDescription(/^A bucket’s name has 3 to 63 characters: lower-case letters, digits/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);
  });

  it('shows stored S3 settings on edit, and asks for the secret again when the access key id changes', async () => {
    const archive = connection({
      name: 'claims-archive',
      kind: 'files',
      settings: { store: 's3', endpoint: 'http://minio.internal:9000', bucket: 'claims', access_key_id: 'paddock', writable: false },
      credential_set: true,
      allowed_ranges: ['10.40.0.0/16'],
    });
    renderApp('/admin?tab=connections', connectionsServer([archive]).fetch);

    const table = await screen.findByTestId('connections-table');
    expect(within(table).getByTestId('connection-kind-claims-archive')).toHaveTextContent(/^Folder of files \(S3 storage\) · claims on minio\.internal:9000$/);
    const form = await openEditForm('claims-archive');
    expect(within(form).getByRole('radio', { name: 'S3-compatible object storage' })).toBeChecked();
    expect(field(form, /^Endpoint/)).toHaveValue('http://minio.internal:9000');
    expect(field(form, /^Bucket/)).toHaveValue('claims');
    expect(field(form, /^Region/)).toHaveValue('');
    expect(field(form, /^Access key id/)).toHaveValue('paddock');
    expect(field(form, /^Folder in the bucket/)).toHaveValue('');
    // Path style is the API's default when none is stored.
    expect(within(form).getByRole('radio', { name: 'By path (MinIO, Ceph…)' })).toBeChecked();
    expect(field(form, /^Private address ranges it may reach/)).toHaveValue('10.40.0.0/16');
    expect(within(form).getByTestId('connection-credential')).toHaveTextContent('A secret access key is set');
    // Another access key id is another identity: its secret must be given again.
    fill(field(form, /^Access key id/), 'someone-else');
    expect(within(form).getByTestId('connection-credential-moved')).toHaveTextContent('The connection now points at another system');
  });

  it('keeps a folder stored before the choice of store a folder', async () => {
    const server = connectionsServer([
      connection({ name: 'claim-documents', kind: 'files', settings: { root: '/srv/shares/claims', writable: false } }),
    ]);
    renderApp('/admin?tab=connections', server.fetch);

    const table = await screen.findByTestId('connections-table');
    expect(within(table).getByTestId('connection-kind-claim-documents')).toHaveTextContent(/^Folder of files · \/srv\/shares\/claims$/);
    const form = await openEditForm('claim-documents');
    expect(within(form).getByRole('radio', { name: 'A folder on the Paddock server' })).toBeChecked();
    expect(field(form, /^Folder$/)).toHaveValue('/srv/shares/claims');
    expect(within(form).queryByTestId('connection-network')).toBeNull();
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('connections-notice');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/claim-documents')[0]?.body).toMatchObject({
      settings: { root: '/srv/shares/claims', writable: false },
    });
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/claim-documents')[0]?.body).not.toHaveProperty(['settings', 'store']);
  });

  it('creates a Jira connection with its project, sign-in and a choice of its built-in actions', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Ticketing system \(Jira, ServiceNow, Zendesk\)/ }));
    fill(field(form, /^Name/), 'jira');
    expect(within(form).getByRole('combobox', { name: /^Ticketing system/ })).toHaveValue('Jira');
    fill(field(form, /^Address/), 'https://acme.atlassian.net');
    fill(field(form, /^Project/), 'IT');
    expect(field(form, /^Issue type/)).toHaveAttribute('placeholder', 'Task');
    // Most ticketing systems take a user name and an API token.
    expect(within(form).getByRole('combobox', { name: /^How Paddock signs in/ })).toHaveValue('User name and password');
    expect(within(form).getByRole('combobox', { name: /^How Paddock signs in/ })).toHaveAccessibleDescription(/For Jira Cloud/);
    fill(field(form, /^User name/), 'bot@acme.example');
    fill(within(form).getByLabelText(/^Credential/), 'jira-api-token-1');
    const builtIn = within(form).getByTestId('connection-built-in-actions');
    expect(builtIn).toHaveTextContent('These are built in');
    for (const name of ['create', 'update', 'comment', 'fetch']) expect(within(builtIn).getByTestId(`built-in-action-${name}`)).toBeInTheDocument();
    expect(within(form).queryByRole('textbox', { name: /^Actions \(JSON\)/ })).toBeNull();
    await userEvent.click(within(form).getByRole('checkbox', { name: /^All actions/ }));
    const allowed = within(form).getByTestId('connection-allowed-actions');
    await userEvent.click(within(allowed).getByRole('checkbox', { name: /^update/ }));
    await choose(form, /^Workspaces that may use it/, 'IT Service Desk');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection jira is created');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'jira',
      kind: 'ticketing',
      description: '',
      settings: {
        system: 'jira',
        base_url: 'https://acme.atlassian.net',
        auth: { type: 'basic', username: 'bot@acme.example' },
        project: 'IT',
      },
      credential: 'jira-api-token-1',
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: ['create', 'comment', 'fetch'],
      all_workspaces: false,
      workspaces: ['it-service-desk'],
      groups: [],
      enabled: true,
    });
    const row = await screen.findByTestId('connection-row-jira');
    expect(within(row).getByTestId('connection-kind-jira')).toHaveTextContent('Ticketing (Jira) · acme.atlassian.net');
  });

  it('checks a ticketing connection before sending, and shows the API’s refusal under the field it names', async () => {
    const server = connectionsServer([], {
      'POST /api/v1/connections': () =>
        apiErrorResponse(422, 'invalid_input', "settings: settings.table: letters, digits, '_' and '-'", {
          field: 'settings',
          reason: "settings.table: letters, digits, '_' and '-'",
        }),
    });
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^Ticketing system/ }));
    fill(field(form, /^Name/), 'jira');
    fill(field(form, /^Address/), 'acme.atlassian.net');
    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    await create();
    expect(field(form, /^Address/)).toHaveAccessibleDescription(/^Write the address in full, starting with https:\/\//);
    expect(field(form, /^Project/)).toHaveAccessibleDescription(/^Give the key of the Jira project new issues go to/);
    expect(field(form, /^User name/)).toHaveAccessibleDescription(/^Give the user name to sign in with/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);

    // ServiceNow has a table instead of a project.
    await choose(form, /^Ticketing system/, 'ServiceNow');
    expect(within(form).queryByRole('textbox', { name: /^Project/ })).toBeNull();
    fill(field(form, /^Address/), 'https://acme.service-now.com');
    await choose(form, /^How Paddock signs in/, 'Bearer token');
    fill(field(form, /^Table/), 'change request');
    await create();
    expect(field(form, /^Table/)).toHaveAccessibleDescription(/^Write the table’s name, such as incident/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);

    fill(field(form, /^Table/), 'change_request');
    await create();
    await waitFor(() => expect(field(form, /^Table/)).toHaveAccessibleDescription(/^Letters, digits, '_' and '-'/));
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toMatchObject({
      kind: 'ticketing',
      settings: { system: 'servicenow', base_url: 'https://acme.service-now.com', auth: { type: 'bearer' }, table: 'change_request' },
    });
  });

  it('checks the form before sending: the name, the address, the actions’ JSON, the credential’s length', async () => {
    const server = connectionsServer([]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    fill(field(form, /^Name/), 'Tickets Sandbox');
    fill(field(form, /^Base URL/), 'tickets.example.com');
    await choose(form, /^How Paddock signs in/, 'Bearer token');
    fill(within(form).getByLabelText(/^Credential/), 'abc');
    fill(field(form, /^Actions \(JSON\)/), '[{"name": "a", "access": "read", "method": "GET", "path": "/"},]');
    fill(field(form, /^Other hosts it may reach/), 'https://auth.example.com/token');
    fill(field(form, /^Private address ranges it may reach/), '10.0.0.0');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    expect(field(form, /^Name/)).toHaveAccessibleDescription(/Use lower-case letters, digits and dashes/);
    expect(field(form, /^Base URL/)).toHaveAccessibleDescription(/starting with https:\/\//);
    expect(within(form).getByLabelText(/^Credential/)).toHaveAccessibleDescription(/at least 4 characters/);
    expect(field(form, /^Actions \(JSON\)/)).toHaveAccessibleDescription(/This is not valid JSON/);
    expect(field(form, /^Other hosts it may reach/)).toHaveAccessibleDescription(/is not a host/);
    expect(field(form, /^Private address ranges it may reach/)).toHaveAccessibleDescription(/is not an address range/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);

    // Valid JSON that is not a list of actions is explained too.
    fill(field(form, /^Actions \(JSON\)/), '{"name": "a"}');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    expect(field(form, /^Actions \(JSON\)/)).toHaveAccessibleDescription(/Write a list of actions: start with \[ and end with \]/);
    fill(field(form, /^Actions \(JSON\)/), '[{"name": "a", "access": "read", "method": "GET"}]');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));
    expect(field(form, /^Actions \(JSON\)/)).toHaveAccessibleDescription(/Action 1 \(a\): give either a "path"/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')).toHaveLength(0);
  });

  it('never shows a stored credential, and sends no credential when the form leaves it alone', async () => {
    const server = connectionsServer([tickets]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    expect(within(form).getByTestId('connection-credential')).toHaveTextContent('A credential is set');
    expect(within(form).queryByLabelText(/Credential/, { selector: 'input' })).toBeNull();
    expect(field(form, /^Base URL/)).toHaveValue('https://tickets.example.com/api');
    expect(within(form).getByRole('combobox', { name: /^How Paddock signs in/ })).toHaveValue('Bearer token');
    expect(JSON.parse((field(form, /^Actions \(JSON\)/) as HTMLTextAreaElement).value)).toEqual(ticketActions);
    expect(field(form, /^Other hosts it may reach/)).toHaveValue('auth.example.com');
    expect(field(form, /^Private address ranges it may reach/)).toHaveValue('10.20.0.0/16');
    fill(field(form, /^Description/), 'The sandbox of the ticketing tool');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('Your changes to tickets-sandbox are saved');
    const body = requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox')[0]?.body;
    // No credential in the body: the stored one stays.
    expect(body).not.toHaveProperty('credential');
    expect(body).toEqual({
      name: 'tickets-sandbox',
      kind: 'http',
      description: 'The sandbox of the ticketing tool',
      settings: { base_url: 'https://tickets.example.com/api', auth: { type: 'bearer' }, timeout_seconds: 20, actions: ticketActions },
      read_label: 'confidential/pii',
      write_clearance: 'restricted/*',
      egress: ['auth.example.com'],
      allowed_ranges: ['10.20.0.0/16'],
      allowed_actions: null,
      all_workspaces: false,
      workspaces: ['it-service-desk'],
      groups: [],
      enabled: true,
    });
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('replaces the stored credential with the one typed, and an empty replacement keeps it', async () => {
    const server = connectionsServer([tickets]);
    renderApp('/admin?tab=connections', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox');

    const form = await openEditForm('tickets-sandbox');
    await userEvent.click(within(form).getByRole('button', { name: 'Replace' }));
    const replacement = within(form).getByLabelText(/^New credential/);
    expect(replacement).toHaveValue('');
    expect(replacement).toHaveAttribute('placeholder', 'A credential is stored and cannot be shown; leave empty to keep it');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(puts()).toHaveLength(1));
    expect(puts()[0]?.body).not.toHaveProperty('credential');

    const again = await openEditForm('tickets-sandbox');
    await userEvent.click(within(again).getByRole('button', { name: 'Replace' }));
    fill(within(again).getByLabelText(/^New credential/), 'tok-new-0123');
    await userEvent.click(within(again).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(puts()).toHaveLength(2));
    expect(puts()[1]?.body).toMatchObject({ credential: 'tok-new-0123' });
  });

  it('removes the stored credential only when asked', async () => {
    const server = connectionsServer([tickets]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    await userEvent.click(within(form).getByRole('button', { name: 'Remove' }));
    expect(within(form).getByTestId('connection-credential')).toHaveTextContent('The credential will be removed when you save');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('connections-notice');
    // An empty credential removes the stored one.
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox')[0]?.body).toMatchObject({ credential: '' });
    await waitFor(() => expect(screen.getByTestId('connection-credential-tickets-sandbox')).toHaveTextContent(/^not set$/));
  });

  it('warns when the address moves to another system, and shows the API’s demand for the credential under it', async () => {
    const server = connectionsServer([tickets], {
      'PUT /api/v1/connections/tickets-sandbox': () =>
        apiErrorResponse(
          422,
          'invalid_input',
          'credential: the connection now points at another system: enter its credential again (the stored one is only ever sent where it was set for)',
          { field: 'credential', reason: 'the connection now points at another system: enter its credential again (the stored one is only ever sent where it was set for)' },
        ),
    });
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    // Another path on the same host is the same system.
    fill(field(form, /^Base URL/), 'https://tickets.example.com/v2');
    expect(within(form).queryByTestId('connection-credential-moved')).toBeNull();
    fill(field(form, /^Base URL/), 'https://tickets.other.net/api');
    expect(within(form).getByTestId('connection-credential-moved')).toHaveTextContent('The connection now points at another system');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    const credentialField = within(form).getByTestId('connection-credential').closest('.mantine-InputWrapper-root') as HTMLElement;
    await waitFor(() => expect(credentialField).toHaveTextContent('The connection now points at another system: enter its credential again'));
    expect(screen.queryByTestId('connections-notice')).not.toBeInTheDocument();
  });

  it('shows the API’s refusals next to the field they name, settings ones in the settings section', async () => {
    let attempt = 0;
    const refusals = [
      apiErrorResponse(422, 'invalid_input', 'settings: settings.base_url: must be an http or https address', {
        field: 'settings',
        reason: 'settings.base_url: must be an http or https address',
      }),
      apiErrorResponse(422, 'invalid_input', "settings: settings.actions[1].method: 'FETCH ME' is not an HTTP method", {
        field: 'settings',
        reason: "settings.actions[1].method: 'FETCH ME' is not an HTTP method",
      }),
      apiErrorResponse(422, 'invalid_input', 'settings: settings..: missing field `base_url`', { field: 'settings', reason: 'settings..: missing field `base_url`' }),
      apiErrorResponse(422, 'invalid_input', "allowed_ranges: '10.0.0.0/99' is not an address range: write it as 10.20.0.0/16 or fd00::/8", {
        field: 'allowed_ranges',
        reason: "'10.0.0.0/99' is not an address range: write it as 10.20.0.0/16 or fd00::/8",
      }),
      apiErrorResponse(409, 'already_exists', 'a connection with this name already exists'),
    ];
    const server = connectionsServer([], { 'POST /api/v1/connections': () => refusals[attempt++]! });
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    fill(field(form, /^Name/), 'tickets-sandbox');
    fill(field(form, /^Base URL/), 'https://tickets.example.com');
    fill(field(form, /^Actions \(JSON\)/), JSON.stringify(ticketActions));
    const create = () => userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    await create();
    await waitFor(() => expect(field(form, /^Base URL/)).toHaveAccessibleDescription(/Write the address in full, starting with https:\/\//));
    expect(field(form, /^Base URL/)).toHaveAttribute('aria-invalid', 'true');

    await create();
    await waitFor(() => expect(field(form, /^Actions \(JSON\)/)).toHaveAccessibleDescription(/^Action 2, method: 'FETCH ME' is not an HTTP method/));

    await create();
    const settingsError = await within(form).findByTestId('connection-settings-error');
    expect(within(form).getByTestId('connection-settings')).toContainElement(settingsError);
    expect(settingsError).toHaveTextContent('Missing field `base_url`');

    await create();
    await waitFor(() => expect(field(form, /^Private address ranges it may reach/)).toHaveAccessibleDescription(/'10.0.0.0\/99' is not an address range/));
    expect(within(form).queryByTestId('connection-settings-error')).toBeNull();

    await create();
    await waitFor(() => expect(field(form, /^Name/)).toHaveAccessibleDescription(/^Another connection already has this name/));
    // No raw error body anywhere.
    expect(form).not.toHaveTextContent('invalid_input');
    expect(form).not.toHaveTextContent('"error"');
  });

  it('limits a connection to groups: shows them in the list, offers every group, and sends the choice', async () => {
    const limited = { ...tickets, groups: ['Claims builders'] };
    const server = connectionsServer([limited, mail]);
    renderApp('/admin?tab=connections', server.fetch);

    const table = await screen.findByTestId('connections-table');
    const where = within(table).getByTestId('connection-where-tickets-sandbox');
    expect(where).toHaveTextContent('IT Service Desk');
    expect(within(where).getByTestId('connection-groups-tickets-sandbox')).toHaveTextContent('Only members ofClaims builders');
    // Not limited: no groups said.
    expect(within(table).queryByTestId('connection-groups-mail')).toBeNull();

    const form = await openEditForm('tickets-sandbox');
    const access = within(form).getByTestId('connection-access');
    const select = within(access).getByRole('combobox', { name: /^Limit to groups/ });
    expect(select).toHaveAccessibleDescription(
      'Only members of these groups may build with this connection or start runs that call it. Leave empty for everyone in the chosen workspaces.',
    );
    expect(access).toHaveTextContent('Claims builders');
    await choose(access, /^Limit to groups/, 'Service desk agents');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('Your changes to tickets-sandbox are saved');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox')[0]?.body).toMatchObject({
      workspaces: ['it-service-desk'],
      groups: ['Claims builders', 'Service desk agents'],
    });
    await waitFor(() => expect(screen.getByTestId('connection-groups-tickets-sandbox')).toHaveTextContent('Service desk agents'));
  });

  it('creates a connection for chosen groups only, and shows the API’s refusal of a group under the field', async () => {
    let refused = false;
    const server = connectionsServer([], {
      'POST /api/v1/connections': (request) => {
        refused = true;
        const body = request.body as ConnectionForm;
        return apiErrorResponse(422, 'invalid_input', `groups: there is no group '${body.groups?.[0] ?? ''}'`, {
          field: 'groups',
          reason: `there is no group '${body.groups?.[0] ?? ''}'`,
        });
      },
    });
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openNewForm();
    await userEvent.click(within(form).getByRole('radio', { name: /^E-mail \(SMTP\)/ }));
    fill(field(form, /^Name/), 'mail');
    fill(field(form, /^Mail server/), 'smtp.example.com');
    fill(field(form, /^From/), 'paddock@example.com');
    fill(field(form, /^Allowed domains/), 'example.com');
    await userEvent.click(within(form).getByRole('switch', { name: /^All workspaces/ }));
    // Open to all workspaces, the groups are still chosen.
    expect(within(form).getByRole('combobox', { name: /^Limit to groups/ })).toHaveAttribute('placeholder', 'Everyone in the chosen workspaces');
    await choose(form, /^Limit to groups/, 'Claims builders');
    await userEvent.click(within(form).getByRole('button', { name: 'Create connection' }));

    await waitFor(() => expect(refused).toBe(true));
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections')[0]?.body).toMatchObject({ all_workspaces: true, workspaces: [], groups: ['Claims builders'] });
    await waitFor(() =>
      expect(within(form).getByRole('combobox', { name: /^Limit to groups/ })).toHaveAccessibleDescription(/There is no group 'Claims builders'/),
    );
  });

  it('lets only chosen actions be called, offering the actions the connection declares', async () => {
    const server = connectionsServer([tickets]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    const section = within(form).getByTestId('connection-allowed-actions');
    const all = within(section).getByRole('checkbox', { name: /^All actions/ });
    expect(all).toBeChecked();
    await userEvent.click(all);
    const create = within(section).getByRole('checkbox', { name: /^create_ticket/ });
    const whoami = within(section).getByRole('checkbox', { name: /^whoami/ });
    expect(create).toBeChecked();
    expect(whoami).toBeChecked();
    expect(section).toHaveTextContent('changes data');
    await userEvent.click(create);
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('connections-notice');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox')[0]?.body).toMatchObject({ allowed_actions: ['whoami'] });
  });

  it('tests a connection, showing that it works or why it failed', async () => {
    let release: (result: ConnectionTest) => void = () => {};
    const server = connectionsServer([tickets, mail], {
      'POST /api/v1/connections/tickets-sandbox/test': () =>
        new Promise<Response>((resolve) => {
          release = (result) => resolve(json(200, result));
        }),
      'POST /api/v1/connections/mail/test': () => json(200, { ok: false, message: 'blocked: smtp.example.com resolves to a private address' }),
    });
    renderApp('/admin?tab=connections', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Test connection tickets-sandbox' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test tickets-sandbox' });
    expect(within(dialog).getByTestId('connection-test-pending')).toHaveTextContent('Checking that tickets-sandbox answers');
    release({ ok: true, message: 'https://tickets.example.com/api answered 200 OK' });
    const result = await within(dialog).findByTestId('connection-test-result');
    expect(result).toHaveAttribute('data-ok', 'true');
    expect(result).toHaveTextContent('It works');
    expect(result).toHaveTextContent('https://tickets.example.com/api answered 200 OK');
    expect(requestsTo(server.requests, 'POST', '/api/v1/connections/tickets-sandbox/test')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Test tickets-sandbox' })).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole('button', { name: 'Test connection mail' }));
    const failed = await screen.findByRole('dialog', { name: 'Test mail' });
    const failure = await within(failed).findByTestId('connection-test-result');
    expect(failure).toHaveAttribute('data-ok', 'false');
    expect(failure).toHaveTextContent('It failed');
    expect(failure).toHaveTextContent('blocked: smtp.example.com resolves to a private address');
  });

  it('asks before deleting a connection, saying that its bindings go with it', async () => {
    const server = connectionsServer([tickets, mail]);
    renderApp('/admin?tab=connections', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for tickets-sandbox' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the connection tickets-sandbox?' });
    expect(dialog).toHaveTextContent('Its 2 bindings go with it');
    expect(dialog).toHaveTextContent('tickets in IT Service Desk, Development');
    expect(dialog).toHaveTextContent('tickets in IT Service Desk, Staging');
    expect(requestsTo(server.requests, 'DELETE', '/api/v1/connections/tickets-sandbox')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete connection' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('The connection tickets-sandbox is deleted, with its bindings');
    expect(requestsTo(server.requests, 'DELETE', '/api/v1/connections/tickets-sandbox')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(screen.queryByTestId('connection-row-tickets-sandbox')).not.toBeInTheDocument());
    expect(screen.getByTestId('connection-row-mail')).toBeInTheDocument();
  });

  it('binds an alias per workspace and environment, changes it, and removes it', async () => {
    const server = connectionsServer([tickets, mail]);
    renderApp('/admin?tab=connections', server.fetch);

    const section = await screen.findByTestId('connection-bindings');
    // Claims first: tickets-sandbox is not open to it, mail is open to all.
    expect(await within(section).findByTestId('bindings-empty')).toBeInTheDocument();
    await choose(section, 'Workspace', 'IT Service Desk');
    const row = await within(section).findByTestId('binding-row-tickets');
    expect(within(row).getByRole('combobox', { name: 'tickets in Development' })).toHaveValue('tickets-sandbox');
    expect(within(row).getByRole('combobox', { name: 'tickets in Staging' })).toHaveValue('tickets-sandbox');
    expect(within(row).getByRole('combobox', { name: 'tickets in Production' })).toHaveValue('Not bound');

    // A new alias, checked before sending.
    const form = within(section).getByTestId('bind-form');
    await userEvent.click(within(form).getByRole('button', { name: 'Bind' }));
    expect(within(form).getByRole('textbox', { name: 'Alias' })).toHaveAccessibleDescription(/Give the alias workflows call/);
    fill(within(form).getByRole('textbox', { name: 'Alias' }), 'mailer');
    await choose(form, 'Environment', 'Production');
    await choose(form, 'Connection', /^mail/);
    await userEvent.click(within(form).getByRole('button', { name: 'Bind' }));
    expect(await within(section).findByTestId('bindings-notice')).toHaveTextContent('mailer now means mail in Production');
    const put = requestsTo(server.requests, 'PUT', '/api/v1/workspaces/it-service-desk/bindings/prod/mailer');
    expect(put[0]?.body).toEqual({ connection: 'mail' });
    expect(put[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const mailer = await within(section).findByTestId('binding-row-mailer');
    expect(within(mailer).getByRole('combobox', { name: 'mailer in Production' })).toHaveValue('mail (switched off)');

    // Changing a cell rebinds; "Not bound" removes the binding.
    await choose(row, 'tickets in Production', 'tickets-sandbox');
    await waitFor(() =>
      expect(requestsTo(server.requests, 'PUT', '/api/v1/workspaces/it-service-desk/bindings/prod/tickets')[0]?.body).toEqual({
        connection: 'tickets-sandbox',
      }),
    );
    await choose(row, 'tickets in Staging', 'Not bound');
    await waitFor(() => expect(requestsTo(server.requests, 'DELETE', '/api/v1/workspaces/it-service-desk/bindings/staging/tickets')).toHaveLength(1));
    expect(await within(section).findByTestId('bindings-notice')).toHaveTextContent('tickets is no longer bound in Staging');
    await waitFor(() => expect(within(row).getByRole('combobox', { name: 'tickets in Staging' })).toHaveValue('Not bound'));
    // The list counts the bindings too.
    await waitFor(() => expect(screen.getByTestId('connection-bindings-tickets-sandbox')).toHaveTextContent('2 bindings'));
    expect(screen.getByTestId('connection-bindings-mail')).toHaveTextContent('1 binding');
  });
});

describe('the impact of a change to a connection’s policy', { timeout: 15_000 }, () => {
  const deskTriage = {
    workspace: 'it-service-desk',
    workflow: 'ticket-triage',
    environment: 'dev',
    violations: [
      {
        path: 'steps[2]',
        step: 'open',
        source: null,
        label: null,
        through: [],
        sink: 'the connection tickets-sandbox',
        clearance: null,
        message: 'step open calls create_ticket of tickets (tickets-sandbox), which is not allowed',
        fix: 'allow create_ticket on tickets-sandbox, or do not call it',
      },
    ],
  };
  const deskReport = { ...deskTriage, workflow: 'weekly-report', environment: 'prod' };

  it('names the workflows the change would break, with each violation and its fix, before saving', async () => {
    const server = connectionsServer([tickets], labelRoutes(undefined, () => [deskTriage, deskReport]));
    renderApp('/admin?tab=connections', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox');

    const form = await openEditForm('tickets-sandbox');
    const section = within(form).getByTestId('connection-allowed-actions');
    await userEvent.click(within(section).getByRole('checkbox', { name: /^All actions/ }));
    await userEvent.click(within(section).getByRole('checkbox', { name: /^create_ticket/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    const dialog = await screen.findByRole('dialog', { name: 'This change would put 2 workflows in violation of policy' });
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')[0]?.body).toEqual({
      connection: 'tickets-sandbox',
      read_label: 'confidential/pii',
      write_clearance: 'restricted/*',
      allowed_actions: ['whoami'],
      all_workspaces: false,
      workspaces: ['it-service-desk'],
    });
    const triage = within(dialog).getByTestId('impact-it-service-desk-ticket-triage-dev');
    expect(triage).toHaveTextContent('IT Service Desk / ticket-triage');
    expect(triage).toHaveTextContent('step open calls create_ticket of tickets (tickets-sandbox), which is not allowed');
    expect(triage).toHaveTextContent('Fix: allow create_ticket on tickets-sandbox, or do not call it');
    expect(within(dialog).getByTestId('impact-it-service-desk-weekly-report-prod')).toHaveTextContent('Production');
    expect(puts()).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('Your changes to tickets-sandbox are saved');
    expect(puts()[0]?.body).toMatchObject({ allowed_actions: ['whoami'] });
  });

  it('previews a change of label, and saves at once when it breaks nothing', async () => {
    const server = connectionsServer([tickets]);
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    const label = within(form).getByTestId('connection-read-label');
    await userEvent.click(await within(label).findByRole('checkbox', { name: 'phi' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('Your changes to tickets-sandbox are saved');
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')[0]?.body).toMatchObject({
      connection: 'tickets-sandbox',
      read_label: 'confidential/phi,pii',
      allowed_actions: null,
    });
    expect(requestsTo(server.requests, 'PUT', '/api/v1/connections/tickets-sandbox')).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: /in violation of policy/ })).not.toBeInTheDocument();
  });

  it('asks nothing when only settings outside policy change', async () => {
    const server = connectionsServer([tickets], labelRoutes(undefined, () => [deskTriage]));
    renderApp('/admin?tab=connections', server.fetch);

    const form = await openEditForm('tickets-sandbox');
    fill(field(form, /^Description/), 'The sandbox of the ticketing tool');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByTestId('connections-notice')).toHaveTextContent('Your changes to tickets-sandbox are saved');
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')).toHaveLength(0);
  });
});

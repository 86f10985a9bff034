import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { labelSentence, labelText } from './clearance';
import type { ConnectionView } from '../../api/types';
import { check, declaredActions, domainsOf, formBody, initialState, linesOf, parseActions, placed, pointsElsewhere } from './connections';

function view(overrides: Partial<ConnectionView>): ConnectionView {
  return {
    name: 'x',
    kind: 'http',
    description: '',
    settings: {},
    credential_set: true,
    read_label: 'internal',
    write_clearance: 'internal',
    egress: [],
    allowed_ranges: [],
    allowed_actions: null,
    all_workspaces: true,
    workspaces: [],
    groups: [],
    enabled: true,
    actions: [],
    bindings: [],
    created_at: '',
    updated_at: '',
    ...overrides,
  };
}

const named = { ...initialState(null), name: 'x' };
/** A folder connection's settings as typed: the S3 fields left empty. */
const folderFiles = (root: string, writable: boolean) => ({ ...named.files, root, writable });

describe('connection form helpers', () => {
  it('reads the actions typed as JSON, saying what is wrong in words', () => {
    expect(parseActions('')).toEqual({ ok: true, actions: [] });
    expect(parseActions('[{"name":"a","access":"read","method":"GET","path":"/"}]')).toMatchObject({ ok: true });
    expect(parseActions('[\n  {"name": "a",}\n]')).toMatchObject({ ok: false, problem: expect.stringMatching(/^This is not valid JSON \(near line 2\)/) });
    expect(parseActions('{}')).toMatchObject({ ok: false, problem: expect.stringMatching(/Write a list of actions/) });
    expect(parseActions('[1]')).toMatchObject({ ok: false, problem: 'Action 1 is not an action: write each one between { and }' });
    expect(parseActions('[{"access":"read"}]')).toMatchObject({ ok: false, problem: 'Action 1 has no "name"' });
    expect(parseActions('[{"name":"a","access":"delete","method":"GET","path":"/"}]')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^Action 1 \(a\): set "access"/),
    });
    expect(
      parseActions('[{"name":"a","access":"read","method":"GET","path":"/"},{"name":"a","access":"read","method":"GET","path":"/"}]'),
    ).toMatchObject({ ok: false, problem: expect.stringMatching(/^Two actions are named a/) });
  });

  it('splits lists as typed: one a line, or domains by commas', () => {
    expect(linesOf(' a.example.com \n\n b.example.com\r\na.example.com')).toEqual(['a.example.com', 'b.example.com']);
    expect(domainsOf('example.com, @Example.org,,\nexample.com')).toEqual(['example.com', 'example.org']);
  });

  it('places the API’s settings refusals under the setting they name, others in the section', () => {
    const refusal = (field: string, reason: string) =>
      new ApiError('invalid_input', `${field}: ${reason}`, 422, { field, reason });
    expect(placed(refusal('settings', 'settings.auth.header: \'a b\' is not a header name'))).toEqual({
      field: 'settings.auth.header',
      message: "'a b' is not a header name",
    });
    expect(placed(refusal('settings', 'settings.allowed_domains: name at least one domain mail may go to'))).toEqual({
      field: 'settings.allowed_domains',
      message: 'Name at least one domain mail may go to',
    });
    expect(placed(refusal('settings', 'settings.actions[0]: give either a path or a url'))).toEqual({
      field: 'settings.actions',
      message: 'Action 1: give either a path or a url',
    });
    expect(placed(refusal('settings', 'at most 256 KiB'))).toEqual({ field: 'settings', message: 'At most 256 KiB' });
    expect(placed(refusal('write_clearance', "'secret' is not a label"))).toEqual({ field: 'write_clearance', message: "'secret' is not a label" });
    expect(placed(new ApiError('forbidden', 'You may not do this.', 403))).toBeUndefined();
  });

  it('tells a move to another system from a change of path', () => {
    const stored = {
      ...initialState(null),
      name: 'x',
    };
    const view = {
      name: 'x',
      kind: 'http' as const,
      description: '',
      settings: { base_url: 'https://api.example.com/v1', auth: { type: 'bearer' }, actions: [] },
      credential_set: true,
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: null,
      all_workspaces: true,
      workspaces: [],
      groups: [],
      enabled: true,
      actions: [],
      bindings: [],
      created_at: '',
      updated_at: '',
    };
    const state = initialState(view);
    expect(pointsElsewhere(view, state)).toBe(false);
    expect(pointsElsewhere(view, { ...state, http: { ...state.http, baseUrl: 'https://api.example.com:443/v2' } })).toBe(false);
    expect(pointsElsewhere(view, { ...state, http: { ...state.http, baseUrl: 'https://api.example.com:8443/v1' } })).toBe(true);
    expect(pointsElsewhere(view, { ...state, kind: 'smtp' })).toBe(true);
    // The credential is left out unless it changes.
    expect(formBody(state, { kind: 'keep' })).not.toHaveProperty('credential');
    expect(formBody(state, { kind: 'set', value: '  ' })).not.toHaveProperty('credential');
    expect(formBody(state, { kind: 'remove' })).toMatchObject({ credential: '' });
    expect(formBody(stored, { kind: 'set', value: ' tok-1234 ' })).toMatchObject({ credential: 'tok-1234' });
  });

  it('says a data label in words', () => {
    expect(labelText('internal')).toBe('Internal');
    expect(labelText('confidential/phi,pii')).toBe('Confidential, PHI and PII');
    expect(labelSentence({ level: 'confidential', allCategories: false, categories: ['pii'] })).toBe(
      'What workflows read from it is treated as Confidential data that holds personal data (PII).',
    );
  });
});

describe('the database, chat and ticketing kinds', () => {
  it('reads SQL actions: one statement each, with its parameters in a list', () => {
    const find = { name: 'find_policy', access: 'read', statement: 'SELECT * FROM policies WHERE number = $1;', parameters: ['{{ input.number }}'] };
    expect(parseActions(JSON.stringify([find]), 'sql')).toEqual({ ok: true, actions: [find] });
    expect(parseActions(JSON.stringify([{ ...find, statement: 'SELECT 1; DROP TABLE policies' }]), 'sql')).toMatchObject({
      ok: false,
      problem: 'Action 1 (find_policy): one statement only, without ";" inside (pass values as "parameters")',
    });
    expect(parseActions(JSON.stringify([{ ...find, statement: ' ; ' }]), 'sql')).toMatchObject({ ok: false, problem: expect.stringMatching(/write its "statement"/) });
    expect(parseActions(JSON.stringify([{ ...find, parameters: '{{ input.number }}' }]), 'sql')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/"parameters" is a list/),
    });
    // An HTTP action pasted into a database connection is told apart.
    expect(parseActions('[{"name":"a","access":"read","method":"GET","path":"/"}]', 'sql')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^Action 1 \(a\): "method" is not part of a SQL action/),
    });
    expect(parseActions(JSON.stringify([{ ...find, name: 'Find Policy' }]), 'sql')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/write its name in lower-case letters/),
    });
  });

  it('sends a database server’s settings, or only the file for SQLite', () => {
    const sql = {
      ...named.sql,
      host: ' DB.internal ',
      database: 'policies',
      username: '',
      tls: 'require' as const,
      rowLimit: 200,
      actionsText: '[{"name":"q","access":"read","statement":"SELECT 1"}]',
    };
    expect(formBody({ ...named, kind: 'sql', sql }, { kind: 'set', value: 'pw-1234' })).toMatchObject({
      kind: 'sql',
      settings: { engine: 'postgres', host: 'DB.internal', port: 5432, database: 'policies', tls: 'require', row_limit: 200, actions: [{ name: 'q' }] },
      credential: 'pw-1234',
    });
    expect(formBody({ ...named, kind: 'sql', sql: { ...sql, engine: 'sqlite', path: '/var/lib/claims.db' } }, { kind: 'keep' }).settings).toEqual({
      engine: 'sqlite',
      path: '/var/lib/claims.db',
      row_limit: 200,
      actions: [{ name: 'q', access: 'read', statement: 'SELECT 1' }],
    });
    expect(check({ ...named, kind: 'sql', sql: { ...sql, engine: 'sqlite', path: 'claims.db' } }, { kind: 'keep' })).toEqual({
      'settings.path': expect.stringMatching(/full path of the database file/),
    });
    expect(check({ ...named, kind: 'sql', sql: { ...sql, host: 'db:5432', database: ' ', rowLimit: 0, timeoutSeconds: 301 } }, { kind: 'keep' })).toEqual({
      'settings.host': expect.stringMatching(/the port goes in its own field/),
      'settings.database': 'Give the name of the database to connect to',
      'settings.row_limit': 'Give a whole number of rows from 1 to 10,000, or leave it empty for 1,000',
      'settings.timeout_seconds': 'Give a whole number of seconds from 1 to 300, or leave it empty for 10',
    });
  });

  it('needs a webhook’s address on a host of its service, and keeps it write-only', () => {
    const slack = { ...named, kind: 'webhook' as const };
    expect(formBody(slack, { kind: 'set', value: 'https://hooks.slack.com/services/T0/B0/x' })).toMatchObject({
      settings: { service: 'slack' },
      credential: 'https://hooks.slack.com/services/T0/B0/x',
    });
    expect(check(slack, { kind: 'keep' })).toEqual({ credential: expect.stringMatching(/^Paste the webhook’s address/) });
    // A stored address is kept without typing it again.
    expect(check(slack, { kind: 'keep' }, true)).toEqual({});
    expect(check(slack, { kind: 'set', value: 'hooks.slack.com/services/x' })).toEqual({ credential: expect.stringMatching(/starting with https:\/\//) });
    expect(check(slack, { kind: 'set', value: 'https://acme.webhook.office.com/x' })).toEqual({
      credential: expect.stringMatching(/^acme.webhook.office.com is not a Slack webhook host/),
    });
    expect(check({ ...slack, webhook: { service: 'teams' } }, { kind: 'set', value: 'https://acme.webhook.office.com/x' })).toEqual({});
    expect(check({ ...slack, egressText: '*.chat.example.com' }, { kind: 'set', value: 'https://hooks.chat.example.com/x' })).toEqual({});
    expect(declaredActions(slack)).toEqual([{ name: 'post_message', access: 'write', description: expect.any(String) }]);
    // Another service is another place: its address must be given again.
    const stored = view({ kind: 'webhook', settings: { service: 'slack' } });
    expect(pointsElsewhere(stored, initialState(stored))).toBe(false);
    expect(pointsElsewhere(stored, { ...initialState(stored), webhook: { service: 'teams' } })).toBe(true);
  });

  it('sends a ticketing system’s settings with only what the system uses', () => {
    const jira = {
      ...named,
      kind: 'ticketing' as const,
      ticketing: { ...named.ticketing, baseUrl: 'https://acme.atlassian.net', username: 'bot@acme.example', project: 'IT', table: 'ignored' },
    };
    expect(formBody(jira, { kind: 'keep' }).settings).toEqual({
      system: 'jira',
      base_url: 'https://acme.atlassian.net',
      auth: { type: 'basic', username: 'bot@acme.example' },
      project: 'IT',
    });
    const now = { ...jira, ticketing: { ...jira.ticketing, system: 'servicenow' as const, authType: 'bearer' as const, table: 'change_request', timeoutSeconds: 60 } };
    expect(formBody(now, { kind: 'keep' }).settings).toEqual({
      system: 'servicenow',
      base_url: 'https://acme.atlassian.net',
      auth: { type: 'bearer' },
      table: 'change_request',
      timeout_seconds: 60,
    });
    expect(declaredActions(jira)?.map((a) => `${a.name}:${a.access}`)).toEqual(['create:write', 'update:write', 'comment:write', 'fetch:read']);
    expect(check({ ...jira, ticketing: { ...jira.ticketing, baseUrl: 'acme.atlassian.net', project: '', username: '' } }, { kind: 'keep' })).toEqual({
      'settings.base_url': expect.stringMatching(/starting with https:\/\//),
      'settings.project': 'Give the key of the Jira project new issues go to, such as IT',
      'settings.auth.username': 'Give the user name to sign in with',
    });
    expect(check({ ...now, ticketing: { ...now.ticketing, table: 'change request' } }, { kind: 'keep' })).toEqual({
      'settings.table': expect.stringMatching(/^Write the table’s name/),
    });
  });

  it('sends a folder’s path and whether it is writable, with no credential or network, and its write action only when writable', () => {
    const folder = { ...named, kind: 'files' as const, files: folderFiles(' /srv/shares/claims ', false), egressText: 'api.example.com', rangesText: '10.0.0.0/8' };
    expect(check(folder, { kind: 'keep' })).toEqual({});
    // A folder is sent as it always was: without `store`, and none of the S3 settings.
    expect(formBody(folder, { kind: 'keep' }).settings).toEqual({ root: '/srv/shares/claims', writable: false });
    expect(formBody(folder, { kind: 'keep' })).toMatchObject({
      kind: 'files',
      settings: { root: '/srv/shares/claims', writable: false },
      // What was typed for another kind is not sent: a folder reaches no host.
      egress: [],
      allowed_ranges: [],
    });
    expect(formBody(folder, { kind: 'keep' })).not.toHaveProperty('credential');
    expect(declaredActions(folder)?.map((a) => `${a.name}:${a.access}`)).toEqual(['list:read', 'read:read']);
    const writable = { ...folder, files: { ...folder.files, writable: true }, allActions: false, allowedActions: ['read', 'write'] };
    expect(formBody(writable, { kind: 'keep' })).toMatchObject({ settings: { root: '/srv/shares/claims', writable: true }, allowed_actions: ['read', 'write'] });
    expect(declaredActions(writable)?.map((a) => `${a.name}:${a.access}`)).toEqual(['list:read', 'read:read', 'write:write']);
    // Writing switched off again: the write action is no longer sent as allowed.
    expect(formBody({ ...writable, files: { ...writable.files, writable: false } }, { kind: 'keep' }).allowed_actions).toEqual(['read']);
    // The stored folder is read back.
    const stored = view({ kind: 'files', settings: { root: '/srv/shares/claims', writable: true }, credential_set: false });
    expect(initialState(stored).files).toMatchObject({ store: 'folder', root: '/srv/shares/claims', writable: true });
    expect(pointsElsewhere(stored, initialState(stored))).toBe(false);
    // Stored with `store: "folder"`, it is a folder all the same.
    expect(initialState(view({ kind: 'files', settings: { store: 'folder', root: '/srv', writable: false } })).files).toMatchObject({ store: 'folder', root: '/srv' });
  });

  it('needs a folder’s full path, starting with /', () => {
    const folder = { ...named, kind: 'files' as const };
    expect(check(folder, { kind: 'keep' })).toEqual({ 'settings.root': expect.stringMatching(/^Give the folder’s full path on the Paddock server, starting with \//) });
    expect(check({ ...folder, files: folderFiles('shares/claims', true) }, { kind: 'keep' })).toEqual({
      'settings.root': expect.stringMatching(/starting with \//),
    });
    // A host typed for another kind is not checked: it is not sent.
    expect(check({ ...folder, files: folderFiles('/srv', false), egressText: 'https://x' }, { kind: 'keep' })).toEqual({});
    const refusal = new ApiError('invalid_input', 'settings: settings.root: the absolute path of a directory', 422, {
      field: 'settings',
      reason: 'settings.root: the absolute path of a directory',
    });
    expect(placed(refusal)).toEqual({ field: 'settings.root', message: 'The absolute path of a directory' });
  });

  const s3 = {
    ...named,
    kind: 'files' as const,
    files: {
      ...named.files,
      store: 's3' as const,
      endpoint: ' https://s3.eu-west-1.amazonaws.com ',
      bucket: 'acme-claims',
      region: 'eu-west-1',
      accessKeyId: ' AKIAEXAMPLE ',
      prefix: '/incoming/claims/',
      pathStyle: false,
      writable: true,
    },
    egressText: '',
    rangesText: '10.40.0.0/16',
  };

  it('sends S3 storage’s settings, its secret access key as the credential, and its network', () => {
    expect(check(s3, { kind: 'set', value: 'secret-access-key' })).toEqual({});
    expect(formBody(s3, { kind: 'set', value: 'secret-access-key' })).toMatchObject({
      kind: 'files',
      settings: {
        store: 's3',
        endpoint: 'https://s3.eu-west-1.amazonaws.com',
        bucket: 'acme-claims',
        region: 'eu-west-1',
        access_key_id: 'AKIAEXAMPLE',
        prefix: 'incoming/claims',
        path_style: false,
        writable: true,
      },
      credential: 'secret-access-key',
      // Storage is reached over the network: its ranges are sent, unlike a folder's.
      allowed_ranges: ['10.40.0.0/16'],
    });
    // An empty region and folder are left to the API's defaults (us-east-1, the whole bucket); path style is sent as chosen.
    const minio = { ...s3, files: { ...s3.files, endpoint: 'http://minio.internal:9000', region: ' ', prefix: ' ', pathStyle: true, writable: false } };
    expect(formBody(minio, { kind: 'keep' }).settings).toEqual({
      store: 's3',
      endpoint: 'http://minio.internal:9000',
      bucket: 'acme-claims',
      access_key_id: 'AKIAEXAMPLE',
      path_style: true,
      writable: false,
    });
    expect(declaredActions(minio)?.map((a) => a.name)).toEqual(['list', 'read']);
  });

  it('reads stored S3 settings back, with the API’s defaults for what is not stored', () => {
    const stored = view({
      kind: 'files',
      settings: { store: 's3', endpoint: 'https://minio.example.com', bucket: 'docs', access_key_id: 'minio-reader', writable: true },
    });
    expect(initialState(stored).files).toEqual({
      store: 's3',
      root: '',
      writable: true,
      endpoint: 'https://minio.example.com',
      bucket: 'docs',
      region: '',
      accessKeyId: 'minio-reader',
      prefix: '',
      // Path style unless stored otherwise.
      pathStyle: true,
    });
    expect(initialState(view({ kind: 'files', settings: { ...stored.settings, path_style: false, region: 'eu-west-1', prefix: 'in' } })).files).toMatchObject({
      pathStyle: false,
      region: 'eu-west-1',
      prefix: 'in',
    });
    // Saved again unchanged, the settings are what they were (with path style said).
    expect(formBody(initialState(stored), { kind: 'keep' }).settings).toEqual({ ...stored.settings, path_style: true });
  });

  it('checks S3 settings before sending: the endpoint, the bucket, the access key id, the folder and the secret', () => {
    const empty = { ...s3, files: { ...s3.files, endpoint: '', bucket: '', accessKeyId: ' ', prefix: '' } };
    expect(check(empty, { kind: 'keep' })).toEqual({
      'settings.endpoint': expect.stringMatching(/^Give the address of the storage service/),
      'settings.bucket': 'Give the name of the bucket, such as acme-claims',
      'settings.access_key_id': 'Give the access key id Paddock signs in with',
      // A new S3 connection cannot sign a request without its secret.
      credential: 'Give the secret access key that goes with the access key id',
    });
    const wrong = { ...s3, files: { ...s3.files, endpoint: 's3.amazonaws.com', bucket: 'Acme_Claims', region: 'eu west', prefix: 'incoming/../other' } };
    expect(check(wrong, { kind: 'set', value: 'secret-access-key' })).toEqual({
      'settings.endpoint': expect.stringMatching(/starting with https:\/\//),
      'settings.bucket': expect.stringMatching(/^A bucket’s name has 3 to 63 characters: lower-case letters, digits, dashes/),
      'settings.region': expect.stringMatching(/^Write the region/),
      'settings.prefix': expect.stringMatching(/without \.\./),
    });
    for (const endpoint of ['ftp://files.example.com', 'https://', 'https://key:secret@s3.example.com']) {
      expect(check({ ...s3, files: { ...s3.files, endpoint } }, { kind: 'set', value: 'secret-access-key' })).toHaveProperty(['settings.endpoint']);
    }
    for (const bucket of ['ab', 'a'.repeat(64), '-docs', 'docs.', 'my docs']) {
      expect(check({ ...s3, files: { ...s3.files, bucket } }, { kind: 'set', value: 'secret-access-key' })).toHaveProperty(['settings.bucket']);
    }
    for (const bucket of ['abc', 'a'.repeat(63), 'acme.claims-2026']) {
      expect(check({ ...s3, files: { ...s3.files, bucket } }, { kind: 'set', value: 'secret-access-key' })).toEqual({});
    }
    // A stored secret is kept without typing it again; the network is checked as for any system reached over it.
    expect(check({ ...s3, rangesText: '10.0.0.0' }, { kind: 'keep' }, true)).toEqual({ allowed_ranges: expect.stringMatching(/is not an address range/) });
  });

  it('asks for the secret again when the storage, the bucket, the region or the access key id changes', () => {
    const stored = view({
      kind: 'files',
      settings: { store: 's3', endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'acme-claims', region: 'eu-west-1', access_key_id: 'AKIA1', prefix: 'in', path_style: false, writable: false },
    });
    const state = initialState(stored);
    expect(pointsElsewhere(stored, state)).toBe(false);
    // Another folder in the bucket, writing allowed, another addressing: the same place.
    expect(pointsElsewhere(stored, { ...state, files: { ...state.files, prefix: 'out', writable: true, pathStyle: true } })).toBe(false);
    expect(pointsElsewhere(stored, { ...state, files: { ...state.files, endpoint: 'https://S3.eu-west-1.amazonaws.com:443/' } })).toBe(false);
    for (const change of [{ endpoint: 'https://minio.example.com' }, { bucket: 'acme-other' }, { region: 'us-east-1' }, { accessKeyId: 'AKIA2' }]) {
      expect(pointsElsewhere(stored, { ...state, files: { ...state.files, ...change } })).toBe(true);
    }
    // To a folder on the server: elsewhere too.
    expect(pointsElsewhere(stored, { ...state, files: { ...state.files, store: 'folder', root: '/srv' } })).toBe(true);
  });

  it('places the API’s refusals of S3 settings under their fields', () => {
    const refusal = (reason: string) => new ApiError('invalid_input', `settings: ${reason}`, 422, { field: 'settings', reason });
    expect(placed(refusal("settings.bucket: 3 to 63 lower-case letters, digits, '-' and '.'"))).toEqual({
      field: 'settings.bucket',
      message: "3 to 63 lower-case letters, digits, '-' and '.'",
    });
    expect(placed(refusal('settings.endpoint: the http or https address of the storage service'))).toEqual({
      field: 'settings.endpoint',
      message: 'The http or https address of the storage service',
    });
    expect(placed(refusal('settings.access_key_id: the access key id, up to 128 characters'))).toMatchObject({ field: 'settings.access_key_id' });
    expect(placed(refusal("settings.prefix: a folder in the bucket, without '..'"))).toMatchObject({ field: 'settings.prefix' });
  });

  it('places the API’s refusals of the new settings under their fields', () => {
    const refusal = (reason: string) => new ApiError('invalid_input', `settings: ${reason}`, 422, { field: 'settings', reason });
    expect(placed(refusal('settings.database: the database to connect to'))).toEqual({ field: 'settings.database', message: 'The database to connect to' });
    expect(placed(refusal('settings.path: the absolute path of the SQLite database file'))).toEqual({
      field: 'settings.path',
      message: 'The absolute path of the SQLite database file',
    });
    expect(placed(refusal('settings.actions[0].statement: one statement only'))).toEqual({ field: 'settings.actions', message: 'Action 1, statement: one statement only' });
    expect(placed(refusal("settings.project: letters, digits, '_' and '-'"))).toEqual({ field: 'settings.project', message: "Letters, digits, '_' and '-'" });
    expect(placed(refusal('settings.service: unknown variant `discord`, expected `slack` or `teams`'))).toEqual({
      field: 'settings.service',
      message: 'Unknown variant `discord`, expected `slack` or `teams`',
    });
  });
});

describe('the groups that may use a connection', () => {
  it('reads the stored groups and sends them back, even when open to all workspaces', () => {
    const stored = view({ all_workspaces: false, workspaces: ['claims'], groups: ['Claims builders', 'Reviewers'] });
    const state = initialState(stored);
    expect(state.groups).toEqual(['Claims builders', 'Reviewers']);
    expect(formBody(state, { kind: 'keep' })).toMatchObject({ workspaces: ['claims'], groups: ['Claims builders', 'Reviewers'] });
    expect(formBody({ ...state, allWorkspaces: true }, { kind: 'keep' })).toMatchObject({ all_workspaces: true, workspaces: [], groups: ['Claims builders', 'Reviewers'] });
    // None chosen: everyone in its workspaces, said as an empty list.
    expect(formBody(initialState(null), { kind: 'keep' }).groups).toEqual([]);
    expect(formBody({ ...state, groups: [] }, { kind: 'keep' }).groups).toEqual([]);
  });

  it('places the API’s refusal of an unknown group under the groups', () => {
    const refusal = new ApiError('invalid_input', "groups: there is no group 'Gone'", 422, { field: 'groups', reason: "there is no group 'Gone'" });
    expect(placed(refusal)).toEqual({ field: 'groups', message: "There is no group 'Gone'" });
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ModelForm, ModelTrial, ModelView } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { labelCatalogue, labelRoutes } from '../../test/labelFixtures';
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

function model(overrides: Partial<ModelView>): ModelView {
  return {
    id: 'm0',
    name: 'm',
    provider: 'openai',
    description: '',
    endpoint: null,
    model_id: null,
    credential_set: false,
    structured_output: 'json_schema',
    context_limit: null,
    timeout_seconds: 120,
    input_price_per_million: 0,
    output_price_per_million: 0,
    all_workspaces: true,
    monthly_token_budget: null,
    workspaces: [],
    enabled: true,
    clearance: 'internal',
    ready: true,
    month: '2026-11',
    usage: [],
    created_at: '2026-11-01T09:00:00Z',
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

const builtin = model({
  id: 'm1',
  name: 'builtin',
  provider: 'builtin',
  description: 'The built-in offline model',
  clearance: 'restricted/*',
  usage: [{ workspace: 'claims', calls: 4, input_tokens: 40, output_tokens: 8, cost: 0, monthly_token_budget: null }],
});

const hosted = model({
  id: 'm2',
  name: 'hosted-general',
  description: 'A hosted general-purpose model',
  endpoint: 'https://api.openai.com/v1',
  model_id: 'gpt-4o-mini',
  credential_set: true,
  input_price_per_million: 0.15,
  output_price_per_million: 0.6,
  all_workspaces: false,
  monthly_token_budget: 2_000_000,
  workspaces: [
    { workspace: 'claims', monthly_token_budget: null },
    { workspace: 'it-service-desk', monthly_token_budget: 100_000 },
  ],
  usage: [
    { workspace: 'claims', calls: 120, input_tokens: 1_500_000, output_tokens: 200_000, cost: 0.345, monthly_token_budget: 2_000_000 },
    { workspace: 'it-service-desk', calls: 9, input_tokens: 90_000, output_tokens: 10_000, cost: 0.0195, monthly_token_budget: 100_000 },
  ],
});

const secure = model({
  id: 'm3',
  name: 'private-secure',
  endpoint: 'http://llm.internal:8000/v1',
  model_id: 'meta-llama/Llama-3.1-8B-Instruct',
  enabled: false,
  ready: false,
});

function requestsTo(requests: RecordedRequest[], method: string, path: string) {
  return requests.filter((r) => r.method === method && r.path === path);
}

/** A server that keeps the models it is given, answering the model API as the real one does. */
function modelsServer(initial: ModelView[], extra: Parameters<typeof fakeFetch>[0] = {}) {
  let models = initial.map((m) => ({ ...m }));
  const viewOf = (body: ModelForm, base: Partial<ModelView>): ModelView => {
    const { credential, ...rest } = body;
    const credentialSet = credential === undefined || credential === null ? (base.credential_set ?? false) : credential !== '';
    return model({
      ...base,
      ...rest,
      credential_set: credentialSet,
      ready: rest.enabled !== false && (rest.provider === 'builtin' || (!!rest.endpoint && !!rest.model_id)),
    } as Partial<ModelView>);
  };
  const routes: Parameters<typeof fakeFetch>[0] = {
    ...labelRoutes(),
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/workspaces': () => json(200, { workspaces }),
    'GET /api/v1/models': () => json(200, { models }),
    'POST /api/v1/models': (request) => {
      const body = request.body as ModelForm;
      if (models.some((m) => m.name === body.name)) return apiErrorResponse(409, 'already_exists', 'a model with this name already exists');
      const created = viewOf(body, { id: 'm9' });
      models = [...models, created];
      return json(201, created);
    },
  };
  for (const m of initial) {
    routes[`PUT /api/v1/models/${m.name}`] = (request) => {
      const existing = models.find((x) => x.id === m.id)!;
      const updated = viewOf(request.body as ModelForm, existing);
      models = models.map((x) => (x.id === m.id ? updated : x));
      return json(200, updated);
    };
    routes[`DELETE /api/v1/models/${m.name}`] = () => {
      models = models.filter((x) => x.id !== m.id);
      return new Response(null, { status: 204 });
    };
  }
  return fakeFetch({ ...routes, ...extra });
}

async function openAddForm() {
  await userEvent.click(await screen.findByRole('button', { name: 'Add model' }));
  return screen.findByTestId('model-form');
}

async function openEditForm(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Edit model ${name}` }));
  return screen.findByTestId('model-form');
}

const field = (form: HTMLElement, label: RegExp) => within(form).getByRole('textbox', { name: label });

describe('admin models', () => {
  it('offers a Models tab after Workspaces and shows an empty state with a way to add one', async () => {
    renderApp('/admin?tab=models', modelsServer([]).fetch);

    const empty = await screen.findByTestId('models-empty');
    expect(empty).toHaveTextContent('No models yet');
    expect(within(empty).getByRole('button', { name: 'Add model' })).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs.indexOf('Models')).toBe(tabs.indexOf('Workspaces') + 1);
  });

  it('lists each model with its provider, status, access, prices and this month’s use against its budget', async () => {
    renderApp('/admin?tab=models', modelsServer([builtin, hosted, secure]).fetch);

    const table = await screen.findByTestId('models-table');
    const builtinRow = within(table).getByTestId('model-row-builtin');
    expect(builtinRow).toHaveTextContent('Built-in (not a language model)');
    expect(within(builtinRow).getByText('Ready')).toBeInTheDocument();
    expect(within(builtinRow).getByTestId('model-access-builtin')).toHaveTextContent('All workspaces');
    expect(builtinRow).toHaveTextContent('No charge');
    expect(within(builtinRow).getByTestId('usage-claims')).toHaveTextContent('48 tokens · no limit');
    expect(within(builtinRow).queryByRole('progressbar')).toBeNull();

    const hostedRow = within(table).getByTestId('model-row-hosted-general');
    expect(hostedRow).toHaveTextContent('OpenAI-compatible');
    expect(within(hostedRow).getByTestId('model-id-hosted-general')).toHaveTextContent('gpt-4o-mini');
    expect(hostedRow).toHaveTextContent('$0.15 in');
    expect(hostedRow).toHaveTextContent('$0.60 out');
    expect(within(hostedRow).getByTestId('model-access-hosted-general')).toHaveTextContent('ClaimsIT Service Desk');
    // 1.7M of 2M: a warning; 100K of its own 100K: spent.
    const claims = within(hostedRow).getByTestId('usage-claims');
    expect(claims).toHaveAttribute('data-level', 'warning');
    expect(claims).toHaveTextContent('1.7M of 2M tokens');
    expect(claims).toHaveTextContent('$0.35');
    expect(within(claims).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '85');
    const desk = within(hostedRow).getByTestId('usage-it-service-desk');
    expect(desk).toHaveAttribute('data-level', 'spent');
    expect(desk).toHaveTextContent('100K of 100K tokens · budget spent');
    expect(desk).toHaveTextContent('$0.02');

    const secureRow = within(table).getByTestId('model-row-private-secure');
    expect(within(secureRow).getByText('Switched off')).toBeInTheDocument();
    expect(within(secureRow).getByTestId('model-hint-private-secure')).toHaveTextContent('No API key');
    expect(secureRow).toHaveTextContent('Not used yet');
  });

  it('registers an OpenAI-compatible model, showing the API’s refusal under the field it names', async () => {
    let attempts = 0;
    const server = modelsServer([builtin], {
      'POST /api/v1/models': (request) => {
        attempts += 1;
        if (attempts === 1) {
          return apiErrorResponse(422, 'invalid_input', "endpoint: 'localhost:9/v1' is not a URL: relative URL without a base", { field: 'endpoint' });
        }
        return json(201, model({ id: 'm9', ...(request.body as object), credential_set: true }));
      },
    });
    renderApp('/admin?tab=models', server.fetch);

    const form = await openAddForm();
    expect(within(form).getByRole('radio', { name: /^OpenAI-compatible/ })).toBeChecked();
    fill(field(form, /^Name/), 'team-llm');
    fill(field(form, /^Endpoint/), 'localhost:9/v1');
    fill(field(form, /^Model id/), 'm1');
    fill(within(form).getByLabelText(/^API key/), 'sk-secret');
    await userEvent.click(within(form).getByRole('button', { name: 'Register model' }));

    const endpoint = field(form, /^Endpoint/);
    await waitFor(() => expect(endpoint).toHaveAccessibleDescription(/This is not a web address Paddock can call/));
    expect(endpoint).toHaveAttribute('aria-invalid', 'true');
    expect(form).not.toHaveTextContent('relative URL without a base');

    fill(endpoint, 'http://127.0.0.1:9/v1');
    expect(endpoint).not.toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(within(form).getByRole('button', { name: 'Register model' }));

    expect(await screen.findByTestId('models-notice')).toHaveTextContent('The model team-llm is registered');
    const posted = requestsTo(server.requests, 'POST', '/api/v1/models');
    expect(posted[1]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(posted[1]?.body).toEqual({
      name: 'team-llm',
      provider: 'openai',
      description: '',
      endpoint: 'http://127.0.0.1:9/v1',
      model_id: 'm1',
      credential: 'sk-secret',
      structured_output: 'json_schema',
      context_limit: null,
      timeout_seconds: 120,
      input_price_per_million: 0,
      output_price_per_million: 0,
      all_workspaces: true,
      monthly_token_budget: null,
      workspaces: [],
      enabled: true,
      clearance: 'internal',
    });
  });

  it('says a taken name under the name', async () => {
    renderApp('/admin?tab=models', modelsServer([builtin, hosted]).fetch);

    const form = await openAddForm();
    fill(field(form, /^Name/), 'hosted-general');
    await userEvent.click(within(form).getByRole('button', { name: 'Register model' }));

    await waitFor(() => expect(field(form, /^Name/)).toHaveAccessibleDescription(/Another model already has this name/));
  });

  it('checks the name before sending', async () => {
    const server = modelsServer([builtin]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openAddForm();
    fill(field(form, /^Name/), 'Team LLM');
    await userEvent.click(within(form).getByRole('button', { name: 'Register model' }));

    expect(field(form, /^Name/)).toHaveAccessibleDescription(/Use lower-case letters, digits and dashes/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/models')).toHaveLength(0);
  });

  it('shows only what the built-in model has, and sends no endpoint, model id or key for it', async () => {
    const server = modelsServer([builtin]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('builtin');
    expect(within(form).getByRole('radio', { name: /^Built-in \(not a language model\)/ })).toBeChecked();
    expect(form).toHaveTextContent('It does not understand text');
    for (const label of [/^Endpoint/, /^Model id/]) expect(within(form).queryByRole('textbox', { name: label })).toBeNull();
    expect(within(form).queryByLabelText(/^API key/)).toBeNull();
    expect(within(form).queryByText('How to ask for JSON answers')).toBeNull();

    // Choosing a remote provider brings them in.
    await userEvent.click(within(form).getByRole('radio', { name: /^Anthropic/ }));
    expect(field(form, /^Endpoint/)).toHaveAttribute('placeholder', 'https://api.anthropic.com');
    expect(within(form).queryByText('How to ask for JSON answers')).toBeNull();
    await userEvent.click(within(form).getByRole('radio', { name: /^Built-in/ }));

    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByTestId('models-notice')).toHaveTextContent('Your changes to builtin are saved');
    const body = requestsTo(server.requests, 'PUT', '/api/v1/models/builtin')[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'builtin', provider: 'builtin', endpoint: null, model_id: null });
    expect(body).not.toHaveProperty('credential');
  });

  it('never shows a stored key, and keeps it when the form leaves it alone', async () => {
    const server = modelsServer([hosted]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('hosted-general');
    expect(within(form).getByTestId('model-credential')).toHaveTextContent('A key is set');
    expect(within(form).queryByLabelText(/API key/, { selector: 'input' })).toBeNull();
    expect(field(form, /^Endpoint/)).toHaveValue('https://api.openai.com/v1');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('models-notice');
    const body = requestsTo(server.requests, 'PUT', '/api/v1/models/hosted-general')[0]?.body;
    // No credential in the body: the stored key stays.
    expect(body).not.toHaveProperty('credential');
    expect(body).toMatchObject({
      all_workspaces: false,
      monthly_token_budget: 2_000_000,
      workspaces: [
        { workspace: 'claims', monthly_token_budget: null },
        { workspace: 'it-service-desk', monthly_token_budget: 100_000 },
      ],
      input_price_per_million: 0.15,
      output_price_per_million: 0.6,
    });
  });

  it('replaces the stored key with the one typed, refusing an empty one before sending', async () => {
    const server = modelsServer([hosted]);
    renderApp('/admin?tab=models', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/models/hosted-general');

    const form = await openEditForm('hosted-general');
    await userEvent.click(within(form).getByRole('button', { name: 'Replace' }));
    const newKey = within(form).getByLabelText(/^New API key/);
    expect(newKey).toHaveValue('');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(newKey).toHaveAccessibleDescription(/Type the new key, or keep the current one/);
    expect(puts()).toHaveLength(0);

    fill(newKey, 'sk-new');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByTestId('models-notice');
    expect(puts()[0]?.body).toMatchObject({ credential: 'sk-new' });
  });

  it('removes the stored key only when asked, with a way to change one’s mind', async () => {
    const server = modelsServer([hosted]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('hosted-general');
    await userEvent.click(within(form).getByRole('button', { name: 'Remove' }));
    expect(within(form).getByTestId('model-credential')).toHaveTextContent('The key will be removed when you save');
    await userEvent.click(within(form).getByRole('button', { name: 'Undo' }));
    expect(within(form).getByTestId('model-credential')).toHaveTextContent('A key is set');
    await userEvent.click(within(form).getByRole('button', { name: 'Remove' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('models-notice');
    // An empty credential removes the stored one.
    expect(requestsTo(server.requests, 'PUT', '/api/v1/models/hosted-general')[0]?.body).toMatchObject({ credential: '' });
    await waitFor(() => expect(screen.getByTestId('model-hint-hosted-general')).toHaveTextContent('No API key'));
  });

  it('limits a model to chosen workspaces with a budget of their own', async () => {
    const server = modelsServer([secure]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('private-secure');
    await userEvent.click(within(form).getByRole('switch', { name: /^All workspaces/ }));
    await userEvent.click(within(form).getByRole('combobox', { name: /^Workspaces that may use it/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'IT Service Desk', hidden: true }));
    const budgets = within(form).getByTestId('model-workspace-budgets');
    await userEvent.type(within(budgets).getByRole('textbox', { name: 'Monthly budget of IT Service Desk' }), '50000');
    await userEvent.click(within(form).getByRole('switch', { name: /^Switched on/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByTestId('models-notice');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/models/private-secure')[0]?.body).toMatchObject({
      all_workspaces: false,
      workspaces: [{ workspace: 'it-service-desk', monthly_token_budget: 50_000 }],
      enabled: true,
    });
  });

  it('shows what data each model may receive, in words and as written', async () => {
    const pii = model({ id: 'm4', name: 'claims-llm', clearance: 'confidential/phi,pii' });
    renderApp('/admin?tab=models', modelsServer([builtin, hosted, pii]).fetch);

    const table = await screen.findByTestId('models-table');
    expect(within(table).getByRole('columnheader', { name: 'Data it may receive' })).toBeInTheDocument();
    expect(within(table).getByTestId('model-clearance-badge-builtin')).toHaveTextContent('Restricted, all categories');
    expect(within(table).getByTestId('model-clearance-builtin')).toHaveTextContent('restricted/*');
    expect(within(table).getByTestId('model-clearance-badge-hosted-general')).toHaveTextContent(/^Internal$/);
    expect(within(table).getByTestId('model-clearance-badge-claims-llm')).toHaveTextContent('Confidential, PHI and PII only');
    expect(within(table).getByTestId('model-clearance-claims-llm')).toHaveTextContent('confidential/phi,pii');
  });

  it('keeps the clearance when editing, and sends the one composed from the level and the catalogue’s categories', async () => {
    const pii = model({ id: 'm4', name: 'claims-llm', clearance: 'confidential/pii' });
    const server = modelsServer([pii]);
    renderApp('/admin?tab=models', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/models/claims-llm');

    const form = await openEditForm('claims-llm');
    const section = within(form).getByTestId('model-clearance');
    expect(section).toHaveTextContent('The most sensitive data this model may receive');
    expect(within(section).getByRole('combobox', { name: 'Most sensitive level' })).toHaveValue('Confidential');
    expect(within(section).getByRole('checkbox', { name: /^All categories/ })).not.toBeChecked();
    // The catalogue's categories are offered, the model's own chosen.
    const categories = await within(section).findByRole('group', { name: /^Special categories it may receive/ });
    await waitFor(() => expect(within(categories).getAllByRole('checkbox').map((c) => c.getAttribute('value'))).toEqual(['pci', 'phi', 'pii']));
    expect(within(categories).getByRole('checkbox', { name: 'pii' })).toBeChecked();
    expect(within(categories).getByRole('checkbox', { name: 'phi' })).not.toBeChecked();
    expect(within(section).getByTestId('model-clearance-summary')).toHaveTextContent(
      'It may be sent data up to Confidential; of the special categories, only personal data (PII).',
    );

    // Unchanged, it is sent as it was.
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByTestId('models-notice');
    expect(puts()[0]?.body).toMatchObject({ clearance: 'confidential/pii' });

    const again = await openEditForm('claims-llm');
    const field2 = within(again).getByTestId('model-clearance');
    await userEvent.click(within(field2).getByRole('combobox', { name: 'Most sensitive level' }));
    await userEvent.click(await screen.findByRole('option', { name: /^Restricted/, hidden: true }));
    await userEvent.click(within(field2).getByRole('checkbox', { name: 'phi' }));
    expect(within(field2).getByTestId('model-clearance-value')).toHaveTextContent('restricted/phi,pii');
    await userEvent.click(within(again).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(puts()).toHaveLength(2));
    expect(puts()[1]?.body).toMatchObject({ clearance: 'restricted/phi,pii' });

    const third = await openEditForm('claims-llm');
    const field3 = within(third).getByTestId('model-clearance');
    expect(within(field3).getByRole('checkbox', { name: 'phi' })).toBeChecked();
    expect(within(field3).getByRole('checkbox', { name: 'pii' })).toBeChecked();
    await userEvent.click(within(field3).getByRole('checkbox', { name: /^All categories/ }));
    expect(within(field3).getByRole('checkbox', { name: 'pii' })).toBeDisabled();
    expect(within(field3).getByTestId('model-clearance-value')).toHaveTextContent('restricted/*');
    await userEvent.click(within(third).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(puts()).toHaveLength(3));
    expect(puts()[2]?.body).toMatchObject({ clearance: 'restricted/*' });
    await waitFor(() => expect(screen.getByTestId('model-clearance-badge-claims-llm')).toHaveTextContent('Restricted, all categories'));
  });

  it('uses the organisation’s names for the levels and offers the categories it added', async () => {
    const catalogue = labelCatalogue();
    catalogue.levels[2] = { level: 'confidential', name: 'Company confidential', description: 'Need to know only' };
    catalogue.categories.push({ name: 'legal-hold', description: 'Kept for a lawsuit' });
    const server = modelsServer([model({ id: 'm4', name: 'claims-llm', clearance: 'confidential/pii' })], labelRoutes(catalogue));
    renderApp('/admin?tab=models', server.fetch);

    await waitFor(() => expect(screen.getByTestId('model-clearance-badge-claims-llm')).toHaveTextContent('Company confidential, PII only'));
    const form = await openEditForm('claims-llm');
    const section = within(form).getByTestId('model-clearance');
    const level = within(section).getByRole('combobox', { name: 'Most sensitive level' });
    expect(level).toHaveValue('Company confidential');
    expect(level).toHaveAccessibleDescription('Need to know only');
    await userEvent.click(within(section).getByRole('checkbox', { name: 'legal-hold' }));
    expect(within(section).getByTestId('model-clearance-value')).toHaveTextContent('confidential/legal-hold,pii');
    expect(within(section).getByTestId('model-clearance-summary')).toHaveTextContent(
      'It may be sent data up to Company confidential; of the special categories, only legal-hold and personal data (PII).',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByTestId('models-notice');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/models/claims-llm')[0]?.body).toMatchObject({ clearance: 'confidential/legal-hold,pii' });
  });

  it('gives a new model the clearance the API would, following the provider until one is chosen', async () => {
    const server = modelsServer([]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openAddForm();
    const level = () => within(form).getByRole('combobox', { name: 'Most sensitive level' });
    const all = () => within(form).getByRole('checkbox', { name: /^All categories/ });
    expect(level()).toHaveValue('Internal');
    expect(all()).not.toBeChecked();
    await userEvent.click(within(form).getByRole('radio', { name: /^Built-in/ }));
    expect(level()).toHaveValue('Restricted');
    expect(all()).toBeChecked();
    await userEvent.click(within(form).getByRole('radio', { name: /^Anthropic/ }));
    expect(level()).toHaveValue('Internal');

    // Once chosen, it stays whatever the provider.
    await userEvent.click(all());
    await userEvent.click(within(form).getByRole('radio', { name: /^Built-in/ }));
    expect(level()).toHaveValue('Internal');
    expect(all()).toBeChecked();
    fill(field(form, /^Name/), 'offline');
    await userEvent.click(within(form).getByRole('button', { name: 'Register model' }));
    await screen.findByTestId('models-notice');
    expect(requestsTo(server.requests, 'POST', '/api/v1/models')[0]?.body).toMatchObject({ provider: 'builtin', clearance: 'internal/*' });
  });

  it('refuses a category the catalogue does not have before sending, and shows the API’s refusal next to the field', async () => {
    const legacy = model({ ...hosted, clearance: 'confidential/legacy,pii' });
    const server = modelsServer([legacy], {
      'PUT /api/v1/models/hosted-general': () =>
        apiErrorResponse(422, 'invalid_input', "clearance: there is no category 'pii': add it under Labels first", { field: 'clearance' }),
    });
    renderApp('/admin?tab=models', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/models/hosted-general');

    const form = await openEditForm('hosted-general');
    const categories = await within(form).findByRole('group', { name: /^Special categories it may receive/ });
    // Kept, so that it can be taken off, and flagged.
    const legacyBox = await within(categories).findByRole('checkbox', { name: 'legacy' });
    expect(legacyBox).toBeChecked();
    expect(await within(form).findByTestId('model-clearance-unknown')).toHaveTextContent('legacy is not one of the organisation’s categories');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(categories).toHaveAccessibleDescription(/There is no category ‘legacy’: add it under Labels & policy first/);
    expect(categories).toHaveAttribute('aria-invalid', 'true');
    expect(puts()).toHaveLength(0);

    await userEvent.click(legacyBox);
    expect(categories).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByTestId('model-clearance-value')).toHaveTextContent('confidential/pii');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(categories).toHaveAccessibleDescription(/There is no category 'pii': add it under Labels first/));
    expect(puts()[0]?.body).toMatchObject({ clearance: 'confidential/pii' });
    expect(screen.queryByTestId('models-notice')).not.toBeInTheDocument();
  });

  it('tests a model, showing its answer with the time and tokens, or the provider’s error', async () => {
    let release: (trial: ModelTrial) => void = () => {};
    const server = modelsServer([builtin, secure], {
      'POST /api/v1/models/builtin/test': () =>
        new Promise<Response>((resolve) => {
          release = (trial) => resolve(json(200, trial));
        }),
      'POST /api/v1/models/private-secure/test': () =>
        json(200, { ok: false, answer: null, error: 'could not connect to http://llm.internal:8000/v1', input_tokens: 0, output_tokens: 0, latency_ms: 12 }),
    });
    renderApp('/admin?tab=models', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Test builtin' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test builtin' });
    expect(within(dialog).getByTestId('model-test-pending')).toHaveTextContent('Sending builtin a short question');
    expect(within(dialog).getByRole('button', { name: 'Test again' })).toBeDisabled();
    release({ ok: true, answer: 'OK', error: null, input_tokens: 9, output_tokens: 1, latency_ms: 3 });
    expect(await within(dialog).findByTestId('model-test-answer')).toHaveTextContent('OK');
    expect(within(dialog).getByTestId('model-test-facts')).toHaveTextContent('3 ms · 9 tokens in, 1 out');
    expect(requestsTo(server.requests, 'POST', '/api/v1/models/builtin/test')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Test builtin' })).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole('button', { name: 'Test private-secure' }));
    const failed = await screen.findByRole('dialog', { name: 'Test private-secure' });
    expect(await within(failed).findByTestId('model-test-error')).toHaveTextContent('could not connect to http://llm.internal:8000/v1');
    expect(failed).toHaveTextContent('It did not answer');
  });

  it('asks before deleting a model, saying that runs naming it will fail', async () => {
    const server = modelsServer([builtin, hosted]);
    renderApp('/admin?tab=models', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Actions for hosted-general' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the model hosted-general?' });
    expect(dialog).toHaveTextContent('Every run of a workflow that names hosted-general will fail from now on');
    expect(requestsTo(server.requests, 'DELETE', '/api/v1/models/hosted-general')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete model' }));

    expect(await screen.findByTestId('models-notice')).toHaveTextContent('The model hosted-general is deleted');
    expect(requestsTo(server.requests, 'DELETE', '/api/v1/models/hosted-general')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(screen.queryByTestId('model-row-hosted-general')).not.toBeInTheDocument());
    expect(screen.getByTestId('model-row-builtin')).toBeInTheDocument();
  });
});

describe('the impact of a change to a model’s policy', () => {
  const claimSummary = {
    workspace: 'claims',
    workflow: 'claim-summary',
    environment: 'dev',
    violations: [
      {
        path: 'steps[0]',
        step: 'summary',
        source: 'inputs.claim',
        label: 'confidential/pii',
        through: [],
        sink: 'the model private-secure',
        clearance: 'internal',
        message: 'inputs.claim is confidential/pii and reaches the model private-secure at step summary, but private-secure is cleared only for internal',
        fix: 'use a model cleared for confidential/pii (builtin), or do not send inputs.claim to step summary',
      },
    ],
  };
  const cleared = model({ ...secure, clearance: 'restricted/*', enabled: true, ready: true });

  async function lowerToInternal(form: HTMLElement) {
    const section = within(form).getByTestId('model-clearance');
    await userEvent.click(within(section).getByRole('checkbox', { name: /^All categories/ }));
    await userEvent.click(within(section).getByRole('combobox', { name: 'Most sensitive level' }));
    await userEvent.click(await screen.findByRole('option', { name: /^Internal/, hidden: true }));
    expect(within(section).getByTestId('model-clearance-value')).toHaveTextContent(/^internal$/);
  }

  it('names the workflows a lower clearance would break before saving, and saves only on “Save anyway”', async () => {
    const server = modelsServer([cleared], labelRoutes(undefined, () => [claimSummary]));
    renderApp('/admin?tab=models', server.fetch);
    const puts = () => requestsTo(server.requests, 'PUT', '/api/v1/models/private-secure');

    const form = await openEditForm('private-secure');
    await lowerToInternal(form);
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    const dialog = await screen.findByRole('dialog', { name: 'This change would put 1 workflow in violation of policy' });
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')[0]?.body).toEqual({
      model: 'private-secure',
      clearance: 'internal',
      all_workspaces: true,
      workspaces: [],
    });
    const card = within(dialog).getByTestId('impact-claims-claim-summary-dev');
    expect(card).toHaveTextContent('Claims / claim-summary');
    expect(card).toHaveTextContent('Development');
    expect(card).toHaveTextContent('inputs.claim is confidential/pii and reaches the model private-secure at step summary');
    expect(card).toHaveTextContent('Fix: use a model cleared for confidential/pii (builtin)');
    expect(puts()).toHaveLength(0);

    // Going back keeps the form as it was, unsaved.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Go back' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /in violation of policy/ })).not.toBeInTheDocument());
    expect(within(form).getByTestId('model-clearance-value')).toHaveTextContent(/^internal$/);
    expect(puts()).toHaveLength(0);

    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    const again = await screen.findByRole('dialog', { name: /in violation of policy/ });
    await userEvent.click(within(again).getByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByTestId('models-notice')).toHaveTextContent('Your changes to private-secure are saved');
    expect(puts()).toHaveLength(1);
    expect(puts()[0]?.body).toMatchObject({ clearance: 'internal' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /in violation of policy/ })).not.toBeInTheDocument());
  });

  it('saves at once when the change breaks nothing, and previews a change of workspaces too', async () => {
    const server = modelsServer([cleared]);
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('private-secure');
    await userEvent.click(within(form).getByRole('switch', { name: /^All workspaces/ }));
    await userEvent.click(within(form).getByRole('combobox', { name: /^Workspaces that may use it/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Claims', hidden: true }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByTestId('models-notice')).toHaveTextContent('Your changes to private-secure are saved');
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')[0]?.body).toEqual({
      model: 'private-secure',
      clearance: 'restricted/*',
      all_workspaces: false,
      workspaces: ['claims'],
    });
    expect(requestsTo(server.requests, 'PUT', '/api/v1/models/private-secure')).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: /in violation of policy/ })).not.toBeInTheDocument();
  });

  it('asks nothing when neither the clearance nor the workspaces change, nor for a new model', async () => {
    const server = modelsServer([cleared], labelRoutes(undefined, () => [claimSummary]));
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('private-secure');
    fill(field(form, /^Description/), 'Inside the network');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByTestId('models-notice')).toHaveTextContent('Your changes to private-secure are saved');

    const added = await openAddForm();
    fill(field(added, /^Name/), 'team-llm');
    await userEvent.click(within(added).getByRole('button', { name: 'Register model' }));
    expect(await screen.findByTestId('models-notice')).toHaveTextContent('The model team-llm is registered');
    expect(requestsTo(server.requests, 'POST', '/api/v1/policy/impact')).toHaveLength(0);
    expect(screen.queryByRole('dialog', { name: /in violation of policy/ })).not.toBeInTheDocument();
  });

  it('lets the change be saved anyway when the preview cannot be had', async () => {
    const server = modelsServer([cleared], {
      'POST /api/v1/policy/impact': () => apiErrorResponse(500, 'internal', 'Something went wrong on our side.'),
    });
    renderApp('/admin?tab=models', server.fetch);

    const form = await openEditForm('private-secure');
    await lowerToInternal(form);
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Paddock could not check what this change would break' });
    expect(dialog).toHaveTextContent('Something went wrong on our side.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByTestId('models-notice')).toHaveTextContent('Your changes to private-secure are saved');
  });
});

// End-to-end: an administrator connects Paddock to an HTTP API (here the Paddock server's own /healthz, reached
// through an allowed private range) with a credential that is never shown again, binds an alias to it in
// IT Service Desk's development environment, tests it, and deletes it with its binding. Then a database, a Slack
// channel and a Jira connection, which the server takes as the form sends them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const CONNECTION = 'e2e-tickets';
const ALIAS = 'e2e-desk';
const SECRET = 'e2e-token-0123456789abcdef';
const SLACK_HOOK = 'https://hooks.slack.com/services/T0E2E/B0E2E/e2e-webhook-secret';

describe('the administrator manages connections to outside systems', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('lists the demo connections next to Models, credentials never shown', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Connections' }).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    assert.equal(tabs.indexOf('Connections'), tabs.indexOf('Models') + 1);
    await page.getByRole('tab', { name: 'Connections' }).click();
    // The demo comes with its ticketing stand-in, a mail connection and a policies database.
    const sandbox = page.getByTestId('connection-row-tickets-sandbox');
    await sandbox.waitFor();
    assert.match(page.url(), /\?tab=connections$/);
    assert.equal((await sandbox.getByTestId('connection-credential-tickets-sandbox').innerText()).trim(), 'set');
    await page.getByTestId('connection-row-policies-db').waitFor();
    assert.ok(!(await page.content()).includes('demo-ticketing-token'), 'no credential on the page');
  });

  it('creates an HTTP connection with a credential, which is never shown again', async () => {
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByTestId('connection-form');
    await form.waitFor();
    assert.equal(await form.getByRole('radio', { name: /^HTTP API/ }).getAttribute('aria-checked'), 'true');
    await form.getByRole('textbox', { name: /^Name/ }).fill(CONNECTION);
    await form.getByRole('textbox', { name: /^Description/ }).fill('The ticketing sandbox, for the end-to-end test');
    // The server itself stands in for the ticketing tool: its health check answers 200.
    await form.getByRole('textbox', { name: /^Base URL/ }).fill(`${demo.baseUrl}/healthz`);
    await form.getByRole('combobox', { name: /^How Paddock signs in/ }).click();
    await page.getByRole('option', { name: 'Bearer token' }).click();
    await form.getByLabel(/^Credential/).fill(SECRET);
    await form
      .getByRole('textbox', { name: /^Actions \(JSON\)/ })
      .fill(JSON.stringify([{ name: 'health', access: 'read', description: 'Reads the health check', method: 'GET', path: '/' }], null, 2));

    const clearance = form.getByTestId('connection-write-clearance');
    await clearance.getByRole('combobox', { name: /^Most sensitive level it may be sent/ }).click();
    await page.getByRole('option', { name: /^Confidential/ }).click();
    await clearance.getByRole('group', { name: /^Special categories it may be sent/ }).getByText('pii', { exact: true }).click();
    assert.equal((await clearance.getByTestId('connection-write-clearance-value').innerText()).trim(), 'confidential/pii');

    // 127.0.0.1 is refused unless allowed: this is the private range the connection may reach.
    await form.getByRole('textbox', { name: /^Private address ranges it may reach/ }).fill('127.0.0.1/32');
    await form.getByRole('combobox', { name: /^Workspaces that may use it/ }).click();
    await page.getByRole('option', { name: 'IT Service Desk' }).click();
    await page.keyboard.press('Escape');
    await form.getByTestId('connection-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-form.png') });
    await form.getByTestId('connection-network').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-form-policy.png') });
    await form.getByRole('button', { name: 'Create connection' }).click();

    await page.getByTestId('connections-notice').filter({ hasText: `The connection ${CONNECTION} is created` }).waitFor();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId(`connection-row-${CONNECTION}`);
    await row.waitFor();
    assert.match(await row.innerText(), /HTTP API/);
    assert.match(await row.innerText(), /Switched on/);
    assert.equal((await row.getByTestId(`connection-credential-${CONNECTION}`).innerText()).trim(), 'set');
    assert.match(await row.getByTestId(`connection-where-${CONNECTION}`).innerText(), /IT Service Desk/);
    assert.match(await row.getByTestId(`connection-write-clearance-${CONNECTION}`).innerText(), /confidential\/pii/);
    assert.ok(!(await page.content()).includes(SECRET), 'the credential is nowhere on the page');

    await page.getByRole('button', { name: `Edit connection ${CONNECTION}` }).click();
    const edit = page.getByTestId('connection-form');
    const credential = edit.getByTestId('connection-credential');
    await credential.waitFor();
    assert.match(await credential.innerText(), /A credential is set/);
    assert.equal(await edit.getByRole('button', { name: 'Replace' }).count(), 1);
    assert.equal(await edit.getByRole('textbox', { name: /^Base URL/ }).inputValue(), `${demo.baseUrl}/healthz`);
    assert.ok(!(await page.content()).includes(SECRET), 'the credential is not in the form');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
  });

  it('binds an alias to it in IT Service Desk, development', async () => {
    const bindings = page.getByTestId('connection-bindings');
    await bindings.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: 'IT Service Desk' }).click();
    // The demo's own aliases are bound there already.
    await bindings.getByTestId('binding-row-tickets').waitFor();
    const form = bindings.getByTestId('bind-form');
    await form.getByRole('textbox', { name: 'Alias' }).fill(ALIAS);
    assert.equal(await form.getByRole('combobox', { name: 'Environment' }).inputValue(), 'Development');
    await form.getByRole('combobox', { name: 'Connection' }).click();
    await page.getByRole('option', { name: CONNECTION }).click();
    await form.getByRole('button', { name: 'Bind' }).click();

    await bindings.getByTestId('bindings-notice').filter({ hasText: `${ALIAS} now means ${CONNECTION} in Development` }).waitFor();
    const row = bindings.getByTestId(`binding-row-${ALIAS}`);
    await row.waitFor();
    assert.equal(await row.getByRole('combobox', { name: `${ALIAS} in Development` }).inputValue(), CONNECTION);
    assert.equal(await row.getByRole('combobox', { name: `${ALIAS} in Production` }).inputValue(), 'Not bound');
    await page.getByTestId(`connection-bindings-${CONNECTION}`).filter({ hasText: '1 binding' }).waitFor();
    await bindings.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-bindings.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connections.png') });
  });

  it('tests the connection: the system answers', async () => {
    await page.getByRole('button', { name: `Test connection ${CONNECTION}` }).click();
    const dialog = page.getByRole('dialog', { name: `Test ${CONNECTION}` });
    const result = dialog.getByTestId('connection-test-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
    assert.match(await result.innerText(), /It works/);
    assert.match(await dialog.getByTestId('connection-test-message').innerText(), /answered 200/);
    assert.ok(!(await page.content()).includes(SECRET), 'the credential is not in the test result');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-test.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('deletes the connection after saying that its binding goes with it', async () => {
    await page.getByRole('button', { name: `Actions for ${CONNECTION}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the connection ${CONNECTION}?` });
    const text = await dialog.innerText();
    assert.match(text, /Its binding goes with it/);
    assert.match(text, new RegExp(`${ALIAS} in IT Service Desk, Development`));
    await dialog.getByRole('button', { name: 'Delete connection' }).click();

    await page.getByTestId('connections-notice').filter({ hasText: `The connection ${CONNECTION} is deleted` }).waitFor();
    await page.getByTestId(`connection-row-${CONNECTION}`).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId(`connection-row-${CONNECTION}`).count(), 0);
  });

  it('creates a database, a Slack channel and a Jira connection, each in the shape the server takes', async () => {
    // From a fresh page, whatever the steps before left open.
    await page.goto(`${demo.baseUrl}/admin?tab=connections`);
    const openForm = async (kind) => {
      await page.getByRole('button', { name: 'New connection' }).first().click();
      const form = page.getByTestId('connection-form');
      await form.waitFor();
      await form.getByRole('radio', { name: kind }).click();
      return form;
    };
    const choose = async (form, label, option) => {
      await form.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option }).click();
    };
    const created = async (form, name) => {
      await form.getByRole('button', { name: 'Create connection' }).click();
      await page.getByTestId('connections-notice').filter({ hasText: `The connection ${name} is created` }).waitFor();
      await form.waitFor({ state: 'detached' });
      return (await page.getByTestId(`connection-kind-${name}`).innerText()).trim();
    };

    let form = await openForm(/^Database/);
    await form.getByRole('textbox', { name: /^Name/ }).fill('e2e-policies-db');
    await form.getByRole('textbox', { name: /^Database server/ }).fill('db.internal');
    await form.getByRole('textbox', { name: /^Database name/ }).fill('policies');
    await form.getByRole('textbox', { name: /^User name/ }).fill('reader');
    await choose(form, /^Encryption \(TLS\)/, /^Always/);
    await form.getByLabel(/^Credential/).fill('e2e-db-password');
    await form.getByRole('textbox', { name: /^Actions \(JSON\)/ }).fill(
      JSON.stringify(
        [{ name: 'find_policy', access: 'read', statement: 'SELECT holder FROM policies WHERE number = $1', parameters: ['{{ input.number }}'] }],
        null,
        2,
      ),
    );
    await form.getByTestId('connection-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-form-database.png') });
    assert.equal(await created(form, 'e2e-policies-db'), 'Database (PostgreSQL) · db.internal:5432');

    form = await openForm(/^Chat channel/);
    await form.getByRole('textbox', { name: /^Name/ }).fill('e2e-alerts');
    assert.match(await form.getByTestId('webhook-address-note').innerText(), /The address is a secret/);
    await form.getByLabel(/^Webhook address/).fill(SLACK_HOOK);
    await form.getByTestId('connection-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-form-webhook.png') });
    assert.equal(await created(form, 'e2e-alerts'), 'Chat channel (Slack)');
    assert.ok(!(await page.content()).includes('e2e-webhook-secret'), 'the webhook address is nowhere on the page');
    // Testing a webhook checks its address without posting.
    await page.getByRole('button', { name: 'Test connection e2e-alerts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test e2e-alerts' });
    const result = dialog.getByTestId('connection-test-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
    assert.match(await dialog.getByTestId('connection-test-message').innerText(), /nothing was posted/);
    assert.ok(!(await page.content()).includes('e2e-webhook-secret'), 'the webhook address is not in the test result');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    form = await openForm(/^Ticketing system/);
    await form.getByRole('textbox', { name: /^Name/ }).fill('e2e-jira');
    await form.getByRole('textbox', { name: /^Address/ }).fill('https://acme.atlassian.net');
    await form.getByRole('textbox', { name: /^Project/ }).fill('IT');
    await form.getByRole('textbox', { name: /^User name/ }).fill('bot@acme.example');
    await form.getByLabel(/^Credential/).fill('e2e-jira-token');
    await form.getByRole('checkbox', { name: /^All actions/ }).click();
    await form.getByTestId('connection-allowed-actions').getByRole('checkbox', { name: /^update/ }).click();
    await form.getByTestId('connection-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connection-form-ticketing.png') });
    assert.equal(await created(form, 'e2e-jira'), 'Ticketing (Jira) · acme.atlassian.net');

    // The server declares the built-in actions and keeps the choice.
    const response = await page.request.get(`${demo.baseUrl}/api/v1/connections`);
    const { connections } = await response.json();
    const jira = connections.find((c) => c.name === 'e2e-jira');
    assert.deepEqual(
      jira.actions.map((a) => a.name),
      ['create', 'update', 'comment', 'fetch'],
    );
    assert.deepEqual(jira.allowed_actions, ['create', 'comment', 'fetch']);
    assert.deepEqual(connections.find((c) => c.name === 'e2e-policies-db').actions.map((a) => a.name), ['find_policy']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connections-kinds.png') });
  });
});

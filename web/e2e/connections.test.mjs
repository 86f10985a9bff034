// End-to-end: an administrator connects Paddock to an HTTP API (here the Paddock server's own /healthz, reached
// through an allowed private range) with a credential that is never shown again, binds the alias `tickets` to it in
// IT Service Desk's development environment, tests it, and deletes it with its binding.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const CONNECTION = 'tickets-sandbox';
const SECRET = 'e2e-token-0123456789abcdef';

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

  it('explains connections when there are none, next to Models', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    const tabs = await page.getByRole('tab').allInnerTexts();
    assert.equal(tabs.indexOf('Connections'), tabs.indexOf('Models') + 1);
    await page.getByRole('tab', { name: 'Connections' }).click();
    const empty = page.getByTestId('connections-empty');
    await empty.waitFor();
    assert.match(page.url(), /\?tab=connections$/);
    assert.match(await empty.innerText(), /workflows name a connection by alias/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-connections-empty.png') });
  });

  it('creates an HTTP connection with a credential, which is never shown again', async () => {
    await page.getByTestId('connections-empty').getByRole('button', { name: 'New connection' }).click();
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
    await clearance.getByRole('textbox', { name: /^Special categories it may be sent/ }).fill('pii');
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

  it('binds the alias tickets to it in IT Service Desk, development', async () => {
    const bindings = page.getByTestId('connection-bindings');
    await bindings.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: 'IT Service Desk' }).click();
    await bindings.getByTestId('bindings-empty').waitFor();
    const form = bindings.getByTestId('bind-form');
    await form.getByRole('textbox', { name: 'Alias' }).fill('tickets');
    assert.equal(await form.getByRole('combobox', { name: 'Environment' }).inputValue(), 'Development');
    await form.getByRole('combobox', { name: 'Connection' }).click();
    await page.getByRole('option', { name: CONNECTION }).click();
    await form.getByRole('button', { name: 'Bind' }).click();

    await bindings.getByTestId('bindings-notice').filter({ hasText: `tickets now means ${CONNECTION} in Development` }).waitFor();
    const row = bindings.getByTestId('binding-row-tickets');
    await row.waitFor();
    assert.equal(await row.getByRole('combobox', { name: 'tickets in Development' }).inputValue(), CONNECTION);
    assert.equal(await row.getByRole('combobox', { name: 'tickets in Production' }).inputValue(), 'Not bound');
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
    assert.match(text, /tickets in IT Service Desk, Development/);
    await dialog.getByRole('button', { name: 'Delete connection' }).click();

    await page.getByTestId('connections-notice').filter({ hasText: `The connection ${CONNECTION} is deleted` }).waitFor();
    await page.getByTestId('connections-empty').waitFor();
    assert.equal(await page.getByTestId(`connection-row-${CONNECTION}`).count(), 0);
  });
});

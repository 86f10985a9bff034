// End-to-end: an administrator gives a group a role and a person joins it; that person then uses an API key.
// Then the administrator gives a service account a role and a key that acts as it, and sees who works in a workspace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, SCREENSHOTS, startDemo } from './harness.mjs';

const GROUP = 'E2E auditors';
const CONSUMER = 'consumer@demo.local';
const SERVICE_ACCOUNT = 'E2E claims export';
const SERVICE_ADDRESS = 'e2e-claims-export@service-account.invalid';

describe('groups grant roles, and API keys act as their holder', () => {
  let demo;
  let page;
  let baseUrl;
  /** The consumer's page, in a browser context of its own. */
  let consumer;

  before(async () => {
    demo = await startDemo();
    ({ page, baseUrl } = demo);
  });

  after(async () => {
    await consumer?.context().close();
    await demo?.stop();
  });

  async function choose(scope, label, option) {
    await scope.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  /** Calls GET /api/v1/me with an API key, outside the browser. */
  async function meWithKey(token) {
    const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  /** Calls GET /api/v1/me with an API key from the administrator's page, without its session cookie. */
  async function meWithKeyFromPage(token) {
    return page.evaluate(async (bearer) => {
      const response = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${bearer}` }, credentials: 'omit' });
      return { status: response.status, body: await response.json().catch(() => null) };
    }, token);
  }

  it('creates a group, grants it auditor across the organisation and adds the consumer', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Groups' }).click();
    const table = page.getByTestId('groups-table');
    await table.waitFor();
    assert.match(await table.getByTestId('group-row-Claims builders').innerText(), /Builder · Claims/);

    await page.getByRole('button', { name: 'Create group' }).click();
    const form = page.getByTestId('create-group-form');
    await form.getByRole('textbox', { name: /Name/ }).fill(GROUP);
    await form.getByRole('textbox', { name: /Description/ }).fill('Read the audit trail for the yearly review');
    await form.getByRole('button', { name: 'Create group' }).click();
    await page.getByTestId('groups-notice').waitFor();

    // The new group opens at once.
    const drawer = page.getByTestId('group-drawer');
    await drawer.waitFor();
    const grantForm = drawer.getByTestId('grant-form');
    await choose(grantForm, /^Role/, /^Auditor/);
    await grantForm.getByRole('button', { name: 'Add role' }).click();
    await drawer.getByTestId('group-roles').getByText('Auditor · Organisation').waitFor();

    const picker = drawer.getByRole('combobox', { name: 'Person to add' });
    await picker.click();
    await picker.fill('casey');
    await page.getByRole('option', { name: /Casey Consumer/ }).click();
    await drawer.getByRole('button', { name: 'Add', exact: true }).click();
    await drawer.getByTestId(`member-${CONSUMER}`).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-groups.png') });

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    const row = table.getByTestId(`group-row-${GROUP}`);
    assert.match(await row.innerText(), /1 person/);
    assert.match(await row.innerText(), /Auditor · Organisation/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-groups-list.png') });

    // The consumer's row now shows the role as coming through the group.
    await page.getByRole('tab', { name: 'Users' }).click();
    const inherited = page.getByTestId(`user-row-${CONSUMER}`).locator(`[data-via-group="${GROUP}"]`);
    assert.match(await inherited.innerText(), /Auditor · Organisation/);
    await inherited.hover();
    await page.getByText(`Through group ${GROUP}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users-inherited.png') });

    // The Roles dialog lists the inherited role read-only, with its group.
    await page.getByRole('button', { name: `Actions for ${CONSUMER}` }).click();
    await page.getByRole('menuitem', { name: 'Roles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roles of Casey Consumer' });
    const inheritedRoles = dialog.getByTestId('inherited-roles');
    assert.match(await inheritedRoles.innerText(), new RegExp(`Auditor · Organisation\\s*through group ${GROUP}`));
    assert.equal(await inheritedRoles.getByRole('button').count(), 0, 'inherited roles cannot be removed here');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-user-roles.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the consumer the Audit section through the group', async () => {
    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    consumer = await context.newPage();
    consumer.setDefaultTimeout(10_000);
    await consumer.goto(`${baseUrl}/sign-in`);
    await consumer.locator('input[name="email"]').fill(CONSUMER);
    await consumer.locator('input[name="password"]').fill(PASSWORD);
    await consumer.getByRole('button', { name: 'Sign in' }).click();
    await consumer.getByTestId('nav-audit').waitFor();
    await consumer.getByTestId('nav-audit').click();
    await consumer.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
  });

  it('creates an API key that works until it is revoked', async () => {
    await consumer.getByTestId('user-menu').click();
    await consumer.getByTestId('api-keys').click();
    await consumer.waitForURL(/\/settings\/api-keys$/);
    await consumer.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await consumer.getByTestId('api-keys-empty').waitFor();

    await consumer.getByRole('button', { name: 'Create key' }).click();
    const form = consumer.getByTestId('create-api-key-form');
    await form.getByRole('textbox', { name: /Name/ }).fill('E2E script');
    await form.getByRole('combobox', { name: /^Expires after/ }).click();
    await consumer.getByRole('option', { name: '30 days' }).click();
    await form.getByRole('button', { name: 'Create key' }).click();

    const created = consumer.getByTestId('api-key-created');
    await created.waitFor();
    assert.match(await created.innerText(), /Copy it now: you won't be able to see it again/);
    const token = (await created.getByTestId('api-key-token').innerText()).trim();
    assert.match(token, /^pdk_/);
    assert.match(await created.innerText(), new RegExp(`Authorization: Bearer ${token}" ${baseUrl}/api/v1/me`));
    await consumer.screenshot({ path: join(SCREENSHOTS, 'api-keys-token.png') });

    const me = await meWithKey(token);
    assert.equal(me.status, 200, 'the key signs the request in');
    assert.equal(me.body.user.email, CONSUMER);

    await created.getByRole('button', { name: 'I have copied it' }).click();
    await created.waitFor({ state: 'detached' });
    const row = consumer.getByTestId('api-key-row-E2E script');
    await row.waitFor();
    assert.match(await row.innerText(), /Everything you can do/);
    assert.match(await row.innerText(), /Active/);
    assert.ok(!(await consumer.locator('body').innerText()).includes(token), 'the token is not shown again');
    await consumer.screenshot({ path: join(SCREENSHOTS, 'api-keys.png') });

    await row.getByRole('button', { name: 'Revoke E2E script' }).click();
    const dialog = consumer.getByRole('dialog', { name: 'Revoke the key “E2E script”?' });
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Revoked').waitFor();
    assert.equal((await meWithKey(token)).status, 401, 'a revoked key is refused');
    await consumer.screenshot({ path: join(SCREENSHOTS, 'api-keys-revoked.png') });
  });

  it('gives a service account a role in Claims and a key that acts as it, until it is disabled', async () => {
    await page.getByRole('tab', { name: 'API keys' }).click();
    const section = page.getByTestId('service-accounts');
    // The demo's own service account is listed.
    await section.getByTestId('service-account-row-claims-intake@service-account.invalid').waitFor();

    await section.getByRole('button', { name: 'New service account' }).click();
    const form = page.getByTestId('create-service-account-form');
    await form.getByRole('textbox', { name: /^Display name/ }).fill(SERVICE_ACCOUNT);
    assert.equal(await form.getByRole('textbox', { name: /^Short name/ }).inputValue(), 'e2e-claims-export');
    await form.getByRole('textbox', { name: /^Description/ }).fill('Exports claims every night; looked after by the e2e suite');
    await form.getByRole('button', { name: 'Create service account' }).click();
    await page.getByTestId('service-accounts-notice').waitFor();

    // The new service account opens at once.
    const drawer = page.getByTestId('service-account-drawer');
    await drawer.waitFor();
    const grantForm = drawer.getByTestId('grant-form');
    await choose(grantForm, /^Role/, /^Consumer/);
    await choose(grantForm, /^Workspace/, /^Claims/);
    await grantForm.getByRole('button', { name: 'Add role' }).click();
    await drawer.getByTestId('service-account-roles').getByText('Consumer · Claims').waitFor();

    await drawer.getByRole('button', { name: 'New key' }).click();
    const dialog = page.getByRole('dialog', { name: `New key for ${SERVICE_ACCOUNT}` });
    await dialog.getByRole('textbox', { name: /Name/ }).fill('Nightly export');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const created = dialog.getByTestId('api-key-created');
    await created.waitFor();
    const token = (await created.getByTestId('api-key-token').innerText()).trim();
    assert.match(token, /^pdk_/);
    await page.screenshot({ path: join(SCREENSHOTS, 'service-account-token.png') });

    const me = await meWithKeyFromPage(token);
    assert.equal(me.status, 200, 'the key signs the request in');
    assert.equal(me.body.user.email, SERVICE_ADDRESS, 'the key acts as the service account, not the administrator');

    await created.getByRole('button', { name: 'I have copied it' }).click();
    await dialog.waitFor({ state: 'detached' });
    await drawer.getByTestId('api-key-row-Nightly export').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(token), 'the token is not shown again');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'service-account.png') });

    await drawer.getByRole('button', { name: 'Disable' }).click();
    const confirm = page.getByRole('dialog', { name: `Disable ${SERVICE_ACCOUNT}?` });
    await confirm.getByRole('button', { name: 'Disable' }).click();
    await confirm.waitFor({ state: 'detached' });
    await drawer.getByRole('button', { name: 'Enable' }).waitFor();
    assert.equal((await meWithKeyFromPage(token)).status, 401, "a disabled service account's key is refused");

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    const row = section.getByTestId(`service-account-row-${SERVICE_ADDRESS}`);
    assert.match(await row.innerText(), /Consumer · Claims/);
    assert.match(await row.innerText(), /Disabled/);
    await page.screenshot({ path: join(SCREENSHOTS, 'service-accounts.png') });
  });

  it('shows who works in Claims: groups, people and service accounts', async () => {
    await page.getByRole('tab', { name: 'Workspaces' }).click();
    await page.getByTestId('workspaces-table').waitFor();
    await page.getByRole('button', { name: 'Open workspace Claims' }).click();
    const drawer = page.getByTestId('workspace-drawer');
    const grants = drawer.getByTestId('workspace-grants');
    await grants.waitFor();
    await grants.getByText('Claims builders', { exact: true }).waitFor();
    await grants.getByText('Claims intake mailbox', { exact: true }).waitFor();
    await grants.getByText(SERVICE_ACCOUNT, { exact: true }).waitFor();
    assert.ok((await grants.getByText('Service account', { exact: true }).count()) >= 2, 'service accounts are marked');
    await drawer.getByTestId('workspace-members').waitFor();
    assert.match(await drawer.getByTestId('workspace-members').innerText(), /via Claims builders/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-workspace.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });
});

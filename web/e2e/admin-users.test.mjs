// End-to-end: an administrator creates an account through Admin → Users, then disables it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PASSWORD as DEMO_PASSWORD, SCREENSHOTS, startDemo } from './harness.mjs';

const EMAIL = 'sam.builder@demo.local';
const PASSWORD = 'correct horse battery staple';

describe('the administrator manages accounts', () => {
  let demo;
  let page;
  let baseUrl;

  before(async () => {
    demo = await startDemo();
    ({ page, baseUrl } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  /** Signs in through the API, outside the browser, and answers the HTTP status. */
  async function apiSignIn(email, password) {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function choose(label, option) {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  it('creates a builder in Claims, sees them in the table, disables them and their sign-in fails', async () => {
    // Tall enough for every account of the demo.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    const table = page.getByTestId('users-table');
    await table.waitFor();
    const admin = table.getByTestId('user-row-admin@demo.local');
    assert.match(await admin.innerText(), /Admin · Organisation/);
    assert.ok((await table.locator('tbody tr').count()) >= 7, 'every demo account is listed');

    await page.getByRole('button', { name: 'Create user' }).click();
    const form = page.getByTestId('create-user-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: /E-mail/ }).fill(EMAIL);
    await form.getByRole('textbox', { name: /Display name/ }).fill('Sam Builder');
    await form.getByLabel(/^Password/).fill(PASSWORD);
    await choose(/^Role/, /^Builder/);
    await choose(/^Workspace/, /^Claims/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users-create.png') });
    await form.getByRole('button', { name: 'Create user' }).click();

    await page.getByTestId('users-notice').waitFor();
    assert.match(await page.getByTestId('users-notice').innerText(), /Sam Builder \(sam\.builder@demo\.local\) can now sign in/);
    const row = table.getByTestId(`user-row-${EMAIL}`);
    await row.waitFor();
    assert.match(await row.innerText(), /Builder · Claims/);
    assert.match(await row.innerText(), /Active/);
    assert.equal((await apiSignIn(EMAIL, PASSWORD)).status, 200, 'the new account can sign in');

    await page.getByRole('button', { name: `Actions for ${EMAIL}` }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable Sam Builder?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /signed out everywhere at once/);
    await dialog.getByRole('button', { name: 'Disable and sign out' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Disabled').waitFor();

    const refused = await apiSignIn(EMAIL, PASSWORD);
    assert.notEqual(refused.status, 200, 'a disabled account cannot sign in');
    assert.ok(refused.body.error?.message, 'the refusal carries a message');

    await page.getByLabel('Search users').fill('sam.b');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="users-table"] tbody tr').length === 1);
    await page.getByLabel('Search users').fill('');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users.png') });
  });

  it('cannot disable the own account', async () => {
    await page.getByLabel('Search users').fill('');
    await page.getByRole('button', { name: 'Actions for admin@demo.local' }).click();
    const disable = page.getByRole('menuitem', { name: 'Disable' });
    assert.equal(await disable.getAttribute('aria-disabled'), 'true');
    await page.keyboard.press('Escape');
  });

  it('changes the own password from the user menu, refusing a wrong current one', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('change-password').click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel(/^Current password/).fill('not my password');
    await dialog.getByLabel(/^New password/).fill(PASSWORD);
    await dialog.getByLabel(/^Repeat the new password/).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('The current password is not correct').waitFor();
    // Let the button's label slide back from its loading state before the picture.
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'change-password.png') });

    await dialog.getByLabel(/^Current password/).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByTestId('password-changed').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    assert.equal((await apiSignIn('admin@demo.local', PASSWORD)).status, 200, 'the new password works');
  });

  it('opens the Workspaces tab, listing the demo workspaces', async () => {
    await page.getByRole('tab', { name: 'Workspaces' }).click();
    await page.getByTestId('workspaces-table').waitFor();
    assert.match(page.url(), /\/admin\?tab=workspaces$/);
    assert.match(await page.getByTestId('workspace-row-claims').innerText(), /Claims/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-workspaces.png') });
  });
});

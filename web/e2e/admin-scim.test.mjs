// End-to-end: an administrator issues a SCIM token; an identity provider uses it to provision a person.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const SCIM_EMAIL = 'scim.person@example.com';

describe('SCIM provisioning', () => {
  let demo;
  let page;
  let baseUrl;
  /** The SCIM token read from the modal. */
  let token;

  before(async () => {
    demo = await startDemo();
    ({ page, baseUrl } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('issues a token in Admin that lets the identity provider create a person', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Single sign-on & SCIM' }).click();
    assert.match(page.url(), /\/admin\?tab=sso$/);
    assert.equal((await page.getByTestId('scim-base-url').innerText()).trim(), `${baseUrl}/scim/v2`);
    await page.getByTestId('scim-tokens-empty').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-scim-empty.png') });

    await page.getByRole('button', { name: 'Create token' }).click();
    const created = page.getByTestId('scim-token-created');
    await created.waitFor();
    assert.match(await created.innerText(), /Copy it now: you won't be able to see it again/);
    assert.equal((await created.getByTestId('scim-token-base-url').innerText()).trim(), `${baseUrl}/scim/v2`);
    token = (await created.getByTestId('scim-token-value').innerText()).trim();
    assert.ok(token.length > 20, `a token, not ${token}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-scim-token.png') });

    await created.getByRole('button', { name: 'I have copied it' }).click();
    await created.waitFor({ state: 'detached' });
    const table = page.getByTestId('scim-tokens-table');
    await table.waitFor();
    assert.match(await table.innerText(), /Active/);
    assert.ok(!(await page.locator('body').innerText()).includes(token), 'the token is not shown again');

    const response = await fetch(`${baseUrl}/scim/v2/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ userName: SCIM_EMAIL, displayName: 'Scim Person', active: true }),
    });
    assert.equal(response.status, 201, await response.clone().text());

    await page.reload();
    await page.getByTestId('scim-tokens-table').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-scim.png') });

    await page.getByRole('tab', { name: 'Users' }).click();
    const row = page.getByTestId(`user-row-${SCIM_EMAIL}`);
    await row.waitFor();
    assert.match(await row.innerText(), /Scim Person/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-scim-user.png') });
  });

  it('refuses the identity provider once the token is revoked', async () => {
    await page.getByRole('tab', { name: 'Single sign-on & SCIM' }).click();
    const table = page.getByTestId('scim-tokens-table');
    await table.getByRole('button', { name: /^Revoke / }).click();
    const dialog = page.getByRole('dialog', { name: /^Revoke the SCIM token/ });
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await dialog.waitFor({ state: 'detached' });
    await table.getByText('Revoked').waitFor();
    await page.getByTestId('scim-notice').waitFor();
    const refused = await fetch(`${baseUrl}/scim/v2/Users`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401, 'a revoked token is refused');
  });
});

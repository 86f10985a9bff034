// End-to-end: the real `paddock` binary in demo mode, driven through headless Chromium.
// Run with `PADDOCK_BIN=/path/to/paddock npm run e2e`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const ALL_SECTIONS = ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'];

describe('navigation follows the permissions of each demo user', () => {
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

  const signIn = (email, password) => demo.signIn(email, password);
  const signOut = () => demo.signOut();

  async function navigation() {
    await page.locator('[data-testid^="nav-"]').first().waitFor();
    return page
      .locator('[data-testid^="nav-"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-testid').slice('nav-'.length)));
  }

  it('shows the admin every section, in order, and signs out through the user menu', async () => {
    await signIn('admin@demo.local');
    assert.deepEqual(await navigation(), ALL_SECTIONS);
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-build.png') });

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-user-menu.png') });
    await page.keyboard.press('Escape');

    await signOut();
    assert.match(page.url(), /\/sign-in$/);
  });

  it('shows a consumer only Apps, and no access to Admin', async () => {
    await signIn('consumer@demo.local');
    assert.deepEqual(await navigation(), ['apps']);
    await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor();
    assert.match(page.url(), /\/apps$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'consumer-apps.png') });

    await page.goto(`${baseUrl}/admin`);
    await page.getByTestId('no-access').waitFor();
    assert.equal(await page.getByTestId('nav-admin').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'consumer-admin-no-access.png') });

    await signOut();
  });

  it('keeps the user on sign-in with the error message on a wrong password', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    await signIn('admin@demo.local', 'not-the-password');
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    const message = await alert.innerText();
    assert.match(message, /\w/, 'the API message is shown');
    assert.doesNotMatch(message, /\b401\b/, 'no raw status is shown');
    assert.match(page.url(), /\/sign-in$/);
    assert.equal(await page.locator('[data-testid^="nav-"]').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-error.png') });
  });
});

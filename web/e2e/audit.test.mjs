// End-to-end: the audit trail of a fresh demo server, as the auditor sees it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

describe('the auditor reads and verifies the audit trail', () => {
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

  it('lists the demo accounts and the own sign-in, opens an event and verifies the chain', async () => {
    await demo.signIn('auditor@demo.local');
    await page.getByTestId('nav-audit').click();
    await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
    assert.match(page.url(), /\/audit$/);

    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const signedIn = rows.filter({ hasText: 'Signed in' }).filter({ hasText: 'auditor@demo.local' });
    assert.equal(await signedIn.count(), 1, "the auditor's own sign-in is recorded");
    assert.equal(await signedIn.getByText('Success').count(), 1);

    // Tall enough for the whole drawer and table; a full-page shot would cut the fixed navbar.
    await page.setViewportSize({ width: 1280, height: 1100 });
    await signedIn.click();
    const drawer = page.getByTestId('audit-drawer');
    await drawer.waitFor();
    assert.match(await drawer.innerText(), /auth\.sign_in/);
    assert.match(await drawer.innerText(), /127\.0\.0\.1/);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-event.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Verify now' }).click();
    const intact = page.getByTestId('chain-intact');
    await intact.waitFor();
    assert.match(await intact.innerText(), /Intact — \d+ events verified/);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png') });

    // Each demo account was audited as it was made, further back than the newest events.
    await page.goto(`${baseUrl}/audit?action=user.created`);
    const created = page.getByTestId('audit-table').locator('tbody tr');
    await created.first().waitFor();
    assert.ok((await created.filter({ hasText: 'Account created' }).count()) >= 7, 'one event per demo account');
  });

  it('filters by outcome through the URL', async () => {
    await page.goto(`${baseUrl}/audit?action=auth.sign_in`);
    await page.getByTestId('audit-table').waitFor();
    const actions = await page.getByTestId('audit-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
    assert.ok(actions.length >= 1);
    assert.deepEqual([...new Set(actions)], ['Signed in']);

    await page.getByText('Denied', { exact: true }).click();
    await page.getByTestId('audit-no-match').waitFor();
    assert.match(page.url(), /outcome=denied/);
  });

  it('exports the trail as JSON lines', async () => {
    const response = await page.request.get(`${baseUrl}/api/v1/audit/export`);
    assert.equal(response.status(), 200);
    const lines = (await response.text()).trim().split('\n');
    assert.ok(lines.length >= 8);
    assert.equal(JSON.parse(lines[0]).seq, 1);
  });
});

// End-to-end: a builder opens the demo's ticket-triage draft from Build, tries it, changes it and saves it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

describe('the builder works on a workflow draft', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('opens ticket-triage, runs it as a test to an outage, then saves a new description as revision 2', async () => {
    await demo.signIn('builder@demo.local');
    await page.getByTestId('nav-build').click();
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();

    await page.getByTestId('workspace-select').click();
    await page.getByRole('option', { name: 'IT Service Desk' }).click();
    const row = page.getByTestId('draft-row-ticket-triage');
    await row.waitFor();
    assert.match(await row.innerText(), /Sorts an incoming IT ticket/);
    assert.equal(await row.getByTestId('draft-status').textContent(), 'Valid');
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-list.png') });

    await row.getByRole('link', { name: 'ticket-triage' }).click();
    await page.waitForURL(/\/build\/it-service-desk\/ticket-triage$/);
    await page.getByRole('heading', { level: 1, name: 'ticket-triage' }).waitFor();
    const editor = page.getByLabel('Workflow definition');
    assert.match(await editor.inputValue(), /^name: ticket-triage$/m);
    // Opened, the draft is checked at once, so its run form is there.
    await page.getByTestId('check-ok').waitFor();
    assert.match(await page.getByTestId('save-status').innerText(), /Saved \(revision 1\)/);
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-open.png') });

    await page.getByLabel(/^Subject/).fill('VPN down for everyone');
    await page.getByLabel(/^Body/).fill('The VPN is down and nobody can connect to the network.');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByRole('heading', { level: 1, name: 'ticket-triage' }).waitFor();
    await page.getByTestId('run-result').waitFor({ timeout: 30_000 });
    await page.getByText('Succeeded', { exact: true }).first().waitFor();
    assert.match(await page.getByTestId('run-outputs').innerText(), /outage/);
    assert.equal(await page.getByTestId('step-node-page_oncall').getAttribute('data-status'), 'succeeded');

    await page.goBack();
    await page.waitForURL(/\/build\/it-service-desk\/ticket-triage$/);
    await page.getByTestId('check-ok').waitFor();
    const text = await editor.inputValue();
    const changed = text.replace(/^description: .*$/m, 'description: Sorts IT tickets and pages on-call for outages.');
    assert.notEqual(changed, text);
    await editor.fill(changed);
    assert.match(await page.getByTestId('save-status').innerText(), /Unsaved changes/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('save-status').getByText('Saved (revision 2)').waitFor();
    assert.match(await page.getByTestId('draft-saved').innerText(), /Revision 2, by builder@demo\.local/);
    assert.equal(await editor.inputValue(), changed);

    await page.getByRole('link', { name: 'All workflows' }).click();
    await row.getByText('Sorts IT tickets and pages on-call for outages.').waitFor();
    assert.match(await row.innerText(), /Revision 2, by builder@demo\.local/);
  });
});

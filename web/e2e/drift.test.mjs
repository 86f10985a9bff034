// End-to-end: lowering the built-in model's clearance makes the demo's live ticket-triage break policy in every
// environment. Every page then says so; an admin reviews the list and grants prod a time-limited exception, which the
// notice and the pipeline show; a builder sees the notice but may not grant exceptions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, modelForm, startDemo } from './harness.mjs';



describe('a policy change makes live deployments break policy', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  const notice = (environment) =>
    page.getByTestId('drift-notice').filter({ has: page.getByTestId('drift-notice-where').filter({ hasText: environment }) });

  it('shows nothing while every live deployment complies', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('user-menu').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByTestId('drift-banner').count(), 0);
  });

  it("tells an admin once the built-in model is cleared too low for ticket triage's inputs, and grants prod an exception", async () => {
    const admin = await apiSession(demo.baseUrl, 'admin@demo.local');
    const before = await admin('GET', '/api/v1/models/builtin');
    const lowered = await admin('PUT', '/api/v1/models/builtin', modelForm(before, { all_workspaces: true, clearance: 'public' }));
    assert.equal(lowered.clearance, 'public');
    assert.equal(lowered.description, before.description);
    const drift = await admin('GET', '/api/v1/policy-drift');
    assert.deepEqual(drift.drifted.map((item) => `${item.workflow}@${item.environment}`).sort(), [
      'ticket-triage@dev',
      'ticket-triage@prod',
      'ticket-triage@staging',
    ]);

    // Every page says so, at the next look (at most a minute) or on reload.
    await page.reload();
    const banner = page.getByTestId('drift-banner');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-state'), 'breaking');
    assert.equal(await banner.getByTestId('drift-banner-text').innerText(), '3 live deployments break policy after a policy change');
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-banner.png') });

    await banner.getByRole('button', { name: 'Review' }).click();
    const drawer = page.getByTestId('drift-drawer');
    await drawer.waitFor();
    assert.equal(await drawer.getByTestId('drift-notice').count(), 3);
    // Up the chain: dev, staging, prod.
    assert.deepEqual(await drawer.getByTestId('drift-notice-where').allInnerTexts(), [
      'IT Service Desk · Development · v2',
      'IT Service Desk · Staging · v1',
      'IT Service Desk · Production · v1',
    ]);
    const prod = notice('Production');
    await prod.waitFor();
    assert.equal(await prod.getByTestId('drift-notice-workflow').innerText(), 'ticket-triage');
    assert.equal(await prod.getByTestId('drift-notice-where').innerText(), 'IT Service Desk · Production · v1');
    assert.match(await prod.getByTestId('drift-violations').innerText(), /reaches the model builtin at step kind, but builtin is cleared only for public/);
    assert.match(await prod.getByTestId('drift-violations').innerText(), /How to fix it: Use a model cleared for internal/);
    assert.equal(await prod.getAttribute('data-state'), 'breaking');
    assert.equal(
      await prod.getByRole('link', { name: 'Open pipeline' }).getAttribute('href'),
      '/build/it-service-desk/ticket-triage?tab=pipeline',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-drawer.png') });

    // Grant prod an exception, for the default week.
    await prod.getByRole('button', { name: 'Grant exception…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grant an exception to ticket-triage in Production' });
    await dialog.waitFor();
    const until = await dialog.getByTestId('grant-exception-until').inputValue();
    const week = Date.now() + 7 * 24 * 60 * 60 * 1000;
    assert.ok(Math.abs(new Date(until).getTime() - week) < 5 * 60 * 1000, `the end ${until} is a week ahead`);
    await dialog.getByRole('button', { name: 'Grant exception' }).click();
    await dialog.getByText('Say why it may keep running').waitFor();
    await dialog.getByLabel(/Reason/).fill('The model is being re-assessed for internal data');
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-grant.png') });
    await dialog.getByRole('button', { name: 'Grant exception' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('drift-done').filter({ hasText: 'ticket-triage in Production runs under an exception until' }).waitFor();

    // Now calmer and apart: under the exception, no longer counted as breaking policy.
    await prod.and(page.locator('[data-state="excepted"]')).waitFor();
    assert.match(
      await prod.getByTestId('drift-notice-exception').innerText(),
      /^Exception until .+ — The model is being re-assessed for internal data — granted by admin@demo\.local$/,
    );
    assert.equal(await prod.getByRole('button', { name: 'Grant a new exception…' }).count(), 1);
    await banner.getByTestId('drift-banner-text').filter({ hasText: '2 live deployments break policy after a policy change' }).waitFor();
    assert.equal(await banner.getByTestId('drift-banner-excepted').innerText(), '1 deployment runs under a policy exception');
    await prod.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-exception.png') });

    // The server has it too.
    const granted = (await admin('GET', '/api/v1/policy-drift')).drifted.find((item) => item.environment === 'prod');
    assert.equal(granted.exception.reason, 'The model is being re-assessed for internal data');
    assert.equal(granted.exception.granted_by, 'admin@demo.local');

    // The pipeline marks each environment, and prod's exception.
    await prod.getByRole('link', { name: 'Open pipeline' }).click();
    await page.waitForURL(/\/build\/it-service-desk\/ticket-triage\?tab=pipeline$/);
    const prodStage = page.getByTestId('stage-prod');
    await prodStage.getByTestId('stage-drift-badge').waitFor();
    assert.equal(await prodStage.getByTestId('stage-drift-badge').innerText(), 'Breaks policy since a policy change');
    assert.match(await prodStage.getByTestId('stage-drift-exception').innerText(), /The model is being re-assessed for internal data/);
    await page.getByTestId('stage-staging').getByTestId('stage-drift-badge').waitFor();
    assert.equal(await page.getByTestId('stage-staging').getByTestId('stage-drift-exception').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-pipeline.png') });
  });

  it('shows a builder the notice, but no way to grant an exception', async () => {
    await demo.signOut();
    await demo.signIn('builder@demo.local');
    const banner = page.getByTestId('drift-banner');
    await banner.waitFor();
    assert.equal(await banner.getByTestId('drift-banner-text').innerText(), '2 live deployments break policy after a policy change');
    await banner.getByRole('button', { name: 'Review' }).click();
    const drawer = page.getByTestId('drift-drawer');
    await drawer.waitFor();
    await notice('Production').waitFor();
    assert.equal(await drawer.getByTestId('drift-notice').count(), 3);
    assert.equal(await drawer.getByRole('button', { name: /Grant/ }).count(), 0);
    assert.equal(await drawer.getByRole('button', { name: /Freeze/ }).count(), 0);
    assert.equal(await notice('Production').getByRole('link', { name: 'Open pipeline' }).count(), 1);
    assert.match(await notice('Production').getByTestId('drift-notice-exception').innerText(), /granted by admin@demo\.local/);
    await notice('Production').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-builder.png') });
  });
});

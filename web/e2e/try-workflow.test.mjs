// End-to-end: a builder tries the example workflow from Build → New workflow and follows its run to the end.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

describe('the builder tries a workflow', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('checks the prefilled example, runs it with inputs and sees it succeed with the on-call route', async () => {
    await demo.signIn('builder@demo.local');
    await page.getByTestId('nav-build').click();
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();

    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const ok = page.getByTestId('check-ok');
    await ok.waitFor();
    assert.match(await ok.innerText(), /Looks good: 5 steps/);

    await page.getByLabel(/^Subject/).fill('VPN down');
    await page.getByLabel(/^Body/).fill('total outage in Paris');
    // Tall enough for the editor and the form; a full-page shot would cut the fixed header.
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.screenshot({ path: join(SCREENSHOTS, 'build-try.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByRole('heading', { level: 1, name: 'ticket-triage' }).waitFor();
    // The workers pick the run up in the background; the page follows it every second.
    const result = page.getByTestId('run-result');
    await result.waitFor({ timeout: 30_000 });
    await page.getByText('Succeeded', { exact: true }).first().waitFor();
    assert.match(await page.getByTestId('run-outputs').innerText(), /on-call/);
    assert.match(await page.getByTestId('run-progress').innerText(), /5 of 5 steps done/);
    assert.equal(await page.getByTestId('step-node-page_oncall').getAttribute('data-status'), 'succeeded');
    assert.equal(await page.getByTestId('step-node-queue_ticket').getAttribute('data-status'), 'skipped');
    await page.screenshot({ path: join(SCREENSHOTS, 'run.png') });

    await page.getByTestId('step-node-kind').click();
    const drawer = page.getByTestId('step-drawer');
    await drawer.waitFor();
    assert.match(await drawer.innerText(), /builtin/);
    await page.screenshot({ path: join(SCREENSHOTS, 'run-step.png') });
  });
});

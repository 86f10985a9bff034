// End-to-end: a builder writes the example workflow in Build → New workflow, tests it and follows its run to the end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

// The example workflow the Build page offers (ticket triage on the built-in model), as the web UI has it.
const EXAMPLE = /export const EXAMPLE_WORKFLOW = `([^`]*)`/.exec(
  readFileSync(new URL('../src/pages/build/example.ts', import.meta.url), 'utf8'),
)[1];

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

  it('writes the example, checks it, tests it with inputs and sees it succeed with the on-call route', async () => {
    await demo.signIn('builder@demo.local');
    await page.getByTestId('nav-build').click();
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();

    // A new workflow starts empty: the example goes in as YAML, and is checked as it is written.
    await page.getByTestId('builder-view').getByText('YAML', { exact: true }).click();
    assert.ok(await page.getByRole('radio', { name: 'YAML' }).isChecked());
    await page.getByLabel('Workflow definition').fill(EXAMPLE);
    const ok = page.getByTestId('check-ok');
    await ok.waitFor();
    assert.match(await ok.innerText(), /Looks good: 5 steps/);
    await page.getByTestId('builder-no-problems').waitFor();

    await page.getByTestId('builder-test').click();
    const panel = page.getByTestId('test-panel');
    await panel.waitFor();
    await panel.getByLabel(/^Subject/).fill('VPN down');
    await panel.getByLabel(/^Body/).fill('total outage in Paris');
    // Tall enough for the builder and the test panel; a full-page shot would cut the fixed header.
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.screenshot({ path: join(SCREENSHOTS, 'build-try.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await panel.getByTestId('test-run-button').click();

    // The workers pick the test run up in the background; the panel follows it to the end.
    const outcome = panel.getByTestId('test-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    assert.match(await outcome.innerText(), /The test run succeeded/);
    assert.match(await panel.getByTestId('test-outputs').innerText(), /on-call/);
    assert.match(await panel.getByTestId('run-progress').innerText(), /5 of 5 steps done/);
    assert.equal(await panel.getByTestId('test-step-page_oncall').getAttribute('data-status'), 'succeeded');
    assert.equal(await panel.getByTestId('test-step-queue_ticket').getAttribute('data-status'), 'skipped');

    // The run page follows the same run.
    await panel.getByRole('link', { name: 'Open the run page' }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByRole('heading', { level: 1, name: 'ticket-triage' }).waitFor();
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

// End-to-end: a builder cuts a version of a new workflow (a copy of the demo's ticket-triage, whose own history the
// demo seeds), deploys it to dev from the Pipeline, runs it there to success, and submits it for review to
// staging; prod offers the builder no deploy.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, startDemo } from './harness.mjs';

const WORKFLOW = 'desk-triage';

describe('the builder takes a workflow from draft to review', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    const builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    const triage = await builder('GET', '/api/v1/workspaces/it-service-desk/workflows/ticket-triage');
    await builder('PUT', `/api/v1/workspaces/it-service-desk/workflows/${WORKFLOW}`, {
      definition: triage.definition.replace('name: ticket-triage', `name: ${WORKFLOW}`),
      base_revision: null,
    });
  });

  after(async () => {
    await demo?.stop();
  });

  it('cuts a version, deploys it to dev, runs it there and submits it for review to staging', async () => {
    await demo.signIn('builder@demo.local');
    await page.getByTestId('nav-build').click();
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();
    const draftUrl = `${demo.baseUrl}/build/it-service-desk/${WORKFLOW}`;
    await page.goto(draftUrl);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    // Opened, the draft is checked at once: no problems, no policy warnings.
    await page.getByTestId('builder-no-problems').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-draft.png') });

    // Versions: none yet; cut the first.
    await page.getByTestId('lifecycle-tab-versions').click();
    await page.waitForURL(/\?tab=versions$/);
    const empty = page.getByTestId('versions-empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No versions yet — cut one when the draft is ready/);
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-versions-empty.png') });
    await empty.getByRole('button', { name: 'Cut a version' }).click();
    const cut = page.getByRole('dialog', { name: 'Cut a version' });
    await cut.getByLabel(/What changed/).fill('First version: outages page on-call');
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-cut.png') });
    await cut.getByRole('button', { name: 'Cut version' }).click();
    await cut.getByText('Version 1 is cut').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-cut-done.png') });
    await cut.getByRole('button', { name: 'Done' }).click();
    const row = page.getByTestId('version-row-1');
    await row.waitFor();
    assert.match(await row.innerText(), /First version: outages page on-call/);
    assert.match(await row.innerText(), /builder@demo\.local/);
    // The draft is that version: the comparison says there is nothing new.
    await page.getByTestId('changes-view').waitFor();
    assert.match(await page.getByTestId('changes-summary').innerText(), /No changes/);
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-versions.png') });

    // Cutting the same draft again answers the version it is.
    await page.getByRole('button', { name: 'Cut a version' }).click();
    await cut.getByLabel(/What changed/).fill('Same again');
    await cut.getByRole('button', { name: 'Cut version' }).click();
    await cut.getByText('This draft is already version 1').waitFor();
    await cut.getByRole('button', { name: 'Done' }).click();
    await cut.waitFor({ state: 'hidden' });

    // Pipeline: nothing deployed; the builder deploys to dev only.
    await page.getByTestId('lifecycle-tab-pipeline').click();
    const dev = page.getByTestId('stage-dev');
    const staging = page.getByTestId('stage-staging');
    const prod = page.getByTestId('stage-prod');
    await dev.waitFor();
    assert.match(await dev.getByTestId('stage-nothing').innerText(), /Nothing deployed/);
    assert.equal(await prod.getByRole('button', { name: /Deploy/ }).count(), 0);
    assert.equal(await staging.getByRole('button', { name: /Deploy/ }).count(), 0);
    assert.match(await prod.getByTestId('stage-rule').innerText(), /Production needs 1 approval/);
    await dev.getByRole('button', { name: 'Deploy version…' }).click();
    const deploy = page.getByRole('dialog', { name: 'Deploy to Development' });
    await deploy.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByTestId('pipeline-notice').filter({ hasText: 'v1 is live in Development.' }).waitFor();
    await dev.getByTestId('stage-live-version').filter({ hasText: 'v1' }).waitFor();
    assert.match(await dev.getByTestId('stage-live-how').innerText(), /Deployed directly by builder@demo\.local/);
    assert.equal(await page.getByTestId('deployment-row').count(), 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-pipeline.png') });

    // Run it in dev, and follow the run to success.
    await dev.getByRole('button', { name: 'Run…' }).click();
    const run = page.getByRole('dialog', { name: 'Run v1 in Development' });
    await run.getByLabel(/^Subject/).fill('VPN down for everyone');
    await run.getByLabel(/^Body/).fill('The VPN is down and nobody can connect to the network.');
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-run.png') });
    await run.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await page.getByTestId('run-result').waitFor({ timeout: 30_000 });
    await page.getByText('Succeeded', { exact: true }).first().waitFor();

    // Submit it for review to staging, where it goes next.
    await page.goto(`${draftUrl}?tab=pipeline`);
    await staging.waitFor();
    await staging.getByRole('button', { name: 'Submit for review…' }).click();
    const submit = page.getByRole('dialog', { name: 'Submit for review' });
    assert.match(await submit.getByTestId('version-select').inputValue(), /^v1 — First version/);
    assert.equal(await submit.getByTestId('environment-select').inputValue(), 'Staging');
    assert.match(await submit.getByTestId('rule-summary').innerText(), /Staging needs 1 approval from .+; the version must have run successfully in Development first/);
    await submit.getByLabel(/Message for the approvers/).fill('Outages now page the on-call engineer');
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-submit.png') });
    await submit.getByRole('button', { name: 'Submit for review', exact: true }).click();
    await page.waitForURL(/\/review\/[^/?]+$/);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-review.png') });

    // Back on the pipeline, the review waits in staging.
    await page.goto(`${draftUrl}?tab=pipeline`);
    const waiting = staging.getByTestId('stage-review-link');
    await waiting.waitFor();
    assert.match(await waiting.getAttribute('href'), /^\/review\//);
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-pipeline-review.png') });
  });

  it('compares a changed draft with the version, and restores the version as the draft', async () => {
    const draftUrl = `${demo.baseUrl}/build/it-service-desk/${WORKFLOW}`;
    await page.goto(draftUrl);
    await showYaml(page);
    await page.getByTestId('check-ok').waitFor();
    const editor = page.getByLabel('Workflow definition');
    const original = await editor.inputValue();
    const changed = original.replace(/^description: .*$/m, 'description: Sorts IT tickets and pages on-call for outages.');
    assert.notEqual(changed, original);
    await editor.fill(changed);
    await page.getByRole('button', { name: 'Save draft' }).click();
    const saveStatus = page.getByTestId('builder-save-status');
    await saveStatus.getByTitle('Revision 2').waitFor();
    assert.equal(await saveStatus.getAttribute('data-state'), 'saved');

    await page.getByTestId('lifecycle-tab-versions').click();
    const summary = page.getByTestId('changes-summary');
    await summary.waitFor();
    assert.doesNotMatch(await summary.innerText(), /No changes/);
    await page.getByTestId('compare-view').getByText('YAML', { exact: true }).click();
    await page.getByText('Sorts IT tickets and pages on-call for outages.').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'lifecycle-compare.png') });

    await page.getByTestId('version-row-1').getByRole('button', { name: 'Restore as draft' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore v1 as the draft?' });
    await restore.getByRole('button', { name: 'Restore as draft' }).click();
    await page.getByTestId('restored-notice').filter({ hasText: 'Version 1 is the draft again' }).waitFor();
    await saveStatus.getByTitle('Revision 3').waitFor();
    assert.equal(await saveStatus.getAttribute('data-state'), 'saved');
    // The builder starts again from the version restored.
    await showYaml(page);
    assert.equal(await editor.inputValue(), original);
  });
});

/** Shows the builder's YAML view, where the workflow is written as text. */
async function showYaml(page) {
  const yaml = page.getByRole('radio', { name: 'YAML' });
  if (!(await yaml.isChecked())) await page.getByTestId('builder-view').getByText('YAML', { exact: true }).click();
  assert.ok(await yaml.isChecked());
}

// End-to-end: a builder opens the demo's ticket-triage draft from Build, tries it, changes it and saves it;
// then saves a claims workflow that sends personal data to a hosted model, sees the policy warning, and
// fixes it by switching to the private model.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const CLAIM_SUMMARY = `apiVersion: paddock/v1
kind: Workflow
name: claim-summary
inputs:
  claim: { type: string, required: true, label: confidential/pii }
steps:
  - id: clean
    uses: template
    with: { value: "{{ inputs.claim | trim }}" }
  - id: summary
    uses: llm
    with: { model: hosted-general, prompt: "Summarise: {{ steps.clean.output }}" }
`;

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

  it('opens ticket-triage, runs it as a test to an outage, then saves a new description as revision 3', async () => {
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
    await showYaml(page);
    const editor = page.getByLabel('Workflow definition');
    assert.match(await editor.inputValue(), /^name: ticket-triage$/m);
    // Opened, the draft is checked at once.
    await page.getByTestId('check-ok').waitFor();
    await page.getByTestId('builder-no-problems').waitFor();
    // The demo's own history saved it twice: as first seeded, and for v2.
    const saveStatus = page.getByTestId('builder-save-status');
    assert.equal(await saveStatus.getAttribute('data-state'), 'saved');
    assert.equal(await saveStatus.getByText(/^Saved at /).getAttribute('title'), 'Revision 2');
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-open.png') });

    await page.getByTestId('builder-test').click();
    const test = page.getByTestId('test-panel');
    await test.getByLabel(/^Subject/).fill('VPN down for everyone');
    await test.getByLabel(/^Body/).fill('The VPN is down and nobody can connect to the network.');
    await test.getByTestId('test-run-button').click();

    const outcome = test.getByTestId('test-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    assert.match(await outcome.innerText(), /The test run succeeded/);
    assert.match(await test.getByTestId('test-outputs').innerText(), /outage/);
    assert.equal(await test.getByTestId('test-step-page_oncall').getAttribute('data-status'), 'succeeded');

    const text = await editor.inputValue();
    const changed = text.replace(/^description: .*$/m, 'description: Sorts IT tickets and pages on-call for outages.');
    assert.notEqual(changed, text);
    await editor.fill(changed);
    assert.match(await saveStatus.innerText(), /Unsaved changes/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await saveStatus.getByTitle('Revision 3').waitFor();
    assert.equal(await saveStatus.getAttribute('data-state'), 'saved');
    await page.getByTestId('draft-saved').filter({ hasText: /Revision 3, by builder@demo\.local/ }).waitFor();
    assert.equal(await editor.inputValue(), changed);

    await page.getByRole('link', { name: 'All workflows' }).click();
    await row.getByText('Sorts IT tickets and pages on-call for outages.').waitFor();
    assert.match(await row.innerText(), /Revision 3, by builder@demo\.local/);
  });
  it('is warned when a claim labelled confidential/pii goes to hosted-general, and not once it goes to private-secure', async () => {
    await page.goto(`${demo.baseUrl}/build/new?workspace=claims`);
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();
    assert.equal(await page.getByTestId('workspace-select').inputValue(), 'Claims');
    await showYaml(page);
    const editor = page.getByLabel('Workflow definition');
    await editor.fill(CLAIM_SUMMARY);
    await page.getByRole('button', { name: 'Save draft' }).click();

    await page.waitForURL(/\/build\/claims\/claim-summary$/);
    await page.getByRole('heading', { level: 1, name: 'claim-summary' }).waitFor();
    await page.getByTestId('builder-notice').filter({ hasText: 'Saved as a draft' }).waitFor();
    const panel = page.getByTestId('builder-problems');
    await panel.getByTestId('builder-warning-count').filter({ hasText: '1 policy warning' }).waitFor();
    const warning = panel.getByTestId('builder-warning');
    assert.equal(await warning.count(), 1);
    // Checked as it is edited, for dev (where it is tried) and staging (where it goes next): the same warning in both.
    assert.match(await warning.innerText(), /Development \(dev\)/);
    assert.match(await warning.innerText(), /Staging \(staging\)/);
    const violation = warning.getByTestId('policy-violation');
    assert.equal(await violation.count(), 1);
    const message = await violation.getByTestId('policy-message').innerText();
    assert.match(message, /inputs\.claim/);
    assert.match(message, /hosted-general/);
    assert.match(await violation.getByTestId('policy-fix').innerText(), /private-secure/);
    const chain = violation.getByTestId('policy-chain');
    assert.match(await chain.getByTestId('policy-chain-source').innerText(), /inputs\.claim/);
    assert.equal((await chain.getByTestId('policy-chain-through').innerText()).trim(), 'clean');
    assert.equal((await chain.getByTestId('policy-chain-step').innerText()).trim(), 'summary');
    assert.match(await chain.getByTestId('policy-chain-sink').innerText(), /hosted-general/);
    // As saved, the draft carries its warning in dev.
    await page.getByTestId('draft-policy').filter({ hasText: '1 policy warning' }).waitFor();
    // Policy warnings are apart from the format problems, of which there are none.
    assert.equal(await panel.getByTestId('builder-problem').count(), 0);
    assert.equal(await panel.getByTestId('builder-problem-count').count(), 0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-policy-warning.png') });

    await showYaml(page);
    await editor.fill(CLAIM_SUMMARY.replace('model: hosted-general', 'model: private-secure'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    const saveStatus = page.getByTestId('builder-save-status');
    await saveStatus.getByTitle('Revision 2').waitFor();
    await panel.getByTestId('builder-no-problems').filter({ hasText: 'no policy warnings in dev or staging' }).waitFor();
    assert.equal(await panel.getByTestId('builder-warning').count(), 0);
    await page.getByTestId('draft-policy').waitFor({ state: 'detached' });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-policy-ok.png') });
  });
});

/** Shows the builder's YAML view, where the workflow is written as text. */
async function showYaml(page) {
  const yaml = page.getByRole('radio', { name: 'YAML' });
  if (!(await yaml.isChecked())) await page.getByTestId('builder-view').getByText('YAML', { exact: true }).click();
  assert.ok(await yaml.isChecked());
}

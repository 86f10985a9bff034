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
    const editor = page.getByLabel('Workflow definition');
    assert.match(await editor.inputValue(), /^name: ticket-triage$/m);
    // Opened, the draft is checked at once, so its run form is there.
    await page.getByTestId('check-ok').waitFor();
    // The demo's own history saved it twice: as first seeded, and for v2.
    assert.match(await page.getByTestId('save-status').innerText(), /Saved \(revision 2\)/);
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
    await page.getByTestId('save-status').getByText('Saved (revision 3)').waitFor();
    assert.match(await page.getByTestId('draft-saved').innerText(), /Revision 3, by builder@demo\.local/);
    assert.equal(await editor.inputValue(), changed);

    await page.getByRole('link', { name: 'All workflows' }).click();
    await row.getByText('Sorts IT tickets and pages on-call for outages.').waitFor();
    assert.match(await row.innerText(), /Revision 3, by builder@demo\.local/);
  });
  it('is warned when a claim labelled confidential/pii goes to hosted-general, and not once it goes to private-secure', async () => {
    await page.goto(`${demo.baseUrl}/build/new?workspace=claims`);
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();
    assert.equal(await page.getByTestId('workspace-select').inputValue(), 'Claims');
    const editor = page.getByLabel('Workflow definition');
    await editor.fill(CLAIM_SUMMARY);
    await page.getByRole('button', { name: 'Save draft' }).click();

    await page.waitForURL(/\/build\/claims\/claim-summary$/);
    await page.getByRole('heading', { level: 1, name: 'claim-summary' }).waitFor();
    const confirmation = page.getByTestId('save-confirmation');
    await confirmation.filter({ hasText: 'Saved — 1 policy warning' }).waitFor();
    const panel = page.getByTestId('policy-panel');
    assert.match(await panel.getByTestId('policy-count').innerText(), /1 policy warning in dev/);
    const violation = panel.getByTestId('policy-violation');
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
    assert.equal(await page.getByTestId('draft-policy').textContent(), '1 policy warning');
    // Policy warnings are apart from the format problems, of which there are none.
    assert.equal(await page.getByTestId('workflow-problems').count(), 0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-policy-warning.png') });

    // Checked for production, the text being edited gives the same warning there.
    await panel.getByRole('combobox', { name: 'Check for environment' }).click();
    await page.getByRole('option', { name: 'Production (prod)' }).click();
    await panel.getByRole('button', { name: 'Check policy' }).click();
    await panel.getByTestId('policy-count').filter({ hasText: '1 policy warning in prod' }).waitFor();
    assert.match(await panel.getByTestId('policy-source').innerText(), /Checked for Production \(prod\)/);

    await editor.fill(CLAIM_SUMMARY.replace('model: hosted-general', 'model: private-secure'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('save-status').getByText('Saved (revision 2)').waitFor();
    await confirmation.filter({ hasText: 'Saved — no policy problems in dev' }).waitFor();
    await panel.getByTestId('policy-ok').filter({ hasText: 'No policy problems in dev' }).waitFor();
    assert.equal(await panel.getByTestId('policy-violation').count(), 0);
    assert.equal(await page.getByTestId('draft-policy').count(), 0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drafts-policy-ok.png') });
  });
});

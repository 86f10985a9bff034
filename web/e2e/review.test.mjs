// End-to-end: a builder (an approver too) submits version 1 of a small workflow for staging, set up through the
// API; separation of duties keeps them from approving their own change. An approver finds it under "Waiting for
// me", reads the changes and the policy report and approves it, which deploys it. An administrator sees the
// environment chain under Admin → Environments.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, startDemo } from './harness.mjs';

const WORKSPACE = 'it-service-desk';
const WORKFLOW = 'e2e-outage-triage';
const DEFINITION = `apiVersion: paddock/v1
kind: Workflow
name: ${WORKFLOW}
description: Sort an outage report and say who handles it
inputs:
  subject: { type: string, required: true, description: "One line: what is wrong" }
steps:
  - id: kind
    uses: llm.classify
    with:
      model: builtin
      text: "{{ inputs.subject }}"
      categories: [network, hardware, access]
  - id: reply
    uses: template
    with:
      value: "The {{ steps.kind.output.category }} team looks at: {{ inputs.subject }}"
outputs:
  reply: "{{ steps.reply.output }}"
`;


describe('a change is reviewed and approved', () => {
  let demo;
  let page;
  let reviewId;
  let builder;
  let draft;
  const base = `/api/v1/workspaces/${WORKSPACE}/workflows/${WORKFLOW}`;

  /** Deploys `version` to dev, runs it there until it succeeds, and submits it for staging: the review. */
  async function submitForStaging(version, message) {
    await builder('POST', `${base}/deployments`, { version, environment: 'dev' });
    const run = await builder('POST', `${base}/deployments/dev/runs`, { inputs: { subject: 'VPN down for everyone' } });
    const deadline = Date.now() + 30_000;
    let status = run.status;
    while (status !== 'succeeded') {
      assert.ok(!['failed', 'cancelled'].includes(status), `the run in dev ended ${status}`);
      assert.ok(Date.now() < deadline, `the run in dev is still ${status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      ({ status } = await builder('GET', `/api/v1/runs/${run.id}`));
    }
    return builder('POST', `${base}/reviews`, { version, environment: 'staging', message });
  }

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);

    // The builder also approves in the workspace, so that only separation of duties keeps them from their own change.
    const admin = await apiSession(demo.baseUrl, 'admin@demo.local');
    const { users } = await admin('GET', '/api/v1/users');
    const builderAccount = users.find((user) => user.email === 'builder@demo.local');
    await admin('POST', `/api/v1/users/${builderAccount.id}/grants`, { role: 'approver', workspace: WORKSPACE });

    // The builder's part, through the API: save, cut v1, deploy to dev, run it there, submit it for staging.
    builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    draft = await builder('PUT', base, { definition: DEFINITION, base_revision: null });
    await builder('POST', `${base}/versions`, { message: 'First version: sort outage reports' });
    const review = await submitForStaging(1, 'Outage reports are now sorted by the model before anyone reads them');
    reviewId = review.id;
  });

  after(async () => {
    await demo?.stop();
  });

  it('shows the builder their own review without the decision buttons, and why', async () => {
    await demo.signIn('builder@demo.local');
    await page.locator('[data-testid^="nav-"]').first().waitFor();
    await page.goto(`${demo.baseUrl}/review/${reviewId}`);
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v1 → Staging` }).waitFor();
    const reason = page.getByTestId('review-your-part');
    await reason.waitFor();
    assert.match(await reason.innerText(), /You may not decide on this review: you .+\. Another approver must\./);
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Reject' }).count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'review-builder.png') });
    await demo.signOut();
  });

  it('lets an approver find it waiting for them, read it and approve it, which deploys it', async () => {
    await demo.signIn('approver@demo.local');
    await page.getByTestId('nav-review').click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: /Waiting for me/ }).getAttribute('aria-selected'), 'true');
    const row = page.getByTestId(`review-row-${reviewId}`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, new RegExp(WORKFLOW));
    assert.match(text, /Staging/);
    assert.match(text, /builder@demo\.local/);
    assert.match(text, /0 of 1/);
    await page.screenshot({ path: join(SCREENSHOTS, 'review-list.png') });

    await row.getByRole('link', { name: WORKFLOW }).click();
    await page.waitForURL(new RegExp(`/review/${reviewId}$`));
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v1 → Staging` }).waitFor();
    assert.match(await page.getByTestId('review-changes-lead').innerText(), /Nothing is live in Staging yet/);
    assert.match(await page.getByTestId('changes-summary').innerText(), /2 steps added; 1 input added; 1 output added; now uses the model builtin/);
    assert.match(await page.getByTestId('diff-uses').innerText(), /Newly used/);
    assert.match(await page.getByTestId('review-policy-ok').innerText(), /No policy problems in Staging/);
    assert.equal(await page.getByTestId('review-evidence-run').count(), 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'review-page.png') });
    await page.getByTestId('review-policy').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'review-page-policy.png') });
    await page.evaluate(() => window.scrollTo(0, 0));

    await page.getByTestId('review-decision').getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByTestId('decision-modal');
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: /Comment/ }).fill('Tried in dev; fine for staging.');
    await page.screenshot({ path: join(SCREENSHOTS, 'review-approve.png') });
    await dialog.getByRole('button', { name: 'Approve' }).click();

    await page.getByTestId('review-closed').filter({ hasText: `You approved ${WORKFLOW} v1. It is now live in Staging.` }).waitFor();
    assert.equal((await page.getByTestId('review-status').textContent()).trim(), 'Deployed');
    assert.match(await page.getByTestId('review-event-approve').innerText(), /approver@demo\.local approved/);
    await page.screenshot({ path: join(SCREENSHOTS, 'review-deployed.png') });

    // It has left "Waiting for me" (where the demo's own review of ticket-triage v2 still
    // waits), and is among those decided.
    await page.goto(`${demo.baseUrl}/review`);
    await page.getByTestId('reviews-table').filter({ hasText: 'ticket-triage' }).waitFor();
    assert.equal(await page.getByTestId(`review-row-${reviewId}`).count(), 0);
    await page.getByRole('tab', { name: /All decided/ }).click();
    await page.getByTestId(`review-row-${reviewId}`).filter({ hasText: 'Deployed' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'review-decided.png') });
    await demo.signOut();
  });

  it('shows the next version against the one live in staging, field by field and as YAML', async () => {
    const changed = DEFINITION.replace('categories: [network, hardware, access]', 'categories: [network, hardware, access, software]')
      .replace('The {{ steps.kind.output.category }} team looks at: {{ inputs.subject }}', 'Thanks! The {{ steps.kind.output.category }} team will look at: {{ inputs.subject }}')
      .replace('  subject: { type: string, required: true, description: "One line: what is wrong" }', '  subject: { type: string, required: true, description: "One line: what is wrong" }\n  body: { type: string, label: confidential/pii }');
    await builder('PUT', base, { definition: changed, base_revision: draft.revision });
    await builder('POST', `${base}/versions`, { message: 'A software category, and a friendlier reply' });
    const review = await submitForStaging(2, 'Adds a software category and thanks the person in the reply');

    await demo.signIn('approver@demo.local');
    await page.getByTestId('nav-review').click();
    await page.getByTestId(`review-row-${review.id}`).click();
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v2 → Staging` }).waitFor();
    assert.match(await page.getByTestId('review-changes-lead').innerText(), /Compared with v1, live in Staging/);
    assert.match(await page.getByTestId('changes-summary').innerText(), /^2 steps changed; 1 input added$/);
    const words = page.locator('[data-testid="diff-field"][data-path="with.value"] [data-testid="diff-words"]');
    assert.match(await words.locator('ins').first().innerText(), /Thanks!/);
    await page.getByTestId('review-changes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'review-changes.png') });
    await page.getByTestId('review-changes').getByText('YAML', { exact: true }).click();
    await page.getByTestId('diff-text').waitFor();
    assert.equal(await page.getByTestId('diff-line-removed').count(), 2);
    await page.getByTestId('review-changes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'review-changes-yaml.png') });
    await demo.signOut();
  });

  it('shows an administrator the environment chain and its rules', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Environments' }).click();
    const chain = page.getByTestId('environment-chain');
    await chain.waitFor();
    assert.match(await chain.innerText(), /Development\s+dev[\s\S]*Staging\s+staging[\s\S]*Production\s+prod/);
    assert.match(await page.getByTestId('environment-rule-dev').innerText(), /Builders deploy here themselves/);
    assert.match(await page.getByTestId('environment-rule-prod').innerText(), /1 approval/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-environments.png') });

    await page.getByRole('button', { name: 'Edit Production' }).click();
    const form = page.getByTestId('environment-form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Add a freeze window' }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-environment-edit.png') });
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });
});

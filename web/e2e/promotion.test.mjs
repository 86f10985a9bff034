// End-to-end: the demo's ticket-triage goes up the chain to production and back. The approver approves v2 for
// staging; the builder runs it there and submits it for production, where it waits for an approval (the builder can
// neither deploy it nor approve it); the approver approves it. An admin then rolls production back to v1 in an
// emergency, freezes it (runs are refused) and unfreezes it. Last, once the built-in model's clearance is lowered
// below ticket triage's `internal` inputs, submitting v2 for production is refused with the policy's violation and
// its fix, and nothing is submitted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, modelForm, rawSession, startDemo } from './harness.mjs';

const WORKSPACE = 'it-service-desk';
const WORKFLOW = 'ticket-triage';
const BASE = `/api/v1/workspaces/${WORKSPACE}/workflows/${WORKFLOW}`;
const TICKET = { subject: 'Phishing e-mail asking for my password', body: 'An e-mail from "IT" asks me to confirm my password on a strange site.' };



describe('ticket triage goes up to production, is rolled back, frozen, and held back by policy', () => {
  let demo;
  let page;
  /** The demo's open review of v2 for staging. */
  let stagingReview;
  /** The builder's review of v2 for production. */
  let prodReview;

  const pipelineUrl = () => `${demo.baseUrl}/build/${WORKSPACE}/${WORKFLOW}?tab=pipeline`;
  const stage = (slug) => page.getByTestId(`stage-${slug}`);
  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `promotion-${name}.png`) });

  /** Signs in afresh (whoever was signed in, should a step before have stopped half-way). */
  async function signIn(email) {
    await page.context().clearCookies();
    await demo.signIn(email);
    await page.getByTestId('user-menu').waitFor();
  }

  async function openPipeline() {
    await page.goto(pipelineUrl());
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await stage('prod').waitFor();
  }

  /** Opens the review, approves it with a comment, and waits for it to show Deployed. */
  async function approve(reviewId, environment, comment) {
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v2 → ${environment}` }).waitFor();
    await page.getByTestId('review-decision').getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByTestId('decision-modal');
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: /Comment/ }).fill(comment);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('review-closed').filter({ hasText: `You approved ${WORKFLOW} v2. It is now live in ${environment}.` }).waitFor();
    assert.equal((await page.getByTestId('review-status').textContent()).trim(), 'Deployed');
    assert.match(page.url(), new RegExp(`/review/${reviewId}$`));
  }

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    // The demo seeds ticket triage's history once its workers are up: wait for the review of v2 for staging.
    const approver = await apiSession(demo.baseUrl, 'approver@demo.local');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { reviews } = await approver('GET', '/api/v1/reviews?status=open');
      stagingReview = reviews.find((review) => review.workflow === WORKFLOW && review.version === 2 && review.environment === 'staging');
      if (stagingReview !== undefined) break;
      assert.ok(Date.now() < deadline, 'the demo did not seed the review of ticket-triage v2 for staging within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  after(async () => {
    await demo?.stop();
  });

  it('lets the approver find v2 → Staging waiting for them and approve it, which deploys it', async () => {
    await signIn('approver@demo.local');
    await page.getByTestId('nav-review').click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: /Waiting for me/ }).getAttribute('aria-selected'), 'true');
    const row = page.getByTestId(`review-row-${stagingReview.id}`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, new RegExp(WORKFLOW));
    assert.match(text, /\bv2\b/);
    assert.match(text, /Staging/);
    assert.match(text, /builder@demo\.local/);
    assert.match(text, /Waits for you/);
    await shot('waiting');

    await row.getByRole('link', { name: WORKFLOW }).click();
    await approve(stagingReview.id, 'Staging', 'The security category reads well; fine for staging.');
    await shot('staging-approved');
    await demo.signOut();
  });

  it('has the builder run v2 in staging and submit it for production, where it waits for an approval', async () => {
    await signIn('builder@demo.local');
    await openPipeline();
    const staging = stage('staging');
    const prod = stage('prod');
    await staging.getByTestId('stage-live-version').filter({ hasText: /^v2$/ }).waitFor();
    assert.match(await staging.getByTestId('stage-live-how').innerText(), /^Approved in a review by approver@demo\.local/);
    assert.equal(await prod.getByTestId('stage-live-version').innerText(), 'v1');
    await shot('pipeline-staging-v2');

    // Run v2 in staging: the evidence production asks for.
    await staging.getByRole('button', { name: 'Run…' }).click();
    const run = page.getByRole('dialog', { name: 'Run v2 in Staging' });
    await run.getByLabel(/^Subject/).fill(TICKET.subject);
    await run.getByLabel(/^Body/).fill(TICKET.body);
    await shot('run-staging');
    await run.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByTestId('run-result').waitFor({ timeout: 30_000 });
    await page.locator('[data-status="succeeded"]').first().waitFor();
    await page.getByText('Succeeded', { exact: true }).first().waitFor();
    await shot('run-succeeded');

    // Submit it for production from the Production card: v2, the version live just below, is offered.
    await openPipeline();
    assert.equal(await prod.getByRole('button', { name: /Deploy/ }).count(), 0);
    await prod.getByRole('button', { name: 'Submit for review…' }).click();
    const submit = page.getByRole('dialog', { name: 'Submit for review' });
    assert.match(await submit.getByTestId('version-select').inputValue(), /^v2 — Security reports .*\(live in Development, Staging\)$/);
    assert.equal(await submit.getByTestId('environment-select').inputValue(), 'Production');
    assert.match(await submit.getByTestId('rule-summary').innerText(), /Production needs 1 approval from .+; the version must have run successfully in Staging first/);
    await submit.getByLabel(/Message for the approvers/).fill('Ran in staging on a phishing report; security reports get their own category.');
    await shot('submit-prod');
    await submit.getByRole('button', { name: 'Submit for review', exact: true }).click();
    await page.waitForURL(/\/review\/[^/?]+$/);
    prodReview = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

    // The builder's own review: no decision for them.
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v2 → Production` }).waitFor();
    assert.equal((await page.getByTestId('review-status').textContent()).trim(), 'Waiting for approval');
    // Separation of duties is said first: it holds whatever roles the builder is given.
    assert.match(await page.getByTestId('review-your-part').innerText(), /^You may not decide on this review: you submitted this review/);
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    assert.ok((await page.getByTestId('review-evidence-run').count()) > 0, 'the review shows the run in staging as evidence');
    await shot('prod-review-builder');

    // Production still runs v1 until the review is approved; v2 waits there.
    await openPipeline();
    assert.equal(await prod.getByTestId('stage-live-version').innerText(), 'v1');
    const waiting = prod.getByTestId('stage-review-link');
    await waiting.waitFor();
    assert.equal(await waiting.innerText(), 'v2');
    assert.equal(await waiting.getAttribute('href'), `/review/${prodReview}`);
    assert.match(await prod.getByTestId('stage-reviews').innerText(), /0 of 1 approval · by builder@demo\.local/);
    assert.equal(await prod.getByRole('button', { name: /Deploy/ }).count(), 0);
    await shot('pipeline-prod-waiting');
    await demo.signOut();
  });

  it('deploys v2 to production once the approver approves it', async () => {
    await signIn('approver@demo.local');
    await page.getByTestId('nav-review').click();
    const row = page.getByTestId(`review-row-${prodReview}`);
    await row.waitFor();
    assert.match(await row.innerText(), /Production/);
    await row.getByRole('link', { name: WORKFLOW }).click();
    assert.match(await page.getByTestId('review-policy-ok').innerText(), /No policy problems in Production/);
    assert.match(await page.getByTestId('review-changes-lead').innerText(), /Compared with v1, live in Production/);
    await page.getByTestId('review-changes').scrollIntoViewIfNeeded();
    await shot('prod-review-changes');
    await page.evaluate(() => window.scrollTo(0, 0));
    await approve(prodReview, 'Production', 'Evidence from staging is fine; go.');
    await shot('prod-approved');
    await demo.signOut();

    // Approvers have no Build section, so the pipeline is seen as an admin.
    await signIn('admin@demo.local');
    await openPipeline();
    const prod = stage('prod');
    await prod.getByTestId('stage-live-version').filter({ hasText: /^v2$/ }).waitFor();
    assert.match(await prod.getByTestId('stage-live-how').innerText(), /^Approved in a review by approver@demo\.local/);
    assert.equal(await prod.getByTestId('stage-reviews').count(), 0);
    await shot('pipeline-prod-v2');
  });

  it('lets the admin roll production back to v1 at once, in an emergency', async () => {
    const prod = stage('prod');
    await prod.getByRole('button', { name: 'Roll back…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back Production' });
    await dialog.getByTestId('rollback-modal').waitFor();
    assert.match(await dialog.getByTestId('version-select').inputValue(), /^v1 — /);
    // Without the emergency, production's rule asks for a review.
    await dialog.getByTestId('rollback-review').waitFor();
    await dialog.getByRole('switch', { name: 'Emergency rollback' }).check();
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('v2 sends VPN outages to the security queue; on-call is not paged.');
    await shot('rollback');
    await dialog.getByRole('button', { name: 'Emergency rollback' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('pipeline-notice').filter({ hasText: 'Production is back on v1.' }).waitFor();
    await prod.getByTestId('stage-live-version').filter({ hasText: /^v1$/ }).waitFor();
    assert.match(await prod.getByTestId('stage-live-how').innerText(), /^Emergency rollback by admin@demo\.local/);
    const why = 'Why: v2 sends VPN outages to the security queue; on-call is not paged.';
    assert.equal(await prod.getByTestId('stage-live-reason').innerText(), why);

    // The history lists it first: production, v1, an emergency rollback by the admin (and why), live now.
    const latest = page.getByTestId('deployment-row').first();
    assert.equal(await latest.getByTestId('deployment-reason').innerText(), why);
    const cells = await latest.locator('td').allTextContents();
    assert.deepEqual(
      cells.map((cell) => cell.replace(why, '').trim()).filter((_, index) => index !== 4),
      ['Production', 'v1', 'emergency rollback', 'admin@demo.local', 'Live now'],
    );
    await page.getByTestId('deployment-history').scrollIntoViewIfNeeded();
    await shot('rolled-back');
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('freezes production: new runs are refused until it is unfrozen', async () => {
    const reason = 'Investigating misrouted tickets';
    const prod = stage('prod');
    await prod.getByRole('button', { name: 'Freeze…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Freeze Production' });
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill(reason);
    await dialog.getByRole('radio', { name: 'Cancel them' }).check();
    // Let the radios finish their transition before the picture.
    await page.waitForTimeout(300);
    await shot('freeze');
    await dialog.getByRole('button', { name: 'Freeze', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('pipeline-notice').filter({ hasText: 'Production is frozen' }).waitFor();
    await prod.getByTestId('stage-frozen').waitFor();
    assert.equal(await prod.getByTestId('stage-frozen-reason').innerText(), reason);
    // The UI no longer offers a run; the API refuses one.
    assert.equal(await prod.getByRole('button', { name: 'Run…' }).isDisabled(), true);
    await page.getByTestId('deployment-row').first().filter({ hasText: 'Live, frozen' }).waitFor();
    await shot('frozen');
    const admin = await rawSession(demo.baseUrl, 'admin@demo.local');
    const refused = await admin('POST', `${BASE}/deployments/prod/runs`, { inputs: TICKET });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.error.code, 'frozen');

    await prod.getByRole('button', { name: 'Unfreeze' }).click();
    const unfreeze = page.getByRole('dialog', { name: 'Unfreeze Production?' });
    assert.match(await unfreeze.getByTestId('unfreeze-modal').innerText(), new RegExp(`It was frozen because: ${reason}`));
    await unfreeze.getByRole('button', { name: 'Unfreeze' }).click();
    await unfreeze.waitFor({ state: 'hidden' });
    await page.getByTestId('pipeline-notice').filter({ hasText: 'Production is unfrozen' }).waitFor();
    await prod.getByTestId('stage-frozen').waitFor({ state: 'detached' });
    assert.equal(await prod.getByTestId('stage-frozen-reason').count(), 0);
    assert.equal(await prod.getByRole('button', { name: 'Run…' }).isDisabled(), false);
    await shot('unfrozen');
    await demo.signOut();

    // Operators freeze and unfreeze too, but have no Build section: the pipeline page is closed to them, so theirs
    // goes through the API.
    await signIn('operator@demo.local');
    await page.goto(pipelineUrl());
    await page.getByTestId('no-access').waitFor();
    await shot('operator-no-access');
    const operator = await rawSession(demo.baseUrl, 'operator@demo.local');
    const frozen = await operator('POST', `${BASE}/deployments/prod/freeze`, { reason: 'Operator check', in_flight: 'finish' });
    assert.equal(frozen.status, 200, frozen.text);
    const operatorRun = await operator('POST', `${BASE}/deployments/prod/runs`, { inputs: TICKET });
    assert.equal(operatorRun.status, 409, operatorRun.text);
    assert.equal(operatorRun.body.error.code, 'frozen');
    const unfrozen = await operator('POST', `${BASE}/deployments/prod/unfreeze`);
    assert.equal(unfrozen.status, 200, unfrozen.text);
    await demo.signOut();
  });

  it('refuses to submit v2 for production once the built-in model may no longer receive its inputs', async () => {
    const admin = await rawSession(demo.baseUrl, 'admin@demo.local');
    const model = await admin('GET', '/api/v1/models/builtin');
    assert.equal(model.status, 200, model.text);
    assert.equal(model.body.clearance, 'restricted/*');
    const lowered = await admin('PUT', '/api/v1/models/builtin', modelForm(model.body, { all_workspaces: true, clearance: 'public' }));
    assert.equal(lowered.status, 200, lowered.text);
    assert.equal(lowered.body.clearance, 'public');
    try {
      const builder = await rawSession(demo.baseUrl, 'builder@demo.local');
      const openBefore = await builder('GET', '/api/v1/reviews?status=all');
      assert.equal(openBefore.status, 200, openBefore.text);

      await signIn('builder@demo.local');
      await openPipeline();
      const prod = stage('prod');
      assert.equal(await prod.getByTestId('stage-live-version').innerText(), 'v1');
      await prod.getByRole('button', { name: 'Submit for review…' }).click();
      const submit = page.getByRole('dialog', { name: 'Submit for review' });
      assert.match(await submit.getByTestId('version-select').inputValue(), /^v2 — /);
      assert.equal(await submit.getByTestId('environment-select').inputValue(), 'Production');
      await submit.getByLabel(/Message for the approvers/).fill('Back to v2 now that routing is understood.');
      await submit.getByRole('button', { name: 'Submit for review', exact: true }).click();

      const refusal = submit.getByTestId('submit-violations');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /This version breaks Production's policy \(2 problems\)/);
      // Each violation, with its fix, as the policy states it (the same step of v1, live in prod, breaks it too).
      const drift = await admin('GET', '/api/v1/policy-drift');
      assert.equal(drift.status, 200, drift.text);
      const expected = drift.body.drifted.find((notice) => notice.workflow === WORKFLOW && notice.environment === 'prod').violations;
      assert.equal(expected.length, 2, 'both internal inputs reach the built-in model');
      const sentence = (text) => text.charAt(0).toUpperCase() + text.slice(1);
      const items = refusal.getByTestId('submit-violation');
      assert.equal(await items.count(), expected.length);
      for (const violation of expected) {
        assert.match(violation.message, /internal .*builtin .*public/);
        // As the policy states it: not capitalised, since it starts with a path.
        const item = items.filter({ hasText: violation.message });
        assert.equal(await item.count(), 1, `the dialog lists: ${violation.message}`);
        assert.equal(await item.getByTestId('submit-violation-fix').innerText(), `How to fix it: ${sentence(violation.fix)}`);
      }
      await shot('policy-refused');

      // Nothing was submitted: the dialog stays, and no review of v2 for production was added.
      assert.match(page.url(), /\?tab=pipeline$/);
      assert.equal(await submit.isVisible(), true);
      const openAfter = await builder('GET', '/api/v1/reviews?status=all');
      assert.equal(openAfter.body.reviews.length, openBefore.body.reviews.length);
      assert.equal(
        openAfter.body.reviews.filter((review) => review.workflow === WORKFLOW && review.environment === 'prod' && review.status === 'open').length,
        0,
      );
      await submit.getByRole('button', { name: 'Cancel' }).click();
      await submit.waitFor({ state: 'hidden' });
      assert.equal(await prod.getByTestId('stage-reviews').count(), 0);
    } finally {
      const restored = await admin('PUT', '/api/v1/models/builtin', modelForm(model.body, { clearance: 'restricted/*' }));
      assert.equal(restored.status, 200, restored.text);
      assert.equal(restored.body.clearance, 'restricted/*');
    }
  });
});

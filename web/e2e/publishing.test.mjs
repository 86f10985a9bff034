// End-to-end: choosing who a version serves when it is submitted for review, and what the approver sees of it. The
// demo's review of ticket-triage v2 for staging is sent back, so the builder submits v2 for staging again, now
// published as a form and an API to all staff. A clearance too low for the outputs is refused with the policy's
// reasons, at the interface at fault; once raised, the review opens, and the approver sees "Who will be served" and
// approves it. The pipeline then says how staging is published, with the way to the app as served from staging, which
// a member of all staff then uses: v2 there, while the app's page without an environment still serves v1 from prod.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, startDemo } from './harness.mjs';

const WORKSPACE = 'it-service-desk';
const WORKFLOW = 'ticket-triage';

describe('publishing a version as a form and an API, and what the approver sees', () => {
  let demo;
  let page;
  /** The builder's new review of v2 for staging. */
  let reviewId;

  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `publishing-${name}.png`) });

  async function signIn(email) {
    await page.context().clearCookies();
    await demo.signIn(email);
    await page.getByTestId('user-menu').waitFor();
  }

  /** Chooses `name` in the select `input` (a locator of its input); a multi-select's list is closed after. */
  async function pick(input, name, { multiple = false } = {}) {
    await input.click();
    await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
    // A multi-select stays open for more; Escape closes it (on a closed select it would close the dialog).
    if (multiple) await input.press('Escape');
  }

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    // The demo seeds ticket triage's history once its workers are up: v2 waits for review in staging. The approver
    // sends it back, so that the builder can submit it again, choosing who it serves.
    const approver = await apiSession(demo.baseUrl, 'approver@demo.local');
    const deadline = Date.now() + 60_000;
    let staging;
    for (;;) {
      const { reviews } = await approver('GET', '/api/v1/reviews?status=open');
      staging = reviews.find((review) => review.workflow === WORKFLOW && review.version === 2 && review.environment === 'staging');
      if (staging !== undefined) break;
      assert.ok(Date.now() < deadline, 'the demo did not seed the review of ticket-triage v2 for staging within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await approver('POST', `/api/v1/reviews/${staging.id}/decision`, {
      decision: 'request_changes',
      comment: 'Publish it to the service desk in staging, so that they can try it.',
    });
  });

  after(async () => {
    await demo?.stop();
  });

  it('lets the builder choose Form and API for all staff, refusing a clearance too low for the outputs', async () => {
    await signIn('builder@demo.local');
    await page.goto(`${demo.baseUrl}/build/${WORKSPACE}/${WORKFLOW}?tab=pipeline`);
    await page.getByTestId('stage-staging').waitFor();
    await page.getByTestId('stage-staging').getByRole('button', { name: 'Submit for review…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit for review' });
    await dialog.waitFor();
    assert.match(await dialog.getByTestId('version-select').inputValue(), /^v2 — /);
    assert.equal(await dialog.getByTestId('environment-select').inputValue(), 'Staging');
    await dialog.getByLabel(/Message for the approvers/).fill('Security reports get their own category; the service desk tries it in staging.');

    // Nothing is published in staging now: the choice starts empty.
    const publish = dialog.getByTestId('publish-fields');
    assert.match(await publish.getByTestId('publish-live-summary').textContent(), /Not published in Staging now/);
    assert.equal(await publish.getByRole('radio', { name: 'Choose who it serves' }).isChecked(), true);

    // A form for all staff, 30 runs a minute each.
    await publish.getByRole('checkbox', { name: 'Form' }).check();
    const form = publish.getByTestId('publish-form');
    await pick(form.getByTestId('publish-form-audience'), 'All staff', { multiple: true });
    await form.getByTestId('publish-form-rate').fill('30');

    // An API for all staff, with callbacks to the service desk's hooks; its clearance first too low.
    await publish.getByRole('checkbox', { name: 'API' }).check();
    const api = publish.getByTestId('publish-api');
    // Without an audience it is refused here, before anything is sent.
    await dialog.getByRole('button', { name: 'Submit for review' }).click();
    await api.getByText('Choose at least one group who may use the API').waitFor();
    await pick(api.getByTestId('publish-api-audience'), 'All staff', { multiple: true });
    await pick(api.getByTestId('publish-api-level'), 'Public');
    await api.getByTestId('publish-callback-hosts').fill('hooks.servicedesk.example.com');
    await api.getByTestId('publish-callback-hosts').press('Enter');
    await dialog.getByRole('button', { name: 'Submit for review' }).click();

    // The policy refuses it: the tickets are internal, and the API's audience is cleared for public only.
    const violations = dialog.getByTestId('submit-violations');
    await violations.waitFor();
    assert.match(await violations.textContent(), /This version breaks Staging's policy \(\d+ problems?\)/);
    assert.match(await violations.getByTestId('submit-violation').first().textContent(), /reaches the outputs .* the API's audience is cleared only for public/);
    assert.match(await violations.getByTestId('submit-violation-fix').first().textContent(), /How to fix it: Publish the API to an audience cleared for internal/i);
    await api.getByText('Too low for what this version outputs').waitFor();
    assert.equal(await form.getByText('Too low for what this version outputs').count(), 0);
    await violations.scrollIntoViewIfNeeded();
    await shot('refused');

    // Raised to internal, it is submitted and the review opens.
    await pick(api.getByTestId('publish-api-level'), 'Internal');
    assert.equal(await dialog.getByTestId('submit-violations').count(), 0);
    await dialog.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/\/review\/[^/?]+$/);
    reviewId = new URL(page.url()).pathname.split('/').pop();
    const audience = page.getByTestId('review-audience');
    await audience.waitFor();
    assert.equal(await audience.getByTestId('review-interface-form').count(), 1);
    assert.equal(await audience.getByTestId('review-interface-batch').count(), 0);
  });

  it('shows the approver who will be served, and the pipeline how staging is published once approved', async () => {
    await signIn('approver@demo.local');
    await page.goto(`${demo.baseUrl}/review/${reviewId}`);
    await page.getByRole('heading', { level: 1, name: `${WORKFLOW} v2 → Staging` }).waitFor();
    const audience = page.getByTestId('review-audience');
    await audience.getByRole('heading', { name: 'Who will be served' }).waitFor();
    assert.match(await audience.getByTestId('review-audience-lead').textContent(), /Once deployed, v2 is published in Staging to these people/);
    assert.equal((await audience.getByTestId('review-audience-change').textContent()).trim(), 'Changes who is served in Staging');

    const form = audience.getByTestId('review-interface-form');
    assert.equal((await form.getByTestId('review-interface-form-audience').textContent()).trim(), 'All staff');
    assert.equal((await form.getByTestId('review-interface-form-clearance').textContent()).trim(), 'Up to Internal');
    assert.equal((await form.getByTestId('review-interface-form-limits').textContent()).trim(), 'At most 30 runs a minute per person');
    const api = audience.getByTestId('review-interface-api');
    assert.equal((await api.getByTestId('review-interface-api-audience').textContent()).trim(), 'All staff');
    assert.equal((await api.getByTestId('review-interface-api-clearance').textContent()).trim(), 'Up to Internal');
    assert.equal((await api.getByTestId('review-interface-api-limits').textContent()).trim(), 'No limits');
    assert.equal((await api.getByTestId('review-interface-callbacks').textContent()).trim(), 'hooks.servicedesk.example.com');
    assert.equal(await audience.getByTestId('review-interface-batch').count(), 0);
    await audience.scrollIntoViewIfNeeded();
    await shot('review');

    // Approved, it is live in staging, published as chosen.
    await page.getByTestId('review-decision').getByRole('button', { name: 'Approve' }).click();
    const decision = page.getByTestId('decision-modal');
    await decision.waitFor();
    await decision.getByRole('textbox', { name: /Comment/ }).fill('The service desk may try it.');
    await decision.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('review-closed').filter({ hasText: 'It is now live in Staging.' }).waitFor();

    await page.goto(`${demo.baseUrl}/deployments/${WORKSPACE}/${WORKFLOW}`);
    const staging = page.getByTestId('stage-staging');
    // The groups' names come a moment after the pipeline (until then, "1 group").
    await staging.getByTestId('stage-published').filter({ hasText: 'All staff' }).waitFor();
    assert.equal((await staging.getByTestId('stage-published').textContent()).trim(), 'Published as form and API to All staff · open the app');
    // Staging is not the last environment it is published in: its way to the app names it.
    const stagingApp = await staging.getByTestId('stage-app-link').getAttribute('href');
    assert.equal(stagingApp, `/apps/${WORKSPACE}/${WORKFLOW}?environment=staging`);
    // The app is served from production, the last environment it is published in, by default: its way names none.
    const prod = page.getByTestId('stage-prod');
    assert.equal((await prod.getByTestId('stage-published').textContent()).trim(), 'Published as form and API to All staff · open the app');
    assert.equal(await prod.getByTestId('stage-app-link').getAttribute('href'), `/apps/${WORKSPACE}/${WORKFLOW}`);
    await shot('pipeline');

    // A member of all staff opens the app as served from staging: v2, and the API tab names staging in its code.
    await signIn('consumer@demo.local');
    await page.goto(`${demo.baseUrl}${stagingApp}`);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    assert.equal((await page.getByTestId('app-environment').textContent()).trim(), 'Staging');
    assert.equal((await page.getByTestId('app-version').textContent()).trim(), 'Version 2');
    await page.getByTestId('app-tab-api').click();
    const curl = page.getByTestId('api-snippet-curl-code');
    await curl.waitFor();
    assert.match(await curl.textContent(), new RegExp(`/api/v1/apps/${WORKSPACE}/${WORKFLOW}/runs\\?wait=30&environment=staging'`));
    assert.equal(new URL(page.url()).searchParams.get('environment'), 'staging');
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'api');
    // Only an administrator may see the signing key.
    assert.equal((await page.getByTestId('signing-key-ask').textContent()).trim(), 'An administrator can show you the signing key.');
    assert.equal(await page.getByTestId('reveal-signing-key').count(), 0);
    await shot('app-staging');

    // Without an environment, the app's page serves it from production, where v1 is live.
    await page.goto(`${demo.baseUrl}/apps/${WORKSPACE}/${WORKFLOW}`);
    await page.getByTestId('app-version').filter({ hasText: 'Version 1' }).waitFor();
    assert.equal((await page.getByTestId('app-environment').textContent()).trim(), 'Production');
  });
});

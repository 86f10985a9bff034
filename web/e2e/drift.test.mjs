// End-to-end: lowering the built-in model's clearance makes the demo's two live workflows, ticket-triage (IT Service
// Desk) and claim-intake (Claims), break policy in every environment they are live in: dev, staging and prod, six
// deployments. Every page then says so; an admin reviews the list and grants ticket-triage in prod a time-limited
// exception, which its notice and its pipeline show while the other five still break policy; a builder sees the
// notices but may not grant exceptions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
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

  /** The notice of a deployment, by where it is: `IT Service Desk · Production`. */
  const notice = (where) =>
    page.getByTestId('drift-notice').filter({ has: page.getByTestId('drift-notice-where').filter({ hasText: `${where} · ` }) });
  /** The deployments listed in the drawer, in its order: `workflow: where` each. */
  const listed = async (drawer) => {
    const workflows = await drawer.getByTestId('drift-notice-workflow').allInnerTexts();
    const wheres = await drawer.getByTestId('drift-notice-where').allInnerTexts();
    return workflows.map((workflow, index) => `${workflow}: ${wheres[index]}`);
  };
  /** Asks `read` until it answers `expected` (the drawer orders its notices once the environments are loaded). */
  const eventually = async (read, expected) => {
    const end = Date.now() + 5000;
    let actual = await read();
    while (!isDeepStrictEqual(actual, expected) && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      actual = await read();
    }
    assert.deepEqual(actual, expected);
  };
  /** Every demo deployment breaks policy: by workspace and workflow, then up the chain. */
  const ALL_SIX = [
    'claim-intake: Claims · Development · v1',
    'claim-intake: Claims · Staging · v1',
    'claim-intake: Claims · Production · v1',
    'ticket-triage: IT Service Desk · Development · v2',
    'ticket-triage: IT Service Desk · Staging · v1',
    'ticket-triage: IT Service Desk · Production · v1',
  ];

  it('shows nothing while every live deployment complies', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('user-menu').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByTestId('drift-banner').count(), 0);
  });

  it("tells an admin once the built-in model is cleared too low for the apps' inputs, and grants ticket triage in prod an exception", async () => {
    const admin = await apiSession(demo.baseUrl, 'admin@demo.local');
    const before = await admin('GET', '/api/v1/models/builtin');
    const lowered = await admin('PUT', '/api/v1/models/builtin', modelForm(before, { all_workspaces: true, clearance: 'public' }));
    assert.equal(lowered.clearance, 'public');
    assert.equal(lowered.description, before.description);
    const drift = await admin('GET', '/api/v1/policy-drift');
    assert.deepEqual(drift.drifted.map((item) => `${item.workflow}@${item.environment}`).sort(), [
      'claim-intake@dev',
      'claim-intake@prod',
      'claim-intake@staging',
      'ticket-triage@dev',
      'ticket-triage@prod',
      'ticket-triage@staging',
    ]);
    assert.ok(drift.drifted.every((item) => !item.exception && !item.frozen), 'none is excused or frozen yet');

    // Every page says so, at the next look (at most a minute) or on reload.
    await page.reload();
    const banner = page.getByTestId('drift-banner');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-state'), 'breaking');
    assert.equal(await banner.getByTestId('drift-banner-text').innerText(), '6 live deployments break policy after a policy change');
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-banner.png') });

    await banner.getByRole('button', { name: 'Review' }).click();
    const drawer = page.getByTestId('drift-drawer');
    await drawer.waitFor();
    await notice('IT Service Desk · Production').waitFor();
    assert.equal(await drawer.getByTestId('drift-notice').count(), 6);
    // By workspace (claims, then it-service-desk), then up the chain: dev, staging, prod.
    await eventually(() => listed(drawer), ALL_SIX);
    // Claim intake reads confidential personal data with the same model.
    const claims = notice('Claims · Production');
    assert.equal(await claims.getByTestId('drift-notice-workflow').innerText(), 'claim-intake');
    const claimViolations = await claims.getByTestId('drift-violations').innerText();
    assert.match(claimViolations, /description is confidential\/pii and reaches the model builtin at step facts, but builtin is cleared only for public/);
    assert.match(claimViolations, /document is confidential\/pii and reaches the model builtin at step facts/);
    assert.match(claimViolations, /description is confidential\/pii and reaches the model builtin at step severity/);
    assert.equal(await claims.getAttribute('data-state'), 'breaking');
    const prod = notice('IT Service Desk · Production');
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

    // Now calmer and apart: under the exception, no longer counted as breaking policy. Claim intake in prod, and
    // ticket triage elsewhere, still break policy: the exception is for that one deployment.
    await prod.and(page.locator('[data-state="excepted"]')).waitFor();
    await eventually(() => listed(drawer), ALL_SIX);
    assert.deepEqual(
      await drawer.getByTestId('drift-notice').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-state'))),
      ['breaking', 'breaking', 'breaking', 'breaking', 'breaking', 'excepted'],
    );
    assert.equal(await claims.getAttribute('data-state'), 'breaking');
    assert.equal(await claims.getByTestId('drift-notice-exception').count(), 0);
    assert.match(
      await prod.getByTestId('drift-notice-exception').innerText(),
      /^Exception until .+ — The model is being re-assessed for internal data — granted by admin@demo\.local$/,
    );
    assert.equal(await prod.getByRole('button', { name: 'Grant a new exception…' }).count(), 1);
    await banner.getByTestId('drift-banner-text').filter({ hasText: '5 live deployments break policy after a policy change' }).waitFor();
    assert.equal(await banner.getByTestId('drift-banner-excepted').innerText(), '1 deployment runs under a policy exception');
    await prod.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-exception.png') });

    // The server has it too.
    const after = (await admin('GET', '/api/v1/policy-drift')).drifted;
    const granted = after.find((item) => item.workflow === 'ticket-triage' && item.environment === 'prod');
    assert.equal(granted.exception.reason, 'The model is being re-assessed for internal data');
    assert.equal(granted.exception.granted_by, 'admin@demo.local');
    assert.deepEqual(
      after.filter((item) => item.exception).map((item) => `${item.workflow}@${item.environment}`),
      ['ticket-triage@prod'],
    );

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
    assert.equal(await banner.getByTestId('drift-banner-text').innerText(), '5 live deployments break policy after a policy change');
    assert.equal(await banner.getByTestId('drift-banner-excepted').innerText(), '1 deployment runs under a policy exception');
    await banner.getByRole('button', { name: 'Review' }).click();
    const drawer = page.getByTestId('drift-drawer');
    await drawer.waitFor();
    await notice('IT Service Desk · Production').waitFor();
    // The builder builds in both workspaces, so sees all six.
    assert.equal(await drawer.getByTestId('drift-notice').count(), 6);
    await eventually(() => listed(drawer), ALL_SIX);
    assert.equal(await drawer.getByRole('button', { name: /Grant/ }).count(), 0);
    assert.equal(await drawer.getByRole('button', { name: /Freeze/ }).count(), 0);
    assert.equal(await notice('IT Service Desk · Production').getByRole('link', { name: 'Open pipeline' }).count(), 1);
    assert.match(await notice('IT Service Desk · Production').getByTestId('drift-notice-exception').innerText(), /granted by admin@demo\.local/);
    await notice('IT Service Desk · Production').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'drift-builder.png') });
  });
});

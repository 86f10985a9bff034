// End-to-end: a batch whose table comes from a file store instead of an upload. An admin makes a folder of exports a
// file-store connection open to the IT service desk and binds it in production; the builder publishes ticket triage
// there as a batch (as batch.test.mjs does). The demo consumer then opens the app's Batch tab, turns to "From a file
// store", goes into the exports folder, picks tickets.csv, sees its preview, starts the batch and watches every row
// succeed; the batch is named after the store and the file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, startDemo, until } from './harness.mjs';

const WORKSPACE = 'it-service-desk';
const WORKFLOW = 'ticket-triage';
const BASE = `/api/v1/workspaces/${WORKSPACE}/workflows/${WORKFLOW}`;
const STORE = 'exports';

const TICKETS = [
  ['VPN down for the whole Leeds office', 'Nobody in Leeds can connect to the VPN since 9:00.'],
  ['Printer on floor 3 jams', 'The printer by the kitchen jams on every job.'],
  ['Password reset', "I forgot my password and I'm locked out."],
  ['Laptop screen flickers', 'My laptop screen flickers when I move the lid.'],
  ['E-mail is down', 'Nobody can send or receive e-mail since 10:00.'],
];

describe('a batch whose table comes from a file store', () => {
  let demo;
  let page;
  let root;

  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `batch-file-store-${name}.png`) });

  before(async () => {
    // The store: exports/tickets.csv, with an archive folder (empty) and a file that is no table beside it.
    root = mkdtempSync(join(tmpdir(), 'paddock-store-'));
    mkdirSync(join(root, 'exports', 'archive'), { recursive: true });
    const lines = TICKETS.map(([subject, body]) => `${subject},"${body.replace(/"/g, '""')}"`);
    writeFileSync(join(root, 'exports', 'tickets.csv'), `subject,body\n${lines.join('\n')}\n`);
    writeFileSync(join(root, 'exports', 'readme.md'), '# Nightly exports of the ticket system\n');

    demo = await startDemo();
    ({ page } = demo);
    const admin = await apiSession(demo.baseUrl, 'admin@demo.local');
    const builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    const approver = await apiSession(demo.baseUrl, 'approver@demo.local');

    // The folder as a file store open to the service desk, bound where the app runs in production.
    await admin('POST', '/api/v1/connections', {
      name: STORE,
      kind: 'files',
      description: 'Nightly exports of the ticket system',
      settings: { root },
      read_label: 'internal',
      workspaces: [WORKSPACE],
    });
    await admin('PUT', `/api/v1/workspaces/${WORKSPACE}/bindings/prod/${STORE}`, { connection: STORE });

    // Ticket triage v2 published in production as a batch for all staff (after its review and a run in staging).
    const staging = await until('the demo seeds the review of ticket-triage v2 for staging', async () => {
      const { reviews } = await approver('GET', '/api/v1/reviews?status=open');
      return reviews.find((review) => review.workflow === WORKFLOW && review.version === 2 && review.environment === 'staging');
    });
    await approver('POST', `/api/v1/reviews/${staging.id}/decision`, { decision: 'approve', comment: 'Tried it: fine.' });
    const run = await builder('POST', `${BASE}/deployments/staging/runs`, {
      inputs: { subject: 'Phishing e-mail', body: 'An e-mail asks for my password.' },
    });
    await until('the run in staging succeeds', async () => (await builder('GET', `/api/v1/runs/${run.id}`)).status === 'succeeded');
    const { groups } = await builder('GET', '/api/v1/audience-groups');
    const allStaff = groups.find((group) => group.name === 'All staff');
    assert.ok(allStaff, 'the demo has the group All staff');
    const pipeline = await builder('GET', `${BASE}/deployments`);
    const live = pipeline.stages.find((stage) => stage.environment.slug === 'prod').live.interfaces;
    const review = await builder('POST', `${BASE}/reviews`, {
      version: 2,
      environment: 'prod',
      message: 'The service desk may run it over the nightly exports.',
      interfaces: { ...live, batch: { audience: [allStaff.id], clearance: 'internal' } },
    });
    const decided = await approver('POST', `/api/v1/reviews/${review.id}/decision`, { decision: 'approve', comment: 'Looks right.' });
    assert.equal(decided.status, 'deployed');
  });

  after(async () => {
    await demo?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('lets the consumer go into the store, pick tickets.csv and see its preview', async () => {
    await demo.signIn('consumer@demo.local');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${demo.baseUrl}/apps/${WORKSPACE}/${WORKFLOW}`);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await page.getByTestId('app-tab-batch').click();
    await page.getByTestId('batch-drop').waitFor();

    // Offered, since there is a store the consumer may use.
    await page.getByTestId('batch-table-from').getByText('From a file store').click();
    const picker = page.getByTestId('batch-store');
    await picker.waitFor();
    // The only store is chosen already, with its description and label.
    assert.equal(await page.getByTestId('batch-store-select').inputValue(), STORE);
    assert.match(await page.getByTestId('batch-store-about').textContent(), /Internal.*Nightly exports of the ticket system/);

    // Its option says what it holds and how sensitive that is.
    await page.getByTestId('batch-store-select').click();
    const option = page.getByRole('option', { name: /exports/ });
    await option.waitFor();
    assert.match(await option.textContent(), /^exportsInternalNightly exports of the ticket system$/);
    await shot('sources');
    await page.keyboard.press('Escape');
    await option.waitFor({ state: 'hidden' });

    // The root holds the exports folder: into it.
    const browser = page.getByTestId('batch-store-browser');
    await browser.getByRole('button', { name: 'Open the folder exports' }).click();
    await browser.getByText('tickets.csv', { exact: true }).waitFor();
    assert.equal((await page.getByTestId('batch-store-crumbs').textContent()).trim(), `${STORE}/exports`);
    // The archive folder is empty; the breadcrumb goes back up.
    await browser.getByRole('button', { name: 'Open the folder archive' }).click();
    assert.equal((await page.getByTestId('batch-store-empty').textContent()).trim(), 'This folder is empty');
    await page.getByTestId('batch-store-crumbs').getByRole('button', { name: 'exports' }).last().click();
    await browser.getByText('tickets.csv', { exact: true }).waitFor();
    // A file that is no table is shown, but cannot be chosen.
    assert.equal(await browser.getByText('readme.md', { exact: true }).count(), 1);
    assert.equal(await browser.getByRole('button', { name: /readme\.md/ }).count(), 0);

    await browser.getByRole('button', { name: 'Choose tickets.csv' }).click();
    const preview = page.getByTestId('batch-preview');
    await preview.waitFor();
    assert.match(await page.getByTestId('batch-store-chosen').textContent(), /Chosen: exports\/tickets\.csv from exports/);
    assert.equal((await page.getByTestId('batch-preview-counts').textContent()).trim(), '5 rows in all5 will run');
    assert.equal(await page.getByTestId('batch-map-subject').inputValue(), 'subject');
    assert.equal(await page.getByTestId('batch-map-body').inputValue(), 'body');
    assert.equal(await page.getByTestId('batch-preview-row').count(), 5);
    assert.equal(await page.getByTestId('batch-problems').count(), 0);
    await page.getByTestId('batch-table-from').scrollIntoViewIfNeeded();
    await shot('picker');
  });

  it('starts the batch from the store and follows it until every row is done', async () => {
    await page.getByTestId('batch-start').click();
    const progress = page.getByTestId('batch-progress');
    await progress.waitFor();
    assert.equal((await page.getByTestId('batch-source').textContent()).trim(), `${STORE}:exports/tickets.csv`);
    await page.getByTestId('batch-status').filter({ hasText: /^Finished$/ }).waitFor({ timeout: 60_000 });
    assert.equal((await page.getByTestId('batch-percent').textContent()).trim(), '100%');
    assert.equal((await page.getByTestId('batch-count-succeeded').textContent()).trim(), '5 succeeded');
    const listed = page.getByTestId('batch-list-row');
    assert.equal(await listed.count(), 1);
    assert.match(await listed.first().textContent(), /exports:exports\/tickets\.csv.*5 rows.*Finished/);
    await progress.scrollIntoViewIfNeeded();
    await shot('progress');
  });
});

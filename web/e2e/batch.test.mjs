// End-to-end: a batch run of a published app. Ticket triage is published in production as a form and an API to all
// staff; the builder publishes v2 there as a batch too (through a review the approver approves, after a run in
// staging). The demo consumer then opens the app's Batch tab, drops a table of 20 tickets — one malformed row and one
// with no subject among them — sees the preview with the two rows that will not run and why, starts the batch, watches
// it finish, and downloads the results: one row per input row, the two bad ones with their error.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, apiSession, startDemo, until } from './harness.mjs';

const WORKSPACE = 'it-service-desk';
const WORKFLOW = 'ticket-triage';
const BASE = `/api/v1/workspaces/${WORKSPACE}/workflows/${WORKFLOW}`;

const TICKETS = [
  ['VPN down for the whole Leeds office', 'Nobody in Leeds can connect to the VPN since 9:00.'],
  ['Printer on floor 3 jams', 'The printer by the kitchen jams on every job.'],
  ['Password reset', "I forgot my password and I'm locked out."],
  ['Laptop screen flickers', 'My laptop screen flickers when I move the lid.'],
  ['How do I book a meeting room?', 'Where is the room booking tool?'],
  ['E-mail is down', 'Nobody can send or receive e-mail since 10:00.'],
  ['Need access to the finance share', 'Please give me read access to the finance reports.'],
  ['Phone headset broken', 'The left ear of my headset makes no sound.'],
  ['Wi-Fi slow on floor 2', 'Pages take a minute to load, "even" simple ones.'],
  ['New starter needs a laptop', 'Sam joins on Monday, and needs a laptop.'],
  ["Can't log in to the CRM", 'It says my account is locked.'],
  ['Monitor does not turn on', 'The second monitor stays black.'],
  ['How to set an out-of-office?', "I'm away next week."],
  ['Network outage in Bristol', 'The whole Bristol office is offline.'],
  ['Keyboard missing keys', 'The E key came off.'],
  ['Request admin rights', 'I need to install a tool for a client.'],
  ['Teams calls drop', 'Calls drop after five minutes.'],
  ['Scanner not found', 'The scanner is not listed on my PC.'],
];
/** Row 6 has more values than the header has columns; row 12 has no subject. */
const MALFORMED_ROW = 6;
const NO_SUBJECT_ROW = 12;

function csvCell(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The table as CSV: the tickets, with the malformed row and the row without a subject in their places. */
function ticketTable() {
  const lines = TICKETS.map(([subject, body]) => `${csvCell(subject)},${csvCell(body)}`);
  lines.splice(MALFORMED_ROW - 1, 0, 'Broken row,with,too many,values');
  lines.splice(NO_SUBJECT_ROW - 1, 0, ',A ticket without a subject line');
  return `subject,body\n${lines.join('\n')}\n`;
}

/** A CSV as rows of cells (quotes, doubled quotes and commas inside quotes understood). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('a batch run of a published app, from a table to its results', () => {
  let demo;
  let page;
  let folder;

  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `batch-${name}.png`) });

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    folder = mkdtempSync(join(tmpdir(), 'paddock-batch-'));
    const builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    const approver = await apiSession(demo.baseUrl, 'approver@demo.local');

    // The demo seeds ticket triage's history once its workers are up: v2 waits for review in staging.
    const staging = await until('the demo seeds the review of ticket-triage v2 for staging', async () => {
      const { reviews } = await approver('GET', '/api/v1/reviews?status=open');
      return reviews.find((review) => review.workflow === WORKFLOW && review.version === 2 && review.environment === 'staging');
    });
    await approver('POST', `/api/v1/reviews/${staging.id}/decision`, { decision: 'approve', comment: 'Tried it: fine.' });

    // A run of v2 in staging: the evidence production asks for.
    const run = await builder('POST', `${BASE}/deployments/staging/runs`, {
      inputs: { subject: 'Phishing e-mail', body: 'An e-mail asks for my password.' },
    });
    await until('the run in staging succeeds', async () => (await builder('GET', `/api/v1/runs/${run.id}`)).status === 'succeeded');

    // Production keeps its form and API, and gains a batch interface for all staff.
    const { groups } = await builder('GET', '/api/v1/audience-groups');
    const allStaff = groups.find((group) => group.name === 'All staff');
    assert.ok(allStaff, 'the demo has the group All staff');
    const pipeline = await builder('GET', `${BASE}/deployments`);
    const live = pipeline.stages.find((stage) => stage.environment.slug === 'prod').live.interfaces;
    assert.ok(live.form && live.api, 'ticket triage is published in production as a form and an API');
    const review = await builder('POST', `${BASE}/reviews`, {
      version: 2,
      environment: 'prod',
      message: 'Security reports get their own category; the service desk may also run it over a table.',
      interfaces: { ...live, batch: { audience: [allStaff.id], clearance: 'internal' } },
    });
    const decided = await approver('POST', `/api/v1/reviews/${review.id}/decision`, { decision: 'approve', comment: 'Looks right.' });
    assert.equal(decided.status, 'deployed');
  });

  after(async () => {
    await demo?.stop();
  });

  it('lets the consumer preview a table: its columns, first rows, and the two rows that will not run, with why', async () => {
    await demo.signIn('consumer@demo.local');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${demo.baseUrl}/apps/${WORKSPACE}/${WORKFLOW}`);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await page.getByTestId('app-tab-batch').click();
    await page.getByTestId('batch-drop').waitFor();

    const table = join(folder, 'tickets.csv');
    writeFileSync(table, ticketTable());
    await page.getByTestId('batch-file-input').setInputFiles(table);

    const preview = page.getByTestId('batch-preview');
    await preview.waitFor();
    assert.equal((await page.getByTestId('batch-preview-counts').textContent()).trim(), '20 rows in all18 will run2 will not run');
    // Each input is fed by the column of its name.
    assert.equal(await page.getByTestId('batch-map-subject').inputValue(), 'subject');
    assert.equal(await page.getByTestId('batch-map-body').inputValue(), 'body');
    // The first ten rows, the malformed one marked.
    assert.equal(await page.getByTestId('batch-preview-row').count(), 10);
    const malformed = page.getByTestId('batch-preview-row').nth(MALFORMED_ROW - 1);
    assert.match(await malformed.textContent(), /This row does not read: the row has 4 values; the header names 2 columns/);
    const problems = page.getByTestId('batch-problem');
    assert.equal(await problems.count(), 2);
    assert.equal((await problems.nth(0).textContent()).trim(), `Row ${MALFORMED_ROW}The row has 4 values; the header names 2 columns`);
    assert.equal((await problems.nth(1).textContent()).trim(), `Row ${NO_SUBJECT_ROW}Subject: required, but not given`);
    await page.getByTestId('batch-problems').scrollIntoViewIfNeeded();
    await shot('preview');
  });

  it('starts the batch and follows it to its end', async () => {
    await page.getByTestId('batch-concurrency').fill('4');
    await page.getByTestId('batch-start').click();
    const progress = page.getByTestId('batch-progress');
    await progress.waitFor();
    assert.equal((await page.getByTestId('batch-source').textContent()).trim(), 'tickets.csv');
    await page.getByTestId('batch-status').filter({ hasText: 'Finished with failures' }).waitFor({ timeout: 60_000 });
    assert.equal((await page.getByTestId('batch-percent').textContent()).trim(), '100%');
    assert.equal((await page.getByTestId('batch-count-succeeded').textContent()).trim(), '18 succeeded');
    assert.equal((await page.getByTestId('batch-count-failed').textContent()).trim(), '2 failed (2 could not run)');
    assert.match(await page.getByTestId('batch-summary').textContent(), /18 rows ran successfully and 2 rows did not/);
    // Only rows that could not run failed: nothing to retry, only the table to fix.
    assert.equal(await page.getByTestId('batch-retry').count(), 0);
    assert.equal(await page.getByTestId('batch-cancel').count(), 0);
    // The bar: green for the 18, red for the 2.
    assert.equal(await page.getByTestId('batch-bar-succeeded').getAttribute('aria-label'), '18 rows succeeded');
    assert.equal(await page.getByTestId('batch-bar-failed').getAttribute('aria-label'), '2 rows failed');
    // It is listed among the consumer's batches.
    const listed = page.getByTestId('batch-list-row');
    assert.equal(await listed.count(), 1);
    assert.match(await listed.first().textContent(), /tickets\.csv.*20 rows.*Finished with failures/);
    await progress.scrollIntoViewIfNeeded();
    await shot('progress');
  });

  it('downloads the results: a row per input row, the two bad rows with their error', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download-csv').click()]);
    assert.equal(download.suggestedFilename(), 'tickets-results.csv');
    const file = join(folder, 'results.csv');
    await download.saveAs(file);
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
    assert.deepEqual(header, [
      'row',
      'subject',
      'body',
      'status',
      'output.category',
      'output.confidence',
      'output.routing',
      'output.runbook',
      'error',
      'run',
    ]);
    assert.equal(rows.length, 20, 'one result row per input row');
    const column = (name) => header.indexOf(name);
    rows.forEach((row, index) => {
      const number = index + 1;
      assert.equal(row[column('row')], String(number));
      if (number === MALFORMED_ROW || number === NO_SUBJECT_ROW) {
        assert.equal(row[column('status')], 'invalid', `row ${number} could not run`);
        assert.notEqual(row[column('error')], '', `row ${number} says why`);
        assert.equal(row[column('run')], '');
      } else {
        assert.equal(row[column('status')], 'succeeded', `row ${number} ran`);
        assert.notEqual(row[column('output.category')], '', `row ${number} has its category`);
        assert.equal(row[column('error')], '');
        assert.notEqual(row[column('run')], '');
      }
    });
    assert.equal(rows[NO_SUBJECT_ROW - 1][column('error')], 'inputs.subject: required, but not given');
    assert.equal(rows[NO_SUBJECT_ROW - 1][column('body')], 'A ticket without a subject line');
    assert.match(rows[MALFORMED_ROW - 1][column('error')], /the row has 4 values/);
    // The tickets in order, each with its own outputs.
    assert.equal(rows[0][column('subject')], TICKETS[0][0]);
    assert.equal(rows[0][column('output.category')], 'outage');

    const [lines] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download-jsonl').click()]);
    assert.equal(lines.suggestedFilename(), 'tickets-results.jsonl');
    const jsonl = join(folder, 'results.jsonl');
    await lines.saveAs(jsonl);
    const records = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(records.length, 20);
    assert.deepEqual(
      records.filter((record) => record.status === 'invalid').map((record) => record.row),
      [MALFORMED_ROW, NO_SUBJECT_ROW],
    );
  });

  it('opens an earlier batch from the list, and starts another', async () => {
    await page.reload();
    await page.getByTestId('batch-list-row').first().click();
    await page.getByTestId('batch-progress').waitFor();
    assert.equal((await page.getByTestId('batch-status').textContent()).trim(), 'Finished with failures');
    await page.getByTestId('batch-new-button').click();
    await page.getByTestId('batch-drop').waitFor();
    // A file that is no table is refused before anything is sent.
    const sheet = join(folder, 'tickets.xlsx');
    writeFileSync(sheet, 'not a table');
    await page.getByTestId('batch-file-input').setInputFiles(sheet);
    assert.match(await page.getByTestId('batch-file-rejected').textContent(), /tickets\.xlsx is not a table Paddock reads/);
  });
});

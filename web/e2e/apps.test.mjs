// End-to-end: a consumer finds the claim-intake app in the catalog, fills its form with a supporting document,
// follows the run to its result and downloads it; a file of the wrong kind or too large is refused in the browser.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const CLAIMANT = 'Jane Doe-Marchetti';

describe('the consumer runs a published app through its form', () => {
  let demo;
  let page;
  /** Every request that would start a run, to prove that a refused file sends nothing. */
  const runPosts = [];

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/v1\/apps\/[^/]+\/[^/]+\/runs/.test(new URL(request.url()).pathname)) runPosts.push(request);
    });
  });

  after(async () => {
    await demo?.stop();
  });

  it('lands on the catalog and sees the apps published to them', async () => {
    await demo.signIn('consumer@demo.local');
    await page.waitForURL(/\/apps$/);
    await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor();
    const claims = page.getByTestId('app-card-claims-claim-intake');
    const triage = page.getByTestId('app-card-it-service-desk-ticket-triage');
    await claims.waitFor();
    await triage.waitFor();
    assert.match(await claims.innerText(), /Claims/);
    assert.match(await claims.innerText(), /Takes a new insurance claim/);
    assert.equal(await claims.getByTestId('interface-form').count(), 1);
    assert.match(await triage.innerText(), /IT Service Desk/);
    await page.screenshot({ path: join(SCREENSHOTS, 'apps-catalog.png') });

    // The search asks the server and narrows the list.
    await page.getByRole('textbox', { name: 'Search apps' }).fill('ticket');
    await claims.waitFor({ state: 'detached' });
    assert.equal(await triage.count(), 1);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await claims.waitFor();
  });

  it('refuses in the browser a file of the wrong kind or too large, and sends nothing', async () => {
    await page.getByRole('link', { name: 'claim-intake' }).click();
    await page.waitForURL(/\/apps\/claims\/claim-intake$/);
    await page.getByRole('heading', { level: 1, name: 'claim-intake' }).waitFor();
    assert.match(await page.getByTestId('file-rules-document').innerText(), /PDF, images, plain text or Markdown, up to 10 MB/);

    const picker = page.getByTestId('file-input-document');
    const zone = page.getByTestId('file-drop-document').locator('..');
    await picker.setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\u0003\u0004 not really a zip') });
    await zone.getByText('“photos.zip” is not a kind of file this app accepts. Choose PDF, images, plain text or Markdown.').waitFor();
    await picker.setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await zone.getByText(/“setup.exe” is not a kind of file this app accepts/).waitFor();
    await picker.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) });
    await zone.getByText('“scan.pdf” is 11 MB, larger than the 10 MB this app accepts. Choose a smaller file.').waitFor();
    assert.equal(await page.getByTestId('file-chosen-document').count(), 0);
    await zone.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'apps-form-refused-file.png') });

    // Sending the form now only shows what is missing: nothing reaches the server.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('form-errors').waitFor();
    assert.equal(runPosts.length, 0);
  });

  it('fills the form with a document, follows the run to its result and downloads it', async () => {
    await page.getByRole('textbox', { name: /^Claimant/ }).fill(CLAIMANT);
    await page.getByRole('textbox', { name: /^Policy number/ }).fill('PN-20931');
    await page.getByRole('combobox', { name: /^Claim type/ }).click();
    await page.getByRole('option', { name: 'motor' }).click();
    await page.getByLabel(/^Incident date/).fill('2026-11-20');
    await page.getByRole('textbox', { name: /^Description/ }).fill('A shopping trolley rolled into the driver door in the car park and left a dent.');
    await page.getByTestId('file-input-document').setInputFiles({
      name: 'claim-note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`Claim note from ${CLAIMANT}: dent in the driver door, no one hurt.\n`),
    });
    assert.match(await page.getByTestId('file-chosen-document').innerText(), /claim-note\.txt/);
    assert.equal(await page.getByTestId('form-errors').count(), 0);
    await page.setViewportSize({ width: 1280, height: 1200 });
    await page.screenshot({ path: join(SCREENSHOTS, 'apps-form.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\?run=[^&]+$/);
    const run = page.getByTestId('app-run');
    await run.waitFor();
    assert.equal(runPosts.length, 1);
    assert.equal(new URL(runPosts[0].url()).searchParams.get('interface'), 'form');
    assert.match(runPosts[0].headers()['content-type'], /^multipart\/form-data/);

    // The page follows the run until its last step is done.
    const result = page.getByTestId('app-result');
    await result.waitFor({ timeout: 30_000 });
    assert.equal(await run.getAttribute('data-status'), 'succeeded');
    assert.equal(await page.getByTestId('app-run-progress').innerText(), '6 of 6 steps done');
    assert.equal(await page.getByTestId('app-run-progress-bar').getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    await run.getByText('Succeeded', { exact: true }).waitFor();
    const summary = await page.getByTestId('output-value-summary').innerText();
    assert.match(summary, new RegExp(CLAIMANT));
    assert.match(summary, /motor-claims/);
    assert.match(summary, /claim-note\.txt/);
    assert.match(await page.getByTestId('output-value-routing').innerText(), /motor-claims/);
    await page.getByTestId('recent-runs').getByText('Succeeded').waitFor();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'apps-form-result.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The acknowledgement letter the run wrote, as a PDF the claimant can be sent.
    const letterLink = page.getByTestId('output-value-acknowledgement').getByRole('link', { name: /^Download claim-acknowledgement-PN-20931\.pdf/ });
    const [letter] = await Promise.all([page.waitForEvent('download'), letterLink.click()]);
    assert.equal(letter.suggestedFilename(), 'claim-acknowledgement-PN-20931.pdf');
    const pdf = await readFile(await letter.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // The standard fonts keep the text as it is in the page's content: the claimant's name is there.
    assert.match(pdf.toString('latin1'), new RegExp(`Dear ${CLAIMANT},`));

    const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-md').click()]);
    assert.match(markdown.suggestedFilename(), /^claim-intake-.*\.md$/);
    const text = await readFile(await markdown.path(), 'utf8');
    assert.match(text, new RegExp(CLAIMANT));
    assert.match(text, /motor-claims/);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    const record = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(record.status, 'succeeded');
    assert.equal(record.inputs.claimant, CLAIMANT);

    // Run again: an empty form, ready for the next claim.
    await page.getByRole('button', { name: 'Run again' }).click();
    await page.getByTestId('app-form').waitFor();
    assert.equal(await page.getByRole('textbox', { name: /^Claimant/ }).inputValue(), '');
  });
});

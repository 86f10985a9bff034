// End-to-end: the demo steward opens Knowledge and finds the demo's two knowledge bases, Claims policies and IT
// runbooks, each with its label and its documents read (reloading the list while they are read); opens IT runbooks,
// sees the scanned printer procedure read by OCR and finds it with a query on paper jams and toner. The steward then
// creates a third knowledge base, Claims procedures, in Claims, uploads a Markdown policy (and drops a CSV and a file
// it cannot read on the drop zone), waits until the policy is read, tries a query and sees the matching passage
// highlighted with its citation, and shares it with workspaces. A steward cannot list the organisation's groups, so
// the page says so; an administrator then shares it with a group on the same page. A builder of Claims sees it, among
// the demo's two, read only: its documents and a query, no upload, no access list, no settings.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo, until } from './harness.mjs';

const SLUG = 'claims-procedures';
const NAME = 'Claims procedures';
/** The knowledge bases `paddock serve --demo` ships, with their documents. */
const DEMO_BASES = [
  { slug: 'claims-policies', name: 'Claims policies', label: 'Confidential', documents: 5 },
  { slug: 'it-runbooks', name: 'IT runbooks', label: 'Internal', documents: 5 },
];
const SCAN = 'printer-jam-procedure.png';
const POLICY = `# Claims policy

The rules Claims handlers follow when they settle a claim.

## Water damage

A burst pipe is covered when the water damage is sudden and accidental. Damage from a leak that went on for
months is not covered; the handler asks for a plumber's report to tell the two apart.

## Theft

Theft is covered when the home shows signs of forced entry, reported to the police within 48 hours.
`;
const RATES = 'region,rate\nnorth,1.2\nsouth,0.9\n';

/** The counts under a knowledge base's card on the list. */
function cardCounts(page, slug) {
  return page.getByTestId(`knowledge-counts-${slug}-text`).innerText();
}

/**
 * Until `ready` says the list is as expected: the list does not follow documents being read, so, like a person
 * waiting for them, this reloads it between looks.
 */
async function reloadListUntil(page, what, ready, timeoutMs = 90_000) {
  await until(
    what,
    async () => {
      if (await ready()) return true;
      await new Promise((resolve) => setTimeout(resolve, 750));
      await page.reload();
      await page.getByTestId('knowledge-list').waitFor();
      return false;
    },
    timeoutMs,
  );
}

/** Drops files on the drop zone as a person dragging them from their desktop would. */
async function dropFiles(page, testId, files) {
  await page.getByTestId(testId).evaluate((zone, dropped) => {
    const transfer = new DataTransfer();
    for (const { name, type, text } of dropped) transfer.items.add(new File([text], name, { type }));
    zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, files);
}

describe('a steward builds a knowledge base that others use', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it("shows the steward the demo's two knowledge bases, each with its label and its documents read", async () => {
    await demo.signIn('steward@demo.local');
    await page.getByTestId('nav-knowledge').click();
    await page.getByTestId('knowledge-list').waitFor();
    const cards = page.locator('[data-testid^="knowledge-card-"]');
    assert.deepEqual(
      (await cards.evaluateAll((found) => found.map((card) => card.getAttribute('data-testid')))).sort(),
      DEMO_BASES.map(({ slug }) => `knowledge-card-${slug}`),
    );
    for (const { slug, name, label, documents } of DEMO_BASES) {
      const card = page.getByTestId(`knowledge-card-${slug}`);
      await card.getByRole('link', { name, exact: true }).waitFor();
      assert.equal((await card.getByTestId(`knowledge-label-${slug}`).innerText()).trim(), label);
      assert.match(await cardCounts(page, slug), new RegExp(`^${documents} documents: `));
    }
    // The server's workers read the demo's documents right after it starts, the scanned page by OCR.
    await reloadListUntil(page, 'the demo documents all read', async () => {
      const counts = await Promise.all(DEMO_BASES.map(({ slug }) => cardCounts(page, slug)));
      return counts.every((text, index) => text === `${DEMO_BASES[index].documents} documents: ${DEMO_BASES[index].documents} ready`);
    });
    assert.equal(await page.getByTestId('empty-knowledge').count(), 0);
    await page.getByRole('button', { name: 'New knowledge base' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-list-steward.png') });
  });

  it('opens IT runbooks: the scanned printer procedure is read by OCR and a query on paper jams finds it', async () => {
    await page.getByTestId('knowledge-card-it-runbooks').getByRole('link', { name: 'IT runbooks' }).click();
    await page.waitForURL(/\/knowledge\/it-runbooks$/);
    await page.getByRole('heading', { level: 1, name: 'IT runbooks' }).waitFor();
    assert.equal((await page.getByTestId('knowledge-base-label').innerText()).trim(), 'Internal');
    await page.getByTestId('knowledge-base-counts-text').filter({ hasText: '5 documents: 5 ready' }).waitFor();
    const rows = page.locator('[data-testid^="document-row-"]');
    assert.deepEqual(
      (await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-testid').slice('document-row-'.length)))).sort(),
      ['email-delivery-problems.md', 'laptop-replacement.md', 'password-reset.md', SCAN, 'vpn-outage.md'],
    );
    await page.locator(`[data-testid="document-status-${SCAN}"][data-status="ready"]`).waitFor();
    assert.match(await page.getByTestId(`document-status-${SCAN}`).innerText(), /\d+ passages? · 1 read from scans/);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-it-runbooks.png'), fullPage: true });

    await page.getByTestId('knowledge-tab-search').click();
    assert.equal(await page.getByTestId('search-readiness').count(), 0, 'every document is ready: no note on readiness');
    await page.getByTestId('search-query').fill('paper jam toner');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.getByTestId('passage-1');
    await first.waitFor();
    assert.match(await first.getByTestId('passage-citation').innerText(), /^printer-jam-procedure\.png · p\. 1 · chars \d[\d,]*–\d[\d,]*$/);
    const highlights = await first.getByTestId('passage-highlight').allInnerTexts();
    assert.ok(highlights.some((text) => /jam|toner/i.test(text)), `a highlight on “jam” or “toner”: ${highlights.join(', ')}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-search-ocr.png'), fullPage: true });
  });

  it('creates a knowledge base in Claims, labelled confidential with personal data', async () => {
    await page.getByTestId('nav-knowledge').click();
    await page.getByTestId('knowledge-list').waitFor();
    await page.getByRole('button', { name: 'New knowledge base' }).click();
    const form = page.getByTestId('new-knowledge-base-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: /^Name/ }).fill(NAME);
    assert.equal(await form.getByRole('textbox', { name: /^Short name/ }).inputValue(), SLUG);
    await form.getByRole('textbox', { name: /^Description/ }).fill('The claims handling procedures in force');
    await form.getByRole('combobox', { name: /^Workspace/ }).click();
    await page.getByRole('option', { name: 'Claims' }).click();
    const label = form.getByTestId('new-knowledge-base-label');
    await label.getByRole('combobox', { name: /^Level of what it holds/ }).click();
    await page.getByRole('option', { name: /^Confidential/ }).click();
    await label.getByRole('group', { name: /^Special categories in what it holds/ }).getByText('pii', { exact: true }).click();
    assert.equal((await label.getByTestId('new-knowledge-base-label-value').innerText()).trim(), 'confidential/pii');
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-new.png') });
    await form.getByRole('button', { name: 'Create knowledge base' }).click();

    await page.waitForURL(new RegExp(`/knowledge/${SLUG}$`));
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByTestId('knowledge-created').waitFor();
    assert.match(await page.getByTestId('knowledge-base-label').innerText(), /Confidential, PII/);
    await page.getByTestId('documents-empty').waitFor();
  });

  it('uploads a Markdown policy and follows it until it is read', async () => {
    await page.getByTestId('document-input').setInputFiles({ name: 'policy.md', mimeType: 'text/markdown', buffer: Buffer.from(POLICY) });
    await page.locator('[data-testid="upload-policy.md"][data-state="added"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="document-status-policy.md"][data-status="ready"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('document-row-policy.md').innerText(), /passage/);

    // Dropped on the zone: a CSV goes in; a kind it cannot read is refused before anything is sent.
    await dropFiles(page, 'document-drop', [
      { name: 'rates.csv', type: 'text/csv', text: RATES },
      { name: 'claims.json', type: 'application/json', text: '{}' },
    ]);
    const refused = page.getByTestId('upload-state-claims.json');
    await refused.waitFor();
    assert.match(await refused.innerText(), /not a kind of document Paddock can read yet/);
    await page.locator('[data-testid="upload-rates.csv"][data-state="added"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="document-status-rates.csv"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('knowledge-base-counts-text').filter({ hasText: '2 documents: 2 ready' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-documents.png'), fullPage: true });
  });

  it('finds the passage on burst pipes, highlighted, with its citation', async () => {
    await page.getByTestId('knowledge-tab-search').click();
    await page.getByTestId('search-query').fill('burst pipes');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.getByTestId('passage-1');
    await first.waitFor();
    assert.match(await first.getByTestId('passage-context').innerText(), /Water damage/);
    const highlights = await first.getByTestId('passage-highlight').allInnerTexts();
    assert.ok(highlights.some((text) => /burst/i.test(text)), `a highlight on “burst”: ${highlights.join(', ')}`);
    assert.match(await first.getByTestId('passage-citation').innerText(), /^policy\.md · p\. 1 · chars \d[\d,]*–\d[\d,]*$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-search.png'), fullPage: true });
  });

  it('shares it with Claims everywhere and IT Service Desk in production; groups are for administrators to add', async () => {
    await page.getByTestId('knowledge-tab-access').click();
    await page.getByTestId('access-empty').waitFor();
    const add = page.getByTestId('add-workspace');
    await add.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: 'Claims' }).click();
    await add.getByRole('button', { name: 'Add workspace' }).click();
    await add.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: 'IT Service Desk' }).click();
    await add.getByRole('combobox', { name: 'Environment' }).click();
    await page.getByRole('option', { name: 'Only Production' }).click();
    await add.getByRole('button', { name: 'Add workspace' }).click();
    assert.match(await page.getByTestId('access-entry-workspace-it-service-desk').innerText(), /only in Production/);
    assert.match(await page.getByTestId('groups-unavailable').innerText(), /Only administrators can see the organisation’s groups/);
    await page.getByRole('button', { name: 'Save access' }).click();
    await page.getByTestId('access-notice').filter({ hasText: 'Shared with 2 workspaces' }).waitFor();
    // At the top: a full-page picture of a page scrolled down draws its sticky header halfway down.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-access-steward.png'), fullPage: true });
    await demo.signOut();
  });

  it('lets an administrator share it with the group Claims builders', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').waitFor();
    await page.goto(`${demo.baseUrl}/knowledge/${SLUG}?tab=access`);
    const add = page.getByTestId('add-group');
    await add.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: /^Claims builders/ }).click();
    await add.getByRole('button', { name: 'Add group' }).click();
    await page.getByTestId('access-entry-group-Claims builders').waitFor();
    await page.getByRole('button', { name: 'Save access' }).click();
    await page.getByTestId('access-notice').filter({ hasText: 'Shared with 2 workspaces and 1 group' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-access-group.png'), fullPage: true });

    const response = await page.request.get(`${demo.baseUrl}/api/v1/knowledge-bases/${SLUG}`);
    const { access } = await response.json();
    assert.deepEqual(
      access.map((entry) => `${entry.kind}:${entry.name}:${entry.environment ?? '*'}`).sort(),
      ['group:Claims builders:*', 'workspace:Claims:*', 'workspace:IT Service Desk:prod'],
    );
    await demo.signOut();
  });

  it('shows a builder the knowledge base read only, to search', async () => {
    await demo.signIn('builder@demo.local');
    await page.getByTestId('nav-knowledge').click();
    const card = page.getByTestId(`knowledge-card-${SLUG}`);
    await card.waitFor();
    // Builder in IT Service Desk, and in Claims through the group Claims builders: the demo's two and the new one.
    const cards = page.locator('[data-testid^="knowledge-card-"]');
    assert.deepEqual(
      (await cards.evaluateAll((found) => found.map((one) => one.getAttribute('data-testid')))).sort(),
      ['knowledge-card-claims-policies', `knowledge-card-${SLUG}`, 'knowledge-card-it-runbooks'],
    );
    assert.match(await card.innerText(), /Read only/);
    assert.equal(await page.getByRole('button', { name: 'New knowledge base' }).count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-list-builder.png') });
    await card.getByRole('link', { name: NAME }).click();
    await page.getByTestId('read-only').waitFor();
    await page.getByTestId('document-row-policy.md').waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    assert.deepEqual(tabs, ['Documents', 'Try a query']);
    assert.equal(await page.getByTestId('document-drop').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Remove policy.md' }).count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-builder.png') });

    await page.getByTestId('knowledge-tab-search').click();
    await page.getByTestId('search-query').fill('forced entry');
    await page.getByRole('button', { name: 'Search' }).click();
    assert.match(await page.getByTestId('passage-1').getByTestId('passage-context').innerText(), /Theft/);
  });
});

// End-to-end: the demo steward creates a knowledge base in Claims, uploads a Markdown policy (and drops a CSV and a
// file it cannot read on the drop zone), waits until the policy is read, tries a query and sees the matching passage
// highlighted with its citation, and shares it with workspaces. A steward cannot list the organisation's groups, so
// the page says so; an administrator then shares it with a group on the same page. A builder of Claims sees it read
// only: its documents and a query, no upload, no access list, no settings.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const SLUG = 'claims-policies';
const POLICY = `# Claims policy

The rules Claims handlers follow when they settle a claim.

## Water damage

A burst pipe is covered when the water damage is sudden and accidental. Damage from a leak that went on for
months is not covered; the handler asks for a plumber's report to tell the two apart.

## Theft

Theft is covered when the home shows signs of forced entry, reported to the police within 48 hours.
`;
const RATES = 'region,rate\nnorth,1.2\nsouth,0.9\n';

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

  it('tells the steward what to do while there is none', async () => {
    await demo.signIn('steward@demo.local');
    await page.getByTestId('nav-knowledge').click();
    const empty = page.getByTestId('empty-knowledge');
    await empty.waitFor();
    assert.match(await empty.innerText(), /Create one for a collection of documents/);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-empty-steward.png') });
  });

  it('creates a knowledge base in Claims, labelled confidential with personal data', async () => {
    await page.getByRole('button', { name: 'New knowledge base' }).click();
    const form = page.getByTestId('new-knowledge-base-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: /^Name/ }).fill('Claims policies');
    assert.equal(await form.getByRole('textbox', { name: /^Short name/ }).inputValue(), SLUG);
    await form.getByRole('textbox', { name: /^Description/ }).fill('The claims handling policies in force');
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
    await page.getByRole('heading', { level: 1, name: 'Claims policies' }).waitFor();
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
    assert.match(await card.innerText(), /Read only/);
    await page.screenshot({ path: join(SCREENSHOTS, 'knowledge-list-builder.png') });
    await card.getByRole('link', { name: 'Claims policies' }).click();
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

// End-to-end: an administrator keeps the organisation's label catalogue — adds the category legal-hold and renames
// the level confidential to "Company confidential" — and sees both in a model's clearance. Then, with a Claims draft
// that sends a confidential/pii input to private-secure, lowering private-secure's clearance to internal first shows
// which workflow it would break; the administrator goes back, and nothing is saved.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, SCREENSHOTS, startDemo } from './harness.mjs';

const CLAIM_SUMMARY = `apiVersion: paddock/v1
kind: Workflow
name: claim-summary
inputs:
  claim: { type: string, label: confidential/pii }
steps:
  - id: summary
    uses: llm
    with: { model: private-secure, prompt: "Summarise: {{ inputs.claim }}" }
`;

/** Signs in through the API; returns a `call(method, path, body)` that carries the session and CSRF token. */
async function apiSession(baseUrl, email, password = PASSWORD) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const { csrf_token: csrf } = await login.json();
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return async (method, path, body) => {
    const headers = { Cookie: cookie };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), text };
  };
}

describe('the administrator keeps the label catalogue and sees what a policy change would break', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('shows the levels in order and the categories, next to Connections', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Labels & policy' }).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    assert.equal(tabs.indexOf('Labels & policy'), tabs.indexOf('Connections') + 1);
    await page.getByRole('tab', { name: 'Labels & policy' }).click();
    const levels = page.getByTestId('label-levels');
    await levels.waitFor();
    assert.match(page.url(), /\?tab=labels$/);
    assert.match(await page.getByTestId('labels-explained').innerText(), /A label says how sensitive a piece of data is/);
    const order = await levels.locator('form').evaluateAll((forms) => forms.map((form) => form.getAttribute('aria-label')));
    assert.deepEqual(order, ['Level public', 'Level internal', 'Level confidential', 'Level restricted']);
    for (const name of ['pci', 'phi', 'pii']) await page.getByTestId(`category-row-${name}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-labels.png'), fullPage: true });
  });

  it('adds the category legal-hold', async () => {
    const form = page.getByTestId('add-category-form');
    await form.getByRole('textbox', { name: /^Name/ }).fill('legal-hold');
    await form.getByRole('textbox', { name: /^Description/ }).fill('Documents kept for a lawsuit, which must not leave the company');
    await form.getByRole('button', { name: 'Add category' }).click();
    await page.getByTestId('labels-notice').filter({ hasText: 'The category legal-hold is added' }).waitFor();
    const row = page.getByTestId('category-row-legal-hold');
    await row.waitFor();
    assert.match(await row.innerText(), /Documents kept for a lawsuit/);
    await page.getByTestId('label-categories').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-labels-categories.png') });
  });

  it('renames the level confidential to “Company confidential”, which it still writes as confidential', async () => {
    const card = page.getByTestId('label-level-confidential');
    await card.scrollIntoViewIfNeeded();
    const name = card.getByRole('textbox', { name: /^Name/ });
    assert.equal(await name.inputValue(), 'Confidential');
    await name.fill('Company confidential');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('labels-notice').filter({ hasText: 'The level confidential is now called “Company confidential”' }).waitFor();
    const renamed = page.getByTestId('label-level-confidential');
    await renamed.getByText('Company confidential', { exact: true }).first().waitFor();
    assert.equal(await renamed.getByRole('textbox', { name: /^Name/ }).inputValue(), 'Company confidential');
    assert.match(await renamed.innerText(), /written\s+confidential/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-labels-renamed.png') });

    // Everyone reads the new name from the catalogue.
    const response = await page.request.get(`${demo.baseUrl}/api/v1/labels`);
    const { levels } = await response.json();
    assert.equal(levels.find((l) => l.level === 'confidential').name, 'Company confidential');
  });

  it('shows which workflow lowering private-secure’s clearance would break, and saves nothing on “Go back”', async () => {
    // A builder's draft in Claims sends a confidential/pii input to private-secure.
    const builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    const saved = await builder('PUT', '/api/v1/workspaces/claims/workflows/claim-summary', { definition: CLAIM_SUMMARY });
    assert.ok(saved.status >= 200 && saved.status < 300, saved.text);

    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'Edit model private-secure' }).click();
    const form = page.getByTestId('model-form');
    const clearance = form.getByTestId('model-clearance');
    await clearance.waitFor();
    // The catalogue's words: the new category is offered, the level goes by its new name.
    const categories = clearance.getByRole('group', { name: /^Special categories it may receive/ });
    await categories.getByRole('checkbox', { name: 'legal-hold' }).waitFor({ state: 'attached' });
    const level = clearance.getByRole('combobox', { name: 'Most sensitive level' });
    assert.equal(await level.inputValue(), 'Restricted');
    await level.click();
    await page.getByRole('option', { name: /^Company confidential/ }).waitFor();
    await page.getByRole('option', { name: /^Internal/ }).click();
    await clearance.getByRole('checkbox', { name: /^All categories/ }).uncheck();
    assert.equal((await clearance.getByTestId('model-clearance-value').innerText()).trim(), 'internal');
    await form.getByRole('button', { name: 'Save changes' }).click();

    const dialog = page.getByRole('dialog', { name: /^This change would put \d+ workflows? in violation of policy$/ });
    await dialog.waitFor();
    const card = dialog.getByTestId('impact-claims-claim-summary-dev');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /Claims \/ claim-summary/);
    assert.match(text, /Development/);
    assert.match(text, /inputs\.claim/);
    assert.match(text, /private-secure/);
    assert.match(text, /Fix:/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-model-impact.png') });

    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Back in the form, as it was left; nothing is saved.
    assert.equal((await clearance.getByTestId('model-clearance-value').innerText()).trim(), 'internal');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    const models = await (await page.request.get(`${demo.baseUrl}/api/v1/models`)).json();
    assert.equal(models.models.find((m) => m.name === 'private-secure').clearance, 'restricted/*');
    assert.equal(await page.getByTestId('models-notice').count(), 0);
  });
});

// End-to-end: an administrator looks at the model registry, tests the built-in model, changes what
// data hosted-general may receive, registers an OpenAI-compatible model with a key (never shown
// again), then deletes it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const MODEL = 'team-llm';
const KEY = 'sk-e2e-0123456789abcdef';

describe('the administrator manages the model registry', () => {
  let demo;
  let page;

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('lists the demo models and tests the built-in one', async () => {
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Models' }).click();
    const table = page.getByTestId('models-table');
    await table.waitFor();
    assert.match(page.url(), /\?tab=models$/);

    const builtin = table.getByTestId('model-row-builtin');
    assert.match(await builtin.innerText(), /Built-in \(not a language model\)/);
    assert.match(await builtin.innerText(), /Ready/);
    for (const name of ['hosted-general', 'private-secure']) {
      const row = table.getByTestId(`model-row-${name}`);
      assert.match(await row.innerText(), /OpenAI-compatible/);
      assert.match(await row.innerText(), /Switched off/);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-models.png') });

    await page.getByRole('button', { name: 'Test builtin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test builtin' });
    await dialog.getByText('It answered').waitFor();
    assert.notEqual((await dialog.getByTestId('model-test-answer').innerText()).trim(), '');
    assert.match(await dialog.getByTestId('model-test-facts').innerText(), /tokens in, \d+ out/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-model-test.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows what data each model may receive, and clears hosted-general for personal data', async () => {
    const table = page.getByTestId('models-table');
    assert.match(await table.getByTestId('model-clearance-builtin').innerText(), /restricted\/\*/);
    assert.equal((await table.getByTestId('model-clearance-badge-builtin').innerText()).trim(), 'Restricted, all categories');
    assert.match(await table.getByTestId('model-clearance-hosted-general').innerText(), /^internal$/m);
    assert.equal((await table.getByTestId('model-clearance-badge-hosted-general').innerText()).trim(), 'Internal');

    await page.getByRole('button', { name: 'Edit model hosted-general' }).click();
    const form = page.getByTestId('model-form');
    const clearance = form.getByTestId('model-clearance');
    await clearance.waitFor();
    assert.match(await clearance.innerText(), /The most sensitive data this model may receive/);
    const level = clearance.getByRole('combobox', { name: 'Most sensitive level' });
    assert.equal(await level.inputValue(), 'Internal');
    await level.click();
    await page.getByRole('option', { name: /^Confidential/ }).click();
    // The catalogue's categories, as chips: choosing one writes it after the level.
    await clearance.getByRole('group', { name: /^Special categories/ }).getByText('pii', { exact: true }).click();
    assert.equal((await clearance.getByTestId('model-clearance-value').innerText()).trim(), 'confidential/pii');
    assert.match(await clearance.getByTestId('model-clearance-summary').innerText(), /only personal data \(PII\)/);
    await clearance.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-model-clearance.png') });
    await form.getByRole('button', { name: 'Save changes' }).click();

    await page.getByTestId('models-notice').filter({ hasText: 'Your changes to hosted-general are saved' }).waitFor();
    await form.waitFor({ state: 'detached' });
    await table.getByTestId('model-clearance-badge-hosted-general').filter({ hasText: 'Confidential, PII only' }).waitFor();
    assert.match(await table.getByTestId('model-clearance-hosted-general').innerText(), /confidential\/pii/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-models-clearance.png') });

    // Opened again, the form keeps it.
    await page.getByRole('button', { name: 'Edit model hosted-general' }).click();
    const again = page.getByTestId('model-form').getByTestId('model-clearance');
    await again.waitFor();
    assert.equal(await again.getByRole('combobox', { name: 'Most sensitive level' }).inputValue(), 'Confidential');
    assert.equal(await again.getByRole('checkbox', { name: 'pii', exact: true }).isChecked(), true);
    assert.equal(await again.getByRole('checkbox', { name: 'phi', exact: true }).isChecked(), false);
    await page.getByTestId('model-form').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('model-form').waitFor({ state: 'detached' });
  });

  it('registers an OpenAI-compatible model with a key, which is never shown again', async () => {
    await page.getByRole('button', { name: 'Add model' }).click();
    const form = page.getByTestId('model-form');
    await form.waitFor();
    assert.equal(await form.getByRole('radio', { name: /^OpenAI-compatible/ }).getAttribute('aria-checked'), 'true');
    await form.getByRole('textbox', { name: /^Name/ }).fill(MODEL);
    await form.getByRole('textbox', { name: /^Description/ }).fill('The team model, for the end-to-end test');
    await form.getByRole('textbox', { name: /^Endpoint/ }).fill('http://127.0.0.1:9/v1');
    await form.getByRole('textbox', { name: /^Model id/ }).fill('m1');
    await form.getByLabel(/^API key/).fill(KEY);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-model-form.png') });
    await form.getByRole('button', { name: 'Register model' }).click();

    await page.getByTestId('models-notice').filter({ hasText: `The model ${MODEL} is registered` }).waitFor();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId(`model-row-${MODEL}`);
    await row.waitFor();
    assert.match(await row.innerText(), /OpenAI-compatible/);
    assert.match(await row.innerText(), /Ready/);
    assert.match(await row.innerText(), /m1/);
    assert.ok(!(await page.content()).includes(KEY), 'the key is nowhere on the page');

    await page.getByRole('button', { name: `Edit model ${MODEL}` }).click();
    const edit = page.getByTestId('model-form');
    const credential = edit.getByTestId('model-credential');
    await credential.waitFor();
    assert.match(await credential.innerText(), /A key is set/);
    assert.equal(await edit.getByRole('button', { name: 'Replace' }).count(), 1);
    assert.equal(await edit.getByRole('button', { name: 'Remove' }).count(), 1);
    assert.equal(await edit.getByRole('textbox', { name: /^Endpoint/ }).inputValue(), 'http://127.0.0.1:9/v1');
    assert.ok(!(await page.content()).includes(KEY), 'the key is not in the form');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-model-edit.png') });
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
  });

  it('deletes the model after saying that runs naming it will fail', async () => {
    await page.getByRole('button', { name: `Actions for ${MODEL}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the model ${MODEL}?` });
    assert.match(await dialog.innerText(), new RegExp(`Every run of a workflow that names ${MODEL} will fail`));
    await dialog.getByRole('button', { name: 'Delete model' }).click();

    await page.getByTestId('models-notice').filter({ hasText: `The model ${MODEL} is deleted` }).waitFor();
    await page.getByTestId(`model-row-${MODEL}`).waitFor({ state: 'detached' });
    await page.getByTestId('model-row-builtin').waitFor();
  });
});

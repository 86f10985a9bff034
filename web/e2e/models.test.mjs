// End-to-end: an administrator looks at the model registry, tests the built-in model, registers an
// OpenAI-compatible model with a key (never shown again), then deletes it.
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

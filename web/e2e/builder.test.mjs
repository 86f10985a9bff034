// End-to-end: the no-code builder. A builder makes a claims workflow from an empty canvas through the UI alone (inputs
// with labels, an extraction, a branch, a ticket), sees the policy warning of sending personal data to the ticketing
// system on the step and its path, fixes it, saves, tests it in dev, cuts a version and submits it for review; then a
// template opens and runs. The screenshots of docs/builder.md are taken here, at 1280×800.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiSession, startDemo, until } from './harness.mjs';

const DOC_IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', 'builder');
const WORKFLOW = 'claim-triage';
// The built-in model reads a field from a line that names it ("Estimated amount: 4200").
const DESCRIPTION = 'I was hurt when another car hit mine.\nEstimated amount: 4200\nInjuries: yes';

/** Picks `option` (by its visible text) in the Mantine select labelled `label` inside `scope`. */
async function choose(page, scope, label, option) {
  await scope.getByRole('combobox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * Clicks a node of the canvas until `shown` (its settings) shows: the view may still be gliding to the step selected
 * before, and a click that lands on the background selects nothing.
 */
async function selectNode(node, shown) {
  await until('the node selected', async () => {
    await node.click();
    return shown.waitFor({ timeout: 2_000 }).then(
      () => true,
      () => false,
    );
  }, 20_000);
}

/** Signs in as the demo's builder; the first page a fresh browser loads may take a while on a busy machine. */
async function signInAsBuilder(demo) {
  await demo.page.goto(`${demo.baseUrl}/sign-in`);
  await demo.page.locator('input[name="email"]').waitFor({ timeout: 30_000 });
  await demo.signIn('builder@demo.local');
  await demo.page.getByTestId('nav-build').waitFor({ timeout: 30_000 });
}

describe('the demo builder builds a claims workflow from an empty canvas', () => {
  let demo;
  let page;
  const shot = (name) => page.screenshot({ path: join(DOC_IMAGES, name) });

  before(async () => {
    mkdirSync(DOC_IMAGES, { recursive: true });
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('builds, checks, fixes, saves, tests, cuts a version and submits it for review', async () => {
    await signInAsBuilder(demo);
    await page.goto(`${demo.baseUrl}/build/new?workspace=claims`);
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();
    const canvas = page.getByTestId('builder-canvas');
    const node = (id) => page.getByTestId(`builder-node-${id}`);
    const panel = page.getByTestId('builder-side-panel');
    const problems = page.getByTestId('builder-problems');

    // An empty canvas: the inputs and the outputs, nothing between.
    await node('inputs').waitFor();
    await node('outputs').waitFor();
    assert.equal(await canvas.locator('.react-flow__node').count(), 2);
    assert.match(await node('inputs').innerText(), /None yet/);
    await page.getByTestId('palette-kind-llm.extract').waitFor();
    await shot('01-empty-canvas.png');

    // Its name.
    const name = page.getByTestId('builder-name');
    assert.equal(await name.inputValue(), 'new-workflow');
    await name.fill(WORKFLOW);

    // The inputs: a description (personal, confidential) and the kind of claim.
    const inputs = panel.getByTestId('inputs-designer');
    await selectNode(node('inputs'), inputs);
    await inputs.getByRole('button', { name: 'Add an input' }).click();
    let row = inputs.getByTestId('input-row-new_input');
    await row.getByRole('textbox', { name: 'Name' }).fill('description');
    await row.getByRole('textbox', { name: 'Name' }).press('Enter');
    row = inputs.getByTestId('input-row-description');
    await row.getByRole('switch', { name: 'Required' }).check();
    await choose(page, row, 'How sensitive is it?', /^Confidential/);
    await row.getByText('pii', { exact: true }).click();
    await row.getByText(/text · required · confidential/i).waitFor();

    await inputs.getByRole('button', { name: 'Add an input' }).click();
    row = inputs.getByTestId('input-row-new_input');
    await row.getByRole('textbox', { name: 'Name' }).fill('claim_type');
    await row.getByRole('textbox', { name: 'Name' }).press('Enter');
    row = inputs.getByTestId('input-row-claim_type');
    await choose(page, row, 'Type', /^One of a list/);
    const choices = row.getByLabel(/^Choices/);
    for (const value of ['motor', 'home', 'travel']) {
      await choices.fill(value);
      await choices.press('Enter');
    }
    await row.getByRole('switch', { name: 'Required' }).check();
    assert.equal(await row.getByRole('combobox', { name: 'How sensitive is it?' }).inputValue(), 'Internal');
    await node('inputs').filter({ hasText: 'description, claim_type' }).waitFor();
    await shot('02-inputs.png');

    // An "Extract fields" step from the palette, reading the description.
    const palette = page.getByTestId('builder-palette');
    if (await palette.getByRole('button', { name: 'Show the palette' }).isVisible()) {
      await palette.getByRole('button', { name: 'Show the palette' }).click();
    }
    await page.getByTestId('palette-kind-llm.extract').getByRole('button', { name: /^Add / }).click();
    await node('extract').waitFor();
    const step = panel.getByTestId('step-panel');
    await step.getByRole('heading', { name: 'Extract fields' }).waitFor();
    const model = step.getByTestId('step-field-with.model').getByRole('combobox');
    if ((await model.inputValue()) !== 'builtin') await choose(page, step.getByTestId('step-field-with.model'), /Model/, /^builtin/);
    assert.equal(await model.inputValue(), 'builtin');
    const text = step.getByTestId('step-field-with.text').getByRole('combobox');
    await text.click();
    await text.pressSequentially('{{');
    const suggestions = page.getByRole('listbox');
    await suggestions.waitFor();
    await suggestions.getByRole('option', { name: /^inputs\.description/ }).click();
    assert.equal(await text.inputValue(), '{{ inputs.description }}');
    const fields = step.getByTestId('step-field-with.schema');
    for (const [index, [field, type]] of [
      ['estimated_amount', 'Number'],
      ['injuries', 'Yes / no'],
    ].entries()) {
      await fields.getByRole('button', { name: 'Add a field' }).click();
      const fieldRow = fields.getByTestId(`extract-field-${index}`);
      await fieldRow.getByRole('textbox', { name: 'Name' }).fill(field);
      await choose(page, fieldRow, 'Type', type);
    }
    await shot('03-extract-settings.png');

    // A branch on whether anyone was hurt, then the ticket it runs.
    await page.getByTestId('palette-kind-branch').getByRole('button', { name: /^Add / }).click();
    await node('branch').waitFor();
    const when = step.getByTestId('step-field-with.cases[0].when').getByRole('combobox');
    await when.fill('{{ steps.extract.output.injuries }}');
    await page.getByTestId('palette-action-tickets-create').getByRole('button', { name: /^Add / }).click();
    await node('create').waitFor();
    await step.getByTestId('step-field-with.input.title').getByRole('combobox').fill('{{ inputs.description }}');
    // Back on the branch: its case runs the ticket.
    await selectNode(node('branch'), step.getByRole('heading', { name: /Branch/ }));
    await step.getByRole('combobox', { name: 'Then run' }).click();
    await page.getByRole('option', { name: /^create/ }).click();
    await page.keyboard.press('Escape');

    // What a run returns: the facts found.
    const outputs = panel.getByTestId('outputs-designer');
    await selectNode(node('outputs'), outputs);
    await outputs.getByRole('button', { name: 'Add an output' }).click();
    const output = outputs.getByTestId('output-row-result');
    await output.getByRole('textbox', { name: 'Name' }).fill('facts');
    await output.getByRole('textbox', { name: 'Name' }).press('Enter');
    await outputs.getByTestId('output-row-facts').getByRole('combobox', { name: 'Value' }).fill('{{ steps.extract.output }}');
    await node('outputs').filter({ hasText: 'facts' }).waitFor();

    // The live check: the ticket would carry personal data to a system cleared for confidential data only.
    await until('the policy warning on the ticket step', async () => Number(await node('create').getAttribute('data-violations')) > 0, 30_000);
    await node('create').getByTestId('node-policy-badge').waitFor();
    const warning = problems.getByTestId('builder-warning').first();
    await warning.waitFor();
    assert.match(await warning.innerText(), /inputs\.description/);
    assert.match(await warning.innerText(), /tickets/);
    await warning.click();
    assert.equal(await warning.getAttribute('aria-pressed'), 'true');
    await until('the path picked out on the canvas', async () => (await node('create').getAttribute('data-highlighted')) === 'true');
    assert.equal(await node('inputs').getAttribute('data-highlighted'), 'true');
    assert.equal(await node('extract').getAttribute('data-highlighted'), 'false');
    // Auto-layout fits the whole workflow in view, the path still picked out (once the view has moved to the step).
    await page.waitForTimeout(600);
    await page.getByTestId('builder-layout').click();
    await page.mouse.move(1, 400);
    await page.waitForTimeout(600);
    await shot('04-policy-warning.png');

    // Fixed: the title says only the kind of claim, which is internal.
    const title = step.getByTestId('step-field-with.input.title').getByRole('combobox');
    await title.fill('New {{ inputs.claim_type }} claim');
    await until('the warning gone', async () => (await problems.getByTestId('builder-warning').count()) === 0, 30_000);
    assert.equal(await node('create').getAttribute('data-violations'), '0');

    // The YAML view shows the same workflow, as text; back on the canvas nothing has changed.
    await page.getByTestId('builder-view').getByText('YAML', { exact: true }).click();
    const yaml = await page.getByLabel('Workflow definition').inputValue();
    assert.match(yaml, /^name: claim-triage$/m);
    assert.match(yaml, /label: confidential\/pii/);
    assert.match(yaml, /title: "New \{\{ inputs\.claim_type \}\} claim"/);
    await page.getByTestId('builder-view').getByText('Canvas', { exact: true }).click();
    await node('create').waitFor();

    // Saved: the draft opens, and saves itself from now on.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(new RegExp(`/build/claims/${WORKFLOW}$`));
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await page.getByTestId('builder-notice').waitFor();

    // Tested in dev: the steps light up as they run.
    await page.getByTestId('builder-test').click();
    const test = page.getByTestId('test-panel');
    await test.getByLabel(/^Description/).fill(DESCRIPTION);
    await choose(page, test, /^Claim type/, 'motor');
    await test.getByTestId('test-run-button').click();
    const outcome = test.getByTestId('test-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    assert.match(await outcome.innerText(), /The test run succeeded/);
    for (const id of ['extract', 'branch', 'create']) {
      await until(`${id} lit up as succeeded`, async () => (await node(id).getAttribute('data-status')) === 'succeeded');
    }
    assert.match(await test.getByTestId('test-outputs').innerText(), /4200/);
    await shot('05-test-run.png');

    // Versions: cut one, and submit it for review to staging.
    await page.getByRole('button', { name: 'Version' }).click();
    await page.getByRole('menuitem', { name: 'Cut a version…' }).click();
    const cut = page.getByRole('dialog', { name: 'Cut a version' });
    await cut.getByLabel(/What changed/).fill('First version: injured claimants get a ticket');
    await cut.getByRole('button', { name: 'Cut version' }).click();
    await cut.getByText('Version 1 is cut').waitFor();
    await cut.getByRole('button', { name: 'Done' }).click();
    await cut.waitFor({ state: 'hidden' });

    // Staging wants the version to have run in dev first: deployed there from the Pipeline tab, and run.
    const draftUrl = `${demo.baseUrl}/build/claims/${WORKFLOW}`;
    await page.getByTestId('lifecycle-tab-pipeline').click();
    const dev = page.getByTestId('stage-dev');
    await dev.getByRole('button', { name: 'Deploy version…' }).click();
    const deploy = page.getByRole('dialog', { name: 'Deploy to Development' });
    await deploy.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByTestId('pipeline-notice').filter({ hasText: 'v1 is live in Development.' }).waitFor();
    await dev.getByRole('button', { name: 'Run…' }).click();
    const run = page.getByRole('dialog', { name: 'Run v1 in Development' });
    await run.getByLabel(/^Description/).fill(DESCRIPTION);
    await choose(page, run, /^Claim type/, 'motor');
    await run.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    await page.getByTestId('run-result').waitFor({ timeout: 30_000 });
    await page.getByText('Succeeded', { exact: true }).first().waitFor();

    await page.goto(draftUrl);
    await page.getByRole('heading', { level: 1, name: WORKFLOW }).waitFor();
    await page.getByRole('button', { name: 'Version' }).click();
    await page.getByRole('menuitem', { name: 'Submit for review…' }).click();
    const submit = page.getByRole('dialog', { name: 'Submit for review' });
    await submit.getByTestId('submit-review-form').waitFor();
    assert.match(await submit.getByTestId('version-select').inputValue(), /^v1/);
    if ((await submit.getByTestId('environment-select').inputValue()) !== 'Staging') await choose(page, submit, /^Environment/, /^Staging/);
    assert.equal(await submit.getByTestId('environment-select').inputValue(), 'Staging');
    await submit.getByLabel(/Message for the approvers/).fill('Claims with injuries now open a ticket');
    await shot('06-submit-review.png');
    await submit.getByRole('button', { name: 'Submit for review', exact: true }).click();
    await page.waitForURL(/\/review\/[^/?]+$/);

    const builder = await apiSession(demo.baseUrl, 'builder@demo.local');
    const reviews = await builder('GET', '/api/v1/reviews');
    const list = Array.isArray(reviews) ? reviews : (reviews.items ?? reviews.reviews ?? []);
    assert.ok(
      list.some((review) => JSON.stringify(review).includes(WORKFLOW)),
      `a review of ${WORKFLOW}: ${JSON.stringify(reviews).slice(0, 400)}`,
    );
  });
});

describe('a template opens and runs', () => {
  let demo;
  let page;

  before(async () => {
    mkdirSync(DOC_IMAGES, { recursive: true });
    demo = await startDemo();
    ({ page } = demo);
  });

  after(async () => {
    await demo?.stop();
  });

  it('finds "Claim intake triage", makes a draft of it and runs it with its sample inputs', async () => {
    await signInAsBuilder(demo);
    await page.goto(`${demo.baseUrl}/build/templates?workspace=claims`);
    const gallery = page.getByTestId('templates-gallery');
    await gallery.waitFor();
    await page.getByTestId('templates-search').fill('claim');
    const card = page.getByTestId('template-card-claim-intake-triage');
    await card.waitFor();
    assert.match(await card.innerText(), /Claim intake triage/);
    await page.screenshot({ path: join(DOC_IMAGES, '07-templates.png') });

    await page.getByTestId('template-use-claim-intake-triage').click();
    const name = page.getByTestId('template-name');
    await name.fill('claim-intake-triage-e2e');
    await page.getByTestId('template-create').click();
    await page.waitForURL(/\/build\/claims\/claim-intake-triage-e2e$/);
    await page.getByRole('heading', { level: 1, name: 'claim-intake-triage-e2e' }).waitFor();
    await page.getByTestId('builder-node-facts').waitFor();

    await page.getByTestId('builder-test').click();
    const test = page.getByTestId('test-panel');
    // Filled in from the template's sample.
    assert.equal(await test.getByLabel(/^Claimant/).inputValue(), 'Maria Jensen');
    await test.getByTestId('test-run-button').click();
    const outcome = test.getByTestId('test-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    assert.match(await outcome.innerText(), /The test run succeeded/);
    const outputs = await test.getByTestId('test-outputs').innerText();
    assert.match(outputs, /summary/);
    assert.match(outputs, /major-claims/);
    assert.equal(await page.getByTestId('builder-node-senior_handler').getAttribute('data-status'), 'succeeded');
    assert.equal(await page.getByTestId('builder-node-standard_queue').getAttribute('data-status'), 'skipped');
  });
});

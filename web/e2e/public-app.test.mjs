// End-to-end: someone who is not signed in uses the demo's password-help app through its public page, downloads the
// answer and finds the run again after a reload; the administrator sees the form is open on the app's page, closes it,
// and the public page then says it is not open to the public.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startDemo } from './harness.mjs';

const PUBLIC_PATH = '/p/it-service-desk/password-help';

describe('an app opened to people who are not signed in', () => {
  let demo;
  /** The administrator's page (the harness's). */
  let page;
  /** A browser context of its own, never signed in. */
  let anonymous;
  let visitor;
  let runId;
  /** Every public request the visitor's browser made, to check what it sent. */
  const publicRequests = [];

  before(async () => {
    demo = await startDemo();
    ({ page } = demo);
    anonymous = await page.context().browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', acceptDownloads: true });
    visitor = await anonymous.newPage();
    visitor.setDefaultTimeout(10_000);
    visitor.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/public/')) publicRequests.push(request);
    });
  });

  after(async () => {
    await anonymous?.close();
    await demo?.stop();
  });

  it('lets someone not signed in fill the form, see the answer and download it', async () => {
    await visitor.goto(`${demo.baseUrl}${PUBLIC_PATH}`);
    await visitor.getByRole('heading', { level: 1, name: 'password-help' }).waitFor();
    assert.match(await visitor.getByTestId('public-app-workspace').innerText(), /IT Service Desk/);
    assert.match(await visitor.getByTestId('public-app-description').innerText(), /locked out/);
    await visitor.getByTestId('browser-runs-empty').waitFor();
    // A standalone page: no navigation of the signed-in app, no session.
    assert.equal(await visitor.getByTestId('user-menu').count(), 0);
    assert.equal((await anonymous.cookies()).length, 0);

    await visitor.getByRole('combobox', { name: /^System/ }).click();
    await visitor.getByRole('option', { name: 'vpn' }).click();
    await visitor.screenshot({ path: join(SCREENSHOTS, 'public-app-form.png') });

    await visitor.getByRole('button', { name: 'Submit' }).click();
    const result = visitor.getByTestId('app-result');
    await result.waitFor({ timeout: 30_000 });
    assert.match(await result.innerText(), /VPN password/);
    assert.equal(await visitor.getByTestId('app-run').getAttribute('data-status'), 'succeeded');
    assert.equal(await visitor.getByTestId('app-run-progress').innerText(), '1 of 1 step done');
    runId = new URL(visitor.url()).searchParams.get('run');
    assert.ok(runId, `the address names the run: ${visitor.url()}`);
    const post = publicRequests.find((request) => request.method() === 'POST');
    assert.equal(JSON.parse(post.postData()).inputs.system, 'vpn');
    await visitor.getByTestId(`browser-run-${runId}`).waitFor();
    await visitor.screenshot({ path: join(SCREENSHOTS, 'public-app-result.png') });

    const [markdown] = await Promise.all([visitor.waitForEvent('download'), visitor.getByTestId('download-md').click()]);
    assert.match(markdown.suggestedFilename(), /\.md$/);
    const text = await readFile(await markdown.path(), 'utf8');
    assert.match(text, /VPN password is your e-mail password/);
    const fetched = publicRequests.find((request) => new URL(request.url()).pathname.endsWith(`/runs/${runId}/result`));
    assert.ok(fetched.headers()['x-run-token'], 'the result is fetched with the run token');

    const [json] = await Promise.all([visitor.waitForEvent('download'), visitor.getByTestId('download-json').click()]);
    const record = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(record.status, 'succeeded');
    assert.equal(record.inputs.system, 'vpn');
  });

  it('keeps the run in this browser: after a reload it is listed and opens with its answer', async () => {
    await visitor.goto(`${demo.baseUrl}${PUBLIC_PATH}`);
    await visitor.getByRole('heading', { level: 1, name: 'password-help' }).waitFor();
    const kept = visitor.getByTestId('browser-runs');
    await kept.waitFor();
    assert.equal(await kept.getByRole('listitem').count(), 1);
    await visitor.getByTestId(`browser-run-${runId}`).click();
    await visitor.getByTestId('app-result').waitFor();
    assert.match(await visitor.getByTestId('app-result').innerText(), /VPN password/);

    // The page reloaded on the run shows it too.
    await visitor.reload();
    await visitor.getByTestId('app-result').waitFor();
    assert.equal(await visitor.getByTestId(`browser-run-${runId}`).getAttribute('aria-current'), 'true');
  });

  it("shows the administrator the run's anonymous origin", async () => {
    await demo.signIn('admin@demo.local');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${demo.baseUrl}/runs?workspace=it-service-desk`);
    const badge = page.getByTestId(`run-row-${runId}`).getByTestId('run-origin-badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-anonymous'), 'true');
    assert.match(await badge.innerText(), /anonymous \(127\.0\.0\.1\)/);
    await page.getByTestId(`run-row-${runId}`).screenshot({ path: join(SCREENSHOTS, 'public-app-run-row.png') });
  });

  it('lets the administrator see the form is open and close it; the public page then says so', async () => {
    await page.goto(`${demo.baseUrl}/apps/it-service-desk/password-help`);
    // The card shows whether or not the app is published to the administrator (in the demo, its audience is the
    // service desk's people): they may close it all the same.
    const card = page.getByTestId('anonymous-use');
    await card.waitFor();
    assert.equal(await card.getByTestId('anonymous-use-state').innerText(), 'Open to the public');
    assert.match(await card.getByTestId('anonymous-use-summary').innerText(), /runs a minute/);
    assert.equal(await card.getByTestId('anonymous-use-url').innerText(), `${demo.baseUrl}${PUBLIC_PATH}`);
    assert.equal(await card.getByTestId('anonymous-use-open-page').getAttribute('href'), `${demo.baseUrl}${PUBLIC_PATH}`);
    await card.screenshot({ path: join(SCREENSHOTS, 'public-app-admin-card.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'public-app-admin-page.png') });

    const toggle = card.getByRole('switch', { name: 'Open to people who are not signed in' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.click();
    await card.getByTestId('anonymous-use-state').getByText('Closed').waitFor();
    assert.equal(await card.getByTestId('anonymous-use-link').count(), 0);
    assert.equal(await toggle.isChecked(), false);
    await card.screenshot({ path: join(SCREENSHOTS, 'public-app-admin-card-closed.png') });

    await visitor.goto(`${demo.baseUrl}${PUBLIC_PATH}`);
    const closed = visitor.getByTestId('public-app-not-open');
    await closed.waitFor();
    assert.match(await closed.innerText(), /This app is not open to the public/);
    assert.match(await closed.innerText(), /If you work here, sign in to use it\./);
    assert.equal(await visitor.getByTestId('app-form').count(), 0);
    await visitor.screenshot({ path: join(SCREENSHOTS, 'public-app-closed.png') });

    await closed.getByTestId('public-sign-in').click();
    await visitor.waitForURL(/\/sign-in$/);
  });
});

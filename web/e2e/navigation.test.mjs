// End-to-end: the real `paddock` binary in demo mode, driven through headless Chromium.
// Run with `PADDOCK_BIN=/path/to/paddock npm run e2e`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PADDOCK_BIN = process.env.PADDOCK_BIN;
const PASSWORD = process.env.PADDOCK_DEMO_PASSWORD || 'paddock-demo';
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const ALL_SECTIONS = ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'];

if (!PADDOCK_BIN) {
  throw new Error('PADDOCK_BIN is not set: point it at the paddock binary, e.g. PADDOCK_BIN=../target/release/paddock npm run e2e');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(baseUrl, server, stderr) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.spawnError) {
      const why = server.spawnError ? `could not start (${server.spawnError.message})` : `exited with code ${server.exitCode}`;
      throw new Error(`paddock ${why} before it was ready:\n${stderr()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`paddock was not ready at ${baseUrl}/readyz within 30 s. Its stderr:\n${stderr()}`);
}

describe('navigation follows the permissions of each demo user', () => {
  let server;
  let dataDir;
  let browser;
  let page;
  let baseUrl;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'paddock-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(PADDOCK_BIN, ['serve', '--demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], {
      env: { ...process.env, PADDOCK_DEMO_PASSWORD: PASSWORD },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.on('error', (error) => (server.spawnError = error));
    let stderr = '';
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => (stderr += chunk));
    await waitUntilReady(baseUrl, server, () => stderr);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(email, password) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function navigation() {
    await page.locator('[data-testid^="nav-"]').first().waitFor();
    return page
      .locator('[data-testid^="nav-"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-testid').slice('nav-'.length)));
  }

  async function signOut() {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }

  it('shows the admin every section, in order, and signs out through the user menu', async () => {
    await signIn('admin@demo.local', PASSWORD);
    assert.deepEqual(await navigation(), ALL_SECTIONS);
    await page.getByRole('heading', { level: 1, name: 'Build' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-build.png') });

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-user-menu.png') });
    await page.keyboard.press('Escape');

    await signOut();
    assert.match(page.url(), /\/sign-in$/);
  });

  it('shows a consumer only Apps, and no access to Admin', async () => {
    await signIn('consumer@demo.local', PASSWORD);
    assert.deepEqual(await navigation(), ['apps']);
    await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor();
    assert.match(page.url(), /\/apps$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'consumer-apps.png') });

    await page.goto(`${baseUrl}/admin`);
    await page.getByTestId('no-access').waitFor();
    assert.equal(await page.getByTestId('nav-admin').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'consumer-admin-no-access.png') });

    await signOut();
  });

  it('keeps the user on sign-in with the error message on a wrong password', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    await signIn('admin@demo.local', 'not-the-password');
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    const message = await alert.innerText();
    assert.match(message, /\w/, 'the API message is shown');
    assert.doesNotMatch(message, /\b401\b/, 'no raw status is shown');
    assert.match(page.url(), /\/sign-in$/);
    assert.equal(await page.locator('[data-testid^="nav-"]').count(), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-error.png') });
  });
});

// Shared by the end-to-end tests: starts the real `paddock` binary in demo mode and a headless Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const PADDOCK_BIN = process.env.PADDOCK_BIN;
export const PASSWORD = process.env.PADDOCK_DEMO_PASSWORD || 'paddock-demo';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

if (!PADDOCK_BIN) {
  throw new Error('PADDOCK_BIN is not set: point it at the paddock binary, e.g. PADDOCK_BIN=../target/release/paddock npm run e2e');
}

/** A TCP port free on 127.0.0.1 right now. */
/** Asks `check` every 250 ms until it answers something truthy (that answer), failing after `timeoutMs`. */
export async function until(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() < deadline, `${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function freePort() {
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

/**
 * Starts a demo server on a free port with its own data directory, and a browser page.
 * Returns `{ baseUrl, page, signIn, signOut, stop }`.
 */
export async function startDemo() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'paddock-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(PADDOCK_BIN, ['serve', '--demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, PADDOCK_DEMO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.on('error', (error) => (server.spawnError = error));
  let stderr = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk) => (stderr += chunk));

  let browser;
  const stop = async () => {
    await browser?.close();
    if (server.exitCode === null && !server.spawnError) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
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
  } catch (error) {
    await stop();
    throw error;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);

  async function signIn(email, password = PASSWORD) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    // Exact: with single sign-on on, "Sign in with single sign-on" is on the page too.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function signOut() {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }

  return { baseUrl, page, signIn, signOut, stop };
}

/** Signs in through the API; `call(method, path, body)` answers `{ status, body, text }` whatever the status. */
export async function rawSession(baseUrl, email) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(login.status, 200, `signing in as ${email}: ${await login.clone().text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const { csrf_token: csrf } = await login.json();
  return async (method, path, body) => {
    const headers = { Cookie: cookie };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), text };
  };
}

/** A signed-in API session whose calls must succeed: `call(method, path, body)` answers the JSON body. */
export async function apiSession(baseUrl, email) {
  const call = await rawSession(baseUrl, email);
  return async (method, path, body) => {
    const answer = await call(method, path, body);
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path} answered ${answer.status}: ${answer.text}`);
    return answer.body ?? null;
  };
}

/** The fields of a model's answer that its form (PUT) takes: everything kept as it is but what `changes` says. */
export function modelForm(model, changes) {
  const keys = [
    'name',
    'provider',
    'description',
    'endpoint',
    'model_id',
    'structured_output',
    'context_limit',
    'timeout_seconds',
    'input_price_per_million',
    'output_price_per_million',
    'all_workspaces',
    'monthly_token_budget',
    'workspaces',
    'enabled',
    'clearance',
  ];
  return { ...Object.fromEntries(keys.filter((key) => key in model).map((key) => [key, model[key]])), ...changes };
}

// End-to-end: single sign-on through a real OpenID provider (oidc-provider, in this process), with its groups
// mapped to a Paddock group that holds the auditor role.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Provider from 'oidc-provider';
import { PASSWORD, SCREENSHOTS, freePort, startDemo } from './harness.mjs';

const CLIENT_ID = 'paddock';
const CLIENT_SECRET = 'paddock-test-secret-1234567890';
const GROUP = 'SSO auditors';
const SSO_EMAIL = 'alice@example.com';

/** Starts an OpenID provider on a free port whose one client is Paddock at `paddockUrl`. */
async function startProvider(paddockUrl) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${paddockUrl}/api/v1/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // Email and groups in the ID token itself, not only from the userinfo endpoint.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['paddock-e2e-provider-cookie-key'] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: `${id}@example.com`,
          email_verified: true,
          name: 'Sso Person',
          groups: ['paddock-auditors'],
        }),
      };
    },
  });
  const server = await new Promise((resolve, reject) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    issuer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), text };
  };
}

describe('single sign-on through an OpenID provider', () => {
  let demo;
  let provider;
  let baseUrl;
  let admin;

  before(async () => {
    demo = await startDemo();
    ({ baseUrl } = demo);
    provider = await startProvider(baseUrl);
    admin = await apiSession(baseUrl, 'admin@demo.local');
  });

  after(async () => {
    await demo?.stop();
    await provider?.stop();
  });

  it('lets the administrator map a provider group to a Paddock group and turn single sign-on on', async () => {
    const created = await admin('POST', '/api/v1/groups', { name: GROUP, description: 'Auditors from the identity provider' });
    assert.equal(created.status, 201, created.text);
    const granted = await admin('POST', `/api/v1/groups/${created.body.id}/grants`, { role: 'auditor' });
    assert.ok(granted.status >= 200 && granted.status < 300, granted.text);

    const saved = await admin('PUT', '/api/v1/settings/oidc', {
      enabled: true,
      issuer: provider.issuer,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      groups_claim: 'groups',
      group_mappings: [{ provider_group: 'paddock-auditors', group: GROUP }],
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.client_secret_set, true);
    assert.ok(!saved.text.includes(CLIENT_SECRET), 'the secret never comes back');

    const methods = await fetch(`${baseUrl}/api/v1/auth/methods`).then((r) => r.json());
    assert.deepEqual(methods, { password: true, oidc: true });

    // The admin page shows what was stored, never the secret.
    const { page } = demo;
    await page.setViewportSize({ width: 1280, height: 1300 });
    await demo.signIn('admin@demo.local');
    await page.getByTestId('nav-admin').click();
    await page.getByRole('tab', { name: 'Single sign-on & SCIM' }).click();
    const card = page.getByTestId('oidc-card');
    await card.getByTestId('oidc-form').waitFor();
    await card.getByTestId('oidc-mappings-table').waitFor();
    assert.equal(await card.getByLabel('Issuer URL').inputValue(), provider.issuer);
    assert.equal(await card.getByLabel('Client ID').inputValue(), CLIENT_ID);
    assert.equal(await card.getByLabel('Client secret').inputValue(), '');
    assert.equal(await card.getByLabel('Client secret').getAttribute('placeholder'), '•••••• stored — leave empty to keep');
    assert.equal(await card.getByRole('textbox', { name: 'Identity provider group 1' }).inputValue(), 'paddock-auditors');
    assert.equal(await card.getByRole('combobox', { name: 'Paddock group 1' }).inputValue(), GROUP);
    assert.equal((await card.getByTestId('oidc-redirect-uri').innerText()).trim(), `${baseUrl}/api/v1/auth/oidc/callback`);
    assert.ok(!(await page.locator('body').innerText()).includes(CLIENT_SECRET));
    await card.screenshot({ path: join(SCREENSHOTS, 'admin-oidc.png') });
  });

  it('signs a person in through the provider, with the roles of the mapped group', async () => {
    const browser = demo.page.context().browser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    // The provider's pages import a web font; nothing outside this machine is reachable, so answer at once.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${baseUrl}/audit`);
      await page.waitForURL(/\/sign-in$/);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const sso = page.getByRole('link', { name: 'Sign in with single sign-on' });
      assert.equal(await sso.getAttribute('href'), '/api/v1/auth/oidc/start?return_to=%2Faudit');
      await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-sso.png') });
      await sso.click();

      // The provider's development login form: any login, any password.
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.locator('input[name="login"]').fill('alice');
      await page.locator('input[name="password"]').fill('any-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      // Its consent screen.
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/audit');
      await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
      await page.getByTestId('nav-audit').waitFor();
      assert.equal(await page.getByTestId('nav-admin').count(), 0, 'an auditor, not an administrator');

      const me = await page.request.get(`${baseUrl}/api/v1/me`);
      assert.equal(me.status(), 200);
      const { user } = await me.json();
      assert.equal(user.email, SSO_EMAIL);
      assert.ok(
        user.grants.some((grant) => grant.role === 'auditor'),
        `the auditor role through ${GROUP}: ${JSON.stringify(user.grants)}`,
      );
      assert.ok(user.navigation.includes('audit'));

      await page.getByTestId('user-menu').click();
      // In the menu: the audit table on the page may show the address too.
      await page.getByRole('menu').getByText(SSO_EMAIL).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'oidc.png') });
      await page.keyboard.press('Escape');
    } finally {
      await context.close();
    }

    const events = await admin('GET', '/api/v1/audit/events?action=auth.sign_in');
    assert.equal(events.status, 200, events.text);
    const alice = events.body.events.filter((event) => event.actor.label === SSO_EMAIL || event.actor.id === SSO_EMAIL);
    assert.ok(
      alice.some((event) => event.outcome === 'success'),
      `a successful sign-in of ${SSO_EMAIL} among ${JSON.stringify(events.body.events.map((e) => [e.actor, e.outcome]))}`,
    );

    const group = (await admin('GET', '/api/v1/groups')).body.groups.find((g) => g.name === GROUP);
    assert.ok(group.members.some((member) => member.email === SSO_EMAIL), `${SSO_EMAIL} is in ${GROUP}`);
  });

  it('sends the person back to sign in with the reason when the provider refuses', async () => {
    const browser = demo.page.context().browser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
      await page.waitForURL((url) => url.origin === provider.issuer);
      // The provider's "Cancel" on its login form answers access_denied.
      await page.getByRole('link', { name: /Cancel/ }).click();
      await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/sign-in');
      const alert = page.getByTestId('sso-error');
      await alert.waitFor();
      assert.ok((await alert.innerText()).trim().length > 0);
      assert.match(new URL(page.url()).searchParams.get('sso_error') ?? '', /\S/);
    } finally {
      await context.close();
    }
  });
});

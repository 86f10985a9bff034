import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json } from '../test/fakeServer';
import { createApi } from './client';

function apiWith(onUnauthorized = vi.fn()) {
  const server = fakeFetch({
    'GET /api/v1/me': () => json(401, { error: { code: 'unauthenticated', message: 'Sign in', details: {} } }),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    'POST /api/v1/auth/login': () => json(401, { error: { code: 'invalid_credentials', message: 'No', details: {} } }),
  });
  const api = createApi({ baseUrl: 'http://paddock.test', fetch: server.fetch, onUnauthorized });
  return { api, requests: server.requests, onUnauthorized };
}

describe('CSRF middleware', () => {
  it('adds X-CSRF-Token to POST but not to GET', async () => {
    const { api, requests } = apiWith();
    api.csrf.value = 'token-abc';

    await api.client.GET('/api/v1/me');
    await api.client.POST('/api/v1/auth/logout');

    expect(requests.map((r) => [r.method, r.headers.get('X-CSRF-Token')])).toEqual([
      ['GET', null],
      ['POST', 'token-abc'],
    ]);
  });

  it('sends no token header before a session exists', async () => {
    const { api, requests } = apiWith();

    await api.client.POST('/api/v1/auth/logout');

    expect(requests[0]?.headers.has('X-CSRF-Token')).toBe(false);
  });
});

describe('unauthorized middleware', () => {
  it('reports a 401 from an ordinary request as a lost session', async () => {
    const server = fakeFetch({ 'POST /api/v1/auth/logout': () => json(401, { error: { code: 'unauthenticated', message: 'x', details: {} } }) });
    const onUnauthorized = vi.fn();
    const api = createApi({ baseUrl: 'http://paddock.test', fetch: server.fetch, onUnauthorized });

    await api.client.POST('/api/v1/auth/logout');

    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('treats 401 from sign-in and from /me as answers, not as a lost session', async () => {
    const { api, onUnauthorized } = apiWith();

    await api.client.GET('/api/v1/me');
    await api.client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } });

    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});

import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.gen';

export type ApiClient = Client<paths>;

/** Holds the CSRF token of the current session in memory (never in storage). */
export class CsrfToken {
  value: string | null = null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds `X-CSRF-Token` to every state-changing request while a token is known. */
export function csrfMiddleware(token: CsrfToken): Middleware {
  return {
    onRequest({ request }) {
      if (token.value !== null && !SAFE_METHODS.has(request.method.toUpperCase())) {
        request.headers.set('X-CSRF-Token', token.value);
      }
      return request;
    },
  };
}

/** Paths whose 401 is an expected answer rather than a lost session. */
const SESSION_PATHS = ['/api/v1/auth/login', '/api/v1/me'];

/** Calls `onUnauthorized` when any other request finds the session gone. */
export function unauthorizedMiddleware(onUnauthorized: () => void): Middleware {
  return {
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      if (response.status === 401 && !SESSION_PATHS.includes(path)) {
        onUnauthorized();
      }
      return response;
    },
  };
}

export interface Api {
  client: ApiClient;
  csrf: CsrfToken;
  /** Where the API is, for the requests the client cannot make (an upload that reports its progress). */
  baseUrl: string;
}

export interface ApiOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  onUnauthorized: () => void;
}

export function createApi({ baseUrl, fetch, onUnauthorized }: ApiOptions): Api {
  const csrf = new CsrfToken();
  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    ...(fetch ? { fetch } : {}),
  });
  client.use(csrfMiddleware(csrf), unauthorizedMiddleware(onUnauthorized));
  return { client, csrf, baseUrl };
}

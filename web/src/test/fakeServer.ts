import type { SessionInfo } from '../api/types';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string of the URL. */
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiErrorResponse(status: number, code: string, message: string, details: Record<string, unknown> = {}): Response {
  return json(status, { error: { code, message, details } });
}

/** A fetch that answers from `routes` ("METHOD /path") and records every request it saw. */
export function fakeFetch(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const url = new URL(request.url);
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    requests.push(recorded);
    const handler = routes[`${recorded.method} ${recorded.path}`];
    if (handler === undefined) return apiErrorResponse(404, 'not_found', `No route for ${recorded.method} ${recorded.path}`);
    return handler(recorded);
  };
  return { fetch, requests };
}

export function session(overrides: Partial<SessionInfo['user']> = {}): SessionInfo {
  return {
    csrf_token: 'csrf-123',
    user: {
      id: 'u1',
      email: 'ada@example.com',
      display_name: 'Ada Lovelace',
      organization: { name: 'Acme Insurance' },
      grants: [{ role: 'consumer', workspace: 'claims' }],
      workspaces: [{ slug: 'claims', name: 'Claims' }],
      navigation: ['apps'],
      ...overrides,
    },
  };
}

import { QueryClient } from '@tanstack/react-query';
import { createApi, type Api } from './api/client';
import { resetSession } from './auth/session';

/** Wires the API client and the query cache so that a lost session anywhere signs the user out. */
export function createAppState(options: { baseUrl: string; fetch?: typeof globalThis.fetch }): {
  api: Api;
  queryClient: QueryClient;
} {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { refetchOnWindowFocus: false } },
  });
  const api: Api = createApi({
    ...options,
    onUnauthorized: () => resetSession(queryClient, api.csrf),
  });
  return { api, queryClient };
}

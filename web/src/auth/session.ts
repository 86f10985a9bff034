import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { CsrfToken } from '../api/client';
import { apiError } from '../api/errors';
import { oidcClient } from '../api/oidc';
import type { AuthMethods, CurrentUser, SessionInfo } from '../api/types';

export const sessionKey = ['session'] as const;

/**
 * Makes `session` the current one and drops every cached answer fetched for the previous user.
 * The session entry itself is updated in place so that mounted components see the change.
 */
function replaceSession(queryClient: QueryClient, csrf: CsrfToken, session: SessionInfo | null): void {
  csrf.value = session?.csrf_token ?? null;
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData<SessionInfo | null>(sessionKey, session);
}

/** Forgets everything known about the signed-in user. */
export function resetSession(queryClient: QueryClient, csrf: CsrfToken): void {
  replaceSession(queryClient, csrf, null);
}

/** The current session, or `null` when nobody is signed in. */
export function useSession() {
  const { client, csrf } = useApi();
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<SessionInfo | null> => {
      const { data, error, response } = await client.GET('/api/v1/me');
      if (response.status === 401) {
        csrf.value = null;
        return null;
      }
      if (data === undefined) throw apiError(error, response);
      csrf.value = data.csrf_token ?? null;
      return data;
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** The signed-in user; only for components rendered behind <RequireSession>. */
export function useCurrentUser(): CurrentUser {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser needs a signed-in session');
  return data.user;
}

export const authMethodsKey = ['auth-methods'] as const;

/** How people may sign in here (public): whether single sign-on is offered besides the password. */
export function useAuthMethods() {
  const { client } = useApi();
  return useQuery({
    queryKey: authMethodsKey,
    queryFn: async (): Promise<AuthMethods> => {
      const { data, error, response } = await oidcClient(client).GET('/api/v1/auth/methods');
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    staleTime: Infinity,
    retry: false,
  });
}

export interface Credentials {
  email: string;
  password: string;
}

export function useSignIn() {
  const { client, csrf } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Credentials): Promise<SessionInfo> => {
      const { data, error, response } = await client.POST('/api/v1/auth/login', { body: credentials });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (session) => replaceSession(queryClient, csrf, session),
    // The variables hold the password: drop them as soon as nobody watches this mutation.
    gcTime: 0,
  });
}

export function useSignOut() {
  const { client, csrf } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      await client.POST('/api/v1/auth/logout');
    },
    // Signed out locally even when the server could not be told: the person asked to leave.
    onSettled: () => {
      void navigate('/sign-in', { replace: true });
      resetSession(queryClient, csrf);
    },
  });
}

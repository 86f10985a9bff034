import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import { oidcClient } from '../../api/oidc';
import { authMethodsKey } from '../../auth/session';
import type {
  CreatedScimToken,
  CreateGroupRequest,
  CreateUserRequest,
  GrantRequest,
  GroupView,
  OidcSettings,
  OidcSettingsRequest,
  ScimTokenView,
  UserAccount,
} from '../../api/types';

export const usersKey = ['admin', 'users'] as const;
/** Every workspace; each workspace's members sit under it (`[...workspacesKey, slug, 'members']`). */
export const workspacesKey = ['admin', 'workspaces'] as const;
export const serviceAccountsKey = ['admin', 'service-accounts'] as const;
/** The model registry with this month's use. */
export const modelsKey = ['admin', 'models'] as const;
/** The connections to outside systems; each workspace's bindings sit under it (see {@link bindingsKey}). */
export const connectionsKey = ['admin', 'connections'] as const;
/** Which connection each alias means in each environment of a workspace. */
export function bindingsKey(workspace: string) {
  return [...connectionsKey, 'bindings', workspace] as const;
}

/** Every account with its roles (administrators only). */
export function useUsers() {
  const { client } = useApi();
  return useQuery({
    queryKey: usersKey,
    queryFn: async (): Promise<UserAccount[]> => {
      const { data, error, response } = await client.GET('/api/v1/users');
      if (data === undefined) throw apiError(error, response);
      return data.users;
    },
    retry: false,
  });
}

export function useCreateUser() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateUserRequest): Promise<UserAccount> => {
      const { data, error, response } = await client.POST('/api/v1/users', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
    // The variables hold the password.
    gcTime: 0,
  });
}

/** Disables (ending their sessions at once) or enables an account. */
export function useSetDisabled() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, disabled }: { id: string; disabled: boolean }): Promise<UserAccount> => {
      const params = { path: { id } };
      const { data, error, response } = disabled
        ? await client.POST('/api/v1/users/{id}/disable', { params })
        : await client.POST('/api/v1/users/{id}/enable', { params });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    // A disabled account is marked wherever it is listed.
    onSuccess: () => refreshAccess(queryClient),
  });
}

/** Sets a new password for someone else's account; their sessions end. */
export function useResetPassword() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async ({ id, password }: { id: string; password: string }): Promise<void> => {
      const { error, response } = await client.POST('/api/v1/users/{id}/password', {
        params: { path: { id } },
        body: { password },
      });
      if (!response.ok) throw apiError(error, response);
    },
    gcTime: 0,
  });
}

export const groupsKey = ['admin', 'groups'] as const;

/** Every group with its members and roles (administrators only). */
export function useGroups() {
  const { client } = useApi();
  return useQuery({
    queryKey: groupsKey,
    queryFn: async (): Promise<GroupView[]> => {
      const { data, error, response } = await client.GET('/api/v1/groups');
      if (data === undefined) throw apiError(error, response);
      return data.groups;
    },
    retry: false,
  });
}

/** After a change to roles, groups or an account: every list that shows who holds what. */
function refreshAccess(queryClient: QueryClient) {
  return Promise.all(
    [groupsKey, usersKey, workspacesKey, serviceAccountsKey].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
  );
}

export function useCreateGroup() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateGroupRequest): Promise<GroupView> => {
      const { data, error, response } = await client.POST('/api/v1/groups', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }),
  });
}

/** Adds a person to a group (`add`) or takes them out of it. */
export function useSetMembership() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ groupId, userId, add }: { groupId: string; userId: string; add: boolean }): Promise<GroupView> => {
      const { data, error, response } = add
        ? await client.POST('/api/v1/groups/{id}/members', { params: { path: { id: groupId } }, body: { user_id: userId } })
        : await client.POST('/api/v1/groups/{id}/members/{user_id}/remove', { params: { path: { id: groupId, user_id: userId } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => refreshAccess(queryClient),
  });
}

export type GrantTarget = { kind: 'group' | 'user'; id: string };

/** Grants a role to a group or a person directly (`grant`), or revokes it. */
export function useSetGrant() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, grant, body }: { target: GrantTarget; grant: boolean; body: GrantRequest }): Promise<void> => {
      const params = { path: { id: target.id } };
      const { error, response } =
        target.kind === 'group'
          ? grant
            ? await client.POST('/api/v1/groups/{id}/grants', { params, body })
            : await client.POST('/api/v1/groups/{id}/grants/revoke', { params, body })
          : grant
            ? await client.POST('/api/v1/users/{id}/grants', { params, body })
            : await client.POST('/api/v1/users/{id}/grants/revoke', { params, body });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => refreshAccess(queryClient),
  });
}

export const scimTokensKey = ['admin', 'scim-tokens'] as const;

/** The SCIM tokens issued, newest first (never the tokens themselves). */
export function useScimTokens() {
  const { client } = useApi();
  return useQuery({
    queryKey: scimTokensKey,
    queryFn: async (): Promise<ScimTokenView[]> => {
      const { data, error, response } = await client.GET('/api/v1/scim/tokens');
      if (data === undefined) throw apiError(error, response);
      return data.tokens;
    },
    retry: false,
  });
}

/** Issues a token for the identity provider; the answer holds it, this once. */
export function useCreateScimToken() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<CreatedScimToken> => {
      const { data, error, response } = await client.POST('/api/v1/scim/tokens');
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scimTokensKey }),
    // The answer holds the token.
    gcTime: 0,
  });
}

export function useRevokeScimToken() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await client.POST('/api/v1/scim/tokens/{id}/revoke', { params: { path: { id } } });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scimTokensKey }),
  });
}

export const oidcSettingsKey = ['admin', 'oidc-settings'] as const;

/** The single sign-on settings (never the client secret, only whether one is stored). */
export function useOidcSettings() {
  const { client } = useApi();
  return useQuery({
    queryKey: oidcSettingsKey,
    queryFn: async (): Promise<OidcSettings> => {
      const { data, error, response } = await oidcClient(client).GET('/api/v1/settings/oidc');
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

export function useSaveOidcSettings() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OidcSettingsRequest): Promise<OidcSettings> => {
      const { data, error, response } = await oidcClient(client).PUT('/api/v1/settings/oidc', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (settings) => {
      queryClient.setQueryData(oidcSettingsKey, settings);
      // Whether the sign-in page offers single sign-on may have changed.
      return queryClient.invalidateQueries({ queryKey: authMethodsKey });
    },
    // The variables may hold the client secret.
    gcTime: 0,
  });
}

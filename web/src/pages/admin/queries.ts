import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { CreateUserRequest, UserAccount } from '../../api/types';

export const usersKey = ['admin', 'users'] as const;

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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
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

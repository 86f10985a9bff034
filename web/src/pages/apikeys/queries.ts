import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { ApiKeyView, CreateApiKeyRequest, CreatedApiKey } from '../../api/types';
import { serviceAccountsKey } from '../admin/queries';

export const apiKeysKey = ['api-keys'] as const;

/** The signed-in person's own keys (never their tokens). */
export function useApiKeys() {
  const { client } = useApi();
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: async (): Promise<ApiKeyView[]> => {
      const { data, error, response } = await client.GET('/api/v1/api-keys');
      if (data === undefined) throw apiError(error, response);
      return data.keys;
    },
    retry: false,
  });
}

/** Creates a key for the signed-in person, or for the service account `serviceAccountId` (administrators). */
export function useCreateApiKey(serviceAccountId?: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateApiKeyRequest): Promise<CreatedApiKey> => {
      const { data, error, response } =
        serviceAccountId === undefined
          ? await client.POST('/api/v1/api-keys', { body })
          : await client.POST('/api/v1/service-accounts/{id}/api-keys', { params: { path: { id: serviceAccountId } }, body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountId === undefined ? apiKeysKey : serviceAccountsKey }),
    // The answer holds the token.
    gcTime: 0,
  });
}

export function useRevokeApiKey() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<ApiKeyView> => {
      const { data, error, response } = await client.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    // Administrators revoke service accounts' keys here too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: apiKeysKey }),
        queryClient.invalidateQueries({ queryKey: serviceAccountsKey }),
      ]),
  });
}

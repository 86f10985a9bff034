import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { CreateServiceAccountRequest, ServiceAccountView } from '../../api/types';
import { serviceAccountsKey } from './queries';

/** Every service account with its roles and keys (administrators only; never the keys' tokens). */
export function useServiceAccounts() {
  const { client } = useApi();
  return useQuery({
    queryKey: serviceAccountsKey,
    queryFn: async (): Promise<ServiceAccountView[]> => {
      const { data, error, response } = await client.GET('/api/v1/service-accounts');
      if (data === undefined) throw apiError(error, response);
      return data.service_accounts;
    },
    retry: false,
  });
}

export function useCreateServiceAccount() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateServiceAccountRequest): Promise<ServiceAccountView> => {
      const { data, error, response } = await client.POST('/api/v1/service-accounts', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountsKey }),
  });
}

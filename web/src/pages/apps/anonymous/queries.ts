import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { apiError } from '../../../api/errors';
import type { components } from '../../../api/schema.gen';
import { appsKey, environmentQuery, type AppAddress } from '../queries';

/** Whether the app's form is open to people who are not signed in, since when, at what rate, or why it cannot be. */
export type AnonymousUse = components['schemas']['AnonymousUse'];

const anonymousKey = ({ workspace, app, environment }: AppAddress) => [...appsKey, 'anonymous', workspace, app, environment ?? ''] as const;

/** The app's anonymous use, for an administrator (anyone else is refused with 403); asked only when `enabled`. */
export function useAnonymousUse(address: AppAddress, enabled: boolean) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: anonymousKey(address),
    queryFn: async (): Promise<AnonymousUse> => {
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/anonymous', {
        params: { path: { workspace, app }, query: environmentQuery(address) },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    enabled,
    retry: false,
  });
}

/** Opens the app's form to people who are not signed in, or closes it (an administrator, signed in). */
export function useSetAnonymousUse(address: AppAddress) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { workspace, app } = address;
  return useMutation({
    mutationFn: async (open: boolean): Promise<AnonymousUse> => {
      const { data, error, response } = await client.PUT('/api/v1/apps/{workspace}/{app}/anonymous', {
        params: { path: { workspace, app }, query: environmentQuery(address) },
        body: { open },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (use) => queryClient.setQueryData(anonymousKey(address), use),
  });
}

/** The address of the app's public page: `<origin>/p/<workspace>/<app>`, naming the environment when the page does. */
export function publicPath(address: AppAddress): string {
  const path = `/p/${encodeURIComponent(address.workspace)}/${encodeURIComponent(address.app)}`;
  return address.environment === null ? path : `${path}?${new URLSearchParams({ environment: address.environment }).toString()}`;
}

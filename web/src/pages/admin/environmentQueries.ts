import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { CreateEnvironmentRequest, EnvironmentView, UpdateEnvironmentRequest } from '../../api/types';

/** The environment chain, in promotion order: anyone signed in may read it. */
export const environmentsKey = ['environments'] as const;

export function useEnvironments() {
  const { client } = useApi();
  return useQuery({
    queryKey: environmentsKey,
    queryFn: async (): Promise<EnvironmentView[]> => {
      const { data, error, response } = await client.GET('/api/v1/environments');
      if (data === undefined) throw apiError(error, response);
      return data.environments;
    },
    retry: false,
  });
}

/** Adds an environment at the end of the chain (`original` null), or renames one and replaces its rule. */
export function useSaveEnvironment() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      original,
      body,
    }: {
      original: string | null;
      body: CreateEnvironmentRequest | UpdateEnvironmentRequest;
    }): Promise<EnvironmentView> => {
      const { data, error, response } =
        original === null
          ? await client.POST('/api/v1/environments', { body: body as CreateEnvironmentRequest })
          : await client.PUT('/api/v1/environments/{environment}', {
              params: { path: { environment: original } },
              body: { name: body.name, rule: body.rule },
            });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: environmentsKey }),
  });
}

/** Removes an environment nothing refers to; refused with `in_use` otherwise. */
export function useDeleteEnvironment() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (slug: string): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/environments/{environment}', {
        params: { path: { environment: slug } },
      });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: environmentsKey }),
  });
}

/** Puts the chain in the order given (every slug once). */
export function useReorderEnvironments() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (order: string[]): Promise<EnvironmentView[]> => {
      const { data, error, response } = await client.POST('/api/v1/environments/reorder', { body: { order } });
      if (data === undefined) throw apiError(error, response);
      return data.environments;
    },
    onSuccess: (environments) => queryClient.setQueryData(environmentsKey, environments),
    onError: () => void queryClient.invalidateQueries({ queryKey: environmentsKey }),
  });
}

/** "Production" for `prod`, or the slug itself while the chain is loading or for an environment not in it. */
export function environmentName(environments: readonly EnvironmentView[] | undefined, slug: string): string {
  return environments?.find((environment) => environment.slug === slug)?.name ?? slug;
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { BindingView, ConnectionForm, ConnectionTest, ConnectionView } from '../../api/types';
import { bindingsKey, connectionsKey } from './queries';

/** Every connection with its policy and bindings (administrators only; never a credential). */
export function useConnections() {
  const { client } = useApi();
  return useQuery({
    queryKey: connectionsKey,
    queryFn: async (): Promise<ConnectionView[]> => {
      const { data, error, response } = await client.GET('/api/v1/connections');
      if (data === undefined) throw apiError(error, response);
      return data.connections as unknown as ConnectionView[];
    },
    retry: false,
  });
}

/**
 * Creates a connection (`original` null) or replaces the settings of the connection now named `original`.
 * Without `credential` in the body the stored one is kept; an empty one removes it.
 */
export function useSaveConnection() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ original, body }: { original: string | null; body: ConnectionForm }): Promise<ConnectionView> => {
      const sent = { ...body, settings: body.settings as unknown as Record<string, never> };
      const { data, error, response } =
        original === null
          ? await client.POST('/api/v1/connections', { body: sent })
          : await client.PUT('/api/v1/connections/{name}', { params: { path: { name: original } }, body: sent });
      if (data === undefined) throw apiError(error, response);
      return data as unknown as ConnectionView;
    },
    // A renamed connection is renamed in every binding too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
    // The variables may hold a credential.
    gcTime: 0,
  });
}

/** Removes a connection and its bindings. */
export function useDeleteConnection() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/connections/{name}', { params: { path: { name } } });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  });
}

/** Checks that the system answers and accepts the credential, under the connection's egress policy. */
export function useTestConnection() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (name: string): Promise<ConnectionTest> => {
      const { data, error, response } = await client.POST('/api/v1/connections/{name}/test', { params: { path: { name } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}

/** Which connection each alias means in each environment of the workspace. Idle while `workspace` is null. */
export function useBindings(workspace: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: bindingsKey(workspace ?? ''),
    queryFn: async (): Promise<BindingView[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/bindings', {
        params: { path: { slug: workspace ?? '' } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.bindings;
    },
    enabled: workspace !== null,
    retry: false,
  });
}

export interface BindingChange {
  workspace: string;
  environment: string;
  alias: string;
  /** The connection the alias is to mean there; null to remove the binding. */
  connection: string | null;
}

/** Binds an alias in one environment of a workspace to a connection, or removes the binding. */
export function useSetBinding() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ workspace, environment, alias, connection }: BindingChange): Promise<void> => {
      const params = { path: { slug: workspace, environment, alias } };
      const { error, response } =
        connection === null
          ? await client.DELETE('/api/v1/workspaces/{slug}/bindings/{environment}/{alias}', { params })
          : await client.PUT('/api/v1/workspaces/{slug}/bindings/{environment}/{alias}', { params, body: { connection } });
      if (!response.ok) throw apiError(error, response);
    },
    // The bindings of the workspace, and each connection's count of bindings.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  });
}

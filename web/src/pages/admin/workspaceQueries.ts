import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { CreateWorkspaceRequest, WorkspaceMembersView, WorkspaceView } from '../../api/types';
import { sessionKey } from '../../auth/session';
import { workspacesKey } from './queries';

/** Every workspace with how many accounts have a role in it (administrators only). */
export function useWorkspaces() {
  const { client } = useApi();
  return useQuery({
    queryKey: workspacesKey,
    queryFn: async (): Promise<WorkspaceView[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces');
      if (data === undefined) throw apiError(error, response);
      return data.workspaces;
    },
    retry: false,
  });
}

/** Who may do what in one workspace: the grants given there and every account they reach. Idle while `slug` is null. */
export function useWorkspaceMembers(slug: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...workspacesKey, slug, 'members'],
    queryFn: async (): Promise<WorkspaceMembersView> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/members', {
        params: { path: { slug: slug ?? '' } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    enabled: slug !== null,
    retry: false,
  });
}

export function useCreateWorkspace() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateWorkspaceRequest): Promise<WorkspaceView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: workspacesKey }),
        // The workspaces offered in every role form come with the session.
        queryClient.invalidateQueries({ queryKey: sessionKey }),
      ]),
  });
}

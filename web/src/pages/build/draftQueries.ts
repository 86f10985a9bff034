import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { ApiError, apiError } from '../../api/errors';
import type { DraftView } from '../../api/types';

export const workflowsKey = ['workflows'] as const;
/** The list of a workspace's workflows. */
export const draftsKey = (slug: string | null) => [...workflowsKey, slug, 'list'] as const;
/** One workflow's draft. */
export const draftKey = (slug: string, name: string) => [...workflowsKey, slug, 'draft', name] as const;

/** Refused before asking to save: a new workflow's name is taken already. */
export const NAME_TAKEN = 'workflow_exists';

/** The workflows of a workspace, each with its draft. */
export function useDrafts(slug: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: draftsKey(slug),
    queryFn: async (): Promise<DraftView[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows', {
        params: { path: { slug: slug ?? '' } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.workflows;
    },
    enabled: slug !== null,
    retry: false,
  });
}

/** One workflow's draft, as last saved. */
export function useDraft(slug: string, name: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: draftKey(slug, name),
    queryFn: async (): Promise<DraftView> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}', {
        params: { path: { slug, name } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

export interface SaveDraft {
  slug: string;
  name: string;
  definition: string;
  /** The revision the change started from; null for a new workflow. */
  baseRevision: number | null;
}

/**
 * Saves a draft. A new workflow (no base revision) is first looked for, since a save without a base
 * revision would overwrite one of the same name: a name taken is refused as `workflow_exists`.
 */
export function useSaveDraft() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, name, definition, baseRevision }: SaveDraft): Promise<DraftView> => {
      if (baseRevision === null) {
        const { response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}', {
          params: { path: { slug, name } },
        });
        if (response.ok) {
          throw new ApiError(NAME_TAKEN, `There is already a workflow named “${name}” in this workspace.`, 409);
        }
      }
      const { data, error, response } = await client.PUT('/api/v1/workspaces/{slug}/workflows/{name}', {
        params: { path: { slug, name } },
        body: baseRevision === null ? { definition } : { definition, base_revision: baseRevision },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (draft) => {
      queryClient.setQueryData(draftKey(draft.workspace, draft.name), draft);
      // The list shows the save at once, before it is asked for again.
      queryClient.setQueryData(draftsKey(draft.workspace), (list: DraftView[] | undefined) =>
        list?.some((listed) => listed.name === draft.name)
          ? list.map((listed) => (listed.name === draft.name ? draft : listed))
          : list && [...list, draft].sort((a, b) => a.name.localeCompare(b.name)),
      );
      void queryClient.invalidateQueries({ queryKey: draftsKey(draft.workspace) });
    },
  });
}

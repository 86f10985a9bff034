import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { pipelineKey } from '../../pages/build/lifecycle/queries';
import { driftKey } from './keys';
import { maySeeDeployments, type DriftNotice, type PolicyException } from './words';

export { driftKey };

/** How often the list is asked for again while a page is open. */
export const DRIFT_POLL_MS = 60_000;

/**
 * The live deployments that break policy after a policy change, in the workspaces where the person may see deployments;
 * looked at again every minute. Never asked for people who may see no deployment.
 */
export function usePolicyDrift() {
  const { client } = useApi();
  const { data: session } = useSession();
  const enabled = session ? maySeeDeployments(session.user) : false;
  return useQuery({
    queryKey: driftKey,
    queryFn: async (): Promise<DriftNotice[]> => {
      const { data, error, response } = await client.GET('/api/v1/policy-drift');
      if (data === undefined) throw apiError(error, response);
      return data.drifted;
    },
    enabled,
    refetchInterval: DRIFT_POLL_MS,
    // Shared by the app frame and the pipeline: a page opened meanwhile need not ask again at once.
    staleTime: DRIFT_POLL_MS / 2,
    retry: false,
  });
}

export interface GrantException {
  notice: DriftNotice;
  reason: string;
  /** RFC 3339. */
  until: string;
}

/** Lets a deployment that breaks policy keep running until a date (admins). */
export function useGrantException() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ notice, reason, until }: GrantException): Promise<PolicyException> => {
      const { data, error, response } = await client.POST(
        '/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/exception',
        { params: { path: { slug: notice.workspace, name: notice.workflow, environment: notice.environment } }, body: { reason, until } },
      );
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (exception, { notice }) => {
      // Shown at once, then confirmed by the server.
      queryClient.setQueryData<DriftNotice[]>(driftKey, (list) =>
        list?.map((item) =>
          item.workspace === notice.workspace && item.workflow === notice.workflow && item.environment === notice.environment
            ? { ...item, exception }
            : item,
        ),
      );
      void queryClient.invalidateQueries({ queryKey: driftKey });
      void queryClient.invalidateQueries({ queryKey: pipelineKey(notice.workspace, notice.workflow) });
    },
  });
}

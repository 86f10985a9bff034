import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { RunSummary, RunView, StepKindView } from '../../api/types';
import { isFinalRun } from './status';

export const runsKey = ['runs'] as const;
export const runKey = (id: string) => [...runsKey, 'run', id] as const;

/** How often a run that has not ended is asked for again, so its steps light up as they go. */
export const POLL_MS = 1000;

/** One run with its steps; asked for again every second until it ends. */
export function useRun(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: runKey(id),
    queryFn: async (): Promise<RunView> => {
      const { data, error, response } = await client.GET('/api/v1/runs/{id}', { params: { path: { id } } });
      if (data === undefined) throw apiError(error, response);
      return data as unknown as RunView;
    },
    refetchInterval: (query) => (query.state.data && isFinalRun(query.state.data.status) ? false : POLL_MS),
    retry: false,
  });
}

/** The latest runs of a workspace, newest first; followed every few seconds while some have not ended. */
export function useRuns(slug: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...runsKey, 'workspace', slug],
    queryFn: async (): Promise<RunSummary[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/runs', {
        params: { path: { slug: slug ?? '' }, query: { limit: 50 } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.runs;
    },
    enabled: slug !== null,
    refetchInterval: (query) => (query.state.data?.some((run) => !isFinalRun(run.status)) ? 3 * POLL_MS : false),
    retry: false,
  });
}

/** Cancels the run, or runs a failed one again from the step that failed; the answer is the run. */
export function useRunAction(id: string, action: 'cancel' | 'retry') {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<RunView> => {
      const options = { params: { path: { id } } };
      const { data, error, response } =
        action === 'cancel'
          ? await client.POST('/api/v1/runs/{id}/cancel', options)
          : await client.POST('/api/v1/runs/{id}/retry', options);
      if (data === undefined) throw apiError(error, response);
      return data as unknown as RunView;
    },
    onSuccess: (run) => queryClient.setQueryData(runKey(id), run),
  });
}

/** The step kinds a workflow may use, for their titles. */
export function useStepKinds() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['step-kinds'],
    queryFn: async (): Promise<StepKindView[]> => {
      const { data, error, response } = await client.GET('/api/v1/step-kinds');
      if (data === undefined) throw apiError(error, response);
      return data.step_kinds;
    },
    staleTime: Infinity,
    retry: false,
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { RunView, TestRunRequest } from '../../api/types';
import { runKey, runsKey } from '../runs/queries';

/** Queues a test run of a draft in a workspace; the run's page can show it at once. */
export function useStartTestRun() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, body }: { slug: string; body: TestRunRequest }): Promise<RunView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/test-runs', {
        params: { path: { slug } },
        // The generated type has no room for input values of any JSON type.
        body: { definition: body.definition, inputs: body.inputs as Record<string, never> },
      });
      if (data === undefined) throw apiError(error, response);
      return data as unknown as RunView;
    },
    onSuccess: (run) => {
      queryClient.setQueryData(runKey(run.id), run);
      void queryClient.invalidateQueries({ queryKey: [...runsKey, 'workspace'] });
    },
  });
}

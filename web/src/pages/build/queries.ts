import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { PolicyReport, RunView, TestRunRequest, ValidationReport } from '../../api/types';
import { runKey, runsKey } from '../runs/queries';

/** Checks a definition: its problems at their paths, or its steps and inputs. */
export function useValidateWorkflow() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (definition: string): Promise<ValidationReport> => {
      const { data, error, response } = await client.POST('/api/v1/workflows/validate', { body: { definition } });
      if (data === undefined) throw apiError(error, response);
      return data as unknown as ValidationReport;
    },
  });
}

/** Checks a definition against the policy of a workspace and environment: where its labelled data may go. */
export function useCheckPolicy() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async ({ slug, definition, environment }: { slug: string; definition: string; environment: string }): Promise<PolicyReport> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/policy-check', {
        params: { path: { slug } },
        body: { definition, environment },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}

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

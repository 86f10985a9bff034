import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../../api/ApiContext';
import { ApiError, apiError } from '../../../../api/errors';
import type { RunView } from '../../../../api/types';
import { runKey, runsKey } from '../../../runs/queries';

/** Which earlier test run to reuse, and the step to run again from (with every step after it). */
export interface RerunFrom {
  run: string;
  from_step: string;
}

/**
 * A test run that reuses an earlier run's results of the steps that do not wait for `rerun.from_step`.
 * It has no `inputs`: the server takes the earlier run's (and refuses any sent with it).
 */
export interface RerunRequest {
  definition: string;
  rerun: RerunFrom;
}

/** The generated request type, before `npm run gen:api` learns of `rerun`. */
type GeneratedTestRunRequest = { definition: string; inputs?: Record<string, never> };

/**
 * Starts a test run from one step of an earlier run: the server runs that step and everything after it,
 * and reuses the earlier run's recorded outputs of the steps that do not depend on it.
 */
export function useRerunFromStep() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, body }: { slug: string; body: RerunRequest }): Promise<RunView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/test-runs', {
        params: { path: { slug } },
        // `rerun` is new in the API; drop this cast once the generated schema has it.
        body: body as unknown as GeneratedTestRunRequest,
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

/**
 * Whether the server refused `rerun` because it does not know the field: an older server rejects
 * unknown fields (as `invalid_json`, 400; or as invalid input, 422) naming the field in its message.
 */
export function isUnknownRerunField(error: unknown): boolean {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return false;
  const named = error.field === 'rerun' || /\brerun\b/.test(error.message);
  return named && /unknown field/i.test(error.message);
}

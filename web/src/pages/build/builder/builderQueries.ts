// What the builder asks the server: the step kinds (with their schemas), the connections and models the workspace may
// use, and — as the workflow changes — its problems and its policy in dev and in the next environment.
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import type { ApiClient } from '../../../api/client';
import { ApiError, apiError } from '../../../api/errors';
import type { UsableConnection, ValidationReport, Violation } from '../../../api/types';
import { useStepKinds } from '../../runs/queries';
import { ENVIRONMENTS } from '../policyViolations';
import type { StepKind, UsableModel } from './panels/types';

/** The text pauses this long before the workflow is checked again (with the pause before it is written out, ~0.4 s). */
export const CHECK_DELAY_MS = 300;
/** The environments every change is checked for: where it is tried, and where it goes next. */
export const CHECKED_ENVIRONMENTS = ENVIRONMENTS.slice(0, 2).map((environment) => environment.value);

/** The step kinds with their schemas: the generated type drops them, the answer has them. */
export function useStepKindSpecs() {
  const kinds = useStepKinds();
  return { ...kinds, data: kinds.data as StepKind[] | undefined };
}

/** The connections the workspace may use in `environment`, each with its actions. */
export function useUsableConnections(slug: string | null, environment = 'dev') {
  const { client } = useApi();
  return useQuery({
    queryKey: ['workspaces', slug, 'connections', environment],
    queryFn: async (): Promise<UsableConnection[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/connections', {
        params: { path: { slug: slug ?? '' }, query: { environment } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.connections as UsableConnection[];
    },
    enabled: slug !== null,
    staleTime: 60_000,
    retry: false,
  });
}

type Untyped = {
  GET(path: string, init: { params: { path: Record<string, string> } }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

/**
 * GET /api/v1/workspaces/{slug}/models, called by hand until the generated schema knows it. A server without it
 * answers 404: then there is no list (null), and model steps still take a model's name as typed.
 */
async function usableModels(client: ApiClient, slug: string): Promise<UsableModel[] | null> {
  const { data, error, response } = await (client as unknown as Untyped).GET('/api/v1/workspaces/{slug}/models', {
    params: { path: { slug } },
  });
  if (response.status === 404) return null;
  if (data === undefined) throw apiError(error, response);
  const models = (data as { models?: unknown }).models;
  return Array.isArray(models) ? (models as UsableModel[]) : [];
}

export function useUsableModels(slug: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['workspaces', slug, 'models'],
    queryFn: () => usableModels(client, slug ?? ''),
    enabled: slug !== null,
    staleTime: 60_000,
    retry: false,
  });
}

export interface PolicyFinding {
  environment: string;
  violations: Violation[];
}

export interface LiveChecks {
  /** The text the answers below are about; null while they are still about an earlier text. */
  checkedText: string | null;
  report: ValidationReport | null;
  /** Per environment checked; an environment whose check was refused (the workflow has problems) is left out. */
  policy: PolicyFinding[];
  /** Whether the text being edited is still being checked. */
  checking: boolean;
  /** Why the check itself failed (not the workflow's problems). */
  error: unknown;
}

/** Checks `text` once typing pauses: its problems, and its policy in dev and the next environment of `workspace`. */
export function useLiveChecks(text: string, workspace: string | null): LiveChecks {
  const { client } = useApi();
  const [settled] = useDebouncedValue(text, CHECK_DELAY_MS);
  const validation = useQuery({
    queryKey: ['builder', 'validate', settled],
    queryFn: async (): Promise<ValidationReport> => {
      const { data, error, response } = await client.POST('/api/v1/workflows/validate', { body: { definition: settled } });
      if (data === undefined) throw apiError(error, response);
      return data as unknown as ValidationReport;
    },
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  const policies = useQueries({
    queries: CHECKED_ENVIRONMENTS.map((environment) => ({
      queryKey: ['builder', 'policy', workspace, environment, settled],
      queryFn: async (): Promise<PolicyFinding | null> => {
        const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/policy-check', {
          params: { path: { slug: workspace ?? '' } },
          body: { definition: settled, environment },
        });
        if (data !== undefined) return { environment, violations: data.violations };
        const failure = apiError(error, response);
        // Refused because the workflow has problems: those are listed already.
        if (failure instanceof ApiError && failure.problems.length > 0) return null;
        throw failure;
      },
      enabled: workspace !== null,
      placeholderData: keepPreviousData,
      staleTime: Infinity,
      gcTime: 60_000,
      retry: false,
    })),
    // The same list while the answers stay the same: what is drawn from it need not be worked out again.
    combine: (results) => ({
      findings: results.flatMap((query) => (query.data ? [query.data] : [])),
      fetching: results.some((query) => query.isFetching),
      error: results.find((query) => query.error)?.error ?? null,
    }),
  });
  return {
    checkedText: validation.data !== undefined && !validation.isPlaceholderData ? settled : null,
    report: validation.data ?? null,
    policy: policies.findings,
    checking: text !== settled || validation.isFetching || policies.fetching,
    error: validation.error ?? policies.error,
  };
}

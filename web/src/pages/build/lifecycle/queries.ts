import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { apiError } from '../../../api/errors';
import { driftKey } from '../../../layout/drift/keys';
import type { DraftView, InputSpec, RunView } from '../../../api/types';
import { runKey, runsKey } from '../../runs/queries';
import { draftKey, workflowsKey } from '../draftQueries';
import type { AudienceGroup, InterfacesSpec } from './interfaces';
import type { Comparison, DeploymentView, InFlight, Pipeline, ReviewDetail, Side, VersionDetail, VersionView } from './types';

/** Everything about one workflow's versions and deployments. */
export const lifecycleKey = (slug: string, name: string) => [...workflowsKey, slug, 'lifecycle', name] as const;
export const versionsKey = (slug: string, name: string) => [...lifecycleKey(slug, name), 'versions'] as const;
export const versionKey = (slug: string, name: string, number: number) => [...versionsKey(slug, name), number] as const;
export const compareKey = (slug: string, name: string, from: Side, to: Side) =>
  [...lifecycleKey(slug, name), 'compare', String(from), String(to)] as const;
export const pipelineKey = (slug: string, name: string) => [...lifecycleKey(slug, name), 'pipeline'] as const;

/** The workflow a lifecycle query is about. */
export interface WorkflowRef {
  slug: string;
  name: string;
}

/** The workflow's versions, newest first; not asked when `enabled` is false (only builders and admins may read them). */
export function useVersions({ slug, name }: WorkflowRef, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: versionsKey(slug, name),
    queryFn: async (): Promise<VersionView[]> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}/versions', {
        params: { path: { slug, name } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.versions;
    },
    enabled,
    retry: false,
  });
}

/** One version with its definition; nothing is asked while `number` is null. */
export function useVersion({ slug, name }: WorkflowRef, number: number | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: versionKey(slug, name, number ?? -1),
    queryFn: async (): Promise<VersionDetail> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}', {
        params: { path: { slug, name, number: number ?? 0 } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    enabled: number !== null,
    // A version never changes.
    staleTime: Infinity,
    retry: false,
  });
}

/** The inputs a version takes, read from its definition; nothing is asked while `definition` is null. */
export function useVersionInputs(definition: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['workflow-inputs', definition],
    queryFn: async (): Promise<Record<string, InputSpec>> => {
      const { data, error, response } = await client.POST('/api/v1/workflows/validate', { body: { definition: definition ?? '' } });
      if (data === undefined) throw apiError(error, response);
      return data.inputs as unknown as Record<string, InputSpec>;
    },
    enabled: definition !== null,
    staleTime: Infinity,
    retry: false,
  });
}

/** What a cut answered: the version, and whether it is new (201) or the draft was that version already (200). */
export interface CutResult {
  version: VersionDetail;
  created: boolean;
}

/** Cuts a version of the draft as last saved. */
export function useCutVersion({ slug, name }: WorkflowRef) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (message: string): Promise<CutResult> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/versions', {
        params: { path: { slug, name } },
        body: { message },
      });
      if (data === undefined) throw apiError(error, response);
      return { version: data, created: response.status === 201 };
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: versionsKey(slug, name) }),
  });
}

/** Makes a version the draft again, on top of the revision `baseRevision`. */
export function useRestoreVersion({ slug, name }: WorkflowRef) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ number, baseRevision }: { number: number; baseRevision: number }): Promise<DraftView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}/restore', {
        params: { path: { slug, name, number } },
        body: { base_revision: baseRevision },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (draft) => {
      queryClient.setQueryData(draftKey(slug, name), draft);
      void queryClient.invalidateQueries({ queryKey: [...lifecycleKey(slug, name), 'compare'] });
    },
  });
}

/** Two sides of the workflow compared; nothing is asked while `sides` is null. */
export function useCompare({ slug, name }: WorkflowRef, sides: { from: Side; to: Side } | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: compareKey(slug, name, sides?.from ?? 'draft', sides?.to ?? 'draft'),
    queryFn: async (): Promise<Comparison> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}/compare', {
        params: { path: { slug, name }, query: { from: String(sides?.from), to: String(sides?.to) } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    enabled: sides !== null,
    retry: false,
  });
}

/** Where each version is live, the reviews waiting, and every deployment. */
export function usePipeline({ slug, name }: WorkflowRef) {
  const { client } = useApi();
  return useQuery({
    queryKey: pipelineKey(slug, name),
    queryFn: async (): Promise<Pipeline> => {
      const { data, error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}/deployments', {
        params: { path: { slug, name } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

/** A mutation that changes the pipeline, asked for again once it succeeds. */
function usePipelineMutation<Variables, Result>({ slug, name }: WorkflowRef, call: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pipelineKey(slug, name) });
      // What is live, or frozen, changed: so may what breaks policy.
      void queryClient.invalidateQueries({ queryKey: driftKey });
    },
  });
}

/** Deploys a version directly, where the environment's rule lets builders. */
export function useDeploy(workflow: WorkflowRef) {
  const { client } = useApi();
  const { slug, name } = workflow;
  return usePipelineMutation(workflow, async ({ version, environment }: { version: number; environment: string }): Promise<DeploymentView> => {
    const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/deployments', {
      params: { path: { slug, name } },
      body: { version, environment },
    });
    if (data === undefined) throw apiError(error, response);
    return data;
  });
}

export interface SubmitReview {
  version: number;
  environment: string;
  message: string;
  /** How it is to be published there; left out, as what is live there now is. */
  interfaces?: InterfacesSpec;
}

/** Asks for a version to be deployed to an environment: a review. */
export function useSubmitReview(workflow: WorkflowRef) {
  const { client } = useApi();
  const { slug, name } = workflow;
  return usePipelineMutation(
    workflow,
    async ({ version, environment, message, interfaces }: SubmitReview): Promise<ReviewDetail> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/reviews', {
        params: { path: { slug, name } },
        body: interfaces === undefined ? { version, environment, message } : { version, environment, message, interfaces },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  );
}

/** Runs what is live in an environment; the run's page can show it at once. */
export function useRunDeployment({ slug, name }: WorkflowRef) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ environment, inputs }: { environment: string; inputs: Record<string, unknown> }): Promise<RunView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/runs', {
        params: { path: { slug, name, environment } },
        // The generated type has no room for input values of any JSON type.
        body: { inputs: inputs as Record<string, never> },
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

export interface Rollback {
  environment: string;
  version: number;
  /** An admin's emergency rollback, with its reason. */
  emergency?: { reason: string };
}

/** Goes back to a version that was live in the environment before. */
export function useRollback(workflow: WorkflowRef) {
  const { client } = useApi();
  const { slug, name } = workflow;
  return usePipelineMutation(workflow, async ({ environment, version, emergency }: Rollback): Promise<DeploymentView> => {
    const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/rollback', {
      params: { path: { slug, name, environment } },
      body: emergency ? { version, emergency: true, reason: emergency.reason } : { version },
    });
    if (data === undefined) throw apiError(error, response);
    return data;
  });
}

/** Freezes what is live in an environment: new runs are refused; runs in flight finish or are cancelled. */
export function useFreeze(workflow: WorkflowRef) {
  const { client } = useApi();
  const { slug, name } = workflow;
  return usePipelineMutation(
    workflow,
    async ({ environment, reason, inFlight }: { environment: string; reason: string; inFlight: InFlight }): Promise<DeploymentView> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/freeze', {
        params: { path: { slug, name, environment } },
        body: { reason, in_flight: inFlight },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  );
}

/** Lifts the freeze of what is live in an environment. */
export function useUnfreeze(workflow: WorkflowRef) {
  const { client } = useApi();
  const { slug, name } = workflow;
  return usePipelineMutation(workflow, async (environment: string): Promise<DeploymentView> => {
    const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/unfreeze', {
      params: { path: { slug, name, environment } },
    });
    if (data === undefined) throw apiError(error, response);
    return data;
  });
}

export const audienceGroupsKey = ['audience-groups'] as const;

/**
 * The groups an app can be published to (builders, approvers and admins may read them); not asked while `enabled` is
 * false. Others get a refusal, and see counts of groups rather than names.
 */
export function useAudienceGroups(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: audienceGroupsKey,
    queryFn: async (): Promise<AudienceGroup[]> => {
      const { data, error, response } = await client.GET('/api/v1/audience-groups');
      if (data === undefined) throw apiError(error, response);
      return data.groups;
    },
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

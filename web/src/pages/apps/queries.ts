import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import { isFinalRun } from '../runs/status';
import type { StartAppRunRequest } from './form/fields';
import type { AppDetail, AppRun, AppSummary } from './types';

/**
 * An app as its page addresses it: served from `environment` when the address names one (`?environment=<slug>`), else
 * (null) from the last environment it is published in. Every call about the app names the same environment.
 */
export interface AppAddress {
  workspace: string;
  app: string;
  environment: string | null;
}

/** The environment the page's address serves the app from (`?environment=`); null for the default. */
export function useEnvironmentParam(): string | null {
  const [params] = useSearchParams();
  const environment = params.get('environment')?.trim() ?? '';
  return environment === '' ? null : environment;
}

/** The address of an app shown on its page, served from the environment the page names (if any). */
export function useAppAddress(app: { workspace: string; name: string }): AppAddress {
  const environment = useEnvironmentParam();
  const { workspace, name } = app;
  return useMemo(() => ({ workspace, app: name, environment }), [workspace, name, environment]);
}

/** The query parameters that name the environment, when the address names one. */
export function environmentQuery({ environment }: Pick<AppAddress, 'environment'>): { environment?: string } {
  return environment === null ? {} : { environment };
}

export const appsKey = ['apps'] as const;
const appKey = ({ workspace, app, environment }: AppAddress) => [...appsKey, 'app', workspace, app, environment ?? ''] as const;
export const appRunsKey = (address: AppAddress) => [...appKey(address), 'runs'] as const;
export const appRunKey = (address: AppAddress, id: string) => [...appRunsKey(address), id] as const;

/** How long the server may hold a request for a run that has not ended (its long poll), in seconds. */
export const LONG_POLL_SECONDS = 2;
/** The pause between two asks for a run that goes on; the long poll does the waiting. */
const NEXT_ASK_MS = 300;
/** A run waiting for a reviewer may wait for hours: asked for less often. */
const WAITING_ASK_MS = 5000;

/** Every app published to the person, matching `search` when given. */
export function useAppCatalog(search: string) {
  const { client } = useApi();
  const words = search.trim();
  return useQuery({
    queryKey: [...appsKey, 'catalog', words],
    queryFn: async (): Promise<AppSummary[]> => {
      const { data, error, response } = await client.GET('/api/v1/apps', {
        params: { query: words === '' ? {} : { search: words } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.apps;
    },
    // While the next words are looked up, the last list stays rather than a skeleton.
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** One app with its form; an error `not_found` when it is not published to the person (in the environment named). */
export function useApp(address: AppAddress) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: appKey(address),
    queryFn: async (): Promise<AppDetail> => {
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}', {
        params: { path: { workspace, app }, query: environmentQuery(address) },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

/** The person's own recent runs of the app, newest first; followed while some have not ended. */
export function useAppRuns(address: AppAddress) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: appRunsKey(address),
    queryFn: async (): Promise<AppRun[]> => {
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/runs', {
        params: { path: { workspace, app }, query: environmentQuery(address) },
      });
      if (data === undefined) throw apiError(error, response);
      return data.runs as AppRun[];
    },
    refetchInterval: (query) => (query.state.data?.some((run) => !isFinalRun(run.status)) ? 3000 : false),
    retry: false,
  });
}

/** What a query of a run holds, as its options read it. */
interface RunQuery {
  state: { data: AppRun | undefined };
}

/**
 * How a query follows a run until it ends, shown at once from `seed` when the page holds it: asked for again as soon as
 * an answer comes (each ask is a long poll), less often while it waits for a reviewer, never again once it has ended.
 */
export function followRun(seed: AppRun | undefined) {
  return {
    initialData: seed,
    // A seeded run that has not ended is asked for at once; one that has ended is kept as it is.
    initialDataUpdatedAt: seed && isFinalRun(seed.status) ? Date.now() : 0,
    staleTime: (query: RunQuery) => (query.state.data && isFinalRun(query.state.data.status) ? Infinity : 0),
    refetchInterval: (query: RunQuery) => {
      const run = query.state.data;
      if (run === undefined || isFinalRun(run.status)) return false;
      return run.status === 'waiting' ? WAITING_ASK_MS : NEXT_ASK_MS;
    },
  };
}

/**
 * One run of the app, followed live until it ends: each ask is a long poll (the server answers as soon as the run
 * ends, or after a few seconds), and the next follows at once, so the progress moves as the steps do.
 */
export function useAppRun(address: AppAddress, id: string | null, seed?: AppRun) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: appRunKey(address, id ?? ''),
    queryFn: async (): Promise<AppRun> => {
      // A run is found by its id, in whichever environment it ran: no environment to name.
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/runs/{id}', {
        params: { path: { workspace, app, id: id ?? '' }, query: { wait: LONG_POLL_SECONDS } },
      });
      if (data === undefined) throw apiError(error, response);
      return data as AppRun;
    },
    enabled: id !== null,
    ...followRun(seed),
    retry: 2,
  });
}

/** Starts a run through the form: JSON inputs, or multipart with the files; answers the run as it is now. */
export function useStartAppRun(address: AppAddress) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { workspace, app } = address;
  return useMutation({
    mutationFn: async (body: StartAppRunRequest): Promise<AppRun> => {
      const { data, error, response } = await client.POST('/api/v1/apps/{workspace}/{app}/runs', {
        params: { path: { workspace, app }, query: { interface: 'form', wait: 0, ...environmentQuery(address) } },
        // A FormData body is sent as it is (multipart, with its boundary); the generated type knows JSON only, and
        // has no room for input values of any JSON type.
        body: body as unknown as { inputs: Record<string, never> },
      });
      if (data === undefined) throw apiError(error, response);
      return data as AppRun;
    },
    onSuccess: (run) => {
      queryClient.setQueryData(appRunKey(address, run.id), run);
      void queryClient.invalidateQueries({ queryKey: appRunsKey(address), exact: true });
    },
  });
}

/** Where the run's result is downloaded from, as Markdown or JSON (an attachment; the session cookie goes along). */
export function resultUrl(workspace: string, app: string, id: string, format: 'md' | 'json'): string {
  return `/api/v1/apps/${encodeURIComponent(workspace)}/${encodeURIComponent(app)}/runs/${encodeURIComponent(id)}/result?format=${format}`;
}

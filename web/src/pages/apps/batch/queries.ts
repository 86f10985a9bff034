import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { apiError } from '../../../api/errors';
import type { components } from '../../../api/schema.gen';
import { isLive, type BatchPreview, type BatchView } from './progress';

type AppDetail = components['schemas']['AppDetail'];
export type TableSource = components['schemas']['TableSource'];
export type StoredFile = components['schemas']['StoredFile'];

/** The app a batch is of, served from the environment its page shows. */
export interface BatchApp {
  workspace: string;
  app: string;
  environment: string;
}

export function batchAppOf(app: AppDetail): BatchApp {
  return { workspace: app.workspace, app: app.name, environment: app.environment };
}

export const batchesKey = ['batches'] as const;
export const batchListKey = ({ workspace, app, environment }: BatchApp) => [...batchesKey, 'list', workspace, app, environment] as const;
export const batchKey = (id: string) => [...batchesKey, 'one', id] as const;
export const tableSourcesKey = ({ workspace, app, environment }: BatchApp) => ['table-sources', workspace, app, environment] as const;
export const storedFilesKey = (target: BatchApp, connection: string, folder: string | null) =>
  [...tableSourcesKey(target), 'files', connection, folder ?? ''] as const;

/** How often a running batch is asked for: every second, so the bar moves as rows end. */
export const BATCH_POLL_MS = 1000;
/** How often the list is asked for while one of its batches runs. */
const LIST_POLL_MS = 5000;

/** Where a batch's table comes from: a file uploaded, or a file in a file store bound where the app runs. */
export type TableChoice =
  | { kind: 'upload'; file: File }
  | {
      kind: 'store';
      /** The store's alias where the app runs. */
      connection: string;
      /** The file's path from the store's root. */
      path: string;
      name: string;
      size: number | null;
    };

/**
 * The table and the choices about it, as sent (multipart: `file` — or `connection` and `path` for a file store's
 * file — then `mapping` and `concurrency`).
 */
export interface TableRequest {
  table: TableChoice;
  /** Input → column; left out, the server guesses by name. */
  mapping?: Record<string, string>;
  concurrency?: number;
}

function tableForm({ table, mapping, concurrency }: TableRequest): FormData {
  const form = new FormData();
  if (table.kind === 'upload') form.append('file', table.file, table.file.name);
  else {
    form.append('connection', table.connection);
    form.append('path', table.path);
  }
  if (mapping !== undefined) form.append('mapping', JSON.stringify(mapping));
  if (concurrency !== undefined) form.append('concurrency', String(concurrency));
  return form;
}

/** What a table would make: nothing is kept. */
export function usePreviewBatch(target: BatchApp) {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (request: TableRequest): Promise<BatchPreview> => {
      const { data, error, response } = await client.POST('/api/v1/apps/{workspace}/{app}/batches/preview', {
        params: { path: { workspace: target.workspace, app: target.app }, query: { environment: target.environment } },
        // A FormData body is sent as it is (multipart, with its boundary); the generated type has no room for it.
        body: tableForm(request) as unknown as Record<string, never>,
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}

/** Starts a batch; its progress is shown at once. */
export function useStartBatch(target: BatchApp) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: TableRequest): Promise<BatchView> => {
      const { data, error, response } = await client.POST('/api/v1/apps/{workspace}/{app}/batches', {
        params: { path: { workspace: target.workspace, app: target.app }, query: { environment: target.environment } },
        body: tableForm(request) as unknown as Record<string, never>,
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (batch) => {
      queryClient.setQueryData(batchKey(batch.id), batch);
      void queryClient.invalidateQueries({ queryKey: batchListKey(target) });
    },
  });
}

/** The file stores the person may take a table from for this app, where it runs; none when they may use none. */
export function useTableSources(target: BatchApp) {
  const { client } = useApi();
  return useQuery({
    queryKey: tableSourcesKey(target),
    queryFn: async (): Promise<TableSource[]> => {
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/table-sources', {
        params: { path: { workspace: target.workspace, app: target.app }, query: { environment: target.environment } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.sources;
    },
    retry: false,
    staleTime: 60_000,
  });
}

/** The files and folders in a folder of a file store (its root when `folder` is null). */
export function useStoredFiles(target: BatchApp, connection: string | null, folder: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: storedFilesKey(target, connection ?? '', folder),
    queryFn: async (): Promise<StoredFile[]> => {
      const query = folder === null ? { environment: target.environment } : { environment: target.environment, folder };
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/table-sources/{connection}/files', {
        params: { path: { workspace: target.workspace, app: target.app, connection: connection ?? '' }, query },
      });
      if (data === undefined) throw apiError(error, response);
      return data.files;
    },
    enabled: connection !== null,
    retry: false,
  });
}

/** The person's batches of the app, newest first; asked for again while one runs. */
export function useBatches(target: BatchApp) {
  const { client } = useApi();
  return useQuery({
    queryKey: batchListKey(target),
    queryFn: async (): Promise<BatchView[]> => {
      const { data, error, response } = await client.GET('/api/v1/apps/{workspace}/{app}/batches', {
        params: { path: { workspace: target.workspace, app: target.app }, query: { environment: target.environment } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.batches;
    },
    refetchInterval: (query) => (query.state.data?.some((batch) => isLive(batch)) ? LIST_POLL_MS : false),
    retry: false,
  });
}

/** Puts the batch as it stands now into every list that holds it, so that the list moves with the batch shown. */
function keepListed(queryClient: ReturnType<typeof useQueryClient>, batch: BatchView) {
  queryClient.setQueriesData<BatchView[]>({ queryKey: [...batchesKey, 'list'] }, (list) =>
    list?.map((listed) => (listed.id === batch.id ? batch : listed)),
  );
}

/** One batch, followed every second while it runs. */
export function useBatch(id: string | null) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: batchKey(id ?? ''),
    queryFn: async (): Promise<BatchView> => {
      const { data, error, response } = await client.GET('/api/v1/batches/{id}', { params: { path: { id: id ?? '' } } });
      if (data === undefined) throw apiError(error, response);
      keepListed(queryClient, data);
      return data;
    },
    enabled: id !== null,
    refetchInterval: (query) => (isLive(query.state.data) ? BATCH_POLL_MS : false),
    // Keeps following while the tab is in the background: a batch may take a while.
    refetchIntervalInBackground: true,
    retry: 2,
  });
}

export type BatchAction = 'cancel' | 'resume' | 'retry';

/** Cancels, resumes or retries a batch; the batch as it stands after is shown, and the list asked for again. */
export function useBatchAction(target: BatchApp, id: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: BatchAction): Promise<BatchView> => {
      const path = { params: { path: { id } } };
      const { data, error, response } =
        action === 'cancel'
          ? await client.POST('/api/v1/batches/{id}/cancel', path)
          : action === 'resume'
            ? await client.POST('/api/v1/batches/{id}/resume', path)
            : await client.POST('/api/v1/batches/{id}/retry', path);
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (batch) => {
      queryClient.setQueryData(batchKey(batch.id), batch);
      keepListed(queryClient, batch);
      void queryClient.invalidateQueries({ queryKey: batchListKey(target) });
    },
  });
}

/** Where the results are downloaded from (an attachment; the session cookie goes along). */
export function resultsUrl(id: string, format: 'csv' | 'jsonl'): string {
  return `/api/v1/batches/${encodeURIComponent(id)}/results?format=${format}`;
}

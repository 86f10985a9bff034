/**
 * The calls of the public page of an app: its form, opened by an administrator to people who are not signed in. No
 * credentials: a run is followed with the token given when it started, sent as `X-Run-Token`.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { ApiError, apiError } from '../../../api/errors';
import type { components } from '../../../api/schema.gen';
import { environmentQuery, followRun, LONG_POLL_SECONDS, type AppAddress } from '../queries';
import type { AppDetail, AppRun } from '../types';

/** A run started here, with the token that follows it (given once, when it started). */
export type AnonymousRun = AppRun & Pick<components['schemas']['AnonymousRun'], 'follow_token'>;

/** An answer of the public API that refused, with how long to wait before trying again (`Retry-After`) if it said. */
export class PublicApiError extends ApiError {
  /** Seconds to wait before trying again, when the answer said (`Retry-After`). */
  readonly retryAfter: number | null;

  constructor(error: ApiError, retryAfter: number | null) {
    super(error.code, error.message, error.status, { ...error.details });
    this.name = 'PublicApiError';
    this.retryAfter = retryAfter;
  }
}

/** `Retry-After` in seconds: a number of seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function publicError(body: unknown, response: Response): PublicApiError {
  return new PublicApiError(apiError(body, response), retryAfterSeconds(response.headers.get('Retry-After')));
}

/** Whether an error is the public API saying there is nothing here for someone not signed in. */
export function isNotOpen(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

const publicKey = ({ workspace, app, environment }: AppAddress) => ['public-apps', workspace, app, environment ?? ''] as const;
const publicRunKey = ({ workspace, app }: Pick<AppAddress, 'workspace' | 'app'>, id: string) => ['public-apps', workspace, app, 'runs', id] as const;

/** The app's form, when it is open to people who are not signed in; `not_found` (404) when it is not. */
export function usePublicApp(address: AppAddress) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: publicKey(address),
    queryFn: async (): Promise<AppDetail> => {
      const { data, error, response } = await client.GET('/api/v1/public/apps/{workspace}/{app}', {
        params: { path: { workspace, app }, query: environmentQuery(address) },
      });
      if (data === undefined) throw publicError(error, response);
      return data;
    },
    retry: false,
  });
}

/** What the follow of a run needs: its id and the token given when it started. */
export interface RunTicket {
  id: string;
  token: string;
}

/**
 * A run started here, followed until it ends with the token given when it started: each ask is a long poll, the next
 * follows at once. A run the token does not open (or no longer exists) is `not_found`, not asked for again.
 */
export function usePublicRun(address: AppAddress, ticket: RunTicket | null, seed?: AppRun) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useQuery({
    queryKey: publicRunKey(address, ticket?.id ?? ''),
    queryFn: async (): Promise<AppRun> => {
      const { data, error, response } = await client.GET('/api/v1/public/apps/{workspace}/{app}/runs/{id}', {
        params: {
          path: { workspace, app, id: ticket?.id ?? '' },
          query: { wait: LONG_POLL_SECONDS },
          header: { 'X-Run-Token': ticket?.token ?? '' },
        },
      });
      if (data === undefined) throw publicError(error, response);
      return data as AppRun;
    },
    enabled: ticket !== null,
    ...followRun(seed),
    retry: (count, error) => !isNotOpen(error) && count < 2,
  });
}

/** Starts a run of the open form with the inputs given; answers the run with its follow token. */
export function useStartPublicRun(address: AppAddress) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const { workspace, app } = address;
  return useMutation({
    mutationFn: async (inputs: Record<string, unknown>): Promise<AnonymousRun> => {
      const { data, error, response } = await client.POST('/api/v1/public/apps/{workspace}/{app}/runs', {
        params: {
          path: { workspace, app },
          // Held until the run ends, or a moment: a quick app answers with its result at once.
          query: { wait: LONG_POLL_SECONDS, ...environmentQuery(address) },
        },
        // The generated type has no room for input values of any JSON type.
        body: { inputs: inputs as Record<string, never> },
      });
      if (data === undefined) throw publicError(error, response);
      return data as AnonymousRun;
    },
    onSuccess: (run) => {
      const { follow_token: _, ...shown } = run;
      queryClient.setQueryData(publicRunKey(address, run.id), shown);
    },
  });
}

/** "password-help-….md": the file name the answer gives (`Content-Disposition`), else one made from the app and run. */
export function downloadName(disposition: string | null, app: string, id: string, format: 'md' | 'json'): string {
  const match = disposition === null ? null : /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const given = match?.[1] === undefined ? '' : decodeURIComponent(match[1]).trim();
  // Only a plain name: never a path.
  return given !== '' && !/[/\\]/.test(given) ? given : `${app}-${id}.${format}`;
}

/**
 * Downloads the run's result as a file. A link cannot carry the run's token, so the file is fetched with it and handed
 * to the browser as a Blob.
 */
export function useDownloadResult(address: AppAddress, ticket: RunTicket) {
  const { client } = useApi();
  const { workspace, app } = address;
  return useMutation({
    mutationFn: async (format: 'md' | 'json'): Promise<void> => {
      const { data, error, response } = await client.GET('/api/v1/public/apps/{workspace}/{app}/runs/{id}/result', {
        params: { path: { workspace, app, id: ticket.id }, query: { format }, header: { 'X-Run-Token': ticket.token } },
        parseAs: 'blob',
      });
      if (data === undefined) throw publicError(error, response);
      const name = downloadName(response.headers.get('Content-Disposition'), app, ticket.id, format);
      saveBlob(data as Blob, name);
    },
  });
}

/** Hands a Blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

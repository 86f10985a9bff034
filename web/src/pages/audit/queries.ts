import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { AuditPage, ChainReport } from '../../api/types';
import { eventQuery, type AuditFilters } from './filters';

export const PAGE_SIZE = 50;

/** The audit trail matching `filters`, newest first, one page at a time. */
export function useAuditEvents(filters: AuditFilters) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    queryFn: async ({ pageParam }): Promise<AuditPage> => {
      const query = { ...eventQuery(filters), limit: PAGE_SIZE, ...(pageParam !== undefined ? { before: pageParam } : {}) };
      const { data, error, response } = await client.GET('/api/v1/audit/events', { params: { query } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
    retry: false,
  });
}

/** Walks the whole hash chain on the server. */
export function useVerifyChain() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (): Promise<ChainReport> => {
      const { data, error, response } = await client.POST('/api/v1/audit/verify');
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}

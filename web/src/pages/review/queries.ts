import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { ReviewDecision, ReviewDetail, ReviewSummary } from '../../api/types';

/** Every list of reviews and every review sits under this key. */
export const reviewsKey = ['reviews'] as const;

/** Which reviews a list asks for: `open` (the default) or `all`. */
export type ReviewFilter = 'open' | 'all';

export function reviewListKey(filter: ReviewFilter) {
  return [...reviewsKey, 'list', filter] as const;
}

export function reviewKey(id: string) {
  return [...reviewsKey, 'one', id] as const;
}

/** The reviews the signed-in person may see, newest first; looked at again every half minute. */
export function useReviews(filter: ReviewFilter, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: reviewListKey(filter),
    queryFn: async (): Promise<ReviewSummary[]> => {
      const { data, error, response } = await client.GET('/api/v1/reviews', { params: { query: { status: filter } } });
      if (data === undefined) throw apiError(error, response);
      return data.reviews;
    },
    enabled,
    refetchInterval: 30_000,
    retry: false,
  });
}

/** One review with its changes, policy report, evidence and conversation. */
export function useReview(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: reviewKey(id),
    queryFn: async (): Promise<ReviewDetail> => {
      const { data, error, response } = await client.GET('/api/v1/reviews/{id}', { params: { path: { id } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

export function useComment(id: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: string): Promise<ReviewDetail> => {
      const { data, error, response } = await client.POST('/api/v1/reviews/{id}/comments', {
        params: { path: { id } },
        body: { body },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (review) => queryClient.setQueryData(reviewKey(id), review),
  });
}

export interface DecisionBody {
  decision: ReviewDecision;
  comment?: string;
}

/** Approves, rejects or asks for changes; the review as it stands after is kept, and every list looked at again. */
export function useDecide(id: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: DecisionBody): Promise<ReviewDetail> => {
      const { data, error, response } = await client.POST('/api/v1/reviews/{id}/decision', {
        params: { path: { id } },
        body,
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (review) => {
      queryClient.setQueryData(reviewKey(id), review);
      void queryClient.invalidateQueries({ queryKey: [...reviewsKey, 'list'] });
    },
    // Decided by someone else meanwhile, closed, or a gate refused: what is shown may be out of date.
    onError: () => void queryClient.invalidateQueries({ queryKey: reviewsKey }),
  });
}

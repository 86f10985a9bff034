import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { ApprovalDecision, PendingApproval } from '../../api/types';
import { runsKey } from '../runs/queries';

export const approvalsKey = ['approvals'] as const;

/** The approvals waiting for the signed-in person; looked at again every half minute. */
export function useApprovals() {
  const { client } = useApi();
  return useQuery({
    queryKey: approvalsKey,
    queryFn: async (): Promise<PendingApproval[]> => {
      const { data, error, response } = await client.GET('/api/v1/approvals');
      if (data === undefined) throw apiError(error, response);
      return data.approvals;
    },
    refetchInterval: 30_000,
    retry: false,
  });
}

/** The same approval in another list: the same run and step. */
export const sameApproval = (a: PendingApproval, b: PendingApproval) => a.run.id === b.run.id && a.step === b.step;

export function useDecideApproval() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ approval, body }: { approval: PendingApproval; body: ApprovalDecision }) => {
      const { data, error, response } = await client.POST('/api/v1/runs/{id}/approvals/{step}', {
        params: { path: { id: approval.run.id, step: approval.step } },
        body,
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (_, { approval }) => {
      queryClient.setQueryData<PendingApproval[]>(approvalsKey, (list) => list?.filter((item) => !sameApproval(item, approval)));
      void queryClient.invalidateQueries({ queryKey: runsKey });
    },
    // Decided by someone else meanwhile, or no longer waiting: the list is out of date.
    onError: () => void queryClient.invalidateQueries({ queryKey: approvalsKey }),
  });
}

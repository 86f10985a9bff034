import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { apiError } from '../../../api/errors';
import type { CurrentUser, GroupView } from '../../../api/types';
import { groupsKey } from '../../admin/queries';
import { useAudienceGroups } from '../../build/lifecycle/queries';
import { groupSource } from '../abilities';

export interface GroupOption {
  id: string;
  name: string;
  description: string;
}

export interface GroupOptions {
  /** The groups to choose from; null when the person cannot learn them. */
  groups: GroupOption[] | null;
  pending: boolean;
}

/**
 * The groups a knowledge base can be shared with, from whichever list the person may read: every group for
 * administrators, the groups apps are published to for builders and approvers. Others (a steward alone) cannot list
 * groups at all.
 */
export function useGroupOptions(user: Pick<CurrentUser, 'grants'>): GroupOptions {
  const source = groupSource(user);
  const all = useAllGroups(source === 'all');
  const audience = useAudienceGroups(source === 'audience');
  const query = source === 'all' ? all : source === 'audience' ? audience : null;
  if (query === null) return { groups: null, pending: false };
  if (query.isPending) return { groups: null, pending: true };
  if (query.data === undefined) return { groups: null, pending: false };
  const groups = query.data.map(({ id, name, description }) => ({ id, name, description }));
  return { groups: groups.sort((a, b) => a.name.localeCompare(b.name)), pending: false };
}

/** Every group (administrators only), as Admin → Groups lists them; not asked of others. */
function useAllGroups(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: groupsKey,
    queryFn: async (): Promise<GroupView[]> => {
      const { data, error, response } = await client.GET('/api/v1/groups');
      if (data === undefined) throw apiError(error, response);
      return data.groups;
    },
    enabled,
    retry: false,
  });
}

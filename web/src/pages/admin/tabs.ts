import {
  IconCpu,
  IconFolders,
  IconKey,
  IconPlugConnected,
  IconShieldLock,
  IconStack2,
  IconTags,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';

export interface AdminTab {
  id: string;
  label: string;
  icon: Icon;
}

/** The tabs of the Admin page, in order; the first is the default. */
export const ADMIN_TABS: readonly [AdminTab, ...AdminTab[]] = [
  { id: 'users', label: 'Users', icon: IconUsers },
  {
    id: 'groups',
    label: 'Groups',
    icon: IconUsersGroup,
  },
  {
    id: 'workspaces',
    label: 'Workspaces',
    icon: IconFolders,
  },
  {
    id: 'models',
    label: 'Models',
    icon: IconCpu,
  },
  {
    id: 'connections',
    label: 'Connections',
    icon: IconPlugConnected,
  },
  {
    id: 'labels',
    label: 'Labels & policy',
    icon: IconTags,
  },
  {
    id: 'environments',
    label: 'Environments',
    icon: IconStack2,
  },
  {
    id: 'sso',
    label: 'Single sign-on & SCIM',
    icon: IconShieldLock,
  },
  {
    id: 'api-keys',
    label: 'API keys',
    icon: IconKey,
  },
];

export function tabOf(id: string | null): AdminTab {
  return ADMIN_TABS.find((tab) => tab.id === id) ?? ADMIN_TABS[0];
}

import { IconFolders, IconKey, IconUsers, IconUsersGroup, IconShieldLock, type Icon } from '@tabler/icons-react';

export interface AdminTab {
  id: string;
  label: string;
  icon: Icon;
  /** For a tab not built yet: one honest sentence on what it will do. */
  coming?: string;
}

/** The tabs of the Admin page, in order; the first is the default. */
export const ADMIN_TABS: readonly [AdminTab, ...AdminTab[]] = [
  { id: 'users', label: 'Users', icon: IconUsers },
  {
    id: 'groups',
    label: 'Groups',
    icon: IconUsersGroup,
    coming: 'Groups will let you grant roles to a whole team at once instead of person by person.',
  },
  {
    id: 'workspaces',
    label: 'Workspaces',
    icon: IconFolders,
    coming: 'You will create workspaces here and decide which environments, connections and models each team may use.',
  },
  {
    id: 'sso',
    label: 'Single sign-on & SCIM',
    icon: IconShieldLock,
    coming:
      'You will connect your identity provider here so people sign in with it and accounts stay in sync.',
  },
  {
    id: 'api-keys',
    label: 'API keys',
    icon: IconKey,
    coming: 'You will issue and revoke keys for scripts and other systems here.',
  },
];

export function tabOf(id: string | null): AdminTab {
  return ADMIN_TABS.find((tab) => tab.id === id) ?? ADMIN_TABS[0];
}

import { Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { ApiKeysPanel } from '../apikeys/ApiKeysPanel';
import { GroupsTab } from './GroupsTab';
import { SsoTab } from './SsoTab';
import { ADMIN_TABS, tabOf } from './tabs';
import { UsersTab } from './UsersTab';

function ApiKeysTab() {
  return (
    <ApiKeysPanel note="These are your own keys: they act as you. Keys for service accounts, not tied to a person, are not built yet." />
  );
}

/** The built tabs; the others show what they will do. */
const PANELS: Partial<Record<string, () => ReactNode>> = {
  users: UsersTab,
  groups: GroupsTab,
  sso: SsoTab,
  'api-keys': ApiKeysTab,
};

export function AdminPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;

  const active = tabOf(params.get('tab'));
  const select = (value: string | null) => {
    setParams(value === null || value === ADMIN_TABS[0].id ? {} : { tab: value }, { replace: true });
  };

  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <Tabs value={active.id} onChange={select} keepMounted={false}>
        <Tabs.List mb="lg">
          {ADMIN_TABS.map(({ id, label, icon: Icon }) => (
            <Tabs.Tab key={id} value={id} leftSection={<Icon size={16} stroke={1.6} />} data-testid={`admin-tab-${id}`}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {ADMIN_TABS.map((tab) => {
          const Panel = PANELS[tab.id];
          return (
            <Tabs.Panel key={tab.id} value={tab.id}>
              {Panel !== undefined ? (
                <Panel />
              ) : (
                <EmptyState icon={tab.icon} title={`${tab.label}: coming soon`} testId={`admin-coming-${tab.id}`}>
                  {tab.coming}
                </EmptyState>
              )}
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Page>
  );
}

import { Stack, Tabs, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { ApiKeysPanel } from '../apikeys/ApiKeysPanel';
import { ConnectionsTab } from './ConnectionsTab';
import { EnvironmentsTab } from './EnvironmentsTab';
import { GroupsTab } from './GroupsTab';
import { LabelsTab } from './LabelsTab';
import { ModelsTab } from './ModelsTab';
import { ServiceAccountsSection } from './ServiceAccountsSection';
import { SsoTab } from './SsoTab';
import { ADMIN_TABS, tabOf } from './tabs';
import { UsersTab } from './UsersTab';
import { WorkspacesTab } from './WorkspacesTab';

/** The administrator's own keys, then the service accounts and theirs. */
function ApiKeysTab() {
  return (
    <Stack gap={48}>
      <Stack gap="md">
        <Title order={2} size="h4">
          Your own keys
        </Title>
        <ApiKeysPanel note="These keys act as you. For a script or integration that should not depend on you, create a service account below." />
      </Stack>
      <ServiceAccountsSection />
    </Stack>
  );
}

/** What each tab shows. */
const PANELS: Partial<Record<string, () => ReactNode>> = {
  users: UsersTab,
  groups: GroupsTab,
  workspaces: WorkspacesTab,
  environments: EnvironmentsTab,
  models: ModelsTab,
  connections: ConnectionsTab,
  labels: LabelsTab,
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
              {Panel !== undefined && <Panel />}
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Page>
  );
}

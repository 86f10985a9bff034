import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { ADMIN_TABS, tabOf } from './tabs';
import { UsersTab } from './UsersTab';

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
        {ADMIN_TABS.map((tab) => (
          <Tabs.Panel key={tab.id} value={tab.id}>
            {tab.coming === undefined ? (
              <UsersTab />
            ) : (
              <EmptyState icon={tab.icon} title={`${tab.label}: coming soon`} testId={`admin-coming-${tab.id}`}>
                {tab.coming}
              </EmptyState>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}

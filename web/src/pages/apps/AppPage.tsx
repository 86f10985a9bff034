import { Anchor, Badge, Box, Breadcrumbs, Button, Group, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconApi, IconApps, IconForms, IconTable, type Icon } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import type { SectionInfo } from '../../layout/sections';
import { localTime } from '../audit/format';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { AnonymousUseCard } from './anonymous/AnonymousUseCard';
import { ApiTab } from './api/ApiTab';
import { PausedBadge } from './AppsPage';
import { BatchTab } from './batch/BatchTab';
import { environmentWords, relativeTime } from './format';
import { FormTab } from './FormTab';
import { appPath } from './paths';
import { useApp, useEnvironmentParam, type AppAddress } from './queries';
import type { AppDetail, InterfaceKind } from './types';

const TABS: readonly { id: InterfaceKind; label: string; icon: Icon }[] = [
  { id: 'form', label: 'Form', icon: IconForms },
  { id: 'batch', label: 'Batch', icon: IconTable },
  { id: 'api', label: 'API', icon: IconApi },
];

/** The app's name, what it does, and where it runs from. */
function AppHeader({ app, pinned }: { app: AppDetail; pinned: boolean }) {
  return (
    <Stack gap={6} mb="lg">
      <Breadcrumbs separatorMargin={6}>
        <Anchor component={Link} to="/apps" size="sm">
          Apps
        </Anchor>
        <Text size="sm" c="dimmed">
          {app.workspace_name}
        </Text>
      </Breadcrumbs>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {app.name}
        </Title>
        {app.frozen && <PausedBadge />}
      </Group>
      {app.description && (
        <Text maw={760} data-testid="app-description">
          {app.description}
        </Text>
      )}
      <Group gap="xs" data-testid="app-meta">
        <Badge variant="light" color="gray" tt="none">
          {app.workspace_name}
        </Badge>
        <Tooltip
          label={
            pinned
              ? `Served from the ${app.environment} environment, as this page's address asks`
              : `Served from the ${app.environment} environment`
          }
          openDelay={300}
        >
          <Badge variant="light" color="teal" tt="none" data-testid="app-environment" data-pinned={pinned || undefined}>
            {environmentWords(app.environment)}
          </Badge>
        </Tooltip>
        <Badge variant="light" color="indigo" tt="none" data-testid="app-version">
          Version {app.version}
        </Badge>
        <Tooltip label={localTime(app.updated_at)} openDelay={300}>
          <Text size="xs" c="dimmed">
            Updated {relativeTime(app.updated_at)}
            {app.owner ? ` by ${app.owner}` : ''}
          </Text>
        </Tooltip>
      </Group>
    </Stack>
  );
}

/** The app's interfaces open to the person, a tab each; the one shown is kept in the address (`?tab=`). */
function AppTabs({ app }: { app: AppDetail }) {
  const [params, setParams] = useSearchParams();
  const offered = TABS.filter((tab) => app.interfaces.includes(tab.id));
  const first = offered[0];
  if (first === undefined) {
    return (
      <EmptyState icon={IconApps} color="gray" title="Nothing to use here yet" testId="app-no-interface">
        This app is published to you without a form, batch or API access. Ask its team if you expected to use it.
      </EmptyState>
    );
  }
  const active = offered.find((tab) => tab.id === params.get('tab'))?.id ?? first.id;
  const select = (value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null || value === first.id) next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );

  return (
    // The form stays mounted (hidden) so that what is typed survives a look at another tab.
    <Tabs value={active} onChange={select} keepMountedMode="display-none">
      <Tabs.List mb="lg">
        {offered.map(({ id, label, icon: TabIcon }) => (
          <Tabs.Tab key={id} value={id} leftSection={<TabIcon size={16} stroke={1.6} />} data-testid={`app-tab-${id}`}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {app.interfaces.includes('form') && (
        <Tabs.Panel value="form">
          <FormTab app={app} />
        </Tabs.Panel>
      )}
      {app.interfaces.includes('batch') && <Tabs.Panel value="batch">{active === 'batch' && <BatchTab app={app} />}</Tabs.Panel>}
      {app.interfaces.includes('api') && <Tabs.Panel value="api">{active === 'api' && <ApiTab app={app} />}</Tabs.Panel>}
    </Tabs>
  );
}

/** Why the app is not shown: not published to the person (in the environment the address names, if it names one). */
function AppMissing({ address }: { address: AppAddress }) {
  const { environment } = address;
  if (environment !== null) {
    return (
      <EmptyState
        icon={IconApps}
        color="gray"
        title={`This app is not available to you in ${environmentWords(environment)}`}
        testId="app-not-found"
        action={
          <Group gap="sm" mt="xs" justify="center">
            <Button component={Link} to={appPath(address.workspace, address.app)} variant="light" data-testid="app-default-environment">
              Open it where it is served by default
            </Button>
            <Button component={Link} to="/apps" variant="subtle">
              See your apps
            </Button>
          </Group>
        }
      >
        This address asks for it as published in the {environment} environment, where it is not published to you (or not at
        all). It may be published to you elsewhere.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={IconApps}
      color="gray"
      title="This app is not available to you"
      testId="app-not-found"
      action={
        <Button component={Link} to="/apps" variant="light" mt="xs">
          See your apps
        </Button>
      }
    >
      It may have been unpublished, renamed, or never shared with you. Your apps are listed under Apps.
    </EmptyState>
  );
}

function AppView({ address }: { address: AppAddress }) {
  const app = useApp(address);
  const { environment } = address;
  if (app.error instanceof ApiError && app.error.status === 404) {
    return (
      <>
        <AppMissing address={address} />
        {/* An administrator may open or close the app to the public even when it is not published to them. */}
        <Box mt="lg">
          <AnonymousUseCard address={address} />
        </Box>
      </>
    );
  }
  return (
    <QueryState query={app} errorTitle="The app could not be loaded" loadingLabel="Loading the app" rows={6}>
      {app.data && (
        <>
          <AppHeader app={app.data} pinned={environment !== null} />
          <AnonymousUseCard address={address} />
          <AppTabs app={app.data} />
        </>
      )}
    </QueryState>
  );
}

/** /apps/:workspace/:app[?environment=<slug>]: one app, to use through its form (or batch, or API). */
export function AppPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  const { workspace = '', app = '' } = useParams();
  // `?environment=<slug>` serves the app from that environment rather than the last one it is published in.
  const environment = useEnvironmentParam();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      {/* Another app, or the same one from another environment, starts afresh (its form may differ). */}
      <AppView key={`${workspace}/${app}/${environment ?? ''}`} address={{ workspace, app, environment }} />
    </Page>
  );
}

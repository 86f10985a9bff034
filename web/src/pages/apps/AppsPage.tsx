import { Anchor, Badge, Button, Card, CloseButton, Group, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconApi, IconClock, IconFolder, IconForms, IconPlayerPause, IconSearch, IconSearchOff, IconTable, IconUser } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { SectionInfo } from '../../layout/sections';
import { localTime } from '../audit/format';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { environmentWords, INTERFACE_WORDS, relativeTime } from './format';
import { appPath } from './paths';
import { useAppCatalog } from './queries';
import type { AppSummary } from './types';

const INTERFACE_ICONS = { form: IconForms, batch: IconTable, api: IconApi } as const;

/** The interfaces an app offers, as small badges. */
export function InterfaceBadges({ interfaces }: { interfaces: readonly string[] }) {
  return (
    <Group gap={6}>
      {interfaces.map((kind) => {
        const Icon = INTERFACE_ICONS[kind as keyof typeof INTERFACE_ICONS] ?? IconForms;
        return (
          <Badge key={kind} variant="light" color="indigo" size="sm" leftSection={<Icon size={12} />} data-testid={`interface-${kind}`}>
            {INTERFACE_WORDS[kind] ?? kind}
          </Badge>
        );
      })}
    </Group>
  );
}

/** "Paused": the app's team stopped it for now; no run starts until they resume it. */
export function PausedBadge() {
  return (
    <Tooltip label="Its team has paused this app for now: no new run can start until they resume it." multiline w={260}>
      <Badge color="orange" variant="light" leftSection={<IconPlayerPause size={12} />} data-testid="paused-badge">
        Paused
      </Badge>
    </Tooltip>
  );
}

/** One app of the catalog; the whole card opens it, its name is the link. */
function AppCard({ app }: { app: AppSummary }) {
  const navigate = useNavigate();
  const path = appPath(app.workspace, app.name);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      data-testid={`app-card-${app.workspace}-${app.name}`}
      onClick={() => void navigate(path)}
      style={{ cursor: 'pointer' }}
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={path} fw={600} size="lg" onClick={(event) => event.stopPropagation()} style={{ overflowWrap: 'anywhere' }}>
            {app.name}
          </Anchor>
          {app.frozen && <PausedBadge />}
        </Group>
        <Text size="sm" c={app.description ? undefined : 'dimmed'} lineClamp={3} style={{ flex: 1 }}>
          {app.description || 'No description yet.'}
        </Text>
        <Stack gap={4}>
          <Group gap={6} wrap="nowrap">
            <IconFolder size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
            <Text size="xs" c="dimmed" truncate>
              {app.workspace_name} · {environmentWords(app.environment)}
            </Text>
          </Group>
          {app.owner && (
            <Group gap={6} wrap="nowrap">
              <IconUser size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed" truncate>
                {app.owner}
              </Text>
            </Group>
          )}
          <Group gap={6} wrap="nowrap">
            <IconClock size={14} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
            <Tooltip label={localTime(app.updated_at)} openDelay={300}>
              <Text size="xs" c="dimmed">
                Updated {relativeTime(app.updated_at)} · version {app.version}
              </Text>
            </Tooltip>
          </Group>
        </Stack>
        <InterfaceBadges interfaces={app.interfaces} />
      </Stack>
    </Card>
  );
}

/** Below the page, so that its query re-renders it without asking for the session (gone after sign-out). */
function Catalog({ section }: { section: SectionInfo }) {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [debounced] = useDebouncedValue(search, 250);
  const catalog = useAppCatalog(debounced);
  const setSearch = (value: string) => setParams(value === '' ? {} : { search: value }, { replace: true });
  const apps = catalog.data ?? [];
  const searching = debounced.trim() !== '';

  return (
    <>
      {(apps.length > 0 || searching || search !== '') && (
        <TextInput
          mb="lg"
          maw={480}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          placeholder="Search by name, description or team"
          aria-label="Search apps"
          leftSection={<IconSearch size={16} />}
          rightSection={search !== '' ? <CloseButton aria-label="Clear search" size="sm" onClick={() => setSearch('')} /> : null}
          data-testid="apps-search"
        />
      )}
      <QueryState query={catalog} errorTitle="The apps could not be loaded" loadingLabel="Loading apps" rows={4}>
        {apps.length === 0 ? (
          searching ? (
            <EmptyState
              icon={IconSearchOff}
              color="gray"
              title="No app matches your search"
              testId="apps-no-match"
              action={
                <Button variant="light" mt="xs" onClick={() => setSearch('')}>
                  Show all apps
                </Button>
              }
            >
              No app you may use has “{debounced.trim()}” in its name, description or team. Try other words.
            </EmptyState>
          ) : (
            <EmptyState icon={section.icon} title={section.emptyTitle} testId={`empty-${section.id}`}>
              {section.emptyText}
            </EmptyState>
          )
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="app-catalog" aria-busy={catalog.isFetching || undefined}>
            {apps.map((app) => (
              <AppCard key={`${app.workspace}/${app.name}`} app={app} />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
    </>
  );
}

/** The Apps section: every app published to the person, to search and open. A consumer's start page. */
export function AppsPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <Catalog section={section} />
    </Page>
  );
}

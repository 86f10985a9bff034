import { Alert, Anchor, Badge, Box, Breadcrumbs, Button, Code, Group, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconFileText, IconSearch, IconSettings, IconShare, type Icon } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import type { SectionInfo } from '../../layout/sections';
import { localTime } from '../audit/format';
import { relativeTime } from '../apps/format';
import { Page } from '../Page';
import { AccessTab } from './access/AccessTab';
import { DocumentCountsBar } from './DocumentCountsBar';
import { DocumentsTab } from './documents/DocumentsTab';
import { LabelBadge } from './label';
import { useKnowledgeBase } from './queries';
import { SearchTab } from './search/SearchTab';
import { SettingsTab } from './settings/SettingsTab';
import type { KnowledgeBase } from './types';
import { useCounts } from './useCounts';

interface TabInfo {
  id: string;
  label: string;
  icon: Icon;
  /** Only for those who manage the knowledge base. */
  managers: boolean;
  Panel: (props: { base: KnowledgeBase }) => ReactNode;
}

/** The tabs of a knowledge base's page, in order; the first is the default. */
const TABS: readonly [TabInfo, ...TabInfo[]] = [
  { id: 'documents', label: 'Documents', icon: IconFileText, managers: false, Panel: DocumentsTab },
  { id: 'search', label: 'Try a query', icon: IconSearch, managers: false, Panel: SearchTab },
  { id: 'access', label: 'Access', icon: IconShare, managers: true, Panel: AccessTab },
  { id: 'settings', label: 'Settings', icon: IconSettings, managers: true, Panel: SettingsTab },
];

function Header({ base }: { base: KnowledgeBase }) {
  const counts = useCounts(base);
  return (
    <Stack gap={6} mb="lg">
      <Breadcrumbs separatorMargin={6}>
        <Anchor component={Link} to="/knowledge" size="sm">
          Knowledge
        </Anchor>
        <Text size="sm" c="dimmed">
          {base.workspace_name || base.workspace}
        </Text>
      </Breadcrumbs>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {base.name}
        </Title>
        <LabelBadge label={base.label} testId="knowledge-base-label" />
        {!base.may_manage && (
          <Tooltip label="You may search it and see its documents; its stewards change it." multiline w={240} openDelay={300}>
            <Badge variant="light" color="gray" tt="none" data-testid="read-only">
              Read only
            </Badge>
          </Tooltip>
        )}
      </Group>
      {base.description && (
        <Text maw={760} data-testid="knowledge-base-description">
          {base.description}
        </Text>
      )}
      <Group gap="lg" align="flex-end" wrap="wrap">
        <Box w={320}>
          <DocumentCountsBar counts={counts} testId="knowledge-base-counts" />
        </Box>
        <Tooltip label={localTime(base.updated_at)} openDelay={300}>
          <Text size="xs" c="dimmed">
            Changed {relativeTime(base.updated_at)} · workflows name it <Code fz="xs">{base.slug}</Code>
          </Text>
        </Tooltip>
      </Group>
    </Stack>
  );
}

function KnowledgeBaseTabs({ base }: { base: KnowledgeBase }) {
  const [params, setParams] = useSearchParams();
  const offered = TABS.filter((tab) => base.may_manage || !tab.managers);
  const first = offered[0] ?? TABS[0];
  const active = offered.find((tab) => tab.id === params.get('tab')) ?? first;
  // A tab is drawn once opened, then kept (hidden), so that uploads under way, a query's passages and unsaved changes
  // survive a look elsewhere; tabs never opened cost nothing.
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set([active.id]));
  if (!opened.has(active.id)) setOpened(new Set([...opened, active.id]));
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
    <Tabs value={active.id} onChange={select} keepMountedMode="display-none">
      <Tabs.List mb="lg">
        {offered.map(({ id, label, icon: TabIcon }) => (
          <Tabs.Tab key={id} value={id} leftSection={<TabIcon size={16} stroke={1.6} />} data-testid={`knowledge-tab-${id}`}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {offered.map(({ id, Panel }) => (
        <Tabs.Panel key={id} value={id}>
          {opened.has(id) && <Panel base={base} />}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** Just after creating: what to do next. */
function CreatedNotice({ base }: { base: KnowledgeBase }) {
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [open, setOpen] = useState(created);
  if (!open) return null;
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setOpen(false)}
      mb="lg"
      role="status"
      data-testid="knowledge-created"
    >
      {base.name} is created. Upload its documents below; then, under Access, choose which workspaces and groups may use
      it. Until then no workflow can retrieve from it.
    </Alert>
  );
}

function Missing() {
  return (
    <EmptyState
      icon={IconFileText}
      color="gray"
      title="This knowledge base is not available to you"
      testId="knowledge-base-not-found"
      action={
        <Button component={Link} to="/knowledge" variant="light" mt="xs">
          See your knowledge bases
        </Button>
      }
    >
      It does not exist, or it has not been shared with you. If you expected to see it, ask the stewards of its workspace.
    </EmptyState>
  );
}

/** A knowledge base: its documents, a search to try it, and (for its stewards) who may use it and its settings. */
export function KnowledgeBasePage(_: { section: SectionInfo }) {
  const { slug = '' } = useParams();
  const base = useKnowledgeBase(slug);
  const missing = base.error instanceof ApiError && base.error.status === 404;
  return (
    <Page>
      {missing ? (
        <Missing />
      ) : (
        <QueryState query={base} errorTitle="The knowledge base could not be loaded" loadingLabel="Loading the knowledge base" rows={4}>
          {base.data !== undefined && (
            <>
              <Header base={base.data} />
              <CreatedNotice base={base.data} />
              <KnowledgeBaseTabs base={base.data} />
            </>
          )}
        </QueryState>
      )}
    </Page>
  );
}

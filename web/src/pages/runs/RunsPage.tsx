import { Button, Group, Paper, Text } from '@mantine/core';
import { IconFilterOff, IconFolderOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CurrentUser } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useWorkspaceParam } from '../../components/useWorkspaceParam';
import { WorkspaceSelect } from '../../components/WorkspaceSelect';
import { VIEW_RUN_ROLES, workspacesWithRole } from '../../layout/roles';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { matchesOrigin, type RunOrigin } from './origin';
import { OriginFilter, useOriginParam } from './OriginFilter';
import { useRuns } from './queries';
import { RunTable } from './RunTable';

/** How a run was started, to end "None of the latest runs was started …". */
const STARTED: Record<RunOrigin, string> = {
  form: 'through the form',
  batch: 'by a batch',
  api: 'through the API',
  console: 'from the console or the command line',
};

/** None of the latest runs was started the way the filter asks. */
function NoneThrough({ origin, onShowAll }: { origin: RunOrigin; onShowAll: () => void }) {
  return (
    <EmptyState
      icon={IconFilterOff}
      color="gray"
      title="No run to show"
      testId="runs-none-through"
      action={
        <Button variant="light" mt="xs" onClick={onShowAll}>
          Show all runs
        </Button>
      }
    >
      {`None of the latest runs of this workspace was started ${STARTED[origin]}.`}
    </EmptyState>
  );
}

/** Below the page, so that its queries re-render it without asking for the session (gone after sign-out). */
function WorkspaceRuns({ section, user }: { section: SectionInfo; user: CurrentUser }) {
  const options = workspacesWithRole(user, VIEW_RUN_ROLES);
  const [slug, choose] = useWorkspaceParam(options);
  const runs = useRuns(slug);
  const [origin, chooseOrigin] = useOriginParam();
  const canBuild = user.navigation.includes('build');
  const shown = (runs.data ?? []).filter((run) => matchesOrigin(run, origin));

  if (slug === null) {
    return (
      <EmptyState icon={IconFolderOff} color="gray" title="No workspace to show" testId="runs-no-workspace">
        Your roles don&apos;t let you see the runs of any workspace. Ask your Paddock administrator if you need to.
      </EmptyState>
    );
  }
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="md">
        <Group gap="md" align="flex-end">
          <WorkspaceSelect options={options} value={slug} onChange={choose} />
          <OriginFilter value={origin} onChange={chooseOrigin} />
        </Group>
        <Text size="sm" c="dimmed" data-testid="runs-count">
          {origin === null || !runs.data
            ? 'The 50 latest runs, newest first.'
            : `${shown.length} of the ${runs.data.length} latest runs, newest first.`}
        </Text>
      </Group>
      <QueryState query={runs} errorTitle="The runs could not be loaded" loadingLabel="Loading runs" rows={5}>
        {runs.data?.length === 0 ? (
          <EmptyState
            icon={section.icon}
            title={section.emptyTitle}
            testId={`empty-${section.id}`}
            action={
              canBuild && (
                <Button component={Link} to={`/build?workspace=${encodeURIComponent(slug)}`} variant="light" mt="xs">
                  Try a workflow
                </Button>
              )
            }
          >
            {section.emptyText}
          </EmptyState>
        ) : shown.length === 0 && origin !== null ? (
          <NoneThrough origin={origin} onShowAll={() => chooseOrigin(null)} />
        ) : (
          <Paper withBorder radius="md">
            <RunTable runs={shown} />
          </Paper>
        )}
      </QueryState>
    </>
  );
}

export function RunsPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <WorkspaceRuns section={section} user={user} />
    </Page>
  );
}

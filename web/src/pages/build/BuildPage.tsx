import { Button, Group, Paper, Text } from '@mantine/core';
import { IconFolderOff, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CurrentUser } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useWorkspaceParam } from '../../components/useWorkspaceParam';
import { WorkspaceSelect } from '../../components/WorkspaceSelect';
import { BUILD_ROLES, workspaceName, workspacesWithRole } from '../../layout/roles';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { useDrafts } from './draftQueries';
import { DraftTable } from './DraftTable';

/** Where a new workflow of the workspace is written. */
export function newWorkflowPath(slug: string): string {
  return `/build/new?workspace=${encodeURIComponent(slug)}`;
}

function NewWorkflowButton({ slug, variant = 'filled' }: { slug: string; variant?: 'filled' | 'light' }) {
  return (
    <Button component={Link} to={newWorkflowPath(slug)} variant={variant} leftSection={<IconPlus size={18} />}>
      New workflow
    </Button>
  );
}

/** Below the page, so that its queries re-render it without asking for the session (gone after sign-out). */
function WorkspaceWorkflows({ section, user }: { section: SectionInfo; user: CurrentUser }) {
  const options = workspacesWithRole(user, BUILD_ROLES);
  const [slug, choose] = useWorkspaceParam(options);
  const drafts = useDrafts(slug);

  if (slug === null) {
    return (
      <EmptyState icon={IconFolderOff} color="gray" title="No workspace to build in" testId="build-no-workspace">
        You need the builder role in a workspace to write and try workflows there. Ask your Paddock administrator.
      </EmptyState>
    );
  }
  const empty = drafts.data?.length === 0;
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="md">
        <WorkspaceSelect options={options} value={slug} onChange={choose} />
        {!empty && <NewWorkflowButton slug={slug} />}
      </Group>
      <QueryState query={drafts} errorTitle="The workflows could not be loaded" loadingLabel="Loading workflows" rows={4}>
        {empty ? (
          <EmptyState
            icon={section.icon}
            title={`No workflows in ${workspaceName(user, slug)} yet`}
            testId="empty-build"
            action={<NewWorkflowButton slug={slug} variant="light" />}
          >
            A workflow starts as a draft: write its steps, check them, and try it with test runs on inputs of your own, as
            often as you like. Drafts are saved in the workspace, where its other builders can open them too; nothing is
            published from here.
          </EmptyState>
        ) : (
          <Paper withBorder radius="md">
            <DraftTable drafts={drafts.data ?? []} />
          </Paper>
        )}
      </QueryState>
      {!empty && (
        <Text size="sm" c="dimmed" mt="sm">
          Open a workflow to change its draft or try it with a test run.
        </Text>
      )}
    </>
  );
}

/** The Build section: the workflows of a workspace, each a draft to open, change and try. */
export function BuildPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <WorkspaceWorkflows section={section} user={user} />
    </Page>
  );
}

import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { CurrentUser, DraftView } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { useWorkspaceParam } from '../../components/useWorkspaceParam';
import { WorkspaceSelect } from '../../components/WorkspaceSelect';
import { BUILD_ROLES, workspaceName, workspacesWithRole } from '../../layout/roles';
import type { SectionInfo } from '../../layout/sections';
import { localTime } from '../audit/format';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { useDraft } from './draftQueries';
import { DraftStatusBadge, PolicyBadge } from './DraftStatusBadge';
import { draftPath, savedBy } from './DraftTable';
import { EXAMPLE_WORKFLOW } from './example';
import { LifecycleTabs } from './lifecycle/LifecycleTabs';
import { lifecycleRights } from './lifecycle/words';
import { WorkflowEditor } from './WorkflowEditor';

function BackToList({ slug }: { slug: string | null }) {
  return (
    <Anchor
      component={Link}
      to={slug === null ? '/build' : `/build?workspace=${encodeURIComponent(slug)}`}
      size="sm"
      mb="md"
      display="inline-block"
    >
      <Group gap={4}>
        <IconArrowLeft size={14} />
        All workflows
      </Group>
    </Anchor>
  );
}

function DraftHeader({ draft, workspace }: { draft: DraftView; workspace: string }) {
  return (
    <Stack gap={4} mb="lg">
      <Group gap="sm">
        <Title order={1} size="h2">
          {draft.name}
        </Title>
        <DraftStatusBadge draft={draft} />
        <PolicyBadge draft={draft} />
      </Group>
      {draft.description && <Text c="dimmed">{draft.description}</Text>}
      <Text size="sm" data-testid="draft-saved">
        Draft in {workspace} · {savedBy(draft)} on {localTime(draft.updated_at)}
      </Text>
    </Stack>
  );
}

/** The draft, loaded; Reload shows its latest saved version in place of the text being edited. */
function OpenDraft({ user, slug, name }: { user: CurrentUser; slug: string; name: string }) {
  const draft = useDraft(slug, name);
  const location = useLocation();
  // Opened right after its first save (from New workflow): that save is confirmed here.
  const [created] = useState(() => (location.state as { created?: unknown } | null)?.created === true);
  const navigate = useNavigate();
  // Once only: reloading the page later confirms nothing.
  useEffect(() => {
    if (created) void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, []); // Once, for the state it opened with.
  const [loads, setLoads] = useState(0);
  const [unsaved, setUnsaved] = useState(false);
  const [restored, setRestored] = useState<{ version: number; revision: number } | null>(null);
  const rights = lifecycleRights(user, slug);
  const reload = async () => {
    await draft.refetch();
    setRestored(null);
    setLoads((count) => count + 1);
  };
  return (
    <>
      <BackToList slug={slug} />
      <QueryState
        query={{ isError: draft.isError && !draft.data, isPending: draft.isPending, error: draft.error }}
        errorTitle="This workflow could not be opened"
        loadingLabel="Loading the workflow"
        rows={8}
      >
        {draft.data && (
          <>
            <DraftHeader draft={draft.data} workspace={workspaceName(user, slug)} />
            <LifecycleTabs
              draft={draft.data}
              rights={rights}
              unsaved={unsaved}
              onRestored={(version, saved) => {
                // The restore is a save: the editor starts again from it.
                setRestored({ version: version.number, revision: saved.revision });
                setLoads((count) => count + 1);
              }}
              editor={
                <Stack gap="lg">
                  {restored !== null && (
                    <Alert
                      color="green"
                      icon={<IconCircleCheck />}
                      title={`Version ${restored.version} is the draft again`}
                      withCloseButton
                      closeButtonLabel="Dismiss"
                      onClose={() => setRestored(null)}
                      role="status"
                      data-testid="restored-notice"
                    >
                      Saved as revision {restored.revision}. Change it and save as usual; the earlier draft stays in its
                      history.
                    </Alert>
                  )}
                  <WorkflowEditor
                    key={loads}
                    draft={draft.data}
                    workspace={slug}
                    initialText={draft.data.definition}
                    onReload={() => void reload()}
                    justSaved={created && loads === 0}
                    onUnsavedChange={setUnsaved}
                  />
                </Stack>
              }
            />
          </>
        )}
      </QueryState>
    </>
  );
}

/** /build/:workspace/:name: one workflow's draft, to change, save and try. */
export function DraftPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  const { workspace = '', name = '' } = useParams();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <OpenDraft key={`${workspace}/${name}`} user={user} slug={workspace} name={name} />
    </Page>
  );
}

function NewWorkflow({ user }: { user: CurrentUser }) {
  const options = workspacesWithRole(user, BUILD_ROLES);
  const [workspace, choose] = useWorkspaceParam(options);
  const navigate = useNavigate();
  const open = (draft: Pick<DraftView, 'workspace' | 'name'>, created = false) =>
    void navigate(draftPath(draft), { replace: true, state: created ? { created: true } : null });
  return (
    <>
      <BackToList slug={workspace} />
      <Stack gap={4} mb="lg">
        <Title order={1} size="h2">
          New workflow
        </Title>
        <Text c="dimmed" maw={720}>
          Write it (or start from the example), check it, and save it as a draft in the workspace. Then try it with test
          runs on inputs of your own and watch each step as it runs. Test runs happen in the development environment;
          nothing is published.
        </Text>
      </Stack>
      <WorkflowEditor
        draft={null}
        workspace={workspace}
        initialText={EXAMPLE_WORKFLOW}
        onCreated={(draft) => open(draft, true)}
        onReload={(name) => workspace !== null && name !== '' && open({ workspace, name })}
        header={
          workspace === null ? (
            <Alert color="yellow" title="No workspace to save it in">
              You need the builder role in a workspace to write and try workflows there. Ask your Paddock administrator.
            </Alert>
          ) : (
            <WorkspaceSelect
              options={options}
              value={workspace}
              onChange={choose}
              description="Where it is saved and tried"
            />
          )
        }
      />
    </>
  );
}

/** /build/new: a new workflow, saved as a draft in the workspace chosen. */
export function NewWorkflowPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <NewWorkflow user={user} />
    </Page>
  );
}

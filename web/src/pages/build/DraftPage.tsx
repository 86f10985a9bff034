import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconLayoutGrid } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
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
import { BLANK_WORKFLOW } from './example';
import { LifecycleTabs } from './lifecycle/LifecycleTabs';
import { lifecycleRights } from './lifecycle/words';
import { WorkflowBuilder } from './builder/WorkflowBuilder';

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

/** What the page may be opened with: just created (from New workflow or a template), with a template's sample inputs. */
function openedWith(state: unknown): { created: boolean; sampleInputs?: Record<string, unknown> } {
  const { created, sampleInputs } = (state ?? {}) as { created?: unknown; sampleInputs?: unknown };
  const samples = typeof sampleInputs === 'object' && sampleInputs !== null ? (sampleInputs as Record<string, unknown>) : undefined;
  return { created: created === true, ...(samples ? { sampleInputs: samples } : {}) };
}

/** The draft, loaded, in the builder; a version restored starts the builder again from it. */
function OpenDraft({ user, slug, name }: { user: CurrentUser; slug: string; name: string }) {
  const draft = useDraft(slug, name);
  const location = useLocation();
  // Opened right after its first save (from New workflow or a template): that save is confirmed here.
  const [{ created, sampleInputs }] = useState(() => openedWith(location.state));
  const navigate = useNavigate();
  // Once only: reloading the page later confirms nothing.
  useEffect(() => {
    if (created) void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, []); // Once, for the state it opened with.
  const [loads, setLoads] = useState(0);
  const [unsaved, setUnsaved] = useState(false);
  const [restored, setRestored] = useState<{ version: number; revision: number } | null>(null);
  const rights = lifecycleRights(user, slug);
  // The builder is heavy: opened on another tab, the page builds it only once the Draft tab is shown (then keeps it).
  const [params] = useSearchParams();
  const [builderWanted, setBuilderWanted] = useState(false);
  if (!builderWanted && (params.get('tab') ?? 'draft') === 'draft') setBuilderWanted(true);
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
                  {builderWanted && (
                    <WorkflowBuilder
                      key={loads}
                      draft={draft.data}
                      workspace={slug}
                      initialText={draft.data.definition}
                      rights={rights}
                      justSaved={created && loads === 0}
                      sampleInputs={sampleInputs}
                      onUnsavedChange={setUnsaved}
                    />
                  )}
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

/** The text a new workflow starts from: one handed over by the page that opened this one, else an empty canvas. */
function startingText(state: unknown): string {
  const definition = (state as { definition?: unknown } | null)?.definition;
  return typeof definition === 'string' && definition.trim() !== '' ? definition : BLANK_WORKFLOW;
}

function NewWorkflow({ user }: { user: CurrentUser }) {
  const options = workspacesWithRole(user, BUILD_ROLES);
  const [workspace, choose] = useWorkspaceParam(options);
  const location = useLocation();
  const [initialText] = useState(() => startingText(location.state));
  const navigate = useNavigate();
  const templates = workspace === null ? '/build/templates' : `/build/templates?workspace=${encodeURIComponent(workspace)}`;
  return (
    <>
      <BackToList slug={workspace} />
      <Group justify="space-between" align="flex-end" mb="lg" gap="sm">
        <Stack gap={4}>
          <Title order={1} size="h2">
            New workflow
          </Title>
          <Text c="dimmed" maw={720}>
            Add steps from the left, join them, and fill in their settings; or start from a template. Save it as a draft to
            keep it, then try it with test runs in the development environment. Nothing is published.
          </Text>
        </Stack>
        <Button component={Link} to={templates} variant="light" leftSection={<IconLayoutGrid size={18} />} data-testid="start-from-template">
          Start from a template
        </Button>
      </Group>
      <WorkflowBuilder
        draft={null}
        workspace={workspace}
        initialText={initialText}
        onCreated={(draft) => void navigate(draftPath(draft), { replace: true, state: { created: true } })}
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

import { Alert, Anchor, Button, Chip, Group, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconLayoutGrid, IconSearch, IconTemplateOff } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../../../api/errors';
import type { CurrentUser } from '../../../../api/types';
import { useCurrentUser } from '../../../../auth/session';
import { EmptyState } from '../../../../components/EmptyState';
import { useWorkspaceParam } from '../../../../components/useWorkspaceParam';
import { WorkspaceSelect } from '../../../../components/WorkspaceSelect';
import { BUILD_ROLES, workspaceName, workspacesWithRole } from '../../../../layout/roles';
import type { SectionInfo } from '../../../../layout/sections';
import { NoAccess } from '../../../NoAccess';
import { Page } from '../../../Page';
import { useStepKinds } from '../../../runs/queries';
import { TemplateCard } from './TemplateCard';
import { useWorkflowTemplates, type WorkflowTemplate } from './templateQueries';
import { searchTemplates, templateCategories } from './templateSearch';
import { UseTemplateModal } from './UseTemplateModal';

/** The way out to writing a workflow from nothing, offered wherever templates are missing. */
function StartBlank({ workspace }: { workspace: string | null }) {
  const to = workspace === null ? '/build/new' : `/build/new?workspace=${encodeURIComponent(workspace)}`;
  return (
    <Button component={Link} to={to} variant="light" mt="xs">
      Start from a blank workflow
    </Button>
  );
}

/** Why there are no templates to show: none offered, none matching, or they could not be had. */
function TemplatesState({ error, workspace }: { error: unknown; workspace: string | null }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <EmptyState icon={IconTemplateOff} color="gray" title="Templates are not available here yet" testId="templates-unavailable" action={<StartBlank workspace={workspace} />}>
        This Paddock server does not offer workflow templates yet. You can still build a workflow from scratch.
      </EmptyState>
    );
  }
  return (
    <Alert color="red" title="The templates could not be loaded" role="alert" data-testid="templates-error">
      {errorMessage(error)} If this keeps happening, ask your Paddock administrator.
    </Alert>
  );
}

function Gallery({ user }: { user: CurrentUser }) {
  const options = workspacesWithRole(user, BUILD_ROLES);
  const [workspace, choose] = useWorkspaceParam(options);
  const templates = useWorkflowTemplates();
  const kinds = useStepKinds();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [using, setUsing] = useState<WorkflowTemplate | null>(null);
  const titleOf = useCallback((uses: string) => kinds.data?.find((kind) => kind.name === uses)?.title ?? uses, [kinds.data]);
  const all = useMemo(() => templates.data ?? [], [templates.data]);
  const categories = useMemo(() => templateCategories(all), [all]);
  const shown = useMemo(() => searchTemplates(all, query, category), [all, query, category]);

  let content;
  if (templates.isError) content = <TemplatesState error={templates.error} workspace={workspace} />;
  else if (templates.isPending) {
    content = (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading the templates">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={200} radius="md" />
        ))}
      </SimpleGrid>
    );
  } else if (all.length === 0) {
    content = (
      <EmptyState icon={IconLayoutGrid} color="gray" title="No templates yet" testId="templates-empty" action={<StartBlank workspace={workspace} />}>
        Your Paddock administrator has not added any workflow templates. You can build a workflow from scratch instead.
      </EmptyState>
    );
  } else if (shown.length === 0) {
    content = (
      <EmptyState
        icon={IconSearch}
        color="gray"
        title="No template matches your search"
        testId="templates-no-match"
        action={
          <Button variant="light" mt="xs" onClick={() => (setQuery(''), setCategory(null))}>
            Show all templates
          </Button>
        }
      >
        Try other words, such as what the workflow should do or the kind of document it reads.
      </EmptyState>
    );
  } else {
    content = (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {shown.map((template) => (
          <TemplateCard key={template.name} template={template} titleOf={titleOf} canUse={workspace !== null} onUse={() => setUsing(template)} />
        ))}
      </SimpleGrid>
    );
  }

  return (
    <Stack gap="lg" data-testid="templates-gallery">
      <Anchor component={Link} to={workspace === null ? '/build' : `/build?workspace=${encodeURIComponent(workspace)}`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          All workflows
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2">
          Start from a template
        </Title>
        <Text c="dimmed" maw={720}>
          Pick a ready-made workflow, give it a name, and it is saved as a draft in your workspace. Then change it to fit
          your team and try it with sample inputs. Nothing runs for real until it is reviewed and published.
        </Text>
      </Stack>
      <Group align="flex-end" gap="md">
        {workspace === null ? (
          <Alert color="yellow" title="No workspace to save it in">
            You need the builder role in a workspace to make workflows there. Ask your Paddock administrator.
          </Alert>
        ) : (
          <WorkspaceSelect options={options} value={workspace} onChange={choose} description="Where the new workflow is saved" />
        )}
        <TextInput
          label="Search"
          placeholder="e.g. invoice, email, summarize"
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={320}
          data-testid="templates-search"
        />
      </Group>
      {categories.length > 1 && (
        <Chip.Group multiple={false} value={category ?? ''} onChange={(value) => setCategory(value === '' ? null : value)}>
          <Group gap="xs" aria-label="Categories">
            <Chip value="">All</Chip>
            {categories.map((name) => (
              <Chip key={name} value={name}>
                {name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {content}
      {workspace !== null && (
        <UseTemplateModal template={using} workspace={workspace} workspaceName={workspaceName(user, workspace)} onClose={() => setUsing(null)} />
      )}
    </Stack>
  );
}

/** /build/templates: ready-made workflows to start from, each saved as a new draft in a workspace. */
export function TemplatesGallery({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <Gallery user={user} />
    </Page>
  );
}

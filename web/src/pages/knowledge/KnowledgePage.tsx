import { Alert, Box, Button, Group, SimpleGrid } from '@mantine/core';
import { IconCircleCheck, IconPlus, IconShare } from '@tabler/icons-react';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { CurrentUser } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { creatableIn } from './abilities';
import { KnowledgeBaseCard } from './KnowledgeBaseCard';
import { NewKnowledgeBaseModal } from './NewKnowledgeBaseModal';
import { knowledgeBasePath } from './paths';
import { useKnowledgeBases } from './queries';

function NewButton({ onClick, variant = 'filled' }: { onClick: () => void; variant?: 'filled' | 'light' }) {
  return (
    <Button variant={variant} leftSection={<IconPlus size={18} />} onClick={onClick}>
      New knowledge base
    </Button>
  );
}

/** After a knowledge base was deleted, on its way here: says so. */
function DeletedNotice() {
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const [open, setOpen] = useState(deleted !== undefined);
  if (!open || deleted === undefined) return null;
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setOpen(false)}
      mb="lg"
      role="status"
      data-testid="knowledge-deleted"
    >
      {deleted} is deleted, with its documents.
    </Alert>
  );
}

/** Below the page, so that its query re-renders it without asking for the session (gone after sign-out). */
function KnowledgeList({ section, user }: { section: SectionInfo; user: CurrentUser }) {
  const bases = useKnowledgeBases({ follow: true });
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const workspaces = creatableIn(user);
  const mayCreate = workspaces.length > 0;
  const list = bases.data ?? [];

  // People who only reach knowledge bases through a group (the section is not theirs) see those, or no access.
  if (!user.navigation.includes(section.id) && (bases.isError || (bases.isSuccess && list.length === 0))) {
    return <NoAccess section={section} />;
  }

  return (
    <Page>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeader title={section.label} lead={section.lead} />
        {mayCreate && list.length > 0 && (
          <Box style={{ flexShrink: 0 }}>
            <NewButton onClick={() => setCreating(true)} />
          </Box>
        )}
      </Group>
      <DeletedNotice />
      <QueryState query={bases} errorTitle="The knowledge bases could not be loaded" loadingLabel="Loading knowledge bases" rows={4}>
        {list.length === 0 ? (
          mayCreate ? (
            <EmptyState
              icon={section.icon}
              title={section.emptyTitle}
              testId="empty-knowledge"
              action={<NewButton variant="light" onClick={() => setCreating(true)} />}
            >
              Create one for a collection of documents your teams’ workflows should draw on, such as policies, manuals or
              contracts. You then upload its documents, say how sensitive they are, and choose which workspaces and groups
              may use it. Until you share it, only the stewards of its workspace and its builders see it.
            </EmptyState>
          ) : (
            <EmptyState icon={IconShare} color="gray" title="No knowledge base is shared with you" testId="empty-knowledge">
              Knowledge bases are created by the stewards of each workspace. When one is shared with a workspace you work in,
              or with a group you belong to, it appears here. Ask your steward if you expected to see one.
            </EmptyState>
          )
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="knowledge-list">
            {list.map((base) => (
              <KnowledgeBaseCard key={base.slug} base={base} />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      {mayCreate && (
        <NewKnowledgeBaseModal
          opened={creating}
          workspaces={workspaces}
          onClose={() => setCreating(false)}
          onCreated={(base) => {
            setCreating(false);
            void navigate(knowledgeBasePath(base.slug), { state: { created: true } });
          }}
        />
      )}
    </Page>
  );
}

/** The Knowledge section: the knowledge bases the person may see, and a new one for those who may create. */
export function KnowledgePage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  return <KnowledgeList section={section} user={user} />;
}

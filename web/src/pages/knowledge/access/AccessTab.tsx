import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import { useCurrentUser } from '../../../auth/session';
import { useEnvironments } from '../../admin/environmentQueries';
import { useSetAccess } from '../queries';
import type { KnowledgeBase } from '../types';
import { AccessEntries } from './AccessEntries';
import { AddGroup, AddWorkspace } from './AddAccess';
import { draftOf, entryKey, formOf, sameEntries, withEntry, type DraftEntry } from './draft';
import { sharingSentence } from './summary';
import { useGroupOptions } from './useGroupOptions';

function AccessEditor({ base }: { base: KnowledgeBase }) {
  const user = useCurrentUser();
  const environments = useEnvironments();
  const groups = useGroupOptions(user);
  const save = useSetAccess(base.slug);
  const [saved, setSaved] = useState<DraftEntry[]>(() => draftOf(base.access));
  const [entries, setEntries] = useState<DraftEntry[]>(saved);
  const [note, setNote] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = !sameEntries(entries, saved);
  const everyWorkspace = user.grants.some((grant) => grant.role === 'admin' && (grant.workspace ?? null) === null);

  const add = (entry: DraftEntry) => {
    const next = withEntry(entries, entry);
    setEntries(next.entries);
    setNote(next.unchanged);
    setNotice(null);
    save.reset();
  };
  const remove = (entry: DraftEntry) => {
    setEntries((list) => list.filter((candidate) => entryKey(candidate) !== entryKey(entry)));
    setNote(null);
    setNotice(null);
    save.reset();
  };
  const submit = () =>
    save.mutate(formOf(entries), {
      onSuccess: (view) => {
        const now = draftOf(view.access);
        setSaved(now);
        setEntries(now);
        setNote(null);
        setNotice(`Access saved. ${sharingSentence(view.access)}.`);
      },
    });

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" maw={760}>
        Decide who may use <b>{base.name}</b> besides its stewards. Workflows use it only in the workspaces listed here,
        its own workspace ({base.workspace_name || base.workspace}) included; groups let their members search it themselves.
        Everything retrieved from it carries its label, wherever it is used.
      </Text>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          role="status"
          data-testid="access-notice"
        >
          {notice}
        </Alert>
      )}
      <Stack gap="sm">
        <Title order={2} size="h4">
          Who may use it
        </Title>
        <AccessEntries entries={entries} environments={environments.data} onRemove={remove} />
        {note !== null && (
          <Text size="sm" c="orange.8" role="status">
            {note}
          </Text>
        )}
      </Stack>
      <AddWorkspace workspaces={user.workspaces} environments={environments.data} everyWorkspace={everyWorkspace} onAdd={add} />
      <AddGroup options={groups} onAdd={add} />
      {save.isError && (
        <Alert color="red" role="alert" title="The access list was not saved">
          {save.error instanceof ApiError ? sentence(save.error.fieldMessage) : errorMessage(save.error)}
        </Alert>
      )}
      <Paper
        withBorder
        radius="md"
        p="sm"
        bg={changed ? 'var(--mantine-color-yellow-light)' : undefined}
        data-testid="access-save-bar"
      >
        <Group justify="space-between">
          <Text size="sm" c={changed ? undefined : 'dimmed'}>
            {changed ? 'You have changes that are not saved yet.' : 'No unsaved changes.'}
          </Text>
          <Group gap="sm">
            <Button
              variant="default"
              disabled={!changed || save.isPending}
              onClick={() => {
                setEntries(saved);
                setNote(null);
                save.reset();
              }}
            >
              Discard changes
            </Button>
            <Button onClick={submit} disabled={!changed} loading={save.isPending}>
              Save access
            </Button>
          </Group>
        </Group>
      </Paper>
    </Stack>
  );
}

/** Who may use a knowledge base: workspaces whose workflows retrieve from it, and groups whose members search it. */
export function AccessTab({ base }: { base: KnowledgeBase }) {
  return <AccessEditor base={base} />;
}

import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/errors';
import { documents } from '../format';
import { useDeleteKnowledgeBase } from '../queries';
import type { KnowledgeBase } from '../types';

interface DeleteProps {
  base: KnowledgeBase;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
}

function DeleteForm({ base, onClose, onDeleted }: Omit<DeleteProps, 'opened'>) {
  const remove = useDeleteKnowledgeBase(base.slug);
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === base.slug;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (matches) remove.mutate(undefined, { onSuccess: onDeleted });
      }}
      noValidate
      data-testid="delete-knowledge-base-confirm"
    >
      <Stack gap="md">
        <Text size="sm">
          {base.name} and its {documents(base.documents.total)} are deleted for good, with every passage read from them.
          Workflows that use it can no longer retrieve anything from it. This cannot be undone.
        </Text>
        <TextInput
          label={
            <>
              Type <Code>{base.slug}</Code> to confirm
            </>
          }
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
        />
        {remove.isError && (
          <Alert color="red" role="alert">
            {errorMessage(remove.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" disabled={!matches} loading={remove.isPending}>
            Delete knowledge base
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Asks before deleting a knowledge base, the person typing its short name to be sure. */
export function DeleteKnowledgeBaseModal({ opened, ...props }: DeleteProps) {
  return (
    <Modal opened={opened} onClose={props.onClose} title={`Delete ${props.base.name}?`}>
      <DeleteForm {...props} />
    </Modal>
  );
}

import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  /** The sentence saying what confirming does; nothing but the title is shown without it. */
  children: ReactNode;
  confirmLabel: string;
  /** Whether the confirm button is red, for what cannot be undone. */
  danger?: boolean;
  /** Whether the confirmed action is running. */
  pending: boolean;
  /** The error of the confirmed action, if it failed. */
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
  testId: string;
}

/** Asks before an action: a sentence, the action's error if it failed, and Cancel and confirm buttons. */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  danger = false,
  pending,
  error,
  onConfirm,
  onClose,
  testId,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      {children && (
        <Stack gap="md" data-testid={testId}>
          {children}
          {error != null && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color={danger ? 'red' : undefined} loading={pending} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import { Button, Text } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useRunAction } from './queries';

/** Cancels a run that has not ended, after asking; shows the server's refusal (no right, already ended). */
export function CancelRunButton({ id, workflow, requested }: { id: string; workflow: string; requested: boolean }) {
  const [asking, setAsking] = useState(false);
  const cancel = useRunAction(id, 'cancel');
  const close = () => {
    cancel.reset();
    setAsking(false);
  };
  return (
    <>
      <Button
        variant="default"
        color="red"
        leftSection={<IconPlayerStop size={16} />}
        onClick={() => setAsking(true)}
        disabled={requested}
      >
        {requested ? 'Cancelling…' : 'Cancel run'}
      </Button>
      <ConfirmModal
        opened={asking}
        title={`Cancel this run of ${workflow}?`}
        confirmLabel="Cancel the run"
        danger
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: close })}
        onClose={close}
        testId="cancel-run-confirm"
      >
        <Text size="sm">
          The steps still to come will not run. Steps that already finished keep their results. This cannot be undone.
        </Text>
      </ConfirmModal>
    </>
  );
}

import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { ApprovalDecision, PendingApproval } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { useDecideApproval } from './queries';

export type Decision = ApprovalDecision['decision'];

interface DecideModalProps {
  /** The approval and the decision being made; null when closed. */
  deciding: { approval: PendingApproval; decision: Decision } | null;
  onClose: () => void;
  onDecided: (approval: PendingApproval, decision: Decision) => void;
}

/** Confirms an approval or a rejection, with an optional comment for whoever started the run. */
export function DecideModal({ deciding: current, onClose, onDecided }: DecideModalProps) {
  const deciding = useLastValue(current);
  const decide = useDecideApproval();
  const [comment, setComment] = useState('');
  const close = () => {
    decide.reset();
    setComment('');
    onClose();
  };
  const approving = deciding?.decision === 'approve';
  const confirm = () => {
    if (!deciding) return;
    const trimmed = comment.trim();
    decide.mutate(
      { approval: deciding.approval, body: { decision: deciding.decision, ...(trimmed ? { comment: trimmed } : {}) } },
      {
        onSuccess: () => {
          onDecided(deciding.approval, deciding.decision);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={current !== null} onClose={close} title={deciding ? `${approving ? 'Approve' : 'Reject'}: ${deciding.approval.title}` : ''}>
      {deciding && (
        <Stack gap="md" data-testid="decide-modal">
          <Text size="sm">
            {approving
              ? `The run of ${deciding.approval.run.workflow} goes on with the steps that follow.`
              : `The run of ${deciding.approval.run.workflow} takes the rejected path, or stops if it has none.`}{' '}
            Your decision is recorded with your name.
          </Text>
          <Textarea
            label="Comment"
            description="Optional: a note for whoever started the run"
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          {decide.isError && (
            <Alert color="red" role="alert">
              {errorMessage(decide.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color={approving ? 'green' : 'red'} loading={decide.isPending} onClick={confirm}>
              {approving ? 'Approve' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

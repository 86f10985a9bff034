import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { ReviewDecision, ReviewDetail } from '../../api/types';
import { useLastValue } from '../../components/useLastValue';
import { useDecide } from './queries';
import { versionName } from './status';

const WORDS: Record<ReviewDecision, { title: string; button: string; color: string; label: string; description: string; missing: string }> = {
  approve: {
    title: 'Approve',
    button: 'Approve',
    color: 'green',
    label: 'Comment',
    description: 'Optional: a note for the builder and the other approvers.',
    missing: '',
  },
  request_changes: {
    title: 'Request changes to',
    button: 'Request changes',
    color: 'orange',
    label: 'What needs to change',
    description: 'The builder reads this to prepare a new version.',
    missing: 'Say what needs to change',
  },
  reject: {
    title: 'Reject',
    button: 'Reject',
    color: 'red',
    label: 'Why it is rejected',
    description: 'The builder and the other approvers read this.',
    missing: 'Say why it is rejected',
  },
};

interface DecisionModalProps {
  review: ReviewDetail;
  environment: string;
  /** The decision being made; null when closed. */
  decision: ReviewDecision | null;
  /** What approving does now, in a sentence. */
  approveEffect: string;
  onClose: () => void;
  onDecided: (review: ReviewDetail, decision: ReviewDecision) => void;
}

/** Confirms a decision on a review, with a comment (required to reject or ask for changes). */
export function DecisionModal({ review, environment, decision: current, approveEffect, onClose, onDecided }: DecisionModalProps) {
  const decision = useLastValue(current);
  const decide = useDecide(review.id);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const close = () => {
    decide.reset();
    setComment('');
    setMissing(null);
    onClose();
  };
  const words = decision === null ? null : WORDS[decision];
  const confirm = () => {
    if (decision === null || words === null) return;
    const text = comment.trim();
    if (decision !== 'approve' && text === '') {
      setMissing(words.missing);
      return;
    }
    decide.mutate(
      { decision, ...(text === '' ? {} : { comment: text }) },
      {
        onSuccess: (after) => {
          onDecided(after, decision);
          close();
        },
      },
    );
  };

  return (
    <Modal
      opened={current !== null}
      onClose={close}
      title={words === null ? '' : `${words.title} ${versionName(review.workflow, review.version)} for ${environment}`}
      size="lg"
    >
      {decision !== null && words !== null && (
        <Stack gap="md" data-testid="decision-modal">
          <Text size="sm">
            {decision === 'approve'
              ? approveEffect
              : decision === 'reject'
                ? `The review is closed and v${review.version} is not deployed to ${environment}.`
                : `The review is closed and v${review.version} is not deployed; the builder can submit a new version.`}{' '}
            Your decision is recorded with your name.
          </Text>
          <Textarea
            label={words.label}
            description={words.description}
            required={decision !== 'approve'}
            value={comment}
            onChange={(event) => {
              setComment(event.currentTarget.value);
              setMissing(null);
            }}
            error={missing}
            autosize
            minRows={3}
            maxRows={10}
            data-autofocus
          />
          {decide.isError && (
            <Alert color="red" role="alert" title="Your decision was not recorded" data-testid="decision-error">
              {errorMessage(decide.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color={words.color} loading={decide.isPending} onClick={confirm}>
              {words.button}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

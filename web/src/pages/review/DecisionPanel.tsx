import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCircleCheck, IconInfoCircle, IconPencil, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ReviewDecision, ReviewDetail } from '../../api/types';
import { DecisionModal } from './DecisionModal';
import { shortTime } from './format';

interface DecisionPanelProps {
  review: ReviewDetail;
  environment: string;
  /** What the person's own decision just did, in a sentence; shown in place of how a closed review ended. */
  decided: string | null;
  onDecided: (review: ReviewDetail, decision: ReviewDecision) => void;
}

/** What approving does now: deploy at once, or count towards the approvals needed. */
export function approveEffect(review: ReviewDetail, environment: string): string {
  const after = review.approvals + 1;
  if (after >= review.approvals_required) {
    return `Yours is the last approval needed: approving deploys v${review.version} to ${environment} straight away, after freeze windows, test runs and policy are checked once more.`;
  }
  return `Yours will be approval ${after} of the ${review.approvals_required} ${environment} needs; v${review.version} is deployed when the last one is given.`;
}

/** Where a closed review ended. */
function Closed({ review, environment, decided }: { review: ReviewDetail; environment: string; decided: string | null }) {
  const when = review.closed_at != null ? ` on ${shortTime(review.closed_at)}` : '';
  switch (review.status) {
    case 'deployed':
      return (
        <Alert color="green" icon={<IconCircleCheck />} title="Deployed" data-testid="review-closed">
          {decided ?? `v${review.version} was approved and deployed to ${environment}${when}.`}
        </Alert>
      );
    case 'rejected':
      return (
        <Alert color="red" icon={<IconX />} title="Rejected" data-testid="review-closed">
          {decided ?? `This review was rejected${when}; v${review.version} was not deployed to ${environment}.`}
        </Alert>
      );
    case 'changes_requested':
      return (
        <Alert color="orange" icon={<IconPencil />} title="Changes requested" data-testid="review-closed">
          {decided ?? `This review was sent back for changes${when}. The builder can submit a new version.`}
        </Alert>
      );
    case 'open':
      return null;
  }
}

/** The signed-in person's part: the decision buttons when they may decide, else why they may not. */
export function DecisionPanel({ review, environment, decided, onDecided }: DecisionPanelProps) {
  const [deciding, setDeciding] = useState<ReviewDecision | null>(null);
  if (review.status !== 'open') return <Closed review={review} environment={environment} decided={decided} />;
  if (!review.your_part.may_decide) {
    return (
      <Alert color="gray" variant="light" icon={<IconInfoCircle />} data-testid="review-your-part">
        {review.your_part.reason ?? 'You may not decide on this review.'}
      </Alert>
    );
  }
  return (
    <Paper withBorder radius="md" p="md" style={{ borderLeft: '4px solid var(--mantine-color-indigo-6)' }} data-testid="review-decision">
      <Group justify="space-between" align="center" wrap="wrap" gap="md">
        <Stack gap={2} maw={560}>
          <Title order={2} size="h5">
            Your decision
          </Title>
          <Text size="sm" c="dimmed">
            {approveEffect(review, environment)}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button color="green" leftSection={<IconCheck size={16} />} onClick={() => setDeciding('approve')}>
            Approve
          </Button>
          <Button variant="light" color="orange" leftSection={<IconPencil size={16} />} onClick={() => setDeciding('request_changes')}>
            Request changes
          </Button>
          <Button variant="light" color="red" leftSection={<IconX size={16} />} onClick={() => setDeciding('reject')}>
            Reject
          </Button>
        </Group>
      </Group>
      <DecisionModal
        review={review}
        environment={environment}
        decision={deciding}
        approveEffect={approveEffect(review, environment)}
        onClose={() => setDeciding(null)}
        onDecided={onDecided}
      />
    </Paper>
  );
}

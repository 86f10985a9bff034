import { Anchor, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconTimeline } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ReviewDetail } from '../../api/types';
import { deploymentsPath } from '../deployments/paths';
import { shortTime } from './format';
import { ReviewStatusBadge } from './ReviewStatusBadge';
import { approvalsText, versionName } from './status';

interface ReviewHeaderProps {
  review: ReviewDetail;
  environment: string;
  workspace: string;
}

function ApprovalsProgress({ approvals, required }: { approvals: number; required: number }) {
  return (
    <Stack gap={6} w={220} data-testid="review-approvals">
      <Text size="sm" fw={600} ta="right">
        {approvalsText(approvals, required)}
      </Text>
      {required > 0 && (
        <Progress
          value={Math.min(100, (approvals / required) * 100)}
          color={approvals >= required ? 'green' : 'blue'}
          size="md"
          transitionDuration={0}
          aria-label={approvalsText(approvals, required)}
        />
      )}
    </Stack>
  );
}

/** What is asked (this version to that environment), where it stands, who asked and why. */
export function ReviewHeader({ review, environment, workspace }: ReviewHeaderProps) {
  return (
    <Stack gap="md" mb="xl">
      <Anchor component={Link} to="/review" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          All reviews
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xl">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Title order={1} size="h2">
              {`${versionName(review.workflow, review.version)} → ${environment}`}
            </Title>
            <ReviewStatusBadge status={review.status} size="lg" />
          </Group>
          <Text size="sm" c="dimmed" data-testid="review-submitted">
            {`${workspace} · submitted by ${review.submitted_by ?? 'someone no longer here'} on ${shortTime(review.submitted_at)}`}
          </Text>
          <Anchor
            component={Link}
            to={deploymentsPath(review.workspace, review.workflow)}
            size="sm"
            style={{ alignSelf: 'flex-start' }}
            data-testid="review-pipeline-link"
          >
            <Group gap={4}>
              <IconTimeline size={14} />
              See the pipeline
            </Group>
          </Anchor>
        </Stack>
        <ApprovalsProgress approvals={review.approvals} required={review.approvals_required} />
      </Group>
      <Paper withBorder radius="md" p="md" bg="var(--mantine-color-gray-0)" data-testid="review-message">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
          Submitted with this note
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {review.message}
        </Text>
      </Paper>
    </Stack>
  );
}

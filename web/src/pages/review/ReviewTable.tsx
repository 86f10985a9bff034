import { Anchor, Badge, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { ReviewSummary } from '../../api/types';
import { utcTime } from '../audit/format';
import { shortTime } from './format';
import { ReviewStatusBadge } from './ReviewStatusBadge';
import { approvalsText } from './status';

interface ReviewTableProps {
  reviews: readonly ReviewSummary[];
  /** The environment's name for its slug. */
  environmentName: (slug: string) => string;
  /** The workspace's name for its slug. */
  workspaceName: (slug: string) => string;
  /** Whether the time shown is when the review was decided, rather than submitted. */
  decided?: boolean;
}

function Approvals({ review }: { review: ReviewSummary }) {
  const { approvals, approvals_required: required } = review;
  return (
    <Stack gap={4} w={96}>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {required === 0 ? 'None needed' : `${approvals} of ${required}`}
      </Text>
      {required > 0 && (
        <Progress
          value={Math.min(100, (approvals / required) * 100)}
          size="sm"
          transitionDuration={0}
          color={approvals >= required ? 'green' : 'blue'}
          aria-label={approvalsText(approvals, required)}
        />
      )}
    </Stack>
  );
}

/** Reviews newest first; each row opens its review. */
export function ReviewTable({ reviews, environmentName, workspaceName, decided = false }: ReviewTableProps) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="reviews-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workflow</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Submitted by</Table.Th>
            <Table.Th>{decided ? 'Decided' : 'Submitted'}</Table.Th>
            <Table.Th>Approvals</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reviews.map((review) => {
            const at = decided ? (review.closed_at ?? review.submitted_at) : review.submitted_at;
            return (
              <Table.Tr
                key={review.id}
                data-testid={`review-row-${review.id}`}
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/review/${review.id}`)}
              >
                <Table.Td maw={320}>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/review/${review.id}`} size="sm" fw={600} onClick={(e) => e.stopPropagation()}>
                      {review.workflow}
                    </Anchor>
                    <Badge variant="light" color="gray" size="sm" tt="none" style={{ minWidth: 'max-content' }}>
                      v{review.version}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {workspaceName(review.workspace)} · {review.message}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {environmentName(review.environment)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{review.submitted_by ?? 'Someone no longer here'}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Tooltip label={utcTime(at)} openDelay={300}>
                    <Text size="sm" component="span">
                      {shortTime(at)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Approvals review={review} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <ReviewStatusBadge status={review.status} />
                    {review.awaiting_you && (
                      <Text size="xs" c="blue.7" fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="awaiting-you">
                        Waits for you
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

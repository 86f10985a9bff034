import { Alert, Anchor, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ReviewDetail } from '../../api/types';
import { shortTime } from './format';
import { ReviewSection } from './ReviewSection';

interface ReviewEvidenceProps {
  review: ReviewDetail;
  /** The name of the environment asked for. */
  environment: string;
  /** The name of the environment before it, where the runs must have succeeded; null when there is none. */
  previous: string | null;
}

/** The successful runs of the version in the environment below, which the rule may ask for. */
export function ReviewEvidence({ review, environment, previous }: ReviewEvidenceProps) {
  const where = previous ?? 'the environment before';
  const lead = review.evidence_required
    ? `${environment} asks for a successful run in ${where} before a version is deployed.`
    : `${environment} does not ask for a successful run first.`;
  return (
    <ReviewSection title="Test runs" lead={lead} testId="review-evidence">
      {review.evidence.length === 0 ? (
        review.evidence_required ? (
          <Alert color="yellow" icon={<IconAlertTriangle />} data-testid="review-evidence-missing">
            {`This version has not run successfully in ${where} yet, so it cannot be deployed to ${environment}.`}
          </Alert>
        ) : (
          <Alert color="gray" variant="light" icon={<IconInfoCircle />} data-testid="review-evidence-none">
            {`No successful run of this version in ${where} yet.`}
          </Alert>
        )
      ) : (
        <Paper withBorder radius="md" p="sm">
          <Stack gap={6}>
            {review.evidence.map((run) => (
              <Group key={run.run} gap="sm" wrap="nowrap" data-testid="review-evidence-run">
                <ThemeIcon size={22} radius="xl" variant="light" color="green">
                  <IconCircleCheck size={14} />
                </ThemeIcon>
                <Text size="sm">
                  <Anchor component={Link} to={`/runs/${run.run}`} size="sm" fw={500}>
                    Successful run in {previous ?? run.environment}
                  </Anchor>
                  {run.finished_at != null && (
                    <Text span size="sm" c="dimmed">
                      {` · finished ${shortTime(run.finished_at)}`}
                    </Text>
                  )}
                </Text>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
    </ReviewSection>
  );
}

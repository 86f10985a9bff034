import { Paper, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconCheck, IconGitPullRequest, IconMessage, IconPencil, IconX, type Icon } from '@tabler/icons-react';
import type { ReviewDetail, ReviewEventKind } from '../../api/types';
import { CommentForm } from './CommentForm';
import { shortTime } from './format';
import { ReviewSection } from './ReviewSection';
import { EVENT_VERBS } from './status';

const LOOKS: Record<ReviewEventKind | 'submitted', { icon: Icon; color: string }> = {
  submitted: { icon: IconGitPullRequest, color: 'indigo' },
  comment: { icon: IconMessage, color: 'gray' },
  approve: { icon: IconCheck, color: 'green' },
  reject: { icon: IconX, color: 'red' },
  request_changes: { icon: IconPencil, color: 'orange' },
};

interface Entry {
  kind: ReviewEventKind | 'submitted';
  by: string;
  what: string;
  body: string;
  at: string;
}

function Bullet({ kind }: { kind: Entry['kind'] }) {
  const { icon: Icon, color } = LOOKS[kind];
  return (
    <ThemeIcon size={24} radius="xl" color={color} variant={kind === 'comment' ? 'light' : 'filled'}>
      <Icon size={14} stroke={2} />
    </ThemeIcon>
  );
}

/** The conversation: the submission, then every comment and decision in order, and a box to add a comment. */
export function ReviewThread({ review, environment }: { review: ReviewDetail; environment: string }) {
  const entries: Entry[] = [
    {
      kind: 'submitted',
      by: review.submitted_by ?? 'Someone no longer here',
      what: `submitted v${review.version} for ${environment}`,
      body: '',
      at: review.submitted_at,
    },
    ...review.events.map((event) => ({
      kind: event.kind,
      by: event.by ?? 'Someone no longer here',
      what: EVENT_VERBS[event.kind],
      body: event.body,
      at: event.at,
    })),
  ];
  return (
    <ReviewSection title="Conversation" lead="Comments and decisions, in order. Everyone who can see this review can comment." testId="review-thread">
      <Paper withBorder radius="md" p="md">
        <Stack gap="lg">
          <Timeline bulletSize={24} lineWidth={2}>
            {entries.map((entry, index) => (
              <Timeline.Item
                key={`${entry.at}-${index}`}
                bullet={<Bullet kind={entry.kind} />}
                data-testid={`review-event-${entry.kind}`}
                title={
                  <Text size="sm">
                    <Text span fw={600} size="sm">
                      {entry.by}
                    </Text>{' '}
                    {entry.what}{' '}
                    <Text span size="xs" c="dimmed">
                      · {shortTime(entry.at)}
                    </Text>
                  </Text>
                }
              >
                {entry.body !== '' && (
                  <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                    {entry.body}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
          {review.events.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="review-thread-empty">
              No comments or decisions yet.
            </Text>
          )}
          <CommentForm id={review.id} />
        </Stack>
      </Paper>
    </ReviewSection>
  );
}

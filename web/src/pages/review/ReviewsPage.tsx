import { Badge, Paper, Tabs, Text } from '@mantine/core';
import { IconChecks, IconClockHour4, IconGitPullRequest, IconInbox } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import type { CurrentUser, ReviewSummary } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { workspaceName } from '../../layout/roles';
import type { SectionInfo } from '../../layout/sections';
import { environmentName, useEnvironments } from '../admin/environmentQueries';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { useReviews } from './queries';
import { ReviewTable } from './ReviewTable';

type Tab = 'waiting' | 'open' | 'decided';

const TABS: readonly { id: Tab; label: string; icon: typeof IconInbox }[] = [
  { id: 'waiting', label: 'Waiting for me', icon: IconInbox },
  { id: 'open', label: 'Open', icon: IconClockHour4 },
  { id: 'decided', label: 'All decided', icon: IconChecks },
];

const EMPTY: Record<Tab, { title: string; text: string }> = {
  waiting: {
    title: 'Nothing waits for your review',
    text: 'When someone submits a workflow version for staging or production and you may approve it, it appears here with exactly what changed and whether it follows your policies.',
  },
  open: {
    title: 'No open reviews',
    text: 'Versions submitted for staging or production wait here until enough approvers have decided.',
  },
  decided: {
    title: 'Nothing decided yet',
    text: 'Reviews that were approved and deployed, rejected, or sent back for changes are kept here.',
  },
};

/** Whether the person may approve anywhere: approvers start on what waits for them, others on every open review. */
function mayApprove(user: CurrentUser): boolean {
  return user.grants.some((grant) => grant.role === 'approver');
}

function ReviewList({ tab, reviews, user }: { tab: Tab; reviews: readonly ReviewSummary[]; user: CurrentUser }) {
  const environments = useEnvironments();
  if (reviews.length === 0) {
    const { title, text } = EMPTY[tab];
    return (
      <EmptyState icon={tab === 'waiting' ? IconInbox : IconGitPullRequest} title={title} testId={`reviews-empty-${tab}`}>
        {text}
      </EmptyState>
    );
  }
  return (
    <Paper withBorder radius="md">
      <ReviewTable
        reviews={reviews}
        decided={tab === 'decided'}
        environmentName={(slug) => environmentName(environments.data, slug)}
        workspaceName={(slug) => workspaceName(user, slug)}
      />
    </Paper>
  );
}

/** Below the page, so that its queries re-render it without asking for the session (gone after sign-out). */
function Reviews({ user }: { user: CurrentUser }) {
  const [params, setParams] = useSearchParams();
  const initial: Tab = mayApprove(user) ? 'waiting' : 'open';
  const asked = params.get('tab');
  const tab: Tab = TABS.some((t) => t.id === asked) ? (asked as Tab) : initial;
  const open = useReviews('open');
  const all = useReviews('all', tab === 'decided');
  const waiting = (open.data ?? []).filter((review) => review.awaiting_you);
  const lists: Record<Tab, { query: typeof open; reviews: ReviewSummary[] }> = {
    waiting: { query: open, reviews: waiting },
    open: { query: open, reviews: open.data ?? [] },
    decided: { query: all, reviews: (all.data ?? []).filter((review) => review.status !== 'open') },
  };
  const counts: Partial<Record<Tab, number>> = { waiting: waiting.length, open: open.data?.length };

  return (
    <Tabs
      value={tab}
      onChange={(value) => setParams(value === null || value === initial ? {} : { tab: value }, { replace: true })}
      keepMounted={false}
    >
      <Tabs.List mb="lg">
        {TABS.map(({ id, label, icon: Icon }) => {
          const count = counts[id];
          return (
            <Tabs.Tab
              key={id}
              value={id}
              leftSection={<Icon size={16} stroke={1.6} />}
              rightSection={
                count !== undefined && count > 0 ? (
                  <Badge size="sm" variant={id === 'waiting' ? 'filled' : 'light'} color={id === 'waiting' ? 'red' : 'gray'} circle={count < 10}>
                    {count}
                  </Badge>
                ) : undefined
              }
              data-testid={`reviews-tab-${id}`}
            >
              {label}
            </Tabs.Tab>
          );
        })}
      </Tabs.List>
      {TABS.map(({ id }) => (
        <Tabs.Panel key={id} value={id}>
          <QueryState query={lists[id].query} errorTitle="The reviews could not be loaded" loadingLabel="Loading reviews" rows={4}>
            {id === 'decided' && (
              <Text size="sm" c="dimmed" mb="sm">
                The latest reviews that were deployed, rejected or sent back for changes.
              </Text>
            )}
            <ReviewList tab={id} reviews={lists[id].reviews} user={user} />
          </QueryState>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** /review: the reviews waiting for the person, every open one, and those decided. */
export function ReviewsPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <Reviews user={user} />
    </Page>
  );
}

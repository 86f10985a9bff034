import { Alert, Stack } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { CurrentUser, ReviewDecision, ReviewDetail } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { ChangesView } from '../../components/diff/ChangesView';
import { QueryState } from '../../components/QueryState';
import { workspaceName } from '../../layout/roles';
import { environmentName, useEnvironments } from '../admin/environmentQueries';
import { Page } from '../Page';
import { DecisionPanel } from './DecisionPanel';
import { useReview } from './queries';
import { ReviewAudience } from './ReviewAudience';
import { ReviewEvidence } from './ReviewEvidence';
import { ReviewHeader } from './ReviewHeader';
import { ReviewPolicy } from './ReviewPolicy';
import { ReviewSection } from './ReviewSection';
import { ReviewThread } from './ReviewThread';
import { versionName } from './status';

/** What the person's decision did, in a sentence. */
function decidedNotice(review: ReviewDetail, decision: ReviewDecision, environment: string): string {
  const name = versionName(review.workflow, review.version);
  switch (decision) {
    case 'approve':
      return review.status === 'deployed'
        ? `You approved ${name}. It is now live in ${environment}.`
        : `You approved ${name}. It now has ${review.approvals} of the ${review.approvals_required} approvals ${environment} needs.`;
    case 'reject':
      return `You rejected ${name}: it will not be deployed to ${environment}.`;
    case 'request_changes':
      return `You asked for changes to ${name}: the builder can submit a new version.`;
  }
}

/** What the changes are compared with: what is live (open reviews) or what the deployment replaced (deployed ones). */
function changesLead(review: ReviewDetail, environment: string): string {
  if (review.status === 'deployed') {
    return review.compared_with == null
      ? `Nothing was live in ${environment} before: everything in v${review.version} was new there.`
      : `Compared with v${review.compared_with}, which v${review.version} replaced in ${environment}`;
  }
  if (review.compared_with == null) return `Nothing is live in ${environment} yet: everything in v${review.version} is new there.`;
  return `Compared with v${review.compared_with}, live in ${environment}`;
}

function ReviewBody({ id, user }: { id: string; user: CurrentUser }) {
  const review = useReview(id);
  const environments = useEnvironments();
  const [notice, setNotice] = useState<string | null>(null);
  const data = review.data;
  const name = (slug: string) => environmentName(environments.data, slug);

  return (
    <QueryState query={review} errorTitle="This review could not be loaded" loadingLabel="Loading the review" rows={6}>
      {data !== undefined && (
        <>
          <ReviewHeader review={data} environment={name(data.environment)} workspace={workspaceName(user, data.workspace)} />
          <Stack gap={40}>
            <Stack gap="sm">
              {notice !== null && data.status === 'open' && (
                <Alert
                  color="green"
                  icon={<IconCircleCheck />}
                  withCloseButton
                  closeButtonLabel="Dismiss"
                  onClose={() => setNotice(null)}
                  role="status"
                  data-testid="review-notice"
                >
                  {notice}
                </Alert>
              )}
              <DecisionPanel
                review={data}
                environment={name(data.environment)}
                decided={notice}
                onDecided={(after, decision) => setNotice(decidedNotice(after, decision, name(after.environment)))}
              />
            </Stack>
            <ReviewSection
              title="What changes"
              lead={changesLead(data, name(data.environment))}
              testId="review-changes"
            >
              <ChangesView changes={data.changes} />
            </ReviewSection>
            <ReviewAudience review={data} environment={name(data.environment)} />
            <ReviewPolicy violations={data.violations} environment={name(data.environment)} />
            <ReviewEvidence
              review={data}
              environment={name(data.environment)}
              previous={data.evidence_environment != null ? name(data.evidence_environment) : null}
            />
            <ReviewThread review={data} environment={name(data.environment)} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

/** /review/:id: one review, with all an approver needs to decide. The API says who may see it. */
export function ReviewPage() {
  const user = useCurrentUser();
  const { id = '' } = useParams();
  return (
    <Page>
      <ReviewBody key={id} id={id} user={user} />
    </Page>
  );
}

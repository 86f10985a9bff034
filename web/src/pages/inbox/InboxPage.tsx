import { Alert, Stack } from '@mantine/core';
import { IconCircleCheck, IconInbox } from '@tabler/icons-react';
import { useState } from 'react';
import type { CurrentUser, PendingApproval } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { workspaceName } from '../../layout/roles';
import { Page } from '../Page';
import { ApprovalCard } from './ApprovalCard';
import { DecideModal, type Decision } from './DecideModal';
import { useApprovals } from './queries';

/** The list and its decisions; below the page so that its queries never ask for the session (gone after sign-out). */
function Inbox({ user }: { user: CurrentUser }) {
  const approvals = useApprovals();
  const [deciding, setDeciding] = useState<{ approval: PendingApproval; decision: Decision } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = approvals.data ?? [];

  return (
    <>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          mb="md"
          role="status"
          data-testid="inbox-notice"
        >
          {notice}
        </Alert>
      )}
      <QueryState query={approvals} errorTitle="Your approvals could not be loaded" loadingLabel="Loading your approvals">
        {list.length === 0 ? (
          <EmptyState icon={IconInbox} title="Nothing waits for your decision." testId="inbox-empty">
            When a workflow asks you to approve something, it appears here, and the run waits until you decide.
          </EmptyState>
        ) : (
          <Stack gap="md" data-testid="inbox-list">
            {list.map((approval) => (
              <ApprovalCard
                key={`${approval.run.id}/${approval.step}`}
                approval={approval}
                workspace={workspaceName(user, approval.workspace)}
                onDecide={(decision) => setDeciding({ approval, decision })}
              />
            ))}
          </Stack>
        )}
      </QueryState>
      <DecideModal
        deciding={deciding}
        onClose={() => setDeciding(null)}
        onDecided={(approval, decision) =>
          setNotice(`You ${decision === 'approve' ? 'approved' : 'rejected'} “${approval.title}”. The run goes on with your decision.`)
        }
      />
    </>
  );
}

/** /inbox: the approvals runs are waiting for the signed-in person to give, for everyone signed in. */
export function InboxPage() {
  const user = useCurrentUser();
  return (
    <Page>
      <PageHeader title="Approvals" lead="Runs that wait for your decision before they go on." />
      <Inbox user={user} />
    </Page>
  );
}

import { Badge, Button } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useApprovals } from '../pages/inbox/queries';

/** The header's way to the approvals inbox, with how many approvals wait for the person. */
export function ApprovalsButton() {
  const approvals = useApprovals();
  const count = approvals.data?.length ?? 0;
  return (
    <Button
      component={Link}
      to="/inbox"
      variant="subtle"
      color="gray"
      leftSection={<IconChecklist size={18} stroke={1.6} />}
      rightSection={
        count > 0 ? (
          <Badge size="sm" circle={count < 10} color="red" data-testid="approvals-count">
            {count}
          </Badge>
        ) : undefined
      }
      aria-label={count > 0 ? `Approvals: ${count} waiting for you` : 'Approvals'}
      data-testid="approvals-button"
    >
      Approvals
    </Button>
  );
}

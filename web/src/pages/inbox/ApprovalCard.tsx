import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { PendingApproval } from '../../api/types';
import { localTime } from '../audit/format';
import type { Decision } from './DecideModal';

/** One approval waiting for the person: what is asked, from which run, since when; Approve and Reject. */
interface ApprovalCardProps {
  approval: PendingApproval;
  /** The name of the approval's workspace. */
  workspace: string;
  onDecide: (decision: Decision) => void;
}

export function ApprovalCard({ approval, workspace, onDecide }: ApprovalCardProps) {
  return (
    <Paper withBorder radius="md" p="lg" data-testid={`approval-${approval.run.id}-${approval.step}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Title order={2} size="h4">
            {approval.title}
          </Title>
          {approval.instructions && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {approval.instructions}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {approval.run.workflow} in {workspace} · waiting since {localTime(approval.waiting_since)}
          </Text>
          <Anchor component={Link} to={`/runs/${approval.run.id}`} size="sm">
            Open the run
          </Anchor>
        </Stack>
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={() => onDecide('reject')}>
            Reject
          </Button>
          <Button color="green" leftSection={<IconCheck size={16} />} onClick={() => onDecide('approve')}>
            Approve
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

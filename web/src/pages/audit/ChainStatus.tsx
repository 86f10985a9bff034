import { Alert, Button, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconLink, IconShieldCheck } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { ChainReport } from '../../api/types';
import { useVerifyChain } from './queries';

function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}

function Result({ report }: { report: ChainReport }) {
  if (report.status === 'intact') {
    return (
      <Alert color="green" icon={<IconShieldCheck />} title={`Intact — ${plural(report.events ?? 0, 'event')} verified`} data-testid="chain-intact">
        Every event from the first one onwards is exactly as it was recorded: nothing has been changed, removed or
        slipped in since.
      </Alert>
    );
  }
  const at = report.broken_at;
  const title = `Broken at event ${at ?? '?'}${report.reason ? `: ${report.reason}` : ''}`;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title} data-testid="chain-broken">
      The audit record has been tampered with or damaged.{' '}
      {at !== null && at !== undefined && at > 1
        ? `Events 1 to ${at - 1} are confirmed unchanged, but from event ${at} on the record can no longer be relied on as evidence.`
        : 'From this event on, the record can no longer be relied on as evidence.'}{' '}
      Keep an export of the trail as it is now and report this to your security team.
    </Alert>
  );
}

/** The card at the top of the Audit page: checks the hash chain on request. */
export function ChainStatus() {
  const verify = useVerifyChain();

  return (
    <Paper withBorder radius="md" p="lg" mb="lg" data-testid="chain-status">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={40} radius="xl" variant="light">
              <IconLink size={22} stroke={1.6} />
            </ThemeIcon>
            <div>
              <Title order={2} size="h5">
                Chain integrity
              </Title>
              <Text size="sm" c="dimmed">
                Each event is sealed with a fingerprint of the one before it, so any later edit or deletion breaks the
                chain. Verify it to prove the record is complete and unaltered.
              </Text>
            </div>
          </Group>
          <Button onClick={() => verify.mutate()} loading={verify.isPending} style={{ flexShrink: 0 }}>
            Verify now
          </Button>
        </Group>
        {verify.isPending && (
          <Group gap="xs" role="status" aria-live="polite">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Checking every event in the chain…
            </Text>
          </Group>
        )}
        {verify.isError && (
          <Alert color="red" title="The chain could not be verified" role="alert">
            {errorMessage(verify.error)}
          </Alert>
        )}
        {verify.data && !verify.isPending && <Result report={verify.data} />}
      </Stack>
    </Paper>
  );
}

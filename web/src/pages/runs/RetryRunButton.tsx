import { Button, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import { useRunAction } from './queries';

/** Runs a failed run again from the step that failed; steps that succeeded keep their results. */
export function RetryRunButton({ id }: { id: string }) {
  const retry = useRunAction(id, 'retry');
  return (
    <Stack gap={4} align="flex-end">
      <Button variant="default" leftSection={<IconRefresh size={16} />} loading={retry.isPending} onClick={() => retry.mutate()}>
        Retry from the failed step
      </Button>
      {retry.error !== null && (
        <Text size="xs" c="red" role="alert">
          {errorMessage(retry.error)}
        </Text>
      )}
    </Stack>
  );
}

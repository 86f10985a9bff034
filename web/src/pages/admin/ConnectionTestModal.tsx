import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { ConnectionTest } from '../../api/types';

interface ConnectionTestModalProps {
  /** The connection tested; null when closed. */
  name: string | null;
  pending: boolean;
  result: ConnectionTest | undefined;
  /** The API's refusal, when the test could not be made at all. */
  error: unknown;
  onRetry: () => void;
  onClose: () => void;
}

/** What testing a connection found: that the system answered, or why it did not. */
export function ConnectionTestModal({ name, pending, result, error, onRetry, onClose }: ConnectionTestModalProps) {
  let body;
  if (pending) {
    body = (
      <Group gap="sm" py="md" aria-busy="true" data-testid="connection-test-pending">
        <Loader size="sm" />
        <Text size="sm">{`Checking that ${name ?? 'the system'} answers…`}</Text>
      </Group>
    );
  } else if (error != null) {
    body = (
      <Alert color="red" role="alert" title="The test could not be run">
        {errorMessage(error)}
      </Alert>
    );
  } else if (result?.ok) {
    body = (
      <Alert color="green" icon={<IconCircleCheck />} title="It works" data-testid="connection-test-result" data-ok="true">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="connection-test-message">
          {result.message}
        </Text>
      </Alert>
    );
  } else if (result) {
    body = (
      <Stack gap="sm">
        <Alert color="red" icon={<IconPlugConnectedX />} title="It failed" data-testid="connection-test-result" data-ok="false">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="connection-test-message">
            {result.message || 'The system gave no reason.'}
          </Text>
        </Alert>
        <Text size="sm" c="dimmed">
          Check the address, the credential and the network section under Edit, then test again.
        </Text>
      </Stack>
    );
  }

  return (
    <Modal opened={name !== null} onClose={onClose} title={name ? `Test ${name}` : ''} size="lg">
      <Stack gap="md" data-testid="connection-test">
        {body}
        <Group justify="flex-end">
          <Button variant="default" onClick={onRetry} disabled={pending}>
            Test again
          </Button>
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

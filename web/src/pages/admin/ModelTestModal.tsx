import { Alert, Button, Code, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { ModelTrial } from '../../api/types';
import { formatDuration } from '../runs/format';

interface ModelTestModalProps {
  /** The model tried; null when closed. */
  name: string | null;
  pending: boolean;
  trial: ModelTrial | undefined;
  /** The API's refusal, when the test could not be made at all. */
  error: unknown;
  onRetry: () => void;
  onClose: () => void;
}

function Facts({ trial }: { trial: ModelTrial }) {
  return (
    <Text size="sm" c="dimmed" data-testid="model-test-facts">
      {`${formatDuration(trial.latency_ms)} · ${trial.input_tokens.toLocaleString('en-US')} tokens in, ${trial.output_tokens.toLocaleString('en-US')} out · not counted against any budget`}
    </Text>
  );
}

/** What trying a model gave: its answer, or the provider's error, with how long it took and the tokens. */
export function ModelTestModal({ name, pending, trial, error, onRetry, onClose }: ModelTestModalProps) {
  let body;
  if (pending) {
    body = (
      <Group gap="sm" py="md" aria-busy="true" data-testid="model-test-pending">
        <Loader size="sm" />
        <Text size="sm">{`Sending ${name ?? 'the model'} a short question…`}</Text>
      </Group>
    );
  } else if (error != null) {
    body = (
      <Alert color="red" role="alert" title="The test could not be run">
        {errorMessage(error)}
      </Alert>
    );
  } else if (trial?.ok) {
    body = (
      <Stack gap="sm">
        <Alert color="green" icon={<IconCircleCheck />} title="It answered">
          <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="model-test-answer">
            {trial.answer ?? ''}
          </Code>
        </Alert>
        <Facts trial={trial} />
      </Stack>
    );
  } else if (trial) {
    body = (
      <Stack gap="sm">
        <Alert color="red" icon={<IconPlugConnectedX />} title="It did not answer" data-testid="model-test-error">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {trial.error ?? 'The provider gave no reason.'}
          </Text>
        </Alert>
        <Facts trial={trial} />
        <Text size="sm" c="dimmed">
          Check the endpoint, the model id and the API key under Edit, then test again.
        </Text>
      </Stack>
    );
  }

  return (
    <Modal opened={name !== null} onClose={onClose} title={name ? `Test ${name}` : ''} size="lg">
      <Stack gap="md" data-testid="model-test">
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

import { Button, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { IconSnowflake } from '@tabler/icons-react';
import { useState } from 'react';
import { ActionError } from './ActionError';
import { useFreeze, type WorkflowRef } from './queries';
import type { DeploymentView, InFlight } from './types';

interface FreezeFormProps {
  workflow: WorkflowRef;
  /** The environment's slug. */
  environment: string;
  /** What is frozen, in words: `v3 in Production`. */
  what: string;
  placeholder: string;
  testId: string;
  onClose: () => void;
  onFrozen: (deployment: DeploymentView) => void;
}

/** Asks why a deployment is frozen and what becomes of runs in flight, then freezes it. */
export function FreezeForm({ workflow, environment, what, placeholder, testId, onClose, onFrozen }: FreezeFormProps) {
  const freeze = useFreeze(workflow);
  const [reason, setReason] = useState('');
  const [inFlight, setInFlight] = useState<InFlight>('finish');
  const [missing, setMissing] = useState(false);
  const submit = () => {
    const trimmed = reason.trim();
    if (trimmed === '') return setMissing(true);
    freeze.mutate({ environment, reason: trimmed, inFlight }, { onSuccess: onFrozen });
  };
  return (
    <Stack gap="md" data-testid={testId}>
      <Text size="sm">
        New runs of {what} are refused at once, until someone unfreezes it. Nothing else changes: it stays deployed.
      </Text>
      <Textarea
        label="Reason"
        description="Shown to everyone who sees the workflow"
        placeholder={placeholder}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? 'Say why it is frozen' : undefined}
        required
        autosize
        minRows={2}
        data-autofocus
      />
      <Radio.Group label="Runs already started" value={inFlight} onChange={(value) => setInFlight(value as InFlight)}>
        <Stack gap="xs" mt="xs">
          <Radio value="finish" label="Let them finish" />
          <Radio value="cancel" label="Cancel them" description="Each is asked to stop" />
        </Stack>
      </Radio.Group>
      <ActionError error={freeze.error} title="It could not be frozen" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" leftSection={<IconSnowflake size={16} />} loading={freeze.isPending} onClick={submit}>
          Freeze
        </Button>
      </Group>
    </Stack>
  );
}

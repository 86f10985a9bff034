import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CreatedApiKey } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';

/** The token, this once, with a way to copy it and an example of its use. */
export function NewApiKeyToken({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const curl = `curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/me`;
  return (
    <Stack gap="md" data-testid="api-key-created">
      <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy it now: you won't be able to see it again">
        Paddock keeps only a fingerprint of the token. If you lose it, revoke the key and create a new one.
      </Alert>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Token of “{created.key.name}”
          </Text>
          <CopyValue value={created.token} label="Copy token" />
        </Group>
        <Code block data-testid="api-key-token" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {created.token}
        </Code>
      </Stack>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Try it
          </Text>
          <CopyValue value={curl} label="Copy command" />
        </Group>
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {curl}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onClose}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CreatedScimToken } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';

function Field({ label, value, copyLabel, testId }: { label: string; value: string; copyLabel: string; testId: string }) {
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <CopyValue value={value} label={copyLabel} />
      </Group>
      <Code block data-testid={testId} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {value}
      </Code>
    </Stack>
  );
}

interface ScimTokenModalProps {
  opened: boolean;
  /** The token just issued, kept until the modal has closed. */
  created: CreatedScimToken | null;
  baseUrl: string;
  onClose: () => void;
  /** Called once the modal has closed, so its owner forgets the token. */
  onClosed: () => void;
}

/** Shows a new SCIM token once, with the two fields to fill in at the identity provider. */
export function ScimTokenModal({ opened, created, baseUrl, onClose, onClosed }: ScimTokenModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={onClosed}
      title="Your new SCIM token"
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack gap="md" data-testid="scim-token-created">
          <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy it now: you won't be able to see it again">
            Paddock keeps only a fingerprint of the token. If you lose it, revoke it and create a new one.
          </Alert>
          <Text size="sm" c="dimmed">
            In your identity provider&apos;s SCIM settings, fill in these two fields (Okta calls them the SCIM connector
            base URL and API token; Entra ID the Tenant URL and Secret token).
          </Text>
          <Field label="Base URL" value={baseUrl} copyLabel="Copy URL" testId="scim-token-base-url" />
          <Field label="Bearer token" value={created.token} copyLabel="Copy token" testId="scim-token-value" />
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

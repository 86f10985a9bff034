import { Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { InvalidReference } from './references';
import { invalidReferenceMessage } from './references';

/** The references of a template that do not resolve here, each with the fix when one is likely. */
export function InvalidReferenceList({ invalid, onFix }: { invalid: InvalidReference[]; onFix: (reference: InvalidReference) => void }) {
  if (invalid.length === 0) return null;
  return (
    <Stack gap={2} mt={2}>
      {invalid.map((reference) => (
        <Group key={`${reference.start}-${reference.path}`} gap={6} wrap="nowrap" align="flex-start" data-testid="invalid-reference">
          <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" style={{ flex: 'none', marginTop: 3 }} aria-hidden />
          <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
            {invalidReferenceMessage(reference)}
            {reference.suggestion !== undefined && (
              <Button variant="subtle" size="compact-xs" ml={4} onClick={() => onFix(reference)}>
                Use {reference.suggestion}
              </Button>
            )}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

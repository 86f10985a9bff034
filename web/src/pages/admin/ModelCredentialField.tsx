import { Button, Group, Input, Paper, PasswordInput, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconKey, IconKeyOff } from '@tabler/icons-react';

/** What saving does with the model's API key. */
export type CredentialChange =
  /** Leave the stored key (or the absence of one) as it is: `credential` is left out of the body. */
  | { kind: 'keep' }
  /** Store this key instead (an empty value with no key stored is the same as keeping none). */
  | { kind: 'set'; value: string }
  /** Remove the stored key: `credential: ""`. */
  | { kind: 'remove' };

/** The `credential` member of the body for `change`: absent to keep, "" to remove, else the new key. */
export function credentialBody(change: CredentialChange): { credential?: string } {
  if (change.kind === 'remove') return { credential: '' };
  if (change.kind === 'set' && change.value.trim() !== '') return { credential: change.value.trim() };
  return {};
}

interface ModelCredentialFieldProps {
  /** Whether a key is stored now. */
  stored: boolean;
  change: CredentialChange;
  onChange: (change: CredentialChange) => void;
  error?: string;
}

const LABEL = 'API key';
const DESCRIPTION = 'Stored encrypted and never shown again, not even to administrators. Leave it empty for a server that needs none.';

/**
 * The model's API key, write-only: a password input for a new one; when one is stored, only "A key is set"
 * with Replace and Remove. The key itself is never shown.
 */
export function ModelCredentialField({ stored, change, onChange, error }: ModelCredentialFieldProps) {
  const input = (label: string, description: string, focus: boolean) => (
    <PasswordInput
      label={label}
      description={description}
      // Not the administrator's own password: keep the browser from filling it in.
      autoComplete="new-password"
      spellCheck={false}
      autoFocus={focus}
      value={change.kind === 'set' ? change.value : ''}
      onChange={(event) => onChange({ kind: 'set', value: event.currentTarget.value })}
      error={error}
    />
  );

  if (!stored) return input(LABEL, DESCRIPTION, false);

  if (change.kind === 'set') {
    return (
      <Stack gap={6}>
        {input('New API key', 'It replaces the stored key when you save.', true)}
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange({ kind: 'keep' })}>
            Keep the current key
          </Button>
        </Group>
      </Stack>
    );
  }

  const removing = change.kind === 'remove';
  return (
    <Input.Wrapper label={LABEL} error={error}>
      <Paper withBorder radius="md" p="sm" mt={4} data-testid="model-credential" data-state={removing ? 'remove' : 'set'}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" color={removing ? 'red' : 'green'} radius="xl">
              {removing ? <IconKeyOff size={16} stroke={1.6} /> : <IconKey size={16} stroke={1.6} />}
            </ThemeIcon>
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {removing ? 'The key will be removed when you save' : 'A key is set'}
              </Text>
              <Text size="xs" c="dimmed">
                {removing ? 'Calls will then go out without a key.' : 'It is never shown. Replace it to change it.'}
              </Text>
            </Stack>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {removing ? (
              <Button variant="default" size="xs" onClick={() => onChange({ kind: 'keep' })}>
                Undo
              </Button>
            ) : (
              <>
                <Button variant="default" size="xs" onClick={() => onChange({ kind: 'set', value: '' })}>
                  Replace
                </Button>
                <Button variant="light" color="red" size="xs" onClick={() => onChange({ kind: 'remove' })}>
                  Remove
                </Button>
              </>
            )}
          </Group>
        </Group>
      </Paper>
    </Input.Wrapper>
  );
}

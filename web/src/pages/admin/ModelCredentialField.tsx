import { Button, Group, Input, Paper, PasswordInput, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconKey, IconKeyOff } from '@tabler/icons-react';

/** What saving does with the stored secret (a model's API key, a connection's credential). */
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

/** What the field says, in the words of what it holds. */
export interface CredentialWords {
  label: string;
  /** Under the input when none is stored. */
  description: string;
  /** The input's label when replacing the stored one. */
  newLabel: string;
  newDescription: string;
  /** The replacing input's placeholder. */
  newPlaceholder?: string;
  keep: string;
  isSet: string;
  isSetDetail: string;
  removing: string;
  removingDetail: string;
  testId: string;
}

export const MODEL_CREDENTIAL_WORDS: CredentialWords = {
  label: 'API key',
  description: 'Stored encrypted and never shown again, not even to administrators. Leave it empty for a server that needs none.',
  newLabel: 'New API key',
  newDescription: 'It replaces the stored key when you save.',
  keep: 'Keep the current key',
  isSet: 'A key is set',
  isSetDetail: 'It is never shown. Replace it to change it.',
  removing: 'The key will be removed when you save',
  removingDetail: 'Calls will then go out without a key.',
  testId: 'model-credential',
};

interface ModelCredentialFieldProps {
  /** Whether a key is stored now. */
  stored: boolean;
  change: CredentialChange;
  onChange: (change: CredentialChange) => void;
  error?: string;
  /** The field's words; a model's API key unless given. */
  words?: CredentialWords;
  /** A description under the input for a new one, instead of the words' own (when it depends on other fields). */
  description?: string;
}

/**
 * A write-only secret: a password input for a new one; when one is stored, only "A key is set"
 * with Replace and Remove. The secret itself is never shown.
 */
export function ModelCredentialField({
  stored,
  change,
  onChange,
  error,
  words = MODEL_CREDENTIAL_WORDS,
  description,
}: ModelCredentialFieldProps) {
  const input = (label: string, text: string, focus: boolean, placeholder?: string) => (
    <PasswordInput
      label={label}
      description={text}
      placeholder={placeholder}
      // Not the administrator's own password: keep the browser from filling it in.
      autoComplete="new-password"
      spellCheck={false}
      autoFocus={focus}
      value={change.kind === 'set' ? change.value : ''}
      onChange={(event) => onChange({ kind: 'set', value: event.currentTarget.value })}
      error={error}
    />
  );

  if (!stored) return input(words.label, description ?? words.description, false);

  if (change.kind === 'set') {
    return (
      <Stack gap={6}>
        {input(words.newLabel, words.newDescription, true, words.newPlaceholder)}
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange({ kind: 'keep' })}>
            {words.keep}
          </Button>
        </Group>
      </Stack>
    );
  }

  const removing = change.kind === 'remove';
  return (
    <Input.Wrapper label={words.label} error={error}>
      <Paper withBorder radius="md" p="sm" mt={4} data-testid={words.testId} data-state={removing ? 'remove' : 'set'}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" color={removing ? 'red' : 'green'} radius="xl">
              {removing ? <IconKeyOff size={16} stroke={1.6} /> : <IconKey size={16} stroke={1.6} />}
            </ThemeIcon>
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {removing ? words.removing : words.isSet}
              </Text>
              <Text size="xs" c="dimmed">
                {removing ? words.removingDetail : words.isSetDetail}
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

import { Alert, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPause } from '@tabler/icons-react';
import type { FormEvent, ReactNode } from 'react';
import type { AppDetail } from '../types';
import { AppInputField } from './AppInputField';
import type { AppFormState } from './useAppForm';

/** What an app's form says, in the words of the page that shows it (a colleague's, or a visitor's). */
export interface AppFormWords {
  /** The title and text over the form of a paused app. */
  pausedTitle: string;
  paused: string;
  /** What to do when the app has no inputs. */
  empty: string;
  /** What one field is called in the summary of those at fault: "field", "answer". */
  field: string;
  /** Said after that summary, if anything. */
  afterSummary?: string;
  /** The title over the server's problems that fit no field. */
  othersTitle: string;
  /** The button that sends the form. */
  submit: string;
}

interface AppFormProps {
  app: AppDetail;
  form: AppFormState;
  words: AppFormWords;
  submitIcon: ReactNode;
  /** Beside the button, while nothing is being sent. */
  hint: string;
  /** Whether the form is being sent: the fields wait. */
  busy: boolean;
  /** Why the run did not start, shown above the button unless it was shown under the fields; nothing when it did not fail. */
  problem: ReactNode;
  onSubmit: (event: FormEvent) => void;
}

/** An app's form: a field per input, the problems with them, and the button that sends it. */
export function AppForm({ app, form, words, submitIcon, hint, busy, problem, onSubmit }: AppFormProps) {
  const fieldErrors = Object.keys(form.errors).length;
  return (
    <Paper withBorder radius="md" p="lg">
      <form ref={form.formRef} onSubmit={onSubmit} noValidate data-testid="app-form" aria-label={`${app.name} form`}>
        <Stack gap="lg">
          {app.frozen && (
            <Alert color="orange" icon={<IconPlayerPause />} title={words.pausedTitle} data-testid="app-paused">
              {words.paused}
            </Alert>
          )}
          {app.inputs.length === 0 && (
            <Text size="sm" c="dimmed">
              {words.empty}
            </Text>
          )}
          {app.inputs.map((input) => (
            <div key={input.name} data-field={input.name}>
              <AppInputField
                input={input}
                value={form.values[input.name] ?? null}
                error={form.errors[input.name]}
                disabled={busy}
                onChange={(value) => form.change(input.name, value)}
                onReject={(message) => form.reject(input.name, message)}
              />
            </div>
          ))}
          {form.tried && fieldErrors > 0 && (
            <Alert color="red" icon={<IconAlertTriangle />} role="alert" data-testid="form-errors" py="xs">
              {fieldErrors === 1 ? `One ${words.field} needs` : `${fieldErrors} ${words.field}s need`} your attention: see the message
              {fieldErrors === 1 ? '' : 's'} in red above.{words.afterSummary ? ` ${words.afterSummary}` : ''}
            </Alert>
          )}
          {form.others.length > 0 && (
            <Alert color="red" title={words.othersTitle} role="alert" data-testid="form-other-errors">
              <List size="sm">
                {form.others.map((other) => (
                  <List.Item key={other}>{other}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {!form.placed && problem}
          <Group gap="md">
            <Button type="submit" leftSection={submitIcon} loading={busy} disabled={app.frozen} data-testid="app-run-submit">
              {words.submit}
            </Button>
            <Text size="sm" c="dimmed">
              {busy ? 'Sending…' : hint}
            </Text>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

import { Badge, Group, Text } from '@mantine/core';
import { IconCode, IconForms, IconQuestionMark, IconTable, IconTerminal2, type Icon } from '@tabler/icons-react';
import { anonymousText, originLabel, runOrigin, shortId, type RunOrigin, type StartedThrough } from './origin';

/**
 * The app page's tab icons for the form and batches; code for the API (its own icon is the word "API", unreadable
 * this small), a terminal for the console.
 */
const ICONS: Record<RunOrigin, Icon> = { form: IconForms, batch: IconTable, api: IconCode, console: IconTerminal2 };

const COLORS: Record<RunOrigin, string> = { form: 'blue', batch: 'grape', api: 'teal', console: 'gray' };

/** What each origin means, for the badge's title. */
const MEANING: Record<RunOrigin, string> = {
  form: "Started through the app's form",
  batch: 'Started as a row of a batch',
  api: "Started through the app's API",
  console: 'Started from the console (Build) or the command line',
};

/**
 * "Form", "Batch", "API" (with the key it used) or "Console": how a run was started; "Form · anonymous (203.0.113.7)"
 * when someone not signed in started it through an open form. Without `withKey`, the key and the network are left to
 * the words beside the badge.
 */
export function OriginBadge({ run, withKey = true }: { run: StartedThrough; withKey?: boolean }) {
  const origin = runOrigin(run);
  const BadgeIcon = origin === null ? IconQuestionMark : ICONS[origin];
  const anonymous = anonymousText(run);
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid="run-origin-badge"
      data-origin={origin ?? run.interface ?? ''}
      data-anonymous={anonymous === null ? undefined : true}
    >
      <Badge
        color={origin === null ? 'gray' : COLORS[origin]}
        variant={origin === 'console' ? 'outline' : 'light'}
        leftSection={<BadgeIcon size={12} stroke={1.8} />}
        title={origin === null ? undefined : MEANING[origin]}
        style={{ flexShrink: 0 }}
      >
        {originLabel(run)}
      </Badge>
      {withKey && origin === 'api' && run.api_key && (
        <Text size="xs" c="dimmed" title={`API key ${run.api_key}`} style={{ whiteSpace: 'nowrap' }}>
          key {shortId(run.api_key)}
        </Text>
      )}
      {withKey && anonymous !== null && (
        <Text size="xs" c="dimmed" title="Started by someone not signed in, through the form opened to the public" style={{ whiteSpace: 'nowrap' }}>
          · {anonymous}
        </Text>
      )}
    </Group>
  );
}

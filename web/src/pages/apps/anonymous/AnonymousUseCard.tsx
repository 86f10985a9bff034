import { Alert, Badge, Button, Code, Group, Paper, Skeleton, Stack, Switch, Text, Title, Tooltip } from '@mantine/core';
import { IconExternalLink, IconLock, IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../api/errors';
import { useCurrentUser } from '../../../auth/session';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { CopyValue } from '../../../components/CopyValue';
import { localTime } from '../../audit/format';
import type { AppAddress } from '../queries';
import { publicPath, useAnonymousUse, useSetAnonymousUse, type AnonymousUse } from './queries';

function rateWords({ rate_per_minute: rate, daily_quota: quota }: AnonymousUse): string {
  return `${rate} run${rate === 1 ? '' : 's'} a minute and ${quota} a day`;
}

/** What the card says of the form's anonymous use now. */
function summary(use: AnonymousUse): string {
  if (use.open) {
    const since = use.since ? `, since ${localTime(use.since)}` : '';
    return `People who are not signed in can use this app's form${since}. Each network may start up to ${rateWords(use)}.`;
  }
  return 'Only people it is published to can use this app, signed in.';
}

/**
 * For an administrator: whether the app's form is open to people who are not signed in, its public link, and the
 * switch that opens (after a confirmation) or closes it. Nobody else sees the card, nor is it asked for them. An
 * administrator sees it even for an app not published to them: they may close it all the same.
 */
export function AnonymousUseCard({ address }: { address: AppAddress }) {
  const user = useCurrentUser();
  // Those who may administer the organisation hold its section.
  const administers = user.navigation.includes('admin');
  const use = useAnonymousUse(address, administers);
  const set = useSetAnonymousUse(address);
  const [confirming, setConfirming] = useState(false);

  if (!administers) return null;
  if (use.isError) {
    // Refused (roles changed since the page loaded) or not found: nothing to show.
    if (use.error instanceof ApiError && (use.error.status === 403 || use.error.status === 404)) return null;
    return (
      <Alert color="red" title="Anonymous use could not be read" role="alert" mb="lg" data-testid="anonymous-use-error">
        {errorMessage(use.error)}
      </Alert>
    );
  }
  if (use.isPending) {
    return (
      <Paper withBorder radius="md" p="md" mb="lg" aria-busy="true" aria-label="Loading anonymous use">
        <Stack gap="xs">
          <Skeleton height={18} width={160} />
          <Skeleton height={14} width="60%" />
        </Stack>
      </Paper>
    );
  }

  const state = use.data;
  const blocked = state.blocked_by ?? null;
  const link = `${window.location.origin}${publicPath(address)}`;
  const toggle = (open: boolean) => {
    set.reset();
    if (open) setConfirming(true);
    else set.mutate(false);
  };
  const close = () => {
    setConfirming(false);
    set.reset();
  };

  return (
    <Paper withBorder radius="md" p="md" mb="lg" component="section" aria-labelledby="anonymous-use-title" data-testid="anonymous-use" data-open={state.open}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="xs">
              <IconWorld size={18} stroke={1.6} aria-hidden />
              <Title order={2} size="h5" id="anonymous-use-title">
                Anonymous use
              </Title>
              <Badge variant="light" color={state.open ? 'green' : 'gray'} tt="none" data-testid="anonymous-use-state">
                {state.open ? 'Open to the public' : 'Closed'}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" maw={720} data-testid="anonymous-use-summary">
              {summary(state)}
            </Text>
          </Stack>
          <Tooltip label={blocked ?? ''} disabled={blocked === null || state.open} multiline w={320} openDelay={200}>
            <div>
              <Switch
                checked={state.open}
                disabled={set.isPending || (!state.open && blocked !== null)}
                onChange={(event) => toggle(event.currentTarget.checked)}
                label="Open to people who are not signed in"
                labelPosition="left"
                styles={{ label: { whiteSpace: 'nowrap' } }}
                data-testid="anonymous-use-switch"
              />
            </div>
          </Tooltip>
        </Group>
        {blocked !== null && (
          <Alert color="gray" icon={<IconLock />} title="It cannot be opened to the public" py="xs" data-testid="anonymous-use-blocked">
            {blocked}
          </Alert>
        )}
        {state.open && (
          <Group gap="xs" wrap="wrap" data-testid="anonymous-use-link">
            <Text size="sm" fw={500}>
              Public link
            </Text>
            <Code style={{ overflowWrap: 'anywhere' }} data-testid="anonymous-use-url">
              {link}
            </Code>
            <CopyValue value={link} label="Copy" ariaLabel="Copy the public link" />
            <Button
              component="a"
              href={link}
              target="_blank"
              rel="noopener noreferrer"
              size="xs"
              variant="light"
              leftSection={<IconExternalLink size={14} />}
              data-testid="anonymous-use-open-page"
            >
              Open public page
            </Button>
          </Group>
        )}
        {set.isError && !confirming && (
          <Alert color="red" title={state.open ? 'It could not be closed' : 'It could not be opened'} role="alert" data-testid="anonymous-use-set-error">
            {errorMessage(set.error)}
          </Alert>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Open this form to the public?"
        confirmLabel="Open to the public"
        pending={set.isPending}
        error={set.error}
        onConfirm={() => set.mutate(true, { onSuccess: () => setConfirming(false) })}
        onClose={close}
        testId="anonymous-use-confirm"
      >
        <Text size="sm">
          Anyone with the link will be able to run <strong>{address.app}</strong> through its form without signing in. No account or name is
          recorded for their runs, only the network they come from.
        </Text>
        <Text size="sm">
          Runs are counted per network: each may start up to {rateWords(state)}, within the app&apos;s limits. You can close it
          again at any time; the link then stops working.
        </Text>
        <Text size="sm">
          The link: <Code style={{ overflowWrap: 'anywhere' }}>{link}</Code>
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

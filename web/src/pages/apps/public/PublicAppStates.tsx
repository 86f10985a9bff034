import { Button, Paper, Skeleton, Stack } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconPlayerPause } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../../../api/errors';
import { EmptyState } from '../../../components/EmptyState';
import { isNotOpen } from './queries';
import { SignInLink } from './PublicShell';
import { NOT_OPEN_TITLE, PAUSED_TEXT } from './words';

/** The shape of the app's page while it loads: its header, then its form. */
export function PublicAppLoading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the app" data-testid="public-app-loading">
      <Skeleton height={14} width={120} />
      <Skeleton height={30} width="45%" />
      <Skeleton height={16} width="70%" />
      <Paper withBorder radius="md" p="lg" mt="md">
        <Stack gap="md">
          <Skeleton height={36} />
          <Skeleton height={36} />
          <Skeleton height={36} width={120} />
        </Stack>
      </Paper>
    </Stack>
  );
}

interface PublicAppErrorProps {
  error: Error;
  /** The app's own page, where signing in leads. */
  signInTo: string;
  onRetry: () => void;
  retrying: boolean;
}

/** Why the app's page cannot show its form: not open to the public, paused, or not loaded. */
export function PublicAppError({ error, signInTo, onRetry, retrying }: PublicAppErrorProps) {
  if (isNotOpen(error)) {
    return (
      <EmptyState icon={IconLock} color="gray" title={NOT_OPEN_TITLE} testId="public-app-not-open" action={<SignInLink to={signInTo} />}>
        If you work here, sign in to use it.
      </EmptyState>
    );
  }
  if (error instanceof ApiError && error.code === 'frozen') {
    return (
      <EmptyState icon={IconPlayerPause} color="orange" title={PAUSED_TEXT} testId="public-app-paused">
        Its team has paused it. Try again later.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={IconAlertTriangle}
      color="red"
      title="This page could not be loaded"
      testId="public-app-error"
      action={
        <Button variant="light" onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      }
    >
      {errorMessage(error)}
    </EmptyState>
  );
}

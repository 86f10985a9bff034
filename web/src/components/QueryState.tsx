import { Alert, Paper, Skeleton, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

interface QueryStateProps {
  /** The query whose state is shown: its error, a skeleton while pending, else the children. */
  query: { isError: boolean; isPending: boolean; error: unknown };
  /** The title of the alert when the query failed. */
  errorTitle: string;
  /** The accessible name of the skeleton while the query is pending. */
  loadingLabel: string;
  /** How many skeleton rows to show while pending. */
  rows?: number;
  /** Whether the skeleton sits in a bordered card, as the loaded content does. */
  framed?: boolean;
  /** A test id for the skeleton. */
  loadingTestId?: string;
  /** What to show once the query has loaded. */
  children: ReactNode;
}

/** A query's loading and error states in one place: an alert when it failed, a skeleton while it loads. */
export function QueryState({ query, errorTitle, loadingLabel, rows = 3, framed = true, loadingTestId, children }: QueryStateProps) {
  if (query.isError) {
    return (
      <Alert color="red" title={errorTitle} role="alert">
        {errorMessage(query.error)}
      </Alert>
    );
  }
  if (query.isPending) {
    const skeleton = (
      <Stack gap="sm" p={framed ? 'md' : undefined} aria-busy="true" aria-label={loadingLabel} data-testid={loadingTestId}>
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} height={22} radius="sm" />
        ))}
      </Stack>
    );
    return framed ? (
      <Paper withBorder radius="md">
        {skeleton}
      </Paper>
    ) : (
      skeleton
    );
  }
  return <>{children}</>;
}

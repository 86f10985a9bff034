import { Button, Center } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors';
import { EmptyState } from '../components/EmptyState';
import { FullPageLoader } from '../components/FullPageLoader';
import { useSession } from './session';

/** Renders its children for a signed-in user; otherwise sends them to sign in, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center h="100vh" p="md">
        <EmptyState
          icon={IconPlugConnectedX}
          color="red"
          title="Paddock is not responding"
          action={
            <Button variant="light" onClick={() => void session.refetch()} loading={session.isFetching}>
              Try again
            </Button>
          }
        >
          {errorMessage(session.error)}
        </EmptyState>
      </Center>
    );
  }
  if (session.data === null) {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return children;
}

import { IconUserQuestion } from '@tabler/icons-react';
import { Navigate } from 'react-router';
import { homePath } from '../auth/landing';
import { useCurrentUser } from '../auth/session';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Page } from './Page';

/** Sends the user to their first section; explains what to do when they have none. */
export function HomePage() {
  const user = useCurrentUser();
  const home = homePath(user.navigation);
  if (home !== '/') return <Navigate to={home} replace />;

  return (
    <Page>
      <PageHeader title={`Welcome, ${user.display_name}`} />
      <EmptyState icon={IconUserQuestion} color="gray" title="Nothing here for you yet" testId="no-sections">
        Your account doesn&apos;t have a role in any workspace yet. Ask your Paddock administrator to give you
        access to the apps or workflows you need.
      </EmptyState>
    </Page>
  );
}

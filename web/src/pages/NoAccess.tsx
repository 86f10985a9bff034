import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { homePath } from '../auth/landing';
import { useCurrentUser } from '../auth/session';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import type { SectionInfo } from '../layout/sections';
import { Page } from './Page';

export function NoAccess({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  const home = homePath(user.navigation);

  return (
    <Page>
      <PageHeader title={section.label} />
      <EmptyState
        icon={IconLock}
        color="gray"
        title="You don't have access to this section"
        testId="no-access"
        action={
          home !== '/' && (
            <Button component={Link} to={home} variant="light" mt="xs">
              Go to your start page
            </Button>
          )
        }
      >
        Your roles don&apos;t include {section.label}. If you need it for your work, ask your Paddock
        administrator to grant you access.
      </EmptyState>
    </Page>
  );
}

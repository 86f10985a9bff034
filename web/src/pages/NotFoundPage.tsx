import { Button } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Page } from './Page';

export function NotFoundPage() {
  return (
    <Page>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={IconCompass}
        color="gray"
        title="We couldn't find that page"
        testId="not-found"
        action={
          <Button component={Link} to="/" variant="light" mt="xs">
            Go to your start page
          </Button>
        }
      >
        The address may be mistyped, or the page may have moved.
      </EmptyState>
    </Page>
  );
}

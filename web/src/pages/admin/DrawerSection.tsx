import { Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of a drawer or dialog: a small upper-case heading over its content. */
export function DrawerSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap="sm" data-testid={testId}>
      <Title order={3} size="h6" c="dimmed" tt="uppercase">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

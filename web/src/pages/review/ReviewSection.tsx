import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A part of the review page: a heading, a sentence under it, and its content. */
export function ReviewSection({ title, lead, children, testId }: { title: string; lead?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Stack gap="sm" component="section" data-testid={testId}>
      <Stack gap={2}>
        <Title order={2} size="h4">
          {title}
        </Title>
        {lead !== undefined && (
          <Text size="sm" c="dimmed" data-testid={`${testId}-lead`}>
            {lead}
          </Text>
        )}
      </Stack>
      {children}
    </Stack>
  );
}

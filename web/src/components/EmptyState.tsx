import { Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: Icon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  color?: string;
  testId?: string;
}

export function EmptyState({ icon: IconComponent, title, children, action, color, testId }: EmptyStateProps) {
  return (
    <Paper withBorder radius="md" py={56} px="xl" data-testid={testId}>
      <Stack align="center" gap="sm" maw={480} mx="auto" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light" color={color}>
          <IconComponent size={28} stroke={1.6} />
        </ThemeIcon>
        <Title order={2} size="h4" mt="xs">
          {title}
        </Title>
        <Text c="dimmed" size="sm">
          {children}
        </Text>
        {action}
      </Stack>
    </Paper>
  );
}

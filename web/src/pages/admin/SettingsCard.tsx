import { Paper, Group, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A titled card of the Single sign-on & SCIM tab. */
export function SettingsCard({
  icon: IconComponent,
  title,
  badge,
  children,
  testId,
}: {
  icon: Icon;
  title: string;
  badge?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="lg" data-testid={testId}>
      <Group gap="sm" mb="sm" wrap="nowrap">
        <ThemeIcon size={36} radius="md" variant="light">
          <IconComponent size={20} stroke={1.6} />
        </ThemeIcon>
        <Title order={2} size="h4">
          {title}
        </Title>
        {badge}
      </Group>
      {children}
    </Paper>
  );
}

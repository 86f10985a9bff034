import { Stack, Text, Title } from '@mantine/core';

export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <Stack gap={4} mb="xl">
      <Title order={1} size="h2">
        {title}
      </Title>
      {lead !== undefined && <Text c="dimmed">{lead}</Text>}
    </Stack>
  );
}

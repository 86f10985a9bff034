import { Badge, Group, Paper, Text } from '@mantine/core';
import { IconArrowRight, IconSnowflake } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { EnvironmentView } from '../../api/types';

/** The chain as a version moves up it: Development → Staging → Production. */
export function EnvironmentChain({ environments }: { environments: readonly EnvironmentView[] }) {
  return (
    <Group
      gap="xs"
      wrap="wrap"
      aria-label={`Promotion order: ${environments.map((environment) => environment.name).join(', then ')}`}
      data-testid="environment-chain"
    >
      {environments.map((environment, index) => (
        <Fragment key={environment.slug}>
          {index > 0 && <IconArrowRight size={18} stroke={1.8} color="var(--mantine-color-dimmed)" aria-hidden />}
          <Paper withBorder radius="xl" px="md" py={6} data-testid={`chain-${environment.slug}`}>
            <Group gap={8} wrap="nowrap">
              <Text size="sm" fw={600}>
                {environment.name}
              </Text>
              <Badge variant="light" color="gray" tt="none" size="sm" ff="monospace">
                {environment.slug}
              </Badge>
              {environment.frozen_now != null && (
                <Badge variant="light" color="cyan" size="sm" leftSection={<IconSnowflake size={12} />}>
                  Frozen
                </Badge>
              )}
            </Group>
          </Paper>
        </Fragment>
      ))}
    </Group>
  );
}

import { ActionIcon, Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconLock, IconLockOpen, IconPencil, IconSnowflake, IconTrash, IconCalendarEvent } from '@tabler/icons-react';
import type { EnvironmentView } from '../../api/types';
import { ruleLines, type RuleLine } from './environmentRules';

const TONES: Record<RuleLine['tone'], { color: string; icon: typeof IconLock }> = {
  open: { color: 'green', icon: IconLockOpen },
  guarded: { color: 'indigo', icon: IconLock },
  frozen: { color: 'cyan', icon: IconSnowflake },
  neutral: { color: 'gray', icon: IconCalendarEvent },
};

interface EnvironmentCardProps {
  environment: EnvironmentView;
  /** Its place in the chain, from 0. */
  index: number;
  total: number;
  /** The name of the environment before it; null when it is first. */
  previous: string | null;
  /** Whether the chain is being reordered (the arrows wait). */
  reordering: boolean;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
  onRemove: () => void;
}

/** One environment of the chain: its place, its rule in words, and what an administrator may do with it. */
export function EnvironmentCard({ environment, index, total, previous, reordering, onMove, onEdit, onRemove }: EnvironmentCardProps) {
  const { name, slug } = environment;
  return (
    <Paper withBorder radius="md" p="md" data-testid={`environment-${slug}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Group align="flex-start" wrap="nowrap" gap="md" style={{ minWidth: 0 }}>
          <ThemeIcon size={32} radius="xl" variant="light" color="indigo" aria-label={`Step ${index + 1} of ${total}`} role="img">
            <Text size="sm" fw={700}>
              {index + 1}
            </Text>
          </ThemeIcon>
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title order={3} size="h5">
                {name}
              </Title>
              <Badge variant="light" color="gray" tt="none" ff="monospace" size="sm">
                {slug}
              </Badge>
              {environment.frozen_now != null && (
                <Badge color="cyan" leftSection={<IconSnowflake size={12} />} size="sm">
                  Frozen now
                </Badge>
              )}
            </Group>
            <List spacing={4} size="sm" center data-testid={`environment-rule-${slug}`}>
              {ruleLines(environment, previous).map((line) => {
                const { color, icon: Icon } = TONES[line.tone];
                return (
                  <List.Item
                    key={line.key}
                    icon={
                      <ThemeIcon size={20} radius="xl" variant="light" color={color}>
                        <Icon size={12} stroke={2} />
                      </ThemeIcon>
                    }
                  >
                    {line.text}
                  </List.Item>
                );
              })}
            </List>
          </Stack>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Earlier in the chain" openDelay={300}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Move ${name} earlier`}
              disabled={index === 0 || reordering}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Later in the chain" openDelay={300}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Move ${name} later`}
              disabled={index === total - 1 || reordering}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} stroke={1.6} />} onClick={onEdit} aria-label={`Edit ${name}`} ml="xs">
            Edit
          </Button>
          <Tooltip label="Remove" openDelay={300}>
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove ${name}`} onClick={onRemove}>
              <IconTrash size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}

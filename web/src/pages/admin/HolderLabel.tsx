import { Avatar, Badge, Group, Text } from '@mantine/core';
import { IconRobot, IconUsersGroup } from '@tabler/icons-react';
import type { HolderView } from '../../api/types';
import { initials } from '../../layout/roles';

/** A holder's name: the group's, or the account's display name. */
export function holderName(holder: HolderView): string {
  return holder.type === 'group' ? holder.name : holder.display_name;
}

/** "Service account" and "Disabled" marks for an account. */
export function AccountMarks({ service, disabled }: { service: boolean; disabled: boolean }) {
  return (
    <>
      {service && (
        <Badge variant="light" color="violet" radius="sm" tt="none" fw={500} size="sm">
          Service account
        </Badge>
      )}
      {disabled && (
        <Badge variant="light" color="red" radius="sm" tt="none" fw={500} size="sm">
          Disabled
        </Badge>
      )}
    </>
  );
}

/** Who holds a role: a group (with a group icon), or a person or service account with their address and marks. */
export function HolderLabel({ holder }: { holder: HolderView }) {
  if (holder.type === 'group') {
    return (
      <Group gap="sm" wrap="nowrap" data-holder="group">
        <Avatar size={30} radius="xl" color="gray">
          <IconUsersGroup size={16} stroke={1.8} aria-hidden />
        </Avatar>
        <div>
          <Text size="sm" fw={500} lh={1.3}>
            {holder.name}
          </Text>
          <Text size="xs" c="dimmed">
            Group
          </Text>
        </div>
      </Group>
    );
  }
  const service = holder.kind === 'service';
  return (
    <Group gap="sm" wrap="nowrap" data-holder={service ? 'service' : 'person'}>
      <Avatar size={30} radius="xl" color={service ? 'violet' : 'indigo'}>
        {service ? <IconRobot size={16} stroke={1.8} aria-hidden /> : initials(holder.display_name)}
      </Avatar>
      <div>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={500} lh={1.3} c={holder.disabled ? 'dimmed' : undefined}>
            {holder.display_name}
          </Text>
          <AccountMarks service={service} disabled={holder.disabled} />
        </Group>
        <Text size="xs" c="dimmed">
          {holder.email}
        </Text>
      </div>
    </Group>
  );
}

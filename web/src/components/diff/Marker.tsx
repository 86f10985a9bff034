import { ThemeIcon } from '@mantine/core';
import { IconMinus, IconPencil, IconPlus } from '@tabler/icons-react';

const MARKERS = {
  added: { color: 'green', icon: IconPlus, label: 'Added' },
  removed: { color: 'red', icon: IconMinus, label: 'Removed' },
  changed: { color: 'blue', icon: IconPencil, label: 'Changed' },
} as const;

export type Change = keyof typeof MARKERS;

/** A small round icon saying whether something was added, removed or changed. */
export function Marker({ change }: { change: Change }) {
  const { color, icon: Icon, label } = MARKERS[change];
  return (
    <ThemeIcon size={20} radius="xl" variant="light" color={color} aria-label={label} role="img" style={{ flexShrink: 0 }}>
      <Icon size={12} stroke={2.4} />
    </ThemeIcon>
  );
}

import { Badge } from '@mantine/core';
import { runStatus, stepStatus } from './status';

/** The status of a run (`kind="run"`) or a step, as a coloured badge. */
export function StatusBadge({ status, kind = 'run' }: { status: string; kind?: 'run' | 'step' }) {
  const { label, color } = kind === 'run' ? runStatus(status) : stepStatus(status);
  return (
    <Badge color={color} variant="light" data-status={status} style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}

import { Badge } from '@mantine/core';
import type { AuditOutcome } from '../../api/types';
import { OUTCOME_COLORS, OUTCOME_LABELS } from './actions';

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return (
    <Badge color={OUTCOME_COLORS[outcome]} variant="light" data-outcome={outcome}>
      {OUTCOME_LABELS[outcome]}
    </Badge>
  );
}

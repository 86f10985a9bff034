import { Badge } from '@mantine/core';
import type { ReviewStatus } from '../../api/types';
import { reviewStatus } from './status';

export function ReviewStatusBadge({ status, size }: { status: ReviewStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { label, color } = reviewStatus(status);
  return (
    <Badge color={color} variant="light" size={size} data-testid="review-status" data-status={status} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {label}
    </Badge>
  );
}

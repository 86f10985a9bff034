import { Badge } from '@mantine/core';
import type { DraftView } from '../../api/types';
import { plural } from './DefinitionEditor';

/** Whether a draft can be run as saved: "Valid", or how many problems it has. */
export function DraftStatusBadge({ draft }: { draft: Pick<DraftView, 'valid' | 'problems'> }) {
  const count = draft.problems.length;
  return draft.valid ? (
    <Badge color="green" variant="light" data-testid="draft-status" style={{ flexShrink: 0 }}>
      Valid
    </Badge>
  ) : (
    <Badge color="red" variant="light" data-testid="draft-status" style={{ flexShrink: 0 }}>
      {count === 0 ? 'Has problems' : plural(count, 'problem')}
    </Badge>
  );
}

/** How many policy warnings the draft has in dev, when it has any (checked once it has no problems). */
export function PolicyBadge({ draft }: { draft: Pick<DraftView, 'valid' | 'policy'> }) {
  const count = draft.policy.length;
  if (!draft.valid || count === 0) return null;
  return (
    <Badge color="yellow" variant="light" data-testid="draft-policy" style={{ flexShrink: 0 }}>
      {plural(count, 'policy warning')}
    </Badge>
  );
}

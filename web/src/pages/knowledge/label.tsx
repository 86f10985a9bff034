import { Badge, Tooltip } from '@mantine/core';
import type { ClearanceValue, ClearanceWords } from '../admin/ClearanceField';
import { LEVEL_INFO, labelSentence, labelText, parseClearance } from '../admin/clearance';
import { useLabelWords } from '../admin/labelQueries';

/** What the label field of a knowledge base says. */
export const LABEL_WORDS: ClearanceWords = {
  intro:
    'How sensitive what it holds is. Everything a workflow retrieves from it carries this label, so it can then only go to models and systems cleared for it.',
  levelLabel: 'Level of what it holds',
  categoriesLabel: 'Special categories in what it holds',
  categoriesDescription: 'The special kinds of data its documents hold, such as pii (personal data). Choose none for none.',
  sentence: labelSentence,
};

/** The label a new knowledge base starts with: most company documents are internal. */
export const DEFAULT_LABEL: ClearanceValue = { level: 'internal', allCategories: false, categories: [] };

/** The label as the form holds it; the default for one it cannot read. */
export function labelValue(raw: string): ClearanceValue {
  const parts = parseClearance(raw);
  if (parts === null || parts.allCategories) return DEFAULT_LABEL;
  return { level: parts.level, allCategories: false, categories: parts.categories };
}

/**
 * A knowledge base's label as a badge in the organisation's words, explained on hover; `compact`: small and without
 * the explanation, for a list of options (a tooltip there would hide the next ones).
 */
export function LabelBadge({ label, testId, compact = false }: { label: string; testId?: string; compact?: boolean }) {
  const { words } = useLabelWords();
  const parts = parseClearance(label);
  const badge = (
    <Badge
      variant="light"
      color={parts === null ? 'gray' : LEVEL_INFO[parts.level].color}
      tt="none"
      fw={600}
      size={compact ? 'xs' : undefined}
      style={compact ? { flex: 'none' } : undefined}
      data-testid={testId}
    >
      {labelText(label, words)}
    </Badge>
  );
  if (compact) return badge;
  return (
    <Tooltip label={parts === null ? label : labelSentence(parts, words)} multiline w={280} withArrow openDelay={300}>
      {badge}
    </Tooltip>
  );
}

import { Group, Progress, Stack, Text } from '@mantine/core';
import type { ModelView } from '../../api/types';
import { formatUsd } from '../runs/format';
import { budgetLevel, compactTokens, usageLines, type UsageLine } from './models';

const LEVEL_COLORS = { ok: undefined, warning: 'orange', spent: 'red' } as const;

function UsageBar({ line, name }: { line: UsageLine; name: string }) {
  const level = budgetLevel(line.tokens, line.budget);
  const used = `${line.tokens.toLocaleString('en-US')} tokens`;
  const against = line.budget === null ? `${used}, no limit` : `${used} of ${line.budget.toLocaleString('en-US')}`;
  return (
    <Stack gap={2} data-testid={`usage-${line.workspace}`} data-level={level}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={500} truncate title={name}>
          {name}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {formatUsd(line.cost)}
        </Text>
      </Group>
      {line.budget !== null && (
        <Progress
          size="sm"
          value={line.budget > 0 ? Math.min(100, (100 * line.tokens) / line.budget) : 100}
          color={LEVEL_COLORS[level]}
          aria-label={`${name}: ${against} this month`}
        />
      )}
      <Text size="xs" c={level === 'ok' ? 'dimmed' : LEVEL_COLORS[level]} title={against}>
        {line.budget === null
          ? `${compactTokens(line.tokens)} tokens · no limit`
          : `${compactTokens(line.tokens)} of ${compactTokens(line.budget)} tokens${level === 'spent' ? ' · budget spent' : ''}`}
      </Text>
    </Stack>
  );
}

/** This month's use of a model per workspace: tokens against the budget as a bar, and what it cost. */
export function ModelUsage({ model, workspaceNames }: { model: ModelView; workspaceNames: ReadonlyMap<string, string> }) {
  const lines = usageLines(model);
  if (lines.length === 0) {
    const budget = model.monthly_token_budget ?? null;
    return (
      <Stack gap={0}>
        <Text size="sm" c="dimmed">
          Not used yet
        </Text>
        <Text size="xs" c="dimmed">
          {budget === null ? 'No limit' : `Limit ${compactTokens(budget)} tokens per workspace`}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      {lines.map((line) => (
        <UsageBar key={line.workspace} line={line} name={workspaceNames.get(line.workspace) ?? line.workspace} />
      ))}
    </Stack>
  );
}

import { Group, Loader, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { StatusBadge } from '../StatusBadge';
import { costText, formatDuration, tokenText } from '../format';
import { NOT_STARTED, stepStatus } from '../status';
import type { LaidOutStep } from './layout';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 96;

export type StepNodeData = {
  step: LaidOutStep;
  /** The kind's title, e.g. "Classify". */
  title: string;
  onOpen: (id: string) => void;
};
export type StepNodeType = Node<StepNodeData, 'step'>;

/** What the node says under its name: timing, tokens and cost, or how many items a map runs over. */
function facts(step: LaidOutStep): string {
  const parts: string[] = [];
  if (step.items !== null) parts.push(`${step.items} item${step.items === 1 ? '' : 's'}`);
  if (step.record?.duration_ms != null) parts.push(formatDuration(step.record.duration_ms));
  const tokens = tokenText(step.record?.input_tokens, step.record?.output_tokens);
  if (tokens !== null) parts.push(tokens);
  const cost = costText(step.record?.cost);
  if (cost !== null) parts.push(cost);
  return parts.join(' · ');
}

/** One step in the graph, coloured by its status; a button that opens its details. */
export function StepNode({ data: { step, title, onOpen } }: NodeProps<StepNodeType>) {
  const { label, color } = stepStatus(step.status);
  const quiet = step.status === NOT_STARTED || step.status === 'skipped';
  const line = facts(step);
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} style={{ opacity: 0 }} />
      <UnstyledButton
        onClick={() => onOpen(step.id)}
        aria-label={`Step ${step.id} (${title}): ${label}. Open its details`}
        data-testid={`step-node-${step.id}`}
        className="nopan nodrag"
        data-status={step.status}
        w={NODE_WIDTH}
        // React Flow turns pointer events off on nodes it need not drag or select; the button takes them.
        style={{ borderRadius: 'var(--mantine-radius-md)', pointerEvents: 'all' }}
      >
        <Paper
          radius="md"
          p="xs"
          h={NODE_HEIGHT}
          bg={quiet ? 'white' : `${color}.0`}
          style={{
            border: `2px ${step.status === NOT_STARTED ? 'dashed' : 'solid'} var(--mantine-color-${color}-${quiet ? 4 : 6})`,
            opacity: step.status === 'skipped' ? 0.7 : 1,
          }}
        >
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                {step.status === 'running' && <Loader size={12} color={color} aria-hidden />}
                <Text fw={650} size="sm" truncate>
                  {step.id}
                </Text>
              </Group>
              <StatusBadge kind="step" status={step.status} />
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {title}
            </Text>
            <Text size="xs" truncate>
              {line || '\u00a0'}
            </Text>
          </Stack>
        </Paper>
      </UnstyledButton>
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={{ opacity: 0 }} />
    </>
  );
}

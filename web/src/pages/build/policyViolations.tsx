import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconShieldExclamation } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { Violation } from '../../api/types';
import { placeOf } from './problems';

/** The environments of the promotion chain. The API lists none yet, so these are the ones every Paddock has. */
export const ENVIRONMENTS: readonly { value: string; label: string }[] = [
  { value: 'dev', label: 'Development (dev)' },
  { value: 'staging', label: 'Staging (staging)' },
  { value: 'prod', label: 'Production (prod)' },
];

/** "Development (dev)", or the slug itself for an environment not known here. */
export function environmentLabel(slug: string): string {
  return ENVIRONMENTS.find((environment) => environment.value === slug)?.label ?? slug;
}

/** A message from the API, with a capital letter unless it starts with a path such as `inputs.claim`. */
export function startCase(message: string): string {
  return /^[a-z][a-z-]*(\s|$)/.test(message) ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

/** The model a sink names (`the model hosted-general` → `hosted-general`); the sink itself otherwise. */
function sinkName(sink: string): string {
  return sink.replace(/^the model /, '');
}

function ChainArrow() {
  return <IconArrowRight size={14} stroke={1.8} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />;
}

/** Where the data goes: source → the steps it passes through → the step that sends it → what receives it. */
function PolicyChain({ violation }: { violation: Violation }) {
  const { source, label, through, step, sink, clearance } = violation;
  const words = [
    source ? `${source}${label ? ` (${label})` : ''}` : null,
    ...through.map((id) => `step ${id}`),
    `step ${step}`,
    `${sink}${clearance ? ` (cleared for ${clearance})` : ''}`,
  ].filter((word): word is string => word !== null);
  return (
    <Group gap={6} wrap="wrap" aria-label={`Path of the data: ${words.join(', then ')}`} data-testid="policy-chain">
      {source && (
        <>
          <Badge variant="light" color="orange" tt="none" fw={600} ff="monospace" data-testid="policy-chain-source">
            {source}
            {label && (
              <Text span size="xs" fw={500} ff="monospace" c="orange.9">
                {' '}
                · {label}
              </Text>
            )}
          </Badge>
          <ChainArrow />
        </>
      )}
      {through.map((id) => (
        <Fragment key={id}>
          <Badge variant="outline" color="gray" tt="none" fw={500} ff="monospace" data-testid="policy-chain-through">
            {id}
          </Badge>
          <ChainArrow />
        </Fragment>
      ))}
      <Badge variant="outline" color="dark" tt="none" fw={600} ff="monospace" data-testid="policy-chain-step">
        {step}
      </Badge>
      <ChainArrow />
      <Badge variant="light" color="red" tt="none" fw={600} data-testid="policy-chain-sink">
        {sinkName(sink)}
        {clearance && (
          <Text span size="xs" fw={500} c="red.9">
            {' '}
            · cleared for {clearance}
          </Text>
        )}
      </Badge>
    </Group>
  );
}

/** One warning: what is wrong, the path the data takes, and what would fix it. */
export function ViolationItem({ violation }: { violation: Violation }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      style={{ borderLeft: '4px solid var(--mantine-color-yellow-6)' }}
      data-testid="policy-violation"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconShieldExclamation size={20} color="var(--mantine-color-orange-7)" style={{ flexShrink: 0, marginTop: 1 }} aria-hidden />
          <Text size="sm" fw={600} data-testid="policy-message">
            {startCase(violation.message)}
          </Text>
        </Group>
        <PolicyChain violation={violation} />
        <Text size="sm" data-testid="policy-fix">
          <Text span fw={600} size="sm">
            How to fix it:{' '}
          </Text>
          {startCase(violation.fix)}
        </Text>
        <Text size="xs" c="dimmed">
          {placeOf(violation.path)} <Code>{violation.path}</Code>
        </Text>
      </Stack>
    </Paper>
  );
}

import { Alert, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { Violation } from '../../api/types';
import { count } from '../../components/diff/describe';
import { ReviewSection } from './ReviewSection';

/** "inputs.claim" → "Inputs.claim": the API's sentences start in lower case when they start with a word. */
function sentence(text: string): string {
  return /^[a-z][a-z-]*(\s|$)/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Where the data goes: source → the steps it passes through → the step that sends it → what receives it. */
function DataPath({ violation }: { violation: Violation }) {
  const { source, label, through, step, sink, clearance } = violation;
  const stops = [
    ...(source ? [{ key: 'source', text: `${source}${label ? ` · ${label}` : ''}`, color: 'orange', variant: 'light' }] : []),
    ...through.map((id) => ({ key: `through-${id}`, text: id, color: 'gray', variant: 'outline' })),
    { key: 'step', text: step, color: 'dark', variant: 'outline' },
    { key: 'sink', text: `${sink.replace(/^the model /, '')}${clearance ? ` · cleared for ${clearance}` : ''}`, color: 'red', variant: 'light' },
  ];
  return (
    <Group gap={6} wrap="wrap" aria-label={`Path of the data: ${stops.map((stop) => stop.text).join(', then ')}`}>
      {stops.map((stop, index) => (
        <Fragment key={stop.key}>
          {index > 0 && <IconArrowRight size={14} stroke={1.8} color="var(--mantine-color-dimmed)" aria-hidden />}
          <Badge variant={stop.variant} color={stop.color} tt="none" fw={600} ff={stop.key === 'sink' ? undefined : 'monospace'}>
            {stop.text}
          </Badge>
        </Fragment>
      ))}
    </Group>
  );
}

function ViolationCard({ violation }: { violation: Violation }) {
  return (
    <Paper withBorder radius="md" p="md" style={{ borderLeft: '4px solid var(--mantine-color-red-6)' }} data-testid="review-violation">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconShieldX size={20} color="var(--mantine-color-red-7)" style={{ flexShrink: 0, marginTop: 1 }} aria-hidden />
          <Text size="sm" fw={600} c="red.9" data-testid="review-violation-message">
            {sentence(violation.message)}
          </Text>
        </Group>
        <DataPath violation={violation} />
        <Text size="sm" data-testid="review-violation-fix">
          <Text span fw={600} size="sm">
            How to fix it:{' '}
          </Text>
          {sentence(violation.fix)}
        </Text>
        <Text size="xs" c="dimmed">
          In the definition at <Code>{violation.path}</Code>
        </Text>
      </Stack>
    </Paper>
  );
}

/** The environment's policy, checked now against the version: what blocks deployment. */
export function ReviewPolicy({ violations, environment }: { violations: readonly Violation[]; environment: string }) {
  return (
    <ReviewSection
      title="Policy check"
      lead={`Where this version's data may go under the rules of ${environment}, checked just now.`}
      testId="review-policy"
    >
      {violations.length === 0 ? (
        <Alert color="green" variant="light" icon={<IconShieldCheck />} title={`No policy problems in ${environment}`} data-testid="review-policy-ok">
          Every piece of labelled data goes only where it is cleared to go.
        </Alert>
      ) : (
        <Stack gap="sm">
          <Alert color="red" variant="light" icon={<IconShieldX />} title={`${count(violations.length, 'policy problem')} in ${environment}`} role="alert">
            This version cannot be deployed to {environment} until {violations.length === 1 ? 'it is' : 'they are'} fixed.
          </Alert>
          {violations.map((violation, index) => (
            <ViolationCard key={`${violation.path}-${index}`} violation={violation} />
          ))}
        </Stack>
      )}
    </ReviewSection>
  );
}

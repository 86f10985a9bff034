import { Alert, Badge, Button, Code, Group, Paper, Select, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import { Fragment } from 'react';
import { errorMessage } from '../../api/errors';
import type { Problem, Violation } from '../../api/types';
import { plural } from './DefinitionEditor';
import { ProblemList } from './ProblemList';
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

/** What the panel shows: the warnings saved with the draft (for dev), or a check for an environment. */
export type PolicyResult =
  /** As saved: the API checks a draft's policy for dev, once the draft has no problems. */
  | { kind: 'saved'; valid: boolean; violations: readonly Violation[] }
  | { kind: 'checked'; environment: string; violations: readonly Violation[] }
  /** The check was refused: the definition itself has problems. */
  | { kind: 'problems'; environment: string; problems: readonly Problem[] };

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
export function PolicyChain({ violation }: { violation: Violation }) {
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

function Violations({ violations, environment }: { violations: readonly Violation[]; environment: string }) {
  if (violations.length === 0) {
    return (
      <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="policy-ok">
        <ThemeIcon variant="light" color="green" radius="xl" size="lg">
          <IconShieldCheck size={20} />
        </ThemeIcon>
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            No policy problems in {environment}
          </Text>
          <Text size="sm" c="dimmed">
            No sensitive data reaches a model that is not cleared for it, and every model it uses is open to this workspace.
          </Text>
        </Stack>
      </Group>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600} c="orange.9" data-testid="policy-count">
        {plural(violations.length, 'policy warning')} in {environment}
      </Text>
      {violations.map((violation, index) => (
        <ViolationItem key={`${violation.path}-${violation.source ?? ''}-${index}`} violation={violation} />
      ))}
    </Stack>
  );
}

function Result({ result }: { result: PolicyResult | null }) {
  if (result === null) {
    return (
      <Text size="sm" c="dimmed" data-testid="policy-none">
        Save the workflow to see its policy warnings for dev, or check it for an environment above.
      </Text>
    );
  }
  if (result.kind === 'problems') {
    return (
      <ProblemList
        problems={result.problems}
        title="Its policy cannot be checked until these problems are fixed"
        testId="policy-problems"
      />
    );
  }
  if (result.kind === 'saved' && !result.valid) {
    return (
      <Text size="sm" c="dimmed" data-testid="policy-not-checked">
        The policy is checked once the workflow has no problems. Fix the problems listed with the definition, then save it
        again.
      </Text>
    );
  }
  return <Violations violations={result.violations} environment={result.kind === 'saved' ? 'dev' : result.environment} />;
}

/** What the result is about: the draft as saved (dev), or a check for a chosen environment. */
function ResultSource({ result, stale }: { result: PolicyResult | null; stale: boolean }) {
  if (result === null) return null;
  const about =
    result.kind === 'saved'
      ? `As last saved, for ${environmentLabel('dev')}`
      : `Checked for ${environmentLabel(result.environment)}`;
  return (
    <Text size="xs" c="dimmed" data-testid="policy-source">
      {about}
      {stale && ' · You changed the workflow since: save it or check again to update this.'}
    </Text>
  );
}

interface PolicyPanelProps {
  /** What to show; null before the workflow is saved or checked. */
  result: PolicyResult | null;
  /** Whether the text changed since the result. */
  stale: boolean;
  environment: string;
  onEnvironmentChange: (environment: string) => void;
  onCheck: () => void;
  checking: boolean;
  /** Why the last check failed, other than problems in the definition. */
  checkError: unknown;
  /** False when the person may check in no workspace. */
  canCheck: boolean;
}

/** Policy warnings, apart from the format problems: where the workflow's sensitive data would go that it may not. */
export function PolicyPanel(props: PolicyPanelProps) {
  const { result, stale, environment, onEnvironmentChange, onCheck, checking, checkError, canCheck } = props;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="policy-panel" aria-labelledby="policy-title" component="section">
      <Group justify="space-between" align="flex-end" mb="md" gap="sm">
        <Stack gap={2} maw={560}>
          <Title order={2} size="h4" id="policy-title">
            Policy
          </Title>
          <Text size="sm" c="dimmed">
            Where its data may go. Inputs marked as sensitive (with a label such as confidential/pii) may only reach models
            cleared for them. Warnings never stop you saving or trying the workflow.
          </Text>
        </Stack>
        <Group gap="xs" align="flex-end">
          <Select
            label="Check for environment"
            data={[...ENVIRONMENTS]}
            value={environment}
            onChange={(value) => value !== null && onEnvironmentChange(value)}
            allowDeselect={false}
            w={210}
            disabled={!canCheck}
            data-testid="policy-environment"
          />
          <Button variant="light" leftSection={<IconShieldCheck size={18} />} onClick={onCheck} loading={checking} disabled={!canCheck}>
            Check policy
          </Button>
        </Group>
      </Group>
      <Stack gap="sm">
        <ResultSource result={result} stale={stale} />
        {checkError != null && (
          <Alert color="red" title="The policy could not be checked" role="alert">
            {errorMessage(checkError)}
          </Alert>
        )}
        <Result result={result} />
      </Stack>
    </Paper>
  );
}

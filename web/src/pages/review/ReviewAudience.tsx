import { Alert, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconApi, IconForms, IconInfoCircle, IconTable, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ReviewDetail } from '../../api/types';
import { LEVEL_INFO, parseClearance } from '../admin/clearance';
import { useLabelWords } from '../admin/labelQueries';
import {
  clearanceWords,
  groupNamesOf,
  KIND_HINT,
  KIND_TITLE,
  limitWords,
  offered,
  sameInterfaces,
  type InterfaceKind,
  type InterfaceSpec,
  type InterfacesSpec,
} from '../build/lifecycle/interfaces';
import { useAudienceGroups, usePipeline } from '../build/lifecycle/queries';
import { ReviewSection } from './ReviewSection';

const ICONS: Readonly<Record<InterfaceKind, Icon>> = { form: IconForms, batch: IconTable, api: IconApi };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

interface InterfaceCardProps {
  kind: InterfaceKind;
  spec: InterfaceSpec;
  /** Group names by id; undefined while not known. */
  groupName: (id: string) => string | undefined;
  /** Whether the groups were loaded (an id not among them is a group that is gone). */
  groupsKnown: boolean;
  callbacks: { hosts: readonly string[]; ranges: readonly string[] } | null;
}

function InterfaceCard({ kind, spec, groupName, groupsKnown, callbacks }: InterfaceCardProps) {
  const { words } = useLabelWords();
  const IconComponent = ICONS[kind];
  const level = parseClearance(spec.clearance)?.level;
  return (
    <Paper withBorder radius="md" p="md" data-testid={`review-interface-${kind}`}>
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={32} radius="md" variant="light" color="indigo">
            <IconComponent size={18} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={0}>
            <Title order={3} size="h5">
              {KIND_TITLE[kind]}
            </Title>
            <Text size="xs" c="dimmed">
              {KIND_HINT[kind]}
            </Text>
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="md">
          <Field label="Who may use it">
            <Group gap={6} data-testid={`review-interface-${kind}-audience`}>
              {spec.audience.map((id) => {
                const name = groupName(id);
                return (
                  <Badge key={id} variant="light" color={name === undefined && groupsKnown ? 'red' : 'gray'} tt="none" size="md">
                    {name ?? (groupsKnown ? 'A group that no longer exists' : 'A group')}
                  </Badge>
                );
              })}
            </Group>
          </Field>
          <Field label="Outputs they may receive">
            <Group gap={6}>
              <Badge variant="light" color={level ? LEVEL_INFO[level].color : 'gray'} tt="none" size="md" data-testid={`review-interface-${kind}-clearance`}>
                Up to {clearanceWords(spec.clearance, words)}
              </Badge>
            </Group>
          </Field>
          <Field label="Limits">
            <Text size="sm" data-testid={`review-interface-${kind}-limits`}>
              {limitWords(spec)}
            </Text>
          </Field>
          {callbacks !== null && (
            <Field label="Callbacks to">
              {callbacks.hosts.length === 0 ? (
                <Text size="sm" data-testid="review-interface-callbacks">
                  None: callers cannot ask to be called back
                </Text>
              ) : (
                <Stack gap={2} data-testid="review-interface-callbacks">
                  <Group gap={4}>
                    {callbacks.hosts.map((host) => (
                      <Code key={host}>{host}</Code>
                    ))}
                  </Group>
                  {callbacks.ranges.length > 0 && (
                    <Text size="xs" c="dimmed">
                      May reach private ranges {callbacks.ranges.join(', ')}
                    </Text>
                  )}
                </Stack>
              )}
            </Field>
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** Whether it changes how the environment is served, while the review is open and the pipeline may be read. */
function useLiveInterfaces(review: ReviewDetail): InterfacesSpec | null | undefined {
  const pipeline = usePipeline({ slug: review.workspace, name: review.workflow });
  if (review.status !== 'open' || pipeline.data === undefined) return undefined;
  const stage = pipeline.data.stages.find((candidate) => candidate.environment.slug === review.environment);
  return stage?.live?.interfaces ?? null;
}

function lead(review: ReviewDetail, environment: string): string {
  const name = `v${review.version}`;
  switch (review.status) {
    case 'open':
      return `Once deployed, ${name} is published in ${environment} to these people, and only they may use it there.`;
    case 'deployed':
      return `How ${name} was published in ${environment} when it was deployed.`;
    default:
      return `How ${name} would have been published in ${environment}.`;
  }
}

/**
 * "Who will be served": the interfaces the version is to be published through once deployed — form, batch, API — each
 * with its audience by group name, the most sensitive output they may receive, the limits per person, and, for the
 * API, where callbacks may go. While the review is open, whether that differs from what is live there now.
 */
export function ReviewAudience({ review, environment }: { review: ReviewDetail; environment: string }) {
  const items = offered(review.interfaces);
  const groups = useAudienceGroups(items.length > 0);
  const live = useLiveInterfaces(review);
  const names = groupNamesOf(groups.data);
  const changed = live === undefined ? null : !sameInterfaces(review.interfaces, live);
  return (
    <ReviewSection title="Who will be served" lead={lead(review, environment)} testId="review-audience">
      {changed !== null && (
        <Group gap="xs">
          <Badge variant="light" color={changed ? 'orange' : 'gray'} tt="none" data-testid="review-audience-change">
            {changed ? `Changes who is served in ${environment}` : `The same as live in ${environment} now`}
          </Badge>
        </Group>
      )}
      {items.length === 0 ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle />} data-testid="review-audience-none">
          {review.status === 'open'
            ? `Not published in ${environment}: nobody can use it there as an app. It runs only when started from its pipeline.`
            : `Not published in ${environment}: nobody could use it there as an app.`}
        </Alert>
      ) : (
        <Stack gap="sm">
          {items.map(({ kind, spec }) => (
            <InterfaceCard
              key={kind}
              kind={kind}
              spec={spec}
              groupName={names}
              groupsKnown={groups.isSuccess}
              callbacks={kind === 'api' ? { hosts: review.interfaces.callback_hosts ?? [], ranges: review.interfaces.callback_ranges ?? [] } : null}
            />
          ))}
        </Stack>
      )}
    </ReviewSection>
  );
}

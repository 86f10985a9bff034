import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconCalendarPause,
  IconPlayerPlay,
  IconRocket,
  IconSend,
  IconShieldCheck,
  IconShieldExclamation,
  IconSnowflake,
  IconSnowflakeOff,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { sentence } from '../../../api/errors';
import { exceptionInForce, exceptionWords, type DriftNotice } from '../../../layout/drift/words';
import { localTime, utcTime } from '../../audit/format';
import type { EnvironmentView, LifecycleRights, PipelineStage, VersionView } from './types';
import { howWords, ruleWords, versionLabel } from './words';

export type StageAction = 'deploy' | 'run' | 'submit' | 'rollback' | 'freeze' | 'unfreeze';

interface StageCardProps {
  stage: PipelineStage;
  environments: readonly EnvironmentView[];
  versions: readonly VersionView[];
  rights: LifecycleRights;
  /** Whether an earlier version was live here, to roll back to. */
  canRollBack: boolean;
  /** Whether what is live here breaks policy since a policy change: its notice in the drift list. */
  drift?: DriftNotice | null;
  /** How what is live here is published, in a line ("Published as form and API to All staff"); null when it is not. */
  published?: string | null;
  /**
   * The app's page as served from here, when it is published here: with `?environment=` unless this is the last
   * environment it is published in (where the page serves it from by default).
   */
  appHref?: string | null;
  onAction: (action: StageAction) => void;
}

/** Who what is live here serves, and the way to the app. */
function Published({ words, appHref }: { words: string; appHref: string | null }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="stage-published">
      <IconUsersGroup size={16} color="var(--mantine-color-indigo-6)" style={{ flexShrink: 0, marginTop: 1 }} aria-hidden />
      <Text size="xs">
        {words}
        {appHref !== null && (
          <>
            {' · '}
            <Anchor component={Link} to={appHref} size="xs" data-testid="stage-app-link">
              open the app
            </Anchor>
          </>
        )}
      </Text>
    </Group>
  );
}

/** What is live here breaks the environment's policy since a policy change; and the exception that lets it run, if any. */
function Drift({ notice }: { notice: DriftNotice }) {
  const exception = exceptionInForce(notice);
  const why = notice.violations.map((violation) => sentence(violation.message)).join(' · ');
  return (
    <Stack gap={4} data-testid="stage-drift">
      <Tooltip label={why} disabled={why === ''} multiline w={320} openDelay={300}>
        <Badge
          size="sm"
          variant="light"
          color={exception ? 'yellow' : 'red'}
          tt="none"
          leftSection={<IconShieldExclamation size={12} />}
          style={{ alignSelf: 'flex-start' }}
          data-testid="stage-drift-badge"
        >
          Breaks policy since a policy change
        </Badge>
      </Tooltip>
      {exception && (
        <Group gap={6} wrap="nowrap" align="flex-start" data-testid="stage-drift-exception">
          <IconShieldCheck size={16} color="var(--mantine-color-yellow-8)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
          <Text size="xs" c="yellow.9">
            {exceptionWords(exception)}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function Live({ stage, versions }: { stage: PipelineStage; versions: readonly VersionView[] }) {
  const { live } = stage;
  if (!live) {
    return (
      <Text size="sm" c="dimmed" py="xs" data-testid="stage-nothing">
        Nothing deployed
      </Text>
    );
  }
  const message = versions.find((version) => version.number === live.version)?.message;
  return (
    <Stack gap={2} data-testid="stage-live">
      <Group gap="xs" align="baseline">
        <Text fw={700} size="xl" data-testid="stage-live-version">
          {versionLabel(live.version)}
        </Text>
        <Badge size="sm" variant="light" color="green">
          Live
        </Badge>
      </Group>
      {message && (
        <Text size="sm" lineClamp={2}>
          {message}
        </Text>
      )}
      <Text size="xs" c="dimmed" data-testid="stage-live-how">
        {howWords(live.how).replace(/^./, (c) => c.toUpperCase())}
        {live.deployed_by ? ` by ${live.deployed_by}` : ''}
        {', '}
        <Tooltip label={utcTime(live.deployed_at)} openDelay={300}>
          <Text span size="xs">
            {localTime(live.deployed_at)}
          </Text>
        </Tooltip>
        {live.review && (
          <>
            {' · '}
            <Anchor component={Link} to={`/review/${encodeURIComponent(live.review)}`} size="xs">
              see the review
            </Anchor>
          </>
        )}
      </Text>
      {live.reason && (
        <Text size="xs" data-testid="stage-live-reason">
          Why: {live.reason}
        </Text>
      )}
    </Stack>
  );
}

function OpenReviews({ stage }: { stage: PipelineStage }) {
  if (stage.open_reviews.length === 0) return null;
  return (
    <Stack gap={4} data-testid="stage-reviews">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Waiting for review
      </Text>
      {stage.open_reviews.map((review) => (
        <Text key={review.id} size="sm">
          <Anchor component={Link} to={`/review/${encodeURIComponent(review.id)}`} data-testid="stage-review-link">
            {versionLabel(review.version)}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            {review.approvals} of {review.approvals_required} approval{review.approvals_required === 1 ? '' : 's'}
            {review.submitted_by ? ` · by ${review.submitted_by}` : ''}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}

/** What the person may do here, as buttons. */
function Actions({ stage, versions, rights, canRollBack, onAction }: Omit<StageCardProps, 'environments' | 'drift' | 'published' | 'appHref'>) {
  const { environment, live } = stage;
  const { rule } = environment;
  const buttons: { action: StageAction; label: string; icon: typeof IconRocket; color?: string; disabled?: string }[] = [];
  if (rights.build && rule.author_may_deploy) {
    buttons.push({
      action: 'deploy',
      label: 'Deploy version…',
      icon: IconRocket,
      ...(versions.length === 0 ? { disabled: 'Cut a version first, on the Versions tab' } : {}),
    });
  }
  if (rights.build && !rule.author_may_deploy) {
    buttons.push({
      action: 'submit',
      label: 'Submit for review…',
      icon: IconSend,
      ...(versions.length === 0 ? { disabled: 'Cut a version first, on the Versions tab' } : {}),
    });
  }
  if (rights.run && live) {
    buttons.push({ action: 'run', label: 'Run…', icon: IconPlayerPlay, ...(live.frozen ? { disabled: 'Frozen: new runs are refused' } : {}) });
  }
  if ((rights.build || rights.admin) && live && canRollBack) buttons.push({ action: 'rollback', label: 'Roll back…', icon: IconArrowBackUp });
  if (rights.operate && live) {
    buttons.push(
      live.frozen
        ? { action: 'unfreeze', label: 'Unfreeze', icon: IconSnowflakeOff }
        : { action: 'freeze', label: 'Freeze…', icon: IconSnowflake, color: 'red' },
    );
  }
  if (buttons.length === 0) return null;
  return (
    <Group gap={6} mt="auto" pt="xs" data-testid="stage-actions">
      {buttons.map(({ action, label, icon: Icon, color, disabled }) => {
        const button = (
          <Button
            key={action}
            size="compact-sm"
            variant={action === 'deploy' || action === 'submit' ? 'light' : 'default'}
            color={color}
            leftSection={<Icon size={14} />}
            disabled={disabled !== undefined}
            onClick={() => onAction(action)}
          >
            {label}
          </Button>
        );
        return disabled === undefined ? (
          button
        ) : (
          <Tooltip key={action} label={disabled}>
            <span>{button}</span>
          </Tooltip>
        );
      })}
    </Group>
  );
}

/** One environment of the pipeline: what is live there and how it got there, its rule, reviews waiting, and actions. */
export function StageCard({ stage, environments, versions, rights, canRollBack, drift, published, appHref, onAction }: StageCardProps) {
  const { environment, live } = stage;
  const frozen = live?.frozen ?? null;
  const freezeWindow = environment.frozen_now ?? null;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      h="100%"
      style={{ borderTop: `4px solid var(--mantine-color-${frozen ? 'red-6' : live ? 'green-6' : 'gray-4'})` }}
      data-testid={`stage-${environment.slug}`}
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Title order={3} size="h5">
            {environment.name}
          </Title>
          {frozen && (
            <Tooltip label={`Frozen${frozen.by ? ` by ${frozen.by}` : ''} on ${localTime(frozen.at)}`} openDelay={300}>
              <Badge color="red" variant="filled" leftSection={<IconSnowflake size={12} />} data-testid="stage-frozen">
                Frozen
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Live stage={stage} versions={versions} />
        {live && published && <Published words={published} appHref={appHref ?? null} />}
        {live && drift && <Drift notice={drift} />}
        {frozen && (
          <Text size="sm" c="red.8" data-testid="stage-frozen-reason">
            {frozen.reason}
          </Text>
        )}
        {freezeWindow && (
          <Group gap={6} wrap="nowrap" align="flex-start" data-testid="stage-freeze-window">
            <IconCalendarPause size={16} color="var(--mantine-color-orange-7)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
            <Text size="xs" c="orange.9">
              Freeze window until {localTime(freezeWindow.ends_at)}: {freezeWindow.reason}
            </Text>
          </Group>
        )}
        <OpenReviews stage={stage} />
        <Text size="xs" c="dimmed" data-testid="stage-rule">
          {ruleWords(environment, environments)}.
        </Text>
        <Actions stage={stage} versions={versions} rights={rights} canRollBack={canRollBack} onAction={onAction} />
      </Stack>
    </Paper>
  );
}

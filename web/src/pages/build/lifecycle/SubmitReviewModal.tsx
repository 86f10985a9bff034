import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ActionError } from './ActionError';
import { draftProblems, refusedAudiences, sameInterfaces, serverProblem, specOf, type InterfacesSpec } from './interfaces';
import { PublishFields, startChoice, type PublishChoice } from './PublishFields';
import { useSubmitReview, type WorkflowRef } from './queries';
import { RuleSummary } from './RuleSummary';
import type { PipelineStage, VersionView } from './types';
import { VersionSelect } from './VersionSelect';
import { inChainOrder, nextEnvironment, versionLabel } from './words';

/** What the dialog starts with; what is not given follows from the pipeline. */
export interface SubmitStart {
  version?: number;
  environment?: string;
}

interface SubmitReviewModalProps {
  /** Open with these choices; null when closed. */
  start: SubmitStart | null;
  stages: readonly PipelineStage[];
  versions: readonly VersionView[];
  workflow: WorkflowRef;
  onClose: () => void;
}

/** The version to offer first: the one live just below the target, else the newest. */
function firstVersion(stages: readonly PipelineStage[], versions: readonly VersionView[], start: SubmitStart): number | null {
  if (start.version !== undefined) return start.version;
  const ordered = inChainOrder(stages);
  const index = ordered.findIndex((stage) => stage.environment.slug === start.environment);
  const below = index > 0 ? ordered[index - 1]?.live?.version : undefined;
  return below ?? versions[0]?.number ?? null;
}

function SubmitForm({ start, stages, versions, workflow, onClose }: Omit<SubmitReviewModalProps, 'start'> & { start: SubmitStart }) {
  const navigate = useNavigate();
  const submitReview = useSubmitReview(workflow);
  const ordered = inChainOrder(stages);
  const [version, setVersion] = useState<number | null>(() => firstVersion(stages, versions, start));
  const [environment, setEnvironment] = useState<string | null>(
    () => start.environment ?? (version === null ? null : nextEnvironment(stages, version)),
  );
  /** Chosen by hand (or given): the target no longer follows the version. */
  const [pinned, setPinned] = useState(start.environment !== undefined);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  const target = ordered.find((stage) => stage.environment.slug === environment) ?? null;
  const environments = ordered.map((stage) => stage.environment);
  const liveThere = target !== null && version !== null && target.live?.version === version;
  const liveInterfaces = target?.live?.interfaces ?? null;
  // How it is to be published: per environment, starting from what is live there.
  const [publishing, setPublishing] = useState<{ environment: string | null; choice: PublishChoice }>(() => ({
    environment,
    choice: startChoice(liveInterfaces),
  }));
  const choice = publishing.environment === environment ? publishing.choice : startChoice(liveInterfaces);
  const [checked, setChecked] = useState(false);
  const localProblems = checked && choice.mode === 'choose' ? draftProblems(choice.draft) : {};
  const fromServer = serverProblem(submitReview.error);
  const problems = fromServer?.key ? { ...localProblems, [fromServer.key]: fromServer.message } : localProblems;
  const choose = (next: PublishChoice) => {
    setPublishing({ environment, choice: next });
    if (fromServer !== null || refusedAudiences(submitReview.error).length > 0) submitReview.reset();
  };

  const chooseVersion = (number: number) => {
    setVersion(number);
    submitReview.reset();
    if (!pinned) setEnvironment(nextEnvironment(stages, number) ?? environment);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = message.trim();
    setMissing(trimmed === '');
    setChecked(true);
    let interfaces: InterfacesSpec | undefined;
    if (choice.mode === 'choose') {
      if (Object.keys(draftProblems(choice.draft)).length > 0) return;
      const spec = specOf(choice.draft);
      // The same as live there: left out, so that it is kept as it is.
      if (!sameInterfaces(spec, liveInterfaces ?? {})) interfaces = spec;
    }
    if (trimmed === '' || version === null || environment === null) return;
    submitReview.mutate(
      { version, environment, message: trimmed, ...(interfaces === undefined ? {} : { interfaces }) },
      { onSuccess: (review) => void navigate(`/review/${encodeURIComponent(review.id)}`) },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" data-testid="submit-review-form">
        <Text size="sm">
          Approvers see what changes from the version live there now, the policy report, and the runs that tried it. The
          version is deployed once the rule below is met.
        </Text>
        <Group grow align="flex-start">
          <VersionSelect
            versions={versions}
            value={version}
            onChange={chooseVersion}
            note={(v) => {
              const live = ordered.filter((stage) => stage.live?.version === v.number).map((stage) => stage.environment.name);
              return live.length > 0 ? `live in ${live.join(', ')}` : null;
            }}
          />
          <Select
            label="Environment"
            data={ordered.map((stage) => ({ value: stage.environment.slug, label: stage.environment.name }))}
            value={environment}
            onChange={(next) => {
              setEnvironment(next);
              setPinned(true);
              submitReview.reset();
            }}
            allowDeselect={false}
            placeholder="Choose where"
            required
            data-testid="environment-select"
          />
        </Group>
        {target !== null && <RuleSummary environment={target.environment} environments={environments} />}
        {liveThere && version !== null && target !== null && (
          <Text size="sm" c="orange.8" data-testid="submit-live-already">
            {versionLabel(version)} is live in {target.environment.name} already. Choose another version or environment.
          </Text>
        )}
        <Textarea
          label="Message for the approvers"
          description="What changes and why"
          placeholder="Outages now page the on-call engineer"
          value={message}
          onChange={(event) => {
            setMessage(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? 'Tell the approvers what changes and why' : undefined}
          required
          autosize
          minRows={3}
          data-autofocus
        />
        {target !== null && (
          <PublishFields
            live={liveInterfaces}
            environment={target.environment.name}
            value={choice}
            onChange={choose}
            problems={problems}
            refused={refusedAudiences(submitReview.error)}
            generalProblem={fromServer !== null && fromServer.key === null ? fromServer.message : null}
          />
        )}
        {fromServer === null && (
          <ActionError error={submitReview.error} title="The review could not be submitted" environment={target?.environment.name} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" leftSection={<IconSend size={16} />} loading={submitReview.isPending} disabled={version === null || environment === null || liveThere}>
            Submit for review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Asks for a version to be deployed to an environment: choose both, say why, and land on the review once submitted. */
export function SubmitReviewModal({ start: current, ...rest }: SubmitReviewModalProps) {
  return (
    <Modal opened={current !== null} onClose={rest.onClose} title="Submit for review" size="xl">
      {current !== null && <SubmitForm start={current} {...rest} />}
    </Modal>
  );
}

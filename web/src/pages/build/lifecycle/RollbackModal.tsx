import { Alert, Button, Group, Modal, Stack, Switch, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useLastValue } from '../../../components/useLastValue';
import { ActionError } from './ActionError';
import { useRollback, type WorkflowRef } from './queries';
import type { DeploymentView, LifecycleRights, PipelineStage, VersionView } from './types';
import { VersionSelect } from './VersionSelect';
import { versionLabel } from './words';

interface RollbackModalProps {
  /** The environment to roll back; null when closed. */
  stage: PipelineStage | null;
  history: readonly DeploymentView[];
  versions: readonly VersionView[];
  rights: LifecycleRights;
  workflow: WorkflowRef;
  onClose: () => void;
  onRolledBack: (deployment: DeploymentView, stage: PipelineStage) => void;
  /** Where the rule asks for a review: submit the version chosen instead. */
  onSubmitInstead: (version: number, stage: PipelineStage) => void;
}

/** The versions live in the environment before, the most recent first, without the one live now. */
export function earlierVersions(stage: PipelineStage, history: readonly DeploymentView[]): number[] {
  const live = stage.live?.version;
  const seen = new Set<number>();
  for (const deployment of history) {
    if (deployment.environment === stage.environment.slug && deployment.version !== live) seen.add(deployment.version);
  }
  return [...seen];
}

function RollbackForm({ stage, history, versions, rights, workflow, onClose, onRolledBack, onSubmitInstead }: RollbackModalProps & { stage: PipelineStage }) {
  const rollback = useRollback(workflow);
  const earlier = earlierVersions(stage, history);
  const choices = earlier.flatMap((number) => versions.filter((version) => version.number === number));
  const [version, setVersion] = useState<number | null>(earlier[0] ?? null);
  const [emergency, setEmergency] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { environment, live } = stage;
  const direct = environment.rule.author_may_deploy && rights.build;

  const submit = () => {
    if (version === null) return;
    const trimmed = reason.trim();
    if (emergency && trimmed === '') return setMissing(true);
    rollback.mutate(
      { environment: environment.slug, version, ...(emergency ? { emergency: { reason: trimmed } } : {}) },
      { onSuccess: (deployment) => onRolledBack(deployment, stage) },
    );
  };

  return (
    <Stack gap="md" data-testid="rollback-modal">
      <Text size="sm">
        {live ? `${versionLabel(live.version)} is live in ${environment.name}. ` : ''}Go back to a version that was live there
        before.
      </Text>
      <VersionSelect versions={choices} value={version} onChange={setVersion} label="Go back to" />
      {rights.admin && (
        <Switch
          label="Emergency rollback"
          description="At once, without approvals and past freeze windows (never past policy). Recorded with your reason."
          checked={emergency}
          onChange={(event) => setEmergency(event.currentTarget.checked)}
          color="red"
          data-testid="rollback-emergency"
        />
      )}
      {emergency && (
        <Textarea
          label="Reason"
          description="Why this cannot wait for a review"
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? 'Give the reason for the emergency' : undefined}
          required
          autosize
          minRows={2}
          data-autofocus
        />
      )}
      {!direct && !emergency && (
        <Alert color="blue" title={`In ${environment.name} a rollback is reviewed like any change`} data-testid="rollback-review">
          Submit the earlier version for review; it needs no new evidence since it was live there before.
        </Alert>
      )}
      <ActionError error={rollback.error} title="The rollback did not happen" environment={environment.name} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        {direct || emergency ? (
          <Button
            color={emergency ? 'red' : undefined}
            leftSection={<IconArrowBackUp size={16} />}
            loading={rollback.isPending}
            disabled={version === null}
            onClick={submit}
          >
            {emergency ? 'Emergency rollback' : 'Roll back'}
          </Button>
        ) : (
          rights.build && (
            <Button leftSection={<IconSend size={16} />} disabled={version === null} onClick={() => version !== null && onSubmitInstead(version, stage)}>
              Submit for review…
            </Button>
          )
        )}
      </Group>
    </Stack>
  );
}

/** Goes back to a version live in the environment before: directly where builders deploy, else by review or, for admins, at once. */
export function RollbackModal({ stage: current, ...rest }: RollbackModalProps) {
  const stage = useLastValue(current);
  return (
    <Modal opened={current !== null} onClose={rest.onClose} title={stage ? `Roll back ${stage.environment.name}` : ''} size="lg">
      {current !== null && <RollbackForm stage={current} {...rest} />}
    </Modal>
  );
}

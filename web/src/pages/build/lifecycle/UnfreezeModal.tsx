import { Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useLastValue } from '../../../components/useLastValue';
import { useUnfreeze, type WorkflowRef } from './queries';
import type { DeploymentView, PipelineStage } from './types';
import { versionLabel } from './words';

interface UnfreezeModalProps {
  stage: PipelineStage | null;
  workflow: WorkflowRef;
  onClose: () => void;
  onUnfrozen: (deployment: DeploymentView, stage: PipelineStage) => void;
}

/** Asks before lifting a freeze: new runs are accepted again. */
export function UnfreezeModal({ stage: current, workflow, onClose, onUnfrozen }: UnfreezeModalProps) {
  const stage = useLastValue(current);
  const unfreeze = useUnfreeze(workflow);
  const close = () => {
    unfreeze.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={current !== null}
      title={stage ? `Unfreeze ${stage.environment.name}?` : ''}
      confirmLabel="Unfreeze"
      pending={unfreeze.isPending}
      error={unfreeze.error}
      onConfirm={() =>
        stage !== null &&
        unfreeze.mutate(stage.environment.slug, {
          onSuccess: (deployment) => {
            unfreeze.reset();
            onUnfrozen(deployment, stage);
          },
        })
      }
      onClose={close}
      testId="unfreeze-modal"
    >
      {stage && (
        <Text size="sm">
          {stage.live ? versionLabel(stage.live.version) : 'It'} runs again in {stage.environment.name}: new runs are accepted
          from now on.
          {stage.live?.frozen ? ` It was frozen because: ${stage.live.frozen.reason}` : ''}
        </Text>
      )}
    </ConfirmModal>
  );
}

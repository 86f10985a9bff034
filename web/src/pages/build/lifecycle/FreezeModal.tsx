import { Modal } from '@mantine/core';
import { useLastValue } from '../../../components/useLastValue';
import { FreezeForm } from './FreezeForm';
import type { WorkflowRef } from './queries';
import type { DeploymentView, PipelineStage } from './types';
import { versionLabel } from './words';

interface FreezeModalProps {
  /** The environment whose deployment to freeze; null when closed. */
  stage: PipelineStage | null;
  workflow: WorkflowRef;
  onClose: () => void;
  onFrozen: (deployment: DeploymentView, stage: PipelineStage) => void;
}

/** Freezes what is live in an environment, with a reason, letting runs in flight finish or cancelling them. */
export function FreezeModal({ stage: current, workflow, onClose, onFrozen }: FreezeModalProps) {
  const stage = useLastValue(current);
  return (
    <Modal opened={current !== null} onClose={onClose} title={stage ? `Freeze ${stage.environment.name}` : ''}>
      {current !== null && (
        <FreezeForm
          workflow={workflow}
          environment={current.environment.slug}
          what={`${current.live ? versionLabel(current.live.version) : 'this workflow'} in ${current.environment.name}`}
          placeholder="The CRM returns wrong owners; investigating"
          testId="freeze-modal"
          onClose={onClose}
          onFrozen={(deployment) => onFrozen(deployment, current)}
        />
      )}
    </Modal>
  );
}

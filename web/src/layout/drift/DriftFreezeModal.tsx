import { Modal } from '@mantine/core';
import { useLastValue } from '../../components/useLastValue';
import { FreezeForm } from '../../pages/build/lifecycle/FreezeForm';
import type { DriftNotice } from './words';

interface DriftFreezeModalProps {
  /** The deployment to freeze; null when closed. */
  notice: DriftNotice | null;
  environmentName: (slug: string) => string;
  onClose: () => void;
  onFrozen: (notice: DriftNotice) => void;
}

/** Freezes a deployment that breaks policy, from the drift list: new runs are refused until it is unfrozen. */
export function DriftFreezeModal({ notice: current, environmentName, onClose, onFrozen }: DriftFreezeModalProps) {
  const notice = useLastValue(current);
  return (
    <Modal
      opened={current !== null}
      onClose={onClose}
      title={notice ? `Freeze ${notice.workflow} in ${environmentName(notice.environment)}` : ''}
    >
      {current !== null && (
        <FreezeForm
          workflow={{ slug: current.workspace, name: current.workflow }}
          environment={current.environment}
          what={`${current.workflow} v${current.version} in ${environmentName(current.environment)}`}
          placeholder="Breaks policy since the model's clearance was lowered; fixing the workflow"
          testId="drift-freeze-modal"
          onClose={onClose}
          onFrozen={() => onFrozen(current)}
        />
      )}
    </Modal>
  );
}

import { Code, Stack, Text } from '@mantine/core';
import type { ModelView } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useLastValue } from '../../components/useLastValue';
import { useDeleteModel } from './modelQueries';

interface DeleteModelModalProps {
  /** The model to delete; null when closed. */
  model: ModelView | null;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

/** Asks before removing a model from the registry, saying that runs naming it will fail. */
export function DeleteModelModal({ model: current, onClose, onDeleted }: DeleteModelModalProps) {
  const model = useLastValue(current);
  const remove = useDeleteModel();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!model) return;
    remove.mutate(model.name, {
      onSuccess: () => {
        remove.reset();
        onDeleted(model.name);
      },
    });
  };

  return (
    <ConfirmModal
      opened={current !== null}
      title={model ? `Delete the model ${model.name}?` : ''}
      confirmLabel="Delete model"
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={confirm}
      onClose={close}
      testId="delete-model-confirm"
    >
      {model && (
        <Stack gap="xs">
          <Text size="sm">
            Every run of a workflow that names <Code>{model.name}</Code> will fail from now on, with a message saying the
            model does not exist, until someone registers a model by that name again or changes the workflow.
          </Text>
          <Text size="sm" c="dimmed">
            Its stored API key is destroyed and this month&apos;s usage counts go with it; past runs keep their tokens and
            cost.
          </Text>
        </Stack>
      )}
    </ConfirmModal>
  );
}

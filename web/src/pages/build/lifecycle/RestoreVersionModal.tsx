import { Alert, Stack, Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useLastValue } from '../../../components/useLastValue';
import type { DraftView } from '../../../api/types';
import { useRestoreVersion, type WorkflowRef } from './queries';
import type { VersionView } from './types';
import { versionLabel } from './words';

interface RestoreVersionModalProps {
  /** The version to make the draft again; null when closed. */
  version: VersionView | null;
  workflow: WorkflowRef;
  draft: DraftView;
  unsaved: boolean;
  onClose: () => void;
  onRestored: (version: VersionView, draft: DraftView) => void;
}

/** Asks before making a version the draft again: a save like any other, on top of the draft's revision. */
export function RestoreVersionModal({ version: current, workflow, draft, unsaved, onClose, onRestored }: RestoreVersionModalProps) {
  const version = useLastValue(current);
  const restore = useRestoreVersion(workflow);
  const close = () => {
    restore.reset();
    onClose();
  };
  const confirm = () => {
    if (version === null) return;
    restore.mutate(
      { number: version.number, baseRevision: draft.revision },
      {
        onSuccess: (restored) => {
          restore.reset();
          onRestored(version, restored);
        },
      },
    );
  };
  return (
    <ConfirmModal
      opened={current !== null}
      title={version ? `Restore ${versionLabel(version.number)} as the draft?` : ''}
      confirmLabel="Restore as draft"
      pending={restore.isPending}
      error={restore.error}
      onConfirm={confirm}
      onClose={close}
      testId="restore-modal"
    >
      {version && (
        <Stack gap="sm">
          <Text size="sm">
            The draft becomes what {versionLabel(version.number)} (“{version.message}”) was. This is saved as a new revision
            of the draft; revision {draft.revision} stays in its history, and no version changes.
          </Text>
          {unsaved && (
            <Alert color="yellow" title="Your unsaved changes will be lost">
              The editor holds changes you have not saved. Restoring replaces them.
            </Alert>
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}

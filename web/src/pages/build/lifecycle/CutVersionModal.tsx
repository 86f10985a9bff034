import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/errors';
import type { DraftView } from '../../../api/types';
import { ProblemList } from '../ProblemList';
import { useCutVersion, type CutResult, type WorkflowRef } from './queries';
import { versionLabel } from './words';

const MAX_MESSAGE = 500;

interface CutVersionModalProps {
  opened: boolean;
  workflow: WorkflowRef;
  draft: DraftView;
  /** Whether the editor holds changes not saved yet (they are not part of the version). */
  unsaved: boolean;
  onClose: () => void;
}

/** What the cut answered: a new version, or the version the draft is already. */
function CutDone({ result, onClose }: { result: CutResult; onClose: () => void }) {
  const { version, created } = result;
  return (
    <Stack gap="md" data-testid="cut-result">
      {created ? (
        <Alert color="green" icon={<IconCircleCheck />} title={`Version ${version.number} is cut`} role="status">
          “{version.message}” is saved as {versionLabel(version.number)}. It never changes: deploy it to dev from the Pipeline
          tab, try it there, then submit it for review.
        </Alert>
      ) : (
        <Alert color="blue" icon={<IconInfoCircle />} title={`This draft is already version ${version.number}`} role="status">
          Nothing new was cut: the saved draft is the same as {versionLabel(version.number)} (“{version.message}”). Change and
          save the draft to cut a new version.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

function CutForm({ workflow, draft, unsaved, onClose }: Omit<CutVersionModalProps, 'opened'>) {
  const cut = useCutVersion(workflow);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  if (cut.data) return <CutDone result={cut.data} onClose={onClose} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = message.trim();
    setMissing(trimmed === '');
    if (trimmed !== '') cut.mutate(trimmed);
  };
  const problems = cut.error instanceof ApiError ? cut.error.problems : [];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" data-testid="cut-form">
        <Text size="sm">
          A version is a snapshot of the draft as last saved (revision {draft.revision}). It never changes, and it is what
          moves from dev to staging to production.
        </Text>
        {unsaved && (
          <Alert color="yellow" title="You have unsaved changes" data-testid="cut-unsaved">
            Only what is saved goes into the version. Save the draft first if your changes belong in it.
          </Alert>
        )}
        {!draft.valid && (
          <Alert color="red" title="The draft has problems" data-testid="cut-invalid">
            Only a draft without problems can become a version. Fix them on the Draft tab and save it.
          </Alert>
        )}
        <Textarea
          label="What changed"
          description="For the reviewers: what this version does differently, in a sentence or two"
          placeholder="Route outages to the on-call queue"
          value={message}
          onChange={(event) => {
            setMessage(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? 'Say what changed, for the reviewers' : undefined}
          maxLength={MAX_MESSAGE}
          required
          autosize
          minRows={2}
          data-autofocus
        />
        {problems.length > 0 ? (
          <ProblemList problems={problems} title="The draft cannot become a version yet" testId="cut-problems" />
        ) : (
          cut.isError && (
            <Alert color="red" title="The version could not be cut" role="alert">
              {errorMessage(cut.error)}
            </Alert>
          )
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={cut.isPending} disabled={!draft.valid}>
            Cut version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Cuts a version of the saved draft, with a message saying what changed; says so when the draft is a version already. */
export function CutVersionModal({ opened, onClose, ...form }: CutVersionModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Cut a version" size="lg">
      {opened && <CutForm {...form} onClose={onClose} />}
    </Modal>
  );
}

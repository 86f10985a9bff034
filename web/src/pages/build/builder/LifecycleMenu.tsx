import { Button, Group, Loader, Menu, Modal, Text } from '@mantine/core';
import { IconChevronDown, IconGitCommit, IconSend, IconVersions } from '@tabler/icons-react';
import { useState } from 'react';
import type { DraftView } from '../../../api/types';
import { CutVersionModal } from '../lifecycle/CutVersionModal';
import { usePipeline, useVersions, type WorkflowRef } from '../lifecycle/queries';
import { SubmitReviewModal } from '../lifecycle/SubmitReviewModal';

/** The submit dialog once the pipeline and the versions are known: they are asked for only when it opens. */
function SubmitForReview({ workflow, onClose }: { workflow: WorkflowRef; onClose: () => void }) {
  const pipeline = usePipeline(workflow);
  const versions = useVersions(workflow);
  if (pipeline.isPending || versions.isPending) {
    return (
      <Modal opened onClose={onClose} title="Submit for review">
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm">Loading the versions…</Text>
        </Group>
      </Modal>
    );
  }
  if ((versions.data ?? []).length === 0 || pipeline.isError) {
    return (
      <Modal opened onClose={onClose} title="Submit for review">
        <Text size="sm" data-testid="submit-needs-version">
          {pipeline.isError
            ? 'The pipeline could not be loaded. Try again from the Pipeline tab.'
            : 'A review is about a version. Cut a version of the draft first, then submit it.'}
        </Text>
      </Modal>
    );
  }
  return <SubmitReviewModal start={{}} stages={pipeline.data?.stages ?? []} versions={versions.data ?? []} workflow={workflow} onClose={onClose} />;
}

/** The lifecycle from the builder: cut a version of the saved draft, or submit one for review. */
export function LifecycleMenu({ draft, unsaved }: { draft: DraftView; unsaved: boolean }) {
  const [cutting, setCutting] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const workflow = { slug: draft.workspace, name: draft.name };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" leftSection={<IconVersions size={16} />} rightSection={<IconChevronDown size={14} />}>
            Version
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconGitCommit size={16} />} onClick={() => setCutting(true)}>
            Cut a version…
          </Menu.Item>
          <Menu.Item leftSection={<IconSend size={16} />} onClick={() => setSubmitting(true)}>
            Submit for review…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <CutVersionModal opened={cutting} workflow={workflow} draft={draft} unsaved={unsaved} onClose={() => setCutting(false)} />
      {submitting && <SubmitForReview workflow={workflow} onClose={() => setSubmitting(false)} />}
    </>
  );
}

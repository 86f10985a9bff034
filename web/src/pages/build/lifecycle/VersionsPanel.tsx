import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconGitCommit, IconVersions } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { DraftView } from '../../../api/types';
import { EmptyState } from '../../../components/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { CompareView } from './CompareView';
import { CutVersionModal } from './CutVersionModal';
import { usePipeline, useVersions, type WorkflowRef } from './queries';
import { RestoreVersionModal } from './RestoreVersionModal';
import type { LifecycleRights, Side, VersionView } from './types';
import { VersionTable } from './VersionTable';

interface VersionsPanelProps {
  workflow: WorkflowRef;
  draft: DraftView;
  rights: LifecycleRights;
  unsaved: boolean;
  onRestored: (version: VersionView, draft: DraftView) => void;
}

/** What a version changed: from the one before it, or (the first) to the draft. */
function sidesFor(version: VersionView, versions: readonly VersionView[]): { from: Side; to: Side } {
  const before = versions.find((other) => other.number < version.number);
  return before ? { from: before.number, to: version.number } : { from: version.number, to: 'draft' };
}

/** The Versions tab: cut a version, the versions cut so far, and a comparison of any two of them or the draft. */
export function VersionsPanel({ workflow, draft, rights, unsaved, onRestored }: VersionsPanelProps) {
  const versions = useVersions(workflow);
  const pipeline = usePipeline(workflow);
  const [cutting, setCutting] = useState(false);
  const [restoring, setRestoring] = useState<VersionView | null>(null);
  const [chosen, setChosen] = useState<{ from: Side; to: Side } | null>(null);
  const compareRef = useRef<HTMLDivElement>(null);
  const list = versions.data ?? [];
  // By default the newest version against the draft: what would go into the next version.
  const sides = chosen ?? (list[0] ? { from: list[0].number, to: 'draft' as const } : null);

  const cutButton = rights.build && (
    <Button leftSection={<IconGitCommit size={18} />} onClick={() => setCutting(true)}>
      Cut a version
    </Button>
  );

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
        <Text size="sm" c="dimmed" maw={680}>
          A version is a snapshot of the saved draft that never changes. The same version moves from dev to staging to
          production, so what was tried is what goes live.
        </Text>
        {!versions.isPending && list.length > 0 && cutButton}
      </Group>
      <QueryState query={versions} errorTitle="The versions could not be loaded" loadingLabel="Loading the versions">
        {list.length === 0 ? (
          <EmptyState icon={IconVersions} title="No versions yet — cut one when the draft is ready" action={cutButton} testId="versions-empty">
            When the draft does what it should, cut a version of it with a message saying what changed. You can deploy a
            version to dev, try it there, and submit it for review to go further.
          </EmptyState>
        ) : (
          <Stack gap="xl">
            <Paper withBorder radius="md">
              <VersionTable
                versions={list}
                stages={pipeline.data?.stages ?? []}
                canRestore={rights.build}
                onCompare={(version) => {
                  setChosen(sidesFor(version, list));
                  compareRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
                }}
                onRestore={setRestoring}
              />
            </Paper>
            {sides !== null && (
              <div ref={compareRef}>
                <CompareView workflow={workflow} versions={list} from={sides.from} to={sides.to} onChange={setChosen} />
              </div>
            )}
          </Stack>
        )}
      </QueryState>
      <CutVersionModal opened={cutting} workflow={workflow} draft={draft} unsaved={unsaved} onClose={() => setCutting(false)} />
      <RestoreVersionModal
        version={restoring}
        workflow={workflow}
        draft={draft}
        unsaved={unsaved}
        onClose={() => setRestoring(null)}
        onRestored={(version, restored) => {
          setRestoring(null);
          onRestored(version, restored);
        }}
      />
    </>
  );
}

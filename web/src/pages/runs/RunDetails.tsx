import { Loader, Stack, Title } from '@mantine/core';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import type { RunView } from '../../api/types';
import { stepGraph } from './graph/layout';
import { useStepKinds } from './queries';
import { RunDocuments } from './RunDocuments';
import { RunHeader } from './RunHeader';
import { RunOutcome } from './RunOutcome';
import { RunProgress } from './RunProgress';
import { isFinalRun } from './status';
import { StepDrawer } from './StepDrawer';

/** The graph library is large: it loads with the first run page, not with the app. */
const StepGraph = lazy(() => import('./graph/StepGraph').then((module) => ({ default: module.StepGraph })));

/** A run as it goes: header, progress, outcome, the documents it wrote, and the graph of its steps with each one's details. */
export function RunDetails({ run, workspace }: { run: RunView; workspace: string }) {
  const kinds = useStepKinds();
  const [openId, setOpenId] = useState<string | null>(null);
  const graph = useMemo(() => stepGraph(run.definition, run.steps), [run]);
  const titleOf = useCallback(
    (uses: string) => kinds.data?.find((kind) => kind.name === uses)?.title ?? uses,
    [kinds.data],
  );
  const open = useCallback((id: string) => setOpenId(id), []);

  return (
    <>
      <RunHeader run={run} workspace={workspace} />
      <Stack gap="lg">
        <RunOutcome run={run} onOpenStep={open} />
        <RunDocuments run={run} onOpenStep={open} />
        <div>
          <Title order={2} size="h4" mb="sm">
            Steps
          </Title>
          <RunProgress steps={graph.steps} status={run.status} />
          <Suspense fallback={<Loader size="sm" aria-label="Loading the step graph" />}>
            <StepGraph graph={graph} titleOf={titleOf} onOpen={open} />
          </Suspense>
        </div>
      </Stack>
      <StepDrawer
        step={graph.steps.find((step) => step.id === openId) ?? null}
        titleOf={titleOf}
        runEnded={isFinalRun(run.status)}
        onClose={() => setOpenId(null)}
      />
    </>
  );
}

import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconSend } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { usePolicyDrift } from '../../../layout/drift/queries';
import { isNoticeOf } from '../../../layout/drift/words';
import { DeployModal } from './DeployModal';
import { DeploymentHistory } from './DeploymentHistory';
import { FreezeModal } from './FreezeModal';
import { appPath } from '../../apps/paths';
import { groupNamesOf, offered, publishedWords } from './interfaces';
import { useAudienceGroups, usePipeline, useVersions, type WorkflowRef } from './queries';
import { earlierVersions, RollbackModal } from './RollbackModal';
import { RunModal } from './RunModal';
import { StageCard, type StageAction } from './StageCard';
import { SubmitReviewModal, type SubmitStart } from './SubmitReviewModal';
import type { LifecycleRights, PipelineStage } from './types';
import { UnfreezeModal } from './UnfreezeModal';
import { inChainOrder, versionLabel } from './words';

/** The dialog open for an environment, if any (Submit has its own, since it can open without one). */
type Open = { action: Exclude<StageAction, 'submit'>; stage: PipelineStage } | null;

function Arrow() {
  return (
    <Box style={{ alignSelf: 'center' }} c="dimmed" aria-hidden>
      <IconArrowRight size={22} stroke={1.6} />
    </Box>
  );
}

/**
 * The Pipeline tab (and the /deployments page): an environment per card in chain order, what is live where, the actions
 * the person may take, and the history. Versions are read by builders and admins only: the others see the pipeline
 * without them (and need none, since they neither deploy, submit nor roll back).
 */
export function PipelinePanel({ workflow, rights }: { workflow: WorkflowRef; rights: LifecycleRights }) {
  const pipeline = usePipeline(workflow);
  const versions = useVersions(workflow, rights.build);
  const drift = usePolicyDrift();
  const [open, setOpen] = useState<Open>(null);
  const [submitting, setSubmitting] = useState<SubmitStart | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const stages = inChainOrder(pipeline.data?.stages ?? []);
  const history = pipeline.data?.history ?? [];
  const versionList = versions.data ?? [];
  const environments = stages.map((stage) => stage.environment);
  // Where it is published: the app's page serves it from the last environment it is published in.
  const publishedStages = stages.filter((stage) => offered(stage.live?.interfaces).length > 0);
  const servedFrom = publishedStages[publishedStages.length - 1]?.environment.slug ?? null;
  const groups = useAudienceGroups(publishedStages.length > 0);
  // The app's page of each environment it is published in: the last one is the page's default, the others are named.
  const appHrefOf = (stage: PipelineStage): string | null => {
    if (!publishedStages.includes(stage)) return null;
    const slug = stage.environment.slug;
    return appPath(workflow.slug, workflow.name, slug === servedFrom ? null : slug);
  };
  const groupNames = groupNamesOf(groups.data);
  const close = () => setOpen(null);
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
  };
  const act = (action: StageAction, stage: PipelineStage) => {
    setNotice(null);
    if (action === 'submit') setSubmitting({ environment: stage.environment.slug });
    else setOpen({ action, stage });
  };
  const query = {
    isError: pipeline.isError || (rights.build && versions.isError),
    isPending: pipeline.isPending || (rights.build && versions.isPending),
    error: pipeline.error ?? versions.error,
  };

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
        <Text size="sm" c="dimmed" maw={680}>
          Where each version is live. A version goes up the chain one environment at a time: builders deploy to dev
          themselves; beyond, a review decides.
        </Text>
        {rights.build && versionList.length > 0 && (
          <Button leftSection={<IconSend size={18} />} onClick={() => setSubmitting({})}>
            Submit for review…
          </Button>
        )}
      </Group>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          mb="md"
          role="status"
          data-testid="pipeline-notice"
        >
          {notice}
        </Alert>
      )}
      <QueryState query={query} errorTitle="The pipeline could not be loaded" loadingLabel="Loading the pipeline" rows={6}>
        <Stack gap="xl">
          {rights.build && versionList.length === 0 && (
            <Alert color="blue" title="No versions yet" data-testid="pipeline-no-versions">
              Only versions are deployed. Cut one on the Versions tab when the draft is ready.
            </Alert>
          )}
          <Box
            style={{
              display: 'grid',
              gridTemplateColumns: stages.map(() => 'minmax(0, 1fr)').join(' auto '),
              gap: 'var(--mantine-spacing-sm)',
            }}
            data-testid="pipeline-stages"
          >
            {stages.map((stage, index) => (
              <Fragment key={stage.environment.slug}>
                {index > 0 && <Arrow />}
                <StageCard
                  stage={stage}
                  environments={environments}
                  versions={versionList}
                  rights={rights}
                  canRollBack={earlierVersions(stage, history).length > 0}
                  drift={drift.data?.find((notice) => isNoticeOf(notice, workflow.slug, workflow.name, stage.environment.slug)) ?? null}
                  published={publishedWords(stage.live?.interfaces, groupNames)}
                  appHref={appHrefOf(stage)}
                  onAction={(action) => act(action, stage)}
                />
              </Fragment>
            ))}
          </Box>
          <DeploymentHistory history={history} environments={environments} />
        </Stack>
      </QueryState>
      <DeployModal
        stage={open?.action === 'deploy' ? open.stage : null}
        versions={versionList}
        workflow={workflow}
        onClose={close}
        onDeployed={(deployment, stage) => done(`${versionLabel(deployment.version)} is live in ${stage.environment.name}.`)}
      />
      <RunModal stage={open?.action === 'run' ? open.stage : null} workflow={workflow} readVersion={rights.build} onClose={close} />
      <RollbackModal
        stage={open?.action === 'rollback' ? open.stage : null}
        history={history}
        versions={versionList}
        rights={rights}
        workflow={workflow}
        onClose={close}
        onRolledBack={(deployment, stage) => done(`${stage.environment.name} is back on ${versionLabel(deployment.version)}.`)}
        onSubmitInstead={(version, stage) => {
          setOpen(null);
          setSubmitting({ version, environment: stage.environment.slug });
        }}
      />
      <FreezeModal
        stage={open?.action === 'freeze' ? open.stage : null}
        workflow={workflow}
        onClose={close}
        onFrozen={(_, stage) => done(`${stage.environment.name} is frozen: new runs there are refused until it is unfrozen.`)}
      />
      <UnfreezeModal
        stage={open?.action === 'unfreeze' ? open.stage : null}
        workflow={workflow}
        onClose={close}
        onUnfrozen={(_, stage) => done(`${stage.environment.name} is unfrozen: new runs are accepted again.`)}
      />
      <SubmitReviewModal start={submitting} stages={stages} versions={versionList} workflow={workflow} onClose={() => setSubmitting(null)} />
    </>
  );
}

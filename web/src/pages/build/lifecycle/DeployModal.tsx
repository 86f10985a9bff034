import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useLastValue } from '../../../components/useLastValue';
import { ActionError } from './ActionError';
import { useDeploy, type WorkflowRef } from './queries';
import type { DeploymentView, PipelineStage, VersionView } from './types';
import { versionLabel } from './words';
import { VersionSelect } from './VersionSelect';

interface DeployModalProps {
  /** Where to deploy; null when closed. */
  stage: PipelineStage | null;
  versions: readonly VersionView[];
  workflow: WorkflowRef;
  onClose: () => void;
  onDeployed: (deployment: DeploymentView, stage: PipelineStage) => void;
}

function DeployForm({ stage, versions, workflow, onClose, onDeployed }: Omit<DeployModalProps, 'stage'> & { stage: PipelineStage }) {
  const deploy = useDeploy(workflow);
  const live = stage.live?.version ?? null;
  // The newest version not live there already.
  const [version, setVersion] = useState<number | null>(versions.find((candidate) => candidate.number !== live)?.number ?? null);
  const { environment } = stage;
  const submit = () => {
    if (version === null) return;
    deploy.mutate({ version, environment: environment.slug }, { onSuccess: (deployment) => onDeployed(deployment, stage) });
  };
  return (
    <Stack gap="md" data-testid="deploy-modal">
      <Text size="sm">
        {live === null
          ? `Nothing is deployed in ${environment.name} yet.`
          : `${versionLabel(live)} is live in ${environment.name} now; the version you deploy replaces it.`}{' '}
        Builders deploy here without a review.
      </Text>
      <VersionSelect versions={versions} value={version} onChange={setVersion} note={(v) => (v.number === live ? 'live here now' : null)} />
      <ActionError error={deploy.error} title="The version could not be deployed" environment={environment.name} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button leftSection={<IconRocket size={16} />} loading={deploy.isPending} disabled={version === null || version === live} onClick={submit}>
          Deploy
        </Button>
      </Group>
    </Stack>
  );
}

/** Deploys a version directly to an environment whose rule lets builders do so (dev). */
export function DeployModal({ stage: current, ...rest }: DeployModalProps) {
  const stage = useLastValue(current);
  return (
    <Modal opened={current !== null} onClose={rest.onClose} title={stage ? `Deploy to ${stage.environment.name}` : ''} size="lg">
      {current !== null && <DeployForm stage={current} {...rest} />}
    </Modal>
  );
}

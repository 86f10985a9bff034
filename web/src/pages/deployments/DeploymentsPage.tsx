import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconCode } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { workspaceName } from '../../layout/roles';
import { PipelinePanel } from '../build/lifecycle/PipelinePanel';
import { lifecycleRights } from '../build/lifecycle/words';
import { Page } from '../Page';
import { buildPipelinePath } from './paths';

/**
 * /deployments/:workspace/:name: a workflow's pipeline outside Build, for approvers, operators and auditors as well as
 * builders. The actions follow the person's rights in the workspace (operators run and freeze; builders deploy and
 * submit); whether the pipeline may be seen at all is the server's call.
 */
export function DeploymentsPage() {
  const user = useCurrentUser();
  const { workspace = '', name = '' } = useParams();
  const rights = lifecycleRights(user, workspace);
  return (
    <Page>
      <Stack gap={4} mb="lg">
        <Title order={1} size="h2">
          {name}
        </Title>
        <Group gap="md">
          <Text size="sm" c="dimmed" data-testid="deployments-workspace">
            Pipeline in {workspaceName(user, workspace)}
          </Text>
          {rights.build && (
            <Anchor component={Link} to={buildPipelinePath(workspace, name)} size="sm">
              <Group gap={4}>
                <IconCode size={14} />
                Open in Build
              </Group>
            </Anchor>
          )}
        </Group>
      </Stack>
      <PipelinePanel key={`${workspace}/${name}`} workflow={{ slug: workspace, name }} rights={rights} />
    </Page>
  );
}

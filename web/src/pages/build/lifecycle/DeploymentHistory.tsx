import { Anchor, Badge, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { localTime, utcTime } from '../../audit/format';
import type { DeploymentKind, DeploymentView, EnvironmentView } from './types';
import { howWords, versionLabel } from './words';

const HOW_COLORS: Readonly<Record<DeploymentKind, string>> = {
  direct: 'blue',
  review: 'green',
  rollback: 'orange',
  emergency_rollback: 'red',
};

function When({ at }: { at: string }) {
  return (
    <Tooltip label={utcTime(at)} openDelay={300}>
      <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
        {localTime(at)}
      </Text>
    </Tooltip>
  );
}

/** Every deployment of the workflow, newest first: where, which version, how, by whom, and until when. */
export function DeploymentHistory({ history, environments }: { history: readonly DeploymentView[]; environments: readonly EnvironmentView[] }) {
  const names = new Map(environments.map((environment) => [environment.slug, environment.name]));
  return (
    <Paper withBorder radius="md" p="lg" data-testid="deployment-history">
      <Title order={2} size="h4" mb="sm">
        Deployment history
      </Title>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="deployment-history-empty">
          Nothing has been deployed yet. Deploy a version to dev to try it with the connections bound there.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Environment</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Deployed</Table.Th>
                <Table.Th>Until</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.map((deployment) => (
                <Table.Tr key={`${deployment.environment}-${deployment.deployed_at}-${deployment.version}`} data-testid="deployment-row">
                  <Table.Td>
                    <Text size="sm">{names.get(deployment.environment) ?? deployment.environment}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {versionLabel(deployment.version)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={HOW_COLORS[deployment.how]} tt="none">
                      {howWords(deployment.how)}
                    </Badge>
                    {deployment.review && (
                      <Anchor component={Link} to={`/review/${encodeURIComponent(deployment.review)}`} size="xs" ml={6}>
                        review
                      </Anchor>
                    )}
                    {deployment.reason && (
                      <Text size="xs" c="dimmed" mt={2} maw={320} data-testid="deployment-reason">
                        Why: {deployment.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{deployment.deployed_by ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <When at={deployment.deployed_at} />
                  </Table.Td>
                  <Table.Td>
                    {deployment.ended_at ? (
                      <When at={deployment.ended_at} />
                    ) : (
                      <Badge size="sm" variant="light" color={deployment.frozen ? 'red' : 'green'}>
                        {deployment.frozen ? 'Live, frozen' : 'Live now'}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

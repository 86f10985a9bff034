import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { RunSummary } from '../../api/types';
import { localTime, utcTime } from '../audit/format';
import { elapsed, formatDuration } from './format';
import { OriginBadge } from './OriginBadge';
import { StatusBadge } from './StatusBadge';

/** Runs newest first; each row opens its run. */
export function RunTable({ runs }: { runs: readonly RunSummary[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workflow</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started through</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Duration</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const took = run.finished_at ? elapsed(run.created_at, run.finished_at) : null;
            return (
              <Table.Tr
                key={run.id}
                data-testid={`run-row-${run.id}`}
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/runs/${run.id}`)}
              >
                <Table.Td>
                  <Anchor component={Link} to={`/runs/${run.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                    {run.workflow}
                  </Anchor>
                  {run.error && (
                    <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                      {run.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={run.status} />
                </Table.Td>
                <Table.Td>
                  <OriginBadge run={run} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Tooltip label={utcTime(run.created_at)} openDelay={300}>
                    <Text size="sm" component="span">
                      {localTime(run.created_at)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={took === null ? 'dimmed' : undefined}>
                    {took === null ? 'Still going' : formatDuration(took)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

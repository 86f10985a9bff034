import { Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconGitCompare, IconRestore } from '@tabler/icons-react';
import { localTime, utcTime } from '../../audit/format';
import type { PipelineStage, VersionView } from './types';
import { versionLabel } from './words';

interface VersionTableProps {
  versions: readonly VersionView[];
  /** Where versions are live, to show beside them; empty while unknown. */
  stages: readonly PipelineStage[];
  /** Whether Restore as draft is offered. */
  canRestore: boolean;
  onCompare: (version: VersionView) => void;
  onRestore: (version: VersionView) => void;
}

function Editors({ editors }: { editors: readonly string[] }) {
  if (editors.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Tooltip label="They saved the draft since the version before, so none of them may approve this version" multiline w={260} openDelay={300}>
      <Text size="sm" data-testid="version-editors">
        {editors.join(', ')}
      </Text>
    </Tooltip>
  );
}

/** The workflow's versions, newest first, each with where it is live, who made it, and what can be done with it. */
export function VersionTable({ versions, stages, canRestore, onCompare, onRestore }: VersionTableProps) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" data-testid="versions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>What changed</Table.Th>
            <Table.Th>Cut</Table.Th>
            <Table.Th>Editors</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((version) => {
            const live = stages.filter((stage) => stage.live?.version === version.number);
            return (
              <Table.Tr key={version.number} data-testid={`version-row-${version.number}`}>
                <Table.Td>
                  <Tooltip label={`Content digest ${version.digest}`} openDelay={300}>
                    <Text size="sm" fw={600} component="span">
                      {versionLabel(version.number)}
                    </Text>
                  </Tooltip>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    from draft revision {version.draft_revision}
                  </Text>
                </Table.Td>
                <Table.Td maw={360}>
                  <Text size="sm" lineClamp={3}>
                    {version.message}
                  </Text>
                  {live.length > 0 && (
                    <Group gap={4} mt={4}>
                      {live.map((stage) => (
                        <Badge key={stage.environment.slug} size="sm" variant="light" color="green" data-testid="version-live">
                          Live in {stage.environment.name}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <Tooltip label={utcTime(version.created_at)} openDelay={300}>
                    <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
                      {localTime(version.created_at)}
                    </Text>
                  </Tooltip>
                  {version.created_by && (
                    <Text size="xs" c="dimmed">
                      by {version.created_by}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={220}>
                  <Editors editors={version.editors} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <Button size="xs" variant="default" leftSection={<IconGitCompare size={14} />} onClick={() => onCompare(version)}>
                      Compare
                    </Button>
                    {canRestore && (
                      <Button size="xs" variant="default" leftSection={<IconRestore size={14} />} onClick={() => onRestore(version)}>
                        Restore as draft
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

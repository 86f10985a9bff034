import { Anchor, Group, Table, Text, Tooltip } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { DraftView } from '../../api/types';
import { localTime, utcTime } from '../audit/format';
import { DraftStatusBadge, PolicyBadge } from './DraftStatusBadge';

/** "Revision 2, by builder@demo.local"; without who when that is not known. */
export function savedBy(draft: Pick<DraftView, 'revision' | 'updated_by'>): string {
  return draft.updated_by ? `Revision ${draft.revision}, by ${draft.updated_by}` : `Revision ${draft.revision}`;
}

/** Where a draft opens. */
export function draftPath(draft: Pick<DraftView, 'workspace' | 'name'>): string {
  return `/build/${encodeURIComponent(draft.workspace)}/${encodeURIComponent(draft.name)}`;
}

/** A workspace's workflows, each row opening its draft. */
export function DraftTable({ drafts }: { drafts: readonly DraftView[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="drafts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workflow</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last saved</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {drafts.map((draft) => (
            <Table.Tr
              key={draft.name}
              data-testid={`draft-row-${draft.name}`}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(draftPath(draft))}
            >
              <Table.Td>
                <Anchor component={Link} to={draftPath(draft)} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                  {draft.name}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={2} maw={480}>
                  {draft.description || 'No description'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <DraftStatusBadge draft={draft} />
                  <PolicyBadge draft={draft} />
                </Group>
              </Table.Td>
              <Table.Td>
                <Tooltip label={utcTime(draft.updated_at)} openDelay={300}>
                  <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
                    {localTime(draft.updated_at)}
                  </Text>
                </Tooltip>
                <Text size="xs" c="dimmed">
                  {savedBy(draft)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

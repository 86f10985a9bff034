import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { AuditEvent } from '../../api/types';
import { ACTOR_KIND_LABELS, actionLabel } from './actions';
import { localTime, utcTime } from './format';
import { OutcomeBadge } from './OutcomeBadge';

export function ActorCell({ actor }: { actor: AuditEvent['actor'] }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" truncate>
        {actor.label ?? actor.id ?? '—'}
      </Text>
      {actor.kind !== 'user' && (
        <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
          {ACTOR_KIND_LABELS[actor.kind]}
        </Badge>
      )}
    </Group>
  );
}

function targetText(target: AuditEvent['target']): string {
  if (!target) return '—';
  return target.label ?? target.id ?? target.kind;
}

interface EventTableProps {
  events: readonly AuditEvent[];
  onOpen: (event: AuditEvent) => void;
}

export function EventTable({ events, onOpen }: EventTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Workspace</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr
              key={event.seq}
              data-testid={`audit-row-${event.seq}`}
              tabIndex={0}
              aria-label={`Event ${event.seq}: ${actionLabel(event.action, event.outcome)}, open details`}
              style={{ cursor: 'pointer' }}
              onClick={() => onOpen(event)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onOpen(event);
                }
              }}
            >
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Tooltip label={utcTime(event.occurred_at)} openDelay={300}>
                  <Text size="sm" component="span">
                    {localTime(event.occurred_at)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td maw={240}>
                <ActorCell actor={event.actor} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500} title={event.action}>
                  {actionLabel(event.action, event.outcome)}
                </Text>
              </Table.Td>
              <Table.Td maw={220}>
                <Text size="sm" truncate>
                  {targetText(event.target)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={event.workspace ? undefined : 'dimmed'}>
                  {event.workspace ?? 'Organisation'}
                </Text>
              </Table.Td>
              <Table.Td>
                <OutcomeBadge outcome={event.outcome} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

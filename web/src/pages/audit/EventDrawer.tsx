import { ActionIcon, Code, CopyButton, DataList, Divider, Drawer, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { AuditEvent } from '../../api/types';
import { ACTOR_KIND_LABELS, actionLabel } from './actions';
import { localTime, shortHash, utcTime } from './format';
import { OutcomeBadge } from './OutcomeBadge';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h6" c="dimmed" tt="uppercase">
        {title}
      </Title>
      <DataList size="sm" labelWidth={130} gap="xs">
        {children}
      </DataList>
    </Stack>
  );
}

const none = (
  <Text span size="sm" c="dimmed">
    Not recorded
  </Text>
);
const orNone = (value: string | null | undefined) => (value ? value : none);

function Hash({ value }: { value: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text span ff="monospace" size="sm" title={value}>
        {shortHash(value)}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'}>
            <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} size="sm" onClick={copy} aria-label="Copy hash">
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function humanKey(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Summary({ summary }: { summary: unknown }) {
  const entries = typeof summary === 'object' && summary !== null && !Array.isArray(summary) ? Object.entries(summary) : [];
  return (
    <Stack gap="xs">
      <Title order={3} size="h6" c="dimmed" tt="uppercase">
        Details
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No further details were recorded.
        </Text>
      ) : (
        <DataList size="sm" labelWidth={130} gap="xs" data-testid="audit-summary">
          {entries.map(([key, value]) => (
            <Item key={key} label={humanKey(key)}>
              {display(value)}
            </Item>
          ))}
        </DataList>
      )}
      <Code block>{JSON.stringify(summary, null, 2)}</Code>
    </Stack>
  );
}

export function EventDrawer({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  return (
    <Drawer
      opened={event !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={event ? <Text fw={650}>{`Event ${event.seq}: ${actionLabel(event.action, event.outcome)}`}</Text> : null}
    >
      {event && (
        <Stack gap="lg" data-testid="audit-drawer">
          <Section title="What">
            <Item label="Action">
              {actionLabel(event.action, event.outcome)}{' '}
              <Code>{event.action}</Code>
            </Item>
            <Item label="Outcome">
              <OutcomeBadge outcome={event.outcome} />
            </Item>
            <Item label="When">
              {localTime(event.occurred_at)}
              <Text size="xs" c="dimmed">
                {utcTime(event.occurred_at)}
              </Text>
            </Item>
            <Item label="Workspace">{event.workspace ?? 'Organisation-wide'}</Item>
          </Section>
          <Section title="Who">
            <Item label="Actor">{orNone(event.actor.label)}</Item>
            <Item label="Kind">{ACTOR_KIND_LABELS[event.actor.kind]}</Item>
            <Item label="Actor ID">{orNone(event.actor.id)}</Item>
          </Section>
          <Section title="Target">
            {event.target ? (
              <>
                <Item label="Name">{orNone(event.target.label)}</Item>
                <Item label="Kind">{event.target.kind}</Item>
                <Item label="ID">{orNone(event.target.id)}</Item>
              </>
            ) : (
              <Item label="Target">None</Item>
            )}
          </Section>
          <Section title="Where from">
            <Item label="Address">{orNone(event.client.address)}</Item>
            <Item label="Browser or app">{orNone(event.client.user_agent)}</Item>
            <Item label="Request ID">{orNone(event.client.request_id)}</Item>
          </Section>
          <Summary summary={event.summary} />
          <Divider />
          <Section title="Chain">
            <Item label="Position">{event.seq}</Item>
            <Item label="Hash">
              <Hash value={event.hash} />
            </Item>
            <Item label="Previous hash">
              <Hash value={event.prev_hash} />
            </Item>
          </Section>
        </Stack>
      )}
    </Drawer>
  );
}

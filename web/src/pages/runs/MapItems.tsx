import { Accordion, Group, Text } from '@mantine/core';
import type { StepView } from '../../api/types';
import { StatusBadge } from './StatusBadge';
import { StepRecordDetails } from './StepRecordDetails';

/** `review[2].line` → "Item 3 · line". */
function itemLabel(mapId: string, key: string): string {
  const match = /^\[(\d+)\]\.(.*)$/.exec(key.slice(mapId.length));
  return match ? `Item ${Number(match[1]) + 1} · ${match[2]}` : key;
}

/** A map's records per item, each opened for its details. */
export function MapItems({ mapId, records }: { mapId: string; records: readonly StepView[] }) {
  if (records.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No item has started yet.
      </Text>
    );
  }
  return (
    <Accordion variant="separated" data-testid="map-items">
      {records.map((record) => (
        <Accordion.Item key={record.key} value={record.key}>
          <Accordion.Control>
            <Group justify="space-between" wrap="nowrap" pr="sm">
              <Text size="sm" fw={500}>
                {itemLabel(mapId, record.key)}
              </Text>
              <StatusBadge kind="step" status={record.status} />
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <StepRecordDetails record={record} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

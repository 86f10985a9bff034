import { Button, Group, Input, SegmentedControl, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconDownload, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { ACTION_OPTIONS } from './actions';
import { exportHref, type AuditFilters } from './filters';

interface EventFiltersProps {
  filters: AuditFilters;
  onChange: (change: Partial<AuditFilters>) => void;
}

const OUTCOME_OPTIONS = [
  { value: '', label: 'All' },
  { value: 'success', label: 'Success' },
  { value: 'failure', label: 'Failure' },
  { value: 'denied', label: 'Denied' },
];

export function EventFilters({ filters, onChange }: EventFiltersProps) {
  const [actor, setActor] = useState(filters.actor);
  const [shownActor, setShownActor] = useState(filters.actor);
  // Follow the URL when it changes from outside (back button, "Clear filters").
  if (filters.actor !== shownActor) {
    setShownActor(filters.actor);
    setActor(filters.actor);
  }
  const commitActor = useDebouncedCallback((value: string) => onChange({ actor: value.trim() }), 400);

  // Known actions, plus whatever the URL asks for so that a shared link still shows its filter.
  const actions =
    filters.action && !ACTION_OPTIONS.some((o) => o.value === filters.action)
      ? [...ACTION_OPTIONS, { value: filters.action, label: filters.action }]
      : ACTION_OPTIONS;
  const rangeError = filters.since && filters.until && filters.until < filters.since ? 'Before the start date' : undefined;

  return (
    <Stack gap="sm" mb="md" data-testid="audit-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Actor"
          placeholder="E-mail address"
          leftSection={<IconSearch size={16} />}
          value={actor}
          onChange={(event) => {
            setActor(event.currentTarget.value);
            commitActor(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ actor: actor.trim() });
          }}
          w={220}
        />
        <Select
          label="Action"
          placeholder="Any action"
          data={actions}
          value={filters.action || null}
          onChange={(value) => onChange({ action: value ?? '' })}
          clearable
          searchable
          w={200}
        />
        <TextInput
          label="From"
          type="date"
          value={filters.since}
          onChange={(event) => onChange({ since: event.currentTarget.value })}
          w={160}
        />
        <TextInput
          label="To"
          type="date"
          value={filters.until}
          onChange={(event) => onChange({ until: event.currentTarget.value })}
          error={rangeError}
          w={160}
        />
      </Group>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Input.Wrapper label="Outcome" id="audit-outcome" labelElement="div">
          <div>
            <SegmentedControl
              aria-labelledby="audit-outcome-label"
              data={OUTCOME_OPTIONS}
              value={filters.outcome}
              onChange={(value) => onChange({ outcome: value as AuditFilters['outcome'] })}
              size="sm"
            />
          </div>
        </Input.Wrapper>
        <Tooltip label="Download the events of the chosen dates as JSON lines, with their chain hashes" multiline w={260}>
          <Button
            component="a"
            href={exportHref(filters)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
            data-testid="audit-export"
          >
            Export
          </Button>
        </Tooltip>
      </Group>
    </Stack>
  );
}

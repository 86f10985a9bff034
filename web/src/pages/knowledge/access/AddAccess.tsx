import { Alert, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { EnvironmentView, WorkspaceSummary } from '../../../api/types';
import type { DraftEntry } from './draft';
import type { GroupOptions } from './useGroupOptions';

const EVERY = '*';

interface AddWorkspaceProps {
  workspaces: readonly WorkspaceSummary[];
  environments: readonly EnvironmentView[] | undefined;
  /** Whether the person sees every workspace (an administrator), or only their own. */
  everyWorkspace: boolean;
  onAdd: (entry: DraftEntry) => void;
}

/** Adds a workspace whose workflows may retrieve from the knowledge base, in every environment or in one. */
export function AddWorkspace({ workspaces, environments, everyWorkspace, onAdd }: AddWorkspaceProps) {
  const [workspace, setWorkspace] = useState<string | null>(null);
  const [environment, setEnvironment] = useState<string>(EVERY);
  const add = () => {
    const chosen = workspaces.find((w) => w.slug === workspace);
    if (chosen === undefined) return;
    onAdd({ kind: 'workspace', id: chosen.slug, name: chosen.name, environment: environment === EVERY ? null : environment });
    setWorkspace(null);
    setEnvironment(EVERY);
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="add-workspace">
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={600}>
            Add a workspace
          </Text>
          <Text size="xs" c="dimmed">
            Its workflows may then retrieve passages from this knowledge base when they run, in the environments you choose.
          </Text>
        </div>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Workspace"
            placeholder="Choose a workspace"
            data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
            value={workspace}
            onChange={setWorkspace}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Environment"
            data={[
              { value: EVERY, label: 'Every environment' },
              ...(environments ?? []).map((e) => ({ value: e.slug, label: `Only ${e.name}` })),
            ]}
            value={environment}
            onChange={(value) => setEnvironment(value ?? EVERY)}
            allowDeselect={false}
            w={220}
            comboboxProps={{ withinPortal: true }}
          />
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add} disabled={workspace === null}>
            Add workspace
          </Button>
        </Group>
        {!everyWorkspace && (
          <Text size="xs" c="dimmed">
            You can add the workspaces you work in. To share it with another workspace, ask an administrator.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

interface AddGroupProps {
  options: GroupOptions;
  onAdd: (entry: DraftEntry) => void;
}

/** Adds a group whose members may search the knowledge base themselves. */
export function AddGroup({ options, onAdd }: AddGroupProps) {
  const [group, setGroup] = useState<string | null>(null);
  const groups = options.groups;
  const add = () => {
    const chosen = groups?.find((g) => g.id === group);
    if (chosen === undefined) return;
    onAdd({ kind: 'group', id: chosen.id, name: chosen.name });
    setGroup(null);
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="add-group">
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={600}>
            Add a group
          </Text>
          <Text size="xs" c="dimmed">
            Its members may then search this knowledge base themselves, here in Knowledge, and read where each passage comes from.
          </Text>
        </div>
        {groups === null && !options.pending ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle />} role="note" data-testid="groups-unavailable">
            Only administrators can see the organisation’s groups, so you cannot add one here. Groups already on the list
            are shown above, and you can remove them. To share this knowledge base with a group, ask an administrator: they
            can add it on this page.
          </Alert>
        ) : (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label="Group"
              placeholder={options.pending ? 'Loading groups…' : 'Choose a group'}
              data={(groups ?? []).map((g) => ({ value: g.id, label: g.name }))}
              renderOption={({ option }) => {
                const described = groups?.find((g) => g.id === option.value);
                return (
                  <Stack gap={0}>
                    <Text size="sm">{option.label}</Text>
                    {described?.description ? (
                      <Text size="xs" c="dimmed">
                        {described.description}
                      </Text>
                    ) : null}
                  </Stack>
                );
              }}
              value={group}
              onChange={setGroup}
              disabled={options.pending}
              nothingFoundMessage="No group by that name"
              searchable
              w={300}
              comboboxProps={{ withinPortal: true }}
            />
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add} disabled={group === null}>
              Add group
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

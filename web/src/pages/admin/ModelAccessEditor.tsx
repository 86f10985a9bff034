import { MultiSelect, NumberInput, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import type { WorkspaceView } from '../../api/types';

/** One workspace's line: allowed to use the model (when it is not for all), with its own budget or none. */
export interface AccessLine {
  workspace: string;
  /** Its own monthly token budget; '' for the model's. */
  budget: number | string;
}

export interface Access {
  allWorkspaces: boolean;
  /** Tokens a month each workspace may use; '' for no limit. */
  budget: number | string;
  lines: AccessLine[];
}

interface ModelAccessEditorProps {
  value: Access;
  onChange: (change: Partial<Access>) => void;
  workspaces: readonly WorkspaceView[];
  errors: { workspaces?: string; monthly_token_budget?: string };
}

/** Who may use the model and how many tokens a month: all workspaces or the ones picked, a budget, and budgets of their own. */
export function ModelAccessEditor({ value, onChange, workspaces, errors }: ModelAccessEditorProps) {
  const names = new Map(workspaces.map((w) => [w.slug, w.name]));
  // A line naming a workspace that is gone still shows, so that it can be taken out.
  const data = [
    ...workspaces.map((w) => ({ value: w.slug, label: w.name })),
    ...value.lines.filter((l) => !names.has(l.workspace)).map((l) => ({ value: l.workspace, label: l.workspace })),
  ];
  const picked = value.lines.map((l) => l.workspace);
  const pick = (slugs: string[]) =>
    onChange({ lines: slugs.map((workspace) => value.lines.find((l) => l.workspace === workspace) ?? { workspace, budget: '' }) });
  const defaultBudget = typeof value.budget === 'number' ? `${value.budget.toLocaleString('en-US')} (the default)` : 'No limit';

  return (
    <Stack gap="md">
      <Switch
        label="All workspaces"
        description="Every workspace may use it, including those created later. Switch off to choose."
        checked={value.allWorkspaces}
        onChange={(event) => onChange({ allWorkspaces: event.currentTarget.checked })}
      />
      {!value.allWorkspaces && (
        <MultiSelect
          label="Workspaces that may use it"
          description="Workflows in other workspaces cannot call it."
          placeholder={picked.length === 0 ? 'Choose workspaces' : undefined}
          data={data}
          value={picked}
          onChange={pick}
          searchable
          nothingFoundMessage="No such workspace"
          error={errors.workspaces}
          data-testid="model-workspaces"
        />
      )}
      <NumberInput
        label="Monthly token budget per workspace"
        description="Input and output tokens together, counted per calendar month. Calls that would go over it fail. Leave it empty for no limit."
        placeholder="No limit"
        min={1}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=","
        suffix=" tokens"
        value={value.budget}
        onChange={(budget) => onChange({ budget })}
        error={errors.monthly_token_budget}
      />
      {value.allWorkspaces && (
        <MultiSelect
          label="Workspaces with a budget of their own"
          description="Optional: give some workspaces a different monthly budget."
          placeholder={picked.length === 0 ? 'None' : undefined}
          data={data}
          value={picked}
          onChange={pick}
          searchable
          nothingFoundMessage="No such workspace"
          error={errors.workspaces}
          data-testid="model-workspaces"
        />
      )}
      {value.lines.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing={6} data-testid="model-workspace-budgets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workspace</Table.Th>
                <Table.Th w={240}>Its own monthly budget</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.lines.map((line) => {
                const name = names.get(line.workspace) ?? line.workspace;
                return (
                  <Table.Tr key={line.workspace}>
                    <Table.Td>
                      <Text size="sm">{name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Monthly budget of ${name}`}
                        placeholder={defaultBudget}
                        size="xs"
                        min={1}
                        allowDecimal={false}
                        allowNegative={false}
                        thousandSeparator=","
                        value={line.budget}
                        onChange={(budget) =>
                          onChange({ lines: value.lines.map((l) => (l.workspace === line.workspace ? { ...l, budget } : l)) })
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconDotsVertical, IconPencil, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import type { ModelView } from '../../api/types';
import { clearanceLabel, clearanceSentence, LEVEL_INFO, parseClearance } from './clearance';
import { useLabelWords } from './labelQueries';
import { ModelUsage } from './ModelUsage';
import { modelStatus, priceText, PROVIDERS, setupHint, STATUS_LABELS } from './models';

function Access({ model, workspaceNames }: { model: ModelView; workspaceNames: ReadonlyMap<string, string> }) {
  if (model.all_workspaces) return <Text size="sm">All workspaces</Text>;
  if (model.workspaces.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No workspace yet
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {model.workspaces.map((line) => (
        <Text key={line.workspace} size="sm">
          {workspaceNames.get(line.workspace) ?? line.workspace}
        </Text>
      ))}
    </Stack>
  );
}

function Prices({ model }: { model: ModelView }) {
  if (model.input_price_per_million === 0 && model.output_price_per_million === 0) {
    return (
      <Text size="sm" c="dimmed">
        No charge
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm">{`${priceText(model.input_price_per_million)} in`}</Text>
      <Text size="sm">{`${priceText(model.output_price_per_million)} out`}</Text>
      <Text size="xs" c="dimmed">
        per million tokens
      </Text>
    </Stack>
  );
}

/** The most sensitive data the model may receive: a badge in words, and the clearance as written. */
function Clearance({ model }: { model: ModelView }) {
  const { words } = useLabelWords();
  const parts = parseClearance(model.clearance);
  const color = parts === null ? 'gray' : LEVEL_INFO[parts.level].color;
  return (
    <Stack gap={4} align="flex-start" data-testid={`model-clearance-${model.name}`}>
      <Tooltip
        label={parts === null ? model.clearance : clearanceSentence(parts, words)}
        multiline
        w={260}
        withArrow
        openDelay={300}
      >
        <Badge
          variant="light"
          color={color}
          tt="none"
          fw={600}
          h="auto"
          py={3}
          styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}
          data-testid={`model-clearance-badge-${model.name}`}
        >
          {clearanceLabel(model.clearance, words)}
        </Badge>
      </Tooltip>
      <Text size="xs" ff="monospace" c="dimmed">
        {model.clearance}
      </Text>
    </Stack>
  );
}

function StatusBadge({ model }: { model: ModelView }) {
  const status = modelStatus(model);
  const { label, color } = STATUS_LABELS[status];
  return (
    <Badge
      variant="dot"
      color={color}
      tt="none"
      fw={500}
      style={{ flexShrink: 0, overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
      data-status={status}
      data-testid={`model-status-${model.name}`}
    >
      {label}
    </Badge>
  );
}

/** What is missing before the model can serve runs, if anything. */
function SetupHint({ model }: { model: ModelView }) {
  const hint = setupHint(model);
  if (hint === null) return null;
  return (
    <Group gap={4} wrap="nowrap" title={hint.detail} data-testid={`model-hint-${model.name}`}>
      <IconAlertTriangle size={14} stroke={1.6} color="var(--mantine-color-orange-7)" style={{ flexShrink: 0 }} />
      <Text size="xs" c="orange.8">
        {hint.text}
      </Text>
    </Group>
  );
}

interface ModelTableProps {
  models: readonly ModelView[];
  workspaceNames: ReadonlyMap<string, string>;
  /** The model being tested, whose Test button spins. */
  testing: string | null;
  onEdit: (model: ModelView) => void;
  onTest: (model: ModelView) => void;
  onDelete: (model: ModelView) => void;
}

/** The model registry: how each model is reached, whether it is ready, who may use it, its prices and this month's use. */
export function ModelTable({ models, workspaceNames, testing, onEdit, onTest, onDelete }: ModelTableProps) {
  return (
    <Table.ScrollContainer minWidth={1080} type="native">
      <Table verticalSpacing="sm" data-testid="models-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={200}>Model</Table.Th>
            <Table.Th miw={150}>Provider</Table.Th>
            <Table.Th w={120}>Access</Table.Th>
            <Table.Th w={150}>
              <Tooltip label="Its clearance: the most sensitive data workflows may send it" withArrow openDelay={300}>
                <span>Data it may receive</span>
              </Tooltip>
            </Table.Th>
            <Table.Th w={110}>Price</Table.Th>
            <Table.Th w={180}>This month</Table.Th>
            <Table.Th w={100}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.map((model) => {
            const provider = PROVIDERS[model.provider];
            return (
              <Table.Tr key={model.id} data-testid={`model-row-${model.name}`} style={{ verticalAlign: 'top' }}>
                <Table.Td>
                  <Stack gap={4}>
                    <Group gap="xs" wrap="wrap">
                      <UnstyledButton onClick={() => onEdit(model)} aria-label={`Edit model ${model.name}`}>
                        <Text size="sm" fw={600} c={model.enabled ? undefined : 'dimmed'}>
                          {model.name}
                        </Text>
                      </UnstyledButton>
                      <StatusBadge model={model} />
                    </Group>
                    {model.description && (
                      <Text size="xs" c="dimmed" lineClamp={2} title={model.description}>
                        {model.description}
                      </Text>
                    )}
                    <SetupHint model={model} />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Text size="sm" c={provider.remote ? undefined : 'orange.8'} fw={provider.remote ? undefined : 500}>
                      {provider.label}
                    </Text>
                    {model.model_id && (
                      <Text size="xs" ff="monospace" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid={`model-id-${model.name}`}>
                        {model.model_id}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td data-testid={`model-access-${model.name}`}>
                  <Access model={model} workspaceNames={workspaceNames} />
                </Table.Td>
                <Table.Td>
                  <Clearance model={model} />
                </Table.Td>
                <Table.Td>
                  <Prices model={model} />
                </Table.Td>
                <Table.Td>
                  <ModelUsage model={model} workspaceNames={workspaceNames} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label="Send it a short question and see its answer" withArrow openDelay={400}>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconPlayerPlay size={14} stroke={1.8} />}
                        loading={testing === model.name}
                        onClick={() => onTest(model)}
                        aria-label={`Test ${model.name}`}
                      >
                        Test
                      </Button>
                    </Tooltip>
                    <Menu position="bottom-end" shadow="md" withinPortal width={180}>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${model.name}`}>
                          <IconDotsVertical size={18} stroke={1.6} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={16} stroke={1.6} />} onClick={() => onEdit(model)}>
                          Edit
                        </Menu.Item>
                        <Menu.Item color="red" leftSection={<IconTrash size={16} stroke={1.6} />} onClick={() => onDelete(model)}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
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

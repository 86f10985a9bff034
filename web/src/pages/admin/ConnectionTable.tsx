import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconDotsVertical, IconPencil, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import type { ChatService, ConnectionView, SqlEngine, TicketSystem } from '../../api/types';
import { clearanceLabel, clearanceSentence, labelSentence, labelText, LEVEL_INFO, parseClearance } from './clearance';
import { useLabelWords } from './labelQueries';
import { ENGINES, environmentName, FILE_STORES, KINDS, prefixOf, SERVICES, SYSTEMS } from './connections';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function hostOf(address: unknown): string | null {
  try {
    return new URL(text(address)).host || null;
  } catch {
    return null;
  }
}

/** What the connection is, in short: its kind, with the database, chat service or ticketing system in brackets. */
function kindOf(connection: ConnectionView): string {
  const kind = KINDS[connection.kind]?.short ?? connection.kind;
  const { settings } = connection;
  const which =
    connection.kind === 'sql'
      ? ENGINES[settings.engine as SqlEngine]?.short
      : connection.kind === 'webhook'
        ? SERVICES[settings.service as ChatService]?.label
        : connection.kind === 'ticketing'
          ? SYSTEMS[settings.system as TicketSystem]?.label
          : connection.kind === 'files' && settings.store === 's3'
            ? FILE_STORES.s3.short
            : undefined;
  return which === undefined ? kind : `${kind} (${which})`;
}

/** Where the connection points, in short: the API's host, the mail or database server and port, the database file, or the folder. */
function addressOf(connection: ConnectionView): string | null {
  const settings = connection.settings;
  switch (connection.kind) {
    case 'smtp':
      return text(settings.host) !== '' ? `${text(settings.host)}:${String(settings.port ?? '')}` : null;
    case 'sql': {
      if (settings.engine === 'sqlite') return text(settings.path).split('/').pop() || null;
      const port = settings.port ?? ENGINES[settings.engine as SqlEngine]?.port ?? '';
      return text(settings.host) !== '' ? `${text(settings.host)}:${String(port)}` : null;
    }
    case 'webhook':
      // Its address is the credential: never shown.
      return null;
    case 'files': {
      if (settings.store !== 's3') return text(settings.root) || null;
      // The bucket (and the folder in it), on the storage service's host.
      const bucket = [text(settings.bucket), prefixOf(text(settings.prefix))].filter((part) => part !== '').join('/');
      const host = hostOf(settings.endpoint);
      return bucket === '' ? host : host === null ? bucket : `${bucket} on ${host}`;
    }
    default:
      return hostOf(settings.base_url);
  }
}

/** Where the connection may be used: all workspaces, or the ones named. */
function Workspaces({ connection, workspaceNames }: { connection: ConnectionView; workspaceNames: ReadonlyMap<string, string> }) {
  if (connection.all_workspaces) return <Text size="sm">All workspaces</Text>;
  if (connection.workspaces.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No workspace yet
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {connection.workspaces.map((slug) => (
        <Text key={slug} size="sm">
          {workspaceNames.get(slug) ?? slug}
        </Text>
      ))}
    </Stack>
  );
}

/** Where the connection may be used, and by whom when it is limited to groups. */
function Where({ connection, workspaceNames }: { connection: ConnectionView; workspaceNames: ReadonlyMap<string, string> }) {
  const groups = connection.groups ?? [];
  return (
    <Stack gap={6}>
      <Workspaces connection={connection} workspaceNames={workspaceNames} />
      {groups.length > 0 && (
        <Tooltip
          label="Only members of these groups may build with it or start runs that call it"
          multiline
          w={240}
          withArrow
          openDelay={300}
        >
          <Stack gap={2} data-testid={`connection-groups-${connection.name}`} style={{ cursor: 'default' }}>
            <Text size="xs" c="dimmed">
              Only members of
            </Text>
            {groups.map((name) => (
              <Badge key={name} variant="light" color="gray" tt="none" fw={500} size="sm" style={{ maxWidth: '100%' }}>
                {name}
              </Badge>
            ))}
          </Stack>
        </Tooltip>
      )}
    </Stack>
  );
}

/** A label or clearance: a badge in words, and the value as written. */
function Sensitivity({ raw, kind, testId }: { raw: string; kind: 'label' | 'clearance'; testId: string }) {
  const { words } = useLabelWords();
  const parts = parseClearance(raw);
  const color = parts === null ? 'gray' : LEVEL_INFO[parts.level].color;
  const sentence = parts === null ? raw : kind === 'label' ? labelSentence(parts, words) : clearanceSentence(parts, words);
  return (
    <Stack gap={4} align="flex-start" data-testid={testId}>
      <Tooltip label={sentence} multiline w={260} withArrow openDelay={300}>
        <Badge
          variant="light"
          color={color}
          tt="none"
          fw={600}
          h="auto"
          py={3}
          styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}
        >
          {kind === 'label' ? labelText(raw, words) : clearanceLabel(raw, words)}
        </Badge>
      </Tooltip>
      <Text size="xs" ff="monospace" c="dimmed">
        {raw}
      </Text>
    </Stack>
  );
}

function Bindings({ connection, workspaceNames }: { connection: ConnectionView; workspaceNames: ReadonlyMap<string, string> }) {
  const count = connection.bindings.length;
  if (count === 0) {
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  }
  const lines = connection.bindings.map(
    (b) => `${b.alias} in ${workspaceNames.get(b.workspace) ?? b.workspace}, ${environmentName(b.environment)}`,
  );
  return (
    <Tooltip label={lines.join(' · ')} multiline w={280} withArrow openDelay={300}>
      <Text size="sm" style={{ cursor: 'default' }}>
        {count === 1 ? '1 binding' : `${count} bindings`}
      </Text>
    </Tooltip>
  );
}

interface ConnectionTableProps {
  connections: readonly ConnectionView[];
  workspaceNames: ReadonlyMap<string, string>;
  /** The connection being tested, whose Test button spins. */
  testing: string | null;
  onEdit: (connection: ConnectionView) => void;
  onTest: (connection: ConnectionView) => void;
  onDelete: (connection: ConnectionView) => void;
}

/** The connections to outside systems: what each is, who may use it, the data it returns and may be sent, and its state. */
export function ConnectionTable({ connections, workspaceNames, testing, onEdit, onTest, onDelete }: ConnectionTableProps) {
  return (
    <Table.ScrollContainer minWidth={880} type="native">
      <Table verticalSpacing="sm" data-testid="connections-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={220}>Connection</Table.Th>
            <Table.Th w={130}>Where it may be used</Table.Th>
            <Table.Th w={130}>
              <Tooltip label="Its read label: how sensitive what workflows read from it is" withArrow openDelay={300}>
                <span>Data it returns</span>
              </Tooltip>
            </Table.Th>
            <Table.Th w={140}>
              <Tooltip label="Its write clearance: the most sensitive data workflows may send it" withArrow openDelay={300}>
                <span>Data it may be sent</span>
              </Tooltip>
            </Table.Th>
            <Table.Th w={90}>Credential</Table.Th>
            <Table.Th w={90}>Bindings</Table.Th>
            <Table.Th w={110}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connections.map((connection) => (
            <Table.Tr key={connection.name} data-testid={`connection-row-${connection.name}`} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <Stack gap={4}>
                  <Group gap="xs" wrap="wrap">
                    <UnstyledButton onClick={() => onEdit(connection)} aria-label={`Edit connection ${connection.name}`}>
                      <Text size="sm" fw={600} c={connection.enabled ? undefined : 'dimmed'}>
                        {connection.name}
                      </Text>
                    </UnstyledButton>
                    <Badge
                      variant="dot"
                      color={connection.enabled ? 'green' : 'gray'}
                      tt="none"
                      fw={500}
                      style={{ flexShrink: 0, overflow: 'visible' }}
                      styles={{ label: { overflow: 'visible' } }}
                      data-testid={`connection-status-${connection.name}`}
                    >
                      {connection.enabled ? 'Switched on' : 'Switched off'}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" data-testid={`connection-kind-${connection.name}`}>
                    {kindOf(connection)}
                    {addressOf(connection) !== null && (
                      <>
                        {' · '}
                        <Text span inherit ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                          {addressOf(connection)}
                        </Text>
                      </>
                    )}
                  </Text>
                  {connection.description && (
                    <Text size="xs" c="dimmed" lineClamp={2} title={connection.description}>
                      {connection.description}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td data-testid={`connection-where-${connection.name}`}>
                <Where connection={connection} workspaceNames={workspaceNames} />
              </Table.Td>
              <Table.Td>
                <Sensitivity raw={connection.read_label} kind="label" testId={`connection-read-label-${connection.name}`} />
              </Table.Td>
              <Table.Td>
                <Sensitivity raw={connection.write_clearance} kind="clearance" testId={`connection-write-clearance-${connection.name}`} />
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={connection.credential_set ? 'green' : 'gray'}
                  tt="none"
                  fw={500}
                  data-testid={`connection-credential-${connection.name}`}
                >
                  {connection.credential_set ? 'set' : 'not set'}
                </Badge>
              </Table.Td>
              <Table.Td data-testid={`connection-bindings-${connection.name}`}>
                <Bindings connection={connection} workspaceNames={workspaceNames} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Tooltip label="Check that the system answers and accepts the credential" withArrow openDelay={400}>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlayerPlay size={14} stroke={1.8} />}
                      loading={testing === connection.name}
                      onClick={() => onTest(connection)}
                      aria-label={`Test connection ${connection.name}`}
                    >
                      Test
                    </Button>
                  </Tooltip>
                  <Menu position="bottom-end" shadow="md" withinPortal width={180}>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${connection.name}`}>
                        <IconDotsVertical size={18} stroke={1.6} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconPencil size={16} stroke={1.6} />} onClick={() => onEdit(connection)}>
                        Edit
                      </Menu.Item>
                      <Menu.Item color="red" leftSection={<IconTrash size={16} stroke={1.6} />} onClick={() => onDelete(connection)}>
                        Delete
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Alert, Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCircleCheck, IconLink } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import type { BindingView, ConnectionView, WorkspaceView } from '../../api/types';
import { QueryState } from '../../components/QueryState';
import { useBindings, useSetBinding, type BindingChange } from './connectionQueries';
import { BINDING_ENVIRONMENTS, environmentName, openTo } from './connections';

/** The value of the "Not bound" choice. */
const NONE = '__none__';
const ALIAS = /^[a-z0-9][a-z0-9-]*$/;
const ALIAS_MAX_LENGTH = 63;

function aliasProblem(alias: string): string | null {
  if (alias === '') return 'Give the alias workflows call, such as tickets';
  if (alias.length > ALIAS_MAX_LENGTH || !ALIAS.test(alias)) {
    return `Use up to ${ALIAS_MAX_LENGTH} lower-case letters, digits and dashes (for example tickets)`;
  }
  return null;
}

/** The connections an alias in `workspace` may mean, and the one it means now even if no longer open to it. */
function choicesFor(connections: readonly ConnectionView[], workspace: string, current: string | null) {
  const open = connections.filter((c) => openTo(c, workspace)).map((c) => ({ value: c.name, label: c.enabled ? c.name : `${c.name} (switched off)` }));
  if (current !== null && !open.some((o) => o.value === current)) open.push({ value: current, label: `${current} (not open to this workspace)` });
  return open;
}

/** What happened, for the notice: "tickets now means tickets-sandbox in Development." */
function doneText(change: BindingChange): string {
  const where = environmentName(change.environment);
  return change.connection === null
    ? `${change.alias} is no longer bound in ${where}: workflows calling it there fail until it is bound again.`
    : `${change.alias} now means ${change.connection} in ${where}.`;
}

interface ConnectionBindingsProps {
  connections: readonly ConnectionView[];
  workspaces: readonly WorkspaceView[];
}

/**
 * Which connection each alias means in each environment of a workspace: a row per alias, a column per environment,
 * and a way to bind a new alias.
 */
export function ConnectionBindings({ connections, workspaces }: ConnectionBindingsProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const workspace = chosen ?? workspaces[0]?.slug ?? null;
  const bindings = useBindings(workspace);
  const cell = useSetBinding();
  const add = useSetBinding();
  const [changing, setChanging] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [alias, setAlias] = useState('');
  const [environment, setEnvironment] = useState('dev');
  const [connection, setConnection] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ alias?: string; connection?: string }>({});

  const rows = useMemo(() => {
    const byAlias = new Map<string, Map<string, BindingView>>();
    for (const binding of bindings.data ?? []) {
      const row = byAlias.get(binding.alias) ?? new Map<string, BindingView>();
      row.set(binding.environment, binding);
      byAlias.set(binding.alias, row);
    }
    return [...byAlias.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [bindings.data]);

  if (workspace === null) {
    return (
      <Text size="sm" c="dimmed">
        Create a workspace first: aliases are bound per workspace.
      </Text>
    );
  }

  const change = (target: BindingChange) => {
    setNotice(null);
    setChanging(`${target.environment}/${target.alias}`);
    cell.mutate(target, {
      onSuccess: () => setNotice(doneText(target)),
      onSettled: () => setChanging(null),
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    cell.reset();
    const name = alias.trim();
    const found: typeof errors = {};
    const problem = aliasProblem(name);
    if (problem !== null) found.alias = problem;
    if (connection === null) found.connection = 'Choose the connection the alias means there';
    setErrors(found);
    if (Object.keys(found).length > 0 || connection === null) return;
    const target = { workspace, environment, alias: name, connection };
    add.mutate(target, {
      onSuccess: () => {
        setNotice(doneText(target));
        setAlias('');
        setConnection(null);
        add.reset();
      },
      onError: (error) => {
        if (error instanceof ApiError && (error.field === 'alias' || error.field === 'connection')) {
          const reason = typeof error.details.reason === 'string' ? error.details.reason : error.fieldMessage;
          setErrors({ [error.field]: sentence(reason) });
        }
      },
    });
  };
  const addError = add.error instanceof ApiError && (add.error.field === 'alias' || add.error.field === 'connection') ? null : add.error;
  const addChoices = choicesFor(connections, workspace, null);

  return (
    <Stack gap="md" data-testid="connection-bindings">
      <Stack gap={4}>
        <Title order={2} size="h4">
          Bindings
        </Title>
        <Text size="sm" c="dimmed" maw={720}>
          Workflows call a connection by an alias, such as <Code>tickets</Code>. For each workspace and environment,
          choose which connection the alias means: a sandbox in development, the real system in production.
        </Text>
      </Stack>
      <Select
        label="Workspace"
        data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
        value={workspace}
        onChange={(slug) => {
          if (slug === null) return;
          setChosen(slug);
          setNotice(null);
          setErrors({});
          cell.reset();
          add.reset();
        }}
        allowDeselect={false}
        w={280}
        comboboxProps={{ withinPortal: true }}
        data-testid="bindings-workspace"
      />
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          role="status"
          data-testid="bindings-notice"
        >
          {notice}
        </Alert>
      )}
      {cell.error != null && (
        <Alert color="red" role="alert" title="The binding could not be changed">
          {errorMessage(cell.error)}
        </Alert>
      )}
      <QueryState query={bindings} errorTitle="The bindings could not be loaded" loadingLabel="Loading bindings">
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={720} type="native">
            <Table verticalSpacing="xs" data-testid="bindings-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={180}>Alias</Table.Th>
                  {BINDING_ENVIRONMENTS.map((env) => (
                    <Table.Th key={env.value}>{env.label}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={1 + BINDING_ENVIRONMENTS.length}>
                      <Text size="sm" c="dimmed" py="xs" data-testid="bindings-empty">
                        No alias is bound in this workspace yet. Bind one below.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {rows.map(([name, byEnvironment]) => (
                  <Table.Tr key={name} data-testid={`binding-row-${name}`}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" fw={600}>
                        {name}
                      </Text>
                    </Table.Td>
                    {BINDING_ENVIRONMENTS.map((env) => {
                      const current = byEnvironment.get(env.value)?.connection ?? null;
                      const key = `${env.value}/${name}`;
                      return (
                        <Table.Td key={env.value}>
                          <Select
                            aria-label={`${name} in ${env.label}`}
                            size="xs"
                            data={[{ value: NONE, label: 'Not bound' }, ...choicesFor(connections, workspace, current)]}
                            value={current ?? NONE}
                            onChange={(value) => {
                              if (value === null || value === (current ?? NONE)) return;
                              change({ workspace, environment: env.value, alias: name, connection: value === NONE ? null : value });
                            }}
                            allowDeselect={false}
                            disabled={changing === key}
                            comboboxProps={{ withinPortal: true }}
                            styles={current === null ? { input: { color: 'var(--mantine-color-dimmed)' } } : undefined}
                            data-testid={`binding-${env.value}-${name}`}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryState>

      <Paper withBorder radius="md" p="md">
        <form onSubmit={submit} noValidate data-testid="bind-form">
          <Stack gap="sm">
            <Text size="sm" fw={600}>
              Bind an alias
            </Text>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label="Alias"
                placeholder="tickets"
                autoComplete="off"
                spellCheck={false}
                maxLength={ALIAS_MAX_LENGTH}
                w={200}
                value={alias}
                onChange={(e) => {
                  setAlias(e.currentTarget.value);
                  setErrors(({ alias: _, ...rest }) => rest);
                }}
                error={errors.alias}
              />
              <Select
                label="Environment"
                data={[...BINDING_ENVIRONMENTS]}
                value={environment}
                onChange={(value) => value !== null && setEnvironment(value)}
                allowDeselect={false}
                w={180}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label="Connection"
                placeholder={addChoices.length === 0 ? 'None open to this workspace' : 'Choose a connection'}
                data={addChoices}
                value={connection}
                onChange={(value) => {
                  setConnection(value);
                  setErrors(({ connection: _, ...rest }) => rest);
                }}
                w={260}
                comboboxProps={{ withinPortal: true }}
                error={errors.connection}
              />
              <Button type="submit" mt={25} leftSection={<IconLink size={16} stroke={1.6} />} loading={add.isPending}>
                Bind
              </Button>
            </Group>
            {addChoices.length === 0 && (
              <Text size="xs" c="dimmed">
                No connection is open to this workspace: edit a connection and add the workspace under Workspaces.
              </Text>
            )}
            {addError != null && (
              <Alert color="red" role="alert" title="The alias could not be bound">
                {errorMessage(addError)}
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

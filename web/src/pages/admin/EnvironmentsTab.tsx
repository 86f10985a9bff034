import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlus, IconStack2 } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { EnvironmentView } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { useLastValue } from '../../components/useLastValue';
import { EnvironmentCard } from './EnvironmentCard';
import { EnvironmentChain } from './EnvironmentChain';
import { EnvironmentDrawer } from './EnvironmentDrawer';
import { useDeleteEnvironment, useEnvironments, useReorderEnvironments } from './environmentQueries';

/** The chain with `slug` moved one place earlier (-1) or later (1). */
function moved(environments: readonly EnvironmentView[], slug: string, by: -1 | 1): string[] {
  const order = environments.map((environment) => environment.slug);
  const from = order.indexOf(slug);
  const to = from + by;
  if (from < 0 || to < 0 || to >= order.length) return order;
  const [taken] = order.splice(from, 1);
  if (taken !== undefined) order.splice(to, 0, taken);
  return order;
}

/** Asks before removing an environment; shows why not when something still refers to it. */
function RemoveEnvironmentModal({ environment: current, onClose, onRemoved }: { environment: EnvironmentView | null; onClose: () => void; onRemoved: (name: string) => void }) {
  const environment = useLastValue(current);
  const remove = useDeleteEnvironment();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={current !== null}
      title={environment ? `Remove ${environment.name}?` : ''}
      confirmLabel="Remove"
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => environment && remove.mutate(environment.slug, { onSuccess: () => { onRemoved(environment.name); close(); } })}
      onClose={close}
      testId="remove-environment"
    >
      {environment && (
        <Text size="sm">
          {`${environment.name} leaves the chain. Only an environment nothing refers to can be removed: no runs, bindings, reviews or deployments.`}
        </Text>
      )}
    </ConfirmModal>
  );
}

/**
 * The Environments tab of the Admin page: the chain versions move up (dev → staging → prod), each environment's
 * publishing rule in words, and the drawer that changes it.
 */
export function EnvironmentsTab() {
  const environments = useEnvironments();
  const reorder = useReorderEnvironments();
  const [form, setForm] = useState<{ opened: boolean; environment: EnvironmentView | null; key: number }>({ opened: false, environment: null, key: 0 });
  const [removing, setRemoving] = useState<EnvironmentView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = environments.data ?? [];

  const openForm = (environment: EnvironmentView | null) => setForm((current) => ({ opened: true, environment, key: current.key + 1 }));
  const previousOf = (environment: EnvironmentView | null): string | null => {
    const index = environment === null ? list.length : list.findIndex((candidate) => candidate.slug === environment.slug);
    return index > 0 ? (list[index - 1]?.name ?? null) : null;
  };
  const addButton = (
    <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={() => openForm(null)}>
      Add environment
    </Button>
  );

  return (
    <>
      {notice !== null && (
        <Alert color="green" icon={<IconCircleCheck />} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} mb="md" role="status" data-testid="environments-notice">
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
        <Text size="sm" c="dimmed" maw={680}>
          A version moves up this chain, one environment after the other. Each environment has its own connections and a
          rule that says what it takes to deploy there: who approves, what must be tried first, and when nothing may change.
        </Text>
        {list.length > 0 && addButton}
      </Group>
      <QueryState query={environments} errorTitle="The environments could not be loaded" loadingLabel="Loading environments">
        {list.length === 0 ? (
          <EmptyState icon={IconStack2} title="No environments" action={addButton} testId="environments-empty">
            Add the environments a version moves through, such as development, staging and production.
          </EmptyState>
        ) : (
          <Stack gap="lg">
            <EnvironmentChain environments={list} />
            {reorder.isError && (
              <Alert color="red" role="alert" withCloseButton onClose={() => reorder.reset()} title="The order was not changed">
                {errorMessage(reorder.error)}
              </Alert>
            )}
            <Stack gap="sm">
              {list.map((environment, index) => (
                <EnvironmentCard
                  key={environment.slug}
                  environment={environment}
                  index={index}
                  total={list.length}
                  previous={previousOf(environment)}
                  reordering={reorder.isPending}
                  onMove={(by) => reorder.mutate(moved(list, environment.slug, by))}
                  onEdit={() => openForm(environment)}
                  onRemove={() => setRemoving(environment)}
                />
              ))}
            </Stack>
          </Stack>
        )}
      </QueryState>
      <EnvironmentDrawer
        opened={form.opened}
        environment={form.environment}
        previous={previousOf(form.environment)}
        formKey={form.key}
        onClose={() => setForm((current) => ({ ...current, opened: false }))}
        onSaved={(saved, created) => {
          setForm((current) => ({ ...current, opened: false }));
          setNotice(created ? `${saved.name} is added at the end of the chain. Move it to its place with the arrows.` : `Your changes to ${saved.name} are saved.`);
        }}
      />
      <RemoveEnvironmentModal environment={removing} onClose={() => setRemoving(null)} onRemoved={(name) => setNotice(`${name} is removed from the chain.`)} />
    </>
  );
}

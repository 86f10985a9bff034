import { Alert, Button, Group, Paper, Text } from '@mantine/core';
import { IconCircleCheck, IconCpu, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ModelView } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { DeleteModelModal } from './DeleteModelModal';
import { ModelFormDrawer } from './ModelFormDrawer';
import { useModels, useTestModel } from './modelQueries';
import { monthLabel } from './models';
import { ModelTable } from './ModelTable';
import { ModelTestModal } from './ModelTestModal';
import { useWorkspaces } from './workspaceQueries';

/** The Models tab of the Admin page: the model registry, with each model's status, access, prices and this month's use. */
export function ModelsTab() {
  const models = useModels();
  const workspaces = useWorkspaces();
  const test = useTestModel();
  const [form, setForm] = useState<{ opened: boolean; model: ModelView | null; key: number }>({ opened: false, model: null, key: 0 });
  const [testing, setTesting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ModelView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = models.data ?? [];
  const workspaceList = workspaces.data ?? [];
  const workspaceNames = useMemo(() => new Map(workspaceList.map((w) => [w.slug, w.name])), [workspaceList]);
  const month = list[0]?.month;

  const openForm = (model: ModelView | null) => setForm((current) => ({ opened: true, model, key: current.key + 1 }));
  const runTest = (name: string) => {
    setTesting(name);
    test.reset();
    test.mutate(name);
  };
  const addButton = (
    <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={() => openForm(null)}>
      Add model
    </Button>
  );

  return (
    <>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          mb="md"
          role="status"
          data-testid="models-notice"
        >
          {notice}
        </Alert>
      )}
      <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
        <Text size="sm" c="dimmed" maw={680}>
          The models workflows may call, how each is reached, what it costs and which workspaces may use it.
          {month !== undefined && ` Use is counted per calendar month (now ${monthLabel(month)}).`}
        </Text>
        {!models.isPending && !(models.isSuccess && list.length === 0) && addButton}
      </Group>
      <QueryState query={models} errorTitle="The models could not be loaded" loadingLabel="Loading models">
        {list.length === 0 ? (
          <EmptyState icon={IconCpu} title="No models yet" action={addButton} testId="models-empty">
            Register a model so that workflows can classify, extract and write with it: a hosted one such as OpenAI or
            Anthropic, or one your company runs itself.
          </EmptyState>
        ) : (
          <Paper withBorder radius="md">
            <ModelTable
              models={list}
              workspaceNames={workspaceNames}
              testing={test.isPending ? testing : null}
              onEdit={openForm}
              onTest={(model) => runTest(model.name)}
              onDelete={setDeleting}
            />
          </Paper>
        )}
      </QueryState>
      <ModelFormDrawer
        opened={form.opened}
        model={form.model}
        formKey={form.key}
        workspaces={workspaceList}
        onClose={() => setForm((current) => ({ ...current, opened: false }))}
        onSaved={(model, created) => {
          setForm((current) => ({ ...current, opened: false }));
          setNotice(
            created
              ? `The model ${model.name} is registered.${model.ready ? ' Test it to check that it answers.' : ''}`
              : `Your changes to ${model.name} are saved.`,
          );
        }}
      />
      <ModelTestModal
        name={testing}
        pending={test.isPending}
        trial={test.data}
        error={test.error}
        onRetry={() => testing !== null && runTest(testing)}
        onClose={() => {
          setTesting(null);
          test.reset();
        }}
      />
      <DeleteModelModal
        model={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(name) => {
          setDeleting(null);
          setNotice(`The model ${name} is deleted.`);
        }}
      />
    </>
  );
}

import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconFileOff, IconPlus, IconSnowflake } from '@tabler/icons-react';
import { useState } from 'react';
import type { components } from '../../../api/schema.gen';
import { QueryState } from '../../../components/QueryState';
import { andList } from '../../build/lifecycle/interfaces';
import { BatchList } from './BatchList';
import { BatchProgress } from './BatchProgress';
import { NewBatch } from './NewBatch';
import { batchAppOf, useBatch, useBatches } from './queries';
import { fileInputs } from './table';

type AppDetail = components['schemas']['AppDetail'];

/** File inputs cannot come from a table: say which, and what that means for the rows. */
function FileInputsNote({ app }: { app: AppDetail }) {
  const files = fileInputs(app.inputs);
  if (files.length === 0) return null;
  const names = andList(files.map((input) => input.name));
  const blocking = files.filter((input) => input.required && (input.default === undefined || input.default === null));
  return (
    <Alert color={blocking.length > 0 ? 'orange' : 'gray'} variant="light" icon={<IconFileOff />} title="Files cannot come from a table" data-testid="batch-file-inputs">
      {blocking.length > 0
        ? `${andList(blocking.map((input) => input.name))} ${blocking.length === 1 ? 'needs a file' : 'need files'}, which a table cannot hold, so no row of a batch could run. Use the form, or the API, which take files.`
        : `${names} ${files.length === 1 ? 'takes a file' : 'take files'}, which a table cannot hold: in a batch ${files.length === 1 ? 'it is' : 'they are'} left empty. To give a file, use the form or the API.`}
    </Alert>
  );
}

/** The batch shown: loaded, then followed while it runs. */
function Shown({ id, app }: { id: string; app: AppDetail }) {
  const batch = useBatch(id);
  return (
    <QueryState query={batch} errorTitle="This batch could not be loaded" loadingLabel="Loading the batch" rows={4}>
      {batch.data && <BatchProgress batch={batch.data} target={batchAppOf(app)} />}
    </QueryState>
  );
}

/**
 * The Batch tab of an app: run it once per row of a CSV or JSON Lines table. Choose a table and see what it would
 * make, start it, and follow it live to its results; earlier batches are listed below, each opening its progress.
 */
export function BatchTab({ app }: { app: AppDetail }) {
  const target = batchAppOf(app);
  const batches = useBatches(target);
  const [selected, setSelected] = useState<string | null>(null);
  const blocked = fileInputs(app.inputs).some((input) => input.required && (input.default === undefined || input.default === null));
  const columns = app.inputs.filter((input) => input.type !== 'file').map((input) => input.name);

  return (
    <Stack gap="xl" data-testid="batch-tab">
      <Stack gap="xs">
        <Text size="sm" c="dimmed" maw={820}>
          Run {app.name} once for every row of a table: each row becomes one run, up to the number you choose at a time. You can leave the
          page while it runs, and download every row&apos;s outputs when it ends.
          {columns.length > 0 && (
            <>
              {' '}
              Name the columns after the inputs:{' '}
              {columns.map((name, index) => (
                <span key={name}>
                  {index > 0 && ', '}
                  <Code>{name}</Code>
                </span>
              ))}
              .
            </>
          )}
        </Text>
        <FileInputsNote app={app} />
        {app.frozen && (
          <Alert color="orange" icon={<IconSnowflake />} title="The app is paused" data-testid="batch-frozen">
            New batches are refused until it is resumed.
          </Alert>
        )}
      </Stack>

      {selected === null ? (
        !blocked && <NewBatch app={app} onStarted={(batch) => setSelected(batch.id)} />
      ) : (
        <Stack gap="sm">
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setSelected(null)} data-testid="batch-new-button">
              Start another batch
            </Button>
          </Group>
          <Shown key={selected} id={selected} app={app} />
        </Stack>
      )}

      <QueryState query={batches} errorTitle="Your batches could not be loaded" loadingLabel="Loading your batches" rows={3}>
        <BatchList batches={batches.data ?? []} selected={selected} onSelect={setSelected} />
      </QueryState>
    </Stack>
  );
}

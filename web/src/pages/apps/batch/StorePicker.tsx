import { Alert, Anchor, Badge, Breadcrumbs, Group, NavLink, Paper, ScrollArea, Select, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChevronRight, IconFile, IconFileSpreadsheet, IconFolder, IconFolderOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import { LEVEL_INFO, labelSentence, labelText, parseClearance } from '../../admin/clearance';
import { useLabelWords } from '../../admin/labelQueries';
import { useStoredFiles, type BatchApp, type StoredFile, type TableChoice, type TableSource } from './queries';
import { formatSize, storedTableProblem } from './table';

type StoreChoice = Extract<TableChoice, { kind: 'store' }>;

interface StorePickerProps {
  target: BatchApp;
  /** The stores the person may take a table from (at least one). */
  sources: readonly TableSource[];
  /** The file chosen, if any. */
  chosen: StoreChoice | null;
  disabled?: boolean;
  /** A file was chosen (or null: the choice is taken off, as when another store is chosen). */
  onChoose: (choice: StoreChoice | null) => void;
}

/** How sensitive a store's data is, as a badge in the organisation's words. */
function LabelBadge({ raw, size = 'md' }: { raw: string; size?: 'xs' | 'md' }) {
  const { words } = useLabelWords();
  const parts = parseClearance(raw);
  const badge = (
    <Badge size={size} variant="light" color={parts === null ? 'gray' : LEVEL_INFO[parts.level].color} tt="none" fw={600} data-testid="batch-store-label">
      {labelText(raw, words)}
    </Badge>
  );
  // In a list of options a tooltip would only get in the way.
  if (size === 'xs') return badge;
  return (
    <Tooltip label={parts === null ? raw : labelSentence(parts, words)} multiline w={260} withArrow openDelay={300}>
      {badge}
    </Tooltip>
  );
}

/** Why the files of a folder could not be shown, in words. */
function listingRefusal(error: unknown): string {
  if (error instanceof ApiError && error.code === 'forbidden') return 'You may not take a table from this file store';
  if (error instanceof ApiError && error.code === 'not_found') return 'This file store is not there';
  if (error instanceof ApiError && error.code === 'invalid_input') return 'This folder could not be opened';
  return 'The files could not be listed';
}

/** Folders first, then files, each by name. */
function ordered(files: readonly StoredFile[]): StoredFile[] {
  return [...files].sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}

function Entry({
  file,
  chosen,
  disabled,
  onOpen,
  onChoose,
}: {
  file: StoredFile;
  chosen: boolean;
  disabled: boolean;
  onOpen: () => void;
  onChoose: () => void;
}) {
  if (file.folder) {
    return (
      <NavLink
        component="button"
        type="button"
        label={file.name}
        leftSection={<IconFolder size={18} stroke={1.6} color="var(--mantine-color-yellow-7)" />}
        rightSection={<IconChevronRight size={16} stroke={1.6} />}
        description="Folder"
        onClick={() => {
          if (!disabled) onOpen();
        }}
        // NavLink's `disabled` only looks disabled: the click is held back above.
        disabled={disabled}
        aria-disabled={disabled || undefined}
        aria-label={`Open the folder ${file.name}`}
        data-testid="batch-store-entry"
        data-kind="folder"
      />
    );
  }
  const problem = storedTableProblem(file);
  const size = file.size === null || file.size === undefined ? null : formatSize(file.size);
  const unusable = disabled || problem !== null;
  return (
    <NavLink
      // A file that is no table is only shown: there is nothing to do with it.
      component={problem === null ? 'button' : 'div'}
      type={problem === null ? 'button' : undefined}
      label={file.name}
      leftSection={
        problem === null ? <IconFileSpreadsheet size={18} stroke={1.6} color="var(--mantine-color-teal-7)" /> : <IconFile size={18} stroke={1.6} />
      }
      rightSection={chosen ? <IconCheck size={16} /> : undefined}
      description={problem === null ? (size ?? 'Table') : size === null ? sentence(problem) : `${size} · ${problem}`}
      active={chosen}
      onClick={() => {
        if (!unusable) onChoose();
      }}
      disabled={unusable}
      aria-disabled={unusable || undefined}
      aria-label={problem === null ? `Choose ${file.name}` : `${file.name}: ${problem}`}
      aria-current={chosen || undefined}
      data-testid="batch-store-entry"
      data-kind="file"
    />
  );
}

/** The files in one folder of a store, to go into folders and choose a table. */
function Browser({
  target,
  source,
  chosen,
  disabled,
  onChoose,
}: {
  target: BatchApp;
  source: TableSource;
  chosen: StoreChoice | null;
  disabled: boolean;
  onChoose: (choice: StoreChoice) => void;
}) {
  // The folders gone into, from the root: each as listed, so its path is the store's own.
  const [trail, setTrail] = useState<StoredFile[]>([]);
  const folder = trail.at(-1)?.path ?? null;
  const files = useStoredFiles(target, source.alias, folder);
  const here = trail.at(-1)?.name ?? source.alias;

  return (
    <Paper withBorder radius="md" data-testid="batch-store-browser">
      <Group gap="xs" px="md" py="xs" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <IconFolderOpen size={18} stroke={1.6} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
        <Breadcrumbs separator="/" separatorMargin={6} data-testid="batch-store-crumbs" style={{ flexWrap: 'wrap', minWidth: 0 }}>
          {[{ name: source.alias, depth: 0 }, ...trail.map((entry, index) => ({ name: entry.name, depth: index + 1 }))].map(({ name, depth }) =>
            depth === trail.length ? (
              <Text key={depth} size="sm" fw={600} aria-current="location">
                {name}
              </Text>
            ) : (
              <Anchor key={depth} component="button" type="button" size="sm" onClick={() => setTrail(trail.slice(0, depth))} disabled={disabled}>
                {name}
              </Anchor>
            ),
          )}
        </Breadcrumbs>
      </Group>
      {files.isPending ? (
        <Stack gap="xs" p="md" aria-busy="true" aria-label={`Loading the files in ${here}`} data-testid="batch-store-loading">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} height={28} radius="sm" />
          ))}
        </Stack>
      ) : files.isError ? (
        <Alert m="md" color="red" variant="light" icon={<IconAlertTriangle />} title={listingRefusal(files.error)} role="alert" data-testid="batch-store-error">
          {files.error instanceof ApiError ? sentence(files.error.fieldMessage) : errorMessage(files.error)}
        </Alert>
      ) : files.data.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg" data-testid="batch-store-empty">
          This folder is empty
        </Text>
      ) : (
        <ScrollArea.Autosize mah={320} type="auto" offsetScrollbars>
          <Stack gap={0} p={4} role="list" aria-label={`The files in ${here}`}>
            {ordered(files.data).map((file) => (
              <div role="listitem" key={file.path}>
                <Entry
                  file={file}
                  chosen={chosen !== null && chosen.connection === source.alias && chosen.path === file.path}
                  disabled={disabled}
                  onOpen={() => setTrail([...trail, file])}
                  onChoose={() => onChoose({ kind: 'store', connection: source.alias, path: file.path, name: file.name, size: file.size ?? null })}
                />
              </div>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      {chosen !== null && (
        <Group gap={6} px="md" py="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="batch-store-chosen">
          <IconCheck size={16} color="var(--mantine-color-teal-7)" />
          <Text size="sm">
            Chosen:{' '}
            <Text span fw={600}>
              {chosen.path}
            </Text>{' '}
            from {chosen.connection}
            {chosen.size !== null && ` (${formatSize(chosen.size)})`}
          </Text>
        </Group>
      )}
    </Paper>
  );
}

/** A table from a file store bound where the app runs: choose the store, go into its folders, choose a file. */
export function StorePicker({ target, sources, chosen, disabled = false, onChoose }: StorePickerProps) {
  const [picked, setPicked] = useState<string | null>(null);
  // With one store there is nothing to choose.
  const alias = picked ?? (sources.length === 1 ? (sources[0]?.alias ?? null) : null);
  const source = sources.find((candidate) => candidate.alias === alias) ?? null;
  const descriptions = new Map(sources.map((candidate) => [candidate.alias, candidate]));

  return (
    <Stack gap="sm" data-testid="batch-store">
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label="File store"
          placeholder="Choose a file store"
          data={sources.map((candidate) => ({ value: candidate.alias, label: candidate.alias }))}
          value={alias}
          onChange={(value) => {
            if (value === alias) return;
            setPicked(value);
            onChoose(null);
          }}
          allowDeselect={false}
          disabled={disabled}
          w={320}
          comboboxProps={{ withinPortal: true }}
          renderOption={({ option }) => {
            const described = descriptions.get(option.value);
            return (
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{option.label}</Text>
                  {described !== undefined && <LabelBadge raw={described.label} size="xs" />}
                </Group>
                {described !== undefined && described.description !== '' && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {described.description}
                  </Text>
                )}
              </Stack>
            );
          }}
          data-testid="batch-store-select"
        />
        {source !== null && (
          <Group gap="xs" wrap="nowrap" pb={6} style={{ minWidth: 0, flex: 1 }} data-testid="batch-store-about">
            <LabelBadge raw={source.label} />
            {source.description !== '' && (
              <Text size="sm" c="dimmed" truncate>
                {source.description}
              </Text>
            )}
          </Group>
        )}
      </Group>
      {source !== null && <Browser key={source.alias} target={target} source={source} chosen={chosen} disabled={disabled} onChoose={onChoose} />}
    </Stack>
  );
}

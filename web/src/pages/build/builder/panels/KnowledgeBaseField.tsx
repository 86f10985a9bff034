import { Alert, Code, Group, Loader, Select, Stack, Text, TextInput, type OptionsFilter } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../../../../api/errors';
import { labelText } from '../../../admin/clearance';
import { useLabelWords } from '../../../admin/labelQueries';
import { LabelBadge } from '../../../knowledge/label';
import { useKnowledgeBases } from '../../../knowledge/queries';
import type { KnowledgeBase } from '../../../knowledge/types';
import { fieldError } from './fieldError';
import type { FieldProps } from './SchemaField';

/** Said when the step names a knowledge base the person cannot see: it stays as written. */
export const NOT_VISIBLE =
  'This knowledge base does not exist or is not shared with you. The step keeps it as written, but runs can only search it where a data steward has shared it with this workspace. Choose one of yours, or ask its steward to share it.';

/** Said when the person sees no knowledge base at all. */
export const NONE_VISIBLE =
  'No knowledge base is shared with you yet. A data steward must share one with this workspace before its workflows can search it; you can write here the name (slug) they give you.';

const asSlug = (next: string) => (next.trim() === '' ? undefined : next.trim());

/** Whether every word searched for is in the knowledge base's name, slug, description or workspace. */
function matches(base: KnowledgeBase | undefined, fallback: string, search: string): boolean {
  const words = base === undefined ? [fallback] : [base.name, base.slug, base.description, base.workspace_name];
  const text = words.join(' ').toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** One knowledge base in the list: its name and label, its slug and workspace, and what it holds. */
function KnowledgeBaseOption({ base }: { base: KnowledgeBase }) {
  return (
    <Stack gap={0} data-testid={`knowledge-option-${base.slug}`}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500}>
          {base.name}
        </Text>
        <LabelBadge label={base.label} compact />
      </Group>
      <Text size="xs" c="dimmed">
        <Code fz="xs">{base.slug}</Code> · {base.workspace_name || base.workspace}
      </Text>
      {base.description && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {base.description}
        </Text>
      )}
    </Stack>
  );
}

/** Under the chosen knowledge base: what it holds, which it is, and the label what it finds carries. */
function KnowledgeBaseSummary({ base }: { base: KnowledgeBase }) {
  const { words } = useLabelWords();
  return (
    <Stack gap={2} component="span" data-testid="knowledge-base-summary">
      {base.description && <span>{base.description}</span>}
      <span>
        <Code fz="xs">{base.slug}</Code> from {base.workspace_name || base.workspace}. What it finds is labelled{' '}
        {labelText(base.label, words)}, so it can only go to models and systems cleared for that.
      </span>
    </Stack>
  );
}

/** The warning under a knowledge base the person cannot see: kept, never dropped. */
function NotVisible() {
  return (
    <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" mt={6} data-testid="knowledge-base-not-visible">
      <Text size="sm">{NOT_VISIBLE}</Text>
    </Alert>
  );
}

/**
 * The knowledge base a retrieve step searches, chosen among those the person may see; its slug is what the step
 * names. One the step names that is not among them (deleted, or shared with the workspace but not with this person)
 * is kept and warned about.
 */
export function KnowledgeBaseField({ value, onChange, label, messages, required }: FieldProps) {
  const bases = useKnowledgeBases();
  const chosen = typeof value === 'string' && value !== '' ? value : null;
  const list = bases.data ?? [];
  const baseOf = (slug: string) => list.find((base) => base.slug === slug);
  const known = chosen === null ? undefined : baseOf(chosen);
  const unknown = bases.isSuccess && chosen !== null && known === undefined;

  // Without a list to choose from, the slug is written; what is written is kept as it is.
  if (bases.isError || (bases.isSuccess && list.length === 0)) {
    return (
      <Stack gap={0}>
        <TextInput
          label={label}
          required={required}
          description={
            bases.isError
              ? `The knowledge bases could not be loaded (${errorMessage(bases.error)}): write the slug of one.`
              : NONE_VISIBLE
          }
          {...fieldError(messages)}
          value={chosen ?? ''}
          onChange={(event) => onChange(asSlug(event.currentTarget.value))}
          data-testid="knowledge-base-slug"
        />
        {unknown && <NotVisible />}
      </Stack>
    );
  }

  const data = list.map((base) => ({ value: base.slug, label: base.name }));
  // Kept as written, never dropped; while the list loads, whether it is among them is not known yet.
  if (chosen !== null && known === undefined) data.push({ value: chosen, label: unknown ? `${chosen} (not available)` : chosen });
  const filter: OptionsFilter = ({ options, search }) =>
    options.filter((option) => 'value' in option && matches(baseOf(option.value), option.label, search));

  return (
    <Stack gap={0}>
      <Select
        label={label}
        required={required}
        placeholder={bases.isPending ? 'Loading knowledge bases…' : 'Choose a knowledge base'}
        description={
          known !== undefined ? (
            <KnowledgeBaseSummary base={known} />
          ) : (
            'Which knowledge base to search. What it finds carries its label, wherever the workflow sends it.'
          )
        }
        {...fieldError(messages)}
        data={data}
        value={chosen}
        onChange={(next) => onChange(next ?? undefined)}
        allowDeselect={false}
        searchable
        filter={filter}
        nothingFoundMessage="No knowledge base of yours matches"
        rightSection={bases.isPending ? <Loader size="xs" /> : undefined}
        comboboxProps={{ withinPortal: true }}
        renderOption={({ option }) => {
          const base = baseOf(option.value);
          return base === undefined ? <Text size="sm">{option.label}</Text> : <KnowledgeBaseOption base={base} />;
        }}
      />
      {unknown && <NotVisible />}
    </Stack>
  );
}

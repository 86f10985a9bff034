import { Alert, Box, Checkbox, Group, MultiSelect, NumberInput, Paper, Radio, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../api/errors';
import type { Level } from '../../admin/clearance';
import { useLabels, useLabelWords } from '../../admin/labelQueries';
import {
  ALL_CATEGORIES,
  clearanceText,
  clearanceWords,
  draftOf,
  groupNamesOf,
  INTERFACE_KINDS,
  KIND_HINT,
  KIND_TITLE,
  KIND_WORD,
  levelOptions,
  limitWords,
  offered,
  publishedWords,
  audienceWords,
  type AudienceGroup,
  type InterfaceDraft,
  type InterfaceKind,
  type InterfaceProblems,
  type InterfacesDraft,
  type InterfacesSpec,
} from './interfaces';
import { useAudienceGroups } from './queries';

/** Keep what is live in the environment, or choose the interfaces afresh (starting from what is live). */
export interface PublishChoice {
  mode: 'keep' | 'choose';
  draft: InterfacesDraft;
}

/** Where the dialog starts: keep what is published there now; choose (from nothing) when nothing is. */
export function startChoice(live: InterfacesSpec | null | undefined): PublishChoice {
  return { mode: offered(live).length > 0 ? 'keep' : 'choose', draft: draftOf(live) };
}

interface PublishFieldsProps {
  /** How what is live in the target environment is published; null when nothing is live there. */
  live: InterfacesSpec | null;
  /** The target environment's name. */
  environment: string;
  value: PublishChoice;
  onChange: (next: PublishChoice) => void;
  /** What is wrong, by field: found before sending, or the server's refusal. */
  problems: InterfaceProblems;
  /** Interfaces whose audience the policy says may not receive the outputs. */
  refused: readonly InterfaceKind[];
  /** The server's refusal of the interfaces when it names no field. */
  generalProblem: string | null;
}

/** "Published as form and API to All staff", a line per interface, for the "keep" choice (inside its description: spans only). */
function LiveSummary({ live, environment, groups }: { live: InterfacesSpec | null; environment: string; groups: readonly AudienceGroup[] | undefined }) {
  const { words } = useLabelWords();
  const names = groupNamesOf(groups);
  const items = offered(live);
  if (items.length === 0) {
    return (
      <Text component="span" size="xs" c="dimmed" data-testid="publish-live-summary">
        Not published in {environment} now: nobody can use it there as an app.
      </Text>
    );
  }
  return (
    <Box component="span" display="block" data-testid="publish-live-summary">
      <Text component="span" display="block" size="xs">
        {publishedWords(live, names)}.
      </Text>
      {items.map(({ kind, spec }) => (
        <Text key={kind} component="span" display="block" size="xs" c="dimmed">
          {KIND_TITLE[kind]}: {audienceWords(spec.audience, names)}, outputs up to {clearanceWords(spec.clearance, words)}; {limitWords(spec).toLowerCase()}
        </Text>
      ))}
    </Box>
  );
}

interface InterfaceCardProps {
  kind: InterfaceKind;
  value: InterfaceDraft;
  onChange: (next: InterfaceDraft) => void;
  groups: readonly AudienceGroup[];
  problems: InterfaceProblems;
  refused: boolean;
  /** More fields, under the interface's own (the API's callbacks). */
  children?: ReactNode;
}

function InterfaceCard({ kind, value, onChange, groups, problems, refused, children }: InterfaceCardProps) {
  const { words } = useLabelWords();
  const labels = useLabels();
  const set = (change: Partial<InterfaceDraft>) => onChange({ ...value, ...change });
  const categoryData = [
    { value: ALL_CATEGORIES, label: 'Every category' },
    ...(labels.data?.categories ?? []).map((category) => ({ value: category.name, label: category.name })),
    // Any the value names that the catalogue does not (so they can be taken off).
    ...value.categories
      .filter((c) => c !== ALL_CATEGORIES && !(labels.data?.categories ?? []).some((known) => known.name === c))
      .map((c) => ({ value: c, label: c })),
  ];
  const chooseCategories = (next: string[]) => {
    const added = next.find((c) => !value.categories.includes(c));
    if (added === ALL_CATEGORIES) set({ categories: [ALL_CATEGORIES] });
    else set({ categories: next.filter((c) => c !== ALL_CATEGORIES) });
  };
  const clearanceError =
    problems[`${kind}.clearance`] ??
    (refused ? `Too low for what this version outputs: see the policy problems below` : undefined);
  const limit = (raw: string | number): number | null => (raw === '' || raw === null ? null : Number(raw));

  return (
    <Paper withBorder radius="md" p="sm" data-testid={`publish-${kind}`} bg={value.enabled ? undefined : 'var(--mantine-color-gray-0)'}>
      <Stack gap="sm">
        <Checkbox
          label={
            <Text component="span" fw={600} size="sm">
              {KIND_TITLE[kind]}
            </Text>
          }
          description={KIND_HINT[kind]}
          checked={value.enabled}
          onChange={(event) => set({ enabled: event.currentTarget.checked })}
          data-testid={`publish-${kind}-check`}
        />
        {value.enabled && (
          <>
            <MultiSelect
              label={`Who may use the ${KIND_WORD[kind]}`}
              description="Members of any of these groups"
              placeholder={value.audience.length === 0 ? 'Choose groups' : undefined}
              data={groups.map((group) => ({ value: group.id, label: group.name }))}
              renderOption={({ option }) => {
                const group = groups.find((g) => g.id === option.value);
                return (
                  <Stack gap={0}>
                    <Text size="sm">{option.label}</Text>
                    {group?.description ? (
                      <Text size="xs" c="dimmed">
                        {group.description}
                      </Text>
                    ) : null}
                  </Stack>
                );
              }}
              value={value.audience}
              onChange={(audience) => set({ audience })}
              searchable
              nothingFoundMessage="No group by that name"
              required
              error={problems[`${kind}.audience`]}
              comboboxProps={{ withinPortal: true }}
              data-testid={`publish-${kind}-audience`}
            />
            <Group grow align="flex-start">
              <Select
                label="Outputs they may receive, up to"
                description={words.level(value.level).description}
                data={levelOptions(words)}
                value={value.level}
                onChange={(level) => level !== null && set({ level: level as Level })}
                allowDeselect={false}
                error={clearanceError}
                comboboxProps={{ withinPortal: true }}
                data-testid={`publish-${kind}-level`}
              />
              <MultiSelect
                label="Special categories they may receive"
                description="Personal, health or card data and the like; none: no special category"
                placeholder={value.categories.length === 0 ? 'None' : undefined}
                data={categoryData}
                value={value.categories}
                onChange={chooseCategories}
                comboboxProps={{ withinPortal: true }}
                data-testid={`publish-${kind}-categories`}
              />
            </Group>
            <Text size="xs" c="dimmed" data-testid={`publish-${kind}-clearance`}>
              Cleared for {clearanceWords(clearanceText(value.level, value.categories), words)}: outputs labelled higher are refused when it is
              submitted.
            </Text>
            <Group grow align="flex-start">
              <NumberInput
                label="Runs a minute per person"
                description="Empty: no limit"
                placeholder="No limit"
                min={1}
                allowDecimal={false}
                allowNegative={false}
                value={value.ratePerMinute ?? ''}
                onChange={(raw) => set({ ratePerMinute: limit(raw) })}
                error={problems[`${kind}.rate_per_minute`]}
                data-testid={`publish-${kind}-rate`}
              />
              <NumberInput
                label="Runs a day per person"
                description="Empty: no limit (days in UTC)"
                placeholder="No limit"
                min={1}
                allowDecimal={false}
                allowNegative={false}
                value={value.dailyQuota ?? ''}
                onChange={(raw) => set({ dailyQuota: limit(raw) })}
                error={problems[`${kind}.daily_quota`]}
                data-testid={`publish-${kind}-quota`}
              />
            </Group>
            {children}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Callbacks({ draft, onChange, problems }: { draft: InterfacesDraft; onChange: (next: InterfacesDraft) => void; problems: InterfaceProblems }) {
  return (
    <Group grow align="flex-start" data-testid="publish-callbacks">
      <TagsInput
        label="Callback hosts"
        description="Where API callers may have the outcome sent when a run ends, e.g. hooks.example.com. None: no callbacks."
        placeholder={draft.callbackHosts.length === 0 ? 'Type a host, then Enter' : undefined}
        value={draft.callbackHosts}
        onChange={(callbackHosts) => onChange({ ...draft, callbackHosts })}
        error={problems.callback_hosts}
        splitChars={[',', ' ']}
        clearable
        data-testid="publish-callback-hosts"
      />
      <TagsInput
        label="Private address ranges"
        description="Only for hosts inside your network: the ranges callbacks may reach, e.g. 10.0.0.0/8."
        placeholder={draft.callbackRanges.length === 0 ? 'None' : undefined}
        value={draft.callbackRanges}
        onChange={(callbackRanges) => onChange({ ...draft, callbackRanges })}
        error={problems.callback_ranges}
        splitChars={[',', ' ']}
        clearable
        data-testid="publish-callback-ranges"
      />
    </Group>
  );
}

/**
 * "Publish as": who the version will serve once deployed, and how — a form, a batch over a table, an API — each to
 * groups, with the most sensitive output they may receive and how much each person may run. It starts as what is
 * live in the environment ("Keep as it is now"), so a new version does not lose its audience.
 */
export function PublishFields({ live, environment, value, onChange, problems, refused, generalProblem }: PublishFieldsProps) {
  const groups = useAudienceGroups();
  const { draft } = value;
  const setDraft = (next: InterfacesDraft) => onChange({ ...value, draft: next });
  return (
    <Stack gap="sm" data-testid="publish-fields" component="section" aria-labelledby="publish-as-title">
      <Stack gap={2}>
        <Title order={3} size="h5" id="publish-as-title">
          Publish as
        </Title>
        <Text size="xs" c="dimmed">
          Who may use this version in {environment} once it is deployed. Approvers see this, and the policy checks that each audience may
          receive what the version outputs.
        </Text>
      </Stack>
      <Radio.Group value={value.mode} onChange={(mode) => onChange({ ...value, mode: mode as PublishChoice['mode'] })} aria-label="Publish as">
        <Stack gap="xs">
          <Radio
            value="keep"
            label="Keep as it is now"
            description={<LiveSummary live={live} environment={environment} groups={groups.data} />}
            data-testid="publish-keep"
          />
          <Radio
            value="choose"
            label="Choose who it serves"
            description="Publish it as a form, a batch or an API, to the groups you choose"
            data-testid="publish-choose"
          />
        </Stack>
      </Radio.Group>
      {value.mode === 'keep' && refused.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} data-testid="publish-keep-refused">
          As it is now, the {refused.map((kind) => KIND_WORD[kind]).join(' and ')} would serve outputs its audience may not receive. Choose who it
          serves, with a higher clearance or another audience.
        </Alert>
      )}
      {value.mode === 'choose' && (
        <Stack gap="xs">
          {groups.isError && (
            <Alert color="red" title="The groups could not be loaded" role="alert">
              {errorMessage(groups.error)}
            </Alert>
          )}
          {INTERFACE_KINDS.map((kind) => (
            <InterfaceCard
              key={kind}
              kind={kind}
              value={draft[kind]}
              onChange={(next) => setDraft({ ...draft, [kind]: next })}
              groups={groups.data ?? []}
              problems={problems}
              refused={refused.includes(kind)}
            >
              {kind === 'api' && <Callbacks draft={draft} onChange={setDraft} problems={problems} />}
            </InterfaceCard>
          ))}
          {INTERFACE_KINDS.every((kind) => !draft[kind].enabled) && (
            <Text size="xs" c="dimmed" data-testid="publish-none">
              Nothing chosen: it will not be published in {environment}, only run from the pipeline.
            </Text>
          )}
        </Stack>
      )}
      {generalProblem !== null && (
        <Alert color="red" title="How it is published is not right" role="alert" data-testid="publish-problem">
          {generalProblem}
        </Alert>
      )}
    </Stack>
  );
}

import { Alert, Button, Drawer, Group, MultiSelect, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { EnvironmentView } from '../../api/types';
import { DrawerSection } from './DrawerSection';
import { useSaveEnvironment } from './environmentQueries';
import {
  checkEnvironment,
  initialEnvironment,
  MAX_APPROVALS,
  placedError,
  ruleOf,
  type EnvironmentErrors,
  type EnvironmentField,
  type EnvironmentState,
} from './environmentRules';
import { EnvironmentFreezeWindows } from './EnvironmentFreezeWindows';
import { useGroups } from './queries';
import { SLUG_MAX_LENGTH } from './slug';

interface FormProps {
  /** The environment changed; null to add one. */
  environment: EnvironmentView | null;
  /** The name of the environment before it in the chain (the one before the end, for a new one); null when first. */
  previous: string | null;
  onClose: () => void;
  onSaved: (environment: EnvironmentView, created: boolean) => void;
}

function EnvironmentForm({ environment, previous, onClose, onSaved }: FormProps) {
  const save = useSaveEnvironment();
  const groups = useGroups();
  const [state, setState] = useState<EnvironmentState>(() => initialEnvironment(environment));
  const [errors, setErrors] = useState<EnvironmentErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const creating = environment === null;

  const edit = (change: Partial<EnvironmentState>, ...fields: (keyof EnvironmentErrors)[]) => {
    setState((current) => ({ ...current, ...change }));
    if (fields.length > 0) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key as EnvironmentField))));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = checkEnvironment(state, creating);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = { slug: state.slug.trim(), name: state.name.trim(), rule: ruleOf(state) };
    save.mutate(
      { original: environment?.slug ?? null, body },
      {
        onSuccess: (saved) => onSaved(saved, creating),
        onError: (error) => {
          const where = placedError(error);
          if (where !== null) setErrors({ [where.field]: where.message });
          else if (creating && error instanceof ApiError && error.code === 'already_exists') setErrors({ slug: error.message });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  const groupNames = (groups.data ?? []).map((group) => group.name);
  const evidenceLabel = `Require a successful run in ${previous ?? 'the environment before'} first`;

  return (
    <form onSubmit={submit} noValidate data-testid="environment-form">
      <Stack gap="xl">
        <DrawerSection title="Environment">
          <TextInput
            label="Name"
            description="As people read it: Production, User acceptance."
            placeholder="User acceptance"
            required
            data-autofocus
            maxLength={100}
            value={state.name}
            onChange={(event) => edit({ name: event.currentTarget.value }, 'name')}
            error={errors.name}
          />
          {creating ? (
            <TextInput
              label="Short name"
              description="Used in addresses and by the command line (uat). Lower-case letters, digits and dashes; it cannot be changed later."
              placeholder="uat"
              required
              autoComplete="off"
              spellCheck={false}
              maxLength={SLUG_MAX_LENGTH}
              value={state.slug}
              onChange={(event) => edit({ slug: event.currentTarget.value }, 'slug')}
              error={errors.slug}
            />
          ) : (
            <TextInput label="Short name" value={environment.slug} readOnly disabled description="A short name cannot be changed." />
          )}
        </DrawerSection>

        <DrawerSection title="Who may deploy here">
          <Switch
            label="Builders may deploy without review"
            description="As in development: builders put their versions live here themselves. Off: every version goes through a review."
            checked={state.authorMayDeploy}
            onChange={(event) => edit({ authorMayDeploy: event.currentTarget.checked })}
          />
          <NumberInput
            label="Approvals required"
            description="How many approvers must approve a review. 0 deploys a submitted version at once."
            min={0}
            max={MAX_APPROVALS}
            clampBehavior="strict"
            allowDecimal={false}
            allowNegative={false}
            styles={{ wrapper: { maxWidth: 160 } }}
            value={state.approvals}
            onChange={(value) => edit({ approvals: value }, 'approvals_required')}
            error={errors.approvals_required}
          />
          <MultiSelect
            label="Approver groups"
            description="Only members of these groups may approve. Leave empty for any approver of the workspace."
            placeholder={state.groups.length === 0 ? (groups.isPending ? 'Loading groups…' : 'Any approver of the workspace') : undefined}
            data={groupNames}
            searchable
            clearable
            nothingFoundMessage={groupNames.length === 0 ? 'There are no groups yet: create them under Groups' : 'No group matches'}
            value={state.groups}
            onChange={(value) => edit({ groups: value }, 'approver_groups')}
            error={errors.approver_groups ?? (groups.isError ? `The groups could not be loaded: ${errorMessage(groups.error)}` : undefined)}
          />
          <Switch
            label={evidenceLabel}
            description="A version must have run successfully there before it may be deployed here: proof it was tried."
            checked={state.evidenceRequired}
            onChange={(event) => edit({ evidenceRequired: event.currentTarget.checked })}
          />
        </DrawerSection>

        <DrawerSection title="Freeze windows">
          <EnvironmentFreezeWindows
            windows={state.windows}
            onChange={(windows) =>
              edit(
                { windows },
                'freeze_windows',
                ...Object.keys(errors).filter((key) => key.startsWith('window-')) as (keyof EnvironmentErrors)[],
              )
            }
            errors={errors}
            error={errors.freeze_windows}
          />
        </DrawerSection>

        {formError !== null && (
          <Alert color="red" role="alert" title={creating ? 'The environment was not added' : 'Your changes were not saved'}>
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {creating ? 'Add environment' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface EnvironmentDrawerProps {
  opened: boolean;
  environment: EnvironmentView | null;
  previous: string | null;
  /** Changes to remount the form with fresh state each time it opens. */
  formKey: number;
  onClose: () => void;
  onSaved: (environment: EnvironmentView, created: boolean) => void;
}

/** Adds an environment, or changes one's name and publishing rule. */
export function EnvironmentDrawer({ opened, environment, previous, formKey, onClose, onSaved }: EnvironmentDrawerProps) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={650}>{environment === null ? 'Add an environment' : `Edit ${environment.name}`}</Text>}
    >
      <EnvironmentForm key={formKey} environment={environment} previous={previous} onClose={onClose} onSaved={onSaved} />
    </Drawer>
  );
}

import { Alert, Button, Divider, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import type { WorkspaceSummary } from '../../api/types';
import { ClearanceField, clearanceOf, type ClearanceValue } from '../admin/ClearanceField';
import { SLUG_MAX_LENGTH, slugProblem, useSuggestedSlug } from '../admin/slug';
import { useCreateKnowledgeBase } from './queries';
import { DEFAULT_LABEL, LABEL_WORDS } from './label';
import type { KnowledgeBase } from './types';

export const MAX_DESCRIPTION = 1000;

type Field = 'name' | 'slug' | 'workspace' | 'description' | 'label';
const FIELDS: readonly Field[] = ['name', 'slug', 'workspace', 'description', 'label'];

/** Where the API's refusal belongs: the field it names; a taken short name under the short name. */
function fieldOf(error: unknown): Field | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const named = FIELDS.find((field) => field === error.field);
  if (named !== undefined) return named;
  if (error.code === 'already_exists') return 'slug';
  return undefined;
}

interface FormProps {
  /** The workspaces where the person may create one; the first is chosen at first. */
  workspaces: readonly WorkspaceSummary[];
  onClose: () => void;
  onCreated: (base: KnowledgeBase) => void;
}

function NewKnowledgeBaseForm({ workspaces, onClose, onCreated }: FormProps) {
  const create = useCreateKnowledgeBase();
  const [name, setName] = useState('');
  const slug = useSuggestedSlug();
  const [workspace, setWorkspace] = useState<string | null>(workspaces[0]?.slug ?? null);
  const [description, setDescription] = useState('');
  const [label, setLabel] = useState<ClearanceValue>(DEFAULT_LABEL);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const clear = (field: Field) => setErrors(({ [field]: _, ...rest }) => rest);
  const workspaceName = (wanted: string | null) => workspaces.find((w) => w.slug === wanted)?.name ?? wanted ?? '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'Give the knowledge base a name, such as Claims policies';
    const problem = slugProblem(slug.slug.trim());
    if (problem !== null) found.slug = problem;
    if (workspace === null) found.workspace = 'Choose the workspace whose stewards look after it';
    setErrors(found);
    if (Object.keys(found).length > 0 || workspace === null) return;
    create.mutate(
      { name: name.trim(), slug: slug.slug.trim(), workspace, description: description.trim(), label: clearanceOf(label) },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const field = fieldOf(error);
          if (error instanceof ApiError && error.code === 'already_exists') {
            setErrors({ slug: `There is already a knowledge base called ${slug.slug.trim()} (perhaps one you cannot see): choose another short name` });
          } else if (field !== undefined && error instanceof ApiError) setErrors({ [field]: sentence(error.fieldMessage) });
          else if (error instanceof ApiError && error.status === 403 && error.code === 'forbidden') {
            setFormError(`Only the stewards of ${workspaceName(workspace)} and administrators can create knowledge bases there.`);
          } else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="new-knowledge-base-form">
      <Stack gap="md">
        {formError !== null && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="What builders see when they pick it, e.g. what the documents are about."
          placeholder="Claims policies"
          required
          data-autofocus
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            slug.follow(e.currentTarget.value);
            clear('name');
          }}
          error={errors.name}
        />
        <TextInput
          label="Short name"
          description="How workflows name it; lower-case letters, digits and dashes, starting with a letter. It cannot be changed later."
          placeholder="claims-policies"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={SLUG_MAX_LENGTH}
          value={slug.slug}
          onChange={(e) => {
            slug.edit(e.currentTarget.value);
            clear('slug');
          }}
          error={errors.slug}
        />
        <Select
          label="Workspace"
          description="Its stewards look after it: they add documents and decide who may use it."
          data={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          value={workspace}
          onChange={(value) => {
            setWorkspace(value);
            clear('workspace');
          }}
          allowDeselect={false}
          required
          error={errors.workspace}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Description"
          description="What it holds and what it is for, so that builders pick the right one."
          placeholder="The claims handling policies in force, with their annexes"
          autosize
          minRows={2}
          maxRows={5}
          maxLength={MAX_DESCRIPTION}
          value={description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            clear('description');
          }}
          error={errors.description}
        />
        <Divider label="How sensitive it is" labelPosition="left" mt="xs" />
        <ClearanceField
          value={label}
          onChange={(change) => {
            setLabel((current) => ({ ...current, ...change }));
            clear('label');
          }}
          words={LABEL_WORDS}
          testId="new-knowledge-base-label"
          error={errors.label}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create knowledge base
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The dialog in which a steward (or an administrator) creates a knowledge base; it starts empty and shared with nobody. */
export function NewKnowledgeBaseModal({ opened, ...props }: FormProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="New knowledge base" size="lg">
      <NewKnowledgeBaseForm {...props} />
    </Modal>
  );
}

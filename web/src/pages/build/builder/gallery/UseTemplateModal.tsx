import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../../../api/errors';
import { slugProblem } from '../../../admin/slug';
import { withDefinitionName } from '../../definitionName';
import { NAME_TAKEN, useSaveDraft } from '../../draftQueries';
import { draftPath } from '../../DraftTable';
import { ProblemList } from '../../ProblemList';
import { useNameFree, type WorkflowTemplate } from './templateQueries';

/** What the builder page is opened with after a workflow is made from a template. */
export interface CreatedFromTemplate {
  created: true;
  /** The template's sample inputs, for its test panel to start with. */
  sampleInputs: Record<string, unknown>;
}

interface UseTemplateProps {
  template: WorkflowTemplate;
  workspace: string;
  workspaceName: string;
  onClose: () => void;
}

/** Whether the name can be had, as it is typed: checked with the server once typing pauses. */
function NameStatus({ free, checking }: { free: boolean | undefined; checking: boolean }) {
  if (checking) return <Loader size={14} aria-label="Checking the name" />;
  if (free !== true) return null;
  return <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-label="The name is free" />;
}

function NameForm({ template, workspace, workspaceName, onClose }: UseTemplateProps) {
  const navigate = useNavigate();
  const save = useSaveDraft();
  const [name, setName] = useState(template.name);
  const [settled] = useDebouncedValue(name, 300);
  const problem = name === '' ? null : slugProblem(name);
  const free = useNameFree(workspace, settled === name && slugProblem(name) === null ? name : null);
  const taken = free.data === false;
  const saveError = save.error;

  const refusedName = saveError instanceof ApiError && (saveError.code === NAME_TAKEN || saveError.field === 'name');
  const nameError =
    problem ??
    (taken ? `There is already a workflow named “${name}” in ${workspaceName}. Choose another name.` : null) ??
    (refusedName ? saveError.fieldMessage : null);
  const definitionProblems = saveError instanceof ApiError && saveError.field === 'definition' ? saveError.problems : [];
  const otherError = saveError !== null && nameError === null && definitionProblems.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (slugProblem(name) !== null || taken) return;
    save.mutate(
      { slug: workspace, name, definition: withDefinitionName(template.definition, name), baseRevision: null },
      {
        onSuccess: (draft) => {
          const state: CreatedFromTemplate = { created: true, sampleInputs: template.sample_inputs };
          void navigate(draftPath(draft), { state });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="use-template-form">
      <Stack gap="md">
        <Text size="sm">
          A copy of “{template.title}” is saved as a draft in {workspaceName}. You can change everything in it, and try it
          with the template&apos;s sample inputs right away.
        </Text>
        <TextInput
          label="Name of your workflow"
          description="Lower-case letters, digits and dashes. It is how the workflow is known in its workspace."
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value.trim());
            save.reset();
          }}
          error={name === '' ? 'Choose a short name' : nameError}
          rightSection={<NameStatus free={free.data} checking={free.isFetching || settled !== name} />}
          required
          data-autofocus
          data-testid="template-name"
        />
        {free.isError && (
          <Text size="sm" c="dimmed">
            {`Whether the name is free could not be checked (${errorMessage(free.error)}). It is checked again when you save.`}
          </Text>
        )}
        {definitionProblems.length > 0 && (
          <ProblemList problems={definitionProblems} title="This template does not work on this server as it is" />
        )}
        {otherError && (
          <Alert color="red" title="The workflow could not be created" role="alert">
            {errorMessage(saveError)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={name === '' || problem !== null || taken} data-testid="template-create">
            Create workflow
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Names the workflow made from a template, checks the name is free, saves it and opens it in the builder. */
export function UseTemplateModal({ template, ...rest }: Omit<UseTemplateProps, 'template'> & { template: WorkflowTemplate | null }) {
  return (
    <Modal opened={template !== null} onClose={rest.onClose} title={template ? `Use “${template.title}”` : ''} size="md">
      {template && <NameForm key={template.name} template={template} {...rest} />}
    </Modal>
  );
}

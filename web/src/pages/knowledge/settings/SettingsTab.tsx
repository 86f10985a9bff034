import { Alert, Button, Code, Divider, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCircleCheck, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import { ClearanceField, clearanceOf, type ClearanceValue } from '../../admin/ClearanceField';
import { LABEL_WORDS, labelValue } from '../label';
import { MAX_DESCRIPTION } from '../NewKnowledgeBaseModal';
import { useUpdateKnowledgeBase } from '../queries';
import type { KnowledgeBase } from '../types';
import { DeleteKnowledgeBaseModal } from './DeleteKnowledgeBaseModal';

type Field = 'name' | 'description' | 'label';

function DetailsForm({ base }: { base: KnowledgeBase }) {
  const update = useUpdateKnowledgeBase(base.slug);
  const [name, setName] = useState(base.name);
  const [description, setDescription] = useState(base.description);
  const [label, setLabel] = useState<ClearanceValue>(() => labelValue(base.label));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = name.trim() !== base.name || description.trim() !== base.description || clearanceOf(label) !== base.label;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setNotice(null);
    if (!name.trim()) {
      setErrors({ name: 'Give the knowledge base a name' });
      return;
    }
    setErrors({});
    update.mutate(
      { name: name.trim(), description: description.trim(), label: clearanceOf(label) },
      {
        onSuccess: (saved) => {
          setName(saved.name);
          setDescription(saved.description);
          setLabel(labelValue(saved.label));
          setNotice('Your changes are saved.');
        },
        onError: (error) => {
          const field = error instanceof ApiError ? error.field : undefined;
          if (error instanceof ApiError && (field === 'name' || field === 'description' || field === 'label')) {
            setErrors({ [field]: sentence(error.fieldMessage) });
          } else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="lg">
      <form onSubmit={submit} noValidate aria-label="Knowledge base details" data-testid="knowledge-settings-form">
        <Stack gap="md">
          <Title order={2} size="h4">
            Details
          </Title>
          {notice !== null && (
            <Alert color="green" icon={<IconCircleCheck />} role="status" data-testid="settings-notice">
              {notice}
            </Alert>
          )}
          {formError !== null && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            label="Name"
            description="What builders see when they pick it."
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNotice(null);
            }}
            error={errors.name}
          />
          <Text size="xs" c="dimmed" mt={-8}>
            Workflows name it <Code fz="xs">{base.slug}</Code>; that does not change.
          </Text>
          <Textarea
            label="Description"
            description="What it holds and what it is for, so that builders pick the right one."
            autosize
            minRows={2}
            maxRows={6}
            maxLength={MAX_DESCRIPTION}
            value={description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              setNotice(null);
            }}
            error={errors.description}
          />
          <Divider label="How sensitive it is" labelPosition="left" mt="xs" />
          <ClearanceField
            value={label}
            onChange={(change) => {
              setLabel((current) => ({ ...current, ...change }));
              setNotice(null);
            }}
            words={LABEL_WORDS}
            testId="knowledge-label"
            error={errors.label}
          />
          <Group justify="flex-end">
            <Button type="submit" disabled={!changed} loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The knowledge base's name, description and label; and deleting it. For those who manage it. */
export function SettingsTab({ base }: { base: KnowledgeBase }) {
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  return (
    <Stack gap="xl">
      <DetailsForm base={base} />
      <Paper withBorder radius="md" p="lg" style={{ borderColor: 'var(--mantine-color-red-3)' }} data-testid="danger-zone">
        <Group justify="space-between" wrap="wrap" gap="md">
          <Stack gap={2} maw={640}>
            <Text fw={600}>Delete this knowledge base</Text>
            <Text size="sm" c="dimmed">
              Its documents and passages are deleted with it, and workflows that use it can no longer retrieve from it.
            </Text>
          </Stack>
          <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
            Delete…
          </Button>
        </Group>
      </Paper>
      <DeleteKnowledgeBaseModal
        base={base}
        opened={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          void navigate('/knowledge', { state: { deleted: base.name } });
        }}
      />
    </Stack>
  );
}

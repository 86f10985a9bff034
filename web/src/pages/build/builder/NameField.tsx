import { TextInput } from '@mantine/core';
import { ApiError } from '../../../api/errors';
import { slugProblem } from '../../admin/slug';
import { NAME_TAKEN } from '../draftQueries';

/** Why `name` cannot be a new workflow's name: its shape, or the last save's refusal; null when it can. */
export function nameProblem(name: string, saveError: unknown): string | null {
  if (name !== '' && slugProblem(name) !== null) return slugProblem(name);
  if (saveError instanceof ApiError && (saveError.code === NAME_TAKEN || saveError.field === 'name')) return saveError.message;
  return null;
}

/** A new workflow's name (its definition's `name:`), which it is saved under. */
export function NameField({ value, error, onChange }: { value: string; error: string | null; onChange: (name: string) => void }) {
  return (
    <TextInput
      label="Name"
      description="Lower-case letters, digits and dashes, e.g. leave-requests. It is how the workflow is known in its workspace."
      value={value}
      onChange={(event) => onChange(event.currentTarget.value.trim())}
      error={error}
      maw={520}
      required
      data-testid="builder-name"
    />
  );
}

import { Stack, Text } from '@mantine/core';
import { FileDrop } from '../../../apps/form/FileDrop';
import { fieldLabel, InputField } from '../../InputField';
import type { FieldValue } from '../../inputValues';
import type { InputDoc } from '../model/types';
import { testFileInput, type TestFileState } from './testFiles';

interface TestInputFieldsProps {
  inputs: Record<string, InputDoc>;
  values: Record<string, FieldValue>;
  errors: Record<string, string>;
  /** What each file input holds: the file uploaded for it, and the one on its way. */
  files: Record<string, TestFileState>;
  onChange: (name: string, value: FieldValue) => void;
  /** A file the input takes was chosen (upload it), or null: the file was removed. */
  onChooseFile: (name: string, file: File | null) => void;
  /** A file the input does not take was chosen: why, in words. */
  onRejectFile: (name: string, message: string) => void;
}

/** The words under a file field: the input's description and a sensitive classification, as the other fields have. */
function fileDescription(spec: InputDoc): string | undefined {
  const parts = [spec.description, spec.label && spec.label !== 'internal' ? `Classified ${spec.label}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * A file input of the test form: the app form's drop zone, uploading the file chosen at once (the run is then given
 * the upload's id), showing what the input takes, the file on its way, then the file uploaded with a Remove button.
 */
function TestFileField({
  name,
  spec,
  state,
  error,
  onChoose,
  onReject,
}: {
  name: string;
  spec: InputDoc;
  state: TestFileState | undefined;
  error: string | undefined;
  onChoose: (file: File | null) => void;
  onReject: (message: string) => void;
}) {
  return (
    <FileDrop
      input={testFileInput(name, spec)}
      label={fieldLabel(name)}
      description={fileDescription(spec)}
      file={state?.uploaded ?? null}
      uploading={state?.uploading ?? null}
      error={error}
      who="this input"
      testIds={{ input: `test-file-${name}`, name: `test-file-name-${name}` }}
      onChange={onChoose}
      onReject={onReject}
    />
  );
}

/** A field per input of the workflow, as the run form has them; a file input uploads its file when it is chosen. */
export function TestInputFields({ inputs, values, errors, files, onChange, onChooseFile, onRejectFile }: TestInputFieldsProps) {
  const names = Object.keys(inputs);
  if (names.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This workflow takes no inputs.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {names.map((name) => {
        const spec = inputs[name]!;
        return spec.type === 'file' ? (
          <TestFileField
            key={name}
            name={name}
            spec={spec}
            state={files[name]}
            error={errors[name]}
            onChoose={(file) => onChooseFile(name, file)}
            onReject={(message) => onRejectFile(name, message)}
          />
        ) : (
          <InputField key={name} name={name} spec={spec} value={values[name] ?? null} error={errors[name]} onChange={(value) => onChange(name, value)} />
        );
      })}
    </Stack>
  );
}

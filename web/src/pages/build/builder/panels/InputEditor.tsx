import { Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { InputType } from '../../../../api/types';
import type { InputDoc } from '../model/types';
import { InputDefaultField } from './InputDefaultField';
import { InputLabelField } from './InputLabelField';
import { INPUT_TYPES, ITEM_TYPES, nameProblem } from './inputTypes';

interface InputEditorProps {
  name: string;
  input: InputDoc;
  /** The other inputs' names. */
  taken: string[];
  /** Messages by what they are about: '' for the input itself, or `values`, `default`, `label`… */
  messages: Record<string, string[]>;
  onChange: (input: InputDoc) => void;
  onRename: (name: string) => void;
}

const SIZE = /^\s*\d+\s*(B|KB|MB|GB)?\s*$/i;

/** The input with `key` set, or removed when empty. */
function withKey<K extends keyof InputDoc>(input: InputDoc, key: K, value: InputDoc[K] | undefined): InputDoc {
  const next = { ...input };
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

/** A new type keeps only what still applies: choices for "one of", items for a list, limits for a file. */
function withType(input: InputDoc, type: InputType): InputDoc {
  const { values, items, accept, max_size, default: _default, ...rest } = input;
  return {
    ...rest,
    type,
    ...(type === 'enum' && values ? { values } : {}),
    ...(type === 'list' && items ? { items } : {}),
    ...(type === 'file' && accept ? { accept } : {}),
    ...(type === 'file' && max_size ? { max_size } : {}),
  };
}

const join = (messages: string[] | undefined) => (messages && messages.length > 0 ? messages.join(' ') : undefined);

/** Everything about one input: its name, type, whether it is required, its default, help text and sensitivity. */
export function InputEditor({ name, input, taken, messages, onChange, onRename }: InputEditorProps) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const problem = draft === name ? null : nameProblem(draft, taken, 'input');
  const commit = () => {
    if (draft !== name && problem === null) onRename(draft);
  };
  const sizeProblem = input.max_size !== undefined && !SIZE.test(input.max_size) ? 'Write a size such as 512KB or 10MB' : undefined;

  return (
    <Stack gap="sm">
      <TextInput
        label="Name"
        description={`Steps use it as inputs.${draft || name}`}
        required
        value={draft}
        error={problem ?? join(messages[''])}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(name);
        }}
      />
      <Select
        label="Type"
        data={INPUT_TYPES.map((t) => ({ value: t.value, label: t.label }))}
        value={input.type}
        allowDeselect={false}
        onChange={(type) => type !== null && onChange(withType(input, type as InputType))}
        error={join(messages.type)}
        comboboxProps={{ withinPortal: true }}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {INPUT_TYPES.find((t) => t.value === option.value)?.description}
            </Text>
          </Stack>
        )}
      />
      {input.type === 'enum' && (
        <TagsInput
          label="Choices"
          description="Type one, then press Enter"
          required
          value={input.values ?? []}
          onChange={(values) => onChange(withKey(input, 'values', values))}
          error={join(messages.values)}
          acceptValueOnBlur
        />
      )}
      {input.type === 'list' && (
        <Select
          label="Each item is"
          placeholder="Anything"
          data={ITEM_TYPES.map((t) => ({ value: t.value, label: t.label }))}
          value={input.items ?? null}
          onChange={(items) => onChange(withKey(input, 'items', (items ?? undefined) as InputType | undefined))}
          clearable
          error={join(messages.items)}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {input.type === 'file' && (
        <>
          <TagsInput
            label="Kinds of file accepted"
            description="Extensions or media types, such as .pdf or image/*; any kind when empty"
            value={input.accept ?? []}
            onChange={(accept) => onChange(withKey(input, 'accept', accept))}
            error={join(messages.accept)}
            acceptValueOnBlur
          />
          <TextInput
            label="Largest size"
            description="Such as 10MB"
            placeholder="The server's limit"
            value={input.max_size ?? ''}
            onChange={(e) => onChange(withKey(input, 'max_size', e.currentTarget.value))}
            error={sizeProblem ?? join(messages.max_size)}
            w={200}
          />
        </>
      )}
      <Switch
        label="Required"
        description="People must fill it in to run the workflow"
        checked={input.required === true}
        onChange={(e) => onChange(withKey(input, 'required', e.currentTarget.checked || undefined))}
      />
      <InputDefaultField input={input} onChange={(value) => onChange(withKey(input, 'default', value))} error={join(messages.default)} />
      <Textarea
        label="Help text"
        description="Shown under the field to the people filling in the form"
        value={input.description ?? ''}
        onChange={(e) => onChange(withKey(input, 'description', e.currentTarget.value))}
        error={join(messages.description)}
        autosize
        minRows={1}
        maxRows={5}
      />
      <InputLabelField value={input.label} onChange={(label) => onChange(withKey(input, 'label', label))} error={join(messages.label)} />
    </Stack>
  );
}

import { ActionIcon, Box, Popover, Textarea, Tooltip } from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ReferenceOption } from '../model/types';
import { InvalidReferenceList } from './InvalidReferenceList';
import { insertReference, matchingOptions, typingAt } from './referenceEditing';
import { invalidReferences, type InvalidReference } from './references';
import { MAX_SHOWN, optionId, ReferenceList } from './ReferenceList';

export interface TemplateFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** What may be written inside `{{ }}` here (see availableReferences). */
  references: ReferenceOption[];
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  error?: ReactNode;
  /** Rows shown before it grows with its text. */
  minRows?: number;
}

/** The list is open for a reference typed after `{{` (`typed`), or at the caret after Ctrl+Space or the button. */
type Suggesting = { query: string; mode: 'typed' | 'asked' } | null;

/**
 * Text that may hold `{{ expressions }}`. Typing `{{` (or Ctrl+Space, or the braces button) lists the inputs and step
 * results available here; arrows move, Enter inserts, Escape closes. References that do not resolve here are listed
 * under the field with the likely fix.
 */
export function TemplateField({
  label,
  value,
  onChange,
  references,
  description,
  placeholder,
  required,
  error,
  minRows = 1,
}: TemplateFieldProps) {
  const id = useId();
  const listId = `${id}-references`;
  const field = useRef<HTMLTextAreaElement>(null);
  const [suggesting, setSuggesting] = useState<Suggesting>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes once a chosen reference is in the text.
  const caretAfterInsert = useRef<number | null>(null);

  const shown = useMemo(
    () => (suggesting === null ? [] : matchingOptions(references, suggesting.query).slice(0, MAX_SHOWN)),
    [references, suggesting],
  );
  const invalid = useMemo(() => invalidReferences(value, references), [value, references]);
  const open = suggesting !== null;

  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    if (caret === null || field.current === null) return;
    caretAfterInsert.current = null;
    field.current.setSelectionRange(caret, caret);
  }, [value]);

  // The active option stays in sight while the arrows move through a long list.
  useEffect(() => {
    if (open) document.getElementById(optionId(listId, active))?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  const follow = (text: string, caret: number, mode: 'typed' | 'asked' | null) => {
    const typing = typingAt(text, caret);
    if (typing !== null && mode !== null) setSuggesting({ query: typing.query, mode });
    else if (mode === 'asked') setSuggesting({ query: '', mode });
    else setSuggesting(null);
    setActive(0);
  };

  const ask = () => {
    const element = field.current;
    element?.focus();
    follow(value, element?.selectionStart ?? value.length, 'asked');
  };

  const choose = (option: ReferenceOption) => {
    const caret = field.current?.selectionStart ?? value.length;
    const next = insertReference(value, caret, option.path);
    caretAfterInsert.current = next.caret;
    setSuggesting(null);
    onChange(next.text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      return ask();
    }
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (shown.length > 0) setActive((current) => (current + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' && shown[active] !== undefined) {
      event.preventDefault();
      choose(shown[active]);
    } else if (event.key === 'Escape') {
      // Closes the list only, not the drawer or dialog the field is in.
      event.preventDefault();
      event.stopPropagation();
      setSuggesting(null);
    } else if (event.key === 'Tab') {
      setSuggesting(null);
    }
  };

  const fix = (reference: InvalidReference) =>
    onChange(value.slice(0, reference.start) + (reference.suggestion ?? reference.path) + value.slice(reference.end));

  return (
    <Box>
      <Popover
        opened={open}
        position="bottom-start"
        width="target"
        withRoles={false}
        hideDetached={false}
        trapFocus={false}
        returnFocus={false}
        closeOnEscape={false}
        onDismiss={() => setSuggesting(null)}
        shadow="md"
      >
        <Popover.Target>
          <Textarea
            ref={field}
            id={id}
            label={label}
            labelProps={{ id: `${id}-label` }}
            description={description}
            placeholder={placeholder ?? 'Type {{ to use an input or a result of an earlier step'}
            required={required}
            // Invalid references are part of the error, so that the field reads as invalid and its message is read out.
            error={
              error !== undefined || invalid.length > 0 ? (
                <>
                  {error}
                  <InvalidReferenceList invalid={invalid} onFix={fix} />
                </>
              ) : undefined
            }
            errorProps={{ component: 'div' }}
            value={value}
            autosize
            minRows={minRows}
            maxRows={12}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={open && shown.length > 0 ? listId : undefined}
            aria-activedescendant={open && shown[active] !== undefined ? optionId(listId, active) : undefined}
            onChange={(event) => {
              const { value: text, selectionStart } = event.currentTarget;
              onChange(text);
              follow(text, selectionStart, 'typed');
            }}
            onKeyDown={onKeyDown}
            onSelect={(event) => {
              if (suggesting?.mode === 'typed') follow(event.currentTarget.value, event.currentTarget.selectionStart, 'typed');
            }}
            onBlur={() => setSuggesting(null)}
            rightSectionPointerEvents="all"
            rightSection={
              <Tooltip label="Insert a value (Ctrl+Space)" withArrow>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  aria-label="Insert a value from an input or a step"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={ask}
                >
                  <IconBraces size={16} />
                </ActionIcon>
              </Tooltip>
            }
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
          />
        </Popover.Target>
        <Popover.Dropdown p={4}>
          <ReferenceList
            id={listId}
            labelledBy={`${id}-label`}
            options={shown}
            active={active}
            query={suggesting?.query ?? ''}
            onActivate={setActive}
            onChoose={choose}
          />
        </Popover.Dropdown>
      </Popover>
    </Box>
  );
}

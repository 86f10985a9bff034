import { JsonInput } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface JsonValueFieldProps {
  label: ReactNode;
  value: unknown;
  /** Called with each value that parses; `undefined` when the text is emptied. */
  onChange: (value: unknown) => void;
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  error?: ReactNode;
  errorProps?: { component: 'div' };
  minRows?: number;
}

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

/**
 * Structured data edited as JSON. The text is kept as typed while it does not parse (so a half-written object is not
 * lost); each text that parses is passed on at once.
 */
export function JsonValueField({
  label,
  value,
  onChange,
  description,
  placeholder,
  required,
  error,
  errorProps,
  minRows = 3,
}: JsonValueFieldProps) {
  const [text, setText] = useState(() => show(value));
  // The value the text last stood for: a value changed elsewhere (undo, another panel) replaces the text.
  const shown = useRef(value);
  useEffect(() => {
    if (JSON.stringify(value) !== JSON.stringify(shown.current)) {
      shown.current = value;
      setText(show(value));
    }
  }, [value]);

  return (
    <JsonInput
      label={label}
      description={description}
      placeholder={placeholder ?? '{ "name": "value" }'}
      required={required}
      value={text}
      validationError="This is not valid JSON yet: check the quotes, commas and brackets"
      error={error}
      errorProps={errorProps}
      formatOnBlur
      autosize
      minRows={minRows}
      maxRows={16}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
      onChange={(next) => {
        setText(next);
        if (next.trim() === '') {
          shown.current = undefined;
          return onChange(undefined);
        }
        try {
          const parsed: unknown = JSON.parse(next);
          shown.current = parsed;
          onChange(parsed);
        } catch {
          // Not valid yet: wait for more typing.
        }
      }}
    />
  );
}

import { NumberInput, type NumberInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';

type NumberFieldProps = Omit<NumberInputProps, 'value' | 'onChange'> & {
  value: number | undefined;
  /** Each complete number typed; undefined when emptied. */
  onChange: (value: number | undefined) => void;
};

/**
 * A number input whose half-typed text ("0.", "-") stays on screen: only complete numbers are passed on, and the
 * shown text follows the value only when the value changes elsewhere.
 */
export function NumberField({ value, onChange, ...props }: NumberFieldProps) {
  const [shown, setShown] = useState<number | string>(value ?? '');
  useEffect(() => {
    setShown((current) => (value === (typeof current === 'number' ? current : undefined) ? current : (value ?? '')));
  }, [value]);
  return (
    <NumberInput
      {...props}
      value={shown}
      onChange={(next) => {
        setShown(next);
        if (typeof next === 'number') onChange(next);
        else if (next === '') onChange(undefined);
      }}
    />
  );
}

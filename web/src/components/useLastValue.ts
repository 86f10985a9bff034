import { useState } from 'react';

/** `value`, or the last non-null one while it is null: keeps a closing modal's content on screen. */
export function useLastValue<T>(value: T | null): T | null {
  const [last, setLast] = useState<T | null>(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}

import type { CSSProperties } from 'react';

/** The colours of what a diff shows removed and added, shared by words, values and lines. */
export const REMOVED: CSSProperties = {
  backgroundColor: 'var(--mantine-color-red-1)',
  color: 'var(--mantine-color-red-9)',
  textDecorationColor: 'var(--mantine-color-red-7)',
  borderRadius: 3,
  padding: '0 2px',
};

export const ADDED: CSSProperties = {
  backgroundColor: 'var(--mantine-color-green-1)',
  color: 'var(--mantine-color-green-9)',
  textDecoration: 'none',
  borderRadius: 3,
  padding: '0 2px',
};

/** Text that keeps its line breaks and wraps long words. */
export const PRE_WRAP: CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' };

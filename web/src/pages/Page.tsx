import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/** The content column of every page inside the app frame. */
export function Page({ children }: { children: ReactNode }) {
  return <Box maw={1120}>{children}</Box>;
}

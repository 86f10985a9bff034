import type { ReactNode } from 'react';

/** Props that show messages under a Mantine field, one a line (none: no error). */
export function fieldError(messages: readonly string[]): { error?: ReactNode; errorProps?: { component: 'div' } } {
  if (messages.length === 0) return {};
  return {
    error: messages.length === 1 ? messages[0] : messages.map((message) => <div key={message}>{message}</div>),
    errorProps: { component: 'div' as const },
  };
}

import { Alert, List, ScrollArea, Text } from '@mantine/core';
import { IconShieldExclamation } from '@tabler/icons-react';
import { ApiError, sentence } from '../../../api/errors';

/** One policy violation as an error's `details.violations` lists it. */
export interface ListedViolation {
  message: string;
  fix: string | null;
  step: string | null;
}

/** The violations an error lists in `details.violations`, read with care: only those with a message. */
export function violationsOf(error: unknown): ListedViolation[] {
  if (!(error instanceof ApiError)) return [];
  const { violations } = error.details;
  if (!Array.isArray(violations)) return [];
  return violations.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { message, fix, step, path } = item as { message?: unknown; fix?: unknown; step?: unknown; path?: unknown };
    if (typeof message !== 'string' || message === '') return [];
    // What reaches an audience through the outputs names no step of its own ("outputs"): the message says where.
    const named = typeof step === 'string' && step !== '' && !(path === 'outputs' && step === 'outputs') ? step : null;
    return [{ message, fix: typeof fix === 'string' && fix !== '' ? fix : null, step: named }];
  });
}

/** "This version breaks Production's policy (2 problems)": the count, and where when it is known. */
export function violationTitle(count: number, environment?: string): string {
  const whose = environment ? `${environment}'s policy` : "this environment's policy";
  return count === 0 ? `This version breaks ${whose}` : `This version breaks ${whose} (${count} problem${count === 1 ? '' : 's'})`;
}

/**
 * Why the environment's policy refuses the version: a short title, then each violation as the server wrote it (it
 * starts with a path such as `inputs.body`, so it is not capitalised) with what would fix it. The server's message is
 * shown only when there is no list, since it repeats the first violation. A long list scrolls on its own, so that the
 * dialog's buttons stay in view.
 */
export function ViolationList({ message, violations, environment }: { message: string; violations: readonly ListedViolation[]; environment?: string }) {
  return (
    <Alert color="red" icon={<IconShieldExclamation />} title={violationTitle(violations.length, environment)} role="alert" data-testid="submit-violations">
      {violations.length === 0 ? (
        <Text size="sm">{sentence(message)}</Text>
      ) : (
        <ScrollArea.Autosize mah="30vh" type="auto" offsetScrollbars data-testid="submit-violations-scroll">
          <List spacing="sm" size="sm">
            {violations.map((violation, index) => (
              <List.Item key={`${violation.step ?? ''}-${index}`} data-testid="submit-violation">
                <Text size="sm" fw={600}>
                  {violation.step !== null && `Step ${violation.step}: `}
                  {violation.message}
                </Text>
                {violation.fix !== null && (
                  <Text size="sm" data-testid="submit-violation-fix">
                    <Text span fw={600} size="sm">
                      How to fix it:{' '}
                    </Text>
                    {sentence(violation.fix)}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
      )}
    </Alert>
  );
}

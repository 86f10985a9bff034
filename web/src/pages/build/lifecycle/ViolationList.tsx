import { Alert, List, Text } from '@mantine/core';
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
    const { message, fix, step } = item as { message?: unknown; fix?: unknown; step?: unknown };
    if (typeof message !== 'string' || message === '') return [];
    return [{ message, fix: typeof fix === 'string' && fix !== '' ? fix : null, step: typeof step === 'string' && step !== '' ? step : null }];
  });
}

/** Why the environment's policy refuses the version: the server's message, then each violation with what would fix it. */
export function ViolationList({ message, violations }: { message: string; violations: readonly ListedViolation[] }) {
  return (
    <Alert color="red" icon={<IconShieldExclamation />} title="The version breaks this environment's policy" role="alert" data-testid="submit-violations">
      <Text size="sm" mb={violations.length > 0 ? 'sm' : 0}>
        {sentence(message)}
      </Text>
      {violations.length > 0 && (
        <List spacing="sm" size="sm">
          {violations.map((violation, index) => (
            <List.Item key={`${violation.step ?? ''}-${index}`} data-testid="submit-violation">
              <Text size="sm" fw={600}>
                {violation.step !== null && `Step ${violation.step}: `}
                {sentence(violation.message)}
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
      )}
    </Alert>
  );
}

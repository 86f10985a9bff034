import { Alert, Text } from '@mantine/core';
import { IconCalendarPause, IconGavel } from '@tabler/icons-react';
import { localTime } from '../../audit/format';
import type { EnvironmentView } from './types';
import { ruleWords } from './words';

/** An environment's publishing rule in words, and the freeze window in force there, if any. */
export function RuleSummary({ environment, environments }: { environment: EnvironmentView; environments: readonly EnvironmentView[] }) {
  const frozen = environment.frozen_now ?? null;
  return (
    <>
      <Alert color="gray" variant="light" icon={<IconGavel />} data-testid="rule-summary">
        <Text size="sm">{ruleWords(environment, environments)}.</Text>
      </Alert>
      {frozen !== null && (
        <Alert color="orange" icon={<IconCalendarPause />} title="Freeze window" data-testid="freeze-window">
          Nothing is deployed to {environment.name} until {localTime(frozen.ends_at)}: {frozen.reason}
        </Alert>
      )}
    </>
  );
}

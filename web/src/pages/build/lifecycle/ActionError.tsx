import { Alert } from '@mantine/core';
import { IconAlertTriangle, IconSnowflake } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../../../api/errors';
import { ViolationList, violationsOf } from './ViolationList';

/**
 * Why a deployment, review, rollback or run was refused, in the server's words: the policy's violations listed with
 * their fixes, missing evidence and freezes as warnings, anything else as an error. `environment` is the name of
 * the environment the action was for, to say whose policy refuses it.
 */
export function ActionError({ error, title, environment }: { error: unknown; title: string; environment?: string }) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.code === 'policy_violation') {
    return <ViolationList message={error.message} violations={violationsOf(error)} environment={environment} />;
  }
  if (error instanceof ApiError && error.code === 'evidence_required') {
    return (
      <Alert color="orange" icon={<IconAlertTriangle />} title="Not tried there yet" role="alert" data-testid="evidence-required">
        {errorMessage(error)}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.code === 'frozen') {
    return (
      <Alert color="red" icon={<IconSnowflake />} title="Frozen" role="alert" data-testid="action-frozen">
        {errorMessage(error)}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={title} role="alert" data-testid="action-error">
      {errorMessage(error)}
    </Alert>
  );
}

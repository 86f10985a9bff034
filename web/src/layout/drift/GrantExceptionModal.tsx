import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { useLastValue } from '../../components/useLastValue';
import { useGrantException } from './queries';
import {
  checkException,
  defaultUntil,
  exceptionInForce,
  exceptionWords,
  latestUntil,
  MAX_EXCEPTION_DAYS,
  toLocalInput,
  type DriftNotice,
  type ExceptionErrors,
  type PolicyException,
} from './words';

interface GrantExceptionModalProps {
  /** The deployment to grant an exception to; null when closed. */
  notice: DriftNotice | null;
  /** The environment's name, for the words. */
  environmentName: (slug: string) => string;
  onClose: () => void;
  onGranted: (exception: PolicyException, notice: DriftNotice) => void;
}

function GrantForm({ notice, environmentName, onClose, onGranted }: Omit<GrantExceptionModalProps, 'notice'> & { notice: DriftNotice }) {
  const grant = useGrantException();
  const [now] = useState(() => Date.now());
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => defaultUntil(now));
  const [errors, setErrors] = useState<ExceptionErrors>({});
  const current = exceptionInForce(notice);
  // The server's word on a field, under it; anything else above the buttons.
  const serverField = grant.error instanceof ApiError ? grant.error.field : undefined;
  const onField = serverField === 'reason' || serverField === 'until' ? serverField : undefined;

  const submit = () => {
    const checked = checkException({ reason, until }, Date.now());
    setErrors(checked.errors);
    if (checked.body === null) return;
    grant.mutate({ notice, ...checked.body }, { onSuccess: (exception) => onGranted(exception, notice) });
  };

  return (
    <Stack gap="md" data-testid="grant-exception-modal">
      <Text size="sm">
        {notice.workflow} v{notice.version} in {environmentName(notice.environment)} keeps running until the time you choose: its
        runs pass the clearance checks at sinks, and each pass is audited. A connection closed to the workspace, or an action
        no longer permitted, stays closed.
      </Text>
      {current && (
        <Text size="sm" c="dimmed" data-testid="grant-exception-current">
          In force now: {exceptionWords(current)}. Granting another replaces it.
        </Text>
      )}
      <Textarea
        label="Reason"
        description="Recorded in the audit trail and shown to everyone who sees the deployment"
        placeholder="The CRM's new clearance is being reviewed; the old flow stays until then"
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setErrors((previous) => ({ ...previous, reason: undefined }));
        }}
        error={errors.reason ?? (onField === 'reason' && grant.error instanceof ApiError ? grant.error.fieldMessage : undefined)}
        required
        maxLength={500}
        autosize
        minRows={2}
        data-autofocus
      />
      <TextInput
        type="datetime-local"
        label="Ends"
        description={`In your time zone; at most ${MAX_EXCEPTION_DAYS} days ahead`}
        value={until}
        min={toLocalInput(new Date(now))}
        max={toLocalInput(latestUntil(now))}
        onChange={(event) => {
          setUntil(event.currentTarget.value);
          setErrors((previous) => ({ ...previous, until: undefined }));
        }}
        error={errors.until ?? (onField === 'until' && grant.error instanceof ApiError ? grant.error.fieldMessage : undefined)}
        required
        data-testid="grant-exception-until"
      />
      {grant.isError && onField === undefined && (
        <Alert color="red" title="The exception could not be granted" role="alert" data-testid="grant-exception-error">
          {errorMessage(grant.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="yellow.8" leftSection={<IconShieldCheck size={16} />} loading={grant.isPending} onClick={submit}>
          Grant exception
        </Button>
      </Group>
    </Stack>
  );
}

/** Lets a deployment that breaks policy keep running until a date, with a reason (admins). */
export function GrantExceptionModal({ notice: current, ...rest }: GrantExceptionModalProps) {
  const notice = useLastValue(current);
  return (
    <Modal
      opened={current !== null}
      onClose={rest.onClose}
      title={notice ? `Grant an exception to ${notice.workflow} in ${rest.environmentName(notice.environment)}` : ''}
      size="lg"
    >
      {current !== null && <GrantForm notice={current} {...rest} />}
    </Modal>
  );
}

/** How a run or a step is shown: its word and the colour of its badge (as the audit page's outcomes). */
export interface StatusLook {
  label: string;
  color: string;
}

const RUN_STATUS: Readonly<Record<string, StatusLook>> = {
  queued: { label: 'Queued', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  waiting: { label: 'Waiting for approval', color: 'yellow' },
  succeeded: { label: 'Succeeded', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

/** A step without a record yet: not reached so far (or never, once the run has ended). */
export const NOT_STARTED = 'not_started';

const STEP_STATUS: Readonly<Record<string, StatusLook>> = {
  [NOT_STARTED]: { label: 'Not started', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  waiting: { label: 'Waiting', color: 'yellow' },
  succeeded: { label: 'Succeeded', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
};

function look(table: Readonly<Record<string, StatusLook>>, status: string): StatusLook {
  return table[status] ?? { label: status.charAt(0).toUpperCase() + status.slice(1), color: 'gray' };
}

export const runStatus = (status: string): StatusLook => look(RUN_STATUS, status);
export const stepStatus = (status: string): StatusLook => look(STEP_STATUS, status);

const FINAL_RUN = new Set(['succeeded', 'failed', 'cancelled']);
const DONE_STEP = new Set(['succeeded', 'failed', 'skipped']);

/** Whether a run has ended: nothing about it changes any more. */
export function isFinalRun(status: string): boolean {
  return FINAL_RUN.has(status);
}

/** Whether a step is over (it ran, failed or was skipped). */
export function isDoneStep(status: string): boolean {
  return DONE_STEP.has(status);
}

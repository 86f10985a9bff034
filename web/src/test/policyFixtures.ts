import type { Violation } from '../api/types';

/** The demo's classic violation: confidential/pii claim text sent to hosted-general. */
export const CLAIM_TO_HOSTED: Violation = {
  path: 'steps[1]',
  step: 'summary',
  source: 'inputs.claim',
  label: 'confidential/pii',
  through: ['clean'],
  sink: 'the model hosted-general',
  clearance: 'internal',
  message:
    'inputs.claim is confidential/pii and reaches the model hosted-general through clean at step summary, but hosted-general is cleared only for internal',
  fix: 'use private-secure, which is cleared for confidential/pii, or do not send inputs.claim to step summary',
};

import type { components } from '../api/schema.gen';
import type { SessionInfo } from '../api/types';
import { session } from './fakeServer';
import { DEV, PROD, STAGING } from './lifecycleFixtures';

type Schemas = components['schemas'];

/** A live deployment that breaks policy: ticket-triage v1 in prod, its model too weakly cleared for an internal input. */
export function driftNotice(overrides: Partial<Schemas['DriftNotice']> = {}): Schemas['DriftNotice'] {
  return {
    workspace: 'it-service-desk',
    workflow: 'ticket-triage',
    environment: 'prod',
    version: 1,
    violations: [
      {
        path: 'steps[0]',
        step: 'classify',
        source: 'inputs.body',
        label: 'internal',
        through: [],
        sink: 'the model builtin',
        clearance: 'public',
        message: 'inputs.body (internal) reaches the model builtin, cleared for public only',
        fix: 'use a model cleared for internal data, or raise the clearance of builtin',
      },
    ],
    frozen: false,
    exception: null,
    ...overrides,
  };
}

/** An exception in force until well after any test runs. */
export const EXCEPTION: Schemas['ExceptionView'] = {
  reason: 'The model is being re-assessed',
  until: '2099-12-12T10:00:00Z',
  granted_by: 'admin@demo.local',
};

/** An organisation-wide admin who may open Build. */
export function adminSession(): SessionInfo {
  return session({
    display_name: 'Avery Admin',
    email: 'admin@demo.local',
    grants: [{ role: 'admin', workspace: null }],
    workspaces: [
      { slug: 'it-service-desk', name: 'IT Service Desk' },
      { slug: 'claims', name: 'Claims' },
    ],
    navigation: ['build', 'review', 'runs', 'admin', 'audit'],
  });
}

export const CHAIN = [DEV, STAGING, PROD];

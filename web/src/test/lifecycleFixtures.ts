import type { components } from '../api/schema.gen';
import type { DraftView, SessionInfo } from '../api/types';
import { session } from './fakeServer';

type Schemas = components['schemas'];

export const TRIAGE = '/api/v1/workspaces/it-service-desk/workflows/ticket-triage';
export const DEFINITION =
  'apiVersion: paddock/v1\nkind: Workflow\nname: ticket-triage\ninputs:\n  subject: { type: string, required: true }\nsteps: []\n';

/** A person with `roles` in IT Service Desk, who may open Build. */
export function personWith(roles: Schemas['Role'][], email = 'builder@demo.local'): SessionInfo {
  return session({
    display_name: 'Blake Builder',
    email,
    grants: roles.map((role) => ({ role, workspace: 'it-service-desk' })),
    workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
    navigation: ['build', 'review', 'runs'],
  });
}

export function triageDraft(overrides: Partial<DraftView> = {}): DraftView {
  return {
    workspace: 'it-service-desk',
    name: 'ticket-triage',
    description: 'Route incoming IT tickets',
    definition: DEFINITION,
    revision: 4,
    updated_by: 'builder@demo.local',
    updated_at: '2026-11-27T09:30:00Z',
    valid: true,
    problems: [],
    policy: [],
    ...overrides,
  };
}

export function version(number: number, overrides: Partial<Schemas['VersionDetail']> = {}): Schemas['VersionDetail'] {
  return {
    number,
    digest: `sha256:${String(number).repeat(64).slice(0, 64)}`,
    message: `Change number ${number}`,
    draft_revision: number + 1,
    created_by: 'builder@demo.local',
    created_at: '2026-11-27T10:00:00Z',
    editors: ['builder@demo.local'],
    definition: DEFINITION,
    ...overrides,
  };
}

export function environment(slug: string, name: string, position: number, rule: Partial<Schemas['RuleView']> = {}): Schemas['EnvironmentView'] {
  const dev = position === 0;
  return {
    slug,
    name,
    position,
    rule: {
      approvals_required: dev ? 0 : 1,
      approver_groups: dev ? [] : ['IT approvers'],
      author_may_deploy: dev,
      evidence_required: !dev,
      freeze_windows: [],
      ...rule,
    },
    frozen_now: null,
  };
}

export const DEV = environment('dev', 'Development', 0);
export const STAGING = environment('staging', 'Staging', 1);
export const PROD = environment('prod', 'Production', 2);

export function deployment(environmentSlug: string, number: number, overrides: Partial<Schemas['DeploymentView']> = {}): Schemas['DeploymentView'] {
  return {
    environment: environmentSlug,
    version: number,
    how: 'direct',
    reason: null,
    deployed_by: 'builder@demo.local',
    deployed_at: '2026-11-27T11:00:00Z',
    ended_at: null,
    review: null,
    frozen: null,
    interfaces: {},
    ...overrides,
  };
}

export function review(id: string, number: number, environmentSlug: string): Schemas['ReviewSummary'] {
  return {
    id,
    workspace: 'it-service-desk',
    workflow: 'ticket-triage',
    version: number,
    environment: environmentSlug,
    status: 'open',
    message: 'Please',
    submitted_by: 'builder@demo.local',
    submitted_at: '2026-11-27T12:00:00Z',
    approvals: 0,
    approvals_required: 1,
    awaiting_you: false,
    interfaces: {},
  };
}

/** v2 live in dev (v1 before it), v1 in staging through a review, prod empty with v2 waiting for review. */
export function pipeline(): Schemas['Pipeline'] {
  return {
    workflow: 'ticket-triage',
    stages: [
      { environment: PROD, live: null, open_reviews: [review('rev-9', 2, 'prod')] },
      { environment: DEV, live: deployment('dev', 2), open_reviews: [] },
      { environment: STAGING, live: deployment('staging', 1, { how: 'review', review: 'rev-1', deployed_by: 'approver@demo.local' }), open_reviews: [] },
    ],
    history: [
      deployment('dev', 2),
      deployment('staging', 1, { how: 'review', review: 'rev-1', deployed_by: 'approver@demo.local' }),
      deployment('dev', 1, { ended_at: '2026-11-27T11:00:00Z', deployed_at: '2026-11-27T10:30:00Z' }),
    ],
  };
}

export const COMPARISON: Schemas['Comparison'] = {
  from: 'v1',
  to: 'v2',
  semantic: {
    steps_added: [{ id: 'page_oncall', uses: 'connector' }],
    steps_removed: [],
    steps_changed: [],
    inputs_added: [],
    inputs_removed: [],
    inputs_changed: [],
    outputs_added: [],
    outputs_removed: [],
    outputs_changed: [],
    uses_added: [],
    uses_removed: [],
    changed: true,
  },
  text: [
    { op: 'same', text: 'name: ticket-triage\nsteps:' },
    { op: 'added', text: '  - id: page_oncall\n    uses: connector' },
  ],
};

import type { Comparison, EnvironmentView, ReviewDetail, ReviewSummary, SemanticDiff } from '../api/types';

export function semantic(overrides: Partial<SemanticDiff> = {}): SemanticDiff {
  return {
    steps_added: [],
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
    changed: false,
    ...overrides,
  };
}

/** v2 → v3 of ticket-triage: a prompt reworded, the model changed, a ticket step added, an input relabelled. */
export const ticketTriageChanges: Comparison = {
  from: 'v2',
  to: 'v3',
  semantic: semantic({
    steps_added: [{ id: 'open_ticket', uses: 'connector' }],
    steps_removed: [{ id: 'queue_ticket', uses: 'template' }],
    steps_changed: [
      {
        id: 'classify',
        uses: 'llm.classify',
        fields: [
          {
            path: 'with.prompt',
            before: 'Sort the ticket by urgency' as never,
            after: 'Sort the ticket by urgency and team' as never,
            words: [
              { op: 'same', text: 'Sort the ticket by' },
              { op: 'removed', text: 'urgency' },
              { op: 'added', text: 'urgency and team' },
            ],
          },
          { path: 'with.model', before: 'builtin' as never, after: 'hosted-general' as never },
          { path: 'with.temperature', after: 0.2 as never },
        ],
      },
      { id: 'route', uses: 'branch', fields: [{ path: 'needs', before: ['classify'] as never }] },
    ],
    inputs_added: ['priority'],
    inputs_changed: [{ path: 'inputs.body.label', before: 'internal' as never, after: 'confidential/pii' as never }],
    outputs_removed: ['queue'],
    uses_added: ['connection tickets: create_ticket', 'model hosted-general'],
    uses_removed: ['model builtin'],
    changed: true,
  }),
  text: [
    { op: 'same', text: 'name: ticket-triage\nsteps:\n  - id: classify\n    uses: llm.classify\n    with:\n      a: 1\n      b: 2\n      c: 3\n      d: 4' },
    { op: 'removed', text: '      model: builtin' },
    { op: 'added', text: '      model: hosted-general\n      temperature: 0.2' },
    { op: 'same', text: 'outputs:\n  result: x' },
  ],
};

export const noChanges: Comparison = { from: 'v2', to: 'v2', semantic: semantic(), text: [{ op: 'same', text: 'name: a\nsteps: []' }] };

export function environment(slug: string, name: string, position: number, overrides: Partial<EnvironmentView['rule']> = {}): EnvironmentView {
  const dev = slug === 'dev';
  return {
    slug,
    name,
    position,
    rule: {
      approvals_required: dev ? 0 : 1,
      approver_groups: [],
      author_may_deploy: dev,
      evidence_required: !dev,
      freeze_windows: [],
      ...overrides,
    },
    frozen_now: null,
  };
}

export const chain: EnvironmentView[] = [
  environment('dev', 'Development', 0),
  environment('staging', 'Staging', 1),
  environment('prod', 'Production', 2, { approvals_required: 2 }),
];

export function reviewSummary(overrides: Partial<ReviewSummary> = {}): ReviewSummary {
  return {
    id: 'rv1',
    workspace: 'it-service-desk',
    workflow: 'ticket-triage',
    version: 3,
    environment: 'prod',
    status: 'open',
    message: 'Open tickets in the real ticketing tool',
    submitted_by: 'builder@demo.local',
    submitted_at: '2026-11-27T09:00:00Z',
    closed_at: null,
    approvals: 1,
    approvals_required: 2,
    awaiting_you: true,
    interfaces: {},
    ...overrides,
  };
}

export function reviewDetail(overrides: Partial<ReviewDetail> = {}): ReviewDetail {
  return {
    ...reviewSummary(),
    live_version: 2,
    compared_with: 2,
    changes: ticketTriageChanges,
    violations: [],
    evidence_environment: 'staging',
    evidence_required: true,
    evidence: [{ run: 'run-42', environment: 'staging', finished_at: '2026-11-26T15:00:00Z' }],
    events: [
      { kind: 'comment', by: 'builder@demo.local', body: 'Tried it in staging on ten tickets.', at: '2026-11-27T09:05:00Z' },
      { kind: 'approve', by: 'lead@demo.local', body: 'Looks right.', at: '2026-11-27T10:00:00Z' },
    ],
    authors: ['builder@demo.local'],
    your_part: { may_decide: true, reason: null },
    ...overrides,
  };
}

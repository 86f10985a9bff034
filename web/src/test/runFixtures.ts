import type { RunView, StepView, WorkflowDefinition } from '../api/types';

/** The Build page's example, as the run's `definition` JSON. */
export const triageDefinition: WorkflowDefinition = {
  name: 'ticket-triage',
  steps: [
    {
      id: 'kind',
      uses: 'llm.classify',
      with: { model: 'builtin', text: '{{ inputs.subject }} {{ inputs.body }}', categories: ['network', 'hardware', 'access'] },
    },
    { id: 'urgency', uses: 'template', with: { value: "{{ 'high' if 'outage' in (inputs.body or '') else 'normal' }}" } },
    {
      id: 'route',
      uses: 'branch',
      with: { cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: ['page_oncall'] }], default: ['queue_ticket'] },
    },
    { id: 'page_oncall', uses: 'template', with: { value: { queue: 'on-call', category: '{{ steps.kind.output.category }}' } } },
    { id: 'queue_ticket', uses: 'template', with: { value: { queue: 'service-desk', category: '{{ steps.kind.output.category }}' } } },
  ],
};

export function step(key: string, overrides: Partial<StepView> = {}): StepView {
  return {
    key,
    step_id: key.replace(/^.*\]\./, ''),
    status: 'succeeded',
    attempts: 1,
    input: {},
    output: null,
    error: null,
    model: null,
    input_tokens: null,
    output_tokens: null,
    cost: null,
    started_at: '2026-11-27T09:30:01.000Z',
    finished_at: '2026-11-27T09:30:01.250Z',
    duration_ms: 250,
    ...overrides,
  };
}

export function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'r-1',
    workspace: 'it-service-desk',
    environment: 'dev',
    version: null,
    workflow: 'ticket-triage',
    status: 'queued',
    inputs: { subject: 'VPN down', body: 'total outage in Paris' },
    outputs: null,
    error: null,
    failed_step: null,
    created_at: '2026-11-27T09:30:00.000Z',
    started_at: null,
    finished_at: null,
    cancel_requested: false,
    steps: [],
    definition: triageDefinition,
    artifacts: [],
    ...overrides,
  };
}

const kindDone = step('kind', {
  input: { model: 'builtin', text: 'VPN down total outage in Paris' },
  output: { category: 'network', confidence: 0.82 },
  model: 'builtin',
  input_tokens: 12,
  output_tokens: 3,
  cost: 0.0021,
});

/** The example run, halfway: the classification is running. */
export const triageRunning = run({
  status: 'running',
  started_at: '2026-11-27T09:30:01.000Z',
  steps: [step('kind', { status: 'running', finished_at: null, duration_ms: null }), step('urgency', { output: 'high' })],
});

/** The example run, done: paged on-call, the service-desk queue skipped. */
export const triageSucceeded = run({
  status: 'succeeded',
  started_at: '2026-11-27T09:30:01.000Z',
  finished_at: '2026-11-27T09:30:03.400Z',
  outputs: { result: { queue: 'on-call', category: 'network', subject: 'VPN down' } },
  steps: [
    kindDone,
    step('urgency', { output: 'high' }),
    step('route', { output: { chosen: ['page_oncall'] } }),
    step('page_oncall', { output: { queue: 'on-call', category: 'network', subject: 'VPN down' } }),
    step('queue_ticket', { status: 'skipped', output: null, duration_ms: 0 }),
  ],
});

export const stepKinds = {
  step_kinds: [
    { name: 'llm.classify', title: 'Classify', description: 'Chooses the category', uses_model: true, structure: 'plain', with_schema: {}, output_schema: {} },
    { name: 'template', title: 'Compute a value', description: 'Builds a value', uses_model: false, structure: 'plain', with_schema: {}, output_schema: {} },
    { name: 'branch', title: 'Branch', description: 'Chooses steps', uses_model: false, structure: 'branch', with_schema: {}, output_schema: {} },
  ],
};

// Workflows the builder's tests share.
import type { StepDoc, WorkflowDoc } from './types';

/** The Build page's example (ticket triage) as a doc. */
export const triageDoc: WorkflowDoc = {
  apiVersion: 'paddock/v1',
  kind: 'Workflow',
  name: 'ticket-triage',
  description: 'Route incoming IT tickets',
  inputs: {
    subject: { type: 'string', required: true, description: 'One line: what is wrong' },
    body: { type: 'string', label: 'internal' },
  },
  steps: [
    { id: 'kind', uses: 'llm.classify', with: { model: 'builtin', text: '{{ inputs.subject }} {{ inputs.body }}', categories: ['network', 'access'] } },
    { id: 'urgency', uses: 'template', with: { value: "{{ 'high' if 'outage' in (inputs.body or '') else 'normal' }}" } },
    {
      id: 'route',
      uses: 'branch',
      with: { cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: ['page_oncall'] }], default: ['queue_ticket'] },
    },
    { id: 'page_oncall', uses: 'template', with: { value: { queue: 'on-call', category: '{{ steps.kind.output.category }}' } } },
    { id: 'queue_ticket', uses: 'template', with: { value: { queue: 'service-desk' } }, needs: ['kind'] },
  ],
  outputs: { result: '{{ steps.page_oncall.output or steps.queue_ticket.output }}' },
};

/** A workflow of `count` steps: a chain, with every tenth step also reading the inputs and every fifth a branch. */
export function bigDoc(count: number): WorkflowDoc {
  const steps: StepDoc[] = [];
  for (let i = 0; i < count; i++) {
    const before = i === 0 ? '{{ inputs.text }}' : `{{ steps.s${i - 1}.output }}`;
    if (i % 5 === 4 && i + 1 < count) {
      steps.push({ id: `s${i}`, uses: 'branch', with: { cases: [{ when: `{{ steps.s${i - 1}.output == 'x' }}`, then: [`s${i + 1}`] }] } });
    } else {
      steps.push({ id: `s${i}`, uses: 'template', with: { value: i % 10 === 0 ? `${before} {{ inputs.text }}` : before } });
    }
  }
  return {
    apiVersion: 'paddock/v1',
    kind: 'Workflow',
    name: 'big',
    inputs: { text: { type: 'string', required: true } },
    steps,
    outputs: { result: `{{ steps.s${count - 1}.output }}` },
  };
}

/** The workflow the Build page starts with: it runs on the built-in offline model, so it works in the demo. */
export const EXAMPLE_WORKFLOW = `apiVersion: paddock/v1
kind: Workflow
name: ticket-triage
description: Route incoming IT tickets
inputs:
  subject: { type: string, required: true, description: "One line: what is wrong" }
  body: { type: string, label: internal, description: "What the person wrote" }
steps:
  - id: kind
    uses: llm.classify
    with:
      model: builtin
      text: "{{ inputs.subject }} {{ inputs.body }}"
      categories:
        - { name: network, description: "VPN, wifi, internet connection problems" }
        - { name: hardware, description: "laptop, screen, keyboard, printer broken" }
        - { name: access, description: "password, login, account locked, permissions" }
  - id: urgency
    uses: template
    with:
      value: "{{ 'high' if 'outage' in (inputs.body or '') else 'normal' }}"
  - id: route
    uses: branch
    with:
      cases:
        - when: "{{ steps.urgency.output == 'high' }}"
          then: [page_oncall]
      default: [queue_ticket]
  - id: page_oncall
    uses: template
    with: { value: { queue: on-call, category: "{{ steps.kind.output.category }}", subject: "{{ inputs.subject }}" } }
  - id: queue_ticket
    uses: template
    with: { value: { queue: service-desk, category: "{{ steps.kind.output.category }}", subject: "{{ inputs.subject }}" } }
outputs:
  result: "{{ steps.page_oncall.output or steps.queue_ticket.output }}"
`;

/** What a new workflow starts as: a name to change and an empty canvas, to add steps to from the palette. */
export const BLANK_WORKFLOW = `apiVersion: paddock/v1
kind: Workflow
name: new-workflow
steps: []
`;

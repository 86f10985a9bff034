// Test data for the panels: the step kinds as GET /api/v1/step-kinds serves them (crates/core/src/workflow/catalog.rs),
// a workflow using several of them, and what a workspace may use.
import type { UsableConnection } from '../../../../api/types';
import type { WorkflowDoc } from '../model/types';
import type { JsonSchema, StepKind, UsableModel } from './types';

const model = { type: 'string', minLength: 1, description: 'A model from the registry, e.g. builtin' };
const stepIds = { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true };

function kind(name: string, title: string, with_schema: JsonSchema, output_schema: JsonSchema, extra: Partial<StepKind> = {}): StepKind {
  return {
    name,
    title,
    description: `${title}: what it does.`,
    uses_model: false,
    structure: 'plain',
    with_schema,
    output_schema,
    ...extra,
  };
}

export const KINDS: StepKind[] = [
  kind(
    'llm',
    'Ask a model',
    {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'prompt'],
      properties: {
        model,
        prompt: { type: 'string', minLength: 1 },
        system: { type: 'string' },
        temperature: { type: 'number', minimum: 0, maximum: 2 },
        max_tokens: { type: 'integer', minimum: 1, maximum: 200000 },
      },
    },
    { type: 'string' },
    { uses_model: true, description: 'Sends a prompt to a model and returns its answer as text.' },
  ),
  kind(
    'llm.extract',
    'Extract fields',
    {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'text', 'schema'],
      properties: {
        model,
        text: { type: 'string' },
        schema: { type: 'object', description: 'JSON Schema of the fields to extract' },
        instructions: { type: 'string' },
        max_attempts: { type: 'integer', minimum: 1, maximum: 5, default: 3 },
      },
    },
    { type: 'object', description: 'The fields, matching with.schema' },
    { uses_model: true },
  ),
  kind(
    'llm.classify',
    'Classify',
    {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'text', 'categories'],
      properties: {
        model,
        text: { type: 'string' },
        categories: {
          type: 'array',
          minItems: 2,
          items: {
            anyOf: [
              { type: 'string', minLength: 1 },
              {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: { name: { type: 'string', minLength: 1 }, description: { type: 'string' } },
              },
            ],
          },
        },
      },
    },
    { type: 'object', properties: { category: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } } },
    { uses_model: true },
  ),
  kind(
    'template',
    'Compute a value',
    { type: 'object', additionalProperties: false, required: ['value'], properties: { value: {} } },
    { description: 'with.value, computed' },
  ),
  kind(
    'branch',
    'Branch',
    {
      type: 'object',
      additionalProperties: false,
      required: ['cases'],
      properties: {
        cases: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['when', 'then'],
            properties: { when: { type: 'string', minLength: 1 }, then: stepIds },
          },
        },
        default: stepIds,
      },
    },
    { type: 'object', properties: { chosen: { type: 'array', items: { type: 'string' } } } },
    { structure: 'branch' },
  ),
  kind(
    'approval',
    'Ask for approval',
    {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'approvers'],
      properties: {
        title: { type: 'string', minLength: 1 },
        instructions: { type: 'string' },
        approvers: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            users: { type: 'array', items: { type: 'string' }, minItems: 1 },
            groups: { type: 'array', items: { type: 'string' }, minItems: 1 },
          },
        },
        timeout: { type: 'string', description: 'e.g. 72h; none waits for ever' },
        on_timeout: { enum: ['approve', 'reject'], default: 'reject' },
      },
    },
    {
      type: 'object',
      properties: { decision: { enum: ['approved', 'rejected'] }, comment: { type: 'string' }, decided_by: { type: 'string' } },
    },
  ),
  kind(
    'redact',
    'Mask personal data',
    {
      type: 'object',
      additionalProperties: false,
      required: ['text'],
      properties: {
        text: { type: 'string' },
        kinds: {
          type: 'array',
          description: 'Which kinds to mask; every kind when omitted.',
          uniqueItems: true,
          items: { enum: ['email', 'iban', 'payment_card', 'us_ssn', 'phone'] },
        },
      },
    },
    { type: 'object', properties: { text: { type: 'string' }, found: { type: 'array', items: { type: 'string' } } } },
  ),
  kind(
    'connector',
    'Call a connection',
    {
      type: 'object',
      additionalProperties: false,
      required: ['connection', 'action'],
      properties: {
        connection: {
          type: 'string',
          description: 'The alias the workflow knows the connection by.',
          pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        },
        action: {
          type: 'string',
          description: 'The action of the connection to call; written as is.',
          pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$',
        },
        input: { type: 'object', description: "The action's inputs, as its JSON Schema describes them." },
      },
    },
    { description: 'What the action returns' },
  ),
  kind(
    'map',
    'For each item',
    {
      type: 'object',
      additionalProperties: false,
      required: ['items', 'steps'],
      properties: {
        items: { anyOf: [{ type: 'string', pattern: '^\\s*\\{\\{[\\s\\S]*\\}\\}\\s*$' }, { type: 'array' }] },
        steps: { type: 'array', minItems: 1, items: { type: 'object' } },
        concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
      },
    },
    { type: 'array', description: "The last step's output for each item" },
    { structure: 'map' },
  ),
  kind(
    'retrieve',
    'Search knowledge',
    {
      type: 'object',
      additionalProperties: false,
      required: ['knowledge_base', 'query'],
      properties: {
        knowledge_base: {
          type: 'string',
          description: "The knowledge base's slug; written as is, so the policy check can follow it.",
          pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        },
        query: { type: 'string', minLength: 1, description: 'What to look for' },
        limit: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
      },
    },
    {
      type: 'object',
      properties: {
        passages: { type: 'array', items: { type: 'object' } },
        text: { type: 'string', description: 'The passages numbered with their citations, ready for a prompt' },
        knowledge_base: { type: 'string' },
      },
    },
  ),
  kind(
    'output',
    'Set outputs',
    { type: 'object', additionalProperties: false, required: ['values'], properties: { values: { type: 'object', minProperties: 1 } } },
    { type: 'object' },
  ),
];

/** A claims workflow: facts are extracted, classified, summarised, then routed by a branch. */
export function claimsDoc(): WorkflowDoc {
  return {
    apiVersion: 'paddock/v1',
    kind: 'Workflow',
    name: 'claims-intake',
    inputs: {
      claim: { type: 'string', required: true, label: 'confidential/pii', description: 'The claim as the customer wrote it' },
      amount: { type: 'number' },
    },
    steps: [
      {
        id: 'facts',
        uses: 'llm.extract',
        with: {
          model: 'builtin',
          text: '{{ inputs.claim }}',
          schema: { type: 'object', properties: { policy_number: { type: 'string' }, total: { type: 'number' } }, required: ['total'] },
        },
      },
      { id: 'kind', uses: 'llm.classify', with: { model: 'builtin', text: '{{ inputs.claim }}', categories: ['car', 'home'] } },
      {
        id: 'summary',
        uses: 'llm',
        with: { model: 'builtin', prompt: 'Summarise {{ steps.facts.output }} for a {{ steps.kind.output.category }} claim' },
      },
      {
        id: 'route',
        uses: 'branch',
        with: { cases: [{ when: "{{ steps.kind.output.category == 'car' }}", then: ['notify'] }], default: ['file_it'] },
      },
      { id: 'notify', uses: 'template', with: { value: 'Car claim: {{ steps.summary.output }}' } },
      { id: 'file_it', uses: 'template', with: { value: '{{ steps.summary.output }}' } },
    ],
    outputs: { summary: '{{ steps.summary.output }}' },
  };
}

export const MODELS: UsableModel[] = [
  { name: 'builtin', description: 'Runs inside Paddock', provider: 'builtin', clearance: 'restricted/*', ready: true },
  { name: 'hosted-general', description: 'A hosted model for everyday text', provider: 'openai', clearance: 'internal', ready: true },
  { name: 'private-secure', description: 'Hosted in our own data centre', provider: 'openai', clearance: 'confidential/pii', ready: false },
];

export const CONNECTIONS: UsableConnection[] = [
  {
    alias: 'crm',
    connection: 'sandbox-crm',
    kind: 'http',
    description: 'The customer database',
    read_label: 'confidential/pii',
    write_clearance: 'confidential/pii',
    actions: [
      {
        name: 'lookup_customer',
        access: 'read',
        description: 'Finds a customer by e-mail',
        input_schema: {
          type: 'object',
          required: ['email'],
          properties: { email: { type: 'string', description: 'Their e-mail address' } },
        },
      },
      {
        name: 'add_note',
        access: 'write',
        description: "Adds a note to a customer's file",
        input_schema: {
          type: 'object',
          properties: { customer: { type: 'string' }, note: { type: 'string' }, urgent: { type: 'boolean' } },
        },
      },
    ],
  },
  {
    alias: 'chat',
    connection: 'team-chat',
    kind: 'webhook',
    description: 'The team channel',
    read_label: 'internal',
    write_clearance: 'internal',
    actions: [],
  },
];

// Test data for the Apps pages: the demo's claim-intake app and its runs, as the API answers them.
import type { AppDetail, AppInput, AppRun, AppSummary } from './types';

export function appInput(name: string, type: string, overrides: Partial<AppInput> = {}): AppInput {
  return {
    name,
    type,
    required: false,
    default: null,
    description: null,
    values: null,
    items: null,
    accept: null,
    max_bytes: null,
    max_size: null,
    label: 'internal',
    ...overrides,
  };
}

export function appSummary(overrides: Partial<AppSummary> = {}): AppSummary {
  return {
    workspace: 'claims',
    workspace_name: 'Claims',
    name: 'claim-intake',
    description: 'Takes a new insurance claim with its supporting document and routes it to the right claims handler.',
    environment: 'prod',
    version: 3,
    interfaces: ['form'],
    owner: 'approver@demo.local',
    updated_at: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    frozen: false,
    ...overrides,
  };
}

export function claimApp(overrides: Partial<AppDetail> = {}): AppDetail {
  return {
    ...appSummary(),
    inputs: [
      appInput('claimant', 'string', { required: true, label: 'confidential/pii', description: "The policyholder's full name" }),
      appInput('claim_type', 'enum', { required: true, values: ['motor', 'home', 'travel', 'health'], description: 'What the policy covers' }),
      appInput('incident_date', 'date', { required: true, label: 'confidential', description: 'The day it happened' }),
      appInput('description', 'string', { required: true, label: 'confidential/pii', description: "What happened, in the policyholder's words" }),
      appInput('estimated_amount', 'number', { description: 'In euros' }),
      appInput('urgent', 'boolean'),
      appInput('document', 'file', {
        label: 'confidential/pii',
        accept: ['application/pdf', 'image/*', 'text/plain', 'text/markdown'],
        max_bytes: 10 * 1024 * 1024,
        max_size: '10 MB',
        description: 'The claim form or a photo of the damage',
      }),
    ],
    outputs: ['summary', 'routing'],
    ...overrides,
  };
}

export function appRun(overrides: Partial<AppRun> = {}): AppRun {
  return {
    id: 'run-1',
    status: 'queued',
    workspace: 'claims',
    app: 'claim-intake',
    environment: 'prod',
    version: 3,
    interface: 'form',
    inputs: { claimant: 'Jane Doe', claim_type: 'motor', incident_date: '2026-11-20', description: 'A dent' },
    outputs: null,
    error: null,
    steps_done: 0,
    steps_total: 4,
    waiting_for_approval: null,
    url: '/api/v1/apps/claims/claim-intake/runs/run-1',
    created_at: new Date(Date.now() - 2000).toISOString(),
    finished_at: null,
    ...overrides,
  };
}

export const succeeded = (overrides: Partial<AppRun> = {}): AppRun =>
  appRun({
    status: 'succeeded',
    steps_done: 4,
    outputs: {
      summary: '**Jane Doe** — policy PN-20931, motor claim. Routed to **motor-claims**.',
      routing: { team: 'motor-claims', priority: 'normal' },
    },
    finished_at: new Date().toISOString(),
    ...overrides,
  });

import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { labelRoutes } from '../../test/labelFixtures';
import type { AccessEntry, AccessEntryForm, KnowledgeBase, KnowledgeDocument, Passage } from './types';

type Routes = Parameters<typeof fakeFetch>[0];

export const steward = session({
  display_name: 'Sam Steward',
  email: 'steward@demo.local',
  grants: [
    { role: 'steward', workspace: 'claims' },
    { role: 'steward', workspace: 'it-service-desk' },
  ],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['apps', 'knowledge'],
});

export const builder = session({
  display_name: 'Blake Builder',
  email: 'builder@demo.local',
  grants: [{ role: 'builder', workspace: 'claims' }],
  workspaces: [{ slug: 'claims', name: 'Claims' }],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge'],
});

export const admin = session({
  display_name: 'Avery Admin',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [
    { slug: 'claims', name: 'Claims' },
    { slug: 'it-service-desk', name: 'IT Service Desk' },
  ],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

export function knowledgeBase(overrides: Partial<KnowledgeBase> = {}): KnowledgeBase {
  return {
    slug: 'claims-policies',
    name: 'Claims policies',
    description: 'The claims handling policies in force',
    workspace: 'claims',
    workspace_name: 'Claims',
    label: 'confidential/pii',
    documents: { total: 0, ready: 0, pending: 0, failed: 0 },
    access: [],
    may_manage: true,
    created_at: '2026-11-27T10:00:00Z',
    updated_at: '2026-11-27T10:00:00Z',
    ...overrides,
  };
}

export function doc(overrides: Partial<KnowledgeDocument> = {}): KnowledgeDocument {
  return {
    id: 'd1',
    name: 'policy.md',
    media_type: 'text/markdown',
    size: 2048,
    status: 'ready',
    error: null,
    pages: 1,
    pages_done: 1,
    ocr_pages: 0,
    passages: 4,
    uploaded_by: 'steward@demo.local',
    created_at: '2026-11-27T10:00:00Z',
    updated_at: '2026-11-27T10:00:00Z',
    ...overrides,
  };
}

export function passage(overrides: Partial<Passage> = {}): Passage {
  return {
    context: 'Claims policy > Water damage',
    text: 'A burst pipe is covered when the damage is sudden.',
    segments: [
      { text: 'A ', highlight: false },
      { text: 'burst', highlight: true },
      { text: ' ', highlight: false },
      { text: 'pipe', highlight: true },
      { text: ' is covered when the damage is sudden.', highlight: false },
    ],
    score: 3.2,
    citation: { document_id: 'd1', document_name: 'policy.md', first_page: 1, last_page: 1, start: 120, end: 480 },
    ...overrides,
  };
}

/** Names the access API shows for what a form names. */
const NAMES: Record<string, string> = {
  claims: 'Claims',
  'it-service-desk': 'IT Service Desk',
  g1: 'Claims builders',
  g2: 'Claims staff',
};

export const GROUPS = [
  { id: 'g1', name: 'Claims builders', description: 'Citizen developers of the Claims team', members: [], grants: [] },
  { id: 'g2', name: 'Claims staff', description: 'Claims handlers and assessors', members: [], grants: [] },
];

export const ENVIRONMENTS = [
  { slug: 'dev', name: 'Development', position: 0, rule: { approvals: 0, approver_groups: [], builders_may_deploy: true } },
  { slug: 'staging', name: 'Staging', position: 1, rule: { approvals: 1, approver_groups: [], builders_may_deploy: false } },
  { slug: 'prod', name: 'Production', position: 2, rule: { approvals: 1, approver_groups: [], builders_may_deploy: false } },
];

export interface KnowledgeState {
  bases: KnowledgeBase[];
  documents: Record<string, KnowledgeDocument[]>;
}

/**
 * A server that keeps knowledge bases and their documents, answering as the real one does; `me` is the session,
 * `extra` routes are added (or replace these). `created` names the slugs of knowledge bases a test creates.
 */
export function knowledgeServer(me = steward, initial: Partial<KnowledgeState> = {}, extra: Routes = {}, created: string[] = []) {
  // Copies, so that what a test changes stays in its own server.
  const state: KnowledgeState = structuredClone({ bases: initial.bases ?? [], documents: initial.documents ?? {} });
  const find = (slug: string) => state.bases.find((base) => base.slug === slug);
  const routes: Routes = {
    'GET /api/v1/me': () => json(200, me),
    ...labelRoutes(),
    'GET /api/v1/environments': () => json(200, { environments: ENVIRONMENTS }),
    'GET /api/v1/knowledge-bases': () => json(200, { knowledge_bases: state.bases }),
    'POST /api/v1/knowledge-bases': (request) => {
      const body = request.body as { slug: string; workspace: string; name: string; description: string; label: string };
      if (find(body.slug)) return apiErrorResponse(409, 'already_exists', 'A record with these values already exists');
      const created = knowledgeBase({
        slug: body.slug,
        name: body.name,
        description: body.description,
        workspace: body.workspace,
        workspace_name: NAMES[body.workspace] ?? body.workspace,
        label: body.label,
      });
      state.bases.push(created);
      state.documents[created.slug] = [];
      return json(201, created);
    },
  };
  for (const base of [...state.bases, ...created.map((slug) => ({ slug }))]) {
    const path = `/api/v1/knowledge-bases/${base.slug}`;
    routes[`GET ${path}`] = () => {
      const current = find(base.slug);
      return current ? json(200, current) : apiErrorResponse(404, 'not_found', `There is no knowledge base '${base.slug}'.`);
    };
    routes[`PUT ${path}`] = (request) => {
      const current = find(base.slug);
      if (!current) return apiErrorResponse(404, 'not_found', `There is no knowledge base '${base.slug}'.`);
      Object.assign(current, request.body as object, { updated_at: '2026-11-28T10:00:00Z' });
      return json(200, current);
    };
    routes[`DELETE ${path}`] = () => {
      state.bases = state.bases.filter((candidate) => candidate.slug !== base.slug);
      return new Response(null, { status: 204 });
    };
    routes[`PUT ${path}/access`] = (request) => {
      const current = find(base.slug);
      if (!current) return apiErrorResponse(404, 'not_found', `There is no knowledge base '${base.slug}'.`);
      const { entries } = request.body as { entries: AccessEntryForm[] };
      current.access = entries.map(
        (entry): AccessEntry =>
          entry.group
            ? { kind: 'group', id: entry.group, name: NAMES[entry.group] ?? entry.group, environment: null }
            : { kind: 'workspace', id: entry.workspace ?? '', name: NAMES[entry.workspace ?? ''] ?? '', environment: entry.environment ?? null },
      );
      return json(200, current);
    };
    routes[`GET ${path}/documents`] = () => json(200, { documents: state.documents[base.slug] ?? [] });
    for (const document of state.documents[base.slug] ?? []) {
      routes[`DELETE ${path}/documents/${document.id}`] = () => {
        state.documents[base.slug] = (state.documents[base.slug] ?? []).filter((d) => d.id !== document.id);
        return new Response(null, { status: 204 });
      };
      routes[`POST ${path}/documents/${document.id}/reread`] = () => {
        const list = state.documents[base.slug] ?? [];
        const index = list.findIndex((d) => d.id === document.id);
        const requeued = { ...list[index]!, status: 'queued', error: null, pages_done: 0 };
        list[index] = requeued;
        return json(200, requeued);
      };
    }
  }
  return { ...fakeFetch({ ...routes, ...extra }), state };
}

export function requestsTo(requests: RecordedRequest[], method: string, path: string) {
  return requests.filter((r) => r.method === method && r.path === path);
}

/** Picks `option` in the select labelled `label` inside `container`. */
export async function choose(container: HTMLElement, label: RegExp | string, option: RegExp | string) {
  const select = within(container).getByRole('combobox', { name: label });
  await userEvent.click(select);
  // jsdom has no layout, so Mantine's popover hides the dropdown; every select's options are then in the page, so look
  // in this one's list only.
  const list = await waitFor(() => {
    const id = select.getAttribute('aria-controls');
    const found = id === null ? null : document.getElementById(id);
    if (found === null) throw new Error('the list of options is not open');
    return found;
  });
  await userEvent.click(await within(list).findByRole('option', { name: option, hidden: true }));
}

/** How long a whole page may take to come up in jsdom on a busy machine (a limit, not a measure). */
export const LOAD = { timeout: 5000 };

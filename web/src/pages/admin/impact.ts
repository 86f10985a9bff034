import type { ConnectionForm, ConnectionView, ModelForm, ModelView } from '../../api/types';
import { composeClearance, parseClearance } from './clearance';
import type { Affected, ProposedPolicy } from './labelQueries';

/** A clearance or label in one spelling, so that `confidential/phi,pii` and `confidential/pii,phi` are the same. */
function normal(raw: string | null | undefined): string {
  const text = (raw ?? '').trim();
  const parts = parseClearance(text);
  return parts === null ? text : composeClearance(parts);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/** Whether who may use it changed: open to all, or the workspaces listed (the list matters only when not open to all). */
function accessChanged(before: { all: boolean; workspaces: readonly string[] }, after: { all: boolean; workspaces: readonly string[] }): boolean {
  if (before.all !== after.all) return true;
  return !after.all && !sameSet(before.workspaces, after.workspaces);
}

/**
 * What to ask the impact preview about a change to a model about to be saved; null when neither its clearance nor who
 * may use it changes (nothing else can put a workflow in violation).
 */
export function modelPolicyChange(model: ModelView, body: ModelForm): ProposedPolicy | null {
  const workspaces = (body.workspaces ?? []).map((line) => line.workspace);
  const all = body.all_workspaces ?? false;
  const clearance = body.clearance ?? null;
  const changed =
    normal(clearance) !== normal(model.clearance) ||
    accessChanged({ all: model.all_workspaces, workspaces: model.workspaces.map((l) => l.workspace) }, { all, workspaces });
  if (!changed) return null;
  return { model: model.name, clearance, all_workspaces: all, workspaces: all ? [] : workspaces };
}

/**
 * What to ask the impact preview about a change to a connection about to be saved; null when neither its read label,
 * its write clearance, the actions allowed nor who may use it changes.
 */
export function connectionPolicyChange(connection: ConnectionView, body: ConnectionForm): ProposedPolicy | null {
  const all = body.all_workspaces ?? false;
  const workspaces = body.workspaces ?? [];
  const actions = body.allowed_actions ?? null;
  const stored = connection.allowed_actions ?? null;
  const actionsChanged = actions === null || stored === null ? actions !== stored : !sameSet(actions, stored);
  const changed =
    normal(body.read_label) !== normal(connection.read_label) ||
    normal(body.write_clearance) !== normal(connection.write_clearance) ||
    actionsChanged ||
    accessChanged({ all: connection.all_workspaces, workspaces: connection.workspaces }, { all, workspaces });
  if (!changed) return null;
  return {
    connection: connection.name,
    read_label: body.read_label ?? null,
    write_clearance: body.write_clearance ?? null,
    allowed_actions: actions,
    all_workspaces: all,
    workspaces: all ? [] : workspaces,
  };
}

/** How many workflows are affected: a workflow affected in several environments counts once. */
export function affectedWorkflows(affected: readonly Affected[]): number {
  return new Set(affected.map((a) => `${a.workspace}\u0000${a.workflow}`)).size;
}

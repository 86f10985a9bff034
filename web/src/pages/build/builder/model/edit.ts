// The changes the canvas makes to a workflow, each returning a new doc that shares what it did not touch.
import { branchTargets } from './graph';
import { freshId, renameReferencesInStep } from './ids';
import { referencedSteps } from './references';
import type { StepDoc, WorkflowDoc } from './types';

export function stepIds(doc: WorkflowDoc): Set<string> {
  return new Set(doc.steps.map((step) => step.id));
}

export function addSteps(doc: WorkflowDoc, steps: readonly StepDoc[]): WorkflowDoc {
  return { ...doc, steps: [...doc.steps, ...steps] };
}

export function replaceStep(doc: WorkflowDoc, index: number, step: StepDoc): WorkflowDoc {
  if (doc.steps[index] === step) return doc;
  return { ...doc, steps: doc.steps.map((current, i) => (i === index ? step : current)) };
}

/** A list without `ids`; the same list when it names none of them. */
function without(list: unknown, ids: ReadonlySet<string>): unknown {
  if (!Array.isArray(list) || !list.some((id) => typeof id === 'string' && ids.has(id))) return list;
  return list.filter((id) => !(typeof id === 'string' && ids.has(id)));
}

/**
 * The workflow without the steps `ids`; other steps stop waiting for them and branches stop choosing them. Expressions
 * that use their output are left for the person to change: the problems list says where.
 */
export function removeSteps(doc: WorkflowDoc, ids: ReadonlySet<string>): WorkflowDoc {
  if (!doc.steps.some((step) => ids.has(step.id))) return doc;
  const steps = doc.steps
    .filter((step) => !ids.has(step.id))
    .map((step) => {
      let next = step;
      const needs = without(step.needs, ids) as string[] | undefined;
      if (needs !== step.needs) {
        const { needs: _, ...rest } = step;
        next = needs !== undefined && needs.length > 0 ? { ...rest, needs } : rest;
      }
      if (step.uses === 'branch' && step.with && [...branchTargets(step).keys()].some((id) => ids.has(id))) {
        const spec = step.with;
        const cases = Array.isArray(spec.cases)
          ? spec.cases.map((item: unknown) =>
              typeof item === 'object' && item !== null && 'then' in item ? { ...item, then: without(item.then, ids) } : item,
            )
          : spec.cases;
        next = { ...next, with: { ...spec, ...(spec.cases === undefined ? {} : { cases }), ...(spec.default === undefined ? {} : { default: without(spec.default, ids) }) } };
      }
      return next;
    });
  return { ...doc, steps };
}

/** Whether `target` already waits for `source`, by `needs` or by using its output. */
export function dependsOn(doc: WorkflowDoc, source: string, target: string): boolean {
  const step = doc.steps.find((candidate) => candidate.id === target);
  return step !== undefined && ((step.needs ?? []).includes(source) || referencedSteps(step.with).has(source));
}

/** `target` waits for `source`: added to its `needs`, unless it waits for it already. */
export function addNeeds(doc: WorkflowDoc, source: string, target: string): WorkflowDoc {
  if (source === target || dependsOn(doc, source, target)) return doc;
  return {
    ...doc,
    steps: doc.steps.map((step) => (step.id === target ? { ...step, needs: [...(step.needs ?? []), source] } : step)),
  };
}

/** `target` no longer lists `source` in `needs` (an empty list goes). */
export function removeNeeds(doc: WorkflowDoc, source: string, target: string): WorkflowDoc {
  const index = doc.steps.findIndex((step) => step.id === target && (step.needs ?? []).includes(source));
  const step = doc.steps[index];
  if (step === undefined) return doc;
  const { needs = [], ...rest } = step;
  const left = needs.filter((id) => id !== source);
  return replaceStep(doc, index, left.length > 0 ? { ...rest, needs: left } : rest);
}

/** The steps `ids`, in the workflow's order, to put on the clipboard. */
export function copySteps(doc: WorkflowDoc, ids: ReadonlySet<string>): StepDoc[] {
  return doc.steps.filter((step) => ids.has(step.id));
}

/**
 * The workflow with `steps` added as copies: each gets a free id, and references among the copies follow the new ids
 * (a copied pair stays joined). `needs` on steps that neither exist nor were copied are dropped.
 */
export function pasteSteps(doc: WorkflowDoc, steps: readonly StepDoc[]): { doc: WorkflowDoc; ids: string[] } {
  const taken = stepIds(doc);
  const newIds = steps.map((step) => {
    const id = freshId(step.id, taken);
    taken.add(id);
    return id;
  });
  const renames = new Map<string, string>();
  steps.forEach((step, i) => {
    if (!renames.has(step.id)) renames.set(step.id, newIds[i]!);
  });
  const known = new Set([...stepIds(doc), ...newIds]);
  const copies = steps.map((step, i): StepDoc => {
    const { needs, ...rest } = renameReferencesInStep(step, renames);
    const kept = needs?.filter((id) => known.has(id));
    return { ...rest, id: newIds[i]!, ...(kept !== undefined && kept.length > 0 ? { needs: kept } : {}) };
  });
  return { doc: addSteps(doc, copies), ids: copies.map((step) => step.id) };
}

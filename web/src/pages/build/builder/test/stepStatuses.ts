import type { RunView } from '../../../../api/types';
import { stepGraph, type LaidOutStep } from '../../../runs/graph/layout';

/** The run's top-level steps in written order, each with its record (or `not_started`). */
export function runSteps(run: RunView): LaidOutStep[] {
  const { steps } = stepGraph(run.definition, run.steps);
  const order = new Map(run.definition.steps.map((step, index) => [step.id, index]));
  return [...steps].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/**
 * Each top-level step's status by its id, for the canvas to colour its steps: `not_started`, `running`,
 * `waiting`, `succeeded`, `failed` or `skipped`.
 */
export function stepStatuses(steps: readonly Pick<LaidOutStep, 'id' | 'status'>[]): Record<string, string> {
  return Object.fromEntries(steps.map((step) => [step.id, step.status]));
}

/** The steps with the one selected on the canvas first, so that its record is what the person sees. */
export function selectedFirst<T extends { id: string }>(steps: readonly T[], selected: string | null): T[] {
  const chosen = steps.find((step) => step.id === selected);
  return chosen ? [chosen, ...steps.filter((step) => step !== chosen)] : [...steps];
}

/** Whether a step may be run again from: it ran to an end (not skipped, not still going) and so did the run. */
export function canRerunFrom(status: string, runEnded: boolean): boolean {
  return runEnded && (status === 'succeeded' || status === 'failed');
}

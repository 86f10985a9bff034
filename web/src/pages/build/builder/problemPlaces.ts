// Where problems and policy warnings land on the canvas: the node each is about, how many each node carries, and the
// path a warning's data takes (source → the steps it passes → the step that sends it), to pick out on the canvas.
import type { Problem, Violation } from '../../../api/types';
import type { PolicyFinding } from './builderQueries';
import type { NodeMarks } from './canvas/flowElements';
import { INPUTS_NODE, OUTPUTS_NODE, type CanvasGraph } from './model/graph';

/** The node a problem at `path` is about (`steps[3].with.prompt` → that step); null for the workflow as a whole. */
export function nodeOfPath(path: string, graph: CanvasGraph): string | null {
  const step = /^steps\[(\d+)\]/.exec(path);
  if (step) return graph.nodes.find((node) => node.stepIndex === Number(step[1]))?.id ?? null;
  if (/^inputs(\.|\[|$)/.test(path)) return INPUTS_NODE;
  if (/^outputs(\.|\[|$)/.test(path)) return OUTPUTS_NODE;
  return null;
}

/** The node of the step a warning is about: by its id, else by its path. */
export function nodeOfViolation(violation: Violation, graph: CanvasGraph): string | null {
  return graph.nodeOfStep.get(violation.step) ?? nodeOfPath(violation.path, graph);
}

/** A warning, with every environment that gives it. */
export interface Warning {
  /** The same for the same warning from one check to the next. */
  key: string;
  violation: Violation;
  environments: string[];
}

/** The warnings of every environment checked, each once: one found in dev and staging is listed once, for both. */
export function distinctWarnings(findings: readonly PolicyFinding[]): Warning[] {
  const byKey = new Map<string, Warning>();
  for (const { environment, violations } of findings) {
    for (const violation of violations) {
      const key = [violation.path, violation.step, violation.source ?? '', violation.sink, violation.message].join('\u0000');
      const known = byKey.get(key);
      if (known) known.environments.push(environment);
      else byKey.set(key, { key, violation, environments: [environment] });
    }
  }
  return [...byKey.values()];
}

/** How many problems and warnings each node carries. */
export function nodeMarks(problems: readonly Problem[], warnings: readonly Warning[], graph: CanvasGraph): Map<string, NodeMarks> {
  const marks = new Map<string, NodeMarks>();
  const mark = (id: string | null, field: keyof NodeMarks) => {
    if (id === null) return;
    const before = marks.get(id) ?? { problems: 0, violations: 0 };
    marks.set(id, { ...before, [field]: before[field] + 1 });
  };
  for (const problem of problems) mark(nodeOfPath(problem.path, graph), 'problems');
  for (const { violation } of warnings) mark(nodeOfViolation(violation, graph), 'violations');
  return marks;
}

/** The node a warning's source is: the inputs for `inputs.claim`, a step for `steps.fetch…`; none for the others. */
function sourceNode(source: string | null | undefined, graph: CanvasGraph): string | null {
  if (!source) return null;
  if (/^inputs\b/.test(source)) return INPUTS_NODE;
  const step = /^steps\.([A-Za-z_]\w*)/.exec(source);
  return step ? (graph.nodeOfStep.get(step[1]!) ?? null) : null;
}

/** The nodes and edges a warning's data passes along, from its source to the step that sends it on. */
export function warningPath(violation: Violation, graph: CanvasGraph): { nodes: Set<string>; edges: Set<string> } {
  const chain = [
    sourceNode(violation.source, graph),
    ...violation.through.map((id) => graph.nodeOfStep.get(id) ?? null),
    nodeOfViolation(violation, graph),
  ].filter((id): id is string => id !== null);
  const edges = new Set<string>();
  for (let i = 1; i < chain.length; i++) edges.add(`${chain[i - 1]}->${chain[i]}`);
  return { nodes: new Set(chain), edges };
}

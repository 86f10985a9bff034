// Where the canvas's nodes sit: laid out when the workflow opens and on Auto-layout; otherwise kept where the person
// put them, with new nodes placed near their drop point or what leads to them (never a full layout per keystroke).
import { useCallback, useRef, useState } from 'react';
import type { CanvasGraph } from './model/graph';
import { autoLayout, carryRenamed, needsFullLayout, placeMissing, type Point, type Positions } from './model/layout';
import type { WorkflowDoc } from './model/types';

function sameStepIds(a: WorkflowDoc, b: WorkflowDoc): boolean {
  return a.steps.length === b.steps.length && a.steps.every((step, index) => step.id === b.steps[index]!.id);
}

export function useNodePositions(doc: WorkflowDoc, graph: CanvasGraph) {
  /** Where the nodes about to be added should go (a drop point), by node id. */
  const hints = useRef<Positions>({});
  /** `layouts` counts the times everything was laid out afresh: the view then fits it all again. */
  const [state, setState] = useState(() => ({ doc, positions: autoLayout(graph), layouts: 0 }));
  let current = state;
  if (state.doc !== doc) {
    // Positions of steps that went are kept: undo brings them back where they were.
    const kept = carryRenamed(state.doc, doc, state.positions);
    const positions = placeMissing(graph, kept, hints.current);
    // A change that moves nothing and keeps every step's id (typing in a step's settings) leaves the state as it is:
    // an update here would draw the builder twice per keystroke, and the doc kept says the same for carryRenamed.
    if (positions !== state.positions || !sameStepIds(state.doc, doc)) {
      const fresh = needsFullLayout(graph, kept);
      current = { doc, positions, layouts: state.layouts + (fresh ? 1 : 0) };
      setState(current);
    }
  }

  const move = useCallback((moves: Readonly<Record<string, Point>>) => {
    setState((before) => ({ ...before, positions: { ...before.positions, ...moves } }));
  }, []);
  /** Places the nodes of the next change at these points. */
  const placeNext = useCallback((points: Positions) => {
    hints.current = points;
  }, []);
  const latest = useRef({ doc, graph });
  latest.current = { doc, graph };
  const relayout = useCallback(() => {
    const { doc: now, graph: drawn } = latest.current;
    setState((before) => ({ doc: now, positions: autoLayout(drawn), layouts: before.layouts + 1 }));
  }, []);

  return { positions: current.positions, layouts: current.layouts, move, placeNext, relayout };
}

// What the canvas, the palette, the toolbar and the keyboard do to the workflow: add, delete, copy, paste, join and
// rename steps. Each is one change to undo; the selection follows what was added or renamed.
import { useCallback, useRef, useState, type RefObject } from 'react';
import type { CanvasView } from './canvas/BuilderCanvas';
import { addNeeds, addSteps, copySteps, pasteSteps, removeNeeds, removeSteps, replaceStep, stepIds } from './model/edit';
import { INPUTS_NODE, OUTPUTS_NODE, wouldCycle, type CanvasGraph } from './model/graph';
import { freshId, renameInput, renameStep } from './model/ids';
import { nodeSize, type Point, type Positions } from './model/layout';
import { parseSteps } from './model/parse';
import { serializeSteps } from './model/serialize';
import type { InputDoc, StepDoc, WorkflowDoc } from './model/types';
import { stepFromTemplate, type StepTemplate } from './palette/stepTemplates';
import type { DocChange } from './useWorkflowModel';

type IdSet = ReadonlySet<string>;

interface Options {
  doc: WorkflowDoc;
  graph: CanvasGraph;
  positions: Positions;
  change: (next: DocChange, key?: string | null) => void;
  placeNext: (points: Positions) => void;
  selectedNodes: IdSet;
  selectedEdges: IdSet;
  select: (nodes: IdSet, edges?: IdSet) => void;
  viewRef: RefObject<CanvasView | null>;
  /** Says why something was not done (a link that would loop). */
  tell: (message: string) => void;
}

const PASTE_OFFSET = 40;

export function useCanvasEditing(options: Options) {
  const latest = useRef(options);
  latest.current = options;
  const clipboard = useRef<StepDoc[] | null>(null);
  const [canPaste, setCanPaste] = useState(false);

  /** The step ids of the selected nodes (not the inputs or outputs). */
  const selectedStepIds = useCallback((): Set<string> => {
    const { graph, selectedNodes } = latest.current;
    return new Set([...selectedNodes].flatMap((id) => graph.byId.get(id)?.step?.id ?? []));
  }, []);

  const add = useCallback((template: StepTemplate, at?: Point) => {
    const { doc, graph, positions, change, placeNext, selectedNodes, select, viewRef } = latest.current;
    const step = stepFromTemplate(template, stepIds(doc));
    const below = selectedNodes.size === 1 ? [...selectedNodes][0]! : null;
    const anchor = below === null ? undefined : positions[below];
    const point =
      at ??
      (anchor && below !== null ? { x: anchor.x, y: anchor.y + nodeSize(graph.byId.get(below)!).height + 72 } : viewRef.current?.centre());
    if (point) placeNext({ [step.id]: point });
    change(addSteps(doc, [step]), null);
    select(new Set([step.id]));
  }, []);

  const deleteSelection = useCallback(() => {
    const { doc, graph, selectedEdges, change, select } = latest.current;
    let next = removeSteps(doc, selectedStepIds());
    for (const id of selectedEdges) {
      const edge = graph.edges.find((candidate) => candidate.id === id);
      const source = edge && graph.byId.get(edge.source)?.step?.id;
      const target = edge && graph.byId.get(edge.target)?.step?.id;
      if (edge?.needs && source && target) next = removeNeeds(next, source, target);
    }
    if (next === doc) return;
    change(next, null);
    select(new Set(), new Set());
  }, [selectedStepIds]);

  /** Copies the selected steps; returns them as text for the system clipboard. */
  const copy = useCallback((): string | null => {
    const steps = copySteps(latest.current.doc, selectedStepIds());
    if (steps.length === 0) return null;
    clipboard.current = steps;
    setCanPaste(true);
    return serializeSteps(steps);
  }, [selectedStepIds]);

  /** Pastes steps read from `text`, or the builder's own copied steps when the text holds none. */
  const paste = useCallback((text = '') => {
    const { doc, positions, change, placeNext, select } = latest.current;
    const steps = (text.trim() === '' ? null : parseSteps(text)) ?? clipboard.current;
    if (steps === null || steps.length === 0) return;
    const pasted = pasteSteps(doc, steps);
    const points: Record<string, Point> = {};
    steps.forEach((step, index) => {
      const from = positions[step.id];
      if (from) points[pasted.ids[index]!] = { x: from.x + PASTE_OFFSET, y: from.y + PASTE_OFFSET };
    });
    placeNext(points);
    change(pasted.doc, null);
    select(new Set(pasted.ids));
  }, []);

  /** An edge drawn: the target waits for the source; drawn to the outputs, the source's result becomes an output. */
  const connect = useCallback((sourceNode: string, targetNode: string) => {
    const { doc, graph, change, tell } = latest.current;
    const source = graph.byId.get(sourceNode)?.step?.id;
    if (source === undefined) return;
    if (targetNode === OUTPUTS_NODE) {
      const name = freshId(source, new Set(Object.keys(doc.outputs)));
      return change({ ...doc, outputs: { ...doc.outputs, [name]: `{{ steps.${source}.output }}` } }, null);
    }
    const target = graph.byId.get(targetNode)?.step?.id;
    if (target === undefined || targetNode === INPUTS_NODE) return;
    if (wouldCycle(graph, sourceNode, targetNode)) {
      return tell(`${target} cannot wait for ${source}: ${source} already comes after ${target}, so they would wait for each other.`);
    }
    change(addNeeds(doc, source, target), null);
  }, []);

  const rename = useCallback((oldId: string, newId: string) => {
    const { selectedNodes, change, select } = latest.current;
    change((doc) => renameStep(doc, oldId, newId));
    if (selectedNodes.has(oldId)) select(new Set([...selectedNodes].map((id) => (id === oldId ? newId : id))));
  }, []);

  const changeStep = useCallback((index: number, step: StepDoc) => latest.current.change((doc) => replaceStep(doc, index, step)), []);
  const renameAnInput = useCallback((oldName: string, newName: string) => latest.current.change((doc) => renameInput(doc, oldName, newName)), []);
  const changeInputs = useCallback((inputs: Record<string, InputDoc>) => latest.current.change((doc) => ({ ...doc, inputs })), []);
  const changeOutputs = useCallback((outputs: Record<string, unknown>) => latest.current.change((doc) => ({ ...doc, outputs })), []);

  return { add, deleteSelection, copy, paste, canPaste, connect, rename, renameInput: renameAnInput, changeStep, changeInputs, changeOutputs };
}

import { Box, Text } from '@mantine/core';
import {
  Background,
  Controls,
  getViewportForBounds,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, type DragEvent, type RefObject } from 'react';
import '../builder.css';
import { INPUTS_NODE, OUTPUTS_NODE, type CanvasGraph } from '../model/graph';
import { NODE_WIDTH, nodeSize, type Point, type Positions } from '../model/layout';
import type { WorkflowDoc } from '../model/types';
import { PALETTE_MIME, readDragged, type StepTemplate } from '../palette/stepTemplates';
import { EndpointNode } from './EndpointNode';
import { flowEdges, flowNodes, type BuilderEdge, type BuilderNode, type Decorations } from './flowElements';
import { StepNode } from './StepNode';

const nodeTypes = { step: StepNode, endpoint: EndpointNode };
/** A workflow with more nodes than this opens on its first steps, readable, rather than all of it too small to read. */
const FIT_ALL_UP_TO = 30;
const FIT_FIRST = 12;
/** Beyond this many nodes, only those in view are drawn: a 200-step workflow opens as fast as a small one. */
const DRAW_ALL_UP_TO = 100;

/** What the toolbar and palette ask of the canvas. */
export interface CanvasView {
  /** A point in the middle of what is shown, in the canvas's coordinates: where a step added by keyboard goes. */
  centre(): Point;
}

type SetUpdate = (before: ReadonlySet<string>) => ReadonlySet<string>;

interface BuilderCanvasProps {
  graph: CanvasGraph;
  doc: WorkflowDoc;
  positions: Positions;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  decorations: Decorations;
  /** Nothing can be moved or joined (the YAML cannot be read: the canvas shows the last workflow that could). */
  readOnly: boolean;
  /** Changes each time the view should fit every node again (on Auto-layout, when the view narrows). */
  fitKey: string;
  /** A node to keep in view: when it is chosen elsewhere (a problem, the palette), or the side panel narrows the view. */
  reveal: { id: string; key: string } | null;
  onMove: (moves: Readonly<Record<string, Point>>) => void;
  onSelectNodes: (update: SetUpdate) => void;
  onSelectEdges: (update: SetUpdate) => void;
  /** An edge drawn from `source` to `target`. */
  onConnect: (source: string, target: string) => void;
  onDropStep: (template: StepTemplate, at: Point) => void;
  onPaneClick: () => void;
  viewRef: RefObject<CanvasView | null>;
}

function applySelection<T extends { type: string; id?: string; selected?: boolean }>(changes: T[]): SetUpdate | null {
  const picks = changes.filter((change) => change.type === 'select') as unknown as { id: string; selected: boolean }[];
  if (picks.length === 0) return null;
  return (before) => {
    const next = new Set(before);
    for (const { id, selected } of picks) {
      if (selected) next.add(id);
      else next.delete(id);
    }
    return next;
  };
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/**
 * Whether `list` holds the very objects of `before`, in order. React Flow then gets the same array, and does not work
 * through every node or edge of a large workflow again for a change none of them shows.
 */
function sameItems<T>(list: readonly T[], before: readonly T[]): boolean {
  return list.length === before.length && list.every((item, index) => item === before[index]);
}

function isValidLink({ source, target }: { source: string | null; target: string | null }): boolean {
  if (source === null || target === null || source === target) return false;
  // Steps reach the inputs through what they refer to, not by a link.
  return source !== INPUTS_NODE && source !== OUTPUTS_NODE && target !== INPUTS_NODE;
}

function Canvas(props: BuilderCanvasProps) {
  const { graph, doc, positions, selectedNodes, selectedEdges, decorations, readOnly, fitKey, viewRef } = props;
  const { screenToFlowPosition, flowToScreenPosition, getInternalNode, setCenter, getZoom, setViewport } = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  const nodeCache = useRef<BuilderNode[]>([]);
  const edgeCache = useRef<BuilderEdge[]>([]);

  const nodes = useMemo(() => {
    const before = nodeCache.current;
    const list = flowNodes(graph, { inputs: doc.inputs, outputs: doc.outputs }, positions, selectedNodes, decorations, byId(before));
    nodeCache.current = sameItems(list, before) ? before : list;
    return nodeCache.current;
  }, [graph, doc.inputs, doc.outputs, positions, selectedNodes, decorations]);
  const edges = useMemo(() => {
    const before = edgeCache.current;
    const list = flowEdges(graph, selectedEdges, decorations, byId(before));
    edgeCache.current = sameItems(list, before) ? before : list;
    return edgeCache.current;
  }, [graph, selectedEdges, decorations]);

  /**
   * Fits the view to all of a small workflow, or to the first steps of a big one. Worked out here rather than by React
   * Flow, which fits only what it has drawn — and a big workflow draws only what is in view.
   */
  const fit = (duration: number) => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return;
    const placed = graph.nodes.map((node) => ({ p: positions[node.id] ?? { x: 0, y: 0 }, size: nodeSize(node) }));
    const bounds = (some: typeof placed) => {
      const x = Math.min(...some.map(({ p }) => p.x));
      const y = Math.min(...some.map(({ p }) => p.y));
      return { x, y, width: Math.max(...some.map(({ p, size }) => p.x + size.width)) - x, height: Math.max(...some.map(({ p, size }) => p.y + size.height)) - y };
    };
    if (placed.length <= FIT_ALL_UP_TO) {
      void setViewport(getViewportForBounds(bounds(placed), rect.width, rect.height, 0.1, 1, 0.12), { duration });
      return;
    }
    // Its first steps at the top, readable, centred as a whole.
    const first = bounds([...placed].sort((a, b) => a.p.y - b.p.y).slice(0, FIT_FIRST));
    const zoom = Math.min(0.85, Math.max(0.5, (rect.width * 0.9) / first.width));
    void setViewport({ x: rect.width / 2 - (first.x + first.width / 2) * zoom, y: 24 - first.y * zoom, zoom }, { duration });
  };

  viewRef.current = {
    centre() {
      const rect = box.current?.getBoundingClientRect();
      if (!rect) return { x: 0, y: 0 };
      const point = screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 });
      return { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y) };
    },
  };

  const firstFit = useRef(fitKey);
  useEffect(() => {
    if (firstFit.current === fitKey) return;
    // After the view has its new size.
    const timer = setTimeout(() => fit(200), 80);
    return () => clearTimeout(timer);
  }, [fitKey]);

  // Wait for the view to have its new size (a panel opening narrows it) before looking.
  const revealKey = props.reveal?.key ?? null;
  useEffect(() => {
    const id = props.reveal?.id;
    if (id === undefined) return;
    const timer = setTimeout(() => {
      const node = getInternalNode(id);
      const rect = box.current?.getBoundingClientRect();
      if (!node || !rect) return;
      const { x, y } = node.internals.positionAbsolute;
      const width = node.width ?? 0;
      const height = node.height ?? 0;
      const from = flowToScreenPosition({ x, y });
      const to = flowToScreenPosition({ x: x + width, y: y + height });
      const inside = from.x >= rect.left && from.y >= rect.top && to.x <= rect.right && to.y <= rect.bottom;
      if (!inside) void setCenter(x + width / 2, y + height / 2, { zoom: getZoom(), duration: 250 });
    }, 80);
    return () => clearTimeout(timer);
  }, [revealKey]);

  const onNodesChange = (changes: NodeChange<BuilderNode>[]) => {
    const moves: Record<string, Point> = {};
    for (const change of changes) if (change.type === 'position' && change.position) moves[change.id] = change.position;
    if (Object.keys(moves).length > 0) props.onMove(moves);
    const select = applySelection(changes);
    if (select) props.onSelectNodes(select);
  };
  const onEdgesChange = (changes: EdgeChange<BuilderEdge>[]) => {
    const select = applySelection(changes);
    if (select) props.onSelectEdges(select);
  };
  const onConnect = ({ source, target }: Connection) => {
    if (isValidLink({ source, target })) props.onConnect(source, target);
  };
  const onDragOver = (event: DragEvent) => {
    if (readOnly || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    const template = readDragged(event.dataTransfer);
    if (readOnly || template === null) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    props.onDropStep(template, { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y - 20) });
  };

  return (
    <Box ref={box} h="100%" data-testid="builder-canvas" onDragOver={onDragOver} onDrop={onDrop} bg="white">
      <ReactFlow<BuilderNode, BuilderEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidLink}
        onPaneClick={props.onPaneClick}
        onlyRenderVisibleElements={graph.nodes.length > DRAW_ALL_UP_TO}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        onInit={() => fit(0)}
        minZoom={0.1}
        maxZoom={1.5}
        aria-label="The workflow's steps. Select one to change it; drag from a step's lower dot to another step to make it wait."
      >
        <Background gap={20} color="var(--mantine-color-gray-3)" />
        {graph.nodes.length === 2 && (
          <Panel position="top-center">
            <Text size="sm" c="dimmed" ta="center" maw={360} mt="xs" data-testid="builder-empty-hint">
              No steps yet. Drag one here from the palette on the left, or use its + button.
            </Text>
          </Panel>
        )}
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </Box>
  );
}

/** The workflow drawn as a graph, to select, move, join and drop steps on. */
export function BuilderCanvas(props: BuilderCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

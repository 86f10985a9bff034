import { Box } from '@mantine/core';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { StepGraph as Graph } from './layout';
import { NODE_HEIGHT, NODE_WIDTH, StepNode, type StepNodeType } from './StepNode';

const COLUMN = NODE_WIDTH + 40;
// Tall gaps between rows leave room for the branch labels on the edges.
const ROW = NODE_HEIGHT + 72;
const PADDING = 24;
const nodeTypes = { step: StepNode };
/** Where edges meet a node, known up front so that edges need not wait for the nodes to be measured. */
const HANDLES = [
  { type: 'target' as const, position: Position.Top, x: NODE_WIDTH / 2 - 0.5, y: 0, width: 1, height: 1 },
  { type: 'source' as const, position: Position.Bottom, x: NODE_WIDTH / 2 - 0.5, y: NODE_HEIGHT - 1, width: 1, height: 1 },
];

interface StepGraphProps {
  graph: Graph;
  /** The title of a step kind, e.g. "Classify" for `llm.classify`. */
  titleOf: (uses: string) => string;
  onOpen: (id: string) => void;
}

function edgeStyle(kind: Graph['edges'][number]['kind']) {
  if (kind === 'branch') return { stroke: 'var(--mantine-color-indigo-6)', strokeWidth: 1.5 };
  if (kind === 'needs') return { stroke: 'var(--mantine-color-gray-5)', strokeDasharray: '5 4' };
  return { stroke: 'var(--mantine-color-gray-6)' };
}

/** The run's steps as a graph, top to bottom in the order they can run; each node opens its step. */
export function StepGraph({ graph, titleOf, onOpen }: StepGraphProps) {
  const nodes = useMemo<StepNodeType[]>(() => {
    const perLayer = new Map<number, number>();
    for (const step of graph.steps) perLayer.set(step.layer, (perLayer.get(step.layer) ?? 0) + 1);
    return graph.steps.map((step) => ({
      id: step.id,
      type: 'step',
      position: { x: (step.row + (graph.rows - (perLayer.get(step.layer) ?? 1)) / 2) * COLUMN, y: step.layer * ROW },
      data: { step, title: titleOf(step.uses), onOpen },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      handles: HANDLES,
      draggable: false,
      selectable: false,
      focusable: false,
    }));
  }, [graph, titleOf, onOpen]);

  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label,
        labelBgPadding: [6, 3] as [number, number],
        labelStyle: { fontSize: 11 },
        style: edgeStyle(edge.kind),
        markerEnd: { type: MarkerType.ArrowClosed, color: edgeStyle(edge.kind).stroke },
        focusable: false,
      })),
    [graph],
  );

  return (
    <Box
      h={Math.min(1000, Math.max(240, (graph.layers - 1) * ROW + NODE_HEIGHT + 2 * PADDING + 8))}
      role="group"
      aria-label="The steps of this run; open one for its details"
      data-testid="step-graph"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)', background: 'white' }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: `${PADDING}px`, maxZoom: 1 }}
        minZoom={0.3}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        panOnScroll={false}
      >
        <Background gap={20} color="var(--mantine-color-gray-2)" />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </Box>
  );
}

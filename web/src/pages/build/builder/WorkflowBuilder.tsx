import { Alert, Box, Group, Paper, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DraftView, Problem } from '../../../api/types';
import { slugProblem } from '../../admin/slug';
import { DefinitionEditor } from '../DefinitionEditor';
import { definitionName } from '../definitionName';
import type { LifecycleRights } from '../lifecycle/types';
import { useLiveChecks, useStepKindSpecs, useUsableConnections, useUsableModels } from './builderQueries';
import { BuilderToolbar, type BuilderView } from './BuilderToolbar';
import { BuilderCanvas, type CanvasView } from './canvas/BuilderCanvas';
import type { Decorations } from './canvas/flowElements';
import { ConflictBanner } from './ConflictBanner';
import { LifecycleMenu } from './LifecycleMenu';
import { NameField, nameProblem } from './NameField';
import { canvasGraph } from './model/graph';
import { serialize } from './model/serialize';
import { Palette } from './palette/Palette';
import { defaultModel } from './palette/stepTemplates';
import { distinctWarnings, nodeMarks, nodeOfPath, nodeOfViolation, warningPath, type Warning } from './problemPlaces';
import { ProblemsPanel } from './ProblemsPanel';
import { SidePanel, type SideTab } from './SidePanel';
import { useBuilderKeys } from './useBuilderKeys';
import { useCanvasEditing } from './useCanvasEditing';
import { useDraftSaving } from './useDraftSaving';
import { useNodePositions } from './useNodePositions';
import { useWorkflowModel } from './useWorkflowModel';

const EMPTY: ReadonlySet<string> = new Set();
const NO_PROBLEMS: Problem[] = [];
/** The builder fills the window below the page's header, within reason. */
const BODY_HEIGHT = 'clamp(520px, calc(100vh - 230px), 1400px)';

interface WorkflowBuilderProps {
  /** The draft as loaded; null for a new workflow (saved when asked, under the name given). */
  draft: DraftView | null;
  /** The workspace it is saved, checked and tried in; null when the person may build in none. */
  workspace: string | null;
  initialText: string;
  /** What the person may do with the draft's versions; none for a new workflow. */
  rights?: LifecycleRights;
  onCreated?: (draft: DraftView) => void;
  /** Told whether there are changes not saved yet, each time that changes. */
  onUnsavedChange?: (unsaved: boolean) => void;
  /** Above the builder (a new workflow's workspace). */
  header?: ReactNode;
  /** The draft was just created (from a template, or a first save): say that it now saves itself. */
  justSaved?: boolean;
  /** Values for the test's inputs to start with (a template's samples). */
  sampleInputs?: Record<string, unknown>;
}

/** The no-code builder: a palette of steps, the workflow as a graph (or as YAML), each step's settings, live checks. */
export function WorkflowBuilder(props: WorkflowBuilderProps) {
  const { draft, workspace, initialText } = props;
  const model = useWorkflowModel(initialText);
  const { doc } = model;
  const graph = useMemo(() => canvasGraph(doc), [doc]);
  const { positions, layouts, move, placeNext, relayout } = useNodePositions(doc, graph);
  const [selection, setSelection] = useState({ nodes: EMPTY, edges: EMPTY });
  const [view, setView] = useState<BuilderView>(model.yamlError === null ? 'canvas' : 'yaml');
  const [side, setSide] = useState<{ open: boolean; tab: SideTab }>({ open: false, tab: 'settings' });
  const [statuses, setStatuses] = useState<Record<string, string> | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  /** The person's own choice for the palette; left to itself, it folds while the side panel is open on a narrow screen. */
  const [paletteChoice, setPaletteChoice] = useState<'auto' | 'open' | 'folded'>('auto');
  const narrow = useMediaQuery('(max-width: 1500px)') ?? false;
  const paletteFolded = paletteChoice === 'folded' || (paletteChoice === 'auto' && narrow && side.open);
  const foldPalette = useCallback((folded: boolean) => setPaletteChoice(folded ? 'folded' : 'open'), []);
  /** Counts the times the side panel opened or closed with nothing selected: the view fits the workflow again. */
  const [refits, setRefits] = useState(0);
  const [notice, setNotice] = useState<string | null>(props.justSaved ? 'created' : null);
  const viewRef = useRef<CanvasView | null>(null);
  const root = useRef<HTMLDivElement>(null);

  const kinds = useStepKindSpecs();
  const connections = useUsableConnections(workspace);
  const models = useUsableModels(workspace);
  const checks = useLiveChecks(model.text, workspace);
  const saving = useDraftSaving({ draft, workspace, text: model.text, initialText, readable: model.yamlError === null, onCreated: props.onCreated });

  useEffect(() => props.onUnsavedChange?.(saving.unsaved), [saving.unsaved]);
  useEffect(() => {
    if (!saving.unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saving.unsaved]);

  const problems = checks.report?.problems ?? NO_PROBLEMS;
  const warnings = useMemo(() => distinctWarnings(checks.policy), [checks.policy]);
  const highlightedWarning = warnings.find((warning) => warning.key === highlighted) ?? null;
  const titles = useMemo(() => new Map((kinds.data ?? []).map((kind) => [kind.name, kind.title])), [kinds.data]);
  const decorations = useMemo<Decorations>(
    () => ({
      marks: nodeMarks(problems, warnings, graph),
      statuses,
      highlight: highlightedWarning === null ? null : warningPath(highlightedWarning.violation, graph),
      titles,
    }),
    [problems, warnings, graph, statuses, highlightedWarning, titles],
  );

  const select = useCallback((nodes: ReadonlySet<string>, edges: ReadonlySet<string> = EMPTY) => setSelection({ nodes, edges }), []);
  // One node selected, however: its settings show (the test's record of it, when the test is what shows).
  useEffect(() => {
    if (selection.nodes.size === 1) setSide((before) => (before.open ? before : { open: true, tab: 'settings' }));
  }, [selection.nodes]);
  const editing = useCanvasEditing({
    doc,
    graph,
    positions,
    change: model.change,
    placeNext,
    selectedNodes: selection.nodes,
    selectedEdges: selection.edges,
    select,
    viewRef,
    tell: setNotice,
  });
  const locked = model.yamlError !== null;
  const only = selection.nodes.size === 1 ? [...selection.nodes][0]! : null;
  const revealed = useMemo(() => (only === null ? null : { id: only, key: `${only} ${side.open} ${paletteFolded}` }), [only, side.open, paletteFolded]);
  const clear = useCallback(() => {
    setSelection({ nodes: EMPTY, edges: EMPTY });
    setHighlighted(null);
  }, []);

  const name = draft?.name ?? doc.name;
  const nameError = draft === null ? nameProblem(name, saving.error) : null;
  const nameUsable = name !== '' && (draft !== null || slugProblem(name) === null);
  const save = () => {
    // The text this instant: typing pauses before the doc is read from YAML, or written out from a panel's change.
    const definition = model.textNow();
    // Saved before YAML typed is read, a new workflow goes under the name its text gives.
    const named = draft === null ? (definitionName(definition) ?? name) : name;
    if (named === name ? nameUsable : slugProblem(named) === null) saving.saveNow(named, definition);
  };
  useBuilderKeys(root, {
    undo: model.undo,
    redo: model.redo,
    save,
    deleteSelection: () => !locked && editing.deleteSelection(),
    copy: editing.copy,
    paste: (text) => !locked && editing.paste(text),
    escape: clear,
  });

  const selectNode = (id: string | null) => {
    if (id === null) return;
    setView('canvas');
    select(new Set([id]));
  };
  const selectWarning = (warning: Warning | null) => {
    setHighlighted(warning?.key ?? null);
    if (warning !== null) selectNode(nodeOfViolation(warning.violation, graph));
  };
  const openTest = () => {
    if (!side.open && only === null) setRefits((count) => count + 1);
    setSide({ open: true, tab: 'test' });
  };

  // The toolbar, the problems and the test panel are drawn again only when what they show changes, not on each keystroke
  // in a step's settings: the actions they are given keep their identity and do what the latest render would.
  const latest = useRef({ save, selectNode, selectWarning, openTest, graph });
  latest.current = { save, selectNode, selectWarning, openTest, graph };
  const onSave = useCallback(() => latest.current.save(), []);
  const onTest = useCallback(() => latest.current.openTest(), []);
  const onCopy = useCallback(() => void editing.copy(), [editing.copy]);
  const onPaste = useCallback(() => editing.paste(), [editing.paste]);
  const onSelectProblem = useCallback((problem: Problem) => latest.current.selectNode(nodeOfPath(problem.path, latest.current.graph)), []);
  const onSelectWarning = useCallback((warning: Warning | null) => latest.current.selectWarning(warning), []);
  const onSelectStep = useCallback((id: string) => latest.current.selectNode(latest.current.graph.nodeOfStep.get(id) ?? null), []);
  const unsaved = saving.unsaved;
  const lifecycle = useMemo(
    () => (draft !== null && props.rights?.build ? <LifecycleMenu draft={draft} unsaved={unsaved} /> : null),
    [draft, props.rights?.build, unsaved],
  );
  const yamlText = useMemo(() => (view === 'yaml' ? (model.yamlText ?? serialize(doc)) : ''), [view, model.yamlText, doc]);

  return (
    <Stack gap="sm" ref={root} data-testid="workflow-builder">
      {props.header}
      {draft === null && <NameField value={doc.name} error={nameError} onChange={(value) => model.change({ ...doc, name: value })} />}
      {saving.conflict !== null && (
        <ConflictBanner
          conflict={saving.conflict}
          saving={saving.saving}
          onLoadTheirs={() => {
            const theirs = saving.takeTheirs();
            if (theirs !== null) model.replaceText(theirs);
          }}
          onKeepMine={() => saving.keepMine(model.textNow())}
        />
      )}
      {notice !== null && (
        <Alert color="blue" icon={<IconInfoCircle />} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} py="xs" role="status" data-testid="builder-notice">
          {notice === 'created' ? 'Saved as a draft. From now on your changes are saved as you make them.' : notice}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <BuilderToolbar
          canUndo={model.canUndo}
          canRedo={model.canRedo}
          onUndo={model.undo}
          onRedo={model.redo}
          onLayout={relayout}
          selectedSteps={[...selection.nodes].filter((id) => graph.byId.get(id)?.step).length}
          canPaste={editing.canPaste}
          onCopy={onCopy}
          onPaste={onPaste}
          onDelete={editing.deleteSelection}
          locked={locked || view !== 'canvas'}
          view={view}
          onView={setView}
          saveState={saving.state}
          onSave={onSave}
          saving={saving.saving}
          canSave={workspace !== null && !locked && saving.conflict === null && (draft === null ? nameUsable : saving.unsaved)}
          onTest={onTest}
        >
          {lifecycle}
        </BuilderToolbar>
        <Group gap={0} wrap="nowrap" align="stretch" h={BODY_HEIGHT}>
          <Box w={paletteFolded ? 52 : 212} style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-gray-3)' }} bg="gray.0">
            <Palette
              kinds={kinds.data}
              connections={connections.data}
              models={models.data}
              defaultModel={defaultModel(models.data)}
              disabled={locked || view !== 'canvas'}
              onAdd={editing.add}
              collapsed={paletteFolded}
              onCollapse={foldPalette}
            />
          </Box>
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Box style={{ flex: 1, minHeight: 0 }} p={view === 'yaml' ? 'sm' : 0}>
              {view === 'canvas' ? (
                <BuilderCanvas
                  graph={graph}
                  doc={doc}
                  positions={positions}
                  selectedNodes={selection.nodes}
                  selectedEdges={selection.edges}
                  decorations={decorations}
                  readOnly={locked}
                  fitKey={`${layouts}:${refits}`}
                  reveal={revealed}
                  onMove={move}
                  onSelectNodes={(update) => setSelection((before) => ({ ...before, nodes: update(before.nodes) }))}
                  onSelectEdges={(update) => setSelection((before) => ({ ...before, edges: update(before.edges) }))}
                  onConnect={editing.connect}
                  onDropStep={editing.add}
                  onPaneClick={clear}
                  viewRef={viewRef}
                />
              ) : (
                <DefinitionEditor value={yamlText} onChange={model.typeText} error={model.yamlError} report={checks.checkedText === model.text ? checks.report : null} />
              )}
            </Box>
            <ProblemsPanel
              problems={problems}
              warnings={warnings}
              parseError={model.yamlError}
              checking={checks.checking}
              checkError={checks.error}
              highlighted={highlighted}
              onSelectProblem={onSelectProblem}
              onSelectWarning={onSelectWarning}
            />
          </Stack>
          {side.open && (
            <Box w={330} style={{ flexShrink: 0, borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
              <SidePanel
                tab={side.tab}
                onTab={(tab) => setSide({ open: true, tab })}
                selected={[...selection.nodes]}
                doc={doc}
                graph={graph}
                text={model.text}
                workspace={workspace}
                kinds={kinds.data ?? []}
                models={models.data ?? []}
                connections={connections.data ?? []}
                problems={problems}
                sampleInputs={props.sampleInputs}
                onStepChange={editing.changeStep}
                onRename={editing.rename}
                onInputsChange={editing.changeInputs}
                onRenameInput={editing.renameInput}
                onOutputsChange={editing.changeOutputs}
                onStepStatuses={setStatuses}
                onSelectStep={onSelectStep}
                onCopy={onCopy}
                onDelete={editing.deleteSelection}
                onClose={() => {
                  if (only === null) setRefits((count) => count + 1);
                  setSide((before) => ({ ...before, open: false }));
                }}
              />
            </Box>
          )}
        </Group>
      </Paper>
    </Stack>
  );
}

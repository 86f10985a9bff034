import { ActionIcon, Alert, Box, Button, Group, ScrollArea, Stack, Tabs, Text } from '@mantine/core';
import { IconAdjustments, IconClick, IconCopy, IconFlask, IconTrash, IconX } from '@tabler/icons-react';
import type { Problem, UsableConnection } from '../../../api/types';
import { INPUTS_NODE, OUTPUTS_NODE, type CanvasGraph } from './model/graph';
import type { InputDoc, StepDoc, WorkflowDoc } from './model/types';
import { InputsDesigner } from './panels/InputsDesigner';
import { OutputsDesigner } from './panels/OutputsDesigner';
import { StepPanel } from './panels/StepPanel';
import type { StepKind, UsableModel } from './panels/types';
import { useStableList } from './panels/useStableList';
import { TestPanel } from './test/TestPanel';

export type SideTab = 'settings' | 'test';

interface SidePanelProps {
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  /** The nodes selected on the canvas. */
  selected: readonly string[];
  doc: WorkflowDoc;
  graph: CanvasGraph;
  text: string;
  workspace: string | null;
  kinds: StepKind[];
  models: UsableModel[];
  connections: UsableConnection[];
  problems: readonly Problem[];
  /** Values a template brought for the test's inputs. */
  sampleInputs?: Record<string, unknown>;
  onStepChange: (index: number, step: StepDoc) => void;
  onRename: (oldId: string, newId: string) => void;
  onInputsChange: (inputs: Record<string, InputDoc>) => void;
  onRenameInput: (oldName: string, newName: string) => void;
  onOutputsChange: (outputs: Record<string, unknown>) => void;
  onStepStatuses: (statuses: Record<string, string> | null) => void;
  onSelectStep: (id: string) => void;
  onCopy: () => void;
  onDelete: () => void;
  onClose: () => void;
}

/** The problems whose path is inside step `index`. */
function problemsOfStep(problems: readonly Problem[], index: number): Problem[] {
  const inside = new RegExp(`^steps\\[${index}\\](?:[.[]|$)`);
  return problems.filter((problem) => inside.test(problem.path));
}

function Settings(props: SidePanelProps) {
  const { selected, doc, graph, kinds, models, connections, problems } = props;
  if (selected.length === 0) {
    return (
      <Stack gap="xs" align="center" ta="center" py="xl" c="dimmed" data-testid="builder-panel-empty">
        <IconClick size={28} stroke={1.4} aria-hidden />
        <Text size="sm">Select a step on the canvas to change its settings, or the Inputs or Outputs to change those.</Text>
        <Text size="sm">Add steps from the left: drag one onto the canvas, or use its + button.</Text>
      </Stack>
    );
  }
  if (selected.length > 1) {
    const steps = selected.filter((id) => graph.byId.get(id)?.step);
    return (
      <Stack gap="sm" data-testid="builder-panel-many">
        <Text size="sm">{steps.length} steps selected.</Text>
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={props.onCopy}>
            Copy
          </Button>
          <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={props.onDelete}>
            Delete
          </Button>
        </Group>
      </Stack>
    );
  }
  const id = selected[0]!;
  if (id === INPUTS_NODE) return <InputsDesigner doc={doc} problems={[...problems]} onChange={props.onInputsChange} onRename={props.onRenameInput} />;
  if (id === OUTPUTS_NODE) return <OutputsDesigner doc={doc} kinds={kinds} problems={[...problems]} onChange={props.onOutputsChange} />;
  const node = graph.byId.get(id);
  if (!node?.step || node.stepIndex === null) return null;
  const index = node.stepIndex;
  return (
    <StepPanel
      key={index}
      step={node.step}
      index={index}
      doc={doc}
      kinds={kinds}
      models={models}
      connections={connections}
      problems={problemsOfStep(problems, index)}
      onChange={(step) => props.onStepChange(index, step)}
      onRename={props.onRename}
    />
  );
}

/** The right column: the selected step's settings (or the inputs', or the outputs'), and the test run. */
export function SidePanel(props: SidePanelProps) {
  const { tab, onTab, selected, workspace } = props;
  const stepId = selected.length === 1 ? (props.graph.byId.get(selected[0]!)?.step?.id ?? null) : null;
  // The test panel is given the ids alone: they stay the same while a step's settings are typed in.
  const stepIds = useStableList(props.doc.steps.map((step) => step.id));
  return (
    <Tabs
      value={tab}
      onChange={(value) => onTab(value === 'test' ? 'test' : 'settings')}
      h="100%"
      style={{ display: 'flex', flexDirection: 'column' }}
      keepMounted
      data-testid="builder-side-panel"
    >
      <Group wrap="nowrap" gap={0} pr={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Tabs.List style={{ flex: 1, borderBottom: 0 }}>
          <Tabs.Tab value="settings" leftSection={<IconAdjustments size={16} />}>
            Settings
          </Tabs.Tab>
          <Tabs.Tab value="test" leftSection={<IconFlask size={16} />} data-testid="builder-test-tab">
            Test
          </Tabs.Tab>
        </Tabs.List>
        <ActionIcon variant="subtle" color="gray" aria-label="Close the side panel" onClick={props.onClose}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
      <Tabs.Panel value="settings" style={{ flex: 1, minHeight: 0 }}>
        <ScrollArea h="100%" type="auto">
          <Box p="sm">
            <Settings {...props} />
          </Box>
        </ScrollArea>
      </Tabs.Panel>
      <Tabs.Panel value="test" style={{ flex: 1, minHeight: 0 }}>
        <ScrollArea h="100%" type="auto">
          <Box p="sm">
            {workspace === null ? (
              <Alert color="yellow" title="No workspace to test in">
                You need the builder role in a workspace to try workflows there. Ask your Paddock administrator.
              </Alert>
            ) : (
              <TestPanel
                workspace={workspace}
                definition={props.text}
                inputs={props.doc.inputs}
                stepIds={stepIds}
                selectedStep={stepId}
                onStepStatuses={props.onStepStatuses}
                onSelectStep={props.onSelectStep}
                initialInputs={props.sampleInputs}
              />
            )}
          </Box>
        </ScrollArea>
      </Tabs.Panel>
    </Tabs>
  );
}

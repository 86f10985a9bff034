import { ActionIcon, Button, Divider, Group, SegmentedControl, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconClipboard,
  IconCopy,
  IconDeviceFloppy,
  IconFlask,
  IconSitemap,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';
import { memo, type ReactNode } from 'react';
import { SaveIndicator } from './SaveIndicator';
import type { SaveState } from './useDraftSaving';

export type BuilderView = 'canvas' | 'yaml';

/** "Ctrl" or "⌘", as the person's keyboard says it. */
const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

interface ToolProps {
  label: string;
  keys?: string;
  icon: Icon;
  onClick: () => void;
  disabled?: boolean;
  testId?: string;
  color?: string;
}

function Tool({ label, keys, icon: ToolIcon, onClick, disabled, testId, color }: ToolProps) {
  return (
    <Tooltip label={keys ? `${label} (${keys})` : label} withinPortal>
      <ActionIcon variant="subtle" color={color ?? 'gray'} size="lg" aria-label={label} onClick={onClick} disabled={disabled} data-testid={testId}>
        <ToolIcon size={19} stroke={1.7} />
      </ActionIcon>
    </Tooltip>
  );
}

interface BuilderToolbarProps {
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  /** How many steps are selected. */
  selectedSteps: number;
  canPaste: boolean;
  onCopy: () => void;
  onPaste: () => void;
  onDelete: () => void;
  /** The canvas cannot be changed (YAML view, or YAML that cannot be read). */
  locked: boolean;
  view: BuilderView;
  onView: (view: BuilderView) => void;
  saveState: SaveState;
  onSave: () => void;
  saving: boolean;
  canSave: boolean;
  onTest: () => void;
  /** More actions at the end (versions). */
  children?: ReactNode;
}

/** Above the canvas: undo, layout, clipboard, the view, whether it is saved, and what to do with it next. */
export const BuilderToolbar = memo(function BuilderToolbar(props: BuilderToolbarProps) {
  const { locked, selectedSteps } = props;
  return (
    <Group justify="space-between" gap="xs" px="xs" py={6} wrap="wrap" role="toolbar" aria-label="Workflow builder" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Group gap={2} wrap="nowrap">
        <Tool label="Undo" keys={`${MOD}Z`} icon={IconArrowBackUp} onClick={props.onUndo} disabled={!props.canUndo} testId="builder-undo" />
        <Tool label="Redo" keys={`${MOD}Shift+Z`} icon={IconArrowForwardUp} onClick={props.onRedo} disabled={!props.canRedo} testId="builder-redo" />
        <Divider orientation="vertical" mx={4} />
        <Tool label="Auto-layout" icon={IconSitemap} onClick={props.onLayout} disabled={props.view !== 'canvas'} testId="builder-layout" />
        <Divider orientation="vertical" mx={4} />
        <Tool label="Copy the selected steps" keys={`${MOD}C`} icon={IconCopy} onClick={props.onCopy} disabled={locked || selectedSteps === 0} testId="builder-copy" />
        <Tool label="Paste steps" keys={`${MOD}V`} icon={IconClipboard} onClick={props.onPaste} disabled={locked || !props.canPaste} testId="builder-paste" />
        <Tool
          label="Delete the selected steps"
          keys="Delete"
          icon={IconTrash}
          onClick={props.onDelete}
          disabled={locked || selectedSteps === 0}
          testId="builder-delete"
          color="red"
        />
        <Divider orientation="vertical" mx={4} />
        <SegmentedControl
          size="xs"
          aria-label="View"
          value={props.view}
          onChange={(value) => props.onView(value === 'yaml' ? 'yaml' : 'canvas')}
          data={[
            { value: 'canvas', label: 'Canvas' },
            { value: 'yaml', label: 'YAML' },
          ]}
          data-testid="builder-view"
        />
      </Group>
      <Group gap="xs" wrap="nowrap">
        <SaveIndicator state={props.saveState} />
        <Button size="xs" variant="default" leftSection={<IconFlask size={16} />} onClick={props.onTest} data-testid="builder-test">
          Test
        </Button>
        <Button size="xs" leftSection={<IconDeviceFloppy size={16} />} onClick={props.onSave} loading={props.saving} disabled={!props.canSave}>
          Save draft
        </Button>
        {props.children}
      </Group>
    </Group>
  );
});

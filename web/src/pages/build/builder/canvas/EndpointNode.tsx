import { IconLogin2, IconLogout2 } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NODE_WIDTH } from '../model/layout';
import type { BuilderNode } from './flowElements';
import { MarkBadges } from './StepNode';

const LISTED = 3;

/** "subject, body and 2 more"; what to say when there are none. */
function names(values: Record<string, unknown> | null, none: string): string {
  const keys = Object.keys(values ?? {});
  if (keys.length === 0) return none;
  const shown = keys.slice(0, LISTED).join(', ');
  return keys.length > LISTED ? `${shown} and ${keys.length - LISTED} more` : shown;
}

/** The workflow's inputs (where data comes in, at the top) or its outputs (what it answers, at the bottom). */
export const EndpointNode = memo(function EndpointNode({ data, height }: NodeProps<BuilderNode>) {
  const inputs = data.kind === 'inputs';
  const Icon = inputs ? IconLogin2 : IconLogout2;
  return (
    <>
      {!inputs && <Handle type="target" position={Position.Top} className="builder-handle" />}
      <div
        className="builder-node"
        data-testid={inputs ? 'builder-node-inputs' : 'builder-node-outputs'}
        data-kind={data.kind}
        data-problems={data.problems}
        data-violations={data.violations}
        data-highlighted={data.highlighted ? 'true' : 'false'}
        data-dimmed={data.dimmed ? 'true' : 'false'}
        style={{ width: NODE_WIDTH, height }}
      >
        <MarkBadges problems={data.problems} violations={data.violations} />
        <span className="builder-node-head" style={{ alignItems: 'center', height: '100%' }}>
          <span
            className="builder-node-icon"
            style={{ width: 30, height: 30, borderRadius: 999, color: `var(--mantine-color-${inputs ? 'indigo' : 'green'}-7)`, background: `var(--mantine-color-${inputs ? 'indigo' : 'green'}-1)` }}
            aria-hidden
          >
            <Icon size={17} />
          </span>
          <span className="builder-node-text">
            <span className="builder-node-line builder-node-title">{inputs ? 'Inputs' : 'Outputs'}</span>
            <span className="builder-node-line builder-node-dim">
              {inputs ? names(data.inputs, 'None yet: select to add one') : names(data.outputs, 'None yet: select to add one')}
            </span>
          </span>
        </span>
      </div>
      {inputs && <Handle type="source" position={Position.Bottom} className="builder-handle" />}
    </>
  );
});

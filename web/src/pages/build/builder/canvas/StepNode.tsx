import { IconAlertTriangle, IconShieldExclamation } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { kindLook } from '../kindLook';
import { MAP_LISTED, NODE_WIDTH } from '../model/layout';
import type { StepDoc } from '../model/types';
import type { BuilderNode } from './flowElements';

function shorten(text: string, length = 34): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** One line saying what the step does with what: its model, its connection's action, its cases. */
export function stepSummary(step: StepDoc): string {
  const spec = step.with ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (step.uses === 'connector') return [text(spec.connection), text(spec.action)].filter(Boolean).join(' · ');
  if (step.uses === 'branch') {
    const cases = Array.isArray(spec.cases) ? spec.cases.length : 0;
    return `${cases} case${cases === 1 ? '' : 's'}${Array.isArray(spec.default) ? ' + otherwise' : ''}`;
  }
  if (step.uses === 'map') return text(spec.items) ? `for each of ${shorten(text(spec.items).replace(/^\{\{\s*|\s*\}\}$/g, ''), 24)}` : 'for each item';
  if (step.uses === 'approval') return shorten(text(spec.title));
  if (typeof spec.model === 'string') return `model ${spec.model}`;
  return '';
}

/** Counts in the node's corner: problems (red) and policy warnings (orange). Plain elements: a canvas holds hundreds. */
export function MarkBadges({ problems, violations }: { problems: number; violations: number }) {
  if (problems === 0 && violations === 0) return null;
  return (
    <span className="builder-node-marks">
      {problems > 0 && (
        <span className="builder-node-mark" data-tone="problem" title={`${problems} problem${problems === 1 ? '' : 's'}`} data-testid="node-problem-badge">
          <IconAlertTriangle size={11} aria-hidden />
          {problems}
        </span>
      )}
      {violations > 0 && (
        <span className="builder-node-mark" data-tone="policy" title={`${violations} policy warning${violations === 1 ? '' : 's'}`} data-testid="node-policy-badge">
          <IconShieldExclamation size={11} aria-hidden />
          {violations}
        </span>
      )}
    </span>
  );
}

/** A coloured square with the kind's icon. */
export function KindIcon({ uses, size = 28 }: { uses: string; size?: number }) {
  const look = kindLook(uses);
  return (
    <span className="builder-node-icon" style={{ width: size, height: size, color: `var(--mantine-color-${look.color}-7)`, background: `var(--mantine-color-${look.color}-1)` }} aria-hidden>
      <look.icon size={Math.round(size * 0.6)} stroke={1.7} />
    </span>
  );
}

function InnerSteps({ step }: { step: StepDoc }) {
  const inner = Array.isArray(step.with?.steps) ? (step.with.steps as { id?: unknown; uses?: unknown }[]) : [];
  if (inner.length === 0) return <span className="builder-node-line builder-node-dim">No steps inside yet</span>;
  return (
    <span className="builder-node-inner" data-testid="map-inner-steps">
      {inner.slice(0, MAP_LISTED).map((item, index) => (
        <span key={index} className="builder-node-inner-step">
          <KindIcon uses={String(item?.uses ?? '')} size={16} />
          <span className="builder-node-id">{String(item?.id ?? '?')}</span>
        </span>
      ))}
      {inner.length > MAP_LISTED && <span className="builder-node-line builder-node-dim">and {inner.length - MAP_LISTED} more</span>}
    </span>
  );
}

/** A step on the canvas: its kind's icon and title, its id, what it does; a map lists the steps it runs per item. */
export const StepNode = memo(function StepNode({ data, height }: NodeProps<BuilderNode>) {
  const step = data.step!;
  const look = kindLook(step.uses);
  const summary = stepSummary(step);
  return (
    <>
      <Handle type="target" position={Position.Top} className="builder-handle" />
      <div
        className="builder-node"
        data-testid={`builder-node-${step.id}`}
        data-kind={data.kind}
        data-status={data.status ?? undefined}
        data-problems={data.problems}
        data-violations={data.violations}
        data-highlighted={data.highlighted ? 'true' : 'false'}
        data-dimmed={data.dimmed ? 'true' : 'false'}
        style={{ width: NODE_WIDTH, height, borderLeftColor: `var(--mantine-color-${look.color}-6)` }}
      >
        <MarkBadges problems={data.problems} violations={data.violations} />
        <span className="builder-node-head">
          <KindIcon uses={step.uses} />
          <span className="builder-node-text">
            <span className="builder-node-line builder-node-dim">{data.title}</span>
            <span className="builder-node-line builder-node-id">{step.id}</span>
            <span className="builder-node-line builder-node-summary">{summary || '\u00a0'}</span>
          </span>
        </span>
        {data.kind === 'map' && <InnerSteps step={step} />}
      </div>
      <Handle type="source" position={Position.Bottom} className="builder-handle" />
    </>
  );
});

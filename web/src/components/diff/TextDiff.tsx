import { Box, Button, Paper, Text } from '@mantine/core';
import { useState, type CSSProperties } from 'react';
import type { DiffOp, TextRun } from '../../api/types';

/** Kept lines shown around a change; longer stretches of kept lines fold. */
const CONTEXT = 3;

type Line = { op: DiffOp; text: string; before: number | null; after: number | null };
type Block = { kind: 'lines'; lines: Line[] } | { kind: 'fold'; id: number; lines: Line[] };

/** The runs as numbered lines, on each side. */
export function linesOf(runs: readonly TextRun[]): Line[] {
  const lines: Line[] = [];
  let before = 0;
  let after = 0;
  for (const run of runs) {
    for (const text of run.text.split('\n')) {
      if (run.op !== 'added') before += 1;
      if (run.op !== 'removed') after += 1;
      lines.push({ op: run.op, text, before: run.op === 'added' ? null : before, after: run.op === 'removed' ? null : after });
    }
  }
  return lines;
}

/** Lines with long stretches of kept lines folded, keeping CONTEXT lines next to each change. */
function blocksOf(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let current: Line[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line === undefined) break;
    if (line.op !== 'same') {
      current.push(line);
      index += 1;
      continue;
    }
    let end = index;
    while (end < lines.length && lines[end]?.op === 'same') end += 1;
    const stretch = lines.slice(index, end);
    const head = index === 0 ? 0 : CONTEXT;
    const tail = end === lines.length ? 0 : CONTEXT;
    if (stretch.length > head + tail + 1) {
      current.push(...stretch.slice(0, head));
      blocks.push({ kind: 'lines', lines: current });
      blocks.push({ kind: 'fold', id: index, lines: stretch.slice(head, stretch.length - tail) });
      current = stretch.slice(stretch.length - tail);
    } else {
      current.push(...stretch);
    }
    index = end;
  }
  if (current.length > 0) blocks.push({ kind: 'lines', lines: current });
  return blocks;
}

const LINE_STYLE: Record<DiffOp, { background?: string; color?: string; sign: string }> = {
  same: { sign: ' ' },
  removed: { background: 'var(--mantine-color-red-0)', color: 'var(--mantine-color-red-9)', sign: '−' },
  added: { background: 'var(--mantine-color-green-0)', color: 'var(--mantine-color-green-9)', sign: '+' },
};

const NUMBER: CSSProperties = {
  width: '3.5ch',
  textAlign: 'right',
  color: 'var(--mantine-color-dimmed)',
  userSelect: 'none',
  flexShrink: 0,
};

function LineRow({ line }: { line: Line }) {
  const { background, color, sign } = LINE_STYLE[line.op];
  return (
    <Box style={{ display: 'flex', gap: '1ch', background, color, padding: '0 8px' }} data-testid={`diff-line-${line.op}`}>
      <span style={NUMBER}>{line.before ?? ''}</span>
      <span style={NUMBER}>{line.after ?? ''}</span>
      <span style={{ userSelect: 'none', width: '1ch', flexShrink: 0 }} aria-label={line.op === 'same' ? undefined : line.op}>
        {sign}
      </span>
      <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', minWidth: 0 }}>{line.text === '' ? ' ' : line.text}</span>
    </Box>
  );
}

/** The definition as written, line by line: removed lines red, added lines green, long unchanged stretches folded. */
export function TextDiff({ runs }: { runs: readonly TextRun[] }) {
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const lines = linesOf(runs);
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The definition is empty.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="md" py={6} style={{ overflowX: 'auto' }} data-testid="diff-text">
      <Box ff="monospace" fz="xs" style={{ lineHeight: 1.6 }}>
        {blocksOf(lines).flatMap((block, index) =>
          block.kind === 'lines' || opened.has(block.id)
            ? block.lines.map((line, at) => <LineRow key={`${index}-${at}`} line={line} />)
            : [
                <Button
                  key={`fold-${block.id}`}
                  variant="subtle"
                  color="gray"
                  size="compact-xs"
                  fullWidth
                  justify="flex-start"
                  radius={0}
                  onClick={() => setOpened((current) => new Set(current).add(block.id))}
                >
                  {`Show ${block.lines.length} unchanged lines`}
                </Button>,
              ],
        )}
      </Box>
    </Paper>
  );
}

import { Text } from '@mantine/core';
import { Fragment } from 'react';
import type { TextRun } from '../../api/types';
import { ADDED, PRE_WRAP, REMOVED } from './styles';

/**
 * Text compared word by word, inline: removed words struck through in red, added words highlighted in green.
 * The runs are joined by spaces, as the words were split.
 */
export function WordRuns({ runs }: { runs: readonly TextRun[] }) {
  return (
    <Text size="sm" style={{ ...PRE_WRAP, lineHeight: 1.7 }} data-testid="diff-words">
      {runs.map((run, index) => (
        <Fragment key={index}>
          {index > 0 && ' '}
          {run.op === 'removed' ? (
            <del style={REMOVED} title="Removed">
              {run.text}
            </del>
          ) : run.op === 'added' ? (
            <ins style={ADDED} title="Added">
              {run.text}
            </ins>
          ) : (
            <span>{run.text}</span>
          )}
        </Fragment>
      ))}
    </Text>
  );
}

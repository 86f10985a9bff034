import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../../api/types';
import type { WorkflowDoc } from '../model/types';
import { OutputsDesigner } from './OutputsDesigner';
import { renderPanel } from './testing';
import { claimsDoc, KINDS } from './testFixtures';

function Harness({
  problems = [],
  onChange,
  doc: initial = claimsDoc(),
}: {
  problems?: Problem[];
  onChange: (outputs: Record<string, unknown>) => void;
  doc?: WorkflowDoc;
}) {
  const [doc, setDoc] = useState(initial);
  return (
    <OutputsDesigner
      doc={doc}
      kinds={KINDS}
      problems={problems}
      onChange={(outputs) => {
        onChange(outputs);
        setDoc({ ...doc, outputs });
      }}
    />
  );
}

const row = (name: string) => screen.getByTestId(`output-row-${name}`);

describe('the outputs designer', () => {
  it('adds an output whose value may refer to any step, renames and removes it', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<Harness onChange={onChange} />);
    expect(within(row('summary')).getByRole('combobox', { name: 'Value' })).toHaveValue('{{ steps.summary.output }}');

    await user.click(screen.getByRole('button', { name: 'Add an output' }));
    const value = within(row('result')).getByRole('combobox', { name: 'Value' });
    await user.type(value, '{{{{ file');
    const offered = await screen.findAllByTestId('reference-option');
    expect(offered.map((o) => o.querySelector('p')?.textContent)).toEqual(['steps.file_it.output']);
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ summary: '{{ steps.summary.output }}', result: '{{ steps.file_it.output }}' });

    const name = within(row('result')).getByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'filed{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ summary: '{{ steps.summary.output }}', filed: '{{ steps.file_it.output }}' });
    await user.click(screen.getByRole('button', { name: 'Remove output summary' }));
    expect(onChange).toHaveBeenLastCalledWith({ filed: '{{ steps.file_it.output }}' });
  });

  it('marks references to nothing, and shows problems in their output', () => {
    const doc = claimsDoc();
    doc.outputs = { summary: '{{ steps.sumary.output }}' };
    renderPanel(
      <Harness
        doc={doc}
        onChange={() => {}}
        problems={[{ path: 'outputs.summary', message: 'unknown reference steps.sumary — did you mean steps.summary?' }]}
      />,
    );
    expect(within(row('summary')).getByTestId('invalid-reference')).toHaveTextContent(
      'steps.sumary is not a step here — did you mean steps.summary?',
    );
    expect(row('summary')).toHaveTextContent('Unknown reference steps.sumary');
  });
});

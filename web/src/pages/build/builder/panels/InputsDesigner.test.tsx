import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../../api/types';
import type { InputDoc, WorkflowDoc } from '../model/types';
import { InputsDesigner } from './InputsDesigner';
import { choose, optionsOf, renderPanel } from './testing';
import { claimsDoc } from './testFixtures';

function Harness({ problems = [], onChange }: { problems?: Problem[]; onChange: (inputs: Record<string, InputDoc>) => void }) {
  const [doc, setDoc] = useState<WorkflowDoc>(claimsDoc());
  return (
    <InputsDesigner
      doc={doc}
      problems={problems}
      onChange={(inputs) => {
        onChange(inputs);
        setDoc({ ...doc, inputs });
      }}
    />
  );
}

const row = (name: string) => screen.getByTestId(`input-row-${name}`);
const last = (onChange: ReturnType<typeof vi.fn>) => onChange.mock.lastCall?.[0] as Record<string, InputDoc>;

describe('the inputs designer', () => {
  it('lists the inputs with their type, requirement and label, and reorders and removes them', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<Harness onChange={onChange} />);
    expect(screen.getByTestId('inputs-designer')).toBeInTheDocument();
    expect(row('claim')).toHaveTextContent('text · required · Confidential, PII');
    expect(row('amount')).toHaveTextContent('number');

    await user.click(screen.getByRole('button', { name: 'Move amount up' }));
    expect(Object.keys(last(onChange))).toEqual(['amount', 'claim']);
    await user.click(screen.getByRole('button', { name: 'Remove claim' }));
    expect(last(onChange)).toEqual({ amount: { type: 'number' } });
  });

  it('adds an input and sets it up: name, type with choices, required, default and help text', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: 'Add an input' }));
    expect(last(onChange).new_input).toEqual({ type: 'string' });

    const name = within(row('new_input')).getByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'Via');
    expect(row('new_input')).toHaveTextContent('Use lower-case letters, digits and _');
    await user.clear(name);
    await user.type(name, 'via{Enter}');
    expect(Object.keys(last(onChange))).toEqual(['claim', 'amount', 'via']);

    await choose(row('via'), 'Type', /^One of a list/);
    await user.type(within(row('via')).getByLabelText(/Choices/), 'email{Enter}phone{Enter}');
    await user.click(within(row('via')).getByRole('switch', { name: /Required/ }));
    await choose(row('via'), 'Default value', 'phone');
    await user.click(within(row('via')).getByRole('textbox', { name: /Help text/ }));
    await user.paste('How they reached us');
    expect(last(onChange).via).toEqual({
      type: 'enum',
      values: ['email', 'phone'],
      required: true,
      default: 'phone',
      description: 'How they reached us',
    });
  });

  it('asks files for accepted kinds and a size, and drops what a new type does not have', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<Harness onChange={onChange} />);
    await user.click(within(row('amount')).getByRole('button', { expanded: false }));
    await choose(row('amount'), 'Type', /^File/);
    await user.type(within(row('amount')).getByLabelText(/Kinds of file accepted/), '.pdf{Enter}');
    await user.type(within(row('amount')).getByRole('textbox', { name: /Largest size/ }), 'ten megs');
    expect(row('amount')).toHaveTextContent('Write a size such as 512KB or 10MB');
    expect(last(onChange).amount).toEqual({ type: 'file', accept: ['.pdf'], max_size: 'ten megs' });
    await choose(row('amount'), 'Type', /^Text/);
    expect(last(onChange).amount).toEqual({ type: 'string' });
  });

  it('labels an input with a level in plain words and special categories', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<Harness onChange={onChange} />);
    await user.click(within(row('amount')).getByRole('button', { expanded: false }));
    const label = within(row('amount')).getByTestId('input-label');
    expect(within(label).getByTestId('input-label-meaning')).toHaveTextContent(
      'Internal — Everyday company data. Any model or system cleared for internal data may receive it.',
    );
    expect(await optionsOf(label, 'How sensitive is it?')).toEqual([
      'PublicAnyone may see it',
      'InternalEveryday company data',
      'ConfidentialOnly some people may see it',
      'RestrictedThe most sensitive data',
    ]);
    await choose(label, 'How sensitive is it?', /^Confidential/);
    expect(within(label).getByTestId('input-label-meaning')).toHaveTextContent(
      'Confidential — Only some people may see it. Only a model or system cleared for confidential data may receive it',
    );
    // The categories come from the organisation's catalogue.
    await waitFor(() => expect(within(label).getByRole('checkbox', { name: 'pii' })).toBeInTheDocument());
    await user.click(within(label).getByRole('checkbox', { name: 'pii' }));
    expect(last(onChange).amount).toEqual({ type: 'number', label: 'confidential/pii' });
    expect(label).toHaveTextContent('Only models and systems cleared for personal data may receive it.');
    await choose(label, 'How sensitive is it?', /^Internal/);
    await user.click(within(label).getByRole('checkbox', { name: 'pii' }));
    // Plain internal is the default: it is not written.
    expect(last(onChange).amount).toEqual({ type: 'number' });
  });

  it('shows each problem in its input, opened', () => {
    renderPanel(
      <Harness
        onChange={() => {}}
        problems={[
          { path: 'inputs.amount.default', message: 'expected a number' },
          { path: 'inputs', message: 'at most 100 inputs' },
        ]}
      />,
    );
    expect(row('amount')).toHaveTextContent('1 problem');
    expect(within(row('amount')).getByRole('textbox', { name: /Default value/ })).toHaveAccessibleDescription(/Expected a number/);
    expect(screen.getByTestId('inputs-designer')).toHaveTextContent('At most 100 inputs');
  });

  it('hands a rename to the caller when it asks for it, so that references can follow', async () => {
    const user = userEvent.setup();
    const onRename = vi.fn();
    const onChange = vi.fn();
    renderPanel(<InputsDesigner doc={claimsDoc()} onChange={onChange} onRename={onRename} />);
    await user.click(within(row('amount')).getByRole('button', { expanded: false }));
    // Found once the expanded section's transition has ended.
    const name = await within(row('amount')).findByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'sum{Enter}');
    expect(onRename).toHaveBeenCalledWith('amount', 'sum');
    expect(onChange).not.toHaveBeenCalled();
  });
});

import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ReferenceOption } from '../model/types';
import { TemplateField } from './TemplateField';
import { renderPanel } from './testing';

const OPTIONS: ReferenceOption[] = [
  { path: 'inputs.claim', detail: 'Input · text' },
  { path: 'inputs.amount', detail: 'Input · number' },
  { path: 'steps.summary.output', detail: 'Output of step summary · text' },
];

function Harness({ initial = '', onChange }: { initial?: string; onChange?: (value: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <TemplateField
      label="Prompt"
      value={value}
      references={OPTIONS}
      onChange={(next) => {
        setValue(next);
        onChange?.(next);
      }}
    />
  );
}

describe('the template field', () => {
  it('lists what can be inserted after {{ and inserts the chosen one with the keyboard', async () => {
    const user = userEvent.setup();
    const changes = vi.fn();
    renderPanel(<Harness onChange={changes} />);
    const field = screen.getByRole('combobox', { name: 'Prompt' });
    expect(field).toHaveAttribute('aria-expanded', 'false');

    await user.type(field, 'Summarise {{{{');
    expect(field).toHaveAttribute('aria-expanded', 'true');
    const listbox = await screen.findByRole('listbox', { name: 'Prompt' });
    expect(field).toHaveAttribute('aria-controls', listbox.id);
    const options = await screen.findAllByTestId('reference-option');
    expect(options.map((o) => o.textContent)).toEqual([
      'inputs.claimInput · text',
      'inputs.amountInput · number',
      'steps.summary.outputOutput of step summary · text',
    ]);
    expect(field).toHaveAttribute('aria-activedescendant', options[0]!.id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(field).toHaveAttribute('aria-activedescendant', options[2]!.id);
    await user.keyboard('{ArrowDown}');
    expect(field).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{ArrowUp}{Enter}');

    expect(field).toHaveValue('Summarise {{ steps.summary.output }}');
    expect(changes).toHaveBeenLastCalledWith('Summarise {{ steps.summary.output }}');
    expect(field).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('filters by what is typed after {{ and inserts on a click', async () => {
    const user = userEvent.setup();
    renderPanel(<Harness />);
    const field = screen.getByRole('combobox', { name: 'Prompt' });
    await user.type(field, '{{{{ amo');
    expect((await screen.findAllByTestId('reference-option')).map((o) => o.textContent)).toEqual(['inputs.amountInput · number']);
    await user.click(screen.getByTestId('reference-option'));
    expect(field).toHaveValue('{{ inputs.amount }}');
  });

  it('opens on Ctrl+Space or the braces button anywhere, closes on Escape', async () => {
    const user = userEvent.setup();
    renderPanel(<Harness initial="Dear " />);
    const field = screen.getByRole('combobox', { name: 'Prompt' });
    await user.click(field);
    await user.keyboard('{Control>} {/Control}');
    expect(await screen.findAllByTestId('reference-option')).toHaveLength(3);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(field).toHaveValue('Dear ');

    await user.click(screen.getByRole('button', { name: 'Insert a value from an input or a step' }));
    await screen.findAllByTestId('reference-option');
    await user.keyboard('{Enter}');
    expect(field).toHaveValue('Dear {{ inputs.claim }}');
  });

  it('marks references that are not available here, with the likely fix', async () => {
    const user = userEvent.setup();
    renderPanel(<Harness initial="{{ steps.sumary.output }} for {{ inputs.claim }}" />);
    const [marked] = screen.getAllByTestId('invalid-reference');
    expect(marked).toHaveTextContent('steps.sumary is not a step here — did you mean steps.summary?');
    expect(screen.getByRole('combobox', { name: 'Prompt' })).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Use steps.summary' }));
    expect(screen.getByRole('combobox', { name: 'Prompt' })).toHaveValue('{{ steps.summary.output }} for {{ inputs.claim }}');
    expect(screen.queryByTestId('invalid-reference')).toBeNull();
  });

  it('says when nothing matches', async () => {
    renderPanel(<Harness />);
    const field = screen.getByRole('combobox', { name: 'Prompt' });
    act(() => field.focus());
    fireEvent.change(field, { target: { value: '{{ zzz', selectionStart: 6 } });
    expect(await screen.findByTestId('reference-none')).toHaveTextContent('Nothing matches “zzz”.');
  });
});

// The schema-driven form across the built-in step kinds: no kind has a form of its own.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { docWith, StepHarness } from './stepHarness';
import { choose, optionsOf, renderPanel } from './testing';
import { claimsDoc } from './testFixtures';

const field = (path: string) => screen.getByTestId(`step-field-${path}`);
const lastWith = (onChange: ReturnType<typeof vi.fn>) => (onChange.mock.lastCall?.[0] as { with?: Record<string, unknown> }).with;

describe('the schema form', () => {
  it('edits a branch: cases as repeatable groups with a condition and the steps to run', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={3} onChange={onChange} />);

    const first = field('with.cases[0]');
    expect(first).toHaveAttribute('role', 'group');
    expect(first).toHaveAccessibleName('Case 1');
    expect(within(field('with.cases[0].when')).getByRole('combobox', { name: /When/ })).toHaveValue(
      "{{ steps.kind.output.category == 'car' }}",
    );
    // A branch chooses among the other steps, shown with their kinds, except kind, which it reads.
    const targets = await optionsOf(field('with.cases[0].then'), /Then run/);
    expect(targets).toEqual(['facts — Extract fields', 'summary — Ask a model', 'notify — Compute a value', 'file_it — Compute a value']);

    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    await user.type(
      within(field('with.cases[1].when')).getByRole('combobox', { name: /When/ }),
      "{{{{ steps.kind.output.category == 'home' }}",
    );
    await choose(field('with.cases[1].then'), /Then run/, /^summary/);
    expect(lastWith(onChange)).toEqual({
      cases: [
        { when: "{{ steps.kind.output.category == 'car' }}", then: ['notify'] },
        { when: "{{ steps.kind.output.category == 'home' }}", then: ['summary'] },
      ],
      default: ['file_it'],
    });

    await user.click(screen.getByRole('button', { name: 'Move Case 2 up' }));
    expect((lastWith(onChange)?.cases as { then: string[] }[]).map((c) => c.then)).toEqual([['summary'], ['notify']]);
    await user.click(screen.getByRole('button', { name: 'Remove Case 1' }));
    expect(lastWith(onChange)?.cases).toEqual([{ when: "{{ steps.kind.output.category == 'car' }}", then: ['notify'] }]);
  });

  it('calls a connection: its actions with their access, then the chosen action’s inputs from its schema', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const { doc, index } = docWith({ id: 'lookup', uses: 'connector' });
    renderPanel(<StepHarness doc={doc} index={index} onChange={onChange} />);

    expect(within(field('with.action')).getByRole('textbox', { name: /Action/ })).toHaveAccessibleDescription('Choose a connection first.');
    await choose(field('with.connection'), /Connection/, /^crm/);
    expect(field('with.connection')).toHaveTextContent('What it returns is Confidential, PII');
    expect(await optionsOf(field('with.action'), /Action/)).toEqual([
      'lookup_customerReadsFinds a customer by e-mail',
      "add_noteChanges dataAdds a note to a customer's file",
    ]);
    await choose(field('with.action'), /Action/, /^lookup_customer/);
    const email = within(field('with.input.email')).getByRole('combobox', { name: /Email/ });
    expect(email).toBeRequired();
    await user.type(email, '{{{{ inputs.claim }}');
    expect(lastWith(onChange)).toEqual({ connection: 'crm', action: 'lookup_customer', input: { email: '{{ inputs.claim }}' } });

    // Another action keeps only the inputs it also takes.
    await choose(field('with.action'), /Action/, /^add_note/);
    expect(lastWith(onChange)).toEqual({ connection: 'crm', action: 'add_note' });
    expect(within(field('with.input.urgent')).getByRole('switch', { name: 'Urgent' })).not.toBeChecked();
  });

  it('describes the fields to extract as rows, and shows the schema as JSON on request', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={0} onChange={onChange} />);
    const schema = field('with.schema');
    expect(
      within(schema)
        .getAllByRole('textbox', { name: 'Name' })
        .map((input) => (input as HTMLInputElement).value),
    ).toEqual(['policy_number', 'total']);
    expect(
      within(schema)
        .getAllByRole('checkbox', { name: 'Required' })
        .map((box) => (box as HTMLInputElement).checked),
    ).toEqual([false, true]);

    await user.click(within(schema).getByRole('button', { name: 'Add a field' }));
    const row = within(schema).getByTestId('extract-field-2');
    expect(row).toHaveTextContent('Give the field a name');
    await user.type(within(row).getByRole('textbox', { name: 'Name' }), 'cause');
    await choose(row, 'Type', 'One of…');
    await user.type(within(row).getByLabelText('Values'), 'fire{Enter}flood{Enter}');
    await user.click(within(row).getByRole('checkbox', { name: 'Required' }));
    expect(lastWith(onChange)?.schema).toEqual({
      type: 'object',
      properties: { policy_number: { type: 'string' }, total: { type: 'number' }, cause: { type: 'string', enum: ['fire', 'flood'] } },
      required: ['total', 'cause'],
    });

    await user.click(within(schema).getByText('JSON'));
    expect(within(schema).getByRole('textbox', { name: 'JSON Schema of the fields' })).toHaveValue(
      JSON.stringify(lastWith(onChange)?.schema, null, 2),
    );
  });

  it('opens a schema rows cannot show as JSON', () => {
    const doc = claimsDoc();
    doc.steps[0]!.with!.schema = { type: 'object', properties: { address: { type: 'object', properties: { city: { type: 'string' } } } } };
    renderPanel(<StepHarness doc={doc} index={0} />);
    expect(field('with.schema')).toHaveTextContent('This schema says more than the fields table can show');
  });

  it('edits an approval: a fieldset of people and groups as tags, and a choice tucked under more options', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const { doc, index } = docWith({ id: 'sign_off', uses: 'approval', with: { title: 'Pay {{ inputs.amount }}?' } });
    renderPanel(<StepHarness doc={doc} index={index} onChange={onChange} />);
    const approvers = field('with.approvers');
    expect(within(approvers).getByText('Approvers')).toBeInTheDocument();
    await user.type(within(field('with.approvers.groups')).getByLabelText('Groups'), 'claims-leads{Enter}');
    expect(lastWith(onChange)).toEqual({ title: 'Pay {{ inputs.amount }}?', approvers: { groups: ['claims-leads'] } });
    await user.click(screen.getByRole('button', { name: 'More options (1)' }));
    expect(within(field('with.on_timeout')).getByRole('combobox', { name: 'On timeout' })).toHaveAttribute('placeholder', 'reject');
    await choose(field('with.on_timeout'), 'On timeout', 'Approve');
    expect(lastWith(onChange)?.on_timeout).toBe('approve');
  });

  it('picks several of a list of choices, and lists text as tags that can gain descriptions', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const { doc, index } = docWith({ id: 'mask', uses: 'redact', with: { text: '{{ inputs.claim }}' } });
    const { unmount } = renderPanel(<StepHarness doc={doc} index={index} onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: 'More options (1)' }));
    expect(field('with.kinds')).toHaveTextContent('Which kinds to mask; every kind when omitted.');
    await choose(field('with.kinds'), 'Kinds', 'Payment card');
    expect(lastWith(onChange)?.kinds).toEqual(['payment_card']);
    unmount();

    renderPanel(<StepHarness doc={claimsDoc()} index={1} onChange={onChange} />);
    const categories = within(field('with.categories')).getByLabelText(/Categories/);
    await user.type(categories, 'travel{Enter}');
    expect(lastWith(onChange)?.categories).toEqual(['car', 'home', 'travel']);
    await user.click(screen.getByRole('switch', { name: 'Add a description to each' }));
    expect(lastWith(onChange)?.categories).toEqual([{ name: 'car' }, { name: 'home' }, { name: 'travel' }]);
    await user.type(within(field('with.categories[0].description')).getByRole('combobox', { name: 'Description' }), 'Motor claims');
    expect(lastWith(onChange)?.categories).toEqual([{ name: 'car', description: 'Motor claims' }, { name: 'home' }, { name: 'travel' }]);
  });

  it('writes a value of any type as text or as JSON', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={4} onChange={onChange} />);
    const value = field('with.value');
    expect(within(value).getByRole('combobox', { name: /Value/ })).toHaveValue('Car claim: {{ steps.summary.output }}');
    await user.click(within(value).getByText('Structured (JSON)'));
    const json = within(value).getByRole('textbox', { name: /Value/ });
    await user.clear(json);
    await user.type(json, '{{"queue": "motor"}');
    expect(lastWith(onChange)).toEqual({ value: { queue: 'motor' } });
  });

  it('shows the settings of an unknown kind as JSON', () => {
    const { doc, index } = docWith({ id: 'odd', uses: 'llm.sumarize', with: { text: 'x' } });
    renderPanel(<StepHarness doc={doc} index={index} />);
    expect(screen.getByTestId('step-panel')).toHaveTextContent('Paddock has no kind of step called “llm.sumarize”');
    expect(screen.getByRole('textbox', { name: 'Settings' })).toHaveValue('{\n  "text": "x"\n}');
  });

  it('runs steps for each item: the list as an expression, the inner steps as JSON, and a default as placeholder', async () => {
    const { doc, index } = docWith({
      id: 'each',
      uses: 'map',
      with: { items: '{{ inputs.claim }}', steps: [{ id: 'one', uses: 'template', with: { value: '{{ item }}' } }] },
    });
    renderPanel(<StepHarness doc={doc} index={index} />);
    expect(within(field('with.items')).getByRole('combobox', { name: /Items/ })).toHaveValue('{{ inputs.claim }}');
    expect(within(field('with.steps[0]')).getByRole('textbox', { name: 'Step 1' })).toHaveValue(
      JSON.stringify({ id: 'one', uses: 'template', with: { value: '{{ item }}' } }, null, 2),
    );
    await userEvent.click(screen.getByRole('button', { name: 'More options (1)' }));
    expect(within(field('with.concurrency')).getByRole('textbox', { name: 'Concurrency' })).toHaveAttribute('placeholder', '4');
  });

  it('shows settings the kind does not have, to be removed', async () => {
    const onChange = vi.fn();
    const { doc, index } = docWith({ id: 'odd', uses: 'template', with: { value: 'x', valeu: 'y' } });
    renderPanel(<StepHarness doc={doc} index={index} onChange={onChange} />);
    expect(screen.getByTestId('unknown-setting-valeu')).toHaveTextContent('valeu is not a setting of this step.');
    await userEvent.click(screen.getByRole('button', { name: 'Remove valeu' }));
    expect(lastWith(onChange)).toEqual({ value: 'x' });
  });
});

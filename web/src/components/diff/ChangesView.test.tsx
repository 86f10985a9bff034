import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../api/types';
import { noChanges, semantic, ticketTriageChanges } from '../../test/reviewFixtures';
import { ChangesView } from './ChangesView';
import { changeSummary, parseUse } from './describe';
import { linesOf } from './TextDiff';

function show(changes: Comparison) {
  return render(
    <MantineProvider>
      <ChangesView changes={changes} />
    </MantineProvider>,
  );
}

describe('changeSummary', () => {
  it('counts steps, inputs and outputs and names what is newly used', () => {
    expect(changeSummary(ticketTriageChanges.semantic)).toBe(
      '2 steps changed, 1 added, 1 removed; 1 input changed, 1 added; 1 output removed; now uses tickets.create_ticket and the model hosted-general; no longer uses the model builtin',
    );
    expect(
      changeSummary(
        semantic({
          steps_changed: [
            { id: 'a', uses: 'template', fields: [] },
            { id: 'b', uses: 'template', fields: [] },
          ],
          steps_added: [{ id: 'c', uses: 'connector' }],
          uses_added: ['connection tickets: create_ticket'],
          changed: true,
        }),
      ),
    ).toBe('2 steps changed, 1 added; now uses tickets.create_ticket');
  });

  it('says when only the description or only the writing changed, and when nothing did', () => {
    expect(changeSummary(semantic({ changed: true }))).toBe('Only the description changed');
    expect(changeSummary(semantic(), [{ op: 'added', text: '# a comment' }])).toBe('Only the way it is written changed');
    expect(changeSummary(semantic())).toBe('No changes');
    expect(changeSummary(semantic({ uses_added: ['model m'], changed: true }))).toBe('Now uses the model m');
  });

  it('reads models and connection actions', () => {
    expect(parseUse('model hosted-general')).toMatchObject({ kind: 'model', name: 'hosted-general' });
    expect(parseUse('connection tickets: create_ticket')).toMatchObject({ kind: 'connection', connection: 'tickets', action: 'create_ticket' });
    expect(parseUse('something else')).toMatchObject({ kind: 'other' });
  });

  it('numbers the lines on each side', () => {
    const lines = linesOf([
      { op: 'same', text: 'a\nb' },
      { op: 'removed', text: 'c' },
      { op: 'added', text: 'C\nD' },
      { op: 'same', text: 'e' },
    ]);
    expect(lines.map((line) => [line.op, line.before, line.after])).toEqual([
      ['same', 1, 1],
      ['same', 2, 2],
      ['removed', 3, null],
      ['added', null, 3],
      ['added', null, 4],
      ['same', 4, 5],
    ]);
  });
});

describe('ChangesView', () => {
  it('says "No changes" when nothing differs', () => {
    show(noChanges);
    expect(screen.getByTestId('changes-summary')).toHaveTextContent('No changes');
    expect(screen.queryByTestId('diff-steps')).not.toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'YAML' })).not.toBeInTheDocument();
  });

  it('shows what is newly used and no longer used first, with connections and models apart', () => {
    show(ticketTriageChanges);
    expect(screen.getByTestId('changes-summary')).toHaveTextContent(/^2 steps changed, 1 added, 1 removed/);
    const uses = screen.getByTestId('diff-uses');
    expect(within(uses).getByRole('heading', { name: 'Newly used' })).toBeInTheDocument();
    expect(within(uses).getByRole('heading', { name: 'No longer used' })).toBeInTheDocument();
    const added = within(uses).getAllByTestId('diff-use-added');
    expect(added.map((item) => item.getAttribute('data-use'))).toEqual(['connection tickets: create_ticket', 'model hosted-general']);
    expect(added[0]).toHaveTextContent('tickets.create_ticket');
    expect(added[0]).toHaveTextContent('The action create_ticket of the connection tickets');
    expect(added[1]).toHaveTextContent('AI model');
    expect(within(uses).getByTestId('diff-use-removed')).toHaveTextContent('builtin');
  });

  it('lists steps added, removed and changed down to the field', () => {
    show(ticketTriageChanges);
    const steps = screen.getByTestId('diff-steps');
    expect(within(steps).getByTestId('diff-step-added')).toHaveTextContent('open_ticket');
    expect(within(steps).getByTestId('diff-step-added')).toHaveTextContent('connector');
    expect(within(steps).getByTestId('diff-step-removed')).toHaveTextContent('queue_ticket');

    const [classify, route] = within(steps).getAllByTestId('diff-step-changed');
    expect(classify).toHaveAttribute('data-step', 'classify');
    expect(classify).toHaveTextContent('3 fields changed');
    expect(route).toHaveTextContent('1 field changed');

    // A text changed in place: the words struck through and highlighted inline.
    const prompt = within(classify!).getAllByTestId('diff-field').find((field) => field.getAttribute('data-path') === 'with.prompt')!;
    const words = within(prompt).getByTestId('diff-words');
    expect(words).toHaveTextContent('Sort the ticket by urgency urgency and team');
    expect(words.querySelector('del')).toHaveTextContent('urgency');
    expect(words.querySelector('ins')).toHaveTextContent('urgency and team');

    // Other values before and after, side by side.
    const model = within(classify!).getAllByTestId('diff-field').find((field) => field.getAttribute('data-path') === 'with.model')!;
    expect(within(model).getByTestId('diff-value-removed')).toHaveTextContent('Before');
    expect(within(model).getByTestId('diff-value-removed')).toHaveTextContent('builtin');
    expect(within(model).getByTestId('diff-value-added')).toHaveTextContent('hosted-general');

    // A field added, and one removed.
    const temperature = within(classify!).getAllByTestId('diff-field').find((f) => f.getAttribute('data-path') === 'with.temperature')!;
    expect(temperature).toHaveTextContent('added');
    expect(within(temperature).getByTestId('diff-value-added')).toHaveTextContent('0.2');
    expect(within(route!).getByTestId('diff-field')).toHaveTextContent('removed');
    expect(within(route!).getByTestId('diff-value-removed')).toHaveTextContent('classify');
  });

  it('shows inputs and outputs, with their paths inside the section', () => {
    show(ticketTriageChanges);
    const inputs = screen.getByTestId('diff-inputs');
    expect(within(inputs).getByTestId('diff-inputs-added')).toHaveTextContent('priority');
    const label = within(inputs).getByTestId('diff-field');
    expect(label).toHaveAttribute('data-path', 'inputs.body.label');
    expect(within(label).getByText('body.label')).toBeInTheDocument();
    expect(label).toHaveTextContent('confidential/pii');
    expect(within(screen.getByTestId('diff-outputs')).getByTestId('diff-outputs-removed')).toHaveTextContent('queue');
  });

  it('switches to the YAML line diff, folding long unchanged stretches', async () => {
    show(ticketTriageChanges);
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    const text = screen.getByTestId('diff-text');
    expect(screen.queryByTestId('diff-steps')).not.toBeInTheDocument();
    expect(within(text).getAllByTestId('diff-line-removed').map((line) => line.textContent)).toEqual(['10−      model: builtin']);
    expect(within(text).getAllByTestId('diff-line-added')).toHaveLength(2);
    // Nine kept lines before the change: the first six fold, three stay next to it.
    const fold = within(text).getByRole('button', { name: 'Show 6 unchanged lines' });
    expect(within(text).getAllByTestId('diff-line-same')).toHaveLength(5);
    await userEvent.click(fold);
    expect(within(text).getAllByTestId('diff-line-same')).toHaveLength(11);

    await userEvent.click(screen.getByRole('radio', { name: 'Changes' }));
    expect(screen.getByTestId('diff-steps')).toBeInTheDocument();
  });

  it('says so when only the way it is written changed', () => {
    show({ from: 'v1', to: 'v2', semantic: semantic(), text: [{ op: 'added', text: '# a comment' }] });
    expect(screen.getByTestId('changes-summary')).toHaveTextContent('Only the way it is written changed');
    expect(screen.getByTestId('changes-text-only')).toBeInTheDocument();
  });
});

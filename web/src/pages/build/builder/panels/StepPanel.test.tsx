import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../../api/types';
import { StepHarness } from './stepHarness';
import { choose, optionsOf, renderPanel } from './testing';
import { claimsDoc } from './testFixtures';

const field = (path: string) => screen.getByTestId(`step-field-${path}`);

describe('the step panel', () => {
  it('renders a model step from its kind: title, description, fields, required marks and tucked options', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={2} onChange={onChange} />);

    const panel = screen.getByTestId('step-panel');
    expect(within(panel).getByRole('heading', { name: 'Ask a model' })).toBeInTheDocument();
    expect(panel).toHaveTextContent('Sends a prompt to a model and returns its answer as text.');
    expect(within(field('with.prompt')).getByRole('combobox', { name: /Prompt/ })).toBeRequired();
    expect(within(field('with.system')).getByRole('combobox', { name: /System/ })).not.toBeRequired();
    // Optional numbers wait under "More options" until asked for.
    expect(screen.queryByTestId('step-field-with.temperature')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'More options (2)' }));
    const temperature = within(field('with.temperature')).getByRole('textbox', { name: 'Temperature' });
    await user.type(temperature, '0.5');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ with: expect.objectContaining({ temperature: 0.5 }) }));

    const prompt = within(field('with.prompt')).getByRole('combobox', { name: /Prompt/ });
    await user.clear(prompt);
    await user.type(prompt, 'Hi');
    expect(onChange).toHaveBeenLastCalledWith({ id: 'summary', uses: 'llm', with: { model: 'builtin', prompt: 'Hi', temperature: 0.5 } });
  });

  it('offers the workspace models with what each may receive, and marks one not ready', async () => {
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={2} onChange={onChange} />);
    const model = field('with.model');
    expect(model).toHaveTextContent('Runs inside Paddock');
    const options = await optionsOf(model, /Model/);
    expect(options).toEqual([
      expect.stringMatching(/^builtin.*Runs inside Paddock.*May receive: Restricted, all categories/),
      expect.stringMatching(/^hosted-general.*May receive: Internal/),
      expect.stringMatching(/^private-secureNot ready.*Hosted in our own data centre/),
    ]);
    await choose(model, /Model/, /^private-secure/);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ with: expect.objectContaining({ model: 'private-secure' }) }));
    expect(model).toHaveTextContent('Not ready: IT has not finished setting it up');
  });

  it('offers only references that do not make a cycle', async () => {
    const user = userEvent.setup();
    renderPanel(<StepHarness doc={claimsDoc()} index={2} />);
    const prompt = within(field('with.prompt')).getByRole('combobox', { name: /Prompt/ });
    await user.type(prompt, ' {{{{');
    const offered = (await screen.findAllByTestId('reference-option')).map((o) => o.querySelector('p')?.textContent);
    expect(offered).toContain('steps.facts.output.total');
    expect(offered).not.toContain('steps.summary.output');
    expect(offered).not.toContain('steps.notify.output');
  });

  it('shows each problem under its field and the others at the top', () => {
    const problems: Problem[] = [
      { path: 'steps[2].with.prompt', message: 'unknown reference steps.sumary — did you mean steps.summary?' },
      { path: 'steps[2].with', message: '"model" is a required property' },
      { path: 'steps[2]', message: 'steps summary and route form a cycle' },
      { path: 'steps[2].timeout', message: "'soon' is not a duration" },
    ];
    renderPanel(<StepHarness doc={claimsDoc()} index={2} problems={problems} />);
    expect(field('with.prompt')).toHaveTextContent('Unknown reference steps.sumary — did you mean steps.summary?');
    expect(field('with.model')).toHaveTextContent('Model is required');
    expect(screen.getByTestId('step-problems')).toHaveTextContent('Steps summary and route form a cycle');
    expect(screen.getByTestId('step-problems')).not.toHaveTextContent('prompt');
    // Advanced opens by itself when it has a problem.
    expect(field('timeout')).toHaveTextContent("'soon' is not a duration");
  });

  it('renames the step when a valid new name is left, and explains an invalid one', async () => {
    const user = userEvent.setup();
    const onRename = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={2} onRename={onRename} />);
    const id = screen.getByTestId('step-id');
    await user.clear(id);
    await user.type(id, 'Brief!');
    await user.tab();
    expect(onRename).not.toHaveBeenCalled();
    expect(screen.getByText(/Use lower-case letters, digits and _/)).toBeInTheDocument();
    await user.clear(id);
    await user.type(id, 'facts');
    expect(screen.getByText('Another step is already called facts')).toBeInTheDocument();
    await user.clear(id);
    await user.type(id, 'brief{Enter}');
    expect(onRename).toHaveBeenCalledWith('summary', 'brief');
  });

  it('edits retries, a time limit and steps to wait for under Advanced', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderPanel(<StepHarness doc={claimsDoc()} index={0} onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: 'Advanced' }));
    await user.type(within(field('retry')).getByRole('textbox', { name: 'Attempts' }), '3');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ retry: { max_attempts: 3 } }));
    await user.type(within(field('timeout')).getByRole('textbox', { name: 'Time limit' }), '5 minutes');
    expect(field('timeout')).toHaveTextContent('Write a duration such as 30s, 5m, 72h or 7d');
    // Every other step reads facts, directly or through a step it reads, except kind and route.
    expect(await optionsOf(field('needs'), 'Wait for')).toEqual(['kind', 'route']);
  });
});

import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import type { Violation } from '../../api/types';
import { CLAIM_TO_HOSTED } from '../../test/policyFixtures';
import { PolicyPanel, startCase, type PolicyResult } from './PolicyPanel';

const NOT_OPEN: Violation = {
  path: 'steps[0]',
  step: 'draft',
  source: null,
  label: null,
  through: [],
  sink: 'the model team-llm',
  clearance: null,
  message: 'step draft uses the model team-llm, which is not available to this workspace',
  fix: 'use one of the models available here: builtin, private-secure',
};

function panel(result: PolicyResult | null, overrides: Partial<Parameters<typeof PolicyPanel>[0]> = {}) {
  const props = {
    result,
    stale: false,
    environment: 'dev',
    onEnvironmentChange: vi.fn(),
    onCheck: vi.fn(),
    checking: false,
    checkError: null,
    canCheck: true,
    ...overrides,
  };
  render(
    <MantineProvider>
      <PolicyPanel {...props} />
    </MantineProvider>,
  );
  return props;
}

describe('the policy panel', () => {
  it('says there are no policy problems in dev when the saved draft has none', () => {
    panel({ kind: 'saved', valid: true, violations: [] });
    expect(screen.getByRole('heading', { name: 'Policy' })).toBeInTheDocument();
    expect(screen.getByTestId('policy-ok')).toHaveTextContent('No policy problems in dev');
    expect(screen.getByTestId('policy-source')).toHaveTextContent('As last saved, for Development (dev)');
    expect(screen.queryByTestId('policy-violation')).toBeNull();
  });

  it('shows each warning with its message, the path of the data as a chain, and its fix', () => {
    panel({ kind: 'saved', valid: true, violations: [CLAIM_TO_HOSTED, NOT_OPEN] });

    expect(screen.getByTestId('policy-count')).toHaveTextContent('2 policy warnings in dev');
    const [flow, notOpen] = screen.getAllByTestId('policy-violation');
    // A message that starts with a path keeps it as written; one that starts with a word gets a capital.
    expect(within(flow!).getByTestId('policy-message')).toHaveTextContent(/^inputs\.claim is confidential\/pii and reaches the model hosted-general/);
    expect(within(flow!).getByTestId('policy-fix')).toHaveTextContent(
      'How to fix it: Use private-secure, which is cleared for confidential/pii, or do not send inputs.claim to step summary',
    );
    expect(flow).toHaveTextContent('Step 2');
    expect(flow).toHaveTextContent('steps[1]');

    const chain = within(flow!).getByTestId('policy-chain');
    expect(chain).toHaveAccessibleName(
      'Path of the data: inputs.claim (confidential/pii), then step clean, then step summary, then the model hosted-general (cleared for internal)',
    );
    expect(within(chain).getByTestId('policy-chain-source')).toHaveTextContent('inputs.claim · confidential/pii');
    expect(within(chain).getAllByTestId('policy-chain-through').map((node) => node.textContent)).toEqual(['clean']);
    expect(within(chain).getByTestId('policy-chain-step')).toHaveTextContent('summary');
    expect(within(chain).getByTestId('policy-chain-sink')).toHaveTextContent('hosted-general · cleared for internal');
    // In reading order: source, through, step, sink.
    const order = [...chain.querySelectorAll('[data-testid^="policy-chain-"]')].map((node) => node.getAttribute('data-testid'));
    expect(order).toEqual(['policy-chain-source', 'policy-chain-through', 'policy-chain-step', 'policy-chain-sink']);

    expect(within(notOpen!).getByTestId('policy-message')).toHaveTextContent(/^Step draft uses the model team-llm/);
    expect(within(notOpen!).queryByTestId('policy-chain-source')).toBeNull();
    expect(within(notOpen!).getByTestId('policy-chain-sink')).toHaveTextContent(/^team-llm$/);
  });

  it('does not claim a draft with problems passes: its policy is checked once it has none', () => {
    panel({ kind: 'saved', valid: false, violations: [] });
    expect(screen.getByTestId('policy-not-checked')).toHaveTextContent('The policy is checked once the workflow has no problems');
    expect(screen.queryByTestId('policy-ok')).toBeNull();
  });

  it('names the environment of a check, and says when the workflow changed since', () => {
    panel({ kind: 'checked', environment: 'prod', violations: [CLAIM_TO_HOSTED] }, { stale: true, environment: 'prod' });
    expect(screen.getByTestId('policy-count')).toHaveTextContent('1 policy warning in prod');
    expect(screen.getByTestId('policy-source')).toHaveTextContent('Checked for Production (prod)');
    expect(screen.getByTestId('policy-source')).toHaveTextContent('You changed the workflow since');
  });

  it('lists the problems that keep the policy from being checked, apart from the format problems', () => {
    panel({ kind: 'problems', environment: 'dev', problems: [{ path: 'steps[0].uses', message: 'unknown step kind' }] });
    const problems = screen.getByTestId('policy-problems');
    expect(problems).toHaveTextContent('Its policy cannot be checked until these problems are fixed');
    expect(problems).toHaveTextContent('Step 1 › kind of step');
    expect(screen.queryByTestId('workflow-problems')).toBeNull();
  });

  it('invites a save or a check before there is anything to show, and shows why a check failed', () => {
    panel(null, { checkError: new ApiError('not_found', "There is no environment 'qa'.", 404) });
    expect(screen.getByTestId('policy-none')).toHaveTextContent('Save the workflow to see its policy warnings for dev');
    expect(screen.getByRole('alert')).toHaveTextContent("The policy could not be checkedThere is no environment 'qa'.");
  });

  it('checks for the environment chosen', async () => {
    const props = panel(null);
    await userEvent.click(screen.getByRole('combobox', { name: 'Check for environment' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Production (prod)', hidden: true }));
    expect(props.onEnvironmentChange).toHaveBeenCalledWith('prod');
    await userEvent.click(screen.getByRole('button', { name: 'Check policy' }));
    expect(props.onCheck).toHaveBeenCalledOnce();
  });

  it('capitalises messages that start with a word, not with a path', () => {
    expect(startCase('step a uses b')).toBe('Step a uses b');
    expect(startCase('inputs.claim is confidential')).toBe('inputs.claim is confidential');
    expect(startCase('use private-secure')).toBe('Use private-secure');
  });
});

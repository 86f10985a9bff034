import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../api/types';
import { CLAIM_TO_HOSTED } from '../../test/policyFixtures';
import { environmentLabel, startCase, ViolationItem } from './policyViolations';

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

function item(violation: Violation) {
  render(
    <MantineProvider>
      <ViolationItem violation={violation} />
    </MantineProvider>,
  );
  return screen.getByTestId('policy-violation');
}

describe('a policy warning', () => {
  it('shows its message, the path of the data as a chain, its fix and where it is', () => {
    const warning = item(CLAIM_TO_HOSTED);

    // A message that starts with a path keeps it as written.
    expect(within(warning).getByTestId('policy-message')).toHaveTextContent(/^inputs\.claim is confidential\/pii and reaches the model hosted-general/);
    expect(within(warning).getByTestId('policy-fix')).toHaveTextContent(
      'How to fix it: Use private-secure, which is cleared for confidential/pii, or do not send inputs.claim to step summary',
    );
    expect(warning).toHaveTextContent('Step 2');
    expect(warning).toHaveTextContent('steps[1]');

    const chain = within(warning).getByTestId('policy-chain');
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
  });

  it('leaves out the source of a warning that is about the model alone', () => {
    const warning = item(NOT_OPEN);
    expect(within(warning).getByTestId('policy-message')).toHaveTextContent(/^Step draft uses the model team-llm/);
    expect(within(warning).queryByTestId('policy-chain-source')).toBeNull();
    expect(within(warning).queryByTestId('policy-chain-through')).toBeNull();
    expect(within(warning).getByTestId('policy-chain-sink')).toHaveTextContent(/^team-llm$/);
  });

  it('capitalises messages that start with a word, not with a path', () => {
    expect(startCase('step a uses b')).toBe('Step a uses b');
    expect(startCase('inputs.claim is confidential')).toBe('inputs.claim is confidential');
    expect(startCase('use private-secure')).toBe('Use private-secure');
  });

  it('names the known environments in words, and others by their slug', () => {
    expect(environmentLabel('prod')).toBe('Production (prod)');
    expect(environmentLabel('qa')).toBe('qa');
  });
});

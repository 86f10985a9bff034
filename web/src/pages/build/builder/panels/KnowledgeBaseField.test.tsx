import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiErrorResponse, json } from '../../../../test/fakeServer';
import { knowledgeBase } from '../../../knowledge/testData';
import type { KnowledgeBase } from '../../../knowledge/types';
import type { StepDoc } from '../model/types';
import { NONE_VISIBLE, NOT_VISIBLE } from './KnowledgeBaseField';
import { docWith, StepHarness } from './stepHarness';
import { choose, optionsOf, renderPanel } from './testing';

const BASES: KnowledgeBase[] = [
  knowledgeBase({ may_manage: false }),
  knowledgeBase({
    slug: 'it-manuals',
    name: 'IT manuals',
    description: 'How to set up laptops and phones',
    workspace: 'it-service-desk',
    workspace_name: 'IT Service Desk',
    label: 'internal',
  }),
];

const retrieve = (settings: Record<string, unknown> = { query: '{{ inputs.claim }}' }): StepDoc => ({
  id: 'policies',
  uses: 'retrieve',
  with: settings,
});

/** The retrieve step `step` in the step panel, with `answer` for the knowledge bases the person may see. */
function renderRetrieve(step: StepDoc, answer: () => Response | Promise<Response> = () => json(200, { knowledge_bases: BASES })) {
  const onChange = vi.fn();
  const { doc, index } = docWith(step);
  const rendered = renderPanel(<StepHarness doc={doc} index={index} onChange={onChange} />, {
    'GET /api/v1/knowledge-bases': answer,
  });
  return { ...rendered, onChange, field: () => screen.getByTestId('step-field-with.knowledge_base') };
}

describe('the knowledge base of a retrieve step', () => {
  it('is chosen among the knowledge bases the person may see, by name, with label, slug, workspace and description', async () => {
    const { field, onChange } = renderRetrieve(retrieve());

    const select = await within(field()).findByRole('combobox', { name: /Knowledge base/ });
    expect(select).toBeRequired();
    await waitFor(() => expect(select).toHaveAttribute('placeholder', 'Choose a knowledge base'));
    expect(await optionsOf(field(), /Knowledge base/)).toEqual([
      'Claims policiesConfidential, PIIclaims-policies · ClaimsThe claims handling policies in force',
      'IT manualsInternalit-manuals · IT Service DeskHow to set up laptops and phones',
    ]);

    await choose(field(), /Knowledge base/, /^IT manuals/);
    // The slug is what the step names.
    expect(onChange).toHaveBeenLastCalledWith({
      id: 'policies',
      uses: 'retrieve',
      with: { query: '{{ inputs.claim }}', knowledge_base: 'it-manuals' },
    });
    expect(within(field()).getByRole('combobox', { name: /Knowledge base/ })).toHaveValue('IT manuals');
    const summary = within(field()).getByTestId('knowledge-base-summary');
    expect(summary).toHaveTextContent('How to set up laptops and phones');
    expect(summary).toHaveTextContent('it-manuals from IT Service Desk. What it finds is labelled Internal');
    expect(screen.queryByTestId('knowledge-base-not-visible')).not.toBeInTheDocument();
  });

  it('keeps the other settings in the generic form: the query as a template, the limit under more options', async () => {
    const user = userEvent.setup();
    const { onChange } = renderRetrieve(retrieve({ knowledge_base: 'claims-policies', query: 'water damage' }));

    const query = within(screen.getByTestId('step-field-with.query')).getByRole('combobox', { name: /Query/ });
    expect(query).toBeRequired();
    expect(screen.queryByTestId('step-field-with.limit')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'More options (1)' }));
    await user.type(within(screen.getByTestId('step-field-with.limit')).getByRole('textbox', { name: 'Limit' }), '3');
    expect(onChange).toHaveBeenLastCalledWith({
      id: 'policies',
      uses: 'retrieve',
      with: { knowledge_base: 'claims-policies', query: 'water damage', limit: 3 },
    });
  });

  it('finds a knowledge base by its slug or by what it holds', async () => {
    const user = userEvent.setup();
    const { field } = renderRetrieve(retrieve());

    const select = await within(field()).findByRole('combobox', { name: /Knowledge base/ });
    await waitFor(() => expect(select).toHaveAttribute('placeholder', 'Choose a knowledge base'));
    await user.click(select);
    await user.type(select, 'laptops');
    const list = document.getElementById(select.getAttribute('aria-controls')!)!;
    await waitFor(() =>
      expect(within(list).queryAllByRole('option', { hidden: true }).map((o) => o.getAttribute('value'))).toEqual(['it-manuals']),
    );
    await user.clear(select);
    await user.type(select, 'claims-pol');
    await waitFor(() =>
      expect(within(list).queryAllByRole('option', { hidden: true }).map((o) => o.getAttribute('value'))).toEqual(['claims-policies']),
    );
  });

  it('keeps a knowledge base the person cannot see, and warns about it', async () => {
    const { field, onChange } = renderRetrieve(retrieve({ knowledge_base: 'old-policies', query: 'water damage' }));

    expect(await within(field()).findByTestId('knowledge-base-not-visible')).toHaveTextContent(NOT_VISIBLE);
    expect(within(field()).getByRole('combobox', { name: /Knowledge base/ })).toHaveValue('old-policies (not available)');
    // Nothing was written: the step still names it.
    expect(onChange).not.toHaveBeenCalled();

    await choose(field(), /Knowledge base/, /^Claims policies/);
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ with: { knowledge_base: 'claims-policies', query: 'water damage' } }),
    );
    expect(within(field()).queryByTestId('knowledge-base-not-visible')).not.toBeInTheDocument();
  });

  it('shows what the step names, without a warning, while the knowledge bases load', async () => {
    let answer: (response: Response) => void = () => {};
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    const { field } = renderRetrieve(retrieve({ knowledge_base: 'claims-policies', query: 'x' }), () => pending);

    const select = within(field()).getByRole('combobox', { name: /Knowledge base/ });
    expect(select).toHaveValue('claims-policies');
    expect(select).toHaveAttribute('placeholder', 'Loading knowledge bases…');
    expect(within(field()).queryByTestId('knowledge-base-not-visible')).not.toBeInTheDocument();
    // Once they are known, its name shows.
    answer(json(200, { knowledge_bases: BASES }));
    await waitFor(() => expect(within(field()).getByRole('combobox', { name: /Knowledge base/ })).toHaveValue('Claims policies'));
    expect(within(field()).queryByTestId('knowledge-base-not-visible')).not.toBeInTheDocument();
  });

  it('says a data steward must share one when the person sees none, and still takes a slug', async () => {
    const user = userEvent.setup();
    const { field, onChange } = renderRetrieve(retrieve(), () => json(200, { knowledge_bases: [] }));

    const input = await within(field()).findByTestId('knowledge-base-slug');
    expect(field()).toHaveTextContent(NONE_VISIBLE);
    expect(field()).toHaveTextContent('A data steward must share one with this workspace');
    await user.type(input, 'claims-policies');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ with: { query: '{{ inputs.claim }}', knowledge_base: 'claims-policies' } }),
    );
    // Not one of theirs: kept, and said so.
    expect(within(field()).getByTestId('knowledge-base-not-visible')).toBeInTheDocument();
  });

  it('keeps what the step names when the knowledge bases cannot be loaded', async () => {
    const { field } = renderRetrieve(retrieve({ knowledge_base: 'claims-policies', query: 'x' }), () =>
      apiErrorResponse(500, 'internal', 'The database is not answering'),
    );

    const input = await within(field()).findByTestId('knowledge-base-slug');
    expect(input).toHaveValue('claims-policies');
    expect(field()).toHaveTextContent('The knowledge bases could not be loaded (The database is not answering): write the slug of one.');
    // Whether it is shared is not known: no warning.
    expect(within(field()).queryByTestId('knowledge-base-not-visible')).not.toBeInTheDocument();
  });
});

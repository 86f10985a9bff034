import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, json } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { builder, doc, knowledgeBase, knowledgeServer, LOAD, passage, requestsTo } from '../testData';

const SEARCH = '/api/v1/knowledge-bases/claims-policies/search';
const base = knowledgeBase({ may_manage: false, documents: { total: 1, ready: 1, pending: 0, failed: 0 } });
const documents = { 'claims-policies': [doc()] };

async function ask(words: string) {
  const query = await screen.findByTestId('search-query', {}, LOAD);
  await userEvent.clear(query);
  await userEvent.type(query, words);
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
}

describe('trying a query on a knowledge base', () => {
  it('shows the passages found, best first, with the matches marked, their headings and citations', async () => {
    const found = [
      passage(),
      passage({
        context: '',
        segments: [
          { text: 'Pipes', highlight: true },
          { text: ' in the annex.', highlight: false },
        ],
        citation: { document_id: 'd2', document_name: 'annex.csv', first_page: 2, last_page: 3, start: 1200, end: 1480 },
      }),
    ];
    const server = knowledgeServer(builder, { bases: [base], documents }, { [`POST ${SEARCH}`]: () => json(200, { passages: found }) });
    renderApp('/knowledge/claims-policies?tab=search', server.fetch);

    await ask('burst pipes');
    const results = await screen.findByTestId('search-results');
    expect(results).toHaveTextContent('2 passages for “burst pipes”, best first, matched by their words');
    const first = within(results).getByTestId('passage-1');
    expect(within(first).getByTestId('passage-context')).toHaveTextContent('Claims policy > Water damage');
    expect(within(first).getByTestId('passage-text')).toHaveTextContent('A burst pipe is covered when the damage is sudden.');
    expect(within(first).getAllByTestId('passage-highlight').map((mark) => mark.textContent)).toEqual(['burst', 'pipe']);
    expect(within(first).getAllByTestId('passage-highlight')[0]!.tagName).toBe('MARK');
    expect(within(first).getByTestId('passage-citation')).toHaveTextContent('policy.md · p. 1 · chars 120–480');

    // With headings, the rank sits beside them; without, beside the citation, so that no row holds the rank alone.
    expect(within(first).getByTestId('passage-heading')).toContainElement(within(first).getByTestId('passage-rank'));
    expect(within(first).getByTestId('passage-rank')).toHaveTextContent('#1');
    expect(within(first).getByTestId('passage-source')).not.toContainElement(within(first).getByTestId('passage-rank'));

    const second = within(results).getByTestId('passage-2');
    expect(within(second).queryByTestId('passage-context')).not.toBeInTheDocument();
    expect(within(second).queryByTestId('passage-heading')).not.toBeInTheDocument();
    expect(within(second).getAllByTestId('passage-rank')).toHaveLength(1);
    expect(within(second).getByTestId('passage-source')).toContainElement(within(second).getByTestId('passage-rank'));
    expect(within(second).getByTestId('passage-rank')).toHaveTextContent('#2');
    expect(within(second).getByTestId('passage-citation')).toHaveTextContent('annex.csv · pp. 2–3 · chars 1,200–1,480');
    expect(requestsTo(server.requests, 'POST', SEARCH)[0]?.body).toEqual({ query: 'burst pipes' });
  });

  it('says when passages were matched by their meaning as well as their words', async () => {
    const answer = { passages: [passage()], embedding_model: 'all-MiniLM-L6-v2@0123456789ab' };
    const server = knowledgeServer(builder, { bases: [base], documents }, { [`POST ${SEARCH}`]: () => json(200, answer) });
    renderApp('/knowledge/claims-policies?tab=search', server.fetch);

    await ask('my car was taken');
    expect(await screen.findByTestId('search-summary')).toHaveTextContent(
      '1 passage for “my car was taken”, best first, matched by their words and by their meaning',
    );
  });

  it('says when nothing matches, and asks for words before searching', async () => {
    const server = knowledgeServer(builder, { bases: [base], documents }, { [`POST ${SEARCH}`]: () => json(200, { passages: [] }) });
    renderApp('/knowledge/claims-policies?tab=search', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Search' }, LOAD));
    expect(screen.getByText('Type some words to look for, such as “water damage”')).toBeInTheDocument();
    expect(requestsTo(server.requests, 'POST', SEARCH)).toHaveLength(0);

    await ask('hail');
    expect(await screen.findByTestId('search-no-match')).toHaveTextContent('Nothing matches “hail”');
  });

  it('shows the API’s refusal in words', async () => {
    const server = knowledgeServer(builder, { bases: [base], documents }, {
      [`POST ${SEARCH}`]: () => apiErrorResponse(422, 'invalid_input', 'query: at most 1000 characters', { field: 'query' }),
    });
    renderApp('/knowledge/claims-policies?tab=search', server.fetch);

    await ask('hail');
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 1000 characters');
  });

  it('says nothing can be found while no document is read', async () => {
    const waiting = { 'claims-policies': [doc({ status: 'queued', passages: 0 })] };
    renderApp('/knowledge/claims-policies?tab=search', knowledgeServer(builder, { bases: [base], documents: waiting }).fetch);

    expect(await screen.findByTestId('search-readiness', {}, LOAD)).toHaveTextContent('None of its documents is read yet');
  });
});

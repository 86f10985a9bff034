import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiErrorResponse, session } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { LIST_FOLLOW_MS } from './queries';
import { admin, builder, choose, knowledgeBase, knowledgeServer, LOAD, requestsTo, steward } from './testData';
import { fill } from '../../test/fill';


const LIST = '/api/v1/knowledge-bases';

/** Lets `ms` of fake time pass, with what React does meanwhile. */
async function later(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the Knowledge section', () => {
  it('lists the knowledge bases as cards: name, label, description, workspace, documents and sharing', async () => {
    const bases = [
      knowledgeBase({
        documents: { total: 5, ready: 3, pending: 1, failed: 1 },
        access: [
          { kind: 'workspace', id: 'claims', name: 'Claims', environment: null },
          { kind: 'group', id: 'g1', name: 'Claims builders', environment: null },
        ],
      }),
      knowledgeBase({
        slug: 'it-manuals',
        name: 'IT manuals',
        description: '',
        workspace: 'it-service-desk',
        workspace_name: 'IT Service Desk',
        label: 'internal',
      }),
    ];
    renderApp('/knowledge', knowledgeServer(steward, { bases }).fetch);

    const card = await screen.findByTestId('knowledge-card-claims-policies', {}, LOAD);
    expect(within(card).getByRole('link', { name: 'Claims policies' })).toHaveAttribute('href', '/knowledge/claims-policies');
    expect(within(card).getByTestId('knowledge-label-claims-policies')).toHaveTextContent('Confidential, PII');
    expect(card).toHaveTextContent('The claims handling policies in force');
    expect(card).toHaveTextContent('Claims');
    expect(card).toHaveTextContent('Shared with 1 workspace and 1 group');
    expect(within(card).getByTestId('knowledge-counts-claims-policies-text')).toHaveTextContent(
      '5 documents: 3 ready, 1 waiting to be read, 1 could not be read',
    );
    expect(within(card).getByTestId('knowledge-counts-claims-policies-ready')).toBeInTheDocument();
    expect(within(card).getByTestId('knowledge-counts-claims-policies-failed')).toBeInTheDocument();

    const other = screen.getByTestId('knowledge-card-it-manuals');
    expect(other).toHaveTextContent('No description yet.');
    expect(other).toHaveTextContent('No documents yet');
    expect(other).toHaveTextContent('Not shared yet');
    expect(within(other).getByTestId('knowledge-label-it-manuals')).toHaveTextContent('Internal');
    expect(screen.getByRole('button', { name: 'New knowledge base' })).toBeInTheDocument();
  });

  it('clamps a long description to three lines without letting it grow the clamped box', async () => {
    const description = 'Every rule a claims handler applies, from the first notice of loss to the final payment. '.repeat(8);
    const bases = [knowledgeBase({ description }), knowledgeBase({ slug: 'it-manuals', name: 'IT manuals', description: 'Short.' })];
    renderApp('/knowledge', knowledgeServer(steward, { bases }).fetch);

    const text = await screen.findByTestId('knowledge-description-claims-policies', {}, LOAD);
    expect(text).toHaveTextContent(description.trim());
    expect(text).toHaveAttribute('data-line-clamp');
    expect(text.style.getPropertyValue('--text-line-clamp')).toBe('3');
    // A clamped box stretched taller than its three lines shows the text below the ellipsis: the wrapper takes the
    // card's spare height instead, so that the counts below still line up across the row.
    expect(text.style.flex).toBe('');
    expect(text.style.flexGrow).toBe('');
    const box = screen.getByTestId('knowledge-description-box-claims-policies');
    expect(box).toContainElement(text);
    expect(box.style.flexGrow).toBe('1');
    expect(screen.getByTestId('knowledge-description-box-it-manuals').style.flexGrow).toBe('1');
  });

  it('marks those the person may only use as read only, and offers them no new one', async () => {
    renderApp('/knowledge', knowledgeServer(builder, { bases: [knowledgeBase({ may_manage: false })] }).fetch);

    const card = await screen.findByTestId('knowledge-card-claims-policies', {}, LOAD);
    expect(card).toHaveTextContent('Read only');
    expect(card).not.toHaveTextContent('Not shared yet');
    expect(screen.queryByRole('button', { name: 'New knowledge base' })).not.toBeInTheDocument();
  });

  it('tells a steward with none what to do', async () => {
    renderApp('/knowledge', knowledgeServer(steward).fetch);

    const empty = await screen.findByTestId('empty-knowledge', {}, LOAD);
    expect(empty).toHaveTextContent('No knowledge bases yet');
    expect(empty).toHaveTextContent('Create one for a collection of documents');
    expect(within(empty).getByRole('button', { name: 'New knowledge base' })).toBeInTheDocument();
  });

  it('tells a builder with none that none is shared with them', async () => {
    renderApp('/knowledge', knowledgeServer(builder).fetch);

    const empty = await screen.findByTestId('empty-knowledge', {}, LOAD);
    expect(empty).toHaveTextContent('No knowledge base is shared with you');
    expect(empty).toHaveTextContent('Ask your steward');
    expect(screen.queryByRole('button', { name: 'New knowledge base' })).not.toBeInTheDocument();
  });

  it('shows a person outside the section the knowledge bases shared with their groups, and no access otherwise', async () => {
    const consumer = session({ navigation: ['apps'] });
    const shared = renderApp('/knowledge', knowledgeServer(consumer, { bases: [knowledgeBase({ may_manage: false })] }).fetch);
    expect(await screen.findByTestId('knowledge-card-claims-policies')).toBeInTheDocument();
    shared.unmount();

    renderApp('/knowledge', knowledgeServer(consumer).fetch);
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
  });

  it('creates a knowledge base in a workspace the steward looks after, then opens it', async () => {
    const server = knowledgeServer(steward, {}, {}, ['water-damage-rules']);
    renderApp('/knowledge', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New knowledge base' }, LOAD));
    const form = await screen.findByTestId('new-knowledge-base-form');
    fill(within(form).getByRole('textbox', { name: /^Name/ }), 'Water damage rules');
    expect(within(form).getByRole('textbox', { name: /^Short name/ })).toHaveValue('water-damage-rules');
    expect(within(form).getByRole('combobox', { name: /^Workspace/ })).toHaveValue('Claims');
    await choose(form, /^Workspace/, 'IT Service Desk');
    fill(within(form).getByRole('textbox', { name: /^Description/ }), 'What pipes and roofs are covered for');
    await choose(form, /^Level of what it holds/, /^Confidential/);
    await userEvent.click(within(form).getByRole('checkbox', { name: 'pii' }));
    expect(within(form).getByTestId('new-knowledge-base-label-value')).toHaveTextContent('confidential/pii');
    await userEvent.click(within(form).getByRole('button', { name: 'Create knowledge base' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/knowledge/water-damage-rules'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Water damage rules' }, LOAD)).toBeInTheDocument();
    expect(screen.getByTestId('knowledge-created')).toHaveTextContent('Upload its documents below');
    expect(requestsTo(server.requests, 'POST', '/api/v1/knowledge-bases')[0]?.body).toEqual({
      name: 'Water damage rules',
      slug: 'water-damage-rules',
      workspace: 'it-service-desk',
      description: 'What pipes and roofs are covered for',
      label: 'confidential/pii',
    });
    expect(requestsTo(server.requests, 'POST', '/api/v1/knowledge-bases')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('checks the form before sending, and says so under the short name when it is taken', async () => {
    const server = knowledgeServer(admin, { bases: [knowledgeBase()] });
    renderApp('/knowledge', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New knowledge base' }, LOAD));
    const form = await screen.findByTestId('new-knowledge-base-form');
    await userEvent.click(within(form).getByRole('button', { name: 'Create knowledge base' }));
    expect(within(form).getByText('Give the knowledge base a name, such as Claims policies')).toBeInTheDocument();
    expect(within(form).getByText('Choose a short name')).toBeInTheDocument();
    expect(requestsTo(server.requests, 'POST', '/api/v1/knowledge-bases')).toHaveLength(0);

    fill(within(form).getByRole('textbox', { name: /^Name/ }), 'Claims policies');
    await userEvent.click(within(form).getByRole('button', { name: 'Create knowledge base' }));
    expect(
      await within(form).findByText('There is already a knowledge base called claims-policies (perhaps one you cannot see): choose another short name'),
    ).toBeInTheDocument();
  });

  it('explains a refusal in words', async () => {
    const server = knowledgeServer(steward, {}, {
      'POST /api/v1/knowledge-bases': () => apiErrorResponse(403, 'forbidden', 'Your roles do not allow this (manage knowledge bases and their documents).'),
    });
    renderApp('/knowledge', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New knowledge base' }, LOAD));
    const form = await screen.findByTestId('new-knowledge-base-form');
    fill(within(form).getByRole('textbox', { name: /^Name/ }), 'Claims policies');
    await userEvent.click(within(form).getByRole('button', { name: 'Create knowledge base' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Only the stewards of Claims and administrators can create knowledge bases there.',
    );
  });

  it('shows a field the API refused under it', async () => {
    const server = knowledgeServer(steward, {}, {
      'POST /api/v1/knowledge-bases': () =>
        apiErrorResponse(422, 'invalid_input', 'description: at most 1000 characters', { field: 'description' }),
    });
    renderApp('/knowledge', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'New knowledge base' }, LOAD));
    const form = await screen.findByTestId('new-knowledge-base-form');
    fill(within(form).getByRole('textbox', { name: /^Name/ }), 'Claims policies');
    await userEvent.click(within(form).getByRole('button', { name: 'Create knowledge base' }));
    expect(await within(form).findByText('At most 1000 characters')).toBeInTheDocument();
  });

  it('follows the list while documents wait or are read, and stops once none does', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const bases = [
      knowledgeBase({ documents: { total: 2, ready: 0, pending: 2, failed: 0 } }),
      knowledgeBase({ slug: 'it-manuals', name: 'IT manuals', documents: { total: 1, ready: 1, pending: 0, failed: 0 } }),
    ];
    const server = knowledgeServer(steward, { bases });
    renderApp('/knowledge', server.fetch);
    const counts = () => screen.getByTestId('knowledge-counts-claims-policies-text');

    expect(await screen.findByTestId('knowledge-counts-claims-policies-text', {}, LOAD)).toHaveTextContent(
      '2 documents: 0 ready, 2 waiting to be read',
    );
    server.state.bases[0]!.documents = { total: 2, ready: 1, pending: 1, failed: 0 };
    await later(LIST_FOLLOW_MS);
    await waitFor(() => expect(counts()).toHaveTextContent('2 documents: 1 ready, 1 waiting to be read'));

    server.state.bases[0]!.documents = { total: 2, ready: 2, pending: 0, failed: 0 };
    await later(LIST_FOLLOW_MS);
    await waitFor(() => expect(counts()).toHaveTextContent(/^2 documents: 2 ready$/));

    // Once no document waits, nobody asks again.
    const asked = requestsTo(server.requests, 'GET', LIST).length;
    await later(LIST_FOLLOW_MS * 4);
    expect(requestsTo(server.requests, 'GET', LIST)).toHaveLength(asked);
  });

  it('does not follow a list whose documents are all read', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const bases = [knowledgeBase({ documents: { total: 3, ready: 2, pending: 0, failed: 1 } })];
    const server = knowledgeServer(steward, { bases });
    renderApp('/knowledge', server.fetch);

    expect(await screen.findByTestId('knowledge-counts-claims-policies-text', {}, LOAD)).toHaveTextContent('3 documents');
    await later(LIST_FOLLOW_MS * 4);
    expect(requestsTo(server.requests, 'GET', LIST)).toHaveLength(1);
  });

  it('leaves the list alone outside the Knowledge page, where only the bases matter', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // Someone reaching Knowledge through a group only: the navbar asks for the list, to show the section.
    const consumer = session({ navigation: ['apps'] });
    const bases = [knowledgeBase({ may_manage: false, documents: { total: 1, ready: 0, pending: 1, failed: 0 } })];
    const server = knowledgeServer(consumer, { bases });
    renderApp('/apps', server.fetch);

    expect(await screen.findByTestId('nav-knowledge', {}, LOAD)).toBeInTheDocument();
    await later(LIST_FOLLOW_MS * 4);
    expect(requestsTo(server.requests, 'GET', LIST)).toHaveLength(1);
  });
});

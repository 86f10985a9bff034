import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';
import { choose, knowledgeBase, knowledgeServer, LOAD, requestsTo, steward } from '../testData';
import { fill } from '../../../test/fill';

const PAGE = '/knowledge/claims-policies?tab=settings';
const BASE = '/api/v1/knowledge-bases/claims-policies';

describe('the settings of a knowledge base', () => {
  it('renames, describes and relabels it', async () => {
    const server = knowledgeServer(steward, { bases: [knowledgeBase()] });
    renderApp(PAGE, server.fetch);

    const form = await screen.findByTestId('knowledge-settings-form', {}, LOAD);
    const save = within(form).getByRole('button', { name: 'Save changes' });
    expect(save).toBeDisabled();
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    fill(name, 'Claims handling policies');
    await choose(form, /^Level of what it holds/, /^Restricted/);
    await userEvent.click(within(form).getByRole('checkbox', { name: 'phi' }));
    expect(within(form).getByTestId('knowledge-label-value')).toHaveTextContent('restricted/phi,pii');
    await userEvent.click(save);

    expect(await screen.findByTestId('settings-notice')).toHaveTextContent('Your changes are saved.');
    expect(requestsTo(server.requests, 'PUT', BASE)[0]?.body).toEqual({
      name: 'Claims handling policies',
      description: 'The claims handling policies in force',
      label: 'restricted/phi,pii',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Claims handling policies' })).toBeInTheDocument();
    expect(screen.getByTestId('knowledge-base-label')).toHaveTextContent('Restricted, PHI and PII');
  });

  it('shows a refusal under the field it names', async () => {
    const server = knowledgeServer(steward, { bases: [knowledgeBase()] }, {
      [`PUT ${BASE}`]: () => apiErrorResponse(422, 'invalid_input', "label: there is no category 'legal'", { field: 'label' }),
    });
    renderApp(PAGE, server.fetch);

    const form = await screen.findByTestId('knowledge-settings-form', {}, LOAD);
    await userEvent.type(within(form).getByRole('textbox', { name: /^Description/ }), ', with annexes');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText("There is no category 'legal'")).toBeInTheDocument();
  });

  it('deletes it only once its short name is typed, then goes back to the list', async () => {
    const server = knowledgeServer(steward, { bases: [knowledgeBase({ documents: { total: 3, ready: 3, pending: 0, failed: 0 } })] });
    renderApp(PAGE, server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Delete…' }, LOAD));
    const confirm = await screen.findByTestId('delete-knowledge-base-confirm');
    expect(confirm).toHaveTextContent('Claims policies and its 3 documents are deleted for good');
    const button = within(confirm).getByRole('button', { name: 'Delete knowledge base' });
    expect(button).toBeDisabled();
    await userEvent.type(within(confirm).getByRole('textbox', { name: /to confirm/ }), 'claims-polic');
    expect(button).toBeDisabled();
    await userEvent.type(within(confirm).getByRole('textbox', { name: /to confirm/ }), 'ies');
    expect(button).toBeEnabled();
    await userEvent.click(button);

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/knowledge$/));
    expect(await screen.findByTestId('knowledge-deleted')).toHaveTextContent('Claims policies is deleted, with its documents.');
    expect(requestsTo(server.requests, 'DELETE', BASE)).toHaveLength(1);
    expect(await screen.findByTestId('empty-knowledge')).toBeInTheDocument();
  });

  it('is not offered to those who only use it', async () => {
    renderApp(PAGE, knowledgeServer(steward, { bases: [knowledgeBase({ may_manage: false })] }).fetch);

    expect(await screen.findByTestId('read-only', {}, LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Settings' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('knowledge-settings-form')).not.toBeInTheDocument();
    // The address asked for settings: the documents are shown instead.
    expect(screen.getByRole('tab', { name: 'Documents' })).toHaveAttribute('aria-selected', 'true');
  });

  it('says when the knowledge base is not there, or not shared with the person', async () => {
    renderApp('/knowledge/elsewhere', knowledgeServer(steward, {}, {
      'GET /api/v1/knowledge-bases/elsewhere': () => apiErrorResponse(404, 'not_found', "There is no knowledge base 'elsewhere'."),
    }).fetch);

    expect(await screen.findByTestId('knowledge-base-not-found', {}, LOAD)).toHaveTextContent('This knowledge base is not available to you');
  });
});

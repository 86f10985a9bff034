import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { labelCatalogue } from '../../test/labelFixtures';
import { renderApp } from '../../test/renderApp';

const admin = session({
  id: 'u1',
  display_name: 'Grace Hopper',
  email: 'admin@demo.local',
  grants: [{ role: 'admin', workspace: null }],
  workspaces: [{ slug: 'claims', name: 'Claims' }],
  navigation: ['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'],
});

type Catalogue = ReturnType<typeof labelCatalogue>;

function requestsTo(requests: RecordedRequest[], method: string, path: string) {
  return requests.filter((r) => r.method === method && r.path === path);
}

/** A server that keeps the catalogue, answering the label API as the real one does; `inUse` names who uses a category. */
function labelsServer(initial: Catalogue = labelCatalogue(), inUse: Record<string, string> = {}, extra: Parameters<typeof fakeFetch>[0] = {}) {
  const catalogue: Catalogue = { levels: initial.levels.map((l) => ({ ...l })), categories: initial.categories.map((c) => ({ ...c })) };
  const routes: Parameters<typeof fakeFetch>[0] = {
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/labels': () => json(200, catalogue),
    'POST /api/v1/labels/categories': (request) => {
      const body = request.body as { name: string; description: string };
      if (!/^[a-z][a-z0-9-]*$/.test(body.name)) {
        return apiErrorResponse(422, 'invalid_input', 'name: a category is lower-case letters, digits and dashes', { field: 'name' });
      }
      if (catalogue.categories.some((c) => c.name === body.name)) return apiErrorResponse(409, 'already_exists', 'the category already exists');
      catalogue.categories = [...catalogue.categories, body].sort((a, b) => a.name.localeCompare(b.name));
      return json(201, body);
    },
  };
  for (const level of catalogue.levels) {
    routes[`PUT /api/v1/labels/levels/${level.level}`] = (request) => {
      const body = request.body as { name: string; description: string };
      const index = catalogue.levels.findIndex((l) => l.level === level.level);
      catalogue.levels[index] = { level: level.level, ...body };
      return json(200, catalogue.levels[index]);
    };
  }
  for (const category of catalogue.categories) {
    routes[`DELETE /api/v1/labels/categories/${category.name}`] = () => {
      const users = inUse[category.name];
      if (users !== undefined) {
        return apiErrorResponse(409, 'in_use', `The category ${category.name} is still used by ${users}; change those first.`);
      }
      catalogue.categories = catalogue.categories.filter((c) => c.name !== category.name);
      return new Response(null, { status: 204 });
    };
  }
  return fakeFetch({ ...routes, ...extra });
}

describe('admin labels & policy', () => {
  it('offers a Labels & policy tab after Connections, explaining labels and showing the levels in order', async () => {
    renderApp('/admin?tab=labels', labelsServer().fetch);

    const levels = await screen.findByTestId('label-levels');
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs.indexOf('Labels & policy')).toBe(tabs.indexOf('Connections') + 1);
    const explained = screen.getByTestId('labels-explained');
    expect(explained).toHaveTextContent('A label says how sensitive a piece of data is');
    expect(explained).toHaveTextContent('its result carries the higher level and every category of each');
    expect(explained).toHaveTextContent('internal + confidential/pii = confidential/pii');

    const cards = within(levels).getAllByRole('form');
    expect(cards.map((card) => card.getAttribute('aria-label'))).toEqual([
      'Level public',
      'Level internal',
      'Level confidential',
      'Level restricted',
    ]);
    const confidential = screen.getByTestId('label-level-confidential');
    expect(within(confidential).getByRole('textbox', { name: /^Name/ })).toHaveValue('Confidential');
    expect(within(confidential).getByRole('textbox', { name: /^Description/ })).toHaveValue('Only some people may see it');
    expect(within(screen.getByTestId('label-level-public')).getByText('1 · least sensitive')).toBeInTheDocument();
    expect(within(screen.getByTestId('label-level-restricted')).getByText('4 · most sensitive')).toBeInTheDocument();

    const table = screen.getByTestId('categories-table');
    expect(within(table).getByTestId('category-row-pii')).toHaveTextContent('Personal data');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
  });

  it('renames a level in the organisation’s words, keeping what labels write', async () => {
    const server = labelsServer();
    renderApp('/admin?tab=labels', server.fetch);

    const card = await screen.findByTestId('label-level-confidential');
    const save = within(card).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    const name = within(card).getByRole('textbox', { name: /^Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, '   ');
    await userEvent.click(save);
    expect(name).toHaveAccessibleDescription(/Give the level a name/);
    expect(requestsTo(server.requests, 'PUT', '/api/v1/labels/levels/confidential')).toHaveLength(0);

    await userEvent.clear(name);
    await userEvent.type(name, 'Company confidential');
    await userEvent.click(save);

    expect(await screen.findByTestId('labels-notice')).toHaveTextContent('The level confidential is now called “Company confidential”.');
    expect(requestsTo(server.requests, 'PUT', '/api/v1/labels/levels/confidential')[0]?.body).toEqual({
      name: 'Company confidential',
      description: 'Only some people may see it',
    });
    expect(requestsTo(server.requests, 'PUT', '/api/v1/labels/levels/confidential')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    const renamed = await screen.findByTestId('label-level-confidential');
    await waitFor(() => expect(within(renamed).getByRole('textbox', { name: /^Name/ })).toHaveValue('Company confidential'));
    expect(renamed).toHaveTextContent('written confidential');
    expect(within(renamed).getByRole('button', { name: 'Save' })).toBeDisabled();
    // The explanation uses the new name.
    expect(screen.getByTestId('labels-explained')).toHaveTextContent('a Company confidential claim');
  });

  it('adds a category, checking its name first', async () => {
    const server = labelsServer();
    renderApp('/admin?tab=labels', server.fetch);

    const form = await screen.findByTestId('add-category-form');
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await userEvent.type(name, 'Legal Hold');
    await userEvent.click(within(form).getByRole('button', { name: 'Add category' }));
    expect(name).toHaveAccessibleDescription(/Use lower-case letters, digits and dashes/);
    expect(requestsTo(server.requests, 'POST', '/api/v1/labels/categories')).toHaveLength(0);

    await userEvent.clear(name);
    await userEvent.type(name, 'pii');
    await userEvent.click(within(form).getByRole('button', { name: 'Add category' }));
    expect(name).toHaveAccessibleDescription(/There is already a category pii/);

    await userEvent.clear(name);
    await userEvent.type(name, 'legal-hold');
    await userEvent.type(within(form).getByRole('textbox', { name: /^Description/ }), 'Kept for a lawsuit');
    await userEvent.click(within(form).getByRole('button', { name: 'Add category' }));

    expect(await screen.findByTestId('labels-notice')).toHaveTextContent('The category legal-hold is added');
    expect(requestsTo(server.requests, 'POST', '/api/v1/labels/categories')[0]?.body).toEqual({
      name: 'legal-hold',
      description: 'Kept for a lawsuit',
    });
    expect(await screen.findByTestId('category-row-legal-hold')).toHaveTextContent('Kept for a lawsuit');
    expect(name).toHaveValue('');
  });

  it('says which models and connections still use a category it will not remove, and removes one nobody uses', async () => {
    const server = labelsServer(labelCatalogue(), { pii: 'model claims-llm, connection tickets-sandbox' });
    renderApp('/admin?tab=labels', server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Remove pii' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the category pii?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove category' }));
    const inUse = await within(dialog).findByTestId('category-in-use');
    expect(inUse).toHaveTextContent('It is still in use');
    expect(inUse).toHaveTextContent('The category pii is still used by model claims-llm, connection tickets-sandbox; change those first.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Remove the category pii?' })).not.toBeInTheDocument());
    expect(screen.getByTestId('category-row-pii')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Remove pci' }));
    const other = await screen.findByRole('dialog', { name: 'Remove the category pci?' });
    expect(within(other).queryByTestId('category-in-use')).toBeNull();
    await userEvent.click(within(other).getByRole('button', { name: 'Remove category' }));
    expect(await screen.findByTestId('labels-notice')).toHaveTextContent('The category pci is removed.');
    await waitFor(() => expect(screen.queryByTestId('category-row-pci')).not.toBeInTheDocument());
    expect(requestsTo(server.requests, 'DELETE', '/api/v1/labels/categories/pci')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('shows an empty list of categories, and an error when the labels cannot be loaded', async () => {
    const empty = labelCatalogue();
    empty.categories = [];
    const { unmount } = renderApp('/admin?tab=labels', labelsServer(empty).fetch);
    expect(await screen.findByTestId('categories-empty')).toHaveTextContent('No categories yet');
    unmount();

    renderApp(
      '/admin?tab=labels',
      labelsServer(undefined, {}, { 'GET /api/v1/labels': () => apiErrorResponse(500, 'internal', 'The database is not answering.') }).fetch,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The labels could not be loaded');
    expect(alert).toHaveTextContent('The database is not answering.');
  });
});

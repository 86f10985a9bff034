// Rendering a panel in a test as the app would: Mantine, the query cache and an API that answers from `routes`.
import { render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { AppProviders } from '../../../../AppProviders';
import { createAppState } from '../../../../setup';
import { fakeFetch, type RecordedRequest } from '../../../../test/fakeServer';
import { labelRoutes } from '../../../../test/labelFixtures';

type Routes = Record<string, (request: RecordedRequest) => Response | Promise<Response>>;

export function renderPanel(ui: ReactElement, routes: Routes = {}) {
  const server = fakeFetch({ ...labelRoutes(), ...routes });
  const state = createAppState({ baseUrl: 'http://paddock.test', fetch: server.fetch });
  const result = render(<AppProviders {...state}>{ui}</AppProviders>);
  return { ...result, requests: server.requests };
}

/** The select labelled `label` in `scope`, once it can be reached: a section that was just expanded is hidden until its
 * transition ends. */
function findSelect(scope: HTMLElement, label: RegExp | string): Promise<HTMLElement> {
  return within(scope).findByRole('combobox', { name: label });
}

/**
 * Picks `option` in the Mantine select (or multi-select) labelled `label` inside `scope`. jsdom has no layout, so the
 * dropdown counts as detached and is hidden: the options are found in that select's own list, hidden or not.
 */
export async function choose(scope: HTMLElement, label: RegExp | string, option: RegExp | string) {
  const select = await findSelect(scope, label);
  await userEvent.click(select);
  const list = await waitFor(() => {
    const id = select.getAttribute('aria-controls');
    const found = id === null ? null : document.getElementById(id);
    if (found === null) throw new Error(`the options of ${String(label)} are not open`);
    return found;
  });
  await userEvent.click(await within(list).findByRole('option', { name: option, hidden: true }));
}

/** The options a select (or multi-select) offers, by their text, once opened. */
export async function optionsOf(scope: HTMLElement, label: RegExp | string): Promise<string[]> {
  const select = await findSelect(scope, label);
  await userEvent.click(select);
  const list = await waitFor(() => {
    const id = select.getAttribute('aria-controls');
    const found = id === null ? null : document.getElementById(id);
    if (found === null) throw new Error(`the options of ${String(label)} are not open`);
    return found;
  });
  const texts = within(list)
    .queryAllByRole('option', { hidden: true })
    .map((o) => o.textContent ?? '');
  await userEvent.keyboard('{Escape}');
  return texts;
}

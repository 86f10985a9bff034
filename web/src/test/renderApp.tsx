import { render } from '@testing-library/react';
import { MemoryRouter, useLocation, type InitialEntry } from 'react-router';
import { App } from '../App';
import { AppProviders } from '../AppProviders';
import { createAppState } from '../setup';

function LocationProbe() {
  const location = useLocation();
  return (
    <>
      <output data-testid="location">{location.pathname}</output>
      <output data-testid="location-search">{location.search}</output>
    </>
  );
}

/** Renders the whole UI at `path` (a location, with state, when the page is opened with some), talking to `fetch` instead of a server. */
export function renderApp(path: InitialEntry, fetch: typeof globalThis.fetch) {
  const state = createAppState({ baseUrl: 'http://paddock.test', fetch });
  const result = render(
    <AppProviders {...state}>
      <MemoryRouter initialEntries={[path]}>
        <App />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, ...state };
}

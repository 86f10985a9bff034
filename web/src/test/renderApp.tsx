import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
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

/** Renders the whole UI at `path`, talking to `fetch` instead of a server. */
export function renderApp(path: string, fetch: typeof globalThis.fetch) {
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

// For tests only: renders parts of the builder that the app's routes do not reach yet.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Routes, useLocation } from 'react-router';
import { AppProviders } from '../../../../AppProviders';
import { RequireSession } from '../../../../auth/RequireSession';
import { createAppState } from '../../../../setup';

/** Where the router is, with the state it was sent there with, for tests to read. */
function LocationProbe() {
  const location = useLocation();
  return (
    <>
      <output data-testid="location">{location.pathname}</output>
      <output data-testid="location-search">{location.search}</output>
      <output data-testid="location-state">{JSON.stringify(location.state ?? null)}</output>
    </>
  );
}

/** Renders `routes` at `path` for a signed-in session, the app's providers around them, talking to `fetch`. */
export function renderRoutes(path: string, fetch: typeof globalThis.fetch, routes: ReactNode) {
  const state = createAppState({ baseUrl: 'http://paddock.test', fetch });
  const result = render(
    <AppProviders {...state}>
      <MemoryRouter initialEntries={[path]}>
        <RequireSession>
          <Routes>{routes}</Routes>
        </RequireSession>
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, ...state };
}

import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Section } from '../api/types';
import { NavBar } from './NavBar';

function navIds(navigation: Section[], path = '/') {
  render(
    <MantineProvider>
      <MemoryRouter initialEntries={[path]}>
        <NavBar navigation={navigation} />
      </MemoryRouter>
    </MantineProvider>,
  );
  return screen.queryAllByTestId(/^nav-/).map((link) => link.getAttribute('data-testid'));
}

describe('NavBar', () => {
  it('renders exactly the sections the server allows, in the fixed order', () => {
    expect(navIds(['audit', 'runs', 'build', 'admin'])).toEqual(['nav-build', 'nav-runs', 'nav-admin', 'nav-audit']);
  });

  it('renders all seven sections for a user allowed everything', () => {
    expect(navIds(['build', 'review', 'apps', 'runs', 'knowledge', 'admin', 'audit'])).toEqual([
      'nav-build',
      'nav-review',
      'nav-apps',
      'nav-runs',
      'nav-knowledge',
      'nav-admin',
      'nav-audit',
    ]);
  });

  it('renders no link when nothing is allowed', () => {
    expect(navIds([])).toEqual([]);
  });

  it('links each section to its page, with a one-line description, and marks the current one', () => {
    navIds(['apps', 'runs'], '/runs');
    const runs = screen.getByTestId('nav-runs');
    expect(runs).toHaveAttribute('href', '/runs');
    expect(runs).toHaveTextContent('What ran, step by step');
    expect(runs).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-apps')).not.toHaveAttribute('aria-current');
  });
});

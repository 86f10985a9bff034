import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { Section } from '../api/types';
import { allowedSections, sectionOfPath } from './sections';

export function NavBar({ navigation, onNavigate }: { navigation: readonly Section[]; onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const current = sectionOfPath(pathname)?.id;

  return (
    <Stack component="nav" aria-label="Sections" gap={4}>
      {allowedSections(navigation).map(({ id, path, label, hint, icon: Icon }) => (
        <NavLink
          key={id}
          component={Link}
          to={path}
          label={label}
          description={hint}
          leftSection={<Icon size={20} stroke={1.6} />}
          active={current === id}
          aria-current={current === id ? 'page' : undefined}
          onClick={onNavigate}
          data-testid={`nav-${id}`}
          variant="light"
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      ))}
    </Stack>
  );
}

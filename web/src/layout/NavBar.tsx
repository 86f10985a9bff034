import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { Section } from '../api/types';
import { useKnowledgeBases } from '../pages/knowledge/queries';
import { allowedSections, sectionOfPath, withSharedKnowledge } from './sections';

interface NavBarProps {
  navigation: readonly Section[];
  onNavigate?: () => void;
}

/** The links to the sections in `navigation`, in the fixed order. */
export function NavBar({ navigation, onNavigate }: NavBarProps) {
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

/** The navbar of someone the server gives no Knowledge section, with it when a knowledge base is shared with them. */
function NavBarWithSharedKnowledge({ navigation, onNavigate }: NavBarProps) {
  const bases = useKnowledgeBases();
  return <NavBar navigation={withSharedKnowledge(navigation, (bases.data?.length ?? 0) > 0)} onNavigate={onNavigate} />;
}

/**
 * The app's navbar: the sections the server allows, and Knowledge for a person who reaches a knowledge base only
 * through a group it is shared with (no permission says so). Their knowledge bases are asked for only then, into the
 * same cache as the Knowledge page's list.
 */
export function SectionsNav({ navigation, onNavigate }: NavBarProps) {
  return navigation.includes('knowledge') ? (
    <NavBar navigation={navigation} onNavigate={onNavigate} />
  ) : (
    <NavBarWithSharedKnowledge navigation={navigation} onNavigate={onNavigate} />
  );
}

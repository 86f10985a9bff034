import {
  IconActivity,
  IconApps,
  IconBooks,
  IconFingerprint,
  IconGitPullRequest,
  IconHierarchy2,
  IconSettings,
  type Icon,
} from '@tabler/icons-react';
import type { Section } from '../api/types';

export interface SectionInfo {
  id: Section;
  path: string;
  label: string;
  /** One line under the link in the navbar. */
  hint: string;
  icon: Icon;
  /** The sentence under the page title. */
  lead: string;
  emptyTitle: string;
  emptyText: string;
}

/** Every section, in the order the navbar shows them. */
export const SECTIONS: readonly SectionInfo[] = [
  {
    id: 'build',
    path: '/build',
    label: 'Build',
    hint: 'Design and test workflows',
    icon: IconHierarchy2,
    lead: 'Design AI workflows for your team and try them out safely before anyone relies on them.',
    emptyTitle: 'No workflows yet',
    emptyText:
      'Your workflows will appear here. Each one turns a task your team does by hand into steps Paddock runs for you, within the limits IT has set.',
  },
  {
    id: 'review',
    path: '/review',
    label: 'Review',
    hint: 'Approve changes to go live',
    icon: IconGitPullRequest,
    lead: 'Changes waiting for your approval before they reach staging or production.',
    emptyTitle: 'Nothing to review',
    emptyText:
      'When someone submits a workflow for release, you will see exactly what changed and whether it follows your policies, and can approve it or send it back.',
  },
  {
    id: 'apps',
    path: '/apps',
    label: 'Apps',
    hint: 'Tools published for you',
    icon: IconApps,
    lead: 'Forms and tools your organisation has published for you.',
    emptyTitle: 'No apps yet',
    emptyText: 'When a team publishes an app and gives you access, it will appear here, ready to use.',
  },
  {
    id: 'runs',
    path: '/runs',
    label: 'Runs',
    hint: 'What ran, step by step',
    icon: IconActivity,
    lead: "Every run of a workflow, with each step's inputs, outputs, timing and cost.",
    emptyTitle: 'No runs yet',
    emptyText: 'When a workflow runs, its full record will appear here so you can follow what happened at every step.',
  },
  {
    id: 'knowledge',
    path: '/knowledge',
    label: 'Knowledge',
    hint: 'Governed document collections',
    icon: IconBooks,
    lead: 'Governed document collections that workflows can draw on, each with a classification and a list of who may use it.',
    emptyTitle: 'No knowledge bases yet',
    emptyText: 'Collections such as policies, manuals or contracts will appear here, together with who may use them.',
  },
  {
    id: 'admin',
    path: '/admin',
    label: 'Admin',
    hint: 'Access, systems and policies',
    icon: IconSettings,
    lead: 'Identity, workspaces, environments, connections, models and policies.',
    emptyTitle: 'Settings will appear here',
    emptyText:
      'This is where IT decides who can use Paddock, which systems and AI models each team may reach, and what it takes for a change to go live.',
  },
  {
    id: 'audit',
    path: '/audit',
    label: 'Audit',
    hint: 'Who did what, and when',
    icon: IconFingerprint,
    lead: 'A tamper-evident record of who did what, and when.',
    emptyTitle: 'No events to show yet',
    emptyText:
      'Every sign-in, change and approval is recorded here in a chain that can be verified, so nothing can be altered unnoticed.',
  },
];

/** The sections the server allows, in navbar order. The server decides; the UI only filters. */
export function allowedSections(navigation: readonly Section[]): SectionInfo[] {
  return SECTIONS.filter((section) => navigation.includes(section.id));
}

/**
 * The sections to show: the server's, and Knowledge for a person who may search a knowledge base without the
 * permission the section follows (a member of a group it is shared with), once their list is known to hold one.
 */
export function withSharedKnowledge(navigation: readonly Section[], seesKnowledgeBase: boolean): readonly Section[] {
  return seesKnowledgeBase && !navigation.includes('knowledge') ? [...navigation, 'knowledge'] : navigation;
}

/** The section a path belongs to, if any (`/build/x` → build). */
export function sectionOfPath(pathname: string): SectionInfo | undefined {
  return SECTIONS.find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));
}

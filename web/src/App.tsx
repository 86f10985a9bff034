import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import type { Section } from './api/types';
import { RequireSession } from './auth/RequireSession';
import { SignInPage } from './auth/SignInPage';
import { AppFrame } from './layout/AppFrame';
import { SECTIONS, type SectionInfo } from './layout/sections';
import { HomePage } from './pages/HomePage';
import { AdminPage } from './pages/admin/AdminPage';
import { ApiKeysPage } from './pages/apikeys/ApiKeysPage';
import { AppPage } from './pages/apps/AppPage';
import { AppsPage } from './pages/apps/AppsPage';
import { PublicAppPage } from './pages/apps/public/PublicAppPage';
import { AuditPage } from './pages/audit/AuditPage';
import { BuildPage } from './pages/build/BuildPage';
import { TemplatesGallery } from './pages/build/builder/gallery/TemplatesGallery';
import { DraftPage, NewWorkflowPage } from './pages/build/DraftPage';
import { DeploymentsPage } from './pages/deployments/DeploymentsPage';
import { InboxPage } from './pages/inbox/InboxPage';
import { KnowledgeBasePage } from './pages/knowledge/KnowledgeBasePage';
import { KnowledgePage } from './pages/knowledge/KnowledgePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReviewPage } from './pages/review/ReviewPage';
import { ReviewsPage } from './pages/review/ReviewsPage';
import { RunPage } from './pages/runs/RunPage';
import { RunsPage } from './pages/runs/RunsPage';
import { SectionPage } from './pages/SectionPage';

/** Sections that have their own page; the others show their empty state. */
const SECTION_PAGES: Partial<Record<Section, (props: { section: SectionInfo }) => ReactNode>> = {
  build: BuildPage,
  review: ReviewsPage,
  apps: AppsPage,
  runs: RunsPage,
  knowledge: KnowledgePage,
  admin: AdminPage,
  audit: AuditPage,
};

/** Pages inside a section, below its own path. */
const SECTION_SUBPAGES: ReadonlyArray<{ section: Section; path: string; Page: (props: { section: SectionInfo }) => ReactNode }> = [
  { section: 'build', path: '/build/new', Page: NewWorkflowPage },
  // Before the draft's path, which would take `templates` for a workspace.
  { section: 'build', path: '/build/templates', Page: TemplatesGallery },
  { section: 'build', path: '/build/:workspace/:name', Page: DraftPage },
  { section: 'apps', path: '/apps/:workspace/:app', Page: AppPage },
  { section: 'knowledge', path: '/knowledge/:slug', Page: KnowledgeBasePage },
];

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {/* An app's form opened to people who are not signed in: no session, no navigation. */}
      <Route path="/p/:workspace/:app" element={<PublicAppPage />} />
      <Route
        element={
          <RequireSession>
            <AppFrame />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        {SECTIONS.map((section) => {
          const SectionComponent = SECTION_PAGES[section.id] ?? SectionPage;
          return <Route key={section.id} path={section.path} element={<SectionComponent section={section} />} />;
        })}
        {SECTION_SUBPAGES.map(({ section, path, Page }) => {
          const info = SECTIONS.find((candidate) => candidate.id === section);
          return info && <Route key={path} path={path} element={<Page section={info} />} />;
        })}
        <Route path="/runs/:id" element={<RunPage />} />
        <Route path="/review/:id" element={<ReviewPage />} />
        <Route path="/deployments/:workspace/:name" element={<DeploymentsPage />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/settings/api-keys" element={<ApiKeysPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

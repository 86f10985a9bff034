import { useCurrentUser } from '../auth/session';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import type { SectionInfo } from '../layout/sections';
import { NoAccess } from './NoAccess';
import { Page } from './Page';

export function SectionPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;

  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <EmptyState icon={section.icon} title={section.emptyTitle} testId={`empty-${section.id}`}>
        {section.emptyText}
      </EmptyState>
    </Page>
  );
}

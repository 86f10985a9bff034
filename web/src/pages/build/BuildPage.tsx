import { useCurrentUser } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { TryWorkflow } from './TryWorkflow';

/** The Build section: for now, trying a workflow out before anyone relies on it. */
export function BuildPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;
  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <TryWorkflow user={user} />
    </Page>
  );
}

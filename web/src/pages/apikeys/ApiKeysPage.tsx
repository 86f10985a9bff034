import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useCurrentUser } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { Page } from '../Page';
import { ApiKeysPanel } from './ApiKeysPanel';

/** /settings/api-keys: anyone signed in manages their own keys here; administrators are pointed to service accounts. */
export function ApiKeysPage() {
  const me = useCurrentUser();
  const note = me.navigation.includes('admin') ? (
    <>
      You see a key&apos;s token only once, when you create it. For a script or integration that should not act as you,
      create a service account in{' '}
      <Anchor component={Link} to="/admin?tab=api-keys" inherit>
        Admin → API keys
      </Anchor>
      .
    </>
  ) : undefined;
  return (
    <Page>
      <PageHeader title="API keys" lead="Keys let scripts and other systems call the Paddock API as you, with at most your permissions." />
      <ApiKeysPanel note={note} />
    </Page>
  );
}

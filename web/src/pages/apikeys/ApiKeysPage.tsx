import { PageHeader } from '../../components/PageHeader';
import { Page } from '../Page';
import { ApiKeysPanel } from './ApiKeysPanel';

/** /settings/api-keys: anyone signed in manages their own keys here. */
export function ApiKeysPage() {
  return (
    <Page>
      <PageHeader title="API keys" lead="Keys let scripts and other systems call the Paddock API as you, with at most your permissions." />
      <ApiKeysPanel />
    </Page>
  );
}

import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconPlus, IconRobot } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ServiceAccountView } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { CreateServiceAccountModal } from './CreateServiceAccountModal';
import { ServiceAccountDrawer } from './ServiceAccountDrawer';
import { useServiceAccounts } from './serviceAccountQueries';
import { ServiceAccountTable } from './ServiceAccountTable';
import { StatusConfirmModal } from './StatusConfirmModal';

/** Service accounts, for administrators: list, create, and each opened in a drawer for its roles, keys and status. */
export function ServiceAccountsSection() {
  const me = useCurrentUser();
  const accounts = useServiceAccounts();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [toggling, setToggling] = useState<ServiceAccountView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const workspaceNames = useMemo(() => new Map(me.workspaces.map((w) => [w.slug, w.name])), [me.workspaces]);
  const list = accounts.data ?? [];
  // The confirmation speaks of the account by its address.
  const togglingTarget = useMemo(() => toggling && { ...toggling, email: toggling.address }, [toggling]);
  const createButton = (
    <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={() => setCreating(true)}>
      New service account
    </Button>
  );

  return (
    <Stack gap="md" data-testid="service-accounts">
      <Title order={2} size="h4">
        Service accounts
      </Title>
      {notice !== null && (
        <Alert color="green" icon={<IconCircleCheck />} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} role="status" data-testid="service-accounts-notice">
          {notice}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={680}>
          An account for a script or integration, not a person: it can&apos;t sign in, acts only through its API keys, and
          never with more than the roles you grant it.
        </Text>
        {!accounts.isPending && !(accounts.isSuccess && list.length === 0) && createButton}
      </Group>
      <QueryState query={accounts} errorTitle="The service accounts could not be loaded" loadingLabel="Loading service accounts">
        {list.length === 0 ? (
          <EmptyState icon={IconRobot} title="No service accounts yet" action={createButton} testId="service-accounts-empty">
            Create one for each script or system that calls Paddock on its own, so that it does not use a person&apos;s
            key and stops working only when you decide.
          </EmptyState>
        ) : (
          <Paper withBorder radius="md">
            <ServiceAccountTable accounts={list} workspaceNames={workspaceNames} onOpen={(account) => setOpenId(account.id)} />
          </Paper>
        )}
      </QueryState>
      <CreateServiceAccountModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(account) => {
          setCreating(false);
          setNotice(`The service account ${account.display_name} is created. Grant it a role, then give it a key.`);
          setOpenId(account.id);
        }}
      />
      <ServiceAccountDrawer
        account={list.find((account) => account.id === openId) ?? null}
        workspaces={me.workspaces}
        workspaceNames={workspaceNames}
        onToggle={setToggling}
        onClose={() => setOpenId(null)}
      />
      <StatusConfirmModal
        user={togglingTarget}
        service
        onClose={() => setToggling(null)}
        onDone={(account) => {
          setToggling(null);
          setNotice(account.disabled ? `${account.display_name} is disabled: its keys are refused.` : `${account.display_name} is enabled: its keys work again.`);
        }}
      />
    </Stack>
  );
}

import { Alert, Badge, Button, Code, Divider, Drawer, Group, Stack, Text } from '@mantine/core';
import { IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import type { ServiceAccountView, WorkspaceSummary } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';
import { useLastValue } from '../../components/useLastValue';
import { DrawerSection } from './DrawerSection';
import { GrantForm } from './GrantForm';
import { GrantList } from './GrantList';
import { useSetGrant } from './queries';
import { ServiceAccountKeys } from './ServiceAccountKeys';
import { NOT_FOR_SERVICE_ACCOUNTS } from './roles';

interface ServiceAccountDrawerProps {
  /** The service account shown, kept fresh from the list; null when closed. */
  account: ServiceAccountView | null;
  workspaces: readonly WorkspaceSummary[];
  workspaceNames: ReadonlyMap<string, string>;
  /** Asks to disable the account, or to enable it when it is disabled. */
  onToggle: (account: ServiceAccountView) => void;
  onClose: () => void;
}

/** One service account: its address and purpose, status, roles (grant, revoke) and keys (create, revoke). */
export function ServiceAccountDrawer({ account: current, workspaces, workspaceNames, onToggle, onClose }: ServiceAccountDrawerProps) {
  const account = useLastValue(current);
  const revoke = useSetGrant();
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Drawer
      opened={current !== null}
      onClose={close}
      position="right"
      size="xl"
      title={
        account ? (
          <Group gap="sm">
            <Text fw={650}>{account.display_name}</Text>
            {account.disabled && (
              <Badge variant="light" color="red" radius="sm" tt="none" fw={500}>
                Disabled
              </Badge>
            )}
          </Group>
        ) : null
      }
    >
      {account && (
        <Stack gap="xl" data-testid="service-account-drawer">
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Code>{account.address}</Code>
              <CopyValue value={account.address} label="Copy" ariaLabel="Copy the address" />
            </Group>
            {account.description && <Text size="sm">{account.description}</Text>}
            <Group justify="space-between" wrap="nowrap" gap="md">
              <Text size="sm" c="dimmed">
                {account.disabled
                  ? 'Disabled: every key of this service account is refused until it is enabled again.'
                  : 'Active: its keys work, with its roles.'}
              </Text>
              <Button
                variant="light"
                color={account.disabled ? undefined : 'red'}
                leftSection={account.disabled ? <IconUserCheck size={16} stroke={1.6} /> : <IconUserOff size={16} stroke={1.6} />}
                onClick={() => onToggle(account)}
                style={{ flexShrink: 0 }}
              >
                {account.disabled ? 'Enable' : 'Disable'}
              </Button>
            </Group>
          </Stack>
          <Divider />
          <DrawerSection title="Roles">
            <Text size="sm" c="dimmed">
              Its keys never have more than these roles; take one away and its keys lose it at once.
            </Text>
            {revoke.isError && (
              <Alert color="red" role="alert">
                {errorMessage(revoke.error)}
              </Alert>
            )}
            <GrantList
              grants={account.grants}
              workspaceNames={workspaceNames}
              onRemove={(grant) =>
                revoke.mutate({
                  target: { kind: 'user', id: account.id },
                  grant: false,
                  body: { role: grant.role, ...(grant.workspace ? { workspace: grant.workspace } : {}) },
                })
              }
              removing={revoke.isPending}
              empty="No roles yet: its keys can do nothing until you grant one."
              testId="service-account-roles"
            />
            <GrantForm
              key={account.id}
              target={{ kind: 'user', id: account.id }}
              workspaces={workspaces}
              excludeRoles={NOT_FOR_SERVICE_ACCOUNTS}
            />
          </DrawerSection>
          <Divider />
          <DrawerSection title="API keys" testId="service-account-keys">
            <ServiceAccountKeys key={account.id} account={account} workspaces={workspaces} workspaceNames={workspaceNames} />
          </DrawerSection>
        </Stack>
      )}
    </Drawer>
  );
}

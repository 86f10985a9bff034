import { Badge, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import type { ServiceAccountView } from '../../api/types';
import { GrantBadge, grantKey } from './GrantList';

export function activeKeys(account: ServiceAccountView): number {
  return account.keys.filter((key) => key.status === 'active').length;
}

interface ServiceAccountTableProps {
  accounts: readonly ServiceAccountView[];
  workspaceNames: ReadonlyMap<string, string>;
  onOpen: (account: ServiceAccountView) => void;
}

/** Service accounts with their address, purpose, roles, active keys and status; a row opens the account. */
export function ServiceAccountTable({ accounts, workspaceNames, onOpen }: ServiceAccountTableProps) {
  return (
    <Table.ScrollContainer minWidth={820} type="native">
      <Table verticalSpacing="sm" highlightOnHover data-testid="service-accounts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={220}>Service account</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th w={120}>Active keys</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => {
            const keys = activeKeys(account);
            return (
              <Table.Tr
                key={account.id}
                data-testid={`service-account-row-${account.address}`}
                onClick={() => onOpen(account)}
                style={{ cursor: 'pointer' }}
              >
                <Table.Td>
                  <Stack gap={0}>
                    <UnstyledButton
                      onClick={(event) => {
                        event.stopPropagation();
                        onOpen(account);
                      }}
                      aria-label={`Open service account ${account.display_name}`}
                    >
                      <Text size="sm" fw={500} c={account.disabled ? 'dimmed' : undefined}>
                        {account.display_name}
                      </Text>
                    </UnstyledButton>
                    <Text size="xs" c="dimmed">
                      {account.address}
                    </Text>
                    {account.description && (
                      <Text size="xs" c="dimmed" lineClamp={1} title={account.description}>
                        {account.description}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {account.grants.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No roles
                    </Text>
                  ) : (
                    <Group gap={6}>
                      {account.grants.map((grant) => (
                        <GrantBadge key={grantKey(grant)} grant={grant} workspaceNames={workspaceNames} />
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={keys === 0 ? 'dimmed' : undefined}>
                    {keys === 0 ? 'None' : keys}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={account.disabled ? 'red' : 'green'} tt="none" fw={500} data-status={account.disabled ? 'disabled' : 'active'}>
                    {account.disabled ? 'Disabled' : 'Active'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <IconChevronRight size={16} stroke={1.6} color="var(--mantine-color-dimmed)" />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

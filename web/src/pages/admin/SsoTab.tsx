import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconPlus, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { CreatedScimToken, ScimTokenView } from '../../api/types';
import { CopyValue } from '../../components/CopyValue';
import { QueryState } from '../../components/QueryState';
import { SettingsCard as Card } from './SettingsCard';
import { OidcCard } from './OidcCard';
import { useCreateScimToken, useScimTokens } from './queries';
import { RevokeScimTokenModal } from './RevokeScimTokenModal';
import { ScimTokenModal } from './ScimTokenModal';

const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatted(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : MOMENT.format(date);
}

/** Where the identity provider sends its SCIM requests. */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}

function TokenTable({ tokens, onRevoke }: { tokens: readonly ScimTokenView[]; onRevoke: (token: ScimTokenView) => void }) {
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table verticalSpacing="sm" data-testid="scim-tokens-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Token</Table.Th>
            <Table.Th w="35%">Created</Table.Th>
            <Table.Th w={140}>Status</Table.Th>
            <Table.Th w={100} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => {
            const active = token.revoked_at === null || token.revoked_at === undefined;
            return (
              <Table.Tr key={token.id} data-testid={`scim-token-row-${token.prefix}`}>
                <Table.Td>
                  <Code fz="sm">{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatted(token.created_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={active ? 'green' : 'red'} tt="none" fw={500}>
                    {active ? 'Active' : 'Revoked'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {active && (
                    <Button
                      variant="subtle"
                      color="red"
                      size="compact-sm"
                      onClick={() => onRevoke(token)}
                      aria-label={`Revoke ${token.prefix}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ScimCard() {
  const tokens = useScimTokens();
  const create = useCreateScimToken();
  const [created, setCreated] = useState<CreatedScimToken | null>(null);
  const [showing, setShowing] = useState(false);
  const [revoking, setRevoking] = useState<ScimTokenView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const baseUrl = scimBaseUrl();
  const list = tokens.data ?? [];

  const issue = () => {
    setNotice(null);
    create.mutate(undefined, {
      onSuccess: (token) => {
        // The token lives in this state only, until the modal has closed.
        create.reset();
        setCreated(token);
        setShowing(true);
      },
    });
  };

  let body;
  if (list.length === 0) {
    body = (
      <Paper radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="scim-tokens-empty">
        <Stack gap={4} align="center" ta="center">
          <Text fw={500}>No SCIM token yet</Text>
          <Text size="sm" c="dimmed" maw={460}>
            Create one and give it to your identity provider with the base URL above. You see a token only once.
          </Text>
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <TokenTable tokens={list} onRevoke={setRevoking} />
      </Paper>
    );
  }

  return (
    <Card icon={IconRefresh} title="SCIM provisioning" testId="scim-card">
      <Stack gap="lg">
        <Text size="sm" c="dimmed" maw={720}>
          Your identity provider (Okta, Microsoft Entra ID…) creates, updates and deactivates people in Paddock and
          manages groups and who is in them. Roles are still granted here, to those groups, under Groups. People
          provisioned this way sign in with single sign-on, not with a password.
        </Text>
        <Stack gap={6}>
          <Text size="sm" fw={500} id="scim-base-url-label">
            SCIM base URL
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Code
              aria-labelledby="scim-base-url-label"
              data-testid="scim-base-url"
              fz="sm"
              px="sm"
              py={6}
              style={{ overflowWrap: 'anywhere' }}
            >
              {baseUrl}
            </Code>
            <CopyValue value={baseUrl} label="Copy" ariaLabel="Copy the SCIM base URL" />
          </Group>
        </Stack>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" fw={500}>
              Tokens
            </Text>
            <Button leftSection={<IconPlus size={18} stroke={1.6} />} onClick={issue} loading={create.isPending}>
              Create token
            </Button>
          </Group>
          {create.isError && (
            <Alert color="red" role="alert" title="The token could not be created">
              {errorMessage(create.error)}
            </Alert>
          )}
          {notice !== null && (
            <Alert
              color="green"
              icon={<IconCircleCheck />}
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setNotice(null)}
              role="status"
              data-testid="scim-notice"
            >
              {notice}
            </Alert>
          )}
          <QueryState
            query={tokens}
            errorTitle="The SCIM tokens could not be loaded"
            loadingLabel="Loading SCIM tokens"
            rows={2}
            framed={false}
          >
            {body}
          </QueryState>
        </Stack>
      </Stack>
      <ScimTokenModal
        opened={showing}
        created={created}
        baseUrl={baseUrl}
        onClose={() => setShowing(false)}
        onClosed={() => setCreated(null)}
      />
      <RevokeScimTokenModal
        token={revoking}
        onClose={() => setRevoking(null)}
        onDone={(token) => {
          setRevoking(null);
          setNotice(`The token ${token.prefix}… is revoked; the identity provider using it is refused.`);
        }}
      />
    </Card>
  );
}

/** The Single sign-on & SCIM tab of the Admin page. */
export function SsoTab() {
  return (
    <Stack gap="lg">
      <ScimCard />
      <OidcCard />
    </Stack>
  );
}

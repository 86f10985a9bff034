import { Alert, Anchor, Badge, Button, Code, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconEye, IconKey, IconLock } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { components } from '../../../api/schema.gen';
import { ApiError, errorMessage } from '../../../api/errors';
import { useCurrentUser } from '../../../auth/session';
import { CopyValue } from '../../../components/CopyValue';
import { useEnvironmentParam } from '../queries';
import { useRevealSigningKey } from './queries';
import { CodeBlock, SnippetTabs } from './Snippet';
import {
  callbackExample,
  curlCallbackSnippet,
  curlFollowSnippet,
  curlSnippet,
  exampleValue,
  JAVASCRIPT_VERIFY,
  javascriptSnippet,
  KEY_VARIABLE,
  openApiUrl,
  PYTHON_VERIFY,
  pythonSnippet,
  runUrl,
  targetOf,
  WAIT_SECONDS,
} from './snippets';

type AppDetail = components['schemas']['AppDetail'];

function Section({ title, lead, children, testId }: { title: string; lead?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Stack gap="sm" component="section" data-testid={testId}>
      <Stack gap={2}>
        <Title order={2} size="h4">
          {title}
        </Title>
        {lead !== undefined && (
          <Text size="sm" c="dimmed" maw={820}>
            {lead}
          </Text>
        )}
      </Stack>
      {children}
    </Stack>
  );
}

/** The app's inputs with the example values the snippets use. */
function InputTable({ app }: { app: AppDetail }) {
  if (app.inputs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        It takes no inputs: send <Code>{'{"inputs": {}}'}</Code>.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table verticalSpacing={6} fz="sm" data-testid="api-inputs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Input</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>What it is</Table.Th>
            <Table.Th>Example</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {app.inputs.map((input) => (
            <Table.Tr key={input.name}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Code>{input.name}</Code>
                  {input.required && (
                    <Badge size="xs" variant="light" color="gray" tt="none">
                      required
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {input.type === 'list' && input.items ? `list of ${input.items}` : input.type === 'enum' ? `one of ${(input.values ?? []).join(', ')}` : input.type}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={input.description ? undefined : 'dimmed'}>
                  {input.type === 'file' ? 'The id of a file uploaded first (see below). ' : ''}
                  {input.description ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>{JSON.stringify(exampleValue(input))}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** What the person is told when they may not see the signing key. */
const ASK_AN_ADMINISTRATOR = 'An administrator can show you the signing key.';

/**
 * The app's signing key, for an administrator setting up the receiver of its callbacks; revealing it is audited. The
 * server shows it to administrators signed in only: if it refuses all the same (the person's roles changed since the
 * page loaded), the button gives way to whom to ask.
 */
function SigningKey({ app }: { app: AppDetail }) {
  const reveal = useRevealSigningKey(app.workspace, app.name);
  const [shown, setShown] = useState<string | null>(null);
  if (shown !== null) {
    return (
      <Alert color="yellow" icon={<IconKey />} title="The app's signing key" data-testid="signing-key">
        <Stack gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Code style={{ overflowWrap: 'anywhere' }} data-testid="signing-key-value">
              {shown}
            </Code>
            <CopyValue value={shown} label="Copy" ariaLabel="Copy the signing key" />
          </Group>
          <Text size="sm">Keep it secret, with the receiver&apos;s settings: whoever has it can forge callbacks. Showing it was recorded in the audit trail.</Text>
          <Group>
            <Button size="xs" variant="default" onClick={() => setShown(null)}>
              Hide it
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  const refused = reveal.error instanceof ApiError && reveal.error.status === 403;
  if (refused) {
    return (
      <Alert color="gray" icon={<IconLock />} title="The signing key is not shown to you" data-testid="signing-key-refused">
        <Text size="sm">
          {errorMessage(reveal.error)} {ASK_AN_ADMINISTRATOR}
        </Text>
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconEye size={14} />}
          loading={reveal.isPending}
          onClick={() => reveal.mutate(undefined, { onSuccess: setShown })}
          data-testid="reveal-signing-key"
        >
          Show the signing key
        </Button>
        <Text size="xs" c="dimmed">
          As an administrator you may see it. It is the same in every environment and recorded in the audit trail when shown.
        </Text>
      </Group>
      {reveal.isError && (
        <Alert color="red" title="The signing key could not be shown" role="alert" data-testid="signing-key-error">
          {errorMessage(reveal.error)}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * The API tab of an app: how another system runs it — copy-ready code (curl, Python, JavaScript) built from its inputs,
 * how to follow a run that outlasts the wait, callbacks and how to check their signature, and the app's own OpenAPI
 * document. Calls are made with an API key (Settings → API keys).
 */
export function ApiTab({ app }: { app: AppDetail }) {
  const user = useCurrentUser();
  // Pinned to an environment only when the page is (the default is the last one the app is published in).
  const pinned = useEnvironmentParam();
  const environment = pinned !== null && pinned === app.environment ? pinned : null;
  const target = targetOf(app, window.location.origin, environment);
  const [language, setLanguage] = useState('curl');
  // Only administrators may see the signing key: those who hold the admin section.
  const administers = user.navigation.includes('admin');
  const openapi = openApiUrl(target);

  return (
    <Stack gap={36} data-testid="api-tab">
      <Alert color="blue" variant="light" icon={<IconKey />} title="You need an API key" data-testid="api-key-hint">
        <Text size="sm">
          Calls are made with a personal API key, sent as <Code>Authorization: Bearer pdk_…</Code>. The code below reads it from the{' '}
          <Code>{KEY_VARIABLE}</Code> environment variable. A key acts as you: keep it out of code and chat.{' '}
          <Anchor component={Link} to="/settings/api-keys" fw={600} data-testid="api-keys-link">
            Create an API key
          </Anchor>
        </Text>
      </Alert>

      <Section
        title="Start a run"
        lead={
          <>
            Send the inputs as JSON to <Code>{runUrl(target)}</Code>. With <Code>wait={WAIT_SECONDS}</Code> the answer is <Code>200</Code> with the
            outputs if the run ends within {WAIT_SECONDS} seconds, else <Code>202</Code> with its <Code>url</Code> to follow. An{' '}
            <Code>Idempotency-Key</Code> makes retries safe: the same key sent again answers with the run it started, never a second one.
          </>
        }
        testId="api-start"
      >
        <InputTable app={app} />
        <SnippetTabs
          testId="api-snippet"
          value={language}
          onChange={setLanguage}
          sources={[
            { id: 'curl', label: 'curl', code: curlSnippet(target) },
            { id: 'python', label: 'Python (requests)', code: pythonSnippet(target) },
            { id: 'javascript', label: 'JavaScript (fetch)', code: javascriptSnippet(target) },
          ]}
        />
        {app.outputs.length > 0 && (
          <Text size="sm" data-testid="api-outputs">
            A run that succeeded answers its <Code>outputs</Code>: {app.outputs.map((name, index) => (
              <span key={name}>
                {index > 0 && ', '}
                <Code>{name}</Code>
              </span>
            ))}
            .
          </Text>
        )}
      </Section>

      <Section
        title="When the answer is 202"
        lead={
          <>
            The run goes on after the wait. Ask for it at the <Code>url</Code> in the answer (also in the <Code>Location</Code> header) until its{' '}
            <Code>status</Code> is <Code>succeeded</Code>, <Code>failed</Code> or <Code>cancelled</Code>. Each ask with <Code>wait</Code> is held
            until the run ends or the seconds pass, so there is no need to ask often. A run whose status is <Code>waiting</Code> waits for a
            person to approve a step, which may take hours. The Python and JavaScript code above does this already.
          </>
        }
        testId="api-follow"
      >
        <CodeBlock code={curlFollowSnippet(target)} label="curl" testId="api-follow-code" />
      </Section>

      <Section
        title="Be told when it ends"
        lead={
          <>
            Rather than asking, add a <Code>callback_url</Code> to the request: when the run ends, Paddock POSTs its outcome there as JSON, and
            tries again for a while if your server does not answer 2xx. Only hosts the app&apos;s publishers allowed may receive callbacks; any
            other is refused when the run is started.
          </>
        }
        testId="api-callbacks"
      >
        <CodeBlock code={curlCallbackSnippet(target)} label="curl" testId="api-callback-code" />
        <Text size="sm">What your server receives:</Text>
        <CodeBlock code={callbackExample(target, app.outputs)} label="Callback body (JSON)" testId="api-callback-body" />
        <Stack gap={4}>
          <Group gap={6}>
            <IconLock size={16} />
            <Text size="sm" fw={600}>
              Check that it comes from Paddock
            </Text>
          </Group>
          <List size="sm" spacing={2}>
            <List.Item>
              Each callback carries a header <Code>Paddock-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</Code>.
            </List.Item>
            <List.Item>
              <Code>v1</Code> is the HMAC-SHA256 of <Code>&lt;t&gt;.&lt;body&gt;</Code> (the time, a dot, and the body exactly as received), keyed
              with the app&apos;s signing key (it starts with <Code>whsec_</Code>; use all of it).
            </List.Item>
            <List.Item>Refuse a callback whose signature differs, or whose time is more than a few minutes away: it may be forged or replayed.</List.Item>
          </List>
        </Stack>
        <SnippetTabs
          testId="api-verify"
          sources={[
            { id: 'python', label: 'Python', code: PYTHON_VERIFY },
            { id: 'javascript', label: 'JavaScript (Node)', code: JAVASCRIPT_VERIFY },
          ]}
        />
        {administers ? (
          <SigningKey app={app} />
        ) : (
          <Text size="sm" c="dimmed" data-testid="signing-key-ask">
            {ASK_AN_ADMINISTRATOR}
          </Text>
        )}
      </Section>

      <Section
        title="Reference"
        lead="The app's own OpenAPI document describes its run endpoint with its inputs and outputs: load it into an API client, or generate code from it."
        testId="api-reference"
      >
        <Group gap="sm">
          <Button
            component="a"
            href={openapi}
            target="_blank"
            rel="noreferrer"
            variant="default"
            leftSection={<IconExternalLink size={16} />}
            data-testid="api-openapi-link"
          >
            Open the OpenAPI document
          </Button>
          <CopyValue value={openapi} label="Copy its address" />
        </Group>
        {app.frozen && (
          <Alert color="orange" icon={<IconAlertTriangle />} data-testid="api-frozen">
            The app is paused just now: new runs are refused until it is resumed.
          </Alert>
        )}
      </Section>
    </Stack>
  );
}

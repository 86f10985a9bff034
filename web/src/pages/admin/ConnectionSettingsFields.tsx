import { Code, Grid, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { SmtpSecurity } from '../../api/types';
import {
  AUTH_ORDER,
  AUTH_TYPES,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  SECURITY_OPTIONS,
  SECURITY_ORDER,
  type AuthType,
  type Field,
  type FieldErrors,
  type HttpState,
  type SmtpState,
} from './connections';

const ACTIONS_EXAMPLE = `[
  {
    "name": "create_ticket",
    "access": "write",
    "description": "Opens a ticket",
    "method": "POST",
    "path": "/tickets",
    "body": { "title": "{{ input.title }}" },
    "input_schema": {
      "type": "object",
      "required": ["title"],
      "properties": { "title": { "type": "string" } }
    }
  }
]`;

interface HttpFieldsProps {
  value: HttpState;
  onChange: (change: Partial<HttpState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** Where an HTTP API is and how Paddock signs in to it (the secret itself is the credential, below these). */
export function HttpAddressFields({ value, onChange, errors }: HttpFieldsProps) {
  return (
    <>
      <TextInput
        label="Base URL"
        description="The address every action's path is added to. Its host is always allowed; other hosts go in the network section."
        placeholder="https://tickets.example.com/api"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.baseUrl}
        onChange={(e) => onChange({ baseUrl: e.currentTarget.value }, 'settings.base_url')}
        error={errors['settings.base_url']}
      />
      <Select
        label="How Paddock signs in"
        description="What the API expects with each request."
        data={AUTH_ORDER.map((type) => ({ value: type, label: AUTH_TYPES[type].label }))}
        value={value.authType}
        onChange={(type) =>
          type !== null &&
          onChange(
            { authType: type as AuthType },
            'settings.auth',
            'settings.auth.username',
            'settings.auth.header',
            'settings.auth.token_url',
            'settings.auth.client_id',
            'settings.auth.scope',
          )
        }
        allowDeselect={false}
        error={errors['settings.auth']}
        comboboxProps={{ withinPortal: true }}
      />
      {value.authType === 'basic' && (
        <TextInput
          label="User name"
          autoComplete="off"
          spellCheck={false}
          value={value.username}
          onChange={(e) => onChange({ username: e.currentTarget.value }, 'settings.auth.username')}
          error={errors['settings.auth.username']}
        />
      )}
      {value.authType === 'api_key' && (
        <TextInput
          label="Header name"
          description="The request header the API key goes in."
          placeholder="X-API-Key"
          autoComplete="off"
          spellCheck={false}
          value={value.header}
          onChange={(e) => onChange({ header: e.currentTarget.value }, 'settings.auth.header')}
          error={errors['settings.auth.header']}
        />
      )}
      {value.authType === 'oauth2' && (
        <>
          <TextInput
            label="Token URL"
            description="Where Paddock asks for an access token."
            placeholder="https://login.example.com/oauth2/token"
            autoComplete="off"
            spellCheck={false}
            value={value.tokenUrl}
            onChange={(e) => onChange({ tokenUrl: e.currentTarget.value }, 'settings.auth.token_url')}
            error={errors['settings.auth.token_url']}
          />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Client id"
              autoComplete="off"
              spellCheck={false}
              value={value.clientId}
              onChange={(e) => onChange({ clientId: e.currentTarget.value }, 'settings.auth.client_id')}
              error={errors['settings.auth.client_id']}
            />
            <TextInput
              label="Scope"
              description="Optional."
              autoComplete="off"
              spellCheck={false}
              value={value.scope}
              onChange={(e) => onChange({ scope: e.currentTarget.value }, 'settings.auth.scope')}
              error={errors['settings.auth.scope']}
            />
          </SimpleGrid>
        </>
      )}
      <NumberInput
        label="Timeout"
        description={`How long to wait for an answer, from 1 to ${MAX_TIMEOUT_SECONDS} seconds. Leave it empty for ${DEFAULT_TIMEOUT_SECONDS}.`}
        placeholder={`${DEFAULT_TIMEOUT_SECONDS} seconds`}
        suffix=" seconds"
        min={1}
        max={MAX_TIMEOUT_SECONDS}
        allowDecimal={false}
        allowNegative={false}
        value={value.timeoutSeconds}
        onChange={(timeoutSeconds) => onChange({ timeoutSeconds }, 'settings.timeout_seconds')}
        error={errors['settings.timeout_seconds']}
      />
    </>
  );
}

/** The requests workflows may make, written as JSON: a full editor is for later. */
export function HttpActionsField({ value, onChange, errors }: HttpFieldsProps) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        Each action is one request workflows can make by name, such as creating a ticket. Say whether it only reads
        (<Code>read</Code>) or changes something (<Code>write</Code>), its method, and a <Code>path</Code> added to the
        base URL. Put what the workflow passes in with <Code>{'{{ input.title }}'}</Code>.
      </Text>
      <Textarea
        label="Actions (JSON)"
        description="A list between [ and ]. Leave it empty for none: the connection can then only be tested."
        placeholder={ACTIONS_EXAMPLE}
        autosize
        minRows={6}
        maxRows={22}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
        value={value.actionsText}
        onChange={(e) => onChange({ actionsText: e.currentTarget.value }, 'settings.actions')}
        error={errors['settings.actions']}
      />
    </Stack>
  );
}

interface SmtpFieldsProps {
  value: SmtpState;
  onChange: (change: Partial<SmtpState>, ...fields: Field[]) => void;
  errors: FieldErrors;
}

/** Where a mail server is, how the connection to it is protected, who mail comes from and where it may go. */
export function SmtpFields({ value, onChange, errors }: SmtpFieldsProps) {
  const chooseSecurity = (security: SmtpSecurity) => {
    // The port follows the security while it is the usual one for it.
    const usual = value.port === '' || value.port === SECURITY_OPTIONS[value.security].port;
    onChange({ security, ...(usual ? { port: SECURITY_OPTIONS[security].port } : {}) }, 'settings.security', 'settings.port');
  };
  return (
    <>
      <Grid gap="md">
        <Grid.Col span={8}>
          <TextInput
            label="Mail server"
            description="Its host name."
            placeholder="smtp.example.com"
            required
            autoComplete="off"
            spellCheck={false}
            value={value.host}
            onChange={(e) => onChange({ host: e.currentTarget.value }, 'settings.host')}
            error={errors['settings.host']}
          />
        </Grid.Col>
        <Grid.Col span={4}>
          <NumberInput
            label="Port"
            description="Usually 587."
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            value={value.port}
            onChange={(port) => onChange({ port }, 'settings.port')}
            error={errors['settings.port']}
          />
        </Grid.Col>
      </Grid>
      <Select
        label="Security"
        description="How the connection to the mail server is protected."
        data={SECURITY_ORDER.map((s) => ({ value: s, label: SECURITY_OPTIONS[s].label }))}
        value={value.security}
        onChange={(s) => s !== null && chooseSecurity(s as SmtpSecurity)}
        allowDeselect={false}
        error={errors['settings.security']}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label="User name"
        description="To sign in to the mail server; its password is the credential below. Leave it empty for a relay that needs none."
        autoComplete="off"
        spellCheck={false}
        value={value.username}
        onChange={(e) => onChange({ username: e.currentTarget.value }, 'settings.username')}
        error={errors['settings.username']}
      />
      <TextInput
        label="From"
        description="The sender of every e-mail the workflows send."
        placeholder="Paddock <paddock@example.com>"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.from}
        onChange={(e) => onChange({ from: e.currentTarget.value }, 'settings.from')}
        error={errors['settings.from']}
      />
      <TextInput
        label="Allowed domains"
        description="Mail may only go to addresses in these domains (and their subdomains). Separate them with commas."
        placeholder="example.com, example.org"
        required
        autoComplete="off"
        spellCheck={false}
        value={value.domainsText}
        onChange={(e) => onChange({ domainsText: e.currentTarget.value }, 'settings.allowed_domains')}
        error={errors['settings.allowed_domains']}
      />
    </>
  );
}

import { Alert, Box, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconLogin2 } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { errorMessage } from '../api/errors';
import { oidcStartUrl } from '../api/oidc';
import { FullPageLoader } from '../components/FullPageLoader';
import { Logo } from '../components/Logo';
import { landingPath } from './landing';
import { useAuthMethods, useSession, useSignIn } from './session';

function requestedPath(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from;
  }
  return undefined;
}

function ErrorAlert({ testId, children }: { testId: string; children: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid={testId}>
      {children}
    </Alert>
  );
}

export function SignInPage() {
  const session = useSession();
  const signIn = useSignIn();
  // Without an answer (an older server, or none) only the password is offered.
  const methods = useAuthMethods();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.isPending) return <FullPageLoader />;
  // Signed in (just now, or already when arriving here): go where the user was heading.
  if (session.data) {
    return <Navigate to={landingPath(requestedPath(location.state), session.data.user.navigation)} replace />;
  }

  const sso = methods.data?.oidc === true;
  // Set by the server when a sign-in through the identity provider failed; replaced by a password attempt's error.
  const ssoError = searchParams.get('sso_error');
  const target = requestedPath(location.state);
  const returnTo = target !== undefined && target.startsWith('/') && !target.startsWith('//') ? target : '/';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w="100%" maw={400}>
        <Center mb="xl">
          <Logo size={36} />
        </Center>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Title order={1} size="h3">
            Sign in
          </Title>
          <Text c="dimmed" size="sm" mt={4} mb="lg">
            {sso
              ? "Use your company's single sign-on, or your work email and password."
              : 'Use your work email and password to continue.'}
          </Text>
          {ssoError !== null && ssoError !== '' && signIn.isIdle && (
            <Box mb="md">
              <ErrorAlert testId="sso-error">{ssoError}</ErrorAlert>
            </Box>
          )}
          {sso && (
            <>
              <Button
                component="a"
                href={oidcStartUrl(returnTo)}
                variant="default"
                fullWidth
                leftSection={<IconLogin2 size={18} stroke={1.6} />}
                data-testid="sso-sign-in"
              >
                Sign in with single sign-on
              </Button>
              <Divider label="or" labelPosition="center" my="lg" />
            </>
          )}
          <form onSubmit={onSubmit} noValidate>
            <Stack gap="md">
              {signIn.isError && <ErrorAlert testId="sign-in-error">{errorMessage(signIn.error)}</ErrorAlert>}
              <TextInput
                label="Email"
                type="email"
                name="email"
                autoComplete="username"
                placeholder="you@company.com"
                required
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <PasswordInput
                label="Password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button
                type="submit"
                fullWidth
                mt="xs"
                loading={signIn.isPending}
                disabled={email.trim() === '' || password === ''}
              >
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" mt="lg">
          Your access is managed by your organisation&apos;s IT team.
        </Text>
      </Box>
    </Center>
  );
}

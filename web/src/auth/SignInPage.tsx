import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors';
import { FullPageLoader } from '../components/FullPageLoader';
import { Logo } from '../components/Logo';
import { landingPath } from './landing';
import { useSession, useSignIn } from './session';

function requestedPath(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from;
  }
  return undefined;
}

export function SignInPage() {
  const session = useSession();
  const signIn = useSignIn();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.isPending) return <FullPageLoader />;
  // Signed in (just now, or already when arriving here): go where the user was heading.
  if (session.data) {
    return <Navigate to={landingPath(requestedPath(location.state), session.data.user.navigation)} replace />;
  }

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
            Use your work email and password to continue.
          </Text>
          <form onSubmit={onSubmit} noValidate>
            <Stack gap="md">
              {signIn.isError && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle size={18} />}
                  role="alert"
                  data-testid="sign-in-error"
                >
                  {errorMessage(signIn.error)}
                </Alert>
              )}
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

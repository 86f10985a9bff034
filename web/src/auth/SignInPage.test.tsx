import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { authMethodsKey } from './session';

const signedOut = () => apiErrorResponse(401, 'unauthenticated', 'You are not signed in');

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^email/i, { selector: 'input' }), email);
  await user.type(screen.getByLabelText(/^password/i, { selector: 'input' }), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it("shows the API's message on wrong credentials and stays on the sign-in page", async () => {
    const server = fakeFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': () => apiErrorResponse(401, 'invalid_credentials', 'Email or password is incorrect'),
    });
    renderApp('/', server.fetch);

    await fillAndSubmit('ada@example.com', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect');
    expect(screen.getByTestId('location')).toHaveTextContent('/sign-in');
    expect(server.requests.find((r) => r.path === '/api/v1/auth/login')?.body).toEqual({
      email: 'ada@example.com',
      password: 'wrong',
    });
  });

  it('disables the button while signing in', async () => {
    let answer: (response: Response) => void = () => {};
    const server = fakeFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderApp('/sign-in', server.fetch);

    await fillAndSubmit('ada@example.com', 'secret');

    await waitFor(() => expect(screen.getByRole('button', { name: /sign in/i })).toBeDisabled());
    answer(json(200, session()));
    expect(await screen.findByRole('heading', { level: 1, name: 'Apps' })).toBeInTheDocument();
  });

  it('sends a signed-out visitor to sign in and then back to the page they wanted', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': () => json(200, session({ navigation: ['apps', 'runs'] })),
    });
    renderApp('/runs', server.fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    await fillAndSubmit('ada@example.com', 'secret');

    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/runs');
  });

  it('opens the first allowed section when no page was asked for', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': () => json(200, session({ navigation: ['knowledge', 'review'] })),
    });
    renderApp('/sign-in', server.fetch);

    await fillAndSubmit('ada@example.com', 'secret');

    expect(await screen.findByRole('heading', { level: 1, name: 'Review' })).toBeInTheDocument();
  });

  describe('single sign-on', () => {
    const methods = (oidc: boolean) => () => json(200, { password: true, oidc });

    it('offers single sign-on only when the server has it on', async () => {
      const server = fakeFetch({ 'GET /api/v1/me': signedOut, 'GET /api/v1/auth/methods': methods(false) });
      const { queryClient } = renderApp('/sign-in', server.fetch);

      expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
      await waitFor(() => expect(queryClient.getQueryData(authMethodsKey)).toEqual({ password: true, oidc: false }));
      expect(screen.queryByRole('link', { name: /single sign-on/i })).not.toBeInTheDocument();
      expect(screen.queryByText('or')).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    });

    it('offers only the password when the server does not say', async () => {
      // No route: an older server answers 404.
      const server = fakeFetch({ 'GET /api/v1/me': signedOut });
      const { queryClient } = renderApp('/sign-in', server.fetch);

      expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
      await waitFor(() => expect(queryClient.getQueryState(authMethodsKey)?.status).toBe('error'));
      expect(screen.queryByRole('link', { name: /single sign-on/i })).not.toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('links to the start URL, coming back to the page the visitor wanted', async () => {
      const server = fakeFetch({ 'GET /api/v1/me': signedOut, 'GET /api/v1/auth/methods': methods(true) });
      renderApp('/runs?status=failed', server.fetch);

      const sso = await screen.findByRole('link', { name: 'Sign in with single sign-on' });
      expect(sso).toHaveAttribute('href', `/api/v1/auth/oidc/start?return_to=${encodeURIComponent('/runs?status=failed')}`);
      expect(screen.getByText('or')).toBeInTheDocument();
      // The password form is still there.
      expect(screen.getByLabelText(/^email/i, { selector: 'input' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    });

    it('comes back to the home page when no page was asked for', async () => {
      const server = fakeFetch({ 'GET /api/v1/me': signedOut, 'GET /api/v1/auth/methods': methods(true) });
      renderApp('/sign-in', server.fetch);

      const sso = await screen.findByRole('link', { name: 'Sign in with single sign-on' });
      expect(sso).toHaveAttribute('href', '/api/v1/auth/oidc/start?return_to=%2F');
    });

    it("shows the server's message when single sign-on failed", async () => {
      const server = fakeFetch({ 'GET /api/v1/me': signedOut, 'GET /api/v1/auth/methods': methods(true) });
      const message = 'The identity provider refused the sign-in: access_denied';
      renderApp(`/sign-in?sso_error=${encodeURIComponent(message)}`, server.fetch);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(message);
      expect(alert).toHaveAttribute('data-testid', 'sso-error');
      expect(await screen.findByRole('link', { name: 'Sign in with single sign-on' })).toBeInTheDocument();
    });

    it('replaces the single sign-on error with the password error after a password attempt', async () => {
      const server = fakeFetch({
        'GET /api/v1/me': signedOut,
        'GET /api/v1/auth/methods': methods(true),
        'POST /api/v1/auth/login': () => apiErrorResponse(401, 'invalid_credentials', 'Email or password is incorrect'),
      });
      renderApp('/sign-in?sso_error=No%20such%20account', server.fetch);
      expect(await screen.findByRole('alert')).toHaveTextContent('No such account');

      await fillAndSubmit('ada@example.com', 'wrong');

      await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Email or password is incorrect'));
      expect(screen.getAllByRole('alert')).toHaveLength(1);
    });
  });
});

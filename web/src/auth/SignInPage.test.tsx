import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

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
});

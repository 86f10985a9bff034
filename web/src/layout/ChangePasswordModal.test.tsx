import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiErrorResponse, fakeFetch, json, session } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

async function openChangePassword() {
  await userEvent.click(await screen.findByTestId('user-menu'));
  await userEvent.click(await screen.findByTestId('change-password'));
  return screen.findByRole('dialog', { name: 'Change your password' });
}

async function fill(dialog: HTMLElement, current: string, next: string, repeat: string) {
  const field = (label: RegExp) => within(dialog).getByLabelText(label);
  for (const [label, value] of [
    [/^Current password/, current],
    [/^New password/, next],
    [/^Repeat the new password/, repeat],
  ] as const) {
    await userEvent.clear(field(label));
    await userEvent.type(field(label), value);
  }
  await userEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
}

describe('change password', () => {
  it('checks the repeat locally, then posts and shows a wrong current password under its field', async () => {
    let attempts = 0;
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, session()),
      'POST /api/v1/me/password': () =>
        ++attempts === 1
          ? apiErrorResponse(422, 'invalid_input', 'current_password: the current password is not correct', {
              field: 'current_password',
            })
          : new Response(null, { status: 204 }),
    });
    renderApp('/apps', server.fetch);
    const dialog = await openChangePassword();
    const requests = () => server.requests.filter((r) => r.path === '/api/v1/me/password');

    await fill(dialog, 'wrong-password', 'a brand new secret', 'a brand new secreT');
    expect(within(dialog).getByLabelText(/^Repeat the new password/)).toHaveAccessibleDescription('The two new passwords are not the same');
    expect(requests()).toHaveLength(0);

    await fill(dialog, 'wrong-password', 'a brand new secret', 'a brand new secret');
    const current = within(dialog).getByLabelText(/^Current password/);
    await waitFor(() => expect(current).toHaveAccessibleDescription('The current password is not correct'));
    expect(within(dialog).getByLabelText(/^New password/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(requests()[0]?.body).toEqual({ current_password: 'wrong-password', new_password: 'a brand new secret' });
    expect(requests()[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');

    await fill(dialog, 'paddock-demo', 'a brand new secret', 'a brand new secret');
    expect(await within(dialog).findByTestId('password-changed')).toHaveTextContent('Your password is changed');
    expect(requests().at(-1)?.body).toEqual({ current_password: 'paddock-demo', new_password: 'a brand new secret' });
  });
});

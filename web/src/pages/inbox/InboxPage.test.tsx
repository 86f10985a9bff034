import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const approver = session({
  display_name: 'Alex Approver',
  email: 'approver@demo.local',
  grants: [{ role: 'approver', workspace: 'claims' }],
  workspaces: [{ slug: 'claims', name: 'Claims' }],
  navigation: ['review', 'apps'],
});

function approval(id: string, title: string, overrides: Partial<PendingApproval> = {}): PendingApproval {
  return {
    run: { id, workflow: 'claim-intake', status: 'waiting', error: null, created_at: '2026-11-27T09:00:00Z', finished_at: null },
    workspace: 'claims',
    step: 'sign_off',
    title,
    instructions: 'Check the invoice against the policy limits.',
    waiting_since: '2026-11-27T09:30:00Z',
    ...overrides,
  };
}

const pn7 = approval('r-7', 'Claim PN-7');
const pn9 = approval('r-9', 'Claim PN-9', { instructions: null });

describe('approvals inbox', () => {
  it('counts the waiting approvals in the header and lists each with its run', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, approver),
      'GET /api/v1/approvals': () => json(200, { approvals: [pn7, pn9] }),
    });
    renderApp('/review', server.fetch);

    const button = await screen.findByRole('link', { name: 'Approvals: 2 waiting for you' });
    expect(within(button).getByTestId('approvals-count')).toHaveTextContent('2');
    await userEvent.click(button);

    expect(await screen.findByRole('heading', { level: 1, name: 'Approvals' })).toBeInTheDocument();
    const first = screen.getByTestId('approval-r-7-sign_off');
    expect(within(first).getByRole('heading', { name: 'Claim PN-7' })).toBeInTheDocument();
    expect(first).toHaveTextContent('Check the invoice against the policy limits.');
    expect(first).toHaveTextContent('claim-intake in Claims · waiting since');
    expect(within(first).getByRole('link', { name: 'Open the run' })).toHaveAttribute('href', '/runs/r-7');
    expect(screen.getByTestId('approval-r-9-sign_off')).toBeInTheDocument();
  });

  it('approves with a comment, then drops the approval and confirms', async () => {
    let waiting = [pn7, pn9];
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, approver),
      'GET /api/v1/approvals': () => json(200, { approvals: waiting }),
      'POST /api/v1/runs/r-7/approvals/sign_off': () => {
        waiting = [pn9];
        return json(200, { key: 'sign_off', status: 'succeeded', output: { decision: 'approved' } });
      },
    });
    renderApp('/inbox', server.fetch);

    const card = await screen.findByTestId('approval-r-7-sign_off');
    await userEvent.click(within(card).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve: Claim PN-7' });
    await userEvent.type(within(dialog).getByLabelText(/^Comment/), 'Checked the invoice');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));

    expect(await screen.findByTestId('inbox-notice')).toHaveTextContent('You approved “Claim PN-7”.');
    await waitFor(() => expect(screen.queryByTestId('approval-r-7-sign_off')).not.toBeInTheDocument());
    expect(screen.getByTestId('approval-r-9-sign_off')).toBeInTheDocument();
    const decision = server.requests.find((r) => r.path === '/api/v1/runs/r-7/approvals/sign_off');
    expect(decision?.body).toEqual({ decision: 'approve', comment: 'Checked the invoice' });
    expect(decision?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(screen.getByRole('link', { name: 'Approvals: 1 waiting for you' })).toBeInTheDocument());
  });

  it('rejects without a comment and explains when the approval no longer waits', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, approver),
      'GET /api/v1/approvals': () => json(200, { approvals: [pn7] }),
      'POST /api/v1/runs/r-7/approvals/sign_off': () =>
        apiErrorResponse(404, 'not_found', 'This run no longer waits for your decision there.'),
    });
    renderApp('/inbox', server.fetch);

    await userEvent.click(within(await screen.findByTestId('approval-r-7-sign_off')).getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject: Claim PN-7' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This run no longer waits for your decision there.');
    const decision = server.requests.find((r) => r.path === '/api/v1/runs/r-7/approvals/sign_off');
    expect(decision?.body).toEqual({ decision: 'reject' });
  });

  it('says so when nothing waits', async () => {
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, approver),
      'GET /api/v1/approvals': () => json(200, { approvals: [] }),
    });
    renderApp('/inbox', server.fetch);

    expect(await screen.findByTestId('inbox-empty')).toHaveTextContent('Nothing waits for your decision.');
    expect(screen.getByRole('link', { name: 'Approvals' })).toBeInTheDocument();
    expect(screen.queryByTestId('approvals-count')).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ReviewDetail } from '../../api/types';
import { apiErrorResponse, fakeFetch, json, session, type RecordedRequest } from '../../test/fakeServer';
import { chain, reviewDetail } from '../../test/reviewFixtures';
import { renderApp } from '../../test/renderApp';

const approver = session({
  display_name: 'Alex Approver',
  email: 'approver@demo.local',
  grants: [{ role: 'approver', workspace: 'it-service-desk' }],
  workspaces: [{ slug: 'it-service-desk', name: 'IT Service Desk' }],
  navigation: ['review', 'apps'],
});

const SOD = 'You may not decide on this review: you submitted this review. Another approver must.';

function server(review: ReviewDetail, extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    'GET /api/v1/me': () => json(200, approver),
    'GET /api/v1/approvals': () => json(200, { approvals: [] }),
    'GET /api/v1/environments': () => json(200, { environments: chain }),
    'GET /api/v1/reviews/rv1': () => json(200, review),
    'GET /api/v1/reviews': () => json(200, { reviews: [] }),
    ...extra,
  });
}

function decisions(requests: RecordedRequest[]) {
  return requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/reviews/rv1/decision');
}

describe('review page', () => {
  it('shows what is asked, the changes against the live version, the policy, the runs and the conversation', async () => {
    renderApp('/review/rv1', server(reviewDetail()).fetch);

    expect(await screen.findByRole('heading', { level: 1, name: 'ticket-triage v3 → Production' })).toBeInTheDocument();
    expect(screen.getByTestId('review-status')).toHaveTextContent('Waiting for approval');
    expect(screen.getByTestId('review-submitted')).toHaveTextContent('IT Service Desk · submitted by builder@demo.local on');
    expect(screen.getByRole('link', { name: 'See the pipeline' })).toHaveAttribute('href', '/deployments/it-service-desk/ticket-triage');
    expect(screen.getByTestId('review-message')).toHaveTextContent('Open tickets in the real ticketing tool');
    expect(screen.getByTestId('review-approvals')).toHaveTextContent('1 of 2 approvals');

    expect(screen.getByTestId('review-changes-lead')).toHaveTextContent('Compared with v2, live in Production');
    expect(within(screen.getByTestId('review-changes')).getByTestId('changes-summary')).toHaveTextContent(/now uses tickets\.create_ticket/);

    expect(screen.getByTestId('review-policy-ok')).toHaveTextContent('No policy problems in Production');

    expect(screen.getByTestId('review-evidence-lead')).toHaveTextContent('Production asks for a successful run in Staging');
    const run = screen.getByTestId('review-evidence-run');
    expect(within(run).getByRole('link', { name: 'Successful run in Staging' })).toHaveAttribute('href', '/runs/run-42');

    const thread = screen.getByTestId('review-thread');
    expect(within(thread).getByTestId('review-event-submitted')).toHaveTextContent('builder@demo.local submitted v3 for Production');
    expect(within(thread).getByTestId('review-event-comment')).toHaveTextContent('Tried it in staging on ten tickets.');
    expect(within(thread).getByTestId('review-event-approve')).toHaveTextContent('lead@demo.local approved');
  });

  it('says when nothing is live there yet, and lists each policy problem with its fix', async () => {
    const review = reviewDetail({
      live_version: null,
      compared_with: null,
      violations: [
        {
          path: 'steps[1]',
          step: 'summarise',
          source: 'inputs.body',
          label: 'confidential/pii',
          through: [],
          sink: 'the model hosted-general',
          clearance: 'internal',
          message: 'inputs.body (confidential/pii) reaches the model hosted-general, cleared only for internal',
          fix: 'redact the body first, or use a model cleared for confidential/pii',
        },
      ],
    });
    renderApp('/review/rv1', server(review).fetch);
    expect(await screen.findByTestId('review-changes-lead')).toHaveTextContent('Nothing is live in Production yet');
    const policy = screen.getByTestId('review-policy');
    expect(within(policy).getByRole('alert')).toHaveTextContent('1 policy problem in Production');
    expect(within(policy).getByTestId('review-violation-message')).toHaveTextContent('inputs.body (confidential/pii) reaches the model hosted-general');
    expect(within(policy).getByTestId('review-violation-fix')).toHaveTextContent('How to fix it: Redact the body first');
    expect(screen.queryByTestId('review-policy-ok')).not.toBeInTheDocument();
  });

  it('hides the decision buttons from someone who may not decide, and says why', async () => {
    renderApp('/review/rv1', server(reviewDetail({ your_part: { may_decide: false, reason: SOD } })).fetch);
    expect(await screen.findByTestId('review-your-part')).toHaveTextContent(SOD);
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Request changes' })).not.toBeInTheDocument();
    // Anyone who sees it may comment.
    expect(screen.getByRole('button', { name: 'Comment' })).toBeInTheDocument();
  });

  it('approves: the API is called, the page shows the review deployed', async () => {
    const before = reviewDetail({ approvals: 1, approvals_required: 2 });
    let current = before;
    const fake = server(before, {
      'GET /api/v1/reviews/rv1': () => json(200, current),
      'POST /api/v1/reviews/rv1/decision': () => {
        current = reviewDetail({
          status: 'deployed',
          approvals: 2,
          closed_at: '2026-11-27T11:00:00Z',
          live_version: 3,
          compared_with: 2,
          your_part: { may_decide: false, reason: 'This review is deployed already.' },
          events: [...before.events, { kind: 'approve', by: 'approver@demo.local', body: 'Ship it', at: '2026-11-27T11:00:00Z' }],
        });
        return json(200, current);
      },
    });
    renderApp('/review/rv1', fake.fetch);

    const panel = await screen.findByTestId('review-decision');
    expect(panel).toHaveTextContent('Yours is the last approval needed: approving deploys v3 to Production straight away');
    await userEvent.click(within(panel).getByRole('button', { name: 'Approve' }));
    const modal = await screen.findByTestId('decision-modal');
    await userEvent.type(within(modal).getByRole('textbox', { name: /Comment/ }), 'Ship it');
    await userEvent.click(within(modal).getByRole('button', { name: 'Approve' }));

    expect(await screen.findByTestId('review-closed')).toHaveTextContent('You approved ticket-triage v3. It is now live in Production.');
    const sent = decisions(fake.requests);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({ decision: 'approve', comment: 'Ship it' });
    expect(sent[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(screen.getByTestId('review-status')).toHaveTextContent('Deployed');
    // Deployed, it still shows what it changed: against the version it replaced.
    expect(screen.getByTestId('review-changes-lead')).toHaveTextContent('Compared with v2, which v3 replaced in Production');
    expect(screen.getByTestId('changes-view')).toBeInTheDocument();
    expect(screen.queryByTestId('review-decision')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('review-event-approve')).toHaveLength(2);
  });

  it('approves short of the approvals needed: the review stays open, and says how many it has', async () => {
    const fake = server(reviewDetail({ approvals: 1, approvals_required: 3 }), {
      'POST /api/v1/reviews/rv1/decision': () =>
        json(200, reviewDetail({ approvals: 2, approvals_required: 3, your_part: { may_decide: false, reason: 'You approved this review already.' } })),
    });
    renderApp('/review/rv1', fake.fetch);

    const panel = await screen.findByTestId('review-decision');
    expect(panel).toHaveTextContent('Yours will be approval 2 of the 3 Production needs');
    await userEvent.click(within(panel).getByRole('button', { name: 'Approve' }));
    await userEvent.click(within(await screen.findByTestId('decision-modal')).getByRole('button', { name: 'Approve' }));

    expect(await screen.findByTestId('review-notice')).toHaveTextContent('You approved ticket-triage v3. It now has 2 of the 3 approvals Production needs.');
    expect(decisions(fake.requests)[0]?.body).toEqual({ decision: 'approve' });
    expect(screen.getByTestId('review-your-part')).toHaveTextContent('You approved this review already.');
    expect(screen.getByTestId('review-approvals')).toHaveTextContent('2 of 3 approvals');
  });

  it('asks for a comment before rejecting or requesting changes', async () => {
    const fake = server(reviewDetail(), {
      'POST /api/v1/reviews/rv1/decision': () =>
        json(200, reviewDetail({ status: 'changes_requested', closed_at: '2026-11-27T11:00:00Z', your_part: { may_decide: false } })),
    });
    renderApp('/review/rv1', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Request changes' }));
    const modal = await screen.findByTestId('decision-modal');
    await userEvent.click(within(modal).getByRole('button', { name: 'Request changes' }));
    expect(within(modal).getByText('Say what needs to change')).toBeInTheDocument();
    expect(decisions(fake.requests)).toHaveLength(0);

    await userEvent.type(within(modal).getByRole('textbox', { name: /What needs to change/ }), 'Keep the old prompt for outages');
    await userEvent.click(within(modal).getByRole('button', { name: 'Request changes' }));
    expect(await screen.findByTestId('review-closed')).toHaveTextContent('You asked for changes to ticket-triage v3: the builder can submit a new version.');
    expect(decisions(fake.requests)[0]?.body).toEqual({ decision: 'request_changes', comment: 'Keep the old prompt for outages' });
    expect(screen.getByTestId('review-closed')).toHaveTextContent('Changes requested');
  });

  it('shows the message of a refusal and keeps the review open', async () => {
    const fake = server(reviewDetail(), {
      'POST /api/v1/reviews/rv1/decision': () =>
        apiErrorResponse(409, 'frozen', 'Production is frozen until 4 January 2027: Year-end change freeze.'),
    });
    renderApp('/review/rv1', fake.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    const modal = await screen.findByTestId('decision-modal');
    await userEvent.type(within(modal).getByRole('textbox', { name: /Why it is rejected/ }), 'Not now');
    await userEvent.click(within(modal).getByRole('button', { name: 'Reject' }));
    expect(await within(modal).findByTestId('decision-error')).toHaveTextContent('Production is frozen until 4 January 2027');
    expect(screen.queryByTestId('review-notice')).not.toBeInTheDocument();
  });

  it('adds a comment to the conversation', async () => {
    const fake = server(reviewDetail({ events: [] }), {
      'POST /api/v1/reviews/rv1/comments': (request) =>
        json(
          201,
          reviewDetail({
            events: [{ kind: 'comment', by: 'approver@demo.local', body: (request.body as { body: string }).body, at: '2026-11-27T11:00:00Z' }],
          }),
        ),
    });
    renderApp('/review/rv1', fake.fetch);

    expect(await screen.findByTestId('review-thread-empty')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(screen.getByText('Write a comment first')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Add a comment' }), 'Does this page on-call at night?');
    await userEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByTestId('review-event-comment')).toHaveTextContent('approver@demo.local commented');
    expect(screen.getByTestId('review-event-comment')).toHaveTextContent('Does this page on-call at night?');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Add a comment' })).toHaveValue(''));
  });

  it('shows a review that cannot be found', async () => {
    const fake = server(reviewDetail(), {
      'GET /api/v1/reviews/rv1': () => apiErrorResponse(404, 'not_found', 'There is no such review.'),
    });
    renderApp('/review/rv1', fake.fetch);
    expect(await screen.findByRole('alert')).toHaveTextContent('There is no such review.');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../../test/renderApp';
import { builder, doc, knowledgeBase, knowledgeServer, LOAD, requestsTo, steward } from '../testData';
import { FakeXhr, stubXhr } from './fakeXhr';

const PAGE = '/knowledge/claims-policies';
const DOCUMENTS = '/api/v1/knowledge-bases/claims-policies/documents';

afterEach(() => {
  vi.unstubAllGlobals();
});

function picker() {
  return screen.getByTestId('document-input');
}

describe('the documents of a knowledge base', () => {
  it('shows each document with where reading it stands, and why one failed', async () => {
    const documents = [
      doc(),
      doc({ id: 'd2', name: 'annex.csv', media_type: 'text/csv', status: 'ingesting', pages: 10, pages_done: 2, passages: 0 }),
      doc({ id: 'd3', name: 'notes.txt', media_type: 'text/plain', status: 'queued', pages: null, pages_done: 0, passages: 0 }),
      doc({ id: 'd4', name: 'old.md', status: 'failed', error: 'The file is not valid UTF-8 text: save it as UTF-8 and upload it again.', passages: 0 }),
    ];
    renderApp(PAGE, knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': documents } }).fetch);

    const table = await screen.findByTestId('documents-table', {}, LOAD);
    const ready = within(table).getByTestId('document-row-policy.md');
    expect(ready).toHaveTextContent('Markdown · 2 KB');
    expect(within(ready).getByTestId('document-status-policy.md')).toHaveTextContent('Ready4 passages');
    expect(ready).toHaveTextContent('by steward@demo.local');

    const reading = within(table).getByTestId('document-status-annex.csv');
    expect(reading).toHaveTextContent('Being read');
    expect(reading).toHaveTextContent('Reading page 3 of 10');
    expect(within(reading).getByRole('progressbar', { name: 'annex.csv: Reading page 3 of 10' })).toHaveAttribute('aria-valuenow', '20');

    expect(within(table).getByTestId('document-status-notes.txt')).toHaveTextContent('WaitingWaiting its turn to be read');
    expect(within(table).getByTestId('document-error-old.md')).toHaveTextContent(
      'The file is not valid UTF-8 text: save it as UTF-8 and upload it again.',
    );
    expect(screen.getByTestId('knowledge-base-counts-text')).toHaveTextContent(
      '4 documents: 1 ready, 2 waiting to be read, 1 could not be read',
    );
  });

  it('names each document by its own kind, and keeps the kinds it takes in words under the drop zone', async () => {
    const documents = [
      doc({ id: 'd1', name: 'claim-form.png', media_type: 'image/png', size: 158_310 }),
      doc({ id: 'd2', name: 'photo.jpg', media_type: 'image/jpeg', size: 1024 }),
      doc({ id: 'd3', name: 'fax.tiff', media_type: 'image/tiff', size: 1024 }),
      doc({ id: 'd4', name: 'terms.pdf', media_type: 'application/pdf', size: 1024 }),
      doc({ id: 'd5', name: 'letter.docx', media_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 1024 }),
      doc({ id: 'd6', name: 'faq.html', media_type: 'text/html', size: 1024 }),
      doc({ id: 'd7', name: 'notes.txt', media_type: 'text/plain', size: 1024 }),
      doc({ id: 'd8', name: 'rates.csv', media_type: 'text/csv', size: 1024 }),
    ];
    renderApp(PAGE, knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': documents } }).fetch);

    const table = await screen.findByTestId('documents-table', {}, LOAD);
    expect(within(table).getByTestId('document-kind-claim-form.png')).toHaveTextContent(/^PNG scan · 154\.6 KB$/);
    expect(within(table).getByTestId('document-kind-photo.jpg')).toHaveTextContent(/^JPEG scan · /);
    expect(within(table).getByTestId('document-kind-fax.tiff')).toHaveTextContent(/^TIFF scan · /);
    expect(within(table).getByTestId('document-kind-terms.pdf')).toHaveTextContent(/^PDF · /);
    expect(within(table).getByTestId('document-kind-letter.docx')).toHaveTextContent(/^Word document · /);
    expect(within(table).getByTestId('document-kind-faq.html')).toHaveTextContent(/^HTML · /);
    expect(within(table).getByTestId('document-kind-notes.txt')).toHaveTextContent(/^Plain text · /);
    expect(within(table).getByTestId('document-kind-rates.csv')).toHaveTextContent(/^CSV · /);
    expect(table).not.toHaveTextContent('PNG, JPEG or TIFF');
    expect(screen.getByTestId('document-rules')).toHaveTextContent('or a PNG, JPEG or TIFF scan (.png), up to 50 MB each');
  });

  it('follows the documents while some are read', async () => {
    const documents = [doc({ status: 'ingesting', pages: 4, pages_done: 1, passages: 0 })];
    const server = knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': documents } });
    renderApp(PAGE, server.fetch);

    expect(await screen.findByText('Reading page 2 of 4', {}, LOAD)).toBeInTheDocument();
    server.state.documents['claims-policies'] = [doc()];
    await waitFor(() => expect(screen.getByTestId('document-status-policy.md')).toHaveAttribute('data-status', 'ready'), {
      timeout: 5000,
    });
    const asked = requestsTo(server.requests, 'GET', DOCUMENTS).length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Once every document is read, nobody asks again.
    expect(requestsTo(server.requests, 'GET', DOCUMENTS)).toHaveLength(asked);
  });

  it('uploads each file with its progress, and shows what happened to it', async () => {
    const Xhr = stubXhr();
    const server = knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': [] } });
    renderApp(PAGE, server.fetch);
    expect(await screen.findByTestId('documents-empty', {}, LOAD)).toHaveTextContent('Drop the documents it should hold above');
    expect(screen.getByTestId('document-rules')).toHaveTextContent('PDF (.pdf), Word (.docx), HTML (.html), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png), up to 50 MB each');

    const policy = new File(['# Claims policy\n\nA burst pipe is covered.'], 'policy.md', { type: 'text/markdown' });
    const annex = new File(['a,b\n1,2\n'], 'annex.csv', { type: 'text/csv' });
    await userEvent.upload(picker(), [policy, annex]);

    // One after the other: the first is on its way, the second waits.
    await waitFor(() => expect(Xhr.sent).toHaveLength(1));
    const first = Xhr.sent[0]!;
    expect(first.method).toBe('POST');
    expect(first.url).toBe('http://paddock.test/api/v1/knowledge-bases/claims-policies/documents');
    expect(first.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(first.file?.name).toBe('policy.md');
    expect(screen.getByTestId('upload-state-annex.csv')).toHaveTextContent('Waiting to be sent');

    first.progress(50, 100);
    expect(screen.getByTestId('upload-state-policy.md')).toHaveTextContent('Uploading… 50%');
    expect(screen.getByRole('progressbar', { name: 'policy.md: 50% sent' })).toHaveAttribute('aria-valuenow', '50');

    server.state.documents['claims-policies'] = [doc({ status: 'queued', passages: 0, pages: null, pages_done: 0 })];
    await first.respond(201, { documents: [{ document: doc({ status: 'queued' }), outcome: 'added' }] });
    expect(screen.getByTestId('upload-state-policy.md')).toHaveTextContent('Uploaded. Follow its reading in the list below.');
    expect(await screen.findByTestId('document-row-policy.md')).toBeInTheDocument();

    await waitFor(() => expect(Xhr.sent).toHaveLength(2));
    await Xhr.sent[1]!.respond(201, { documents: [{ document: doc({ id: 'd2', name: 'annex.csv' }), outcome: 'unchanged' }] });
    expect(screen.getByTestId('upload-state-annex.csv')).toHaveTextContent('Already here with the same content: nothing changed.');

    await userEvent.click(screen.getByRole('button', { name: 'Clear finished' }));
    expect(screen.queryByTestId('uploads')).not.toBeInTheDocument();
  });

  it('refuses a kind of file it cannot read before sending it, and shows the server’s refusals in its words', async () => {
    const Xhr = stubXhr();
    renderApp(PAGE, knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': [] } }).fetch);
    await screen.findByTestId('documents-empty', {}, LOAD);

    const json = new File(['{}'], 'claims.json', { type: 'application/json' });
    const empty = new File([], 'empty.md', { type: 'text/markdown' });
    const fake = new File(['%PNG'], 'scan.md', { type: 'text/markdown' });
    const lost = new File(['hello'], 'lost.txt', { type: 'text/plain' });
    await userEvent.upload(picker(), [json, empty, fake, lost], { applyAccept: false });

    expect(screen.getByTestId('upload-state-claims.json')).toHaveTextContent(
      'claims.json is not a kind of document Paddock can read yet. Upload PDF (.pdf), Word (.docx), HTML (.html), plain text (.txt), Markdown (.md), CSV (.csv) or a PNG, JPEG or TIFF scan (.png).',
    );
    expect(screen.getByTestId('upload-state-empty.md')).toHaveTextContent('empty.md is empty. Choose a file with something in it.');
    await waitFor(() => expect(Xhr.sent).toHaveLength(1));
    expect(Xhr.sent[0]!.file?.name).toBe('scan.md');
    await Xhr.sent[0]!.respond(422, {
      error: {
        code: 'invalid_input',
        message: 'file: scan.md: the file is named like text/markdown but its content is image/png',
        details: { field: 'file' },
      },
    });
    expect(screen.getByTestId('upload-state-scan.md')).toHaveTextContent(
      'scan.md: the file is named like text/markdown but its content is image/png',
    );
    await waitFor(() => expect(Xhr.sent).toHaveLength(2));
    await Xhr.sent[1]!.fail();
    expect(screen.getByTestId('upload-state-lost.txt')).toHaveTextContent('Paddock could not be reached');
    expect(Xhr.sent.map((request) => request.file?.name)).toEqual(['scan.md', 'lost.txt']);
  });

  it('says so when a file is too large for the server', async () => {
    const Xhr: typeof FakeXhr = stubXhr();
    renderApp(PAGE, knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': [] } }).fetch);
    await screen.findByTestId('documents-empty', {}, LOAD);

    await userEvent.upload(picker(), new File(['x'], 'big.txt', { type: 'text/plain' }));
    await waitFor(() => expect(Xhr.sent).toHaveLength(1));
    await Xhr.sent[0]!.respond(413, undefined);
    expect(screen.getByTestId('upload-state-big.txt')).toHaveTextContent('big.txt is larger than Paddock accepts in one upload.');
  });

  it('reads a document again, and removes one, each after asking', async () => {
    const documents = [doc(), doc({ id: 'd2', name: 'old.md', status: 'failed', error: 'Unreadable', passages: 0 })];
    const server = knowledgeServer(steward, { bases: [knowledgeBase()], documents: { 'claims-policies': documents } });
    renderApp(PAGE, server.fetch);

    await userEvent.click(await screen.findByRole('button', { name: 'Read old.md again' }, LOAD));
    const reread = await screen.findByTestId('reread-document-confirm');
    expect(reread).toHaveTextContent('Paddock reads the file it has again');
    await userEvent.click(within(reread).getByRole('button', { name: 'Read again' }));
    expect(await screen.findByTestId('documents-notice')).toHaveTextContent('old.md is waiting to be read again.');
    expect(requestsTo(server.requests, 'POST', `${DOCUMENTS}/d2/reread`)).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('document-status-old.md')).toHaveAttribute('data-status', 'queued'));

    await userEvent.click(screen.getByRole('button', { name: 'Remove policy.md' }));
    const remove = await screen.findByTestId('remove-document-confirm');
    expect(remove).toHaveTextContent('This cannot be undone');
    await userEvent.click(within(remove).getByRole('button', { name: 'Cancel' }));
    expect(requestsTo(server.requests, 'DELETE', `${DOCUMENTS}/d1`)).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Remove policy.md' }));
    await userEvent.click(within(await screen.findByTestId('remove-document-confirm')).getByRole('button', { name: 'Remove document' }));
    expect(await screen.findByTestId('documents-notice')).toHaveTextContent('policy.md is removed');
    expect(requestsTo(server.requests, 'DELETE', `${DOCUMENTS}/d1`)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId('document-row-policy.md')).not.toBeInTheDocument());
  });

  it('shows those who only use it the documents, without upload or actions', async () => {
    const base = knowledgeBase({ may_manage: false });
    renderApp(PAGE, knowledgeServer(builder, { bases: [base], documents: { 'claims-policies': [doc({ uploaded_by: null })] } }).fetch);

    expect(await screen.findByTestId('document-row-policy.md', {}, LOAD)).toBeInTheDocument();
    expect(screen.getByTestId('read-only')).toBeInTheDocument();
    expect(screen.queryByTestId('document-drop')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove policy.md' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Read policy.md again' })).not.toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Documents', 'Try a query']);
  });
});

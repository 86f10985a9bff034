import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ResultView } from './ResultView';

function show(outputs: Record<string, unknown> | null, declared: string[] = Object.keys(outputs ?? {}), documentLinks?: boolean) {
  return render(
    <MantineProvider>
      <ResultView declared={declared} outputs={outputs} {...(documentLinks === undefined ? {} : { documentLinks })} />
    </MantineProvider>,
  );
}

/** The ids the server gives the documents named a-1… here. */
const ARTIFACT_IDS: Record<string, string> = {
  'a-1': '0190a3b4-5c6d-7e8f-9a0b-000000000002',
  'a-2': '0190a3b4-5c6d-7e8f-9a0b-000000000005',
  'a-3': '0190a3b4-5c6d-7e8f-9a0b-000000000006',
};

/** What a `document` step gives, passed on as an output. */
function documentOutput(id: string, name: string, media_type: string, size: number, expires_at = '2099-01-31T10:00:00Z') {
  return { artifact: id, name, media_type, size, sha256: 'ab12', download: `/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/${ARTIFACT_IDS[id] ?? id}`, expires_at };
}

describe('the result of a run', () => {
  it('renders text outputs as Markdown', async () => {
    show({
      summary:
        '**Jane Doe** — policy PN-20931, motor claim.\n\nSeverity: **minor**; routed to **motor-claims**.\n\n- first\n- second\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    });
    // The Markdown renderer loads with the first result.
    const summary = await screen.findByTestId('output-value-summary');
    expect(within(summary).getByText('Jane Doe').tagName).toBe('STRONG');
    expect(within(summary).getByText('motor-claims').tagName).toBe('STRONG');
    expect(within(summary).getAllByRole('listitem')).toHaveLength(2);
    expect(within(summary).getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Summary' })).toBeInTheDocument();
  });

  it('never runs HTML, scripts or unsafe links from an output, nor loads its images', async () => {
    const { container } = show({
      summary:
        'Hi <script>window.hacked = true</script><img src="https://tracker.example/x.png" onerror="window.hacked = true"> [click](javascript:alert(1)) ![chart](https://tracker.example/chart.png) [docs](https://example.com/docs)',
    });
    await screen.findByTestId('output-value-summary');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
    expect(screen.getByText('click').closest('a')?.getAttribute('href') ?? '').not.toMatch(/javascript/i);
    expect(screen.getByText('[image: chart]')).toBeInTheDocument();
    const docs = screen.getByRole('link', { name: 'docs' });
    expect(docs).toHaveAttribute('href', 'https://example.com/docs');
    expect(docs).toHaveAttribute('rel', expect.stringContaining('noopener'));
  });

  it('renders a flat object as a table of fields, and a list of flat objects as a table', () => {
    show({
      routing: { team: 'motor-claims', priority: 'normal', injuries: false },
      lines: [
        { item: 'Bumper', cost: 420 },
        { item: 'Paint', cost: 180 },
      ],
    });
    const routing = screen.getByTestId('output-value-routing');
    const rows = within(routing).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['Teammotor-claims', 'Prioritynormal', 'InjuriesNo']);

    const lines = screen.getByTestId('output-value-lines');
    expect(within(lines).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Item', 'Cost']);
    expect(within(lines).getAllByRole('row')).toHaveLength(3);
    expect(within(lines).getByText('Bumper')).toBeInTheDocument();
  });

  it('shows anything else as JSON, and empty outputs as nothing', () => {
    show({ facts: {}, nested: { claim: { amount: 120 } } }, ['summary', 'facts', 'nested']);
    expect(screen.getByTestId('output-value-facts')).toHaveTextContent('Nothing');
    expect(screen.getByTestId('output-value-nested').textContent).toContain('"amount": 120');
    expect(screen.queryByTestId('output-summary')).not.toBeInTheDocument();
  });

  it('shows a document the run wrote as a download button with its name and size, a list of them as buttons', () => {
    show({
      letter: { ...documentOutput('a-1', 'claim-PN-7.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 48_640), written: { connection: 'claims-share', path: 'letters/claim-PN-7.docx' } },
      notes: [documentOutput('a-2', 'notes-1.md', 'text/markdown', 200), documentOutput('a-3', 'notes-2.pdf', 'application/pdf', 3 * 1024 * 1024)],
    });
    const letter = screen.getByTestId('output-value-letter');
    const button = within(letter).getByRole('link', { name: 'Download claim-PN-7.docx (47.5 KB)' });
    expect(button).toHaveAttribute('href', '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002');
    expect(button).toHaveAttribute('download');
    expect(button).toHaveTextContent('claim-PN-7.docx47.5 KB');
    expect(letter).toHaveTextContent('Word document · kept until');
    expect(letter).not.toHaveTextContent('sha256');

    const notes = screen.getByTestId('output-value-notes');
    expect(within(notes).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
      '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000005',
      '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000006',
    ]);
    expect(within(notes).getByRole('link', { name: 'Download notes-2.pdf (3 MB)' })).toBeInTheDocument();
  });

  it('says a document was deleted at the end of its retention, without a link', () => {
    show({ letter: documentOutput('a-1', 'claim.pdf', 'application/pdf', 100, '2020-01-31T10:00:00Z') });
    const letter = screen.getByTestId('output-value-letter');
    expect(within(letter).queryByRole('link')).not.toBeInTheDocument();
    expect(letter).toHaveTextContent(/claim\.pdf · Deleted on .+ at the end of its retention/);
  });

  it('names a document without a link where the download would refuse the visitor', () => {
    show({ letter: documentOutput('a-1', 'claim.pdf', 'application/pdf', 100) }, ['letter'], false);
    const letter = screen.getByTestId('output-value-letter');
    expect(within(letter).queryByRole('link')).not.toBeInTheDocument();
    expect(letter).toHaveTextContent('claim.pdf100 bytes');
    expect(letter).toHaveTextContent('cannot be downloaded from this page');
  });

  it('never offers a download that points anywhere but to a run of this server', () => {
    show({ lookalike: { name: 'x.pdf', media_type: 'application/pdf', download: 'https://evil.example/x.pdf' } });
    const lookalike = screen.getByTestId('output-value-lookalike');
    expect(within(lookalike).queryByRole('link')).not.toBeInTheDocument();
    expect(lookalike).toHaveTextContent('https://evil.example/x.pdf');
  });

  it('says so when there is nothing to show', () => {
    show(null, ['summary']);
    expect(screen.getByTestId('app-result')).toHaveTextContent('gives no outputs');
  });
});

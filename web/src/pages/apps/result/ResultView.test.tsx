import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ResultView } from './ResultView';

function show(outputs: Record<string, unknown> | null, declared: string[] = Object.keys(outputs ?? {})) {
  return render(
    <MantineProvider>
      <ResultView declared={declared} outputs={outputs} />
    </MantineProvider>,
  );
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

  it('says so when there is nothing to show', () => {
    show(null, ['summary']);
    expect(screen.getByTestId('app-result')).toHaveTextContent('gives no outputs');
  });
});

/** "350 ms", "2.4 s", "3 min 12 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long from `start` to `end` (or to now, while it goes on); null without a start. */
export function elapsed(start: string | null | undefined, end: string | null | undefined, now = Date.now()): number | null {
  if (!start) return null;
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : now;
  return Number.isNaN(from) || Number.isNaN(to) ? null : Math.max(0, to - from);
}

/** "1,234 tokens" for a step's input and output tokens together; null when it used none. */
export function tokenText(input: number | null | undefined, output: number | null | undefined): string | null {
  if (input == null && output == null) return null;
  const total = (input ?? 0) + (output ?? 0);
  return `${total.toLocaleString()} token${total === 1 ? '' : 's'}`;
}

/**
 * US dollars as people read them: "$12.50", "$0.42"; small amounts to the hundredth of a cent ("$0.0050"),
 * and "< $0.0001" for what would round to nothing.
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '< $0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** What a step's (or a run's) model calls cost, e.g. "$0.0050"; null when it called none. */
export function costText(cost: number | null | undefined): string | null {
  return cost == null ? null : formatUsd(cost);
}

/** What a run's model calls used in all: tokens in and out and their cost; null when no step called a model. */
export function runUsage(steps: readonly { input_tokens?: number | null; output_tokens?: number | null; cost?: number | null }[]) {
  const counted = steps.filter((step) => step.input_tokens != null || step.output_tokens != null || step.cost != null);
  if (counted.length === 0) return null;
  const input = counted.reduce((sum, step) => sum + (step.input_tokens ?? 0), 0);
  const output = counted.reduce((sum, step) => sum + (step.output_tokens ?? 0), 0);
  const costs = counted.filter((step) => step.cost != null);
  const cost = costs.length === 0 ? null : costs.reduce((sum, step) => sum + (step.cost ?? 0), 0);
  return { input, output, cost };
}

/** "1,234 tokens (1,000 in, 234 out) · $0.0123": what a run's model calls used; null when it made none. */
export function runUsageText(steps: Parameters<typeof runUsage>[0]): string | null {
  const usage = runUsage(steps);
  if (usage === null) return null;
  const tokens = `${tokenText(usage.input, usage.output)} (${usage.input.toLocaleString()} in, ${usage.output.toLocaleString()} out)`;
  const cost = costText(usage.cost);
  return cost === null ? tokens : `${tokens} · ${cost}`;
}

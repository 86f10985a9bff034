import type { ModelView, Provider, StructuredOutput } from '../../api/types';

interface ProviderInfo {
  label: string;
  /** What it is, for the form. */
  description: string;
  /** Whether it is reached over the network, with an endpoint, a model id and maybe a key. */
  remote: boolean;
  endpointExample?: string;
  modelIdExample?: string;
}

export const PROVIDERS: Readonly<Record<Provider, ProviderInfo>> = {
  openai: {
    label: 'OpenAI-compatible',
    description: 'OpenAI, Azure OpenAI, or a server in your network that speaks the same API: vLLM, Ollama, LM Studio…',
    remote: true,
    endpointExample: 'https://api.openai.com/v1',
    modelIdExample: 'gpt-4o-mini',
  },
  anthropic: {
    label: 'Anthropic',
    description: "Anthropic's Claude models, through Anthropic's own API.",
    remote: true,
    endpointExample: 'https://api.anthropic.com',
    modelIdExample: 'claude-3-5-haiku-latest',
  },
  builtin: {
    label: 'Built-in (not a language model)',
    description:
      'Runs inside Paddock with fixed, predictable answers: for demos and tests. It does not understand text, so do not use it for real work.',
    remote: false,
  },
};

/** The order the form offers the providers in: the real ones first. */
export const PROVIDER_ORDER: readonly Provider[] = ['openai', 'anthropic', 'builtin'];

export const STRUCTURED_OUTPUT_OPTIONS: readonly { value: StructuredOutput; label: string }[] = [
  { value: 'json_schema', label: 'JSON schema: the server follows the exact shape (OpenAI, vLLM, recent Ollama)' },
  { value: 'json_object', label: 'JSON mode: the server returns JSON, shape not enforced' },
  { value: 'prompt', label: 'Ask in the prompt: for servers with neither' },
];

export function isRemote(provider: Provider): boolean {
  return PROVIDERS[provider].remote;
}

export type ModelStatus = 'ready' | 'off' | 'setup';

export const STATUS_LABELS: Readonly<Record<ModelStatus, { label: string; color: string }>> = {
  ready: { label: 'Ready', color: 'green' },
  off: { label: 'Switched off', color: 'gray' },
  setup: { label: 'Needs setup', color: 'orange' },
};

export function modelStatus(model: ModelView): ModelStatus {
  if (!model.enabled) return 'off';
  return model.ready ? 'ready' : 'setup';
}

/** What is missing or worth knowing before the model can serve runs, in a few words and in full; null when nothing is. */
export function setupHint(model: ModelView): { text: string; detail: string } | null {
  if (!isRemote(model.provider)) return null;
  const missing = [!model.endpoint && 'endpoint', !model.model_id && 'model id'].filter((m): m is string => m !== false);
  if (missing.length > 0) {
    return { text: `No ${missing.join(' or ')} yet`, detail: `Runs cannot call it until it has its ${missing.join(' and ')}.` };
  }
  if (!model.credential_set) {
    return { text: 'No API key', detail: 'Calls go out without a key: fine for a server in your network that needs none.' };
  }
  return null;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A number of tokens, short: "850", "12.5K", "2M". */
export function compactTokens(tokens: number): string {
  return compact.format(tokens);
}

/** A price per million tokens: "$0.15", "$2.50", "$0.075". */
export function priceText(usd: number): string {
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}

/** The month a usage counts, "2026-11" → "November 2026"; the text itself when it is no month. */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return date.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** One workspace's use of a model this month, against the budget that applies to it. */
export interface UsageLine {
  workspace: string;
  tokens: number;
  cost: number;
  calls: number;
  budget: number | null;
}

/** The budget a workspace has on the model: its own line's, else the model's. */
function budgetOf(model: ModelView, workspace: string): number | null {
  const own = model.workspaces.find((line) => line.workspace === workspace)?.monthly_token_budget;
  return own ?? model.monthly_token_budget ?? null;
}

/** The workspaces that used the model this month, then those allowed to that did not (when the model is not for all). */
export function usageLines(model: ModelView): UsageLine[] {
  const lines: UsageLine[] = model.usage.map((used) => ({
    workspace: used.workspace,
    tokens: used.input_tokens + used.output_tokens,
    cost: used.cost,
    calls: used.calls,
    budget: used.monthly_token_budget ?? null,
  }));
  if (!model.all_workspaces) {
    for (const line of model.workspaces) {
      if (!lines.some((used) => used.workspace === line.workspace)) {
        lines.push({ workspace: line.workspace, tokens: 0, cost: 0, calls: 0, budget: budgetOf(model, line.workspace) });
      }
    }
  }
  return lines;
}

/** How full a budget is: under 80% fine, from 80% a warning, at 100% spent. */
export function budgetLevel(tokens: number, budget: number | null): 'ok' | 'warning' | 'spent' {
  if (budget === null || budget <= 0) return 'ok';
  const share = tokens / budget;
  if (share >= 1) return 'spent';
  return share >= 0.8 ? 'warning' : 'ok';
}

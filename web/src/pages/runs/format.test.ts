import { describe, expect, it } from 'vitest';
import { costText, formatUsd, runUsageText } from './format';

describe('money and usage', () => {
  it('writes dollars sensibly, small amounts to the hundredth of a cent', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00004)).toBe('< $0.0001');
    expect(formatUsd(0.005)).toBe('$0.0050');
    expect(formatUsd(0.0123)).toBe('$0.01');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(costText(null)).toBeNull();
    expect(costText(undefined)).toBeNull();
  });

  it('adds up the tokens and cost of every step that called a model', () => {
    expect(runUsageText([{ input_tokens: null, output_tokens: null, cost: null }])).toBeNull();
    expect(
      runUsageText([
        { input_tokens: 1000, output_tokens: 200, cost: 0.003 },
        { input_tokens: null, output_tokens: null, cost: null },
        { input_tokens: 500, output_tokens: 34, cost: 0.002 },
      ]),
    ).toBe('1,734 tokens (1,500 in, 234 out) · $0.0050');
    expect(runUsageText([{ input_tokens: 12, output_tokens: 3 }])).toBe('15 tokens (12 in, 3 out)');
  });
});

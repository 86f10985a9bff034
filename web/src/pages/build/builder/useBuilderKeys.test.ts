import { describe, expect, it } from 'vitest';
import { isTypingTarget } from './useBuilderKeys';

describe('keys typed into fields', () => {
  it('are the field’s own: Delete there deletes a letter, not a step', () => {
    const text = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    const area = document.createElement('textarea');
    const button = document.createElement('button');
    const combo = document.createElement('div');
    combo.setAttribute('role', 'combobox');
    expect([text, area, combo].map(isTypingTarget)).toEqual([true, true, true]);
    expect([box, button, document.body, null].map(isTypingTarget)).toEqual([false, false, false, false]);
  });
});

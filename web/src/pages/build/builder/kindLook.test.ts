import { describe, expect, it } from 'vitest';
import { PALETTE_GROUPS, kindLook } from './kindLook';

describe('how step kinds look in the palette', () => {
  it('files the knowledge and document steps together, each with an icon of its own', () => {
    const looks = ['retrieve', 'extract_text', 'ocr', 'document'].map(kindLook);
    expect(new Set(looks.map((look) => look.group))).toEqual(new Set(['Documents and knowledge']));
    expect(new Set(looks.map((look) => look.icon)).size).toBe(4);
    expect(looks.map((look) => look.icon)).not.toContain(kindLook('no-such-kind').icon);
    expect(PALETTE_GROUPS.indexOf('Documents and knowledge')).toBe(PALETTE_GROUPS.indexOf('Work with data') + 1);
  });

  it('files an unknown kind under Other, and any llm.* kind with the AI steps', () => {
    expect(kindLook('no-such-kind').group).toBe('Other');
    expect(kindLook('llm.summarise').group).toBe('Ask AI');
  });
});

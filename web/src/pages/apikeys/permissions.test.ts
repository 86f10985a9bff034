import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionLabel } from './permissions';

/** The permissions of the table in docs/permissions.md (generated from the server's), in its order. */
function documented(): string[] {
  const text = readFileSync(resolve(__dirname, '../../../../docs/permissions.md'), 'utf8');
  const table = text.slice(text.indexOf('| permission |'), text.indexOf('## Sections'));
  return table
    .split('\n')
    .slice(2)
    .map((row) => row.split('|')[1]?.trim() ?? '')
    .filter((cell) => cell !== '');
}

describe('permissions a key may be limited to', () => {
  it('are those of the server, in its order and wording', () => {
    expect(PERMISSIONS.map(({ label }) => label.toLowerCase())).toEqual(documented());
  });

  it('include saving drafts, after running them', () => {
    const names = PERMISSIONS.map(({ name }) => name);
    expect(names.indexOf('edit_workflows')).toBe(names.indexOf('test_workflows') + 1);
    expect(permissionLabel('edit_workflows')).toBe('Create workflows and save their drafts');
  });
});

import { describe, expect, it } from 'vitest';
import { cellText, orderedOutputs, shapeOf } from './shape';

describe('the shape of an output', () => {
  it('shows text as Markdown and single values as text', () => {
    expect(shapeOf('**Jane** was routed')).toEqual({ kind: 'markdown', text: '**Jane** was routed' });
    expect(shapeOf(1234.5)).toEqual({ kind: 'value', text: (1234.5).toLocaleString() });
    expect(shapeOf(true)).toEqual({ kind: 'value', text: 'Yes' });
  });

  it("shows a document step's output, or a list of them, as documents", () => {
    const letter = { name: 'a.pdf', media_type: 'application/pdf', size: 10, download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002', written: { connection: 'share', path: 'a.pdf' } };
    expect(shapeOf(letter)).toEqual({ kind: 'documents', documents: [letter] });
    expect(shapeOf([letter, letter])).toEqual({ kind: 'documents', documents: [letter, letter] });
    // Not a document: no download path of a run, or missing its name.
    expect(shapeOf({ ...letter, download: '/elsewhere/a.pdf' }).kind).toBe('json');
    expect(shapeOf({ media_type: 'application/pdf', download: '/api/v1/runs/0190a3b4-5c6d-7e8f-9a0b-000000000001/artifacts/0190a3b4-5c6d-7e8f-9a0b-000000000002' }).kind).toBe('record');
    expect(shapeOf([letter, 'text']).kind).toBe('json');
  });

  it('shows nothing for empty values', () => {
    for (const empty of [null, undefined, '', '  ', [], {}]) expect(shapeOf(empty)).toEqual({ kind: 'empty' });
  });

  it('shows a flat object as a table of fields', () => {
    expect(shapeOf({ team: 'motor-claims', priority: 'normal', amount: 120, hurt: false, note: null })).toEqual({
      kind: 'record',
      rows: [
        ['team', 'motor-claims'],
        ['priority', 'normal'],
        ['amount', 120],
        ['hurt', false],
        ['note', null],
      ],
    });
  });

  it('shows a list of flat objects as a table with every column', () => {
    expect(shapeOf([{ name: 'a', size: 1 }, { name: 'b', kind: 'x' }])).toEqual({
      kind: 'table',
      columns: ['name', 'size', 'kind'],
      rows: [{ name: 'a', size: 1 }, { name: 'b', kind: 'x' }],
    });
  });

  it('shows a list of values as a list, and anything deeper as JSON', () => {
    expect(shapeOf(['a', 2])).toEqual({ kind: 'list', items: ['a', 2] });
    expect(shapeOf({ a: { b: 1 } })).toEqual({ kind: 'json', value: { a: { b: 1 } } });
    expect(shapeOf([{ a: [1] }])).toEqual({ kind: 'json', value: [{ a: [1] }] });
    expect(shapeOf([1, { a: 1 }])).toEqual({ kind: 'json', value: [1, { a: 1 }] });
  });

  it('writes cells for people', () => {
    expect(cellText(null)).toBe('—');
    expect(cellText(undefined)).toBe('—');
    expect(cellText(false)).toBe('No');
    expect(cellText('x')).toBe('x');
  });

  it('orders outputs as the app declares them, then the others', () => {
    expect(orderedOutputs(['summary', 'routing', 'missing'], { extra: 1, routing: 2, summary: 3 }).map(([name]) => name)).toEqual([
      'summary',
      'routing',
      'extra',
    ]);
    expect(orderedOutputs(['summary'], null)).toEqual([]);
  });
});

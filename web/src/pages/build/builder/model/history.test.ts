import { describe, expect, it } from 'vitest';
import { replaceStep } from './edit';
import { triageDoc } from './fixtures';
import { COALESCE_MS, editKey, historyReducer, initialHistory, sameDoc } from './history';
import type { WorkflowDoc } from './types';

const typed = (doc: WorkflowDoc, value: string) => replaceStep(doc, 1, { ...doc.steps[1]!, with: { value } });

describe('undo and redo', () => {
  it('undoes and redoes changes in order, and a new change forgets what was undone', () => {
    const a = { ...triageDoc, name: 'a' };
    const b = { ...triageDoc, steps: [] };
    let state = historyReducer(initialHistory(triageDoc), { type: 'change', doc: a, at: 0 });
    state = historyReducer(state, { type: 'change', doc: b, at: 5000 });
    state = historyReducer(state, { type: 'undo' });
    expect(state.present).toBe(a);
    state = historyReducer(state, { type: 'undo' });
    expect(state.present).toBe(triageDoc);
    expect(historyReducer(state, { type: 'undo' })).toBe(state);
    state = historyReducer(state, { type: 'redo' });
    expect(state.present).toBe(a);
    state = historyReducer(state, { type: 'change', doc: b, at: 9000 });
    expect(state.future).toEqual([]);
    expect(historyReducer(state, { type: 'redo' })).toBe(state);
  });

  it('makes typing in one field one step to undo', () => {
    let state = initialHistory(triageDoc);
    let doc = triageDoc;
    for (const [i, text] of ['h', 'he', 'hel', 'hell', 'hello'].entries()) {
      doc = typed(doc, text);
      state = historyReducer(state, { type: 'change', doc, at: i * 200 });
    }
    expect(state.past).toEqual([triageDoc]);
    // A pause, then more typing: a step of its own.
    doc = typed(doc, 'hello!');
    state = historyReducer(state, { type: 'change', doc, at: 800 + COALESCE_MS });
    expect(state.past).toHaveLength(2);
    expect(historyReducer(state, { type: 'undo' }).present.steps[1]?.with).toEqual({ value: 'hello' });
  });

  it('never joins changes of different fields, or changes that are not typing', () => {
    expect(editKey(triageDoc, typed(triageDoc, 'x'))).toBe('steps.1.with.value');
    expect(editKey(triageDoc, { ...triageDoc, name: 'other' })).toBe('name');
    expect(editKey(triageDoc, { ...triageDoc, steps: triageDoc.steps.slice(1) })).toBeNull();
    expect(editKey(triageDoc, { ...triageDoc, name: 'n', description: 'd' })).toBeNull();
  });

  it('starts again from a doc loaded', () => {
    const state = historyReducer(historyReducer(initialHistory(triageDoc), { type: 'change', doc: { ...triageDoc, name: 'x' }, at: 0 }), {
      type: 'reset',
      doc: triageDoc,
    });
    expect(state).toEqual(initialHistory(triageDoc));
  });
});

describe('sameDoc', () => {
  it('tells docs apart by what they hold, not by identity', () => {
    expect(sameDoc(triageDoc, structuredClone(triageDoc))).toBe(true);
    expect(sameDoc(triageDoc, typed(triageDoc, 'x'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { addNeeds, copySteps, pasteSteps, removeNeeds, removeSteps } from './edit';
import { triageDoc } from './fixtures';

describe('editing the steps', () => {
  it('deletes steps, and others stop waiting for them or choosing them', () => {
    const doc = removeSteps(triageDoc, new Set(['kind', 'queue_ticket']));
    expect(doc.steps.map((step) => step.id)).toEqual(['urgency', 'route', 'page_oncall']);
    expect(doc.steps[1]?.with).toEqual({ cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: ['page_oncall'] }], default: [] });
    expect(removeSteps(triageDoc, new Set(['nope']))).toBe(triageDoc);
  });

  it('adds a wait when a step does not already depend on the other, and removes it again', () => {
    const doc = addNeeds(triageDoc, 'urgency', 'page_oncall');
    expect(doc.steps[3]?.needs).toEqual(['urgency']);
    expect(addNeeds(triageDoc, 'kind', 'page_oncall')).toBe(triageDoc); // uses its output already
    expect(addNeeds(triageDoc, 'kind', 'queue_ticket')).toBe(triageDoc); // needs it already
    expect(removeNeeds(doc, 'urgency', 'page_oncall').steps[3]).toEqual(triageDoc.steps[3]);
    expect(removeNeeds(triageDoc, 'kind', 'queue_ticket').steps[4]).toEqual({ id: 'queue_ticket', uses: 'template', with: { value: { queue: 'service-desk' } } });
  });

  it('pastes copies under free ids, references among the copies following them', () => {
    const copied = copySteps(triageDoc, new Set(['route', 'urgency']));
    expect(copied.map((step) => step.id)).toEqual(['urgency', 'route']);
    const { doc, ids } = pasteSteps(triageDoc, copied);
    expect(ids).toEqual(['urgency_2', 'route_2']);
    expect(doc.steps.slice(5)).toEqual([
      { ...triageDoc.steps[1], id: 'urgency_2' },
      {
        id: 'route_2',
        uses: 'branch',
        with: { cases: [{ when: "{{ steps.urgency_2.output == 'high' }}", then: ['page_oncall'] }], default: ['queue_ticket'] },
      },
    ]);
  });

  it('drops waits on steps that are not there', () => {
    const { doc } = pasteSteps({ ...triageDoc, steps: [] }, [{ id: 'x', uses: 'template', needs: ['gone'] }]);
    expect(doc.steps).toEqual([{ id: 'x', uses: 'template' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { CONNECTIONS, KINDS, MODELS } from '../panels/testFixtures';
import { actionTemplate, defaultModel, kindTemplate, modelTemplate, requiredSettings, stepFromTemplate } from './stepTemplates';

const kind = (name: string) => KINDS.find((candidate) => candidate.name === name)!;

describe('what the palette adds', () => {
  it("starts a kind's step with its required settings, empty, and a model step with the model to use", () => {
    expect(kindTemplate(kind('llm'), 'builtin')).toEqual({ uses: 'llm', with: { model: 'builtin', prompt: '' }, idBase: 'llm' });
    expect(kindTemplate(kind('llm.extract'), 'builtin').with).toEqual({ model: 'builtin', text: '', schema: { type: 'object', properties: {} } });
    expect(kindTemplate(kind('branch'), '').with).toEqual({ cases: [{ when: '', then: [] }] });
    expect(requiredSettings({ required: ['n', 'on'], properties: { n: { type: 'integer', minimum: 1 }, on: { type: 'boolean' } } })).toEqual({ n: 1, on: false });
  });

  it("sets a connector step to a connection's action, with the action's required input", () => {
    const [crm] = CONNECTIONS;
    expect(actionTemplate(crm!, crm!.actions[0]!)).toEqual({
      uses: 'connector',
      with: { connection: 'crm', action: 'lookup_customer', input: { email: '' } },
      idBase: 'lookup_customer',
    });
  });

  it('prefers a ready model, and names a model step after asking', () => {
    expect(defaultModel(MODELS)).toBe('builtin');
    expect(defaultModel([{ ...MODELS[2]! }])).toBe('private-secure');
    expect(defaultModel(null)).toBe('');
    expect(modelTemplate(MODELS[1]!)).toEqual({ uses: 'llm', with: { model: 'hosted-general', prompt: '' }, idBase: 'ask' });
  });

  it('gives the step a free id and its own copy of the settings', () => {
    const template = kindTemplate(kind('llm.extract'), 'builtin');
    const step = stepFromTemplate(template, new Set(['extract']));
    expect(step.id).toBe('extract_2');
    expect(step.with).not.toBe(template.with);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { labelSentence, labelText } from './clearance';
import { domainsOf, formBody, initialState, linesOf, parseActions, placed, pointsElsewhere } from './connections';

describe('connection form helpers', () => {
  it('reads the actions typed as JSON, saying what is wrong in words', () => {
    expect(parseActions('')).toEqual({ ok: true, actions: [] });
    expect(parseActions('[{"name":"a","access":"read","method":"GET","path":"/"}]')).toMatchObject({ ok: true });
    expect(parseActions('[\n  {"name": "a",}\n]')).toMatchObject({ ok: false, problem: expect.stringMatching(/^This is not valid JSON \(near line 2\)/) });
    expect(parseActions('{}')).toMatchObject({ ok: false, problem: expect.stringMatching(/Write a list of actions/) });
    expect(parseActions('[1]')).toMatchObject({ ok: false, problem: 'Action 1 is not an action: write each one between { and }' });
    expect(parseActions('[{"access":"read"}]')).toMatchObject({ ok: false, problem: 'Action 1 has no "name"' });
    expect(parseActions('[{"name":"a","access":"delete","method":"GET","path":"/"}]')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^Action 1 \(a\): set "access"/),
    });
    expect(
      parseActions('[{"name":"a","access":"read","method":"GET","path":"/"},{"name":"a","access":"read","method":"GET","path":"/"}]'),
    ).toMatchObject({ ok: false, problem: expect.stringMatching(/^Two actions are named a/) });
  });

  it('splits lists as typed: one a line, or domains by commas', () => {
    expect(linesOf(' a.example.com \n\n b.example.com\r\na.example.com')).toEqual(['a.example.com', 'b.example.com']);
    expect(domainsOf('example.com, @Example.org,,\nexample.com')).toEqual(['example.com', 'example.org']);
  });

  it('places the API’s settings refusals under the setting they name, others in the section', () => {
    const refusal = (field: string, reason: string) =>
      new ApiError('invalid_input', `${field}: ${reason}`, 422, { field, reason });
    expect(placed(refusal('settings', 'settings.auth.header: \'a b\' is not a header name'))).toEqual({
      field: 'settings.auth.header',
      message: "'a b' is not a header name",
    });
    expect(placed(refusal('settings', 'settings.allowed_domains: name at least one domain mail may go to'))).toEqual({
      field: 'settings.allowed_domains',
      message: 'Name at least one domain mail may go to',
    });
    expect(placed(refusal('settings', 'settings.actions[0]: give either a path or a url'))).toEqual({
      field: 'settings.actions',
      message: 'Action 1: give either a path or a url',
    });
    expect(placed(refusal('settings', 'at most 256 KiB'))).toEqual({ field: 'settings', message: 'At most 256 KiB' });
    expect(placed(refusal('write_clearance', "'secret' is not a label"))).toEqual({ field: 'write_clearance', message: "'secret' is not a label" });
    expect(placed(new ApiError('forbidden', 'You may not do this.', 403))).toBeUndefined();
  });

  it('tells a move to another system from a change of path', () => {
    const stored = {
      ...initialState(null),
      name: 'x',
    };
    const view = {
      name: 'x',
      kind: 'http' as const,
      description: '',
      settings: { base_url: 'https://api.example.com/v1', auth: { type: 'bearer' }, actions: [] },
      credential_set: true,
      read_label: 'internal',
      write_clearance: 'internal',
      egress: [],
      allowed_ranges: [],
      allowed_actions: null,
      all_workspaces: true,
      workspaces: [],
      enabled: true,
      actions: [],
      bindings: [],
      created_at: '',
      updated_at: '',
    };
    const state = initialState(view);
    expect(pointsElsewhere(view, state)).toBe(false);
    expect(pointsElsewhere(view, { ...state, http: { ...state.http, baseUrl: 'https://api.example.com:443/v2' } })).toBe(false);
    expect(pointsElsewhere(view, { ...state, http: { ...state.http, baseUrl: 'https://api.example.com:8443/v1' } })).toBe(true);
    expect(pointsElsewhere(view, { ...state, kind: 'smtp' })).toBe(true);
    // The credential is left out unless it changes.
    expect(formBody(state, { kind: 'keep' })).not.toHaveProperty('credential');
    expect(formBody(state, { kind: 'set', value: '  ' })).not.toHaveProperty('credential');
    expect(formBody(state, { kind: 'remove' })).toMatchObject({ credential: '' });
    expect(formBody(stored, { kind: 'set', value: ' tok-1234 ' })).toMatchObject({ credential: 'tok-1234' });
  });

  it('says a data label in words', () => {
    expect(labelText('internal')).toBe('Internal');
    expect(labelText('confidential/phi,pii')).toBe('Confidential, PHI and PII');
    expect(labelSentence({ level: 'confidential', allCategories: false, categories: ['pii'] })).toBe(
      'What workflows read from it is treated as Confidential data that holds personal data (PII).',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { anonymousText, matchesOrigin, originLabel, originText, runOrigin, shortId, startedThroughText } from './origin';

const KEY = '0f3c9a7e-5b21-4d6e-9c1a-2b7d8e4f6a10';
const BATCH = 'b7e1d2c3-aaaa-bbbb-cccc-000000000001';

describe('how a run was started', () => {
  it('reads the interface, none being the console', () => {
    expect(runOrigin({ interface: 'form' })).toBe('form');
    expect(runOrigin({ interface: 'batch' })).toBe('batch');
    expect(runOrigin({ interface: 'api', api_key: KEY })).toBe('api');
    expect(runOrigin({ interface: null })).toBe('console');
    expect(runOrigin({})).toBe('console');
    expect(runOrigin({ interface: 'chat' })).toBeNull();
    expect(originLabel({ interface: 'chat' })).toBe('chat');
    expect(originLabel({ interface: 'api' })).toBe('API');
    expect(originLabel({})).toBe('Console');
  });

  it('cuts ids to their first 8 characters', () => {
    expect(shortId(KEY)).toBe('…8e4f6a10');
    expect(shortId('abc')).toBe('abc');
  });

  it('says how the run page puts it', () => {
    expect(startedThroughText({ interface: 'api', api_key: KEY })).toBe('Started through the API with key …8e4f6a10');
    expect(startedThroughText({ interface: 'api', api_key: null })).toBe('Started through the API');
    expect(startedThroughText({ interface: 'form', started_by: 'u-1' })).toBe('Started through the form');
    expect(startedThroughText({ interface: 'batch', batch: BATCH })).toBe('Started as a row of batch …00000001');
    expect(startedThroughText({ interface: 'batch', batch: null })).toBe('Started as a row of a batch');
    expect(startedThroughText({ interface: null, started_by: 'u-1' })).toBe('Started from the console');
    expect(startedThroughText({ interface: null, started_by: null })).toBe('Started from the command line');
    expect(startedThroughText({})).toBe('Started from the console');
  });

  it('says who started a run through an open form without signing in: their network', () => {
    const anonymous = { interface: 'form', anonymous_from: '203.0.113.7', started_by: null };
    expect(runOrigin(anonymous)).toBe('form');
    expect(anonymousText(anonymous)).toBe('anonymous (203.0.113.7)');
    expect(originText(anonymous)).toBe('Form · anonymous (203.0.113.7)');
    expect(startedThroughText(anonymous)).toBe('Started through the form by someone not signed in, from 203.0.113.7');
    expect(originText({ interface: 'form', anonymous_from: '2001:db8:1:2::/64' })).toBe('Form · anonymous (2001:db8:1:2::/64)');
    // Anyone signed in (or an empty network) is not anonymous.
    expect(anonymousText({ interface: 'form', anonymous_from: null })).toBeNull();
    expect(anonymousText({ interface: 'form', anonymous_from: ' ' })).toBeNull();
    expect(originText({ interface: 'form' })).toBe('Form');
    expect(matchesOrigin(anonymous, 'form')).toBe(true);
  });

  it('filters by origin, null keeping every run', () => {
    expect(matchesOrigin({ interface: 'api' }, 'api')).toBe(true);
    expect(matchesOrigin({ interface: 'api' }, 'form')).toBe(false);
    expect(matchesOrigin({ interface: null }, 'console')).toBe(true);
    expect(matchesOrigin({ interface: 'chat' }, 'console')).toBe(false);
    expect(matchesOrigin({ interface: 'chat' }, null)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/errors';
import {
  ALL_CATEGORIES,
  draftOf,
  draftProblems,
  groupNamesOf,
  limitWords,
  publishedWords,
  refusedAudiences,
  sameInterfaces,
  serverProblem,
  specOf,
  type InterfacesSpec,
} from './interfaces';

const ALL_STAFF = '01a2-all-staff';
const CLAIMS = '01a2-claims-staff';
const names = groupNamesOf([
  { id: ALL_STAFF, name: 'All staff', description: '' },
  { id: CLAIMS, name: 'Claims staff', description: '' },
]);

const LIVE: InterfacesSpec = {
  form: { audience: [ALL_STAFF], clearance: 'internal', rate_per_minute: 60 },
  api: { audience: [ALL_STAFF], clearance: 'confidential/pii' },
  callback_hosts: ['hooks.example.com'],
};

describe('publishing interfaces', () => {
  it('starts from what is live, and builds the same spec back from it', () => {
    const draft = draftOf(LIVE);
    expect(draft.form).toEqual({ enabled: true, audience: [ALL_STAFF], level: 'internal', categories: [], ratePerMinute: 60, dailyQuota: null });
    expect(draft.api).toMatchObject({ enabled: true, level: 'confidential', categories: ['pii'] });
    expect(draft.batch.enabled).toBe(false);
    expect(specOf(draft)).toEqual(LIVE);
    expect(sameInterfaces(specOf(draft), LIVE)).toBe(true);
    expect(draftOf(null)).toEqual(draftOf({}));
    expect(specOf(draftOf(undefined))).toEqual({});
  });

  it('builds the spec of what is chosen: clearance as written, limits only when set, callbacks only with the API', () => {
    const draft = draftOf(LIVE);
    draft.batch = { enabled: true, audience: [CLAIMS, CLAIMS], level: 'restricted', categories: ['phi', 'pii'], ratePerMinute: null, dailyQuota: 500 };
    draft.api.categories = [ALL_CATEGORIES];
    draft.callbackRanges = [' 10.0.0.0/8 ', ''];
    expect(specOf(draft)).toEqual({
      form: { audience: [ALL_STAFF], clearance: 'internal', rate_per_minute: 60 },
      batch: { audience: [CLAIMS], clearance: 'restricted/phi,pii', daily_quota: 500 },
      api: { audience: [ALL_STAFF], clearance: 'confidential/*' },
      callback_hosts: ['hooks.example.com'],
      callback_ranges: ['10.0.0.0/8'],
    });
    draft.api.enabled = false;
    expect(specOf(draft)).not.toHaveProperty('callback_hosts');
    expect(specOf(draft)).not.toHaveProperty('api');
  });

  it('compares specs however they are written', () => {
    expect(sameInterfaces({ form: { audience: [CLAIMS, ALL_STAFF], clearance: 'confidential/pii,phi' } }, { form: { audience: [ALL_STAFF, CLAIMS], clearance: 'confidential/phi,pii', rate_per_minute: null } })).toBe(true);
    expect(sameInterfaces({}, { callback_hosts: [] })).toBe(true);
    expect(sameInterfaces({ form: { audience: [ALL_STAFF], clearance: 'internal' } }, { form: { audience: [ALL_STAFF], clearance: 'public' } })).toBe(false);
    expect(sameInterfaces(LIVE, { ...LIVE, callback_hosts: ['other.example.com'] })).toBe(false);
  });

  it('finds what is wrong before anything is sent', () => {
    const draft = draftOf({});
    expect(draftProblems(draft)).toEqual({});
    draft.form.enabled = true;
    draft.form.ratePerMinute = 0;
    draft.api.enabled = true;
    draft.api.audience = [ALL_STAFF];
    draft.api.dailyQuota = 2.5;
    draft.callbackHosts = ['https://hooks.example.com/x'];
    draft.callbackRanges = ['10.0.0.0'];
    expect(draftProblems(draft)).toEqual({
      'form.audience': 'Choose at least one group who may use the form',
      'form.rate_per_minute': 'A whole number from 1 to 10,000,000, or empty for no limit',
      'api.daily_quota': 'A whole number from 1 to 10,000,000, or empty for no limit',
      callback_hosts: '“https://hooks.example.com/x” is not a host name: write it like hooks.example.com or *.example.com:8443, without https://',
      callback_ranges: '“10.0.0.0” is not an address range: write it like 10.0.0.0/8',
    });
    draft.form.audience = [CLAIMS];
    draft.form.ratePerMinute = 30;
    draft.api.dailyQuota = null;
    draft.callbackHosts = ['*.example.com:8443', 'hooks.example.com'];
    draft.callbackRanges = ['10.0.0.0/8'];
    expect(draftProblems(draft)).toEqual({});
    draft.callbackHosts = [];
    expect(draftProblems(draft)).toEqual({ callback_ranges: 'Name the callback hosts too: ranges only open hosts named above' });
    // Interfaces not chosen are not checked.
    draft.api.enabled = false;
    draft.batch.ratePerMinute = -1;
    expect(draftProblems(draft)).toEqual({});
  });

  it("places the server's refusal at the field it names", () => {
    const refusal = (reason: string) =>
      new ApiError('invalid_input', `interfaces: ${reason}`, 422, { field: 'interfaces', reason });
    expect(serverProblem(refusal('interfaces.form.audience: name at least one group whose members may use it'))).toEqual({
      key: 'form.audience',
      message: 'Name at least one group whose members may use it',
    });
    expect(serverProblem(refusal("interfaces.api.clearance: there is no category 'legal'"))).toEqual({
      key: 'api.clearance',
      message: "There is no category 'legal'",
    });
    expect(serverProblem(refusal('interfaces.callback_hosts: at most 20 hosts and 20 ranges'))?.key).toBe('callback_hosts');
    expect(serverProblem(refusal('something else'))).toEqual({ key: null, message: 'Something else' });
    expect(serverProblem(new ApiError('invalid_input', 'message: required', 422, { field: 'message' }))).toBeNull();
    expect(serverProblem(new Error('x'))).toBeNull();
  });

  it('reads which audiences the policy says may not receive the outputs', () => {
    const violation = (sink: string) => ({ path: 'outputs', step: 'outputs', sink, message: 'm', fix: 'f' });
    const error = new ApiError('policy_violation', 'breaks', 409, {
      violations: [violation("the batch interface's audience"), violation("the API's audience"), violation("the batch interface's audience"), violation('model x')],
    });
    expect(refusedAudiences(error)).toEqual(['batch', 'api']);
    expect(refusedAudiences(new ApiError('frozen', 'f', 409))).toEqual([]);
  });

  it('says how a deployment is published in a line', () => {
    expect(publishedWords(LIVE, names)).toBe('Published as form and API to All staff');
    expect(publishedWords({ ...LIVE, batch: { audience: [ALL_STAFF], clearance: 'internal' } }, names)).toBe('Published as form, batch and API to All staff');
    expect(publishedWords({ form: { audience: [CLAIMS, ALL_STAFF], clearance: 'internal' } }, names)).toBe('Published as form to All staff and Claims staff');
    expect(publishedWords({ form: { audience: [CLAIMS], clearance: 'internal' }, api: { audience: [ALL_STAFF], clearance: 'internal' } }, names)).toBe(
      'Published as form to Claims staff, and API to All staff',
    );
    expect(publishedWords({ form: { audience: [CLAIMS, ALL_STAFF], clearance: 'internal' } }, groupNamesOf(undefined))).toBe('Published as form to 2 groups');
    expect(publishedWords({}, names)).toBeNull();
    expect(publishedWords(null, names)).toBeNull();
  });

  it('says the limits in words', () => {
    expect(limitWords({ audience: [], clearance: 'internal' })).toBe('No limits');
    expect(limitWords({ audience: [], clearance: 'internal', rate_per_minute: 60 })).toBe('At most 60 runs a minute per person');
    expect(limitWords({ audience: [], clearance: 'internal', daily_quota: 1 })).toBe('At most 1 run a day per person');
    expect(limitWords({ audience: [], clearance: 'internal', rate_per_minute: 10, daily_quota: 5000 })).toBe('At most 10 runs a minute and 5,000 a day per person');
  });
});

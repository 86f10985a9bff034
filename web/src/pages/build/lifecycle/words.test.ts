import { describe, expect, it } from 'vitest';
import { DEV, PROD, STAGING, deployment, environment, personWith, pipeline } from '../../../test/lifecycleFixtures';
import { lifecycleRights, nextEnvironment, orList, ruleWords } from './words';

const chain = [DEV, STAGING, PROD];

describe('a publishing rule in words', () => {
  it('says who approves and where the version must have run first', () => {
    expect(ruleWords(PROD, chain)).toBe('Production needs 1 approval from IT approvers; the version must have run successfully in Staging first');
    expect(ruleWords(DEV, chain)).toBe('Builders deploy to Development directly, without a review');
  });

  it('names any approver of the workspace when no group is set, and counts approvals', () => {
    const strict = environment('prod', 'Production', 2, { approvals_required: 2, approver_groups: [], evidence_required: false });
    expect(ruleWords(strict, chain)).toBe('Production needs 2 approvals from an approver of the workspace');
    const groups = environment('prod', 'Production', 2, { approver_groups: ['IT approvers', 'Security', 'Claims leads'], evidence_required: false });
    expect(ruleWords(groups, chain)).toBe('Production needs 1 approval from IT approvers, Security or Claims leads');
  });

  it('says when a submitted version is deployed at once', () => {
    const open = environment('staging', 'Staging', 1, { approvals_required: 0, evidence_required: false });
    expect(ruleWords(open, chain)).toBe('Staging needs no approval: a version submitted is deployed at once');
  });

  it('joins words with commas and a final or', () => {
    expect(orList([])).toBe('');
    expect(orList(['a'])).toBe('a');
    expect(orList(['a', 'b'])).toBe('a or b');
  });
});

describe('where a version goes next', () => {
  it('is the environment after the last one it is live in', () => {
    const { stages } = pipeline();
    expect(nextEnvironment(stages, 2)).toBe('staging');
    expect(nextEnvironment(stages, 1)).toBe('prod');
    expect(nextEnvironment(stages, 7)).toBe('dev');
    const everywhere = stages.map((stage) => ({ ...stage, live: deployment(stage.environment.slug, 1) }));
    expect(nextEnvironment(everywhere, 1)).toBeNull();
  });
});

describe('what a person may do', () => {
  it('follows their roles in the workspace', () => {
    expect(lifecycleRights(personWith(['builder']).user, 'it-service-desk')).toEqual({ build: true, run: true, operate: false, admin: false });
    expect(lifecycleRights(personWith(['operator']).user, 'it-service-desk')).toEqual({ build: false, run: true, operate: true, admin: false });
    expect(lifecycleRights(personWith(['admin']).user, 'it-service-desk')).toEqual({ build: true, run: true, operate: true, admin: true });
    expect(lifecycleRights(personWith(['builder']).user, 'claims')).toEqual({ build: false, run: false, operate: false, admin: false });
  });
});

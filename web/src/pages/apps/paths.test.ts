import { describe, expect, it } from 'vitest';
import { appPath } from './paths';

describe('appPath', () => {
  it('leads to the app as served by default, or from the environment named', () => {
    expect(appPath('it-service-desk', 'ticket-triage')).toBe('/apps/it-service-desk/ticket-triage');
    expect(appPath('it-service-desk', 'ticket-triage', null)).toBe('/apps/it-service-desk/ticket-triage');
    expect(appPath('it-service-desk', 'ticket-triage', 'staging')).toBe('/apps/it-service-desk/ticket-triage?environment=staging');
    expect(appPath('a b', 'c/d', 'e&f')).toBe('/apps/a%20b/c%2Fd?environment=e%26f');
  });
});

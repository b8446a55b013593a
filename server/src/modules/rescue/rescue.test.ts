// The certification states a team page shows and the expiry warning uses: 30 days ahead counts as expiring.
import { describe, expect, it } from 'vitest';
import { certificationState } from './rescue.service';

describe('certificationState', () => {
  it.each([
    [null, 'no_expiry'],
    ['2026-03-09', 'expired'],
    ['2026-03-10', 'expiring'],
    ['2026-04-09', 'expiring'],
    ['2026-04-10', 'valid'],
    ['2027-03-10', 'valid'],
  ] as const)('on 2026-03-10 an expiry of %s is %s', (expiresOn, state) => {
    expect(certificationState(expiresOn, '2026-03-10')).toBe(state);
  });
});

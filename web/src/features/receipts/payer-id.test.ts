// The browser's payer ID check agrees with the server's rules: resident IDs by GB 11643, credit codes by GB 32100.
import { describe, expect, it } from 'vitest';
import { computeCheckCharacter } from '../../../../server/src/platform/identity/id-number';
import { computeUsccCheckCharacter } from '../../../../server/src/platform/identity/uscc';
import { checkPayerId, defaultIdType, personIdTypes } from './payer-id';

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const validId = id('33068119850101123');
const wrongCheck = validId.slice(0, 17) + (validId[17] === '0' ? '1' : '0');
const uscc = (first17: string) => first17 + computeUsccCheckCharacter(first17);
const validUscc = uscc('91330600MA2B3C4D5');
const now = new Date('2026-06-01T00:00:00Z');

describe('checkPayerId', () => {
  it.each([
    ['resident_id', validId, { ok: true, value: validId }],
    ['resident_id', ` ${validId.toLowerCase()} `, { ok: true, value: validId }],
    ['resident_id', wrongCheck, { ok: false, problem: 'check_character' }],
    ['resident_id', `99${validId.slice(2, 17)}`, { ok: false, problem: 'format' }],
    ['resident_id', id('99068119850101123'), { ok: false, problem: 'region' }],
    ['resident_id', id('33068119850230123'), { ok: false, problem: 'birth_date' }],
    ['resident_id', id('33068120300101123'), { ok: false, problem: 'future_birth_date' }],
    ['resident_id', '   ', { ok: false, problem: 'empty' }],
    ['passport', 'E12345678', { ok: true, value: 'E12345678' }],
    ['passport', 'E1', { ok: false, problem: 'format' }],
    ['uscc', validUscc.toLowerCase(), { ok: true, value: validUscc }],
    [
      'uscc',
      `${validUscc.slice(0, 17)}${validUscc[17] === '0' ? '1' : '0'}`,
      { ok: false, problem: 'check_character' },
    ],
    ['uscc', '91330600MA2B3C4D', { ok: false, problem: 'format' }],
  ] as const)('%s %j → %j', (type, raw, expected) => {
    expect(checkPayerId(type, raw, now)).toEqual(expected);
  });

  it('offers every personal document but the credit code to a person, and starts each kind on its usual one', () => {
    expect(personIdTypes).not.toContain('uscc');
    expect(personIdTypes).toContain('resident_id');
    expect(defaultIdType('person')).toBe('resident_id');
    expect(defaultIdType('organisation')).toBe('uscc');
  });
});

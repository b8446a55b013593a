// Tests for resident ID and other document number validation, including seeded property-style checks.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import {
  computeCheckCharacter,
  idTypeLabels,
  idTypes,
  isIdType,
  provincePrefixes,
  upgradeLegacyIdNumber,
  validateIdByType,
  validateIdNumber,
} from './id-number';

const NOW = new Date('2024-06-15T04:00:00Z'); // 2024-06-15 12:00 in China

function pickInt(random: () => number, from: number, to: number): number {
  return from + Math.floor(random() * (to - from + 1));
}

function padDigits(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Builds a valid 18-character ID from its parts by appending the computed check character. */
function buildId(region: string, yyyymmdd: string, sequence: string): string {
  const first17 = region + yyyymmdd + sequence;
  return first17 + computeCheckCharacter(first17);
}

describe('computeCheckCharacter', () => {
  it.each([
    ['11010519491231002', 'X'], // example from GB 11643-1999
    ['44052418800101001', '4'], // example from GB 11643-1999
    ['00000000000000000', '1'], // sum 0 → "10X98765432"[0]
  ])('%s → %s', (first17, check) => {
    expect(computeCheckCharacter(first17)).toBe(check);
  });

  it.each(['', '1101051949123100', '110105194912310021', '1101051949123100X', '１１０１０５１９４９１２３１００２'])(
    'rejects non-17-digit input %j',
    (bad) => {
      expect(() => computeCheckCharacter(bad)).toThrow(RangeError);
    },
  );

  it('can produce every check character', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      seen.add(computeCheckCharacter(`110105199001${padDigits(n, 5)}`));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('validateIdNumber — valid numbers', () => {
  const male = buildId('330102', '19900101', '123');
  const female = buildId('110105', '19491231', '002');

  it.each([
    [male, '1990-01-01', 'male', '330102'],
    [female, '1949-12-31', 'female', '110105'],
    ['11010519491231002X', '1949-12-31', 'female', '110105'],
    [buildId('330621', '19800515', '031'), '1980-05-15', 'male', '330621'], // 绍兴县, abolished 2013
    [buildId('110103', '19751120', '044'), '1975-11-20', 'female', '110103'], // 崇文区, abolished 2010
    [buildId('810000', '19950707', '015'), '1995-07-07', 'male', '810000'], // Hong Kong residence permit
    [buildId('830000', '19880808', '026'), '1988-08-08', 'female', '830000'], // Taiwan residence permit
    [buildId('710000', '19600101', '001'), '1960-01-01', 'male', '710000'],
    [buildId('650102', '18900101', '009'), '1890-01-01', 'male', '650102'], // earliest accepted day
    [buildId('440305', '20000229', '008'), '2000-02-29', 'female', '440305'], // 2000 is a leap year
    [buildId('440305', '19960229', '007'), '1996-02-29', 'male', '440305'],
    [buildId('310115', '20240615', '001'), '2024-06-15', 'male', '310115'], // born "today"
  ])('accepts %s', (id, birthDate, gender, regionCode) => {
    expect(validateIdNumber(id, NOW)).toEqual({ ok: true, value: id, birthDate, gender, regionCode });
  });

  it('accepts a lower-case x and normalises it to upper case', () => {
    expect(validateIdNumber('11010519491231002x', NOW)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('trims surrounding spaces (including full-width) and folds full-width digits', () => {
    expect(validateIdNumber(`  ${male}\t`, NOW)).toMatchObject({ ok: true, value: male });
    expect(validateIdNumber(`\u3000${male}\u3000`, NOW)).toMatchObject({ ok: true, value: male });
    const fullWidth = male.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(validateIdNumber(fullWidth, NOW)).toMatchObject({ ok: true, value: male });
  });

  it('uses the current time when no `now` is given', () => {
    expect(validateIdNumber(male).ok).toBe(true);
    const farFuture = buildId('330102', '29990101', '123');
    expect(validateIdNumber(farFuture)).toEqual({ ok: false, reason: 'future_birth_date' });
  });
});

describe('validateIdNumber — problems', () => {
  const withCheck = (first17: string): string => first17 + computeCheckCharacter(first17);

  it.each([
    ['', 'format'],
    ['abc', 'format'],
    ['33010219900101123', 'format'], // 17 digits
    ['3301021990010112345', 'format'], // 19 digits
    ['33010219900101123Y', 'format'],
    ['3301021990010112X4', 'format'], // X only allowed last
    ['330102 19900101 1234', 'format'], // inner spaces are not removed
    ['33010290010112X', 'format'], // 15 characters must all be digits
    [withCheck('99010219900101123'), 'region'],
    [withCheck('00010219900101123'), 'region'],
    [withCheck('16010219900101123'), 'region'],
    [withCheck('72010219900101123'), 'region'],
    [withCheck('84010219900101123'), 'region'],
    [withCheck('33010219000229123'), 'birth_date'], // 1900 is not a leap year
    [withCheck('33010220230229123'), 'birth_date'],
    [withCheck('33010219901301123'), 'birth_date'],
    [withCheck('33010219900001123'), 'birth_date'],
    [withCheck('33010219900100123'), 'birth_date'],
    [withCheck('33010219900431123'), 'birth_date'],
    [withCheck('33010218891231123'), 'birth_date'], // before 1890-01-01
    ['440524188001010014', 'birth_date'], // GB 11643 example: correct check character, but born 1880
    [withCheck('33010220240616123'), 'future_birth_date'],
    [withCheck('33010220250101123'), 'future_birth_date'],
    ['330102199001011230', 'check_character'],
    ['110105194912310021', 'check_character'],
  ])('%j → %s', (id, reason) => {
    expect(validateIdNumber(id, NOW)).toEqual({ ok: false, reason });
  });

  it('judges "future" by the date in China (UTC+8)', () => {
    const bornJune15 = buildId('330102', '20240615', '123');
    // 2024-06-14T16:30Z is already 2024-06-15 00:30 in Beijing.
    expect(validateIdNumber(bornJune15, new Date('2024-06-14T16:30:00Z')).ok).toBe(true);
    // 2024-06-14T15:30Z is still 2024-06-14 23:30 in Beijing.
    expect(validateIdNumber(bornJune15, new Date('2024-06-14T15:30:00Z'))).toEqual({
      ok: false,
      reason: 'future_birth_date',
    });
  });

  it('accepts exactly the province-level prefixes 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83', () => {
    const expected = [
      '11',
      '12',
      '13',
      '14',
      '15',
      '21',
      '22',
      '23',
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '37',
      '41',
      '42',
      '43',
      '44',
      '45',
      '46',
      '50',
      '51',
      '52',
      '53',
      '54',
      '61',
      '62',
      '63',
      '64',
      '65',
      '71',
      '81',
      '82',
      '83',
    ];
    const accepted: string[] = [];
    for (let n = 0; n < 100; n++) {
      const prefix = padDigits(n, 2);
      const result = validateIdNumber(buildId(`${prefix}0102`, '19900101', '123'), NOW);
      if (result.ok) {
        accepted.push(prefix);
      } else {
        expect(result.reason).toBe('region');
      }
    }
    expect(accepted).toEqual(expected);
    expect([...provincePrefixes].sort()).toEqual(expected);
  });
});

describe('validateIdNumber — legacy 15-digit numbers', () => {
  it.each([
    ['330102900101123', '1990-01-01', 'male', '330102'],
    ['110105491231002', '1949-12-31', 'female', '110105'],
    ['330621960229014', '1996-02-29', 'female', '330621'],
  ])('accepts %s', (id, birthDate, gender, regionCode) => {
    expect(validateIdNumber(id, NOW)).toEqual({ ok: true, value: id, birthDate, gender, regionCode });
  });

  it.each([
    ['990102900101123', 'region'],
    ['330102000229123', 'birth_date'], // read as 1900-02-29
    ['330102901301123', 'birth_date'],
  ])('%s → %s', (id, reason) => {
    expect(validateIdNumber(id, NOW)).toEqual({ ok: false, reason });
  });

  it('upgrades to the GB 11643 example number', () => {
    expect(upgradeLegacyIdNumber('110105491231002')).toBe('11010519491231002X');
    expect(upgradeLegacyIdNumber(' 330102900101123 ')).toBe(buildId('330102', '19900101', '123'));
  });

  it('rejects non-15-digit input to upgradeLegacyIdNumber', () => {
    expect(() => upgradeLegacyIdNumber('11010519491231002X')).toThrow(RangeError);
    expect(() => upgradeLegacyIdNumber('11010549123100')).toThrow(RangeError);
  });

  it('round-trips: upgraded numbers validate to the same person and shrink back', () => {
    const random = seededRandom(15);
    const prefixes = [...provincePrefixes];
    for (let i = 0; i < 500; i++) {
      const region = prefixes[pickInt(random, 0, prefixes.length - 1)] + padDigits(pickInt(random, 0, 9999), 4);
      const yymmdd = `${padDigits(pickInt(random, 0, 99), 2)}${padDigits(pickInt(random, 1, 12), 2)}${padDigits(pickInt(random, 1, 28), 2)}`;
      const legacy = region + yymmdd + padDigits(pickInt(random, 0, 999), 3);
      const upgraded = upgradeLegacyIdNumber(legacy);
      const before = validateIdNumber(legacy, NOW);
      const after = validateIdNumber(upgraded, NOW);
      expect(before.ok && after.ok).toBe(true);
      if (before.ok && after.ok) {
        expect({ ...after, value: legacy }).toEqual(before);
      }
      expect(upgraded.slice(0, 6) + upgraded.slice(8, 17)).toBe(legacy);
    }
  });
});

describe('validateIdNumber — properties over 2,000 random valid numbers', () => {
  const random = seededRandom(20240615);
  const prefixes = [...provincePrefixes];
  const startDay = Date.UTC(1890, 0, 1) / 86_400_000;
  const endDay = Date.UTC(2024, 5, 15) / 86_400_000;
  const samples = Array.from({ length: 2000 }, () => {
    const region = prefixes[pickInt(random, 0, prefixes.length - 1)] + padDigits(pickInt(random, 0, 9999), 4);
    const birthDate = new Date(pickInt(random, startDay, endDay) * 86_400_000).toISOString().slice(0, 10);
    const sequence = padDigits(pickInt(random, 0, 999), 3);
    return { id: buildId(region, birthDate.replaceAll('-', ''), sequence), region, birthDate, sequence };
  });

  it('every generated number validates with the derived fields', () => {
    for (const { id, region, birthDate, sequence } of samples) {
      const gender = Number(sequence[2]) % 2 === 1 ? 'male' : 'female';
      expect(validateIdNumber(id, NOW)).toEqual({ ok: true, value: id, birthDate, gender, regionCode: region });
      expect(validateIdNumber(id.toLowerCase(), NOW)).toEqual(validateIdNumber(id, NOW));
    }
  });

  // Counterexamples are collected and asserted once: ~300,000 expect() calls would be needlessly slow.
  it('changing any single one of the 17 digits (to any other digit) changes the check character and fails validation', () => {
    const counterexamples: string[] = [];
    let mutations = 0;
    for (const { id } of samples) {
      for (let position = 0; position < 17; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === id[position]) {
            continue;
          }
          const mutated = id.slice(0, position) + digit + id.slice(position + 1);
          mutations++;
          if (computeCheckCharacter(mutated.slice(0, 17)) === id[17] || validateIdNumber(mutated, NOW).ok) {
            counterexamples.push(`${id} → ${mutated}`);
          }
        }
      }
    }
    expect(mutations).toBe(2000 * 17 * 9);
    expect(counterexamples).toEqual([]);
  });

  it('swapping two different adjacent digits among the 17 fails the check', () => {
    const counterexamples: string[] = [];
    for (const { id } of samples) {
      for (let position = 0; position < 16; position++) {
        if (id[position] === id[position + 1]) {
          continue;
        }
        const swapped = id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
        if (computeCheckCharacter(swapped.slice(0, 17)) === id[17]) {
          counterexamples.push(`${id} → ${swapped}`);
        }
      }
    }
    expect(counterexamples).toEqual([]);
  });

  it('any other check character is rejected with check_character', () => {
    for (const { id } of samples.slice(0, 200)) {
      for (const check of '0123456789X') {
        if (check !== id[17]) {
          expect(validateIdNumber(id.slice(0, 17) + check, NOW)).toEqual({ ok: false, reason: 'check_character' });
        }
      }
    }
  });
});

describe('idTypes', () => {
  it('labels every type in Chinese and English', () => {
    expect(Object.keys(idTypeLabels).sort()).toEqual([...idTypes].sort());
    for (const type of idTypes) {
      expect(idTypeLabels[type].zh.length).toBeGreaterThan(0);
      expect(idTypeLabels[type].en.length).toBeGreaterThan(0);
    }
  });

  it('isIdType recognises exactly the listed types', () => {
    for (const type of idTypes) {
      expect(isIdType(type)).toBe(true);
    }
    expect(isIdType('driver_license')).toBe(false);
    expect(isIdType('')).toBe(false);
  });
});

describe('validateIdByType', () => {
  const opaque = { birthDate: undefined, gender: undefined, regionCode: undefined };
  const foreign17 = '91101560101234567';
  const foreignId = foreign17 + computeCheckCharacter(foreign17);

  it('delegates resident_id to the full resident ID rule', () => {
    expect(validateIdByType('resident_id', '11010519491231002x', NOW)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      regionCode: '110105',
    });
    expect(validateIdByType('resident_id', '110105194912310021', NOW)).toEqual({
      ok: false,
      reason: 'check_character',
    });
    expect(validateIdByType('resident_id', buildId('330102', '20250101', '123'), NOW)).toEqual({
      ok: false,
      reason: 'future_birth_date',
    });
  });

  it.each([
    ['passport', 'E12345678', 'E12345678'],
    ['passport', ' e12345678 ', 'E12345678'],
    ['passport', 'G1234', 'G1234'],
    ['passport', '12345678901234567890', '12345678901234567890'],
    ['passport', 'AB1234567', 'AB1234567'],
    ['hk_macau_permit', 'H12345678', 'H12345678'],
    ['hk_macau_permit', 'm1234567890', 'M1234567890'],
    ['hk_macau_permit', 'M12345678', 'M12345678'],
    ['taiwan_permit', '12345678', '12345678'],
    ['taiwan_permit', '1234567890', '1234567890'],
    ['foreign_permanent_residence', 'USA123456789012', 'USA123456789012'],
    ['foreign_permanent_residence', 'gbr310085010112', 'GBR310085010112'],
    ['foreign_permanent_residence', foreignId, foreignId],
    ['foreign_permanent_residence', foreignId.toLowerCase(), foreignId],
  ] as const)('%s accepts %j as %s', (type, input, value) => {
    expect(validateIdByType(type, input, NOW)).toEqual({ ok: true, value, ...opaque });
  });

  const wrongForeignCheck = foreign17 + (computeCheckCharacter(foreign17) === '0' ? '1' : '0');

  it.each([
    ['passport', '', 'format'],
    ['passport', 'E123', 'format'],
    ['passport', '123456789012345678901', 'format'],
    ['passport', 'E1234-5678', 'format'],
    ['passport', 'E 12345678', 'format'],
    ['hk_macau_permit', 'H1234567', 'format'],
    ['hk_macau_permit', 'H123456789', 'format'],
    ['hk_macau_permit', 'X12345678', 'format'],
    ['hk_macau_permit', '12345678', 'format'],
    ['taiwan_permit', '1234567', 'format'],
    ['taiwan_permit', '123456789', 'format'],
    ['taiwan_permit', 'T12345678', 'format'],
    ['foreign_permanent_residence', 'US1234567890123', 'format'],
    ['foreign_permanent_residence', 'USA12345678901', 'format'],
    ['foreign_permanent_residence', '110105194912310021', 'format'], // 18 digits must start with 9
    ['foreign_permanent_residence', '9110156010123456', 'format'],
    ['foreign_permanent_residence', wrongForeignCheck, 'check_character'],
  ] as const)('%s rejects %j with %s', (type, input, reason) => {
    expect(validateIdByType(type, input, NOW)).toEqual({ ok: false, reason });
  });

  it('new-format foreign numbers: any single-digit change after the leading 9 breaks the check', () => {
    for (let position = 1; position < 17; position++) {
      const digit = (Number(foreignId[position]) + 1) % 10;
      const mutated = foreignId.slice(0, position) + digit + foreignId.slice(position + 1);
      expect(validateIdByType('foreign_permanent_residence', mutated, NOW)).toEqual({
        ok: false,
        reason: 'check_character',
      });
    }
  });
});

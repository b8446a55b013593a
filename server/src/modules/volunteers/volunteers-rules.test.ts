import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkinToken,
  checkWindow,
  isInWindow,
  isValidCheckinToken,
  minuteOf,
  secondsToNextCode,
  servedInterval,
} from './volunteers-rules';

const hmac = (text: string) => crypto.createHmac('sha256', 'k').update(text).digest('base64url');
const id = '7d1b3c9e-0000-4000-8000-000000000001';
const at = (iso: string) => new Date(iso);

describe('the rotating check-in code', () => {
  const now = at('2026-05-09T02:00:30Z');
  it('accepts the code of this minute and of the previous one', () => {
    expect(isValidCheckinToken(hmac, id, checkinToken(hmac, id, minuteOf(now)), now)).toBe(true);
    expect(isValidCheckinToken(hmac, id, checkinToken(hmac, id, minuteOf(now) - 1), now)).toBe(true);
  });
  it('refuses a code two minutes old, a future one, another activity’s, and a forged one', () => {
    expect(isValidCheckinToken(hmac, id, checkinToken(hmac, id, minuteOf(now) - 2), now)).toBe(false);
    expect(isValidCheckinToken(hmac, id, checkinToken(hmac, id, minuteOf(now) + 1), now)).toBe(false);
    const other = '7d1b3c9e-0000-4000-8000-000000000002';
    expect(isValidCheckinToken(hmac, id, checkinToken(hmac, other, minuteOf(now)), now)).toBe(false);
    expect(isValidCheckinToken(hmac, id, 'AAAAAAAAAAAAAAAA', now)).toBe(false);
    expect(isValidCheckinToken(hmac, id, 'short', now)).toBe(false);
  });
  it('changes every minute', () => {
    expect(checkinToken(hmac, id, 1)).not.toBe(checkinToken(hmac, id, 2));
    expect(secondsToNextCode(now)).toBe(30);
  });
});

describe('check-in window', () => {
  const a = {
    startsAt: at('2026-05-09T01:00:00Z'),
    endsAt: at('2026-05-09T05:00:00Z'),
    checkInOpensMinutes: 30,
    checkOutGraceMinutes: 60,
  };
  it.each([
    ['in', '2026-05-09T00:29:59Z', false],
    ['in', '2026-05-09T00:30:00Z', true],
    ['in', '2026-05-09T05:00:00Z', true],
    ['in', '2026-05-09T05:00:01Z', false],
    ['out', '2026-05-09T05:59:59Z', true],
    ['out', '2026-05-09T06:00:01Z', false],
  ] as const)('%s at %s → %s', (kind, time, ok) => {
    expect(isInWindow(a, kind, at(time))).toBe(ok);
  });
  it('says when it opens and closes', () => {
    expect(checkWindow(a, 'out').closesAt.toISOString()).toBe('2026-05-09T06:00:00.000Z');
  });
});

describe('served interval', () => {
  const a = { startsAt: at('2026-05-09T01:00:00Z'), endsAt: at('2026-05-09T05:00:00Z') };
  it.each([
    ['arrived early, left late: the activity’s time', '2026-05-09T00:40:00Z', '2026-05-09T05:30:00Z', 240],
    ['arrived late', '2026-05-09T02:15:00Z', '2026-05-09T05:00:00Z', 165],
    ['left early, partial minute dropped', '2026-05-09T01:00:00Z', '2026-05-09T01:30:59Z', 30],
    ['left before the start', '2026-05-09T00:40:00Z', '2026-05-09T00:50:00Z', 0],
  ])('%s', (_, inAt, outAt, minutes) => {
    expect(servedInterval(a, at(inAt), at(outAt)).minutes).toBe(minutes);
  });
});

describe('age', () => {
  it.each([
    ['2008-05-10', '2026-05-09', 17],
    ['2008-05-09', '2026-05-09', 18],
    ['2008-02-29', '2026-02-28', 17],
  ])('born %s on %s is %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

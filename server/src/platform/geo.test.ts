// WGS-84 ⇄ GCJ-02 on known pairs, the round trip, points outside China left alone; point validation and hours masks.
import { describe, expect, it } from 'vitest';
import { allDayMask, distanceM, gcj02ToWgs84, hoursMask, isOpenAt, pointProblem, toWgs84, wgs84ToGcj02 } from './geo';

describe('WGS-84 ⇄ GCJ-02', () => {
  // Known pairs (Tiananmen; People's Square, Shanghai), to the 5th decimal the map services show.
  const pairs = [
    { wgs: { lat: 39.90469, lng: 116.40717 }, gcj: { lat: 39.90609, lng: 116.41341 } },
    { wgs: { lat: 31.23037, lng: 121.4737 }, gcj: { lat: 31.22836, lng: 121.47822 } },
  ];

  it.each(pairs)('converts $wgs to within 15 m of the published GCJ-02 point', ({ wgs, gcj }) => {
    expect(distanceM(wgs84ToGcj02(wgs), gcj)).toBeLessThan(15);
    expect(distanceM(gcj02ToWgs84(gcj), wgs)).toBeLessThan(15);
  });

  it.each([
    { lat: 39.90469, lng: 116.40717 },
    { lat: 29.7136, lng: 120.2423 },
    { lat: 22.2783, lng: 114.1747 },
    { lat: 45.75, lng: 126.65 },
    { lat: 18.25, lng: 109.5 },
  ])('round-trips $lat,$lng to under 0.5 m, and the offset is hundreds of metres', (p) => {
    const g = wgs84ToGcj02(p);
    expect(distanceM(p, g)).toBeGreaterThan(50);
    expect(distanceM(gcj02ToWgs84(g), p)).toBeLessThan(0.5);
    expect(distanceM(toWgs84(g, 'gcj02'), p)).toBeLessThan(0.5);
  });

  it.each([
    { lat: 51.5074, lng: -0.1278 },
    { lat: 35.6762, lng: 139.6503 },
    { lat: -33.86, lng: 151.21 },
  ])('leaves $lat,$lng (outside China) unchanged', (p) => {
    expect(wgs84ToGcj02(p)).toEqual(p);
    expect(gcj02ToWgs84(p)).toEqual(p);
  });

  it('keeps WGS-84 input as it is', () => {
    expect(toWgs84({ lat: 29.7, lng: 120.2 }, 'wgs84')).toEqual({ lat: 29.7, lng: 120.2 });
  });
});

describe('pointProblem', () => {
  it.each([
    [{ lat: 29.7136, lng: 120.2423 }, null],
    [{ lat: 0, lng: 0 }, 'null_island'],
    [{ lat: 120.2423, lng: 29.7136 }, 'swapped'],
    [{ lat: 95, lng: 120 }, 'out_of_range'],
    [{ lat: 29, lng: 190 }, 'out_of_range'],
    [{ lat: 51.5, lng: -0.12 }, 'outside_china'],
  ])('%o → %s', (p, expected) => {
    expect(pointProblem(p, { china: true })).toBe(expected);
  });
});

describe('weekly hours', () => {
  it('opens 08:00–17:59 for hoursMask(8, 18) and wraps past midnight', () => {
    const day = hoursMask(8, 18);
    expect(day & (1 << 7)).toBe(0);
    expect(day & (1 << 8)).not.toBe(0);
    expect(day & (1 << 17)).not.toBe(0);
    expect(day & (1 << 18)).toBe(0);
    const night = hoursMask(22, 6);
    expect(night & (1 << 23)).not.toBe(0);
    expect(night & (1 << 5)).not.toBe(0);
    expect(night & (1 << 6)).toBe(0);
  });

  it('runs to midnight with 24, is the whole day for 0–24 or from = to, and refuses hours that are not whole', () => {
    expect(hoursMask(20, 24)).toBe(0b1111 << 20);
    expect(hoursMask(0, 24)).toBe(allDayMask);
    expect(hoursMask(7, 7)).toBe(allDayMask);
    expect(hoursMask(23, 0)).toBe(1 << 23);
    expect(() => hoursMask(8, 25)).toThrow(RangeError);
    expect(() => hoursMask(8.5, 18)).toThrow(RangeError);
  });

  it('reads the hour in China time', () => {
    const weekdays = [hoursMask(8, 18), hoursMask(8, 18), hoursMask(8, 18), hoursMask(8, 18), hoursMask(8, 18), 0, 0];
    // Monday 2026-03-02 09:30 in Shanghai is 01:30 UTC.
    expect(isOpenAt(weekdays, new Date('2026-03-02T01:30:00Z'))).toBe(true);
    // Monday 07:30 Shanghai.
    expect(isOpenAt(weekdays, new Date('2026-03-01T23:30:00Z'))).toBe(false);
    // Saturday noon.
    expect(isOpenAt(weekdays, new Date('2026-03-07T04:00:00Z'))).toBe(false);
  });
});

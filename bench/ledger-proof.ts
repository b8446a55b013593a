// Benchmark (l): the public ledger's inclusion proofs on a log of 1,000,000 entries (100,000 with --quick). The log
// is bulk-loaded (entries, tiles and state as a million appends would leave them), then the server-side proof
// (ledger.service getInclusionProof: entry, state, checkpoint, one tile query, hashing) is timed for 1,000 random
// entries, with the rows it reads, against reading the entry row alone (the floor any proof pays) in the same run.
// Each proof is checked with the independent verifier. Size from BENCH_LEDGER_ENTRIES.
import { fromBase64, leafHash, utf8, verifyCheckpoint, verifyInclusion } from '@boai/tlog-verify';
import { buildApp } from '../server/src/app';
import { canonicalize } from '../server/src/modules/ledger/canonical-json';
import type { ReadStats } from '../server/src/modules/ledger/ledger.repo';
import { getConsistencyProof, getInclusionProof, signCheckpoint } from '../server/src/modules/ledger/ledger.service';
import { bulkLoadLedger } from '../server/src/modules/ledger/ledger-bulk';
import { deriveLedgerKey } from '../server/src/modules/ledger/ledger-key';
import { seededRandom } from '../server/src/platform/random';
import {
  type BenchOptions,
  type BenchResult,
  benchMasterKey,
  log,
  measure,
  openBenchDatabase,
  seconds,
  startRssSampler,
  toGroup,
} from './harness';
import { percentile } from './timing';

function entryCount(quick: boolean): number {
  const n = Number(process.env.BENCH_LEDGER_ENTRIES);
  return Number.isInteger(n) && n > 0 ? n : quick ? 100_000 : 1_000_000;
}

/** A donation-like leaf (about 250 bytes, as the donations module writes them). */
function* leaves(count: number): Generator<{ kind: string; leaf: string }> {
  const random = seededRandom(2026);
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const donor = Array.from({ length: 4 }, () =>
      Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    )
      .join('')
      .repeat(2);
    yield {
      kind: 'donation.received',
      leaf: canonicalize({
        kind: 'donation.received',
        v: 1,
        ref: `D2026${String(i).padStart(10, '0')}`,
        project: `P-${i % 97}`,
        fund: i % 13,
        unit: '330681',
        amountFen: 100 + Math.floor(random() * 1_000_000),
        currency: 'CNY',
        channel: ['wechat', 'alipay', 'bank', 'cash'][i % 4],
        intent: 'project',
        donorKind: 'person',
        donor: donor,
        at: new Date(start + i * 1000).toISOString(),
      }),
    };
  }
}

const ms = (n: number) => `${n.toFixed(3)} ms`;

export async function runLedgerProof(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const bdb = await openBenchDatabase(opts);
  const db = bdb.database.db;
  const size = entryCount(opts.quick);
  const key = deriveLedgerKey(benchMasterKey, 'boai.bench/ledger');
  try {
    log(`${bdb.version}: bulk-loading ${size.toLocaleString('en')} entries with their tiles`);
    const loadStarted = performance.now();
    await bulkLoadLedger(db, leaves(size));
    const loadMs = performance.now() - loadStarted;
    const signed = await db.transaction((tx) => signCheckpoint(tx, { origin: key.origin, signer: key.signer }));
    const checkpoint = verifyCheckpoint(signed!.note, key.verifierKey);
    const [{ tiles, bytes }] = await bdb.raw<{ tiles: number; bytes: string }>(
      'SELECT count(*)::int AS tiles, sum(octet_length(hashes))::bigint AS bytes FROM ledger_tiles',
    );
    rss.sample();

    // The server's first proof loads the upper tiles (level 1 and above) into its cache: timed and counted apart.
    const firstStats: ReadStats = { queries: 0, rows: 0 };
    const firstStarted = performance.now();
    await getInclusionProof(db, Math.floor(size / 2), undefined, firstStats);
    const firstMs = performance.now() - firstStarted;
    log(`first proof (loads the upper tiles): ${ms(firstMs)}, ${firstStats.queries} queries, ${firstStats.rows} rows`);

    // The figure: 1,000 random entries, one proof after another, each timed and checked.
    log('1,000 inclusion proofs of random entries');
    const random = seededRandom(9162);
    const latencies: number[] = [];
    const rows: number[] = [];
    let queries = 0;
    for (let i = 0; i < 1000; i++) {
      const index = Math.floor(random() * size);
      const stats: ReadStats = { queries: 0, rows: 0 };
      const t0 = performance.now();
      const entry = await getInclusionProof(db, index, undefined, stats);
      latencies.push(performance.now() - t0);
      rows.push(stats.rows);
      queries = Math.max(queries, stats.queries);
      const proof = entry.inclusionProof.map((p) => fromBase64(p)!);
      if (!verifyInclusion(leafHash(utf8(entry.leaf)), index, size, proof, checkpoint.rootHash)) {
        throw new Error(`the proof of entry ${index} does not verify`);
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedRows = [...rows].sort((a, b) => a - b);

    // The same statements the route sends, as EXPLAIN plans (what the O(log n) read looks like to PostgreSQL).
    const plans: BenchResult['plans'] = [];
    const probe = Math.floor(size / 3);
    const statements = await bdb.capture(() => getInclusionProof(db, probe));
    for (const [i, st] of statements.entries()) {
      plans.push({
        title: `getInclusionProof(${probe}): statement ${i + 1} of ${statements.length}`,
        text: `${st.text}\n${await bdb.explain(st.text, st.params)}`,
      });
    }

    log('interleaved rounds: proof vs the entry row alone, consistency proof, HTTP route');
    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
      ledger: key,
    });
    await app.ready();
    const pick = () => Math.floor(random() * size);
    const timing = opts.quick ? { rounds: 3, roundMs: 300 } : { rounds: 5, roundMs: 1000 };
    const measured = await measure(
      [
        {
          label: 'entry row by primary key (baseline)',
          run: () => bdb.raw('SELECT index, kind, leaf, leaf_hash FROM ledger_entries WHERE index = $1', [pick()]),
        },
        { label: 'inclusion proof (service)', run: () => getInclusionProof(db, pick()) },
        {
          label: 'consistency proof, random old size (service)',
          run: () => getConsistencyProof(db, pick(), size),
        },
        {
          label: 'GET /api/ledger/entries/:index (app.inject)',
          run: async () => {
            const res = await app.inject({ method: 'GET', url: `/api/ledger/entries/${pick()}` });
            if (res.statusCode !== 200) {
              throw new Error(`${res.statusCode} ${res.body}`);
            }
          },
        },
      ],
      { concurrency: 1, ...timing, maxOpsPerRound: 20_000, warmupOps: 100 },
    );
    await app.close();
    rss.sample();

    const notes = [
      `Inclusion proof of a random entry, server-side (1,000 entries): p50 ${ms(percentile(sorted, 0.5))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted[sorted.length - 1])}`,
      `Rows read per proof: median ${percentile(sortedRows, 0.5)}, max ${sortedRows[sortedRows.length - 1]}, at most ${queries} queries (one query: the entry, the log's and the checkpoint's sizes and the entry's level-0 tile; the upper tiles come from the server's cache, since stored hashes never change); every proof verified with @boai/tlog-verify`,
      `The server's first proof loads the upper tiles once: ${ms(firstMs)}, ${firstStats.queries} queries, ${firstStats.rows} rows (the upper tiles, then the entry with its level-0 tile)`,
    ];
    for (const note of notes) {
      log(note);
    }
    return {
      bench: 'ledger-proof',
      title: `(l) Ledger inclusion proofs, ${size.toLocaleString('en')} entries`,
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        {
          label: 'Log',
          value: `${size.toLocaleString('en')} donation-like entries (~250-byte leaves), one checkpoint`,
        },
        {
          label: 'Bulk load',
          value: `${seconds(loadMs)} (entries, ${tiles} hash tiles of ${(Number(bytes) / 2 ** 20).toFixed(1)} MB, state)`,
        },
      ],
      groups: [toGroup('Proofs', measured, { ratioKind: 'slowdown', concurrency: '1 client' })],
      notes,
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}

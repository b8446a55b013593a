// `npm run bench`: runs each benchmark on each database in its own child process (so peak memory is per
// benchmark), prints the tables, and writes the figures into docs/benchmarks.md.
//   --db=pglite|postgres|both   (default: pglite, plus postgres when a server URL is given)
//   --quick                     smaller data and shorter rounds (under a minute; does not rewrite the docs)
//   --only=search,auth,throughput,intake,disclosure,ledger,services,exams,certificates,aed,fanout,points,checkin,kpi,instances,fuzz,crash
//   --postgres-url=postgres://… (default: BENCH_DATABASE_URL, else TEST_DATABASE_URL)
//   --try-sql="CREATE INDEX …"  search and disclosure benchmarks: run this on the loaded data, then measure again
//   --plans                     print the EXPLAIN plans too (they always go into the docs)
//   --write / --no-write        force or skip updating docs/benchmarks.md (--try-sql and --only runs write only with --write)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult, DbKind } from './harness';
import { docsFile, formatConsole, formatMarkdown, type Machine, machineInfo, writeDocs } from './report';

const benches = {
  search: () => import('./people-search').then((m) => m.runPeopleSearch),
  auth: () => import('./auth-overhead').then((m) => m.runAuthOverhead),
  throughput: () => import('./throughput').then((m) => m.runThroughput),
  intake: () => import('./donation-intake').then((m) => m.runDonationIntake),
  disclosure: () => import('./disclosure-search').then((m) => m.runDisclosureSearch),
  ledger: () => import('./ledger-proof').then((m) => m.runLedgerProof),
  services: () => import('./service-queue').then((m) => m.runServiceQueue),
  exams: () => import('./training-exam-wave').then((m) => m.runExamWave),
  certificates: () => import('./certificate-verify').then((m) => m.runCertificateVerify),
  aed: () => import('./aed-nearest').then((m) => m.runAedNearest),
  fanout: () => import('./responder-fanout').then((m) => m.runResponderFanout),
  checkin: () => import('./volunteer-checkin').then((m) => m.runVolunteerCheckin),
  points: () => import('./points-ranking').then((m) => m.runPointsRanking),
  kpi: () => import('./kpi-cockpit').then((m) => m.runKpiCockpit),
  fuzz: () => import('./fuzz').then((m) => m.runFuzzBench),
  crash: () => import('./crash-test').then((m) => m.runCrashBench),
  instances: () => import('./instances').then((m) => m.runInstances),
} as const;
type BenchName = keyof typeof benches;
/** Benchmarks that need several processes on one database, so PostgreSQL (PGlite is one process per data dir). */
const postgresOnly: ReadonlySet<BenchName> = new Set(['fanout', 'instances']);

const knownArgs = ['db', 'quick', 'only', 'postgres-url', 'try-sql', 'plans', 'write', 'no-write', 'child', 'out'];

function parseArgs(argv: string[]) {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(a);
    if (!m || !knownArgs.includes(m[1])) {
      throw new Error(
        `unknown argument ${a} (known: ${knownArgs
          .slice(0, 8)
          .map((k) => `--${k}`)
          .join(' ')})`,
      );
    }
    args.set(m[1], m[2] ?? 'true');
  }
  return args;
}

/** The PostgreSQL server to benchmark on. Read from the environment here (not argv, which `ps` shows to everyone). */
function postgresUrl(args: Map<string, string>): string | undefined {
  return args.get('postgres-url') || process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
}

async function runChild(args: Map<string, string>): Promise<void> {
  const name = args.get('child') as BenchName;
  const opts: BenchOptions = {
    db: args.get('db') as DbKind,
    quick: args.has('quick'),
    postgresUrl: postgresUrl(args),
    trySql: args.get('try-sql'),
  };
  const run = await benches[name]();
  const result = await run(opts);
  fs.writeFileSync(args.get('out')!, JSON.stringify(result));
}

function spawnChild(name: BenchName, db: DbKind, args: Map<string, string>, out: string): Promise<number> {
  const childArgs = [`--child=${name}`, `--db=${db}`, `--out=${out}`];
  if (args.has('quick')) {
    childArgs.push('--quick');
  }
  if (args.has('try-sql')) {
    childArgs.push(`--try-sql=${args.get('try-sql')}`);
  }
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...childArgs], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DATABASE_URL: postgresUrl(args) ?? '' },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/**
 * Writes a partial run into the generated block of docs/benchmarks.md: its benchmarks' sections (`### title — db`,
 * `#### title: PostgreSQL vs PGlite`) replace the ones of the same heading, each stamped with this run's machine
 * line; every other section, and the block's header from the last full run, stay as they are.
 */
function writePartialDocs(results: BenchResult[], machine: Machine, only: string): string {
  const text = fs.readFileSync(docsFile, 'utf8');
  const start = /<!-- bench:results:start[^>]*-->\n/.exec(text);
  const end = text.indexOf('<!-- bench:results:end -->');
  if (!start || end < start.index) {
    return writeDocs(results, machine);
  }
  const sections = (block: string) => {
    const parts = block.split(/\n(?=#{3,4} )/);
    return { header: parts[0], bodies: parts.slice(1) };
  };
  const heading = (body: string) => body.slice(0, body.indexOf('\n'));
  const stamp = `_Partial run (\`--only=${only}\`): ${machine.lines.join('; ')}._\n`;
  const fresh = sections(formatMarkdown(results, machine)).bodies.map((b) =>
    b.startsWith('### ') ? b.replace('\n', `\n\n${stamp}`) : b,
  );
  const old = sections(text.slice(start.index + start[0].length, end).replace(/\n$/, ''));
  const byHeading = new Map(fresh.map((b) => [heading(b), b]));
  const merged = old.bodies.map((b) => {
    const replacement = byHeading.get(heading(b));
    byHeading.delete(heading(b));
    return replacement ?? b;
  });
  const added = [...byHeading.values()];
  const level3 = [...merged.filter((b) => b.startsWith('### ')), ...added.filter((b) => b.startsWith('### '))];
  const level4 = [...merged.filter((b) => b.startsWith('#### ')), ...added.filter((b) => b.startsWith('#### '))];
  const block = [old.header, ...level3, ...level4].join('\n');
  fs.writeFileSync(docsFile, `${text.slice(0, start.index + start[0].length)}${block}\n${text.slice(end)}`);
  return docsFile;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('child')) {
    await runChild(args);
    return;
  }
  const url = postgresUrl(args);
  const dbArg = args.get('db') ?? (url ? 'both' : 'pglite');
  const dbs: DbKind[] = dbArg === 'both' ? ['pglite', 'postgres'] : [dbArg as DbKind];
  if (!dbs.every((d) => d === 'pglite' || d === 'postgres')) {
    throw new Error(`--db must be pglite, postgres or both, not ${dbArg}`);
  }
  if (dbs.includes('postgres') && !url) {
    throw new Error('--db=postgres needs a server: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
  }
  const only = args.get('only')?.split(',') ?? Object.keys(benches);
  const names = (Object.keys(benches) as BenchName[]).filter((n) => only.includes(n));
  const quick = args.has('quick');
  const started = Date.now();
  const loadAtStart = os.loadavg();
  console.log(`Boai benchmarks${quick ? ' (quick)' : ''}: ${names.join(', ')} on ${dbs.join(' and ')}`);

  const results: BenchResult[] = [];
  const failures: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-bench-results-'));
  for (const name of names) {
    for (const db of dbs) {
      if (db === 'pglite' && postgresOnly.has(name)) {
        console.log(
          `\n▷ ${name} on pglite skipped: it runs several server processes on one database (PostgreSQL only)`,
        );
        continue;
      }
      console.log(`\n▶ ${name} on ${db}`);
      const out = path.join(dir, `${name}-${db}.json`);
      const code = await spawnChild(name, db, args, out);
      if (code !== 0 || !fs.existsSync(out)) {
        failures.push(`${name} on ${db} (exit ${code})`);
        continue;
      }
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResult;
      results.push(result);
      console.log(formatConsole([result], args.has('plans')));
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });

  const machine = machineInfo(Date.now() - started, quick, loadAtStart);
  console.log(`\n${machine.summary}`);
  // A partial run (--only) writes only with --write, and then replaces only its own benchmarks' sections.
  const write = args.has('write') || (!quick && !args.has('no-write') && !args.has('try-sql') && !args.has('only'));
  if (write && failures.length === 0) {
    const file = args.has('only') ? writePartialDocs(results, machine, args.get('only')!) : writeDocs(results, machine);
    console.log(`Wrote the figures to ${path.relative(process.cwd(), file)}`);
  } else if (!write) {
    console.log('docs/benchmarks.md left as it is (quick run or --no-write; pass --write to update it).');
  }
  if (failures.length > 0) {
    console.error(`Failed: ${failures.join(', ')}`);
    process.exit(1);
  }
}

await main();

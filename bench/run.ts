// `npm run bench`: runs each benchmark on each database in its own child process (so peak memory is per
// benchmark), prints the tables, and writes the figures into docs/benchmarks.md.
//   --db=pglite|postgres|both   (default: pglite, plus postgres when a server URL is given)
//   --quick                     smaller data and shorter rounds (under a minute; does not rewrite the docs)
//   --only=search,auth,throughput
//   --postgres-url=postgres://… (default: BENCH_DATABASE_URL, else TEST_DATABASE_URL)
//   --try-sql="CREATE INDEX …"  search benchmark: run this on the loaded data, then measure every case again
//   --plans                     print the EXPLAIN plans too (they always go into the docs)
//   --write / --no-write        force or skip updating docs/benchmarks.md (a --try-sql run never writes)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult, DbKind } from './harness';
import { formatConsole, machineInfo, writeDocs } from './report';

const benches = {
  search: () => import('./people-search').then((m) => m.runPeopleSearch),
  auth: () => import('./auth-overhead').then((m) => m.runAuthOverhead),
  throughput: () => import('./throughput').then((m) => m.runThroughput),
} as const;
type BenchName = keyof typeof benches;

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
  const write = args.has('write') || (!quick && !args.has('no-write') && !args.has('try-sql'));
  if (write && failures.length === 0) {
    const file = writeDocs(results, machine);
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

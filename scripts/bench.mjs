// `npm run bench`: the benchmarks in bench/ (TypeScript, run through tsx). PGlite always; PostgreSQL too when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a server (a fresh boai_bench_<random> database is created on it and
// dropped). Arguments pass through: --db=pglite|postgres|both, --quick, --only=search,auth,throughput,intake,disclosure,
// --no-write. `npm run bench -- crash [--db=…] [--rounds=N] [--clients=N]` runs the kill -9 crash test instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [first, ...rest] = process.argv.slice(2);
const [script, args] = first === 'crash' ? ['bench/crash-test.ts', rest] : ['bench/run.ts', process.argv.slice(2)];
const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);

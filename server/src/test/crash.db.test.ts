// The short crash test in `npm test` (issue 9, item 4): the real `boai serve` in a child process on this project's
// database kind, mixed load from concurrent clients (gifts with payment callbacks, payouts, exam answers, check-ins,
// responder fixes), one SIGKILL at a random moment, a restart, then every check of bench/crash-test.ts — acknowledged
// writes present exactly once, the invariant checker clean, the ledger consistent with the checkpoint published before
// the kill, every job done exactly once. The full version (10 kills per database) is `npm run bench -- crash`.
// It runs the bench script in its own process (its own PII keys and job handlers, like a real server's operator).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Summary = {
  db: string;
  kills: number;
  lost: number;
  duplicates: number;
  violations: number;
  failed: string[];
  writes: number;
  acknowledged: Record<string, number>;
};

let child: ChildProcess | undefined;
// A timed-out run must not leave the script (and its server) behind: SIGTERM makes it SIGKILL its server and exit.
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
  }
});

it('keeps every acknowledged write, once, through a SIGKILL under mixed load', async () => {
  const kind = inject('dbKind');
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_DATABASE_URL: '', TEST_DATABASE_URL: '' };
  if (kind === 'postgres') {
    env.BENCH_DATABASE_URL = inject('postgresUrl');
  }
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/crash-test.ts', `--db=${kind}`, '--rounds=1', '--clients=6', '--size=small'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const running = child;
  running.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  running.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => running.on('exit', resolve));
  const line = output.split('\n').find((l) => l.startsWith('CRASH_SUMMARY '));
  expect(line, output).toBeDefined();
  const [summary] = JSON.parse(line!.slice('CRASH_SUMMARY '.length)) as Summary[];
  expect(summary.failed, output).toEqual([]);
  expect(summary).toMatchObject({ db: kind, kills: 1, lost: 0, duplicates: 0, violations: 0 });
  expect(summary.writes, 'the load acknowledged writes before the kill').toBeGreaterThan(0);
  expect(code, output).toBe(0);
}, 420_000);

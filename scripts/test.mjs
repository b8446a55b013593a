// `npm test`: every test this machine can run. Unit + integration on PGlite always; the integration tests again on
// PostgreSQL when TEST_DATABASE_URL is set; browser journeys when Chromium is found. Says what it skips, and ends
// with the plain totals line `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const projects = ['pglite'];
const skipped = [];
if (process.env.TEST_DATABASE_URL) {
  projects.push('postgres');
} else {
  skipped.push('PostgreSQL integration tests (set TEST_DATABASE_URL=postgres://user@host:5432/db to run them)');
}
if (process.env.BOAI_SKIP_BROWSER === '1') {
  skipped.push('browser tests (BOAI_SKIP_BROWSER=1)');
} else if (fs.existsSync(chromium)) {
  projects.push('browser');
} else {
  skipped.push(`browser tests (no Chromium at ${chromium}; install it or set CHROMIUM_PATH)`);
}
console.log(`Running test projects: ${projects.join(', ')}`);
for (const s of skipped) {
  console.log(`SKIPPING ${s}`);
}

const report = path.join(os.tmpdir(), `boai-vitest-${process.pid}.json`);
const args = [
  'vitest',
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const res = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skippedTests = 0;
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A file that fails before any test runs (an import error, a failing beforeAll) counts as one failure.
  const brokenFiles = (json.testResults ?? []).filter(
    (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed = (json.numFailedTests ?? 0) + brokenFiles;
  skippedTests = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  fs.rmSync(report, { force: true });
} else if (res.status !== 0) {
  failed = 1;
}
if (skipped.length > 0) {
  console.log(`Skipped here: ${skipped.join('; ')}`);
}
const exitCode = res.status === 0 && failed === 0 ? 0 : res.status || 1;
console.log(`${passed} passed, ${failed} failed${skippedTests ? `, ${skippedTests} skipped` : ''}`);
process.exit(exitCode);

// Test projects: unit + integration on PGlite always; the integration tests again on PostgreSQL when TEST_DATABASE_URL
// is set; browser journeys when Chromium is found. scripts/test.mjs decides and says what it skips.
import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const projects = [
  {
    test: {
      name: 'pglite',
      include: ['server/src/**/*.test.ts', 'packages/tlog-verify/src/*.test.ts', 'web/src/**/*.test.ts'],
      globalSetup: ['server/src/test/global-setup.ts'],
      env: { BOAI_TEST_DB: 'pglite' },
      isolate: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    test: {
      name: 'postgres',
      include: ['server/src/**/*.http.test.ts', 'server/src/**/*.db.test.ts'],
      globalSetup: ['server/src/test/global-setup.ts'],
      env: { BOAI_TEST_DB: 'postgres' },
      isolate: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
if (fs.existsSync(chromium) && process.env.BOAI_SKIP_BROWSER !== '1') {
  projects.push({
    test: {
      name: 'browser',
      include: ['e2e/**/*.e2e.test.ts'],
      globalSetup: ['e2e/global-setup.ts'],
      env: { BOAI_TEST_DB: 'pglite' },
      testTimeout: 120_000,
      hookTimeout: 180_000,
      // A page under CI load (two browser journeys beside the server tests on 2 cores) can take seconds to settle:
      // a waiting assertion gives it 20 s, not the default 1 s, before it fails.
      expect: { poll: { timeout: 20_000, interval: 100 } },
    },
  });
}

export default defineConfig({ test: { projects, pool: 'forks', fileParallelism: true, maxWorkers: 2 } });

// Vitest global setup for browser journeys: a fresh web build when the sources changed, then a real Boai server
// (embedded PGlite in a temp dir, demo data) on a free port. Tests read its address with inject('baseUrl').
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The exam pace the journeys' server is configured with (seconds a question; the default is 3). */
export const e2eExamSecondsPerQuestion = 0.5;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) {
    return 0;
  }
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Builds web/dist when it is missing or older than any file in web/src (or the page and build config). */
function ensureWebBuilt(): void {
  const index = path.join(root, 'web', 'dist', 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => newestMtime(path.join(root, p)));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources)) {
    return;
  }
  const res = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /api/health within 150 s:\n${output()}`);
}

export default async function setup(project: TestProject) {
  ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOAI_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BOAI_DEMO_SEED: 'true',
    LOG_LEVEL: 'warn',
    BOAI_NOTIFY_ADAPTER: 'dev',
    // Gifts become verifiable within seconds, so journeys need not wait a minute for the next checkpoint.
    BOAI_CHECKPOINT_INTERVAL_SECONDS: '3',
    // The cockpit journey waits for new records to reach the figures: refresh them every 5 s.
    BOAI_KPI_REFRESH_SECONDS: '5',
    // A configured exam pace of 0.5 s a question, so the exam journey need not sit out 3 s for each of 50 questions.
    BOAI_EXAM_MIN_SECONDS_PER_QUESTION: String(e2eExamSecondsPerQuestion),
  };
  // The journeys run on the embedded database, never on a PostgreSQL the caller happens to point at.
  delete env.DATABASE_URL;
  delete env.BOAI_SECRET_KEY;
  const child = spawn(process.execPath, ['server/bin/boai.mjs', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('baseUrl', url);
  return stop;
}

// Starts real `boai serve` processes for the shutdown and multi-instance tests and the instances benchmark: a child
// process per server on a free port, ready once GET /api/health/ready answers 200.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type ServeProcess = {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node --import tsx server/src/main.ts serve` with `env` over a clean base (no DATABASE_URL unless given,
 * no demo seed unless asked) and waits until it is ready.
 */
export async function startServe(env: Record<string, string>, opts: { readyTimeoutMs?: number } = {}) {
  const port = await freePort();
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('BOAI_') && k !== 'DATABASE_URL' && k !== 'PORT' && !k.startsWith('VITEST')) {
      base[k] = v;
    }
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...base,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      BOAI_DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (gone) {
      throw new Error(`boai serve exited before it was ready:\n${out}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`boai serve not ready in time:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/api/health/ready`);
      if (res.status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const proc: ServeProcess = {
    child,
    port,
    url,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!gone) {
        child.kill(signal);
      }
      return exited;
    },
  };
  return proc;
}

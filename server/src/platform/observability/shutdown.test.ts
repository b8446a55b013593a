// Graceful shutdown of a real `boai serve` process (embedded PGlite in a temp dir): SIGTERM while a request is in
// flight and jobs are being worked. The request still completes 200, WebSocket clients get close code 1012 (service
// restart: they reconnect), the process exits 0, no job is left half-claimed, and after a restart the work queued by
// the in-flight request runs exactly once.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../../db/client';
import { type ServeProcess, startServe } from '../../test/serve-process';
import { connectWs } from '../../test/ws-client';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-shutdown-'));
const env = {
  BOAI_DATA_DIR: dataDir,
  BOAI_SECRET_KEY: '7'.repeat(64),
  BOAI_SHUTDOWN_TIMEOUT_SECONDS: '20',
  LOG_LEVEL: 'info',
};
const started: ServeProcess[] = [];

beforeAll(async () => {
  // The data dir starts as a copy of the migrated test template (a fresh one would spend most of the test migrating).
  const seeded = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
  await seeded.close();
});

afterAll(async () => {
  for (const p of started) {
    await p.stop('SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Sends a request's head and the first part of its body; the rest when `finish` is called; resolves the answer. */
function slowRequest(port: number, pathName: string, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => {
    answer += d;
  });
  const done = new Promise<string>((resolve, reject) => {
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
  const cut = Math.floor(body.length / 2);
  socket.write(
    `POST ${pathName} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, cut)}`,
  );
  return {
    finish: () => socket.write(body.slice(cut)),
    done,
  };
}

async function inspect() {
  const database = await openPglite({ dataDir });
  try {
    const q = async <T>(text: string) => (await database.pglite!.query<T>(text)).rows;
    return {
      running: await q<{ id: number }>(`SELECT id FROM jobs WHERE status = 'running'`),
      doneTwice: await q<{ id: number }>(`SELECT id FROM jobs WHERE status = 'done' AND attempts > 1`),
      done: (await q<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status = 'done'`))[0]!.n,
      otp: await q<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM outbox_messages WHERE template = 'otp'`,
      ),
    };
  } finally {
    await database.close();
  }
}

describe('graceful shutdown of boai serve', () => {
  it('finishes the in-flight request and jobs, closes sockets with 1012, exits 0; queued work runs once after restart', async () => {
    const first = await startServe(env);
    started.push(first);
    const ws = await connectWs(`ws://127.0.0.1:${first.port}/api/realtime`);
    await ws.next((f) => f.type === 'hello');
    const closed = new Promise<number>((resolve) => ws.ws.once('close', (code) => resolve(code)));

    // A sign-in code request whose body is still arriving: in flight when the signal comes.
    const req = slowRequest(first.port, '/api/auth/otp/request', JSON.stringify({ phone: '13800138000' }));
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGTERM');
    expect(await closed).toBe(1012);
    // Draining: the process waits for the request rather than exiting.
    await new Promise((r) => setTimeout(r, 500));
    expect(first.child.exitCode).toBeNull();
    req.finish();
    const answer = await req.done;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"expiresInSeconds"');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shut down cleanly');
    // Every log line is JSON with a level; the request's lines carry its id.
    const logLines = first
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const otpLines = logLines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/api/auth/otp/request');
    expect(otpLines.length).toBeGreaterThan(0);
    expect(otpLines.every((l) => typeof l.reqId === 'string')).toBe(true);

    const after = await inspect();
    expect(after.running).toEqual([]);
    expect(after.doneTwice).toEqual([]);
    // The code's message was committed with the answer and waits for the (stopped) delivery worker.
    expect(after.otp).toEqual([{ status: 'pending', attempts: 0 }]);

    // Restart: the queued delivery runs, once.
    const second = await startServe(env);
    started.push(second);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await second.stop('SIGTERM')).toBe(0);
    const final = await inspect();
    expect(final.otp).toEqual([{ status: 'sent', attempts: 1 }]);
    expect(final.running).toEqual([]);
    expect(final.doneTwice).toEqual([]);
    expect(final.done).toBeGreaterThan(after.done);
  }, 240_000);
});

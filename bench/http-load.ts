// A small HTTP load generator, run as a child process (its own CPU time stays out of the server's event loop):
// keep-alive node:http requests from N concurrent loops, bounded per round by count and by time.
import http from 'node:http';
import { type Measured, type MeasureOptions, measure } from './timing';

export type LoadTarget = { label: string; url: string; cookie?: string };
export type LoadRequest = MeasureOptions & { targets: LoadTarget[] };
export type LoadReply = { ok: true; measured: Measured[] } | { ok: false; error: string };

function get(agent: http.Agent, target: LoadTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(target.url, { agent, headers: target.cookie ? { cookie: target.cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${target.url}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

async function run(request: LoadRequest): Promise<Measured[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.concurrency });
  try {
    return await measure(
      request.targets.map((t) => ({ label: t.label, run: () => get(agent, t) })),
      request,
    );
  } finally {
    agent.destroy();
  }
}

function reply(message: LoadReply): void {
  // Disconnect only once the (large) answer has left, or the parent sees the exit without it.
  process.send?.(message, () => process.disconnect());
}

process.once('message', (request: LoadRequest) => {
  run(request).then(
    (measured) => reply({ ok: true, measured }),
    (error: Error) => reply({ ok: false, error: error.message }),
  );
});

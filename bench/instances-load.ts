// The load generator of the instances benchmark, run as a child process: keep-alive GETs from N concurrent loops;
// each case walks its own list of URLs in turn (a mix of public pages, spread round robin over the instances), and
// every request names a different client address in X-Forwarded-For, as a load balancer would (the servers trust
// loopback as their proxy), so the per-IP rate limits see many visitors rather than one.
import http from 'node:http';
import { type Measured, type MeasureOptions, measure } from './timing';

export type InstancesLoadCase = { label: string; urls: string[] };
export type InstancesLoadRequest = MeasureOptions & { cases: InstancesLoadCase[] };
export type InstancesLoadReply = { ok: true; measured: Measured[]; cpuMs: number } | { ok: false; error: string };

let visitor = 0;
function get(agent: http.Agent, url: string): Promise<void> {
  visitor = (visitor + 1) % 16_000_000;
  const xff = `10.${visitor >> 16}.${(visitor >> 8) & 255}.${visitor & 255}`;
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'x-forwarded-for': xff } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

async function run(request: InstancesLoadRequest): Promise<Measured[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.concurrency * 2 });
  try {
    return await measure(
      request.cases.map((c) => {
        let i = 0;
        return { label: c.label, run: () => get(agent, c.urls[i++ % c.urls.length]!) };
      }),
      request,
    );
  } finally {
    agent.destroy();
  }
}

process.once('message', (request: InstancesLoadRequest) => {
  const before = process.cpuUsage();
  run(request).then(
    (measured) => {
      const cpu = process.cpuUsage(before);
      const reply: InstancesLoadReply = { ok: true, measured, cpuMs: (cpu.user + cpu.system) / 1000 };
      process.send?.(reply, () => process.disconnect());
    },
    (error: Error) => process.send?.({ ok: false, error: error.message }, () => process.disconnect()),
  );
});

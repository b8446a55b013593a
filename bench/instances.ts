// Benchmark (instances): public-page throughput of one `boai serve` process vs two on the same PostgreSQL, with the
// load spread round robin over the instances (what a load balancer does). The mix: project list, one project, the
// daily disclosure, nearest AEDs and certificate verification, each request from a different client address
// (X-Forwarded-For; the servers trust loopback as their proxy, so the per-IP limits see many visitors).
// The load comes from a child process; the two configurations alternate in segments so drift on the shared machine
// hits both, and the CPU time of each server process, of the load generator and of the whole machine is read from
// /proc around each segment. PostgreSQL only (PGlite is one process per data directory).
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '../server/src/seed/demo-seed';
import { migrate } from '../server/src/server';
import { type ServeProcess, startServe } from '../server/src/test/serve-process';
import { type BenchOptions, type BenchResult, benchMasterKey, log, openBenchDatabase, toGroup } from './harness';
import type { InstancesLoadReply, InstancesLoadRequest } from './instances-load';
import type { Measured } from './timing';

const clockTicks = 100;

/** CPU seconds a process used so far (user + system), from /proc/<pid>/stat. */
function processCpuS(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Busy and total CPU seconds of the whole machine so far, from /proc/stat. */
function machineCpuS(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3]! + v[4]!;
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / clockTicks, total: total / clockTicks };
}

function runLoad(request: InstancesLoadRequest): Promise<{ measured: Measured[]; cpuMs: number }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./instances-load.ts', import.meta.url)), [], {
    execArgv: process.execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: InstancesLoadReply) =>
      reply.ok ? resolve({ measured: reply.measured, cpuMs: reply.cpuMs }) : reject(new Error(reply.error)),
    );
    child.once('exit', (code) =>
      setImmediate(() => reject(new Error(`the load generator exited (${code}) without an answer`))),
    );
    child.send(request);
  });
}

export async function runInstances(opts: BenchOptions): Promise<BenchResult> {
  if (opts.db !== 'postgres') {
    throw new Error('the instances benchmark needs PostgreSQL');
  }
  const started = performance.now();
  const bdb = await openBenchDatabase(opts, 2);
  const url = String(bdb.database.pool!.options.connectionString);
  const servers: ServeProcess[] = [];
  try {
    const env = {
      DATABASE_URL: url,
      BOAI_SECRET_KEY: benchMasterKey.toString('hex'),
      BOAI_TRUST_PROXY: 'loopback',
      BOAI_JOBS: 'on',
      LOG_LEVEL: 'warn',
    };
    log('seeding the demo data');
    await migrate(bdb.database);
    await seedDemo(bdb.database.db);
    log('starting the two instances');
    servers.push(...(await Promise.all([0, 1].map(() => startServe(env, { readyTimeoutMs: 300_000 })))));

    const [project] = await bdb.raw<{ code: string }>(
      `SELECT code FROM donation_projects WHERE status = 'open' ORDER BY code LIMIT 1`,
    );
    const [aed] = await bdb.raw<{ lat: number; lng: number }>(`SELECT lat, lng FROM aeds ORDER BY code LIMIT 1`);
    const [cert] = await bdb.raw<{ cert_no: string }>(
      `SELECT cert_no FROM training_certificates ORDER BY cert_no LIMIT 1`,
    );
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const paths = [
      '/api/public/projects',
      ...(project ? [`/api/public/projects/${project.code}`] : []),
      `/api/public/disclosure/daily?date=${today}`,
      ...(aed ? [`/api/aed/nearby?lat=${aed.lat}&lng=${aed.lng}`] : []),
      ...(cert ? [`/api/training/certificates/verify?no=${encodeURIComponent(cert.cert_no)}`] : []),
    ];
    for (const p of paths) {
      const res = await fetch(`${servers[0]!.url}${p}`, { headers: { 'x-forwarded-for': '10.255.0.1' } });
      if (res.status !== 200) {
        throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
      }
    }
    // One list of URLs per configuration: the mix, each path in turn, instances in turn.
    const one = paths.map((p) => `${servers[0]!.url}${p}`);
    const two = paths.flatMap((p) => servers.map((s) => `${s.url}${p}`));
    const concurrency = 16;
    const segments = opts.quick ? 2 : 4;
    const segmentMs = opts.quick ? 4000 : 6000;
    const cases = [
      { label: '1 instance (baseline)', urls: one },
      { label: '2 instances, round robin', urls: two },
    ];
    const totals = cases.map((c) => ({
      label: c.label,
      measured: { label: c.label, ops: 0, elapsedMs: 0, latencies: [] as number[] },
      wallS: 0,
      serverCpuS: servers.map(() => 0),
      loadCpuS: 0,
      machineBusyS: 0,
    }));
    for (let s = 0; s < segments; s++) {
      const k = s % 2;
      const c = cases[k]!;
      log(`segment ${s + 1}/${segments}: ${c.label}`);
      const cpu0 = servers.map((sv) => processCpuS(sv.child.pid!));
      const m0 = machineCpuS();
      const t0 = performance.now();
      const { measured, cpuMs } = await runLoad({
        cases: [c],
        concurrency,
        rounds: 1,
        roundMs: segmentMs,
        maxOpsPerRound: 1_000_000,
        warmupOps: 50,
      });
      const wall = (performance.now() - t0) / 1000;
      const m1 = machineCpuS();
      const tot = totals[k]!;
      tot.measured.ops += measured[0]!.ops;
      tot.measured.elapsedMs += measured[0]!.elapsedMs;
      tot.measured.latencies.push(...measured[0]!.latencies);
      tot.wallS += wall;
      servers.forEach((sv, i) => {
        tot.serverCpuS[i]! += processCpuS(sv.child.pid!) - cpu0[i]!;
      });
      tot.loadCpuS += cpuMs / 1000;
      tot.machineBusyS += m1.busy - m0.busy;
    }
    const group = toGroup(
      `Public pages (${paths.length} routes in turn), ${concurrency} keep-alive clients`,
      totals.map((t) => t.measured),
      { ratioKind: 'speedup', concurrency: `${concurrency} clients; 1 vs 2 instances` },
    );
    const cores = (x: number, wall: number) => (x / wall).toFixed(2);
    const cpuNotes = totals.map(
      (t) =>
        `${t.label}: CPU in cores busy over the segments — instance 1 ${cores(t.serverCpuS[0]!, t.wallS)}, instance 2 ${cores(t.serverCpuS[1]!, t.wallS)}, load generator ${cores(t.loadCpuS, t.wallS)}, whole machine ${cores(t.machineBusyS, t.wallS)} of ${os.cpus().length} (the rest: PostgreSQL and other processes).`,
    );
    for (const note of cpuNotes) {
      log(note);
    }
    return {
      bench: 'instances',
      title: '(instances) One server process vs two behind a round-robin balancer',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'routes', value: paths.map((p) => p.replace(/\?.*$/, '')).join(', ') },
        { label: 'segments', value: `${segments} × ${segmentMs / 1000} s, alternating` },
      ],
      groups: [group],
      notes: [
        ...cpuNotes,
        `The machine has ${os.cpus().length} cores, shared by the load generator, the server processes and PostgreSQL: a second Node process can only add throughput while the first leaves a core idle, so the ratio measures how much of one core's worth of idle capacity a second process turns into answers — not how Boai scales on a machine with a core per process.`,
      ],
      plans: [],
      peakRssMb: process.memoryUsage().rss / 2 ** 20,
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop('SIGTERM')));
    await bdb.drop();
  }
}

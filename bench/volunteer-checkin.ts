// QR check-in of 5,000 volunteers into one activity within one minute (issue 7): each volunteer (signed up, signed in
// through the real phone-code routes) posts the current code of the coordinator's screen and a position on site,
// open-loop over HTTP at 5,000 / 60 s against one server, with duplicate submissions mixed in (every 10th volunteer
// sends twice at once, every 25th resends a second later). The code is read from the coordinator's QR route and
// refreshed as the minute turns. Reports p50/p99 against a same-run baseline (GET /api/auth/me with the same public
// sessions at the same rate) and counts the rows: exactly one check-in per volunteer, none lost or doubled.

import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createActivitySchema } from '../server/src/modules/volunteers/volunteers.schemas';
import { createActivity } from '../server/src/modules/volunteers/volunteers-activities';
import { maskPhone } from '../server/src/platform/identity/masking';
import { normalizePhone } from '../server/src/platform/identity/phone';
import { pii } from '../server/src/platform/pii';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchOptions,
  type BenchResult,
  buildBenchApp,
  createSignedInStaff,
  log,
  openBenchDatabase,
  seconds,
  startRssSampler,
  systemCtx,
  toGroup,
} from './harness';
import { type Measured, percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const n = (value: number) => value.toLocaleString('en-US');
const site = { lat: 29.7136, lng: 120.2423 };

type LoadRequest = {
  port: number;
  activityId: string;
  staffCookie: string;
  cookies: string[];
  rate: number;
  baselineSeconds: number;
};
type Phase = { label: string; latencies: number[]; elapsedMs: number; sent: number; statuses: Record<string, number> };
type LoadReply = { ok: true; phases: Phase[] } | { ok: false; error: string };

// ------------------------------------------------------------------------------------------------ the load (child)

function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          cookie,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (payload) {
      req.write(payload);
    }
    req.end();
  });
}

/** Request i at t0 + i / rate whether or not earlier ones answered; latency = answer time − scheduled time. */
async function openLoop(phase: Phase, count: number, rate: number, send: (i: number, at: number) => Promise<number[]>) {
  const t0 = performance.now() + 50;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) {
      await new Promise((r) => setTimeout(r, wait));
    }
    pending.push(
      send(i, at).then((statuses) => {
        for (const s of statuses) {
          phase.sent++;
          phase.statuses[s] = (phase.statuses[s] ?? 0) + 1;
        }
      }),
    );
  }
  await Promise.all(pending);
  phase.elapsedMs = performance.now() - t0;
  return phase;
}

async function runLoad(req: LoadRequest): Promise<LoadReply> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const { port, cookies, rate } = req;
  let token = '';
  const refresh = async () => {
    const res = await request(agent, port, 'GET', `/api/volunteer-activities/${req.activityId}/qr`, req.staffCookie);
    if (res.status !== 200) {
      throw new Error(`qr ${res.status} ${res.text.slice(0, 200)}`);
    }
    token = JSON.parse(res.text).token;
  };
  await refresh();
  // The coordinator's screen refreshes every 5 seconds.
  const screen = setInterval(() => void refresh().catch(() => {}), 5_000);
  const timed = async (phase: Phase, at: number, call: () => Promise<{ status: number }>) => {
    const res = await call();
    phase.latencies.push(performance.now() - at);
    return res.status;
  };
  const newPhase = (label: string): Phase => ({ label, latencies: [], elapsedMs: 0, sent: 0, statuses: {} });

  const baseline = newPhase('GET /api/auth/me (baseline, same rate, public sessions)');
  await openLoop(baseline, Math.round(rate * req.baselineSeconds), rate, async (i, at) => [
    await timed(baseline, at, () => request(agent, port, 'GET', '/api/auth/me', cookies[i % cookies.length])),
  ]);

  const checkIn = (i: number) => {
    const jitter = ((i * 7919) % 100) / 1e6;
    return request(agent, port, 'POST', `/api/volunteers/open-activities/${req.activityId}/check-in`, cookies[i], {
      token,
      lat: site.lat + jitter,
      lng: site.lng - jitter,
    });
  };
  const checkins = newPhase(
    `POST …/check-in (${n(cookies.length)} volunteers in ${fmt(cookies.length / rate)} s, duplicates mixed in)`,
  );
  const resends: Promise<number>[] = [];
  await openLoop(checkins, cookies.length, rate, async (i, at) => {
    const first = timed(checkins, at, () => checkIn(i));
    if (i % 25 === 7) {
      // A resend a second later (the phone did not see the answer).
      resends.push(
        new Promise<number>((r) => setTimeout(r, 1000)).then(() =>
          timed(checkins, performance.now(), () => checkIn(i)),
        ),
      );
    }
    return i % 10 === 3 ? Promise.all([first, timed(checkins, at, () => checkIn(i))]) : [await first];
  });
  for (const s of await Promise.all(resends)) {
    checkins.sent++;
    checkins.statuses[s] = (checkins.statuses[s] ?? 0) + 1;
  }
  clearInterval(screen);
  agent.destroy();
  return { ok: true, phases: [baseline, checkins] };
}

if (process.argv.includes('--volunteer-checkin-client')) {
  process.once('message', (req: LoadRequest) => {
    runLoad(req).then(
      (reply) => process.send?.(reply, () => process.disconnect()),
      (error: Error) => process.send?.({ ok: false, error: error.message }, () => process.disconnect()),
    );
  });
}

function runClient(req: LoadRequest): Promise<LoadReply & { ok: true }> {
  const child = fork(fileURLToPath(import.meta.url), ['--volunteer-checkin-client'], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: LoadReply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
    child.once('exit', (code) => setImmediate(() => reject(new Error(`the load generator exited (${code})`))));
    child.send(req);
  });
}

// ------------------------------------------------------------------------------------------------ the bench

const tree = [
  { code: '330000', name: '浙江省', type: 'province', parentCode: null },
  { code: '330600', name: '绍兴市', type: 'city', parentCode: '330000' },
  { code: '330681', name: '诸暨市', type: 'county', parentCode: '330600' },
] as const;

export async function runVolunteerCheckin(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const count = envInt('BENCH_CHECKIN_VOLUNTEERS', opts.quick ? 500 : 5000);
  const windowSeconds = envInt('BENCH_CHECKIN_SECONDS', opts.quick ? 10 : 60);
  const rate = count / windowSeconds;
  const bdb = await openBenchDatabase(opts, 20);
  const db = bdb.database.db;
  try {
    const idByCode = await db.transaction((tx) =>
      seedDivisions(
        tx,
        tree.map((u) => ({ ...u })),
      ),
    );
    const countyId = idByCode.get('330681')!;
    const [{ region_id: regionId }] = await bdb.raw<{ region_id: number }>('SELECT region_id FROM orgs WHERE id = $1', [
      countyId,
    ]);
    const activity = await createActivity(
      db,
      systemCtx,
      createActivitySchema.parse({
        orgId: countyId,
        title: '万人签到压测活动',
        startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        place: '诸暨市暨阳街道文化广场',
        ...site,
        geofenceM: 300,
        capacity: count,
        publish: true,
      }),
    );
    // Approved volunteers signed up for the activity, written in bulk (registration is not what is measured).
    const phones = Array.from({ length: count }, (_, i) => `1391${String(i).padStart(7, '0')}`);
    const ids = phones.map(() => crypto.randomUUID());
    const hashes = phones.map((p) => {
      const r = normalizePhone(p);
      return pii().blindIndex('phone', r.ok ? r.value : p);
    });
    await bdb.raw(
      `INSERT INTO volunteers (region_id, id, org_id, person_id, name, volunteer_no, status, phone_enc, phone_hash,
         phone_masked, skills, languages, availability, emergency_name, emergency_phone_enc, emergency_phone_masked,
         registered_via, created_by)
       SELECT $1, v.id, $2, gen_random_uuid(), '志愿者' || v.k, 'ZYB' || lpad(v.k::text, 7, '0'), 'approved', 'bench',
         v.h, v.m, '{}', '{}', '{0,0,0,0,0,0,0}', '家属', 'bench', '137****0000', 'staff', 'bench'
       FROM unnest($3::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS v(id, h, m, k)`,
      [regionId, countyId, ids, hashes, phones.map((p) => maskPhone(p))],
    );
    await bdb.raw(
      `INSERT INTO volunteer_signups (region_id, id, activity_id, volunteer_id, status)
       SELECT $1, gen_random_uuid(), $2, v, 'confirmed' FROM unnest($3::uuid[]) AS v`,
      [regionId, activity.id, ids],
    );
    await bdb.raw('UPDATE volunteer_activities SET confirmed_count = $1 WHERE id = $2', [count, activity.id]);

    const app = await buildBenchApp(bdb.database);
    const staff = await createSignedInStaff(app, db, {
      username: 'bench_zhiyuan',
      roleId: 'volunteer_admin',
      orgId: countyId,
    });
    const signInStarted = performance.now();
    const cookies: string[] = new Array(count);
    let next = 0;
    const signIn = async () => {
      for (let i = next++; i < count; i = next++) {
        const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
        const asked = await app.inject({
          method: 'POST',
          url: '/api/auth/otp/request',
          payload: { phone: phones[i] },
          remoteAddress: ip,
        });
        if (asked.statusCode !== 200) {
          throw new Error(`otp request: ${asked.statusCode} ${asked.body}`);
        }
        const [row] = await bdb.raw<{ body: string }>(
          `SELECT body FROM outbox_messages WHERE template = 'otp' AND recipient_masked = $1 ORDER BY created_at DESC LIMIT 1`,
          [maskPhone(phones[i])],
        );
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/otp/verify',
          payload: { phone: phones[i], code: row?.body.match(/\d{6}/)?.[0] },
          remoteAddress: ip,
        });
        if (res.statusCode !== 200) {
          throw new Error(`otp verify: ${res.statusCode} ${res.body}`);
        }
        const set = res.headers['set-cookie'];
        cookies[i] = (Array.isArray(set) ? set[0] : String(set)).split(';')[0];
      }
    };
    await Promise.all(Array.from({ length: 8 }, signIn));
    log(
      `${n(count)} volunteers signed up and signed in by phone code in ${seconds(performance.now() - signInStarted)}`,
    );
    await bdb.raw('ANALYZE');

    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    log(`check-in: ${n(count)} volunteers at ${fmt(rate)}/s over ${windowSeconds} s`);
    const reply = await runClient({
      port,
      activityId: activity.id,
      staffCookie: staff.cookie,
      cookies,
      rate,
      baselineSeconds: opts.quick ? 5 : 15,
    });
    rss.sample();
    await app.close();

    const [stored] = await bdb.raw<{ rows: number; volunteers: number; doubled: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT volunteer_id)::int AS volunteers,
              (SELECT count(*)::int FROM (SELECT volunteer_id FROM volunteer_checkins WHERE activity_id = $1 AND kind = 'in'
                 GROUP BY volunteer_id HAVING count(*) > 1) d) AS doubled
       FROM volunteer_checkins WHERE activity_id = $1 AND kind = 'in'`,
      [activity.id],
    );
    const [baseline, checkins] = reply.phases;
    const p = (phase: Phase, q: number) =>
      percentile(
        [...phase.latencies].sort((a, b) => a - b),
        q,
      );
    const measured = (phase: Phase): Measured => ({
      label: phase.label,
      ops: phase.sent,
      elapsedMs: phase.elapsedMs,
      latencies: phase.latencies,
    });
    const group = toGroup(
      `QR check-in over HTTP, open-loop at ${fmt(rate)} volunteers/s`,
      [baseline, checkins].map(measured),
      {
        ratioKind: 'slowdown',
        concurrency: `open-loop, ${fmt(rate)}/s`,
      },
    );
    for (const row of group.rows.slice(1)) {
      row.ratio = row.p50Ms / group.rows[0].p50Ms;
    }
    const ok = checkins.statuses['200'] ?? 0;
    const dup = checkins.statuses['409'] ?? 0;
    const other = checkins.sent - ok - dup;
    const exact =
      ok === count && stored.rows === count && stored.volunteers === count && stored.doubled === 0 && other === 0;
    const notes = [
      `p99 latency: baseline ${fmt(p(baseline, 0.99))} ms, check-in ${fmt(p(checkins, 0.99))} ms (target < 100 ms). Ratio column: p50 ÷ the baseline's p50.`,
      `check-in requests ${n(checkins.sent)} (${n(count)} volunteers + ${n(checkins.sent - count)} duplicates): 200 × ${n(ok)}, 409 CHECKIN_DUPLICATE × ${n(dup)}, other × ${n(other)}; rows in volunteer_checkins ${n(stored.rows)} for ${n(stored.volunteers)} volunteers, doubled ${n(stored.doubled)}.`,
      ...(exact ? [] : [`CHECK FAILED: statuses ${JSON.stringify(checkins.statuses)}`]),
    ];
    for (const line of notes) {
      log(line);
    }
    return {
      bench: 'checkin',
      title: 'Volunteer QR check-in: 5,000 volunteers into one activity within a minute',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'Volunteers (signed up, real phone-code sessions)', value: n(count) },
        { label: 'Check-in window', value: `${windowSeconds} s (${fmt(rate)}/s open-loop)` },
        { label: 'Requests / 200 / 409 duplicate', value: `${n(checkins.sent)} / ${n(ok)} / ${n(dup)}` },
        {
          label: 'Check-in rows / doubled / lost',
          value: `${n(stored.rows)} / ${n(stored.doubled)} / ${n(count - stored.rows)}`,
        },
        { label: 'p99 check-in / baseline', value: `${fmt(p(checkins, 0.99))} / ${fmt(p(baseline, 0.99))} ms` },
      ],
      groups: [group],
      notes,
      plans: [],
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}

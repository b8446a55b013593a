// Crash test: the real server (`boai serve`) in a child process takes mixed load from concurrent clients — online
// gifts (order + the provider's signed paid notification), payouts requested by one clerk and approved by another,
// exam answers saved as learners go, volunteer QR check-ins (some sent twice at once), responders' position fixes —
// is killed with SIGKILL at a random moment, and restarted on the same data. After each kill, on the restarted data:
// every write acknowledged to a client (2xx, or a 409 that names the state as already there) is present exactly once;
// the invariant checker (server/src/test/invariants.ts) finds no violation; the log's entries match the gifts and
// payouts and its Merkle root equals a freshly signed, verified checkpoint; the checkpoint the server had published
// before the kill is consistent with the one after the restart (an RFC 9162 consistency proof from the tiles); and
// each gift's certificate job exists once, and at the end every one is done exactly once (one certificate file).
// Several rounds (kills) per database; PASS/FAIL with figures, exit code.
//
//   npm run bench -- crash [--db=pglite|postgres|both] [--rounds=3] [--clients=20]
//   node --import tsx bench/crash-test.ts [same options]
// `npm run bench` runs it too (10 kills per database; 2 with --quick). PostgreSQL: BENCH_DATABASE_URL or
// TEST_DATABASE_URL names the server; a fresh boai_crash_<random> database is created there and dropped afterwards.
// PGlite: a temporary data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/src/app';
import { type Database, openPglite, openPostgres } from '../server/src/db/client';
import { migrateDatabase } from '../server/src/db/migrate';
import { defineDonationJobs } from '../server/src/modules/donations/donations.jobs';
import { createProject, updateProject } from '../server/src/modules/donations/donations.service';
import { deriveLocalPaymentKey } from '../server/src/modules/donations/donations-runtime';
import { verifyCheckpoint } from '../server/src/modules/ledger/checkpoint';
import { getConsistencyProof, signCheckpoint } from '../server/src/modules/ledger/ledger.service';
import { deriveLedgerKey } from '../server/src/modules/ledger/ledger-key';
import { leafHash, rootHash, verifyConsistency } from '../server/src/modules/ledger/merkle';
import { consentVersion as responseConsentVersion } from '../server/src/modules/response/response-consent';
import { ensureTrainingReference } from '../server/src/modules/training/training.service';
import { createActivitySchema } from '../server/src/modules/volunteers/volunteers.schemas';
import { createActivity } from '../server/src/modules/volunteers/volunteers-activities';
import { maskPhone } from '../server/src/platform/identity/masking';
import { runDueJobs } from '../server/src/platform/jobs/jobs.service';
import { configurePii, createPii, keyringOf, pii } from '../server/src/platform/pii';
import { systemActor } from '../server/src/platform/rbac/actor';
import { syncBuiltinRoles } from '../server/src/platform/rbac/rbac.service';
import { seedDivisions } from '../server/src/seed/demo-seed';
import { checkInvariants } from '../server/src/test/invariants';
import { adminQuery, withDatabase } from '../server/src/test/template';
import { smallTree } from './auth-overhead';
import { type BenchOptions, type BenchResult, createSignedInStaff, toGroup } from './harness';
import { createOrder, donorAddress, type GiftTarget, request, sendPaidNotification } from './intake-load';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const secretKeyHex = 'c0ffee'.repeat(11).slice(0, 64);
const master = Buffer.from(secretKeyHex, 'hex');
const ledgerOrigin = 'boai.crash-test/ledger';
const ctx = { actor: systemActor('crash-test'), requestId: null, ip: null, locale: 'zh' as const };
// The server's keys exactly as `boai serve` derives them from BOAI_SECRET_KEY (key ring, v2 ciphertexts).
configurePii(createPii(keyringOf({ current: master, previous: [], lookup: master })));
// The checker runs what the kill left queued with the server's own job handlers.
defineDonationJobs({ publicUrl: 'http://127.0.0.1' });

type DbKind = 'pglite' | 'postgres';

function parseOptions(argv: string[]): CrashOptions {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--(db|rounds|clients|size)=(.+)$/.exec(a);
    if (!m) {
      throw new Error(`unknown argument ${a} (known: --db=pglite|postgres|both --rounds=N --clients=N --size=small)`);
    }
    args.set(m[1], m[2]);
  }
  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const db = args.get('db') ?? (postgresUrl ? 'both' : 'pglite');
  const dbs: DbKind[] = db === 'both' ? ['pglite', 'postgres'] : [db as DbKind];
  if (!dbs.every((d) => d === 'pglite' || d === 'postgres')) {
    throw new Error(`--db must be pglite, postgres or both, not ${db}`);
  }
  if (dbs.includes('postgres') && !postgresUrl) {
    throw new Error('--db=postgres needs a server: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
  }
  const int = (name: string, env: string, fallback: number) => {
    const v = Number(args.get(name) ?? process.env[env] ?? fallback);
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`--${name} must be a positive integer`);
    }
    return v;
  };
  // --size=small: the short version in `npm test` (a few accounts of each kind, a shorter load before the kill).
  const small = args.get('size') === 'small';
  return {
    dbs,
    rounds: int('rounds', 'BENCH_CRASH_ROUNDS', 3),
    clients: int('clients', 'BENCH_CRASH_CLIENTS', 20),
    postgresUrl,
    ...(small
      ? {
          sizes: { learners: 3, activities: 2, volunteers: 4, responders: 2 },
          killAfterMs: [1000, 2000] as [number, number],
        }
      : {}),
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------------------------------------ the data under test

type Store = {
  kind: DbKind;
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
};

async function createStore(kind: DbKind, postgresUrl: string | undefined, dir: string): Promise<Store> {
  if (kind === 'postgres') {
    const name = `boai_crash_${crypto.randomBytes(5).toString('hex')}`;
    await adminQuery(postgresUrl!, `CREATE DATABASE ${name}`);
    const url = withDatabase(postgresUrl!, name);
    return {
      kind,
      env: { DATABASE_URL: url },
      open: () => openPostgres(url, { max: 4 }),
      drop: () => adminQuery(postgresUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dataDir = path.join(dir, 'data');
  return {
    kind,
    env: { BOAI_DATA_DIR: dataDir },
    open: () => openPglite({ dataDir }),
    drop: async () => {},
  };
}

/** The accounts and records the mixed load uses: made in process, before the server first starts. */
type Fixtures = {
  projectCode: string;
  fundId: number;
  clerk: string;
  approver: string;
  coordinator: string;
  evidenceId: string;
  learners: { cookie: string; attemptId: string; questions: { id: string; keys: string[] }[] }[];
  activities: string[];
  volunteers: { cookie: string; id: string }[];
  responders: { cookie: string; id: string }[];
};

const site = { lat: 29.7136, lng: 120.2423 };
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const cookieOf = (set: string | string[] | undefined) => (Array.isArray(set) ? set[0] : String(set)).split(';')[0];

/**
 * Migrates, creates an open project, staff (a finance clerk and approver, a volunteer coordinator), learners with an
 * exam attempt started, volunteers signed up for activities, responders on call — all through the real routes of an
 * app in this process where a route exists — and returns their sessions (kept in the database, so they outlive it).
 */
async function prepare(store: Store, sizes: Sizes): Promise<Fixtures> {
  const database = await store.open();
  try {
    await migrateDatabase(database);
    await syncBuiltinRoles(database.db);
    const idByCode = await database.db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const countyId = idByCode.get('330681')!;
    const project = await createProject(database.db, ctx, {
      orgId: countyId,
      name: '崩溃测试募捐项目',
      summary: '崩溃恢复测试',
      description: '',
      fundKind: 'restricted',
      purpose: '困难群众救助',
      targetFen: 1_000_000_000,
      presetAmountsFen: [1000, 5000],
      startsOn: '2020-01-01',
      endsOn: null,
      isEmergency: false,
    });
    const opened = await updateProject(database.db, ctx, project.id, { status: 'open' });
    const [{ region_id: regionId }] = await rows<{ region_id: number }>(
      database,
      'SELECT region_id FROM orgs WHERE id = $1',
      [countyId],
    );
    const app = await buildApp({ database, logLevel: 'silent', rateLimits: false, webDist: '/nonexistent' });
    await app.ready();
    try {
      const staff = async (username: string, roleId: string) =>
        (await createSignedInStaff(app, database.db, { username, roleId, orgId: countyId })).cookie;
      const clerk = await staff('crash_clerk', 'finance');
      const approver = await staff('crash_approver', 'finance');
      const coordinator = await staff('crash_coordinator', 'volunteer_admin');
      const uploaded = await app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { cookie: clerk, 'content-type': 'multipart/form-data; boundary=crash' },
        payload: Buffer.concat([
          Buffer.from(
            '--crash\r\nContent-Disposition: form-data; name="file"; filename="slip.png"\r\nContent-Type: image/png\r\n\r\n',
          ),
          tinyPng,
          Buffer.from('\r\n--crash--\r\n'),
        ]),
      });
      if (uploaded.statusCode !== 201) {
        throw new Error(`evidence upload: ${uploaded.statusCode} ${uploaded.body}`);
      }
      let ipSeq = 0;
      const signInByPhone = async (phone: string) => {
        const ip = `10.250.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;
        const asked = await app.inject({
          method: 'POST',
          url: '/api/auth/otp/request',
          payload: { phone },
          remoteAddress: ip,
        });
        if (asked.statusCode !== 200) {
          throw new Error(`otp request: ${asked.statusCode} ${asked.body}`);
        }
        const [row] = await rows<{ body: string }>(
          database,
          `SELECT body FROM outbox_messages WHERE template = 'otp' AND recipient_masked = $1 ORDER BY created_at DESC LIMIT 1`,
          [maskPhone(phone)],
        );
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/otp/verify',
          payload: { phone, code: row?.body.match(/\d{6}/)?.[0] },
          remoteAddress: ip,
        });
        if (res.statusCode !== 200) {
          throw new Error(`otp verify: ${res.statusCode} ${res.body}`);
        }
        return cookieOf(res.headers['set-cookie']);
      };
      const post = async (cookie: string, url: string, payload: object, expected: number) => {
        const res = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
        if (res.statusCode !== expected) {
          throw new Error(`POST ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        }
        return res.json();
      };

      // Learners: one class of the first-aider course, each enrolment with an attempt started (a long paper time).
      await ensureTrainingReference(database.db);
      const [course] = await rows<{ id: number }>(
        database,
        'SELECT id FROM training_courses WHERE has_theory_exam ORDER BY id LIMIT 1',
      );
      await rows(database, 'UPDATE training_courses SET theory_minutes = 600, max_attempts = 3 WHERE id = $1', [
        course.id,
      ]);
      const classId = crypto.randomUUID();
      await rows(
        database,
        `INSERT INTO training_classes (region_id, id, class_no, course_id, org_id, title, kind, capacity, status, starts_on,
           ends_on, public_token, enrolled_count, created_by)
         VALUES ($1, $2, 'CRASH-1', $3, $4, '崩溃测试考试班', 'open', $5, 'open', current_date, current_date + 30, 'crash-token', $5, 'crash')`,
        [regionId, classId, course.id, countyId, sizes.learners],
      );
      const learners: Fixtures['learners'] = [];
      for (let i = 0; i < sizes.learners; i++) {
        const phone = `1397${String(i).padStart(7, '0')}`;
        const enrolmentId = crypto.randomUUID();
        await rows(
          database,
          `INSERT INTO training_enrolments (region_id, id, class_id, org_id, person_id, person_region_id, name, phone_hash,
             phone_masked, status, source, enrolled_at, lessons_done_at, created_by)
           VALUES ($1, $2, $3, $4, gen_random_uuid(), $1, $5, $6, $7, 'enrolled', 'staff', now(), now(), 'crash')`,
          [
            regionId,
            enrolmentId,
            classId,
            countyId,
            `学员${i}`,
            pii().blindIndex('phone', `+86${phone}`),
            maskPhone(phone),
          ],
        );
        const cookie = await signInByPhone(phone);
        const attempt = (await post(
          cookie,
          `/api/training/my/enrolments/${enrolmentId}/exam/attempts`,
          { deviceId: `crash-device-${i}` },
          201,
        )) as { id: string; questions: { questionId: string; options: { key: string }[] }[] };
        learners.push({
          cookie,
          attemptId: attempt.id,
          questions: attempt.questions.map((q) => ({ id: q.questionId, keys: q.options.map((o) => o.key) })),
        });
      }

      // Volunteers: each signed up (confirmed) for every activity; one check-in per (activity, volunteer).
      const activities: string[] = [];
      for (let a = 0; a < sizes.activities; a++) {
        const activity = await createActivity(
          database.db,
          ctx,
          createActivitySchema.parse({
            orgId: countyId,
            title: `崩溃测试活动 ${a + 1}`,
            startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
            endsAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
            place: '诸暨市暨阳街道文化广场',
            ...site,
            geofenceM: 300,
            capacity: sizes.volunteers,
            publish: true,
          }),
        );
        activities.push(activity.id);
      }
      const volunteers: Fixtures['volunteers'] = [];
      for (let i = 0; i < sizes.volunteers; i++) {
        const phone = `1398${String(i).padStart(7, '0')}`;
        const id = crypto.randomUUID();
        await rows(
          database,
          `INSERT INTO volunteers (region_id, id, org_id, person_id, name, volunteer_no, status, phone_enc, phone_hash,
             phone_masked, skills, languages, availability, emergency_name, emergency_phone_enc, emergency_phone_masked,
             registered_via, created_by)
           VALUES ($1, $2, $3, gen_random_uuid(), $4, $5, 'approved', $6, $7, $8, '{}', '{}', '{0,0,0,0,0,0,0}', '家属',
             $6, '137****0000', 'staff', 'crash')`,
          [
            regionId,
            id,
            countyId,
            `志愿者${i}`,
            `ZYX${String(i).padStart(7, '0')}`,
            pii().encrypt(phone),
            pii().blindIndex('phone', `+86${phone}`),
            maskPhone(phone),
          ],
        );
        for (const activityId of activities) {
          await rows(
            database,
            `INSERT INTO volunteer_signups (region_id, id, activity_id, volunteer_id, status)
             VALUES ($1, gen_random_uuid(), $2, $3, 'confirmed')`,
            [regionId, activityId, id],
          );
        }
        volunteers.push({ id, cookie: await signInByPhone(phone) });
      }
      for (const activityId of activities) {
        await rows(database, 'UPDATE volunteer_activities SET confirmed_count = $1 WHERE id = $2', [
          sizes.volunteers,
          activityId,
        ]);
      }

      // Responders: a valid 救护员证 each, enrolled and on call at the site.
      const responders: Fixtures['responders'] = [];
      for (let i = 0; i < sizes.responders; i++) {
        const phone = `1399${String(i).padStart(7, '0')}`;
        await rows(
          database,
          `INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id, person_region_id,
             holder_name, holder_name_masked, phone_hash, issued_on, valid_until, status, source, verify_code, created_by)
           VALUES ($1, gen_random_uuid(), $2, $3, $4, 'first_aider', gen_random_uuid(), $1, '张三', '张*', $5,
             '2024-01-01', '2099-12-31', 'valid', 'import', 'X', 'crash')`,
          [regionId, `CRASH-${i}`, countyId, course.id, pii().blindIndex('phone', `+86${phone}`)],
        );
        const cookie = await signInByPhone(phone);
        const enrolled = (await post(
          cookie,
          '/api/response/me/enrol',
          { consentVersion: responseConsentVersion, prefs: { sms: true, sound: true, maxDistanceM: 3000 } },
          200,
        )) as { id: string };
        await post(cookie, '/api/response/me/on-call', { position: site }, 200);
        responders.push({ cookie, id: enrolled.id });
      }
      return {
        projectCode: opened.code,
        fundId: opened.fundId,
        clerk,
        approver,
        coordinator,
        evidenceId: uploaded.json().id,
        learners,
        activities,
        volunteers,
        responders,
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

// ------------------------------------------------------------------------------------------------ the server

type Server = { child: ChildProcess; baseUrl: string; exited: Promise<number | null> };

// Servers still running when this process ends (an error, Ctrl-C) are killed with it.
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) {
    c.kill('SIGKILL');
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

async function startServer(store: Store, logFile: string): Promise<Server> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(root, 'server/bin/boai.mjs'), 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      ...store.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BOAI_DEMO_SEED: 'false',
      // The load generator stands in for the reverse proxy on loopback, spreading donors over the per-IP limits.
      BOAI_TRUST_PROXY: 'loopback',
      BOAI_SECRET_KEY: secretKeyHex,
      BOAI_LEDGER_ORIGIN: ledgerOrigin,
      LOG_LEVEL: 'warn',
      // Checkpoints every second, so that one is published shortly before each kill.
      BOAI_CHECKPOINT_INTERVAL_SECONDS: '1',
      BOAI_JOBS: process.env.BENCH_CRASH_JOBS === 'off' ? 'off' : 'on',
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + 120_000;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    try {
      const res = await request(agent, `${baseUrl}/api/health`, { timeoutMs: 2000 });
      if (res.status === 200) {
        return { child, baseUrl, exited };
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not come up (see ${logFile}):\n${tail(logFile)}`);
}

function tail(file: string, lines = 30): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

async function stopServer(server: Server, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  await server.exited;
  clearTimeout(timer);
}

// ------------------------------------------------------------------------------------------------ the load

type Acked = { orderNo: string; accessToken: string; amountFen: number; providerTxnId: string; donationNo?: string };
type Kind = 'gift' | 'payout' | 'answer' | 'checkin' | 'position';
const kinds: Kind[] = ['gift', 'payout', 'answer', 'checkin', 'position'];
/** Relative weights of the operations a client picks. */
const weights: Record<Kind, number> = { gift: 35, payout: 15, answer: 25, checkin: 10, position: 15 };

/** What the clients were told, across all rounds on one database. */
type Ledger = {
  gifts: Acked[];
  /** Payouts acknowledged as requested (201), then as paid (200) or refused (409 FUND_INSUFFICIENT). */
  payouts: Map<string, { amountFen: number; decision: 'paid' | 'refused' | null }>;
  /** attempt|question → the highest clientSeq acknowledged (200). */
  answers: Map<string, number>;
  /** activity|volunteer acknowledged as checked in (200, or 409 CHECKIN_DUPLICATE: already there). */
  checkins: Set<string>;
  /** responder → the sequence number of the last fix acknowledged (204); the latitude encodes it. */
  positions: Map<string, number>;
  /** Answers outside the expected ones (5xx, unknown errors): each is a failed check. */
  unexpected: string[];
  /** Latency of each acknowledged write, by kind. */
  latencies: Record<Kind, number[]>;
  attempted: Record<Kind, number>;
};

function newLedger(): Ledger {
  const zero = () => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
  return {
    gifts: [],
    payouts: new Map(),
    answers: new Map(),
    checkins: new Set(),
    positions: new Map(),
    unexpected: [],
    latencies: Object.fromEntries(kinds.map((k) => [k, []])) as unknown as Record<Kind, number[]>,
    attempted: zero(),
  };
}

const positionLat = (seq: number) => site.lat + (seq % 100_000) * 1e-7;

class ServerGone extends Error {}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    (error instanceof Error && /socket hang up|timed out/.test(error.message))
  );
}

type LoadState = {
  seq: { n: number };
  /** Sequence numbers per learner's attempt and per responder (never reused across rounds). */
  attemptSeq: Map<string, number>;
  positionSeq: Map<string, number>;
  /** (activity, volunteer) pairs not yet acknowledged as checked in. */
  checkinQueue: [string, string][];
};

/** Clients run mixed operations until the server disappears; every acknowledged write is recorded in `acked`. */
async function driveUntilKilled(
  baseUrl: string,
  fx: Fixtures,
  clients: number,
  acked: Ledger,
  state: LoadState,
  published: { note: string | null },
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 4 });
  const target: GiftTarget = { baseUrl, projectCode: fx.projectCode, localKey: deriveLocalPaymentKey(master) };
  const json = { 'content-type': 'application/json' };
  const from = (n: number) => ({ 'x-forwarded-for': donorAddress(2_000_000 + n) });
  let gone = false;
  const call = async (method: string, url: string, cookie: string, body?: unknown) => {
    const res = await request(agent, `${baseUrl}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : json), ...from(state.seq.n++) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 500) {
      acked.unexpected.push(`${method} ${url}: ${res.status} ${res.body.slice(0, 200)}`);
    }
    return res;
  };
  const codeOf = (body: string) => {
    try {
      return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  };

  // The coordinator's screens: the current QR token of each activity, refreshed as it rotates.
  const tokens = new Map<string, string>();
  const refreshTokens = async () => {
    for (const id of fx.activities) {
      const res = await call('GET', `/api/volunteer-activities/${id}/qr`, fx.coordinator);
      if (res.status === 200) {
        tokens.set(id, (JSON.parse(res.body) as { token: string }).token);
      }
    }
  };
  // What the log has published: the latest signed checkpoint the server serves (it signs every second here).
  const watchCheckpoint = async () => {
    while (!gone) {
      try {
        const res = await request(agent, `${baseUrl}/api/ledger/checkpoint`, { headers: from(state.seq.n++) });
        if (res.status === 200) {
          published.note = res.body;
        }
        await refreshTokens();
      } catch (error) {
        if (isGone(error)) {
          return;
        }
        throw error;
      }
      await sleep(250);
    }
  };

  const ops: Record<Kind, () => Promise<void>> = {
    gift: async () => {
      const n = state.seq.n++;
      const amountFen = 100 + (n % 97) * 100;
      const ip = donorAddress(n);
      const order = await createOrder(agent, target, amountFen, n, ip);
      const t0 = performance.now();
      const paid = await sendPaidNotification(agent, target, { orderNo: order.orderNo, amountFen }, ip);
      if (paid.status !== 200) {
        acked.unexpected.push(`paid callback answered ${paid.status}: ${paid.body.slice(0, 200)}`);
        return;
      }
      acked.latencies.gift.push(performance.now() - t0);
      const gift: Acked = { ...order, amountFen, providerTxnId: paid.providerTxnId };
      acked.gifts.push(gift);
      const status = await request(
        agent,
        `${baseUrl}/api/public/orders/${order.orderNo}?token=${encodeURIComponent(order.accessToken)}`,
        { headers: { 'x-forwarded-for': ip } },
      );
      if (status.status === 200) {
        gift.donationNo = (JSON.parse(status.body) as { donationNo: string | null }).donationNo ?? undefined;
      }
    },
    payout: async () => {
      const amountFen = 100 * (1 + (state.seq.n % 50));
      const t0 = performance.now();
      const req = await call('POST', '/api/payouts', fx.clerk, {
        fundId: fx.fundId,
        amountFen,
        payeeKind: 'unit',
        payeeName: '某某乡卫生院',
        purpose: '救助物资采购',
        evidenceFileId: fx.evidenceId,
      });
      if (req.status === 409 && codeOf(req.body) === 'FUND_INSUFFICIENT') {
        return; // refused at request: nothing written
      }
      if (req.status !== 201) {
        acked.unexpected.push(`POST /api/payouts: ${req.status} ${req.body.slice(0, 200)}`);
        return;
      }
      const id = (JSON.parse(req.body) as { id: string }).id;
      const entry = { amountFen, decision: null as 'paid' | 'refused' | null };
      acked.payouts.set(id, entry);
      const decided = await call('POST', `/api/payouts/${id}/decision`, fx.approver, { decision: 'approve' });
      if (decided.status === 200) {
        entry.decision = 'paid';
        acked.latencies.payout.push(performance.now() - t0);
      } else if (decided.status === 409 && codeOf(decided.body) === 'FUND_INSUFFICIENT') {
        entry.decision = 'refused';
      } else {
        acked.unexpected.push(`payout decision: ${decided.status} ${decided.body.slice(0, 200)}`);
      }
    },
    answer: async () => {
      const learner = fx.learners[state.seq.n++ % fx.learners.length];
      const q = learner.questions[state.seq.n++ % learner.questions.length];
      const seq = (state.attemptSeq.get(learner.attemptId) ?? 0) + 1;
      state.attemptSeq.set(learner.attemptId, seq);
      const t0 = performance.now();
      const res = await call('PUT', `/api/training/my/attempts/${learner.attemptId}/answers/${q.id}`, learner.cookie, {
        answer: [q.keys[seq % q.keys.length]],
        clientSeq: seq,
      });
      if (res.status !== 200) {
        acked.unexpected.push(`answer save: ${res.status} ${res.body.slice(0, 200)}`);
        return;
      }
      acked.latencies.answer.push(performance.now() - t0);
      const key = `${learner.attemptId}|${q.id}`;
      acked.answers.set(key, Math.max(acked.answers.get(key) ?? 0, seq));
    },
    checkin: async () => {
      const pair = state.checkinQueue.shift();
      if (!pair) {
        return ops.answer();
      }
      const [activityId, volunteerId] = pair;
      const volunteer = fx.volunteers.find((v) => v.id === volunteerId)!;
      const send = () =>
        call('POST', `/api/volunteers/open-activities/${activityId}/check-in`, volunteer.cookie, {
          token: tokens.get(activityId),
          ...site,
        });
      const t0 = performance.now();
      try {
        // One in five is sent twice at once (a double tap): one 200 and one 409 CHECKIN_DUPLICATE.
        const answers = await Promise.all(state.seq.n++ % 5 === 0 ? [send(), send()] : [send()]);
        const ok = answers.some((r) => r.status === 200);
        if (ok || answers.some((r) => r.status === 409 && codeOf(r.body) === 'CHECKIN_DUPLICATE')) {
          acked.checkins.add(`${activityId}|${volunteerId}`);
          if (ok) {
            acked.latencies.checkin.push(performance.now() - t0);
          }
        } else {
          acked.unexpected.push(`check-in: ${answers.map((r) => `${r.status} ${r.body.slice(0, 160)}`).join(' / ')}`);
          state.checkinQueue.push(pair);
        }
      } catch (error) {
        state.checkinQueue.push(pair); // not acknowledged: try again after the restart
        throw error;
      }
    },
    position: async () => {
      const free = fx.responders.filter((r) => !busy.has(r.id));
      if (free.length === 0) {
        return ops.gift();
      }
      const responder = free[state.seq.n++ % free.length];
      busy.add(responder.id);
      try {
        const seq = (state.positionSeq.get(responder.id) ?? 0) + 1;
        state.positionSeq.set(responder.id, seq);
        const t0 = performance.now();
        const res = await call('POST', '/api/response/me/position', responder.cookie, {
          lat: positionLat(seq),
          lng: site.lng,
          accuracyM: 10,
        });
        if (res.status === 204) {
          acked.positions.set(responder.id, seq);
          acked.latencies.position.push(performance.now() - t0);
        } else if (res.status !== 429) {
          acked.unexpected.push(`position: ${res.status} ${res.body.slice(0, 200)}`);
        }
      } finally {
        busy.delete(responder.id);
      }
    },
  };
  // One client per responder at a time: fixes of one responder are sent in order.
  const busy = new Set<string>();
  const total = kinds.reduce((a, k) => a + weights[k], 0);
  const pick = (): Kind => {
    let x = Math.random() * total;
    for (const k of kinds) {
      x -= weights[k];
      if (x < 0) {
        return k;
      }
    }
    return 'gift';
  };

  await refreshTokens().catch(() => {});
  const watcher = watchCheckpoint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!gone) {
        const kind = pick();
        acked.attempted[kind]++;
        try {
          await ops[kind]();
        } catch (error) {
          if (isGone(error) || error instanceof ServerGone) {
            gone = true;
            return;
          }
          if (error instanceof Error && /HTTP \d{3}/.test(error.message)) {
            acked.unexpected.push(error.message.slice(0, 300));
            continue;
          }
          throw error;
        }
      }
    }),
  );
  gone = true;
  await watcher;
  agent.destroy();
}

// ------------------------------------------------------------------------------------------------ the checks

type Check = { name: string; ok: boolean; detail: string };

/** Through the restarted server: every acknowledged order is paid and names its gift (the same one as before). */
async function checkOverHttp(baseUrl: string, acked: Acked[]): Promise<Check[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const problems: string[] = [];
  for (let i = 0; i < acked.length; i += 16) {
    await Promise.all(
      acked.slice(i, i + 16).map(async (a) => {
        const res = await request(
          agent,
          `${baseUrl}/api/public/orders/${a.orderNo}?token=${encodeURIComponent(a.accessToken)}`,
          { headers: { 'x-forwarded-for': donorAddress(1_000_000 + i) } },
        );
        const body =
          res.status === 200 ? (JSON.parse(res.body) as { status: string; donationNo: string | null }) : null;
        if (body?.status !== 'paid' || !body.donationNo) {
          problems.push(`${a.orderNo}: HTTP ${res.status} ${res.body.slice(0, 120)}`);
        } else if (a.donationNo && a.donationNo !== body.donationNo) {
          problems.push(`${a.orderNo}: gift ${body.donationNo}, was ${a.donationNo} before the crash`);
        } else {
          a.donationNo = body.donationNo;
        }
      }),
    );
  }
  agent.destroy();
  return [
    {
      name: 'every acknowledged order is paid, with its gift, after the restart (HTTP)',
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 5).join('; ') : `${acked.length} orders`,
    },
  ];
}

async function rows<T>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  const driver = (database.pglite ?? database.pool) as unknown as {
    query(text: string, params: unknown[]): Promise<{ rows: T[] }>;
  };
  return (await driver.query(text, params)).rows;
}

/** On the data itself, with the server stopped. */
async function checkData(
  database: Database,
  acked: Acked[],
): Promise<{ checks: Check[]; gifts: number; entries: number }> {
  const checks: Check[] = [];
  const add = (name: string, problems: string[], okDetail: string) =>
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 5).join('; ') : okDetail,
    });

  const perOrder = await rows<{
    order_no: string;
    status: string | null;
    by_order: number;
    by_txn: number;
    txn: string;
  }>(
    database,
    `SELECT a.order_no, o.status, a.txn,
            (SELECT count(*)::int FROM donations d WHERE d.order_id = o.id) AS by_order,
            (SELECT count(*)::int FROM donations d WHERE d.channel = 'local' AND d.provider_txn_id = a.txn) AS by_txn
     FROM unnest($1::text[], $2::text[]) AS a(order_no, txn)
     LEFT JOIN donation_orders o ON o.order_no = a.order_no`,
    [acked.map((a) => a.orderNo), acked.map((a) => a.providerTxnId)],
  );
  add(
    'every acknowledged gift exists exactly once, by order and by provider transaction id',
    perOrder
      .filter((r) => r.status !== 'paid' || r.by_order !== 1 || r.by_txn !== 1)
      .map((r) => `${r.order_no}: order ${r.status}, ${r.by_order} gifts by order, ${r.by_txn} by txn ${r.txn}`),
    `${acked.length} acknowledged`,
  );

  const [orphans] = await rows<{ without_order: number; paid_without_gift: number; duplicated: number; gifts: number }>(
    database,
    `SELECT (SELECT count(*)::int FROM donations d
              LEFT JOIN donation_orders o ON o.id = d.order_id AND o.region_id = d.region_id
              WHERE o.id IS NULL OR o.status <> 'paid' OR o.donation_id IS DISTINCT FROM d.id) AS without_order,
            (SELECT count(*)::int FROM donation_orders o WHERE o.status = 'paid'
              AND NOT EXISTS (SELECT 1 FROM donations d WHERE d.order_id = o.id)) AS paid_without_gift,
            (SELECT count(*)::int FROM (SELECT order_id FROM donations GROUP BY order_id HAVING count(*) > 1) x) AS duplicated,
            (SELECT count(*)::int FROM donations) AS gifts`,
  );
  add(
    'no gift without its paid order, no paid order without its gift, no order with two gifts',
    [
      orphans.without_order ? `${orphans.without_order} gifts without a paid order pointing at them` : '',
      orphans.paid_without_gift ? `${orphans.paid_without_gift} paid orders without a gift` : '',
      orphans.duplicated ? `${orphans.duplicated} orders with several gifts` : '',
    ].filter(Boolean),
    `${orphans.gifts} gifts`,
  );

  const [jobs] = await rows<{ without_job: number; certificates: number }>(
    database,
    `SELECT (SELECT count(*)::int FROM donations d WHERE NOT EXISTS (
               SELECT 1 FROM jobs j WHERE j.name = 'donations.certificate' AND j.payload->>'donationId' = d.id::text)
            ) AS without_job,
            (SELECT count(*)::int FROM donations WHERE certificate_file_id IS NOT NULL) AS certificates`,
  );
  add(
    "every gift's certificate job was queued with it",
    jobs.without_job ? [`${jobs.without_job} gifts without a certificate job`] : [],
    `${jobs.certificates} certificates issued so far`,
  );

  const [log] = await rows<{ entries: number; min: number | null; max: number | null; size: number | null }>(
    database,
    `SELECT count(*)::int AS entries, min(index)::int AS min, max(index)::int AS max,
            (SELECT size::int FROM ledger_state WHERE id = 1) AS size
     FROM ledger_entries`,
  );
  add(
    "the log's entry count equals the state's size, indexes 0..n-1 without a gap",
    log.entries === (log.size ?? 0) && (log.entries === 0 || (log.min === 0 && log.max === log.entries - 1))
      ? []
      : [`${log.entries} entries, state size ${log.size}, indexes ${log.min}..${log.max}`],
    `${log.entries} entries`,
  );

  const gifts = await rows<{
    donation_no: string;
    amount_fen: number;
    ledger_index: number;
    kind: string | null;
    leaf: string | null;
  }>(
    database,
    `SELECT d.donation_no, d.amount_fen::int AS amount_fen, d.ledger_index::int AS ledger_index, e.kind, e.leaf
     FROM donations d LEFT JOIN ledger_entries e ON e.index = d.ledger_index ORDER BY d.ledger_index`,
  );
  const entryProblems: string[] = [];
  const seen = new Set<number>();
  for (const g of gifts) {
    if (seen.has(g.ledger_index)) {
      entryProblems.push(`two gifts on entry ${g.ledger_index}`);
    }
    seen.add(g.ledger_index);
    const leaf = g.leaf ? (JSON.parse(g.leaf) as { ref?: string; amountFen?: number }) : null;
    if (!leaf || g.kind !== 'donation.received' || leaf.ref !== g.donation_no || leaf.amountFen !== g.amount_fen) {
      entryProblems.push(
        `${g.donation_no}: entry ${g.ledger_index} is ${g.kind ?? 'missing'} ${g.leaf?.slice(0, 80) ?? ''}`,
      );
    }
  }
  const [{ received }] = await rows<{ received: number }>(
    database,
    `SELECT count(*)::int AS received FROM ledger_entries WHERE kind = 'donation.received'`,
  );
  if (received !== gifts.length) {
    entryProblems.push(`${received} donation.received entries for ${gifts.length} gifts`);
  }
  add(
    "each gift's ledger entry exists and holds its number and amount; no entry without its gift",
    entryProblems,
    `${gifts.length} gifts`,
  );

  const leaves = await rows<{ index: number; leaf: string; leaf_hash: Uint8Array }>(
    database,
    'SELECT index::int AS index, leaf, leaf_hash FROM ledger_entries ORDER BY index',
  );
  const hashes = leaves.map((l) => new Uint8Array(l.leaf_hash));
  const badHashes = leaves
    .filter(
      (l, i) => Buffer.compare(Buffer.from(leafHash(new TextEncoder().encode(l.leaf))), Buffer.from(hashes[i])) !== 0,
    )
    .map((l) => `entry ${l.index}: stored leaf hash is not SHA-256(0x00 || leaf)`);
  const key = deriveLedgerKey(master, ledgerOrigin);
  const signed = await signCheckpoint(database.db, { origin: key.origin, signer: key.signer });
  const recomputed = Buffer.from(rootHash(hashes)).toString('base64');
  const rootProblems = [...badHashes];
  if (!signed) {
    rootProblems.push('no checkpoint could be signed');
  } else {
    const verified = verifyCheckpoint(signed.note, key.verifierKey);
    if (verified.size !== leaves.length || Buffer.from(verified.rootHash).toString('base64') !== recomputed) {
      rootProblems.push(
        `checkpoint size ${verified.size} root ${Buffer.from(verified.rootHash).toString('base64')}, recomputed from ${leaves.length} leaves ${recomputed}`,
      );
    }
  }
  add(
    'the Merkle root of all leaf hashes equals the root of a freshly signed checkpoint (signature verified)',
    rootProblems,
    `size ${leaves.length}, root ${recomputed.slice(0, 12)}…`,
  );
  return { checks, gifts: orphans.gifts, entries: log.entries };
}

type Figures = { lost: number; duplicates: number; violations: number };

/** The mixed writes, the invariant checker, the published checkpoint and the jobs: on the data, server stopped. */
async function checkMixed(
  database: Database,
  acked: Ledger,
  prior: string | null,
  final: boolean,
): Promise<{ checks: Check[]; figures: Figures }> {
  const checks: Check[] = [];
  const figures: Figures = { lost: 0, duplicates: 0, violations: 0 };
  const add = (name: string, problems: string[], okDetail: string, counts?: 'lost' | 'duplicates') => {
    if (counts) {
      figures[counts] += problems.length;
    }
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 5).join('; ') : okDetail,
    });
  };

  add('no 5xx and no unexpected answer during the load', acked.unexpected, 'none');

  // Gifts: lost and doubled, by order and by provider transaction id.
  const perOrder = await rows<{ order_no: string; by_order: number; by_txn: number }>(
    database,
    `SELECT a.order_no,
            (SELECT count(*)::int FROM donations d WHERE d.order_id = o.id) AS by_order,
            (SELECT count(*)::int FROM donations d WHERE d.channel = 'local' AND d.provider_txn_id = a.txn) AS by_txn
     FROM unnest($1::text[], $2::text[]) AS a(order_no, txn)
     LEFT JOIN donation_orders o ON o.order_no = a.order_no`,
    [acked.gifts.map((a) => a.orderNo), acked.gifts.map((a) => a.providerTxnId)],
  );
  figures.lost += perOrder.filter((r) => r.by_order === 0 || r.by_txn === 0).length;
  figures.duplicates += perOrder.filter((r) => r.by_order > 1 || r.by_txn > 1).length;

  const payouts = [...acked.payouts.entries()];
  const stored = await rows<{ id: string; status: string | null; n: number; ledger_index: number | null }>(
    database,
    `SELECT a.id::text AS id, max(p.status) AS status, count(p.id)::int AS n, max(p.ledger_index)::int AS ledger_index
     FROM unnest($1::uuid[]) AS a(id) LEFT JOIN payouts p ON p.id = a.id GROUP BY a.id`,
    [payouts.map(([id]) => id)],
  );
  const byId = new Map(stored.map((r) => [r.id, r]));
  const payoutProblems: string[] = [];
  for (const [id, p] of payouts) {
    const row = byId.get(id);
    if (row?.n !== 1) {
      payoutProblems.push(`${id}: ${row?.n ?? 0} rows`);
    } else if (p.decision === 'paid' && (row.status !== 'paid' || row.ledger_index === null)) {
      payoutProblems.push(`${id}: acknowledged paid, stored ${row.status}`);
    } else if (p.decision === 'refused' && row.status !== 'pending') {
      payoutProblems.push(`${id}: refused (insufficient), stored ${row.status}`);
    }
  }
  const paid = payouts.filter(([, p]) => p.decision === 'paid').length;
  add(
    'every acknowledged payout request exists once; acknowledged approvals are paid with their entry',
    payoutProblems,
    `${payouts.length} requested, ${paid} paid, ${payouts.filter(([, p]) => p.decision === 'refused').length} refused`,
    'lost',
  );

  const answers = [...acked.answers.entries()].map(([k, seq]) => [...k.split('|'), seq] as [string, string, number]);
  const lostAnswers = await rows<{ attempt_id: string; question_id: string; seq: number; stored: number | null }>(
    database,
    `SELECT a.attempt_id, a.question_id, a.seq, s.client_seq AS stored
     FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS a(attempt_id, question_id, seq)
     LEFT JOIN training_exam_answers s ON s.attempt_id = a.attempt_id AND s.question_id = a.question_id
     WHERE s.client_seq IS NULL OR s.client_seq < a.seq`,
    [answers.map((a) => a[0]), answers.map((a) => a[1]), answers.map((a) => a[2])],
  );
  const [saves] = await rows<{ n: number }>(database, 'SELECT count(*)::int AS n FROM training_exam_answers');
  add(
    'every acknowledged exam answer is stored (that save or a later one of the same question)',
    lostAnswers.map((r) => `${r.attempt_id}/${r.question_id}: acknowledged seq ${r.seq}, stored ${r.stored}`),
    `${answers.length} questions answered, ${saves.n} answer rows`,
    'lost',
  );

  const pairs = [...acked.checkins].map((k) => k.split('|'));
  const checkinRows = await rows<{ activity_id: string; volunteer_id: string; n: number }>(
    database,
    `SELECT a.activity_id, a.volunteer_id,
            (SELECT count(*)::int FROM volunteer_checkins c WHERE c.activity_id = a.activity_id
               AND c.volunteer_id = a.volunteer_id AND c.kind = 'in') AS n
     FROM unnest($1::uuid[], $2::uuid[]) AS a(activity_id, volunteer_id)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  figures.duplicates += checkinRows.filter((r) => r.n > 1).length;
  add(
    'every acknowledged check-in exists exactly once',
    checkinRows.filter((r) => r.n === 0).map((r) => `${r.activity_id}/${r.volunteer_id}: missing`),
    `${pairs.length} check-ins`,
    'lost',
  );

  const fixes = [...acked.positions.entries()];
  const positionRows = await rows<{ responder_id: string; lat: number | null; n: number }>(
    database,
    `SELECT a.id::text AS responder_id, max(p.lat) AS lat, count(p.responder_id)::int AS n
     FROM unnest($1::uuid[]) AS a(id) LEFT JOIN response_positions p ON p.responder_id = a.id GROUP BY a.id`,
    [fixes.map(([id]) => id)],
  );
  const lastAcked = new Map(fixes);
  add(
    "every responder's acknowledged fix is its stored position (or a later one), one row each",
    positionRows
      .filter((r) => r.n !== 1 || r.lat === null || r.lat + 1e-9 < positionLat(lastAcked.get(r.responder_id)!))
      .map(
        (r) =>
          `${r.responder_id}: ${r.n} rows, lat ${r.lat}, acknowledged ${positionLat(lastAcked.get(r.responder_id)!)}`,
      ),
    `${fixes.length} responders, ${acked.latencies.position.length} fixes acknowledged`,
    'lost',
  );

  // The invariant checker: funds, goods, exactly-once records and the log against the tables.
  const report = await checkInvariants(database.db);
  figures.violations = report.violations.length;
  figures.duplicates += report.violations.filter((v) => /once|one /.test(v.rule)).length;
  add(
    'the invariant checker finds no violation',
    report.violations.map((v) => `${v.rule}: ${v.detail}`),
    `${report.counts.funds} funds, ${report.counts.gifts} gifts, ${report.counts.loggedRecords} logged records, ${report.counts.ledgerEntries} entries`,
  );

  // The checkpoint published before the kill is consistent with the one signed after the restart.
  const key = deriveLedgerKey(master, ledgerOrigin);
  const signed = await signCheckpoint(database.db, { origin: key.origin, signer: key.signer });
  const consistency: string[] = [];
  let detail = 'no checkpoint was published before the kill';
  if (prior && signed) {
    try {
      const before = verifyCheckpoint(prior, key.verifierKey);
      const after = verifyCheckpoint(signed.note, key.verifierKey);
      const [kept] = await rows<{ n: number }>(
        database,
        'SELECT count(*)::int AS n FROM ledger_checkpoints WHERE size = $1 AND root_hash = $2',
        [before.size, Buffer.from(before.rootHash).toString('base64')],
      );
      if (kept.n !== 1) {
        consistency.push(`the published checkpoint of size ${before.size} is not stored after the restart`);
      }
      const proof = await getConsistencyProof(database.db, before.size, after.size);
      const ok = verifyConsistency(
        before.size,
        after.size,
        before.rootHash,
        after.rootHash,
        proof.proof.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
      );
      if (!ok) {
        consistency.push(`the consistency proof from ${before.size} to ${after.size} does not verify`);
      }
      detail = `published size ${before.size} → ${after.size} after the restart, proof of ${proof.proof.length} hashes verified`;
    } catch (error) {
      consistency.push(error instanceof Error ? error.message : String(error));
    }
  }
  add('the checkpoint published before the kill is consistent with the one after the restart', consistency, detail);

  // Jobs: each gift's certificate job once; at the end every job left is run, and each ran exactly once.
  if (final) {
    // Every worker is dead or stopped now: a job a killed server had claimed is leased for 60 s; end those leases
    // (as their expiry would) so the ordinary recovery path (claimNext takes expired leases) runs them here.
    await rows(database, `UPDATE jobs SET locked_until = now() - interval '1 second' WHERE status = 'running'`);
    let ran = 0;
    for (
      let n = await runDueJobs(database.db, 'crash-check');
      n > 0;
      n = await runDueJobs(database.db, 'crash-check')
    ) {
      ran += n;
    }
    const [jobs] = await rows<{
      gifts: number;
      not_done: number;
      without_file: number;
      files_twice: number;
      jobs: number;
    }>(
      database,
      `SELECT (SELECT count(*)::int FROM donations) AS gifts,
              (SELECT count(*)::int FROM jobs WHERE name = 'donations.certificate' AND status <> 'done') AS not_done,
              (SELECT count(*)::int FROM donations WHERE certificate_file_id IS NULL) AS without_file,
              (SELECT count(*)::int FROM (SELECT name FROM stored_files WHERE purpose = 'certificate'
                 GROUP BY name HAVING count(*) > 1) x) AS files_twice,
              (SELECT count(*)::int FROM jobs WHERE name = 'donations.certificate') AS jobs`,
    );
    figures.duplicates += jobs.files_twice;
    add(
      "every gift's certificate job is done exactly once (one certificate file per gift)",
      [
        jobs.not_done ? `${jobs.not_done} certificate jobs not done` : '',
        jobs.without_file ? `${jobs.without_file} gifts without a certificate` : '',
        jobs.files_twice ? `${jobs.files_twice} certificates made twice` : '',
        jobs.jobs !== jobs.gifts ? `${jobs.jobs} certificate jobs for ${jobs.gifts} gifts` : '',
      ].filter(Boolean),
      `${jobs.jobs} jobs for ${jobs.gifts} gifts (${ran} left after the last restart, run here)`,
      'lost',
    );
  }
  return { checks, figures };
}

// ------------------------------------------------------------------------------------------------ rounds

type Sizes = { learners: number; activities: number; volunteers: number; responders: number };
export type CrashOptions = {
  dbs: DbKind[];
  rounds: number;
  clients: number;
  postgresUrl?: string;
  sizes?: Partial<Sizes>;
  /** Milliseconds of load before the kill: a random delay in [min, max] from the first acknowledged write. */
  killAfterMs?: [number, number];
  quiet?: boolean;
};

type RoundResult = {
  db: DbKind;
  round: number;
  killedAfterMs: number;
  gifts: number;
  entries: number;
  checks: Check[];
  figures: Figures;
};

export type CrashSummary = {
  db: DbKind;
  kills: number;
  durationS: number;
  acknowledged: Record<string, number>;
  attempted: Record<Kind, number>;
  lost: number;
  duplicates: number;
  violations: number;
  failed: string[];
  latencies: Record<Kind, number[]>;
  rounds: RoundResult[];
};

async function runOnDatabase(kind: DbKind, opts: CrashOptions): Promise<CrashSummary> {
  const started = performance.now();
  const out = opts.quiet ? () => {} : say;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-crash-'));
  const logFile = path.join(dir, 'server.log');
  const store = await createStore(kind, opts.postgresUrl, dir);
  const sizes: Sizes = { learners: 8, activities: 4, volunteers: 16, responders: 6, ...opts.sizes };
  const [minKill, maxKill] = opts.killAfterMs ?? [2000, 5000];
  const results: RoundResult[] = [];
  const acked = newLedger();
  let running: Server | undefined;
  try {
    const fx = await prepare(store, sizes);
    const state: LoadState = {
      seq: { n: 0 },
      attemptSeq: new Map(),
      positionSeq: new Map(),
      checkinQueue: fx.activities.flatMap((a) => fx.volunteers.map((v) => [a, v.id] as [string, string])),
    };
    for (let i = state.checkinQueue.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [state.checkinQueue[i], state.checkinQueue[j]] = [state.checkinQueue[j], state.checkinQueue[i]];
    }
    for (let round = 1; round <= opts.rounds; round++) {
      const server = await startServer(store, logFile);
      running = server;
      const published = { note: null as string | null };
      const killAfter = minKill + Math.floor(Math.random() * (maxKill - minKill));
      const count = () => acked.gifts.length + acked.payouts.size + acked.answers.size + acked.checkins.size;
      const before = count();
      const driving = driveUntilKilled(server.baseUrl, fx, opts.clients, acked, state, published);
      // The random delay runs from the first acknowledged write of the round, so the kill lands under load.
      for (const t0 = Date.now(); count() === before && Date.now() - t0 < 60_000; ) {
        await sleep(20);
      }
      await sleep(killAfter);
      server.child.kill('SIGKILL');
      await server.exited;
      await driving;
      out(
        `  ${kind} round ${round}: SIGKILL ${killAfter} ms into the load; acknowledged so far: ${acked.gifts.length} gifts, ${acked.payouts.size} payouts, ${acked.answers.size} answers, ${acked.checkins.size} check-ins, ${acked.latencies.position.length} fixes`,
      );
      const restarted = await startServer(store, logFile);
      running = restarted;
      const checks = await checkOverHttp(restarted.baseUrl, acked.gifts);
      // Let the restarted server's job worker pick up what the kill left queued.
      await sleep(1500);
      await stopServer(restarted, 'SIGTERM');
      running = undefined;
      const database = await store.open();
      try {
        const data = await checkData(database, acked.gifts);
        checks.push(...data.checks);
        const mixed = await checkMixed(database, acked, published.note, round === opts.rounds);
        checks.push(...mixed.checks);
        results.push({
          db: kind,
          round,
          killedAfterMs: killAfter,
          gifts: data.gifts,
          entries: data.entries,
          checks,
          figures: mixed.figures,
        });
      } finally {
        await database.close();
      }
      for (const c of checks) {
        out(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      }
    }
  } catch (error) {
    say(`  server log (${logFile}):\n${tail(logFile)}`);
    throw error;
  } finally {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await store.drop();
    if (results.length === opts.rounds && results.every((r) => r.checks.every((c) => c.ok))) {
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      say(`  kept ${dir} for inspection`);
    }
  }
  const last = results.at(-1)!;
  return {
    db: kind,
    kills: results.length,
    durationS: (performance.now() - started) / 1000,
    acknowledged: {
      gifts: acked.gifts.length,
      'payout requests': acked.payouts.size,
      'payouts paid': [...acked.payouts.values()].filter((p) => p.decision === 'paid').length,
      'payouts refused (409)': [...acked.payouts.values()].filter((p) => p.decision === 'refused').length,
      'exam answer saves': acked.latencies.answer.length,
      'check-ins': acked.checkins.size,
      'position fixes': acked.latencies.position.length,
    },
    attempted: acked.attempted,
    // Each round re-checks everything acknowledged so far: the last round's figures cover all rounds.
    lost: Math.max(...results.map((r) => r.figures.lost)),
    duplicates: Math.max(...results.map((r) => r.figures.duplicates)),
    violations: Math.max(...results.map((r) => r.figures.violations)),
    failed: results.flatMap((r) =>
      r.checks.filter((c) => !c.ok).map((c) => `${r.db} round ${r.round}: ${c.name}: ${c.detail}`),
    ),
    latencies: acked.latencies,
    rounds: results.map((r) => ({ ...r, checks: r.round === last.round ? r.checks : r.checks.filter((c) => !c.ok) })),
  };
}

export async function runCrash(opts: CrashOptions): Promise<CrashSummary[]> {
  const summaries: CrashSummary[] = [];
  for (const kind of opts.dbs) {
    summaries.push(await runOnDatabase(kind, opts));
  }
  return summaries;
}

function printSummary(summaries: CrashSummary[]) {
  say(
    '\nSummary (acknowledged writes are cumulative over the rounds on one database; every round re-checks them all):',
  );
  for (const s of summaries) {
    const acks = Object.entries(s.acknowledged)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    say(
      `  ${s.db}: ${s.kills} kills in ${s.durationS.toFixed(0)} s; acknowledged: ${acks}; lost ${s.lost}, duplicates ${s.duplicates}, invariant violations ${s.violations}; ${s.failed.length === 0 ? 'PASS' : 'FAIL'}`,
    );
    for (const f of s.failed.slice(0, 10)) {
      say(`    FAIL ${f}`);
    }
  }
}

export async function runCrashTest(argv: string[]): Promise<boolean> {
  const opts = parseOptions(argv);
  say(
    `Crash test: ${opts.rounds} rounds of SIGKILL under ${opts.clients} concurrent clients (mixed load) on ${opts.dbs.join(' and ')}`,
  );
  const summaries = await runCrash(opts);
  printSummary(summaries);
  const passed = summaries.every((s) => s.kills === opts.rounds && s.failed.length === 0);
  // One machine-readable line for the test that runs this script (server/src/test/crash.db.test.ts).
  say(
    `CRASH_SUMMARY ${JSON.stringify(summaries.map(({ latencies, rounds, ...figures }) => ({ ...figures, writes: Object.values(latencies).reduce((a, l) => a + l.length, 0) })))}`,
  );
  say(`\nCrash test: ${passed ? 'PASS' : 'FAIL'}`);
  return passed;
}

/** `npm run bench` entry: 10 kills (2 with --quick) on one database; the figures as a bench result. */
export async function runCrashBench(opts: BenchOptions): Promise<BenchResult> {
  const rounds = Number(process.env.BENCH_CRASH_ROUNDS) || (opts.quick ? 2 : 10);
  const clients = Number(process.env.BENCH_CRASH_CLIENTS) || (opts.quick ? 8 : 16);
  const [s] = await runCrash({ dbs: [opts.db], rounds, clients, postgresUrl: opts.postgresUrl });
  printSummary([s]);
  const label: Record<Kind, string> = {
    gift: 'online gift (paid notification → 200)',
    payout: 'payout (request 201 + approval 200)',
    answer: 'exam answer save (200)',
    checkin: 'volunteer check-in (200)',
    position: 'responder position fix (204)',
  };
  const measured = kinds.map((k) => ({
    label: label[k],
    ops: s.latencies[k].length,
    elapsedMs: s.durationS * 1000,
    latencies: s.latencies[k],
  }));
  const ok = s.failed.length === 0 && s.kills === rounds;
  return {
    bench: 'crash',
    title: 'Crash durability: SIGKILL under mixed load',
    db: opts.db,
    dbVersion: opts.db === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL',
    quick: opts.quick,
    setup: [
      { label: 'Kills (SIGKILL at a random moment under load, then restart)', value: String(s.kills) },
      { label: 'Concurrent clients', value: String(clients) },
      ...Object.entries(s.acknowledged).map(([k, v]) => ({ label: `Acknowledged: ${k}`, value: String(v) })),
      { label: 'Acknowledged writes lost', value: String(s.lost) },
      { label: 'Duplicates', value: String(s.duplicates) },
      { label: 'Invariant violations', value: String(s.violations) },
      { label: 'Result', value: ok ? 'PASS' : `FAIL: ${s.failed.slice(0, 3).join('; ')}` },
    ],
    groups: [
      toGroup('Acknowledged writes over all rounds (rate over the whole run, restarts and checks included)', measured, {
        ratioKind: 'slowdown',
        concurrency: `${clients} clients`,
      }),
    ],
    notes: [
      `${s.kills} kills in ${s.durationS.toFixed(0)} s; lost ${s.lost}, duplicates ${s.duplicates}, invariant violations ${s.violations}; every round re-checks all writes acknowledged so far, the ledger against the tables and the last published checkpoint (consistency proof), and at the end that every certificate job ran exactly once.`,
      ...s.failed.slice(0, 5).map((f) => `CHECK FAILED: ${f}`),
    ],
    plans: [],
    peakRssMb: Math.round(process.memoryUsage().rss / 1048576),
    durationS: s.durationS,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runCrashTest(process.argv.slice(2)).then(
    (passed) => process.exit(passed ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

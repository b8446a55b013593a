// One theory-exam wave: 2,000 learners (enrolments set up in the database, each signed in through the real phone
// code routes) start an attempt, then save an answer every 10 s each — 200 saves/s for ≥ 60 s, open-loop over HTTP
// against one server — and submit at the end. Reports p50/p99 of the save, start and submit, a same-run baseline
// (GET /api/health at the same rate), and counts the answers in the database: every acknowledged save must be there.
// The server runs in this process (app.listen); the load comes from a forked child with its own event loop, and each
// latency is measured from the request's scheduled send time (no coordinated omission).
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { ensureTrainingReference } from '../server/src/modules/training/training.service';
import { maskPhone } from '../server/src/platform/identity/masking';
import { pii } from '../server/src/platform/pii';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchOptions,
  type BenchResult,
  buildBenchApp,
  log,
  openBenchDatabase,
  seconds,
  startRssSampler,
  toGroup,
} from './harness';
import { type Measured, percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const n = (value: number) => value.toLocaleString('en-US');

type Learner = { cookie: string; enrolmentId: string };
type WaveRequest = {
  port: number;
  learners: Learner[];
  rate: number;
  baselineSeconds: number;
  saveSeconds: number;
};
type Phase = { label: string; latencies: number[]; elapsedMs: number; sent: number; ok: number; errors: string[] };
type WaveReply = { ok: true; phases: Phase[]; acked: [string, string, number][] } | { ok: false; error: string };

// ------------------------------------------------------------------------------------------------ the load (child)

function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  cookie: string | undefined,
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
          ...(cookie ? { cookie } : {}),
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

/**
 * Sends `count` requests open-loop at `rate` per second (request i at t0 + i / rate, whether or not earlier ones
 * answered); latency = answer time − scheduled time.
 */
async function openLoop(
  label: string,
  count: number,
  rate: number,
  send: (i: number) => Promise<boolean>,
): Promise<Phase> {
  const phase: Phase = { label, latencies: [], elapsedMs: 0, sent: 0, ok: 0, errors: [] };
  const t0 = performance.now() + 50;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) {
      await new Promise((r) => setTimeout(r, wait));
    }
    phase.sent++;
    pending.push(
      send(i).then(
        (ok) => {
          phase.latencies.push(performance.now() - at);
          if (ok) {
            phase.ok++;
          }
        },
        (error: Error) => {
          phase.latencies.push(performance.now() - at);
          if (phase.errors.length < 5) {
            phase.errors.push(error.message);
          }
        },
      ),
    );
  }
  await Promise.all(pending);
  phase.elapsedMs = performance.now() - t0;
  return phase;
}

async function runWave(req: WaveRequest): Promise<WaveReply> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const { port, learners, rate } = req;
  const papers: { attemptId: string; questions: { id: string; keys: string[] }[] }[] = [];
  const fail = (phase: Phase, what: string) => {
    if (phase.errors.length < 5) {
      phase.errors.push(what);
    }
    return false;
  };
  const phases: Phase[] = [];

  const starts = await openLoop('POST …/exam/attempts (start: draw a paper)', learners.length, rate, async (i) => {
    const res = await request(
      agent,
      port,
      'POST',
      `/api/training/my/enrolments/${learners[i].enrolmentId}/exam/attempts`,
      learners[i].cookie,
      {
        deviceId: `bench-device-${i}`,
      },
    );
    if (res.status !== 201) {
      return fail(starts, `start ${res.status} ${res.text.slice(0, 200)}`);
    }
    const view = JSON.parse(res.text) as {
      id: string;
      questions: { questionId: string; options: { key: string }[] }[];
    };
    papers[i] = {
      attemptId: view.id,
      questions: view.questions.map((q) => ({ id: q.questionId, keys: q.options.map((o) => o.key) })),
    };
    return true;
  });
  phases.push(starts);
  if (papers.filter(Boolean).length !== learners.length) {
    throw new Error(
      `only ${papers.filter(Boolean).length} of ${learners.length} attempts started: ${starts.errors.join('; ')}`,
    );
  }

  const baseline = await openLoop(
    'GET /api/health (baseline, same rate)',
    Math.round(rate * req.baselineSeconds),
    rate,
    async () => {
      const res = await request(agent, port, 'GET', '/api/health', undefined);
      return res.status === 200 || fail(baseline, `health ${res.status}`);
    },
  );
  phases.push(baseline);

  // Save i goes to learner i mod N, question (i div N) of their paper: every learner saves once per N / rate seconds.
  const acked = new Map<string, [string, string, number]>();
  const saves = await openLoop(
    `PUT …/answers/:questionId (autosave, ${learners.length} learners × 1 per ${fmt(learners.length / rate)} s)`,
    Math.round(rate * req.saveSeconds),
    rate,
    async (i) => {
      const k = i % learners.length;
      const round = Math.floor(i / learners.length);
      const paper = papers[k];
      const q = paper.questions[round % paper.questions.length];
      const seq = i + 1;
      const answer = [q.keys[(i * 7 + k) % q.keys.length]];
      const res = await request(
        agent,
        port,
        'PUT',
        `/api/training/my/attempts/${paper.attemptId}/answers/${q.id}`,
        learners[k].cookie,
        { answer, clientSeq: seq },
      );
      if (res.status !== 200) {
        return fail(saves, `save ${res.status} ${res.text.slice(0, 200)}`);
      }
      const key = `${paper.attemptId}/${q.id}`;
      const prev = acked.get(key);
      if (!prev || prev[2] < seq) {
        acked.set(key, [paper.attemptId, q.id, seq]);
      }
      return true;
    },
  );
  phases.push(saves);

  const submits = await openLoop('POST …/submit (grade)', learners.length, rate, async (i) => {
    const res = await request(
      agent,
      port,
      'POST',
      `/api/training/my/attempts/${papers[i].attemptId}/submit`,
      learners[i].cookie,
    );
    return res.status === 200 || fail(submits, `submit ${res.status} ${res.text.slice(0, 200)}`);
  });
  phases.push(submits);
  agent.destroy();
  return { ok: true, phases, acked: [...acked.values()] };
}

if (process.argv.includes('--exam-wave-client')) {
  process.once('message', (req: WaveRequest) => {
    runWave(req).then(
      (reply) => process.send?.(reply, () => process.disconnect()),
      (error: Error) => process.send?.({ ok: false, error: error.message }, () => process.disconnect()),
    );
  });
}

function runClient(req: WaveRequest): Promise<WaveReply & { ok: true }> {
  const child = fork(fileURLToPath(import.meta.url), ['--exam-wave-client'], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: WaveReply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
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

export async function runExamWave(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const learnerCount = envInt('BENCH_EXAM_LEARNERS', opts.quick ? 300 : 2000);
  const saveEverySeconds = 10;
  const rate = learnerCount / saveEverySeconds;
  const saveSeconds = envInt('BENCH_EXAM_SECONDS', opts.quick ? 15 : 60);
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
    await ensureTrainingReference(db);
    const [{ region_id: regionId }] = await bdb.raw<{ region_id: number }>('SELECT region_id FROM orgs WHERE id = $1', [
      countyId,
    ]);
    // The default first-aider course (its blueprint draws from the starter bank); a long paper time so that no
    // attempt runs out during the wave.
    let [course] = await bdb.raw<{ id: number; blueprint: { count: number }[] }>(
      `SELECT id, blueprint FROM training_courses WHERE kind = 'first_aider' AND has_theory_exam ORDER BY id LIMIT 1`,
    );
    if (!course) {
      [course] = await bdb.raw<{ id: number; blueprint: { count: number }[] }>(
        `INSERT INTO training_courses (code, kind, name_zh, name_en, org_id, online_hours, offline_hours, units, blueprint,
           theory_minutes, theory_pass_percent, max_attempts, checklist, practical_pass_percent, has_theory_exam,
           has_practical_exam, certificate_years)
         VALUES ('bench-first-aider', 'first_aider', '救护员培训', 'First aider', $1, 4, 4, '[]', $2, 60, 80, 3, '[]', 80, true, true, 3)
         RETURNING id, blueprint`,
        [
          countyId,
          JSON.stringify([
            { unitCode: null, questionKind: 'single', count: 20, points: 2 },
            { unitCode: null, questionKind: 'multiple', count: 10, points: 3 },
            { unitCode: null, questionKind: 'judge', count: 15, points: 2 },
          ]),
        ],
      );
    }
    await bdb.raw('UPDATE training_courses SET theory_minutes = 240, max_attempts = 3 WHERE id = $1', [course.id]);
    const questionsPerPaper = course.blueprint.reduce((s, r) => s + r.count, 0);
    const classId = crypto.randomUUID();
    await bdb.raw(
      `INSERT INTO training_classes (region_id, id, class_no, course_id, org_id, title, kind, capacity, status, starts_on,
         ends_on, public_token, enrolled_count, created_by)
       VALUES ($1, $2, 'BENCH-1', $3, $4, '考试波次压测班', 'open', $5, 'open', current_date, current_date + 30, 'bench-token', $5, 'bench')`,
      [regionId, classId, course.id, countyId, learnerCount],
    );
    const phones = Array.from({ length: learnerCount }, (_, i) => `1390${String(i).padStart(7, '0')}`);
    const ids = phones.map(() => crypto.randomUUID());
    await bdb.raw(
      `INSERT INTO training_enrolments (region_id, id, class_id, org_id, person_id, person_region_id, name, phone_hash,
         phone_masked, status, source, enrolled_at, lessons_done_at, created_by)
       SELECT $1, e.id, $2, $3, gen_random_uuid(), $1, '学员' || e.k, e.h, e.m, 'enrolled', 'staff', now(), now(), 'bench'
       FROM unnest($4::uuid[], $5::text[], $6::text[]) WITH ORDINALITY AS e(id, h, m, k)`,
      [
        regionId,
        classId,
        countyId,
        ids,
        phones.map((p) => pii().blindIndex('phone', `+86${p}`)),
        phones.map((p) => maskPhone(p)),
      ],
    );

    // Real sessions: each learner signs in through the phone-code routes.
    const app = await buildBenchApp(bdb.database);
    const signInStarted = performance.now();
    const learners: Learner[] = new Array(learnerCount);
    let next = 0;
    const signIn = async () => {
      for (let i = next++; i < learnerCount; i = next++) {
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
        const code = row?.body.match(/\d{6}/)?.[0];
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/otp/verify',
          payload: { phone: phones[i], code },
          remoteAddress: ip,
        });
        if (res.statusCode !== 200) {
          throw new Error(`otp verify: ${res.statusCode} ${res.body}`);
        }
        const set = res.headers['set-cookie'];
        learners[i] = { cookie: (Array.isArray(set) ? set[0] : String(set)).split(';')[0], enrolmentId: ids[i] };
      }
    };
    await Promise.all(Array.from({ length: 8 }, signIn));
    log(
      `${n(learnerCount)} learners enrolled and signed in by phone code in ${seconds(performance.now() - signInStarted)}`,
    );
    await bdb.raw('ANALYZE');

    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    log(`wave: ${n(learnerCount)} starts, ${saveSeconds} s of saves at ${n(rate)}/s, ${n(learnerCount)} submits`);
    const reply = await runClient({ port, learners, rate, baselineSeconds: opts.quick ? 5 : 20, saveSeconds });
    rss.sample();
    await app.close();

    // Count what the database holds against what the server acknowledged.
    const [stored] = await bdb.raw<{ answers: number; saves: number; submitted: number; graded: number }>(
      `SELECT (SELECT count(*)::int FROM training_exam_answers) AS answers,
              (SELECT coalesce(sum(answer_saves), 0)::int FROM training_exam_attempts) AS saves,
              (SELECT count(*)::int FROM training_exam_attempts WHERE status = 'submitted') AS submitted,
              (SELECT count(*)::int FROM training_exam_attempts WHERE score IS NOT NULL) AS graded`,
    );
    const acked = reply.acked;
    const [{ lost }] = await bdb.raw<{ lost: number }>(
      `SELECT count(*)::int AS lost
       FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS a(attempt_id, question_id, seq)
       LEFT JOIN training_exam_answers s ON s.attempt_id = a.attempt_id AND s.question_id = a.question_id
       WHERE s.client_seq IS DISTINCT FROM a.seq`,
      [acked.map((a) => a[0]), acked.map((a) => a[1]), acked.map((a) => a[2])],
    );
    const [starts, baseline, saves, submits] = reply.phases;
    const p = (phase: { latencies: number[] }, q: number) =>
      percentile(
        [...phase.latencies].sort((a, b) => a - b),
        q,
      );
    const measured = (phase: typeof saves): Measured => ({
      label: phase.label,
      ops: phase.sent,
      elapsedMs: phase.elapsedMs,
      latencies: phase.latencies,
    });
    const group = toGroup(
      `One exam wave over HTTP, open-loop at ${n(rate)} requests/s`,
      [baseline, starts, saves, submits].map(measured),
      {
        ratioKind: 'slowdown',
        concurrency: `open-loop, ${n(rate)}/s`,
      },
    );
    // At a fixed rate ops/s is the same for every row; the meaningful ratio is the latency one.
    for (const row of group.rows.slice(1)) {
      row.ratio = row.p50Ms / group.rows[0].p50Ms;
    }
    const savesOk = saves.ok === saves.sent;
    const notes = [
      `p99 latency: baseline ${fmt(p(baseline, 0.99))} ms, start ${fmt(p(starts, 0.99))} ms, save ${fmt(p(saves, 0.99))} ms (target < 100 ms), submit ${fmt(p(submits, 0.99))} ms. Ratio column: p50 ÷ the baseline's p50.`,
      `saves sent ${n(saves.sent)}, acknowledged (200) ${n(saves.ok)}; the database counts ${n(stored.saves)} applied saves on the attempts and ${n(stored.answers)} stored answers for ${n(acked.length)} (attempt, question) pairs; acknowledged answers missing or older in the database: ${n(lost)}.`,
      `attempts started ${n(starts.ok)} / ${n(learnerCount)}, submitted and graded ${n(stored.submitted)} / ${n(stored.graded)}; ${questionsPerPaper} questions per paper.`,
      ...(savesOk && lost === 0 && stored.saves === saves.ok
        ? []
        : [`CHECK FAILED: ${[...saves.errors, ...submits.errors].join(' | ')}`]),
    ];
    for (const line of notes) {
      log(line);
    }
    return {
      bench: 'exams',
      title: 'Online theory exam: one wave of learners saving answers',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'Learners (enrolments, real phone-code sessions)', value: n(learnerCount) },
        { label: 'Save rate', value: `${n(rate)}/s (each learner every ${saveEverySeconds} s) for ${saveSeconds} s` },
        {
          label: 'Saves sent / acknowledged / applied in the database',
          value: `${n(saves.sent)} / ${n(saves.ok)} / ${n(stored.saves)}`,
        },
        { label: 'Acknowledged answers lost', value: n(lost) },
        {
          label: 'p99 save / submit / baseline',
          value: `${fmt(p(saves, 0.99))} / ${fmt(p(submits, 0.99))} / ${fmt(p(baseline, 0.99))} ms`,
        },
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

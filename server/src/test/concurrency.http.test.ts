// Concurrency invariants through the HTTP routes (issue 9, item 3): seeded random schedules of concurrent requests —
// payouts approved against a fund that cannot cover them all, distributions racing for one lot, the same payment
// notification delivered many times, the same exam answer and submission sent many times, the same check-in sent many
// times — then the invariant checker (test/invariants.ts) must find nothing. The requests go through app.inject in
// Promise.all: on PostgreSQL they run on a pool of 4 connections, so the transactions really overlap; PGlite has one
// connection and serialises them, which still tests the application's locking order and idempotency.
// Seeds: BOAI_CONCURRENCY_SEEDS (comma-separated) replays a failing schedule; each failure names its seed.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client';
import { deriveLocalPaymentKey } from '../modules/donations/donations-runtime';
import { signLocalNotification } from '../modules/donations/payments/local-provider';
import { ensureTrainingReference } from '../modules/training/training.service';
import { createActivitySchema } from '../modules/volunteers/volunteers.schemas';
import { createActivity } from '../modules/volunteers/volunteers-activities';
import { maskPhone } from '../platform/identity/masking';
import { normalizePhone } from '../platform/identity/phone';
import { pii } from '../platform/pii';
import {
  createBranchChain,
  createOpenProject,
  createStaff,
  giveOnline,
  signInByPhone,
  systemCtx,
  tinyPng,
  uploadFile,
} from './factories';
import { checkInvariants, formatViolations } from './invariants';
import { type Caller, createTestApp, type TestApp, testMasterKey } from './test-app';

const seeds = (process.env.BOAI_CONCURRENCY_SEEDS ?? '11,23,47')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((s) => Number.isInteger(s));

/** mulberry32: a small seeded PRNG, so a failing schedule can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** Shuffles and staggers a batch: each call starts after 0–2 event-loop turns, in a seeded order. */
async function race<T>(r: ReturnType<typeof rng>, calls: (() => Promise<T>)[]): Promise<T[]> {
  const order = calls.map((_, i) => i).sort(() => r.next() - 0.5);
  const results = new Array<T>(calls.length);
  await Promise.all(
    order.map(async (i) => {
      for (let k = r.int(0, 2); k > 0; k--) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      results[i] = await calls[i]();
    }),
  );
  return results;
}

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let clerk: Caller;
let approver: Caller;
let goodsClerk: Caller;
let goodsChecker: Caller;
let evidenceId: string;
let store: number;
let regionId: number;

const upload = (caller: Caller) => uploadFile(t, caller, tinyPng, 'slip.png');

const post = (caller: Caller, url: string, payload: unknown) =>
  t.inject(caller, { method: 'POST', url, payload: payload as object });

async function expectNoViolations() {
  const report = await checkInvariants(t.db);
  expect(report.violations, formatViolations(report)).toEqual([]);
  return report;
}

function expectErrorShape(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  clerk = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  approver = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  goodsClerk = await createStaff(t, { orgId: chain.city.id, roleId: 'branch_admin' });
  goodsChecker = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  evidenceId = await upload(clerk);
  const wh = await post(goodsClerk, '/api/goods/warehouses', {
    orgId: chain.county.id,
    name: '并发测试物资库',
    address: '仓储路 9 号',
  });
  expect(wh.statusCode, wh.body).toBe(201);
  store = wh.json().id;
  [{ region_id: regionId }] = await queryRows<{ region_id: number }>(
    t.db,
    sql`SELECT region_id FROM orgs WHERE id = ${chain.county.id}`,
  );
}, 120_000);
afterAll(() => t?.close());

describe('the invariant checker', () => {
  it('finds a tampered fund, stock row and ledger entry (it can fail)', async () => {
    const project = await createOpenProject(t, chain.county.id);
    await giveOnline(t, project.code, 1_000);
    await expectNoViolations();
    const rollback = new Error('rollback');
    const seen = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`UPDATE fund_lots SET unspent_fen = unspent_fen + 1 WHERE fund_id = ${project.fundId}`);
        await tx.execute(
          sql`UPDATE ledger_entries SET leaf = replace(leaf, '"amountFen":1000', '"amountFen":1001')
              WHERE index = (SELECT ledger_index FROM donations WHERE fund_id = ${project.fundId} LIMIT 1)`,
        );
        await tx.execute(sql`DELETE FROM fund_entries WHERE fund_id = ${project.fundId}`);
        const report = await checkInvariants(tx);
        throw Object.assign(rollback, { report });
      })
      .catch((e: Error & { report?: Awaited<ReturnType<typeof checkInvariants>> }) => e.report);
    const rules = new Set(seen!.violations.map((v) => v.rule));
    expect(rules).toContain("fund balance equals the sum of its lots' unspent amounts");
    expect(rules).toContain(
      'each gift, paid payout, reversal and allocation has exactly its fund entries, and no entry lacks its record',
    );
    expect(rules).toContain('each leaf hash is SHA-256(0x00 || leaf)');
    expect(rules).toContain(
      'each logged record has exactly one ledger entry of its kind holding its reference and amount',
    );
    await expectNoViolations();
  });
});

describe.each(seeds)('seed %i', (seed) => {
  it('approves concurrent payouts only as far as the fund covers them; refusals are 409 FUND_INSUFFICIENT', async () => {
    const r = rng(seed);
    const project = await createOpenProject(t, chain.county.id);
    const gifts = Array.from({ length: r.int(2, 4) }, () => r.int(5, 40) * 100);
    for (const amount of gifts) {
      const { paid } = await giveOnline(t, project.code, amount);
      expect(paid.statusCode, paid.body).toBeLessThan(400);
    }
    const balance = gifts.reduce((a, b) => a + b, 0);
    // Each request fits alone (checked at request time); together they ask for about twice the balance.
    const amounts: number[] = [];
    for (let asked = 0; asked < balance * 2; ) {
      const a = r.int(1, Math.max(1, Math.floor(balance / 200))) * 100;
      amounts.push(a);
      asked += a;
    }
    const pending: { id: string; amountFen: number }[] = [];
    for (const amountFen of amounts) {
      const res = await post(clerk, '/api/payouts', {
        fundId: project.fundId,
        amountFen,
        payeeKind: 'unit',
        payeeName: '某某乡卫生院',
        purpose: '救助物资采购',
        evidenceFileId: evidenceId,
      });
      expect(res.statusCode, res.body).toBe(201);
      pending.push({ id: res.json().id, amountFen });
    }
    const decided = await race(
      r,
      pending.map((p) => () => post(approver, `/api/payouts/${p.id}/decision`, { decision: 'approve' })),
    );
    const paid = pending.filter((_, i) => decided[i].statusCode === 200);
    const refused = pending.filter((_, i) => decided[i].statusCode !== 200);
    for (const res of decided.filter((d) => d.statusCode !== 200)) {
      expectErrorShape(res, 409, 'FUND_INSUFFICIENT');
    }
    const spent = paid.reduce((a, p) => a + p.amountFen, 0);
    const left = balance - spent;
    expect(left).toBeGreaterThanOrEqual(0);
    // Exactly the covered ones: the balance only shrinks, so each refused payout is larger than what is left.
    for (const p of refused) {
      expect(p.amountFen, `seed ${seed}: refused ${p.amountFen} with ${left} left`).toBeGreaterThan(left);
    }
    const funds = await t.inject(approver, { method: 'GET', url: `/api/funds?orgId=${chain.county.id}` });
    expect(funds.json().find((f: { id: number }) => f.id === project.fundId).balanceFen).toBe(left);
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM payouts WHERE fund_id = ${project.fundId} AND status = 'paid'`,
    );
    expect(n).toBe(paid.length);
    await expectNoViolations();
  });

  it('lets concurrent distributions take from one lot only what it holds; refusals are 409 GOODS_OUT_OF_STOCK', async () => {
    const r = rng(seed + 1);
    const quantity = r.int(5, 20);
    const recorded = await post(goodsClerk, '/api/goods/lots', {
      orgId: chain.county.id,
      warehouseId: store,
      donorKind: 'organisation',
      donorName: '某某医疗器械有限公司',
      itemName: '医用防护口罩',
      spec: '医用防护口罩 N95 GB 19083-2010',
      productCode: 'N95',
      unit: '箱',
      quantity,
      expiresOn: new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10),
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const lot = recorded.json();
    const confirmed = await post(goodsChecker, `/api/goods/lots/${lot.id}/countersign`, {
      decision: 'confirm',
      countedQuantity: lot.quantity,
      productCode: lot.productCode,
      expiresOn: lot.expiresOn,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const asks = Array.from({ length: r.int(4, 8) }, () => r.int(1, Math.ceil(quantity / 2)));
    const results = await race(
      r,
      asks.map(
        (q) => () =>
          post(goodsClerk, '/api/goods/distributions', {
            lotId: lot.id,
            warehouseId: store,
            quantity: q,
            recipientKind: 'unit',
            recipientOrgId: chain.county.id,
            purpose: '一线医护人员防护',
            receiptFileId: evidenceId,
          }),
      ),
    );
    const given = asks.filter((_, i) => results[i].statusCode === 201).reduce((a, q) => a + q, 0);
    const left = quantity - given;
    expect(left).toBeGreaterThanOrEqual(0);
    asks.forEach((q, i) => {
      if (results[i].statusCode !== 201) {
        expectErrorShape(results[i], 409, 'GOODS_OUT_OF_STOCK');
        expect(q, `seed ${seed}: refused ${q} with ${left} left`).toBeGreaterThan(left);
      }
    });
    const [row] = await queryRows<{ quantity: number }>(
      t.db,
      sql`SELECT quantity FROM goods_stock WHERE lot_id = ${lot.id} AND warehouse_id = ${store}`,
    );
    expect(row.quantity).toBe(left);
    await expectNoViolations();
  });

  it('keeps the fund exact while gifts arrive during concurrent payout approvals', async () => {
    const r = rng(seed + 5);
    const project = await createOpenProject(t, chain.county.id);
    await giveOnline(t, project.code, 2_000);
    const key = deriveLocalPaymentKey(testMasterKey);
    const incoming = await Promise.all(
      Array.from({ length: r.int(2, 4) }, async () => {
        const amountFen = r.int(1, 20) * 100;
        const res = await post(null, '/api/public/orders', {
          projectCode: project.code,
          amountFen,
          channel: 'local',
          isAnonymous: true,
          consentVersion: '2026-01',
        });
        expect(res.statusCode, res.body).toBe(201);
        return signLocalNotification(key, {
          orderNo: res.json().orderNo,
          providerTxnId: `LOCAL${crypto.randomUUID().replace(/-/g, '')}`,
          amountFen,
          status: 'paid',
          paidAt: new Date(),
        });
      }),
    );
    const pending: string[] = [];
    for (let i = 0; i < r.int(3, 6); i++) {
      const res = await post(clerk, '/api/payouts', {
        fundId: project.fundId,
        amountFen: r.int(3, 12) * 100,
        payeeKind: 'unit',
        payeeName: '某某乡卫生院',
        purpose: '救助物资采购',
        evidenceFileId: evidenceId,
      });
      expect(res.statusCode, res.body).toBe(201);
      pending.push(res.json().id);
    }
    const results = await race(r, [
      ...pending.map((id) => () => post(approver, `/api/payouts/${id}/decision`, { decision: 'approve' })),
      ...incoming.map(
        (n) => () =>
          t.inject(null, { method: 'POST', url: '/api/payments/local/notify', headers: n.headers, payload: n.rawBody }),
      ),
    ]);
    results.slice(0, pending.length).forEach((res) => {
      if (res.statusCode !== 200) {
        expectErrorShape(res, 409, 'FUND_INSUFFICIENT');
      }
    });
    for (const res of results.slice(pending.length)) {
      expect(res.statusCode, res.body).toBe(200);
    }
    const [fund] = await queryRows<{ balance: number; gifts: number; paid: number }>(
      t.db,
      sql`SELECT (SELECT coalesce(sum(amount_fen), 0)::int FROM fund_entries WHERE fund_id = ${project.fundId}) AS balance,
                 (SELECT coalesce(sum(amount_fen), 0)::int FROM donations WHERE fund_id = ${project.fundId}) AS gifts,
                 (SELECT coalesce(sum(amount_fen), 0)::int FROM payouts WHERE fund_id = ${project.fundId} AND status = 'paid') AS paid`,
    );
    expect(fund.balance).toBe(fund.gifts - fund.paid);
    expect(fund.balance).toBeGreaterThanOrEqual(0);
    await expectNoViolations();
  });

  it('makes one gift of the same payment notification delivered many times at once', async () => {
    const r = rng(seed + 2);
    const project = await createOpenProject(t, chain.county.id);
    const key = deriveLocalPaymentKey(testMasterKey);
    const orders = await Promise.all(
      Array.from({ length: r.int(2, 3) }, async () => {
        const amountFen = r.int(1, 50) * 100;
        const res = await post(null, '/api/public/orders', {
          projectCode: project.code,
          amountFen,
          channel: 'local',
          donorName: '王芳',
          isAnonymous: false,
          consentVersion: '2026-01',
        });
        expect(res.statusCode, res.body).toBe(201);
        return {
          orderNo: res.json().orderNo as string,
          amountFen,
          txn: `LOCAL${crypto.randomUUID().replace(/-/g, '')}`,
        };
      }),
    );
    const calls = orders.flatMap((o) => {
      const signed = signLocalNotification(key, {
        orderNo: o.orderNo,
        providerTxnId: o.txn,
        amountFen: o.amountFen,
        status: 'paid',
        paidAt: new Date(),
      });
      // The identical notification (a provider's retries), r.int(3, 6) times per order.
      return Array.from(
        { length: r.int(3, 6) },
        () => () =>
          t.inject(null, {
            method: 'POST',
            url: '/api/payments/local/notify',
            headers: signed.headers,
            payload: signed.rawBody,
          }),
      );
    });
    const results = await race(r, calls);
    for (const res of results) {
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const o of orders) {
      const rows = await queryRows<{ gifts: number; accepted: number; status: string }>(
        t.db,
        sql`SELECT (SELECT count(*)::int FROM donations d JOIN donation_orders x ON x.id = d.order_id
                     WHERE x.order_no = ${o.orderNo}) AS gifts,
                   (SELECT count(*)::int FROM payment_notifications WHERE order_no = ${o.orderNo} AND verdict = 'accepted') AS accepted,
                   (SELECT status FROM donation_orders WHERE order_no = ${o.orderNo}) AS status`,
      );
      expect(rows[0], `seed ${seed} order ${o.orderNo}`).toEqual({ gifts: 1, accepted: 1, status: 'paid' });
    }
    await expectNoViolations();
  });
});

describe('exam answers and check-ins sent many times at once', () => {
  let courseId: number;
  let activityId: string;
  let qrCaller: Caller;

  beforeAll(async () => {
    await ensureTrainingReference(t.db);
    const [course] = await queryRows<{ id: number }>(
      t.db,
      sql`SELECT id FROM training_courses WHERE has_theory_exam ORDER BY id LIMIT 1`,
    );
    courseId = course.id;
    await t.db.execute(sql`UPDATE training_courses SET theory_minutes = 240, max_attempts = 3 WHERE id = ${courseId}`);
    const activity = await createActivity(
      t.db,
      systemCtx,
      createActivitySchema.parse({
        orgId: chain.county.id,
        title: '并发签到测试活动',
        startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        place: '文化广场',
        lat: 29.7136,
        lng: 120.2423,
        geofenceM: 300,
        capacity: 100,
        publish: true,
      }),
    );
    activityId = activity.id;
    qrCaller = await createStaff(t, { orgId: chain.county.id, roleId: 'volunteer_admin' });
  }, 120_000);

  /** A learner enrolled in a fresh class, signed in by phone code: their enrolment id and session. */
  async function learner(phone: string) {
    const classId = crypto.randomUUID();
    const enrolmentId = crypto.randomUUID();
    const no = crypto.randomUUID().slice(0, 8);
    await t.db.execute(sql`
      INSERT INTO training_classes (region_id, id, class_no, course_id, org_id, title, kind, capacity, status, starts_on,
        ends_on, public_token, enrolled_count, created_by)
      VALUES (${regionId}, ${classId}, ${`CC-${no}`}, ${courseId}, ${chain.county.id}, '并发考试班', 'open', 10, 'open',
        current_date, current_date + 30, ${`cc-${no}`}, 1, 'test')`);
    await t.db.execute(sql`
      INSERT INTO training_enrolments (region_id, id, class_id, org_id, person_id, person_region_id, name, phone_hash,
        phone_masked, status, source, enrolled_at, lessons_done_at, created_by)
      VALUES (${regionId}, ${enrolmentId}, ${classId}, ${chain.county.id}, ${crypto.randomUUID()}, ${regionId}, '学员',
        ${pii().blindIndex('phone', `+86${phone}`)}, ${maskPhone(phone)}, 'enrolled', 'staff', now(), now(), 'test')`);
    return { enrolmentId, caller: await signInByPhone(t, phone) };
  }

  async function volunteer(phone: string) {
    const id = crypto.randomUUID();
    const normal = normalizePhone(phone);
    await t.db.execute(sql`
      INSERT INTO volunteers (region_id, id, org_id, person_id, name, volunteer_no, status, phone_enc, phone_hash,
        phone_masked, skills, languages, availability, emergency_name, emergency_phone_enc, emergency_phone_masked,
        registered_via, created_by)
      VALUES (${regionId}, ${id}, ${chain.county.id}, ${crypto.randomUUID()}, '志愿者', ${`ZYC${phone.slice(-7)}`}, 'approved',
        ${pii().encrypt(phone)}, ${pii().blindIndex('phone', normal.ok ? normal.value : phone)}, ${maskPhone(phone)},
        '{}', '{}', '{0,0,0,0,0,0,0}', '家属', ${pii().encrypt('13700000000')}, '137****0000', 'staff', 'test')`);
    await t.db.execute(sql`
      INSERT INTO volunteer_signups (region_id, id, activity_id, volunteer_id, status)
      VALUES (${regionId}, ${crypto.randomUUID()}, ${activityId}, ${id}, 'confirmed')`);
    return { id, caller: await signInByPhone(t, phone) };
  }

  it.each(seeds)('seed %i: stores one answer per question and grades one submission', async (seed) => {
    const r = rng(seed + 3);
    const { enrolmentId, caller } = await learner(`1395${String(seed).padStart(7, '0')}`);
    const started = await post(caller, `/api/training/my/enrolments/${enrolmentId}/exam/attempts`, {
      deviceId: `device-concurrency-${seed}`,
    });
    expect(started.statusCode, started.body).toBe(201);
    const attempt = started.json() as { id: string; questions: { questionId: string; options: { key: string }[] }[] };
    const questions = attempt.questions.slice(0, 3);
    // Per question: the same save several times, and a later save racing with them (the highest clientSeq wins).
    const calls = questions.flatMap((q, k) =>
      Array.from(
        { length: r.int(2, 5) },
        (_, j) => () =>
          t.inject(caller, {
            method: 'PUT',
            url: `/api/training/my/attempts/${attempt.id}/answers/${q.questionId}`,
            payload: { answer: [q.options[(j + k) % q.options.length].key], clientSeq: j === 0 ? 1 : 2 },
          }),
      ),
    );
    const saved = await race(r, calls);
    for (const res of saved) {
      expect(res.statusCode, res.body).toBe(200);
    }
    const stored = await queryRows<{ question_id: string; client_seq: number }>(
      t.db,
      sql`SELECT question_id, client_seq FROM training_exam_answers WHERE attempt_id = ${attempt.id}`,
    );
    expect(stored).toHaveLength(questions.length);
    for (const row of stored) {
      expect(row.client_seq).toBe(2);
    }
    const submits = await race(
      r,
      Array.from(
        { length: r.int(2, 4) },
        () => () => post(caller, `/api/training/my/attempts/${attempt.id}/submit`, {}),
      ),
    );
    const ok = submits.filter((s) => s.statusCode === 200);
    expect(ok.length, submits.map((s) => `${s.statusCode} ${s.body.slice(0, 120)}`).join('\n')).toBeGreaterThanOrEqual(
      1,
    );
    for (const s of submits.filter((x) => x.statusCode !== 200)) {
      expect(s.statusCode, s.body).toBe(409);
      expect(s.json().error.code).toBeTypeOf('string');
    }
    const scores = new Set(ok.map((s) => s.json().score));
    expect(scores.size).toBe(1);
    const [row] = await queryRows<{ status: string; n: number }>(
      t.db,
      sql`SELECT status, (SELECT count(*)::int FROM training_exam_attempts WHERE enrolment_id = ${enrolmentId}) AS n
          FROM training_exam_attempts WHERE id = ${attempt.id}`,
    );
    expect(row).toEqual({ status: 'submitted', n: 1 });
    await expectNoViolations();
  });

  it.each(seeds)('seed %i: records one check-in per volunteer however often it is sent', async (seed) => {
    const r = rng(seed + 4);
    const qr = await t.inject(qrCaller, { method: 'GET', url: `/api/volunteer-activities/${activityId}/qr` });
    expect(qr.statusCode, qr.body).toBe(200);
    const token = qr.json().token as string;
    const people = await Promise.all(
      Array.from({ length: r.int(2, 3) }, (_, i) => volunteer(`1396${String(seed * 10 + i).padStart(7, '0')}`)),
    );
    const calls = people.flatMap((v) =>
      Array.from(
        { length: r.int(2, 5) },
        () => () =>
          post(v.caller, `/api/volunteers/open-activities/${activityId}/check-in`, {
            token,
            lat: 29.7136,
            lng: 120.2423,
          }),
      ),
    );
    const results = await race(r, calls);
    const okCount = results.filter((res) => res.statusCode === 200).length;
    for (const res of results.filter((x) => x.statusCode !== 200)) {
      expectErrorShape(res, 409, 'CHECKIN_DUPLICATE');
    }
    expect(okCount).toBe(people.length);
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM volunteer_checkins WHERE activity_id = ${activityId}
          AND volunteer_id IN (${sql.join(
            people.map((p) => sql`${p.id}::uuid`),
            sql`, `,
          )}) AND kind = 'in'`,
    );
    expect(n).toBe(people.length);
    await expectNoViolations();
  });
});

// Grievances through the HTTP routes on a real database: anonymous complaints followed by code, handling in scope,
// deadlines in working days, the overdue job, reproducible call-back samples, a denial opening an investigation,
// the duplicate scan (one task per pair), and no personal data in public answers.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { storeEvidence } from '../../platform/files/files.service';
import { enqueueJob, runDueJobs } from '../../platform/jobs/jobs.service';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createPerson,
  createStaff,
  giveOnline,
  signInByPhone,
  systemCtx,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { requestPayout } from '../donations/payouts';
import type { OrgView } from '../orgs/orgs.schemas';
import type { PersonView } from '../people/people.schemas';
import * as oversight from '../relief/relief-oversight';
import { scanForDuplicates } from './duplicates';
import { defineGrievancesJobs } from './grievances.jobs';
import { fileGrievance } from './grievances.service';
import { candidateListHash, drawPositions } from './sampling';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let countyB: OrgView;
let villageA: OrgView;
let villageB: OrgView;
/** grievances:handle + pii:view on county A. */
let handlerA: Caller;
/** grievances:handle on county B (a sibling of A under the same city). */
let handlerB: Caller;
/** grievances:handle on the city above both counties. */
let cityHandler: Caller;
let personA: PersonView;

let seq = 0;

/** A relief case (and, when paid, its paid payout) as the relief module stores them. */
async function reliefCase(
  org: OrgView,
  person: PersonView,
  opts: { paidFen?: number; paidAt?: Date; submittedAt?: Date; status?: string } = {},
) {
  const id = crypto.randomUUID();
  const caseNo = `R${Date.now().toString(36).toUpperCase()}${++seq}`;
  const submittedAt = opts.submittedAt ?? new Date();
  const status = opts.status ?? (opts.paidFen ? 'paid' : 'submitted');
  await t.db.execute(sql`
    INSERT INTO relief_cases (region_id, id, case_no, kind, status, org_id, person_id, applicant_name, household_size,
      cause_category, cause_text, requested_fen, approved_fen, paid_fen, paid_at, filed_via, filed_by, submitted_at,
      decision_due_at)
    VALUES (${org.regionId}, ${id}, ${caseNo}, 'hardship', ${status}, ${org.id}, ${person.id}, ${person.name}, 3,
      'illness', '因病致困', ${opts.paidFen ?? 200_000}, ${opts.paidFen ?? null}, ${opts.paidFen ?? null},
      ${opts.paidAt?.toISOString() ?? null}, 'staff', 'test', ${submittedAt.toISOString()},
      ${new Date(submittedAt.getTime() + 7 * 86_400_000).toISOString()})`);
  let payoutNo: string | null = null;
  if (opts.paidFen) {
    payoutNo = `P${Date.now().toString(36).toUpperCase()}${++seq}`;
    const paidAt = (opts.paidAt ?? new Date()).toISOString();
    await t.db.execute(sql`
      INSERT INTO relief_payouts (region_id, id, case_id, fund_source, fund_id, payout_ref, payout_no, amount_fen,
        status, requested_by, requested_at, decided_at)
      VALUES (${org.regionId}, ${crypto.randomUUID()}, ${id}, 'donations', 1, ${crypto.randomUUID()}, ${payoutNo},
        ${opts.paidFen}, 'paid', 'test', ${paidAt}, ${paidAt})`);
  }
  return { id, caseNo, payoutNo };
}

const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const post = (caller: Caller, url: string, payload: unknown) =>
  t.inject(caller, { method: 'POST', url, payload: payload as object });
const get = (caller: Caller, url: string) => t.inject(caller, { method: 'GET', url });

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  countyB = await createOrgUnder(t, chain.city, 'county');
  const townA = await createOrgUnder(t, chain.county, 'township');
  villageA = await createOrgUnder(t, townA, 'village', { code: `${townA.code}001` });
  const townB = await createOrgUnder(t, countyB, 'township');
  villageB = await createOrgUnder(t, townB, 'village', { code: `${townB.code}001` });
  handlerA = await createStaff(t, {
    orgId: chain.county.id,
    permissions: ['grievances:handle', 'pii:view', 'people:view'],
  });
  handlerB = await createStaff(t, { orgId: countyB.id, permissions: ['grievances:handle'] });
  cityHandler = await createStaff(t, { orgId: chain.city.id, permissions: ['grievances:handle'] });
  personA = await createPerson(t, villageA.id, { name: '王小明', phone: '13812345678' });
});

afterAll(() => t.close());

describe('complaints filed by the public', () => {
  it('files an anonymous complaint about a relief case and follows it with the code only', async () => {
    const c = await reliefCase(villageA, personA);
    const filed = await post(null, '/api/public/grievances', {
      subjectKind: 'relief_case',
      subjectRef: c.caseNo.toLowerCase(),
      content: '该户家庭条件较好,不应获得救助。',
      isAnonymous: true,
      name: '不该保存的名字',
      phone: '13900001111',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { grievanceNo, lookupCode, orgName } = filed.json();
    expect(orgName).toBe(villageA.name);

    const seen = await get(null, `/api/public/grievances/${grievanceNo}?code=${lookupCode}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      grievanceNo,
      status: 'submitted',
      subjectKind: 'relief_case',
      subjectRef: c.caseNo,
      outcome: null,
      timeline: [{ kind: 'submitted', note: null }],
    });
    // A wrong code answers exactly like an unknown number.
    const wrong = await get(null, `/api/public/grievances/${grievanceNo}?code=WRONGCODE1`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('NOT_FOUND');
    expect((await get(null, `/api/public/grievances/G20260101XXXXXXXX?code=${lookupCode}`)).statusCode).toBe(404);

    // Anonymous: neither the name nor the phone was kept anywhere.
    const [row] = await queryRows<{ complainant_name: string | null; phone_enc: string | null }>(
      t.db,
      sql`SELECT complainant_name, phone_enc FROM grievances WHERE grievance_no = ${grievanceNo}`,
    );
    expect(row).toEqual({ complainant_name: null, phone_enc: null });
  });

  it('keeps a named complainant’s phone encrypted, shows it masked to staff and never in public', async () => {
    const filed = await post(null, '/api/public/grievances', {
      kind: 'objection',
      subjectKind: 'other',
      orgId: chain.county.id,
      content: '村里公示栏没有张贴救助名单。',
      isAnonymous: false,
      name: '李四',
      phone: '13700002222',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { grievanceNo, lookupCode } = filed.json();
    const pub = await get(null, `/api/public/grievances/${grievanceNo}?code=${lookupCode}`);
    expect(pub.body).not.toContain('李四');
    expect(pub.body).not.toContain('13700002222');
    expect(pub.body).not.toContain('2222');
    expect(pub.body).not.toContain('公示栏');

    const queue = (await get(handlerA, `/api/grievances?q=${grievanceNo}`)).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ complainantName: '李四', phoneMasked: '137****2222', kind: 'objection' });
    const [stored] = await queryRows<{ phone_enc: string }>(
      t.db,
      sql`SELECT phone_enc FROM grievances WHERE grievance_no = ${grievanceNo}`,
    );
    expect(stored.phone_enc).not.toContain('13700002222');
    const audits = await queryRows<{ after: unknown }>(
      t.db,
      sql`SELECT after FROM audit_log WHERE entity_type = 'grievance' AND entity_id = ${queue.items[0].id}`,
    );
    expect(JSON.stringify(audits)).not.toContain('13700002222');

    const unmasked = await post(handlerA, `/api/grievances/${queue.items[0].id}/unmask`, { reason: '回复投诉人' });
    expect(unmasked.json().phone).toBe('+8613700002222');
    const [trail] = await queryRows<{ reason: string }>(
      t.db,
      sql`SELECT reason FROM audit_log WHERE action = 'grievance.unmasked' AND entity_id = ${queue.items[0].id}`,
    );
    expect(trail.reason).toBe('回复投诉人');
  });

  it('refuses an unknown case number, a missing subject number and a bad phone, writing nothing', async () => {
    const [{ n: before }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM grievances`);
    const unknown = await post(null, '/api/public/grievances', {
      subjectKind: 'relief_case',
      subjectRef: 'R-NO-SUCH-CASE',
      content: '没有这个个案。',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details.field).toBe('subjectRef');
    const missing = await post(null, '/api/public/grievances', { subjectKind: 'payout', content: '没有编号的投诉' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    const phone = await post(null, '/api/public/grievances', {
      subjectKind: 'other',
      content: '电话号码不对。',
      phone: '12345',
    });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.code).toBe('INVALID_PHONE');
    const [{ n: after }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM grievances`);
    expect(after).toBe(before);
  });

  it('routes a complaint about a payout to the unit of the case it paid', async () => {
    const c = await reliefCase(villageB, await createPerson(t, villageB.id), { paidFen: 150_000 });
    const filed = await post(null, '/api/public/grievances', {
      subjectKind: 'payout',
      subjectRef: c.payoutNo,
      content: '救助款没有发到本人手里。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().orgName).toBe(villageB.name);
    const found = (await get(cityHandler, `/api/grievances?q=${c.payoutNo}`)).json().items[0];
    const detail = (await get(cityHandler, `/api/grievances/${found.id}`)).json();
    expect(detail).toMatchObject({ subjectKind: 'payout', subjectRef: c.payoutNo, reliefCaseNo: c.caseNo });
  });
});

describe('subjects of other modules', () => {
  it('routes a complaint about any paid payout of the disclosure to the unit that paid it', async () => {
    const project = await createOpenProject(t, countyB.id);
    await giveOnline(t, project.code, 60_000);
    const evidenceFileId = (await storeEvidence(t.db, systemCtx, 'invoice.png', tinyPng)).id;
    const asked = await requestPayout(t.db, systemCtx, {
      fundId: project.fundId,
      amountFen: 50_000,
      payeeKind: 'unit',
      payeeName: '某某医疗器械有限公司',
      purpose: '采购急救包',
      evidenceFileId,
      isRelatedParty: false,
    });
    const clerk = await createStaff(t, { orgId: countyB.id, roleId: 'finance' });
    const paid = await t.inject(clerk, {
      method: 'POST',
      url: `/api/payouts/${asked.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const filed = await post(null, '/api/public/grievances', {
      subjectKind: 'payout',
      subjectRef: asked.payoutNo.toLowerCase(),
      content: '采购价格明显偏高。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().orgName).toBe(countyB.name);
    const found = (await get(handlerB, `/api/grievances?q=${asked.payoutNo}`)).json().items[0];
    expect(found).toMatchObject({ subjectKind: 'payout', subjectRef: asked.payoutNo });
    // A payout still waiting for its approval is not public: no complaint can name it yet.
    const pending = await requestPayout(t.db, systemCtx, {
      fundId: project.fundId,
      amountFen: 1_000,
      payeeKind: 'unit',
      payeeName: '某某物流公司',
      purpose: '运输',
      evidenceFileId,
      isRelatedParty: false,
    });
    const early = await post(null, '/api/public/grievances', {
      subjectKind: 'payout',
      subjectRef: pending.payoutNo,
      content: '还没拨付的款项。',
    });
    expect(early.statusCode).toBe(404);
  });

  it('routes a complaint about a service-hall request to the request’s handling unit', async () => {
    const citizen = await signInByPhone(t, '13900139555');
    const submitted = await t.inject(citizen, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'donation-query',
        orgId: villageB.id,
        applicantName: '王小明',
        form: { question: '善款用途?' },
        fileIds: {},
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { requestNo, orgId } = submitted.json();
    const filed = await post(null, '/api/public/grievances', {
      subjectKind: 'service_request',
      subjectRef: requestNo,
      content: '办件超过时限还没有人处理。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const g = (await get(cityHandler, `/api/grievances?q=${filed.json().grievanceNo}`)).json().items[0];
    expect(g).toMatchObject({ subjectKind: 'service_request', subjectRef: requestNo, orgId });
  });

  it('records an objection to a case on public notice as the case’s notice objection too', async () => {
    const c = await reliefCase(villageA, await createPerson(t, villageA.id), { status: 'on_notice' });
    await t.db.execute(
      sql`UPDATE relief_cases SET notice_starts_at = now(), notice_ends_at = now() + interval '7 days' WHERE id = ${c.id}`,
    );
    const filed = await post(null, '/api/public/grievances', {
      kind: 'objection',
      subjectKind: 'relief_case',
      subjectRef: c.caseNo,
      content: '该户有稳定收入,不符合救助条件。',
      isAnonymous: true,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const objections = await queryRows<{ status: string; objector_name: string | null }>(
      t.db,
      sql`SELECT status, objector_name FROM relief_objections WHERE case_id = ${c.id}`,
    );
    expect(objections).toEqual([{ status: 'open', objector_name: null }]);
    // Off notice, the objection stays a grievance only.
    const closed = await reliefCase(villageA, await createPerson(t, villageA.id), { status: 'submitted' });
    const later = await post(null, '/api/public/grievances', {
      kind: 'objection',
      subjectKind: 'relief_case',
      subjectRef: closed.caseNo,
      content: '对这户的申请有异议。',
    });
    expect(later.statusCode, later.body).toBe(201);
    const none = await queryRows(t.db, sql`SELECT 1 FROM relief_objections WHERE case_id = ${closed.id}`);
    expect(none).toEqual([]);
  });
});

describe('handling in scope', () => {
  it('lets only the units above the subject see and handle it, and runs accept → notes → conclude', async () => {
    const c = await reliefCase(villageA, personA);
    const { grievanceNo } = (
      await post(null, '/api/public/grievances', {
        subjectKind: 'relief_case',
        subjectRef: c.caseNo,
        content: '审批过程不公开。',
      })
    ).json();
    const mine = (await get(handlerA, `/api/grievances?q=${grievanceNo}`)).json().items[0];
    expect(mine).toMatchObject({ status: 'submitted', orgName: villageA.name, isOverdue: false });

    // The sibling county neither lists it nor opens it nor acts on it.
    expect((await get(handlerB, `/api/grievances?q=${grievanceNo}`)).json().items).toEqual([]);
    expect((await get(handlerB, `/api/grievances/${mine.id}`)).statusCode).toBe(404);
    expect((await post(handlerB, `/api/grievances/${mine.id}/accept`, {})).statusCode).toBe(404);

    // Notes before acceptance and a conclusion before acceptance are refused.
    const early = await post(handlerA, `/api/grievances/${mine.id}/notes`, { note: '先记一笔' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('TRANSITION_NOT_ALLOWED');

    expect((await post(handlerA, `/api/grievances/${mine.id}/accept`, { note: '转乡镇核查' })).statusCode).toBe(200);
    expect((await post(handlerA, `/api/grievances/${mine.id}/accept`, {})).statusCode).toBe(409);
    const noted = await post(handlerA, `/api/grievances/${mine.id}/notes`, { note: '已电话联系村委会,调取审批材料。' });
    expect(noted.json().status).toBe('investigating');
    const concluded = await post(handlerA, `/api/grievances/${mine.id}/conclude`, {
      outcome: 'upheld',
      reply: '经核查,审批材料未按规定公示,已责令整改。',
    });
    expect(concluded.statusCode, concluded.body).toBe(200);
    expect(concluded.json()).toMatchObject({ status: 'concluded', outcome: 'upheld' });
    expect(
      (await post(handlerA, `/api/grievances/${mine.id}/conclude`, { outcome: 'not_upheld', reply: '再次办结不行' }))
        .statusCode,
    ).toBe(409);

    // The upheld complaint flags the case; the city above sees the flag, the sibling does not.
    const flags = await get(cityHandler, `/api/grievances/cases/${c.caseNo}/flags`);
    expect(flags.json()).toMatchObject({
      isFlagged: true,
      upheldComplaints: [{ grievanceNo, outcome: 'upheld' }],
      openComplaints: 0,
    });
    expect((await get(handlerB, `/api/grievances/cases/${c.caseNo}/flags`)).statusCode).toBe(404);

    // The internal notes stay internal: the public timeline shows the steps only.
    const [{ lookup_code_hash }] = await queryRows<{ lookup_code_hash: string }>(
      t.db,
      sql`SELECT lookup_code_hash FROM grievances WHERE id = ${mine.id}`,
    );
    expect(lookup_code_hash).toBeTruthy();
    const detail = (await get(handlerA, `/api/grievances/${mine.id}`)).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'accepted',
      'note',
      'concluded',
    ]);
  });
});

describe('deadlines and the overdue job', () => {
  it('counts 15 working days, skipping weekends', async () => {
    // Friday 6 March 2026, 10:00 in Shanghai: three weeks of five working days later is Friday 27 March.
    const filed = await fileGrievance(
      t.db,
      systemCtx,
      {
        kind: 'complaint',
        subjectKind: 'other',
        orgId: chain.county.id,
        content: '周五提交的投诉。',
        isAnonymous: true,
      },
      new Date('2026-03-06T02:00:00Z'),
    );
    expect(filed.dueOn).toBe('2026-03-27');
    // Filed on a Saturday, the count starts on Monday: 15 working days end on Friday 27 March too.
    const saturday = await fileGrievance(
      t.db,
      systemCtx,
      {
        kind: 'complaint',
        subjectKind: 'other',
        orgId: chain.county.id,
        content: '周六提交的投诉。',
        isAnonymous: true,
      },
      new Date('2026-03-07T02:00:00Z'),
    );
    expect(saturday.dueOn).toBe('2026-03-27');
  });

  it('follows the administrators’ calendar: a public holiday adds a day, a make-up working day takes one off', async () => {
    const admin = await createStaff(t, { orgId: chain.province.id, permissions: ['services:manage'] });
    const file = async () =>
      (
        await fileGrievance(
          t.db,
          systemCtx,
          {
            kind: 'complaint',
            subjectKind: 'other',
            orgId: chain.county.id,
            content: '日历测试投诉。',
            isAnonymous: true,
          },
          new Date('2027-03-05T02:00:00Z'),
        )
      ).dueOn;
    // Friday 5 March 2027 + 15 working days = Friday 26 March 2027 on weekdays alone.
    expect(await file()).toBe('2027-03-26');
    const holiday = await t.inject(admin, {
      method: 'PUT',
      url: '/api/services/calendar/days/2027-03-15',
      payload: { kind: 'holiday', name: '测试假日' },
    });
    expect(holiday.statusCode, holiday.body).toBe(200);
    expect(await file()).toBe('2027-03-29');
    await t.inject(admin, {
      method: 'PUT',
      url: '/api/services/calendar/days/2027-03-13',
      payload: { kind: 'workday', name: '测试调休' },
    });
    expect(await file()).toBe('2027-03-26');
  });

  it('flags an overdue complaint once, with one reminder to the unit, and lists it first', async () => {
    await t.db.execute(sql`UPDATE orgs SET contact_phone = '13912340000' WHERE id = ${countyB.id}`);
    const old = await fileGrievance(
      t.db,
      systemCtx,
      { kind: 'complaint', subjectKind: 'other', orgId: countyB.id, content: '很久以前的投诉。', isAnonymous: true },
      new Date('2026-01-05T02:00:00Z'),
    );
    await post(null, '/api/public/grievances', { subjectKind: 'other', orgId: countyB.id, content: '新的投诉内容。' });
    defineGrievancesJobs();
    await enqueueJob(t.db, 'grievances.overdue');
    expect(await runDueJobs(t.db, 'test')).toBeGreaterThanOrEqual(1);
    await enqueueJob(t.db, 'grievances.overdue');
    await runDueJobs(t.db, 'test');

    const messages = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'grievance.overdue' AND body LIKE ${`%${old.grievanceNo}%`}`,
    );
    expect(messages).toHaveLength(1);
    // The unit was told of the new complaint when it came in, too (once).
    const received = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'grievance.received' AND body LIKE ${`%${old.grievanceNo}%`}`,
    );
    expect(received).toHaveLength(1);
    const queue = (await get(handlerB, '/api/grievances?open=true')).json();
    expect(queue.items[0]).toMatchObject({ grievanceNo: old.grievanceNo, isOverdue: true });
    expect(queue.items.slice(1).every((g: { isOverdue: boolean }) => !g.isOverdue)).toBe(true);
    const detail = (await get(handlerB, `/api/grievances/${queue.items[0].id}`)).json();
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'overdue')).toHaveLength(1);
  });
});

describe('call-back checks', () => {
  let paidA: { id: string; caseNo: string }[];
  let paidB: { id: string; caseNo: string }[];

  beforeAll(async () => {
    const at = new Date('2026-02-10T03:00:00Z');
    paidA = [];
    paidB = [];
    for (let i = 0; i < 6; i++) {
      const p = await createPerson(t, villageA.id, { name: `甲受助${i}`, phone: `1381111000${i}` });
      paidA.push(
        await reliefCase(villageA, p, { paidFen: 100_000 + i, paidAt: new Date(at.getTime() + i * 3600_000) }),
      );
      const q = await createPerson(t, villageB.id, { name: `乙受助${i}` });
      paidB.push(await reliefCase(villageB, q, { paidFen: 80_000, paidAt: at }));
    }
    // Paid outside the period: never a candidate.
    await reliefCase(villageA, await createPerson(t, villageA.id), {
      paidFen: 5_000,
      paidAt: new Date('2026-03-02T03:00:00Z'),
    });
  });

  it('draws a reproducible sample within the drawer’s scope', async () => {
    const res = await post(handlerA, '/api/callback-samples', {
      orgId: chain.county.id,
      periodFrom: '2026-02-01',
      periodTo: '2026-02-28',
      percent: 50,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sample = res.json();
    expect(sample).toMatchObject({ candidateCount: 6, sampleSize: 3 });
    expect(sample.seed).toMatch(/^[0-9a-f]{64}$/);

    const tasks = (await get(handlerA, `/api/callback-tasks?sampleId=${sample.id}`)).json();
    expect(tasks).toHaveLength(3);
    const caseNos = new Set(paidA.map((c) => c.caseNo));
    expect(tasks.every((x: { caseNo: string }) => caseNos.has(x.caseNo))).toBe(true);
    expect(tasks.every((x: { phoneMasked: string }) => /^138\*{4}\d{4}$/.test(x.phoneMasked))).toBe(true);

    // Anyone can redraw it: the same seed over the same ordered candidates gives the same recipients.
    const candidates = await oversight.listPaidRecipients(
      t.db,
      systemCtx,
      'grievances:handle',
      chain.county.path,
      new Date('2026-01-31T16:00:00Z'),
      new Date('2026-02-28T16:00:00Z'),
    );
    expect(candidateListHash(candidates.map((c) => c.payoutId))).toBe(sample.candidateHash);
    const redrawn = drawPositions(sample.seed, candidates.length, sample.sampleSize).map((i) => candidates[i].caseNo);
    expect([...tasks].sort((a, b) => a.drawOrder - b.drawOrder).map((x: { caseNo: string }) => x.caseNo)).toEqual(
      redrawn,
    );

    // The sibling county neither draws under county A nor sees its tasks.
    const outside = await post(handlerB, '/api/callback-samples', {
      orgId: chain.county.id,
      periodFrom: '2026-02-01',
      periodTo: '2026-02-28',
      size: 2,
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await get(handlerB, `/api/callback-tasks?sampleId=${sample.id}`)).json()).toEqual([]);
    // A period without payouts is refused, and so is a size together with a percentage.
    const empty = await post(handlerA, '/api/callback-samples', {
      orgId: chain.county.id,
      periodFrom: '2025-01-01',
      periodTo: '2025-01-31',
      size: 2,
    });
    expect(empty.statusCode).toBe(400);
    const both = await post(handlerA, '/api/callback-samples', {
      orgId: chain.county.id,
      periodFrom: '2026-02-01',
      periodTo: '2026-02-28',
      size: 2,
      percent: 10,
    });
    expect(both.statusCode).toBe(400);
  });

  it('opens an investigation on a denial, lets an unreachable call be tried again, and sums up per unit', async () => {
    const sample = (
      await post(cityHandler, '/api/callback-samples', {
        orgId: chain.city.id,
        periodFrom: '2026-02-01',
        periodTo: '2026-02-28',
        size: 12,
      })
    ).json();
    expect(sample).toMatchObject({ candidateCount: 12, sampleSize: 12 });
    const tasks = (await get(cityHandler, `/api/callback-tasks?sampleId=${sample.id}`)).json() as {
      id: string;
      orgId: number;
      paidFen: number;
    }[];
    const inA = tasks.filter((x) => x.orgId === villageA.id);
    const inB = tasks.filter((x) => x.orgId === villageB.id);
    expect([inA.length, inB.length]).toEqual([6, 6]);

    const denied = await post(handlerA, `/api/callback-tasks/${inA[0].id}/result`, {
      result: 'denied',
      note: '本人称未收到任何款项',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json().grievanceNo).toMatch(/^G\d{8}/);
    const investigation = (await get(handlerA, `/api/grievances/${denied.json().grievanceId}`)).json();
    expect(investigation).toMatchObject({ kind: 'verification', source: 'callback', status: 'accepted' });
    expect(investigation.content).toContain('否认');
    // Answered once: a second result is refused.
    expect((await post(handlerA, `/api/callback-tasks/${inA[0].id}/result`, { result: 'confirmed' })).statusCode).toBe(
      409,
    );

    const differs = await post(handlerA, `/api/callback-tasks/${inA[1].id}/result`, { result: 'amount_differs' });
    expect(differs.statusCode).toBe(400);
    await post(handlerA, `/api/callback-tasks/${inA[1].id}/result`, { result: 'amount_differs', reportedFen: 50_000 });
    await post(handlerA, `/api/callback-tasks/${inA[2].id}/result`, { result: 'confirmed' });
    await post(handlerA, `/api/callback-tasks/${inA[3].id}/result`, { result: 'unreachable' });
    const retried = await post(handlerA, `/api/callback-tasks/${inA[3].id}/result`, { result: 'confirmed' });
    expect(retried.json()).toMatchObject({ result: 'confirmed', attempts: 2 });
    const future = await post(handlerA, `/api/callback-tasks/${inA[4].id}/result`, {
      result: 'confirmed',
      calledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    await post(handlerB, `/api/callback-tasks/${inB[0].id}/result`, { result: 'confirmed' });
    // County B cannot record A's calls.
    expect((await post(handlerB, `/api/callback-tasks/${inA[5].id}/result`, { result: 'confirmed' })).statusCode).toBe(
      404,
    );

    const summary = (await get(cityHandler, `/api/callback-summary?sampleId=${sample.id}`)).json();
    expect(summary.units).toEqual([
      expect.objectContaining({
        orgId: villageA.id,
        sampled: 6,
        called: 4,
        confirmed: 2,
        denied: 1,
        amountDiffers: 1,
        unreachable: 0,
        confirmationRate: 0.5,
      }),
      expect.objectContaining({ orgId: villageB.id, sampled: 6, called: 1, confirmed: 1, confirmationRate: 1 }),
    ]);
    const narrow = (await get(handlerB, `/api/callback-summary?sampleId=${sample.id}`)).json();
    expect(narrow.units.map((u: { orgId: number }) => u.orgId)).toEqual([villageB.id]);
  });

  it('unmasks a recipient’s phone only for pii:view, through the audited person record', async () => {
    const [task] = (await get(handlerA, '/api/callback-tasks?status=pending')).json();
    const res = await post(handlerA, `/api/callback-tasks/${task.id}/unmask`, { reason: '回访拨号' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phone).toMatch(/^\+861381111000\d$/);
    const [trail] = await queryRows<{ reason: string }>(
      t.db,
      sql`SELECT reason FROM audit_log WHERE action = 'person.unmasked' ORDER BY id DESC LIMIT 1`,
    );
    expect(trail.reason).toContain('回访拨号');
    expect((await post(handlerB, `/api/callback-tasks/${task.id}/unmask`, { reason: '试试' })).statusCode).toBe(403);
  });
});

describe('suspected duplicates', () => {
  it('raises one task per pair, held by the lowest unit above both, and stays idempotent on re-runs', async () => {
    const person = await createPerson(t, villageA.id, { name: '赵重复' });
    const first = await reliefCase(villageA, person, { submittedAt: new Date('2026-01-10T02:00:00Z') });
    const second = await reliefCase(villageB, person, { submittedAt: new Date('2026-05-10T02:00:00Z') });
    // The same unit twice is not a cross-unit duplicate; 13 months apart is outside the window.
    await reliefCase(villageA, person, { submittedAt: new Date('2026-02-10T02:00:00Z') });
    const loner = await createPerson(t, villageA.id, { name: '钱单独' });
    await reliefCase(villageA, loner, { submittedAt: new Date('2025-01-05T02:00:00Z') });
    await reliefCase(villageB, loner, { submittedAt: new Date('2026-03-05T02:00:00Z') });

    const run = await scanForDuplicates(t.db);
    expect(run.raised.filter((k) => k.includes(person.id))).toHaveLength(2);
    expect(run.raised.filter((k) => k.includes(loner.id))).toHaveLength(0);
    expect((await scanForDuplicates(t.db)).raised).toEqual([]);
    // A new case is seen through the cursor; earlier pairs are not raised again.
    const third = await reliefCase(countyB, person, { submittedAt: new Date('2026-06-01T02:00:00Z') });
    const later = await scanForDuplicates(t.db);
    expect(later.raised.filter((k) => k.includes(third.id))).toHaveLength(3);
    expect(later.raised.every((k) => k.includes(third.id))).toBe(true);

    const list = (await get(cityHandler, '/api/duplicate-suspects?status=open')).json();
    const pair = list.items.find(
      (d: { caseA: { id: string }; caseB: { id: string } }) =>
        [d.caseA.id, d.caseB.id].sort().join() === [first.id, second.id].sort().join(),
    );
    expect(pair).toMatchObject({ orgId: chain.city.id, matchKind: 'person', status: 'open' });
    expect([pair.caseA.orgName, pair.caseB.orgName].sort()).toEqual([villageA.name, villageB.name].sort());
    // Neither county alone holds a task that spans both.
    expect(
      (await get(handlerA, '/api/duplicate-suspects')).json().items.some((d: { id: string }) => d.id === pair.id),
    ).toBe(false);
    expect(
      (await post(handlerA, `/api/duplicate-suspects/${pair.id}/resolve`, { resolution: 'duplicate', note: '越权' }))
        .statusCode,
    ).toBe(404);

    const resolved = await post(cityHandler, `/api/duplicate-suspects/${pair.id}/resolve`, {
      resolution: 'duplicate',
      note: '同一人在两村重复申请,已追回乙村款项。',
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: 'duplicate' });
    expect(
      (
        await post(cityHandler, `/api/duplicate-suspects/${pair.id}/resolve`, {
          resolution: 'not_duplicate',
          note: '再来',
        })
      ).statusCode,
    ).toBe(409);
    const flags = (await get(cityHandler, `/api/grievances/cases/${first.caseNo}/flags`)).json();
    expect(flags.isFlagged).toBe(true);
    expect(flags.duplicateSuspects.map((d: { otherCaseNo: string }) => d.otherCaseNo)).toContain(second.caseNo);
  });
});

describe('rate limits', () => {
  it('limits how often one address files complaints', async () => {
    const limited = await createTestApp({ rateLimits: true });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await limited.inject(null, {
          method: 'POST',
          url: '/api/public/grievances',
          payload: { subjectKind: 'other', content: '频繁提交的投诉内容。', isAnonymous: true },
          remoteAddress: '10.77.0.1',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 201 || s === 404)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

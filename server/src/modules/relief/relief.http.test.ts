// Humanitarian relief through the HTTP routes: a citizen applies on the phone; a village worker verifies, a county
// officer reviews, a county approver approves, the case goes on public notice (masked), objections are filed and
// resolved, finance pays it from a fund (two people) into the public ledger without a name; and every refusal of the
// issue's bad-input list answers a clear 4xx and writes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  giveOnline,
  signInByPhone,
  tinyPng,
  uniqueIdNumber,
  uploadFile,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let town: OrgView;
let village: OrgView;
let village2: OrgView;
let farVillage: OrgView;
let worker: Caller;
let officer: Caller;
let approver: Caller;
let cityApprover: Caller;
let finance1: Caller;
let finance2: Caller;
let farWorker: Caller;
let fundId: number;
let smallFundId: number;

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

/** The three materials a hardship case requires, uploaded by `caller`. */
async function hardshipMaterials(caller: Caller) {
  return [
    { key: 'id_card', fileId: await uploadFile(t, caller, tinyPng, 'id.png') },
    { key: 'household_register', fileId: await uploadFile(t, caller, tinyPng, 'hukou.png') },
    { key: 'hardship_proof', fileId: await uploadFile(t, caller, tinyPng, 'proof.png') },
  ];
}

async function fileCase(caller: Caller, extra: Record<string, unknown> = {}) {
  const res = await t.inject(caller, {
    method: 'POST',
    url: '/api/relief/cases',
    payload: {
      kind: 'hardship',
      orgId: village.id,
      applicant: { name: '王小明', idNumber: uniqueIdNumber() },
      householdSize: 3,
      causeCategory: 'illness',
      causeText: '户主突发重病住院,家庭无其他收入来源',
      requestedFen: 300_000,
      materials: await hardshipMaterials(caller),
      ...extra,
    },
  });
  return res;
}

const visit = (photoFileIds: string[] = []) => ({
  visitedOn: toChinaDate(new Date(Date.now() - 3_600_000)),
  visitors: '村红十字工作者 李四',
  findings: '家中确有重病患者,生活困难属实',
  photoFileIds,
});
const exclusionsOf = async (kind = 'hardship'): Promise<string[]> => {
  const res = await t.inject(worker, { method: 'GET', url: '/api/relief/kinds' });
  return res.json().find((k: { code: string }) => k.code === kind).exclusions;
};

async function verify(id: string, caller: Caller = worker) {
  return t.inject(caller, {
    method: 'POST',
    url: `/api/relief/cases/${id}/verification`,
    payload: { visit: visit(), exclusionsConfirmed: await exclusionsOf() },
  });
}
const review = (id: string, recommendedFen = 300_000, caller: Caller = officer) =>
  t.inject(caller, { method: 'POST', url: `/api/relief/cases/${id}/review`, payload: { recommendedFen } });
const approve = (id: string, approvedFen = 300_000, caller: Caller = approver, extra: Record<string, unknown> = {}) =>
  t.inject(caller, { method: 'POST', url: `/api/relief/cases/${id}/approval`, payload: { approvedFen, ...extra } });
const view = (id: string, caller: Caller = officer) =>
  t.inject(caller, { method: 'GET', url: `/api/relief/cases/${id}` });

/** Lets the public notice of a case end (time passes). */
const endNotice = (id: string) =>
  t.db.execute(sql`UPDATE relief_cases SET notice_ends_at = now() - interval '1 minute' WHERE id = ${id}`);

/** A case taken to public notice by the three staff users. */
async function caseOnNotice(extra: Record<string, unknown> = {}, amountFen = 300_000) {
  const filed = await fileCase(worker, { requestedFen: amountFen, ...extra });
  expect(filed.statusCode, filed.body).toBe(201);
  const id = filed.json().id;
  expect((await verify(id)).statusCode).toBe(200);
  expect((await review(id, amountFen)).statusCode).toBe(200);
  const approved = await approve(id, amountFen);
  expect(approved.statusCode, approved.body).toBe(200);
  return filed.json() as { id: string; caseNo: string; personId: string };
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  town = await createOrgUnder(t, chain.county, 'township');
  village = await createOrgUnder(t, town, 'village', { name: '江东村' });
  village2 = await createOrgUnder(t, town, 'village', { name: '江西村' });
  const otherCounty = await createOrgUnder(t, chain.city, 'county');
  const otherTown = await createOrgUnder(t, otherCounty, 'township');
  farVillage = await createOrgUnder(t, otherTown, 'village');
  worker = await createStaff(t, { orgId: village.id, roleId: 'village_worker' });
  officer = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_officer' });
  approver = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_approver' });
  cityApprover = await createStaff(t, { orgId: chain.city.id, roleId: 'relief_approver' });
  finance1 = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
  finance2 = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
  farWorker = await createStaff(t, { orgId: farVillage.id, roleId: 'village_worker' });
  const project = await createOpenProject(t, chain.county.id);
  for (let i = 0; i < 4; i++) {
    const { paid } = await giveOnline(t, project.code, 500_000, { donorName: '爱心企业' });
    expect(paid.statusCode, paid.body).toBeLessThan(400);
  }
  fundId = project.fundId;
  const small = await createOpenProject(t, chain.county.id);
  await giveOnline(t, small.code, 10_000);
  smallFundId = small.fundId;
});
afterAll(() => t.close());

describe('relief kinds', () => {
  it('are seeded with the DOMAIN.md defaults: bands county ¥5,000 / city ¥20,000 / province, 5 working days, 7 days notice', async () => {
    const res = await t.inject(worker, { method: 'GET', url: '/api/relief/kinds' });
    expect(res.statusCode).toBe(200);
    const kinds = res.json() as {
      code: string;
      bands: unknown;
      decisionWorkingDays: number;
      noticeDays: number;
      isNameShown: boolean;
    }[];
    expect(kinds.map((k) => k.code).sort()).toEqual(['disaster', 'emergency', 'hardship', 'serious_illness']);
    for (const k of kinds) {
      expect(k.bands).toEqual([
        { maxFen: 500_000, level: 'county' },
        { maxFen: 2_000_000, level: 'city' },
        { maxFen: null, level: 'province' },
      ]);
      expect(k).toMatchObject({ decisionWorkingDays: 5, noticeDays: 7, isNameShown: false });
    }
  });

  it('lets relief:manage change a rule, refuses bands out of order, and refuses others', async () => {
    const admin = await createStaff(t, { orgId: chain.province.id, roleId: 'branch_admin' });
    const bad = await t.inject(admin, {
      method: 'PUT',
      url: '/api/relief/kinds/emergency',
      payload: {
        bands: [
          { maxFen: null, level: 'county' },
          { maxFen: 100, level: 'city' },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.inject(admin, {
      method: 'PUT',
      url: '/api/relief/kinds/emergency',
      payload: { decisionWorkingDays: 3 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decisionWorkingDays).toBe(3);
    const refused = await t.inject(worker, {
      method: 'PUT',
      url: '/api/relief/kinds/emergency',
      payload: { noticeDays: 1 },
    });
    expect(refused.statusCode).toBe(403);
    await t.inject(admin, { method: 'PUT', url: '/api/relief/kinds/emergency', payload: { decisionWorkingDays: 5 } });
  });

  it('tells the public what to prepare and how long it takes', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/public/relief/kinds' });
    expect(res.statusCode).toBe(200);
    const hardship = res.json().find((k: { code: string }) => k.code === 'hardship');
    expect(hardship.materials.map((m: { key: string }) => m.key)).toContain('hardship_proof');
    expect(hardship.decisionWorkingDays).toBe(5);
  });
});

describe('the whole journey: phone application → verification → review → approval → notice → payout → follow-up', () => {
  let caseNo: string;
  let caseId: string;
  let citizen: Caller;
  let payoutRef: string;
  const applicantName = '张晓三';

  it('a citizen applies on the phone with photos of their documents', async () => {
    citizen = await signInByPhone(t, '13700001111');
    const picker = await t.inject(null, { method: 'GET', url: `/api/public/relief/units?parentId=${town.id}` });
    expect(picker.statusCode).toBe(200);
    expect(picker.json()).toContainEqual(expect.objectContaining({ id: village.id, canApply: true }));
    const res = await t.inject(citizen, {
      method: 'POST',
      url: '/api/public/relief/applications',
      payload: {
        kind: 'hardship',
        orgId: village.id,
        applicant: { name: applicantName, idNumber: uniqueIdNumber(), phone: '13700001111' },
        householdSize: 4,
        causeCategory: 'illness',
        causeText: '丈夫患尿毒症需长期透析,家庭收入中断',
        requestedFen: 400_000,
        materials: await hardshipMaterials(citizen),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'submitted', applicantName, kind: 'hardship' });
    caseNo = res.json().caseNo;
    caseId = res.json().id;
    const mine = await t.inject(citizen, { method: 'GET', url: '/api/me/relief-cases' });
    expect(mine.json().map((c: { caseNo: string }) => c.caseNo)).toEqual([caseNo]);
  });

  it('the village worker verifies with a home visit; review before verification is refused', async () => {
    const early = await review(caseId);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
    // The worker reads the citizen's materials through the case.
    const page = await view(caseId, worker);
    expect(page.statusCode).toBe(200);
    const material = page.json().materials[0].fileId;
    expect(
      (await t.inject(worker, { method: 'GET', url: `/api/relief/cases/${caseId}/files/${material}` })).statusCode,
    ).toBe(200);
    const photo = await uploadFile(t, worker, tinyPng, 'visit.png');
    const res = await t.inject(worker, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/verification`,
      payload: { visit: visit([photo]), exclusionsConfirmed: await exclusionsOf() },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'verified', verifiedByName: expect.any(String) });
    expect(res.json().visits[0]).toMatchObject({ kind: 'verification', photoFileIds: [photo] });
  });

  it('the county officer reviews; the approver may not be the verifier or reviewer', async () => {
    const res = await review(caseId, 350_000);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'reviewed', recommendedFen: 350_000, requiredLevel: 'county' });
    const own = await approve(caseId, 350_000, officer);
    expect(own.statusCode).toBe(403);
  });

  it('the county approver approves within the band and the public notice starts', async () => {
    const res = await approve(caseId, 350_000);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'on_notice', approvedFen: 350_000, approvalLevel: 'county' });
    expect(res.json().timeline.map((e: { event: string }) => e.event)).toEqual([
      'submitted',
      'verified',
      'reviewed',
      'approved',
      'notice_started',
    ]);
  });

  it('the public notice shows the masked name, village and amount only', async () => {
    const res = await t.inject(null, { method: 'GET', url: `/api/public/relief/notices?orgId=${chain.county.id}` });
    expect(res.statusCode).toBe(200);
    const notice = res.json().items.find((n: { caseNo: string }) => n.caseNo === caseNo);
    expect(notice).toMatchObject({ name: '张*三', villageName: '江东村', amountFen: 350_000, kind: 'hardship' });
    expect(notice.areaName).toContain(town.name);
    expect(res.body).not.toContain(applicantName);
    expect(res.body).not.toContain('尿毒症');
  });

  it('refuses a payout during the notice, then while an objection is open, and changes nothing', async () => {
    const during = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/payout`,
      payload: { fundId },
    });
    expect(during.statusCode).toBe(409);
    expect(during.json().error.code).toBe('NOTICE_PERIOD_RUNNING');
    const objection = await t.inject(null, {
      method: 'POST',
      url: `/api/public/relief/notices/${caseNo}/objections`,
      payload: { text: '据我所知该户家中有经营性收入', phone: '13900002222' },
    });
    expect(objection.statusCode, objection.body).toBe(201);
    await endNotice(caseId);
    const payouts = await count('payouts');
    const blocked = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/payout`,
      payload: { fundId },
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('OBJECTION_OPEN');
    expect(await count('payouts')).toBe(payouts);
    expect((await view(caseId)).json().status).toBe('on_notice');
  });

  it('the officer dismisses the objection with a reason and the objector is told', async () => {
    const list = await t.inject(officer, { method: 'GET', url: '/api/relief/objections?status=open' });
    const open = list.json().items.find((o: { caseNo: string }) => o.caseNo === caseNo);
    expect(open).toMatchObject({ isAnonymous: true, phoneMasked: '139****2222' });
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/objections/${open.id}/resolution`,
      payload: { outcome: 'dismissed', reason: '经核查,该户经营已于去年停止' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('dismissed');
    const again = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/objections/${open.id}/resolution`,
      payload: { outcome: 'dismissed', reason: '重复处理' },
    });
    expect(again.statusCode).toBe(409);
    const [sms] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'relief.objection.resolved'`,
    );
    expect(sms.n).toBe(1);
  });

  it('finance requests the payout from a fund (the approval form as evidence) and a second finance user pays it', async () => {
    const res = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/payout`,
      payload: { fundId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'payout_requested', approvalFileId: expect.any(String) });
    const [payout] = res.json().payouts;
    expect(payout).toMatchObject({ status: 'pending', amountFen: 350_000, fundSource: 'donations' });
    payoutRef = payout.payoutRef;
    const pdf = await t.inject(officer, {
      method: 'GET',
      url: `/api/relief/cases/${caseId}/files/${res.json().approvalFileId}`,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const self = await t.inject(finance1, {
      method: 'POST',
      url: `/api/payouts/${payoutRef}/decision`,
      payload: { decision: 'approve' },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SAME_USER_APPROVAL');
    const paid = await t.inject(finance2, {
      method: 'POST',
      url: `/api/payouts/${payoutRef}/decision`,
      payload: { decision: 'approve' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', payeeDisplay: '张*三', purpose: `人道救助 ${caseNo}` });
    const after = (await view(caseId)).json();
    expect(after).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect(after.payouts[0]).toMatchObject({ status: 'paid', ledgerIndex: paid.json().ledgerIndex });
  });

  it('puts the payment in the public ledger without the name, as a salted commitment', async () => {
    const [entry] = await queryRows<{ leaf: string; kind: string }>(
      t.db,
      sql`SELECT leaf, kind FROM ledger_entries WHERE index = (SELECT ledger_index FROM relief_payouts WHERE case_id = ${caseId})`,
    );
    expect(entry.kind).toBe('payout.paid');
    const leaf = JSON.parse(entry.leaf);
    expect(leaf).toMatchObject({ amountFen: 350_000, payeeKind: 'person', purpose: `人道救助 ${caseNo}` });
    expect(leaf.payee).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.leaf).not.toContain(applicantName);
    expect(entry.leaf).not.toContain('张*三');
  });

  it('the applicant follows it like a parcel, without staff names', async () => {
    const res = await t.inject(citizen, { method: 'GET', url: `/api/me/relief-cases/${caseNo}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('paid');
    expect(res.json().timeline.map((e: { event: string }) => e.event)).toContain('paid');
    expect(res.json().timeline.every((e: { actorName: string | null }) => e.actorName === null)).toBe(true);
    const other = await signInByPhone(t, '13700003333');
    expect((await t.inject(other, { method: 'GET', url: `/api/me/relief-cases/${caseNo}` })).statusCode).toBe(404);
  });

  it('the worker records the follow-up visit and the officer closes the case', async () => {
    const closeEarly = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/closure`,
      payload: {},
    });
    expect(closeEarly.statusCode).toBe(409);
    const followed = await t.inject(worker, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/follow-up`,
      payload: { visit: { ...visit(), findings: '救助金已到账,用于透析费用' } },
    });
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json().status).toBe('followed_up');
    const closed = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/cases/${caseId}/closure`,
      payload: { note: '结案' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
  });

  it('the service hall followed the case: 受理 at verification, 办结 at payout, every step in its timeline', async () => {
    const mine = await t.inject(citizen, { method: 'GET', url: '/api/services/my/requests' });
    expect(mine.statusCode, mine.body).toBe(200);
    const hall = mine.json().items.filter((r: { itemCode: string }) => r.itemCode === 'relief');
    expect(hall).toHaveLength(1);
    expect(hall[0]).toMatchObject({ status: 'done', acceptedAt: expect.any(String), concludedAt: expect.any(String) });
    const detail = await t.inject(citizen, { method: 'GET', url: `/api/services/my/requests/${hall[0].id}` });
    expect(detail.statusCode, detail.body).toBe(200);
    const steps = detail.json().events.map((e: { toStatus: string | null }) => e.toStatus);
    expect(steps).toEqual(expect.arrayContaining(['submitted', 'accepted', 'in_progress', 'done']));
  });

  it('the same person again: history across units, warnings, and the same-cause rule at approval', async () => {
    const person = (await view(caseId)).json().personId as string;
    // An open case of another kind in another village.
    const elsewhere = await t.inject(officer, {
      method: 'POST',
      url: '/api/relief/cases',
      payload: {
        kind: 'disaster',
        orgId: village2.id,
        applicant: { personId: person },
        householdSize: 4,
        causeCategory: 'fire',
        causeText: '房屋失火,家具被毁',
        requestedFen: 100_000,
        materials: [],
      },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const again = await fileCase(worker, {
      applicant: { personId: person },
      causeText: '丈夫透析费用仍无法负担',
      requestedFen: 800_000,
    });
    expect(again.statusCode, again.body).toBe(201);
    const id = again.json().id;
    expect((await verify(id)).statusCode).toBe(200);
    expect((await review(id, 700_000)).statusCode).toBe(200);
    const page = (await view(id)).json();
    expect(page.history.map((h: { caseNo: string }) => h.caseNo)).toEqual(expect.arrayContaining([caseNo]));
    expect(page.history.find((h: { caseNo: string }) => h.caseNo === caseNo).paidFen).toBe(350_000);
    expect(page.warnings.map((w: { code: string }) => w.code).sort()).toEqual([
      'OPEN_CASE_ELSEWHERE',
      'OVER_ANNUAL_CAP',
      'SAME_CAUSE_HELPED',
      'SAME_KIND_WITHIN_12_MONTHS',
    ]);
    expect(page.requiredLevel).toBe('city');
    // ¥7,000 is above the county's band.
    const county = await approve(id, 700_000);
    expect(county.statusCode).toBe(403);
    expect(county.json().error.code).toBe('APPROVAL_BAND_EXCEEDED');
    const noNote = await approve(id, 700_000, cityApprover);
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().error).toMatchObject({ code: 'RELIEF_RULE_VIOLATED', details: { rule: 'SAME_CAUSE_HELPED' } });
    expect((await view(id)).json().status).toBe('reviewed');
    const withNote = await approve(id, 700_000, cityApprover, {
      overrideNote: '前次为透析首期费用,本次为肾移植手术,属新的事由',
    });
    expect(withNote.statusCode, withNote.body).toBe(200);
    expect(withNote.json()).toMatchObject({
      status: 'on_notice',
      approvalLevel: 'city',
      overrideNote: expect.any(String),
    });
  });
});

describe('refusals that change nothing', () => {
  it('refuses missing required materials with MATERIALS_MISSING and creates nothing', async () => {
    const before = await count('relief_cases');
    const res = await fileCase(worker, { materials: [{ key: 'id_card', fileId: await uploadFile(t, worker) }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'MATERIALS_MISSING',
      details: { missing: ['household_register', 'hardship_proof'] },
    });
    expect(await count('relief_cases')).toBe(before);
  });

  it('refuses an ID number with a wrong check character', async () => {
    const id = uniqueIdNumber();
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const res = await fileCase(worker, { applicant: { name: '李四', idNumber: wrong } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_ID_NUMBER');
  });

  it('refuses a file that is not an image or PDF', async () => {
    const boundary = '----boai-relief';
    const res = await t.inject(worker, {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.exe"\r\n\r\nMZ-not-a-picture\r\n--${boundary}--\r\n`,
      ),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('FILE_INVALID');
  });

  it('refuses staff acting outside their subtree', async () => {
    const filed = await fileCase(worker);
    const id = filed.json().id;
    const far = await verify(id, farWorker);
    expect(far.statusCode).toBe(403);
    expect(far.json().error.code).toBe('OUT_OF_SCOPE');
    const farFile = await fileCase(farWorker, { orgId: village.id });
    expect(farFile.statusCode).toBe(403);
    const list = await t.inject(farWorker, { method: 'GET', url: '/api/relief/cases' });
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('refuses verification without every exclusion confirmed', async () => {
    const id = (await fileCase(worker)).json().id;
    const res = await t.inject(worker, {
      method: 'POST',
      url: `/api/relief/cases/${id}/verification`,
      payload: { visit: visit(), exclusionsConfirmed: [] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('RELIEF_RULE_VIOLATED');
    expect((await view(id)).json().status).toBe('submitted');
  });

  it('refuses approval by the user who verified the case (four-eyes)', async () => {
    const allInOne = await createStaff(t, {
      orgId: chain.county.id,
      permissions: ['relief:verify', 'relief:review', 'relief:approve'],
    });
    const id = (await fileCase(worker)).json().id;
    expect((await verify(id, allInOne)).statusCode).toBe(200);
    expect((await review(id)).statusCode).toBe(200);
    const res = await approve(id, 300_000, allInOne);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('SAME_USER_APPROVAL');
    expect((await view(id)).json().status).toBe('reviewed');
  });

  it('refuses a payout over the fund balance with FUND_INSUFFICIENT and writes nothing', async () => {
    const c = await caseOnNotice({}, 200_000);
    await endNotice(c.id);
    const [files, payouts, audits] = [await count('stored_files'), await count('payouts'), await count('audit_log')];
    const res = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/payout`,
      payload: { fundId: smallFundId },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('FUND_INSUFFICIENT');
    expect([await count('stored_files'), await count('payouts'), await count('audit_log')]).toEqual([
      files,
      payouts,
      audits,
    ]);
    expect((await view(c.id)).json().status).toBe('on_notice');
  });

  it('a payout finance rejects leaves the case payable again, from another fund if need be', async () => {
    const c = await caseOnNotice({}, 100_000);
    await endNotice(c.id);
    const asked = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/payout`,
      payload: { fundId },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const twice = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/payout`,
      payload: { fundId },
    });
    expect(twice.statusCode).toBe(409);
    const rejected = await t.inject(finance2, {
      method: 'POST',
      url: `/api/payouts/${asked.json().payouts[0].payoutRef}/decision`,
      payload: { decision: 'reject', note: '收款账户信息有误' },
    });
    expect(rejected.statusCode).toBe(200);
    const page = (await view(c.id)).json();
    expect(page.status).toBe('on_notice');
    expect(page.payouts[0].status).toBe('rejected');
    expect(page.timeline.at(-1).event).toBe('payout_rejected');
    const again = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/payout`,
      payload: { fundId },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().payouts.map((p: { status: string }) => p.status)).toEqual(['rejected', 'pending']);
  });

  it('pays a case from its village’s mutual-aid fund once a second user of that fund approves the grant', async () => {
    const opened = await t.inject(worker, {
      method: 'POST',
      url: '/api/mutualaid/funds',
      payload: { orgId: village.id, name: '江东村互助金', maxGrantFen: 200_000, maxLoanFen: 500_000 },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const mutualFundId = opened.json().id;
    const gave = await t.inject(worker, {
      method: 'POST',
      url: `/api/mutualaid/funds/${mutualFundId}/contributions`,
      payload: { sourceKind: 'villager', contributorName: '村民代表', amountFen: 150_000, receivedOn: '2026-01-05' },
    });
    expect(gave.statusCode, gave.body).toBe(201);
    const c = await caseOnNotice({}, 120_000);
    await endNotice(c.id);
    const asked = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/payout`,
      payload: { fundSource: 'mutualaid', fundId: mutualFundId },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const [payout] = asked.json().payouts;
    expect(payout).toMatchObject({ status: 'pending', fundSource: 'mutualaid', amountFen: 120_000 });
    // The fund's own people decide (mutualaid:manage at the village), never the one who asked.
    const paid = await t.inject(worker, {
      method: 'POST',
      url: `/api/mutualaid/grants/${payout.payoutRef}/decision`,
      payload: { decision: 'approve', note: '村互助金理事会同意' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', origin: 'case', caseRef: c.caseNo });
    const after = (await view(c.id)).json();
    expect(after).toMatchObject({ status: 'paid' });
    expect(after.payouts[0]).toMatchObject({ status: 'paid', ledgerIndex: expect.any(Number) });
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${after.payouts[0].ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({ kind: 'mutualaid.grant', case: c.caseNo, amountFen: 120_000 });
    expect(leaf.leaf).not.toContain('王小明');
  });

  it('an upheld objection returns the case to the applicant, who corrects it', async () => {
    const c = await caseOnNotice();
    const filed = await t.inject(null, {
      method: 'POST',
      url: `/api/public/relief/notices/${c.caseNo}/objections`,
      payload: { text: '申请人家庭人口填写有误', name: '王五' },
    });
    expect(filed.statusCode).toBe(201);
    const objections = (await view(c.id)).json().objections;
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/objections/${objections[0].id}/resolution`,
      payload: { outcome: 'upheld', caseAction: 'return', reason: '家庭人口需更正为 2 人' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = (await view(c.id)).json();
    expect(page).toMatchObject({ status: 'returned', decisionNote: '家庭人口需更正为 2 人' });
    const notices = await t.inject(null, { method: 'GET', url: '/api/public/relief/notices?limit=100' });
    expect(notices.json().items.map((n: { caseNo: string }) => n.caseNo)).not.toContain(c.caseNo);
    const late = await t.inject(null, {
      method: 'POST',
      url: `/api/public/relief/notices/${c.caseNo}/objections`,
      payload: { text: '再提一条异议内容' },
    });
    expect(late.statusCode).toBe(409);
    const resubmitted = await t.inject(worker, {
      method: 'POST',
      url: `/api/relief/cases/${c.id}/resubmission`,
      payload: { householdSize: 2, note: '已更正' },
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', householdSize: 2, verifiedByName: null });
  });

  it('rejects with a reason at the current step, by that step’s permission only', async () => {
    const id = (await fileCase(worker)).json().id;
    const byApprover = await t.inject(approver, {
      method: 'POST',
      url: `/api/relief/cases/${id}/rejection`,
      payload: { reason: '不符合条件' },
    });
    expect(byApprover.statusCode).toBe(403);
    const res = await t.inject(worker, {
      method: 'POST',
      url: `/api/relief/cases/${id}/rejection`,
      payload: { reason: '家庭收入高于当地标准' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', decisionNote: '家庭收入高于当地标准' });
    const again = await verify(id);
    expect(again.statusCode).toBe(409);
  });
});

describe('the work queue', () => {
  it('lists cases in scope with filters, overdue first on request', async () => {
    const id = (await fileCase(worker)).json().id;
    await t.db.execute(sql`UPDATE relief_cases SET decision_due_at = now() - interval '1 day' WHERE id = ${id}`);
    const res = await t.inject(officer, { method: 'GET', url: '/api/relief/cases?overdueFirst=true&limit=5' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ id, isOverdue: true });
    const overdue = await t.inject(officer, { method: 'GET', url: '/api/relief/cases?overdue=true' });
    expect(overdue.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    const onNotice = await t.inject(officer, {
      method: 'GET',
      url: '/api/relief/cases?status=on_notice&kind=hardship',
    });
    expect(onNotice.json().items.every((c: { status: string }) => c.status === 'on_notice')).toBe(true);
    const byName = await t.inject(officer, {
      method: 'GET',
      url: `/api/relief/cases?q=${encodeURIComponent('张晓三')}`,
    });
    expect(byName.json().total).toBeGreaterThan(0);
  });
});

// The service hall over HTTP: catalogue, uploads, submission checks, every transition allowed and refused, scope,
// the applicant's timeline and rating, and requests filed at a counter on someone's behalf.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  createBranchChain,
  createOrgUnder,
  createStaff,
  postFile,
  signInByPhone,
  tinyPng,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import type { RequestDetail, RequestStatus, StaffTarget } from './services.schemas';
import { staffTargetValues } from './services.schemas';

let t: TestApp;
let county: OrgView;
let village: OrgView;
let handler: Caller;
let outsider: Caller;
let counter: Caller;
let citizen: Caller;
let stranger: Caller;
const citizenPhone = '13900139001';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const upload = (caller: Caller, bytes: Buffer, name = 'id.png') => postFile(t, caller, bytes, name, 'image/png');

async function uploadId(caller: Caller, bytes = tinyPng, name = 'id.png'): Promise<string> {
  const res = await upload(caller, bytes, name);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const reliefForm = () => ({
  idNumber: uniqueIdNumber(),
  reliefKind: 'serious_illness',
  requestedAmountYuan: 3000,
  reason: '户主患重病住院,家庭收入中断',
  address: '某村 3 组 12 号',
});

async function submitRelief(caller: Caller, extra: Record<string, unknown> = {}) {
  const files = { idCard: [await uploadId(caller)], hardshipProof: [await uploadId(caller, pdf, 'proof.pdf')] };
  return t.inject(caller, {
    method: 'POST',
    url: '/api/services/my/requests',
    payload: {
      itemCode: 'relief',
      orgId: village.id,
      applicantName: '王小明',
      form: reliefForm(),
      fileIds: files,
      ...extra,
    },
  });
}

/** A request of an item without materials (捐赠查询与反馈), filed by the citizen. */
async function submitQuery(): Promise<RequestDetail> {
  const res = await t.inject(citizen, {
    method: 'POST',
    url: '/api/services/my/requests',
    payload: {
      itemCode: 'donation-query',
      orgId: village.id,
      applicantName: '王小明',
      form: { question: '善款用途?' },
      fileIds: {},
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const move = (caller: Caller, id: string, to: StaffTarget, note?: string) =>
  t.inject(caller, {
    method: 'POST',
    url: `/api/services/requests/${id}/transitions`,
    payload: note === undefined ? { to } : { to, note },
  });

/** Takes a fresh request to `status` along the allowed path. */
async function requestIn(status: RequestStatus): Promise<RequestDetail> {
  const r = await submitQuery();
  const path: Record<RequestStatus, [StaffTarget | 'withdraw', string?][]> = {
    submitted: [],
    returned: [['returned', '请补充捐赠编号']],
    refused: [['refused', '不属于本会受理范围']],
    withdrawn: [['withdraw']],
    accepted: [['accepted']],
    in_progress: [['accepted'], ['in_progress']],
    done: [['accepted'], ['in_progress'], ['done', '已答复']],
    rejected: [['accepted'], ['rejected', '查无此捐赠']],
  };
  for (const [to, note] of path[status]) {
    const res =
      to === 'withdraw'
        ? await t.inject(citizen, { method: 'POST', url: `/api/services/my/requests/${r.id}/withdraw`, payload: {} })
        : await move(handler, r.id, to, note);
    expect(res.statusCode, res.body).toBe(200);
  }
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  county = chain.county;
  const township = await createOrgUnder(t, county, 'township');
  village = await createOrgUnder(t, township, 'village');
  const otherCounty = await createOrgUnder(t, chain.city, 'county');
  handler = await createStaff(t, { orgId: county.id, roleId: 'relief_officer' });
  outsider = await createStaff(t, { orgId: otherCounty.id, permissions: ['services:handle'] });
  counter = await createStaff(t, { orgId: village.id, roleId: 'village_worker' });
  citizen = await signInByPhone(t, citizenPhone);
  stranger = await signInByPhone(t, '13900139002');
});
afterAll(() => t.close());

describe('the catalogue', () => {
  it('lists the 4 categories and 14 items, with the relief application fulfilled by relief in 5 working days', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/services/catalogue' });
    expect(res.statusCode).toBe(200);
    const { categories } = res.json() as { categories: { code: string; items: { code: string }[] }[] };
    expect(categories.map((c) => c.code)).toEqual(['membership', 'giving', 'donor-registration', 'first-aid-relief']);
    expect(categories.flatMap((c) => c.items)).toHaveLength(14);
    const item = await t.inject(null, { method: 'GET', url: '/api/services/items/relief' });
    expect(item.json()).toMatchObject({
      fulfilledBy: 'relief',
      timeLimitDays: 5,
      handlingLevel: 'county',
      needsPublicNotice: true,
      materials: expect.arrayContaining([expect.objectContaining({ key: 'idCard', required: true })]),
    });
    expect(item.json().expectedDoneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('answers 404 for an unknown item', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/services/items/no-such-item' });
    expect(res.statusCode).toBe(404);
  });

  it('lets the citizen pick the unit to apply at, level by level', async () => {
    const res = await t.inject(null, { method: 'GET', url: `/api/services/units?parentId=${county.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ type: 'township', hasChildren: true })]);
  });
});

describe('uploads', () => {
  it('takes a PNG or a PDF from a signed-in citizen, recognised by its bytes', async () => {
    const res = await upload(citizen, pdf, 'scan.png');
    expect(res.statusCode).toBe(201);
    expect(res.json().contentType).toBe('application/pdf');
  });

  it('refuses a file whose bytes are not a photo, scan or PDF, whatever its name', async () => {
    const res = await upload(citizen, Buffer.from('GIF89a not really'), 'photo.jpg');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'FILE_INVALID', details: { reason: 'type' } });
  });

  it('refuses a file over 10 MB with 413', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await upload(citizen, big, 'big.pdf');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses anonymous uploads', async () => {
    expect((await upload(null, tinyPng)).statusCode).toBe(401);
  });
});

describe('submitting', () => {
  const myTotal = async () =>
    (await t.inject(citizen, { method: 'GET', url: '/api/services/my/requests' })).json().total as number;

  it('refuses a request without a required material with 422 MATERIALS_MISSING and stores nothing', async () => {
    const before = await myTotal();
    const res = await t.inject(citizen, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'relief',
        orgId: village.id,
        applicantName: '王小明',
        form: reliefForm(),
        fileIds: { idCard: [await uploadId(citizen)] },
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'MATERIALS_MISSING',
      details: { missing: [expect.objectContaining({ key: 'hardshipProof' })] },
    });
    expect(await myTotal()).toBe(before);
  });

  it('checks the form against the item’s fields and names every bad field', async () => {
    const res = await submitRelief(citizen, {
      form: { idNumber: '330681199001011230', reliefKind: 'lottery', reason: '', address: '某村', colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().error.details.issues as { field: string }[]).map((i) => i.field).sort();
    expect(fields).toEqual(['body.form.colour', 'body.form.idNumber', 'body.form.reason', 'body.form.reliefKind']);
  });

  it('refuses a file type the material does not accept', async () => {
    const res = await t.inject(citizen, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'member-join',
        orgId: village.id,
        applicantName: '王小明',
        form: { idNumber: uniqueIdNumber(), memberKind: 'ordinary', address: '某村' },
        fileIds: { idCard: [await uploadId(citizen)], photo: [await uploadId(citizen, pdf, 'photo.pdf')] },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'FILE_INVALID', details: { field: 'body.fileIds.photo' } });
  });

  it('refuses a file someone else uploaded', async () => {
    const theirs = await uploadId(stranger);
    const res = await submitRelief(citizen, { fileIds: { idCard: [theirs], hardshipProof: [theirs] } });
    expect(res.statusCode).toBe(404);
  });

  it('lets only a citizen apply for themselves (staff file on behalf instead)', async () => {
    const res = await t.inject(handler, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'donation-query',
        orgId: village.id,
        applicantName: '王',
        form: { question: '?' },
        fileIds: {},
      },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the lifecycle of a relief application', () => {
  let id: string;

  it('is handled by the county the village lies in, with an acceptance deadline', async () => {
    const res = await submitRelief(citizen);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as RequestDetail;
    id = r.id;
    expect(r).toMatchObject({
      status: 'submitted',
      channel: 'online',
      orgId: county.id,
      filedAtOrgId: village.id,
      applicantNameMasked: '王*明',
      applicantPhoneMasked: '139****9001',
      allowedActions: ['withdraw'],
    });
    expect(r.requestNo).toMatch(/^S\d{8}[0-9A-Z]{10}$/);
    expect(r.deadlineOn).toBe(r.acceptDueOn);
    expect(r.form.idNumber).toMatch(/^\d{17}[\dX]$/); // the applicant sees their own answers in full
    expect(r.files).toHaveLength(2);
  });

  it('lets the applicant and the handling unit open the materials, and nobody else', async () => {
    const r = (
      await t.inject(citizen, { method: 'GET', url: `/api/services/my/requests/${id}` })
    ).json() as RequestDetail;
    const file = r.files.find((f) => f.materialKey === 'hardshipProof')!;
    const mine = await t.inject(citizen, {
      method: 'GET',
      url: `/api/services/my/requests/${id}/files/${file.fileId}`,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    const staff = await t.inject(handler, { method: 'GET', url: `/api/services/requests/${id}/files/${file.fileId}` });
    expect(staff.statusCode).toBe(200);
    expect(staff.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await t.inject(outsider, { method: 'GET', url: `/api/services/requests/${id}/files/${file.fileId}` });
    expect(other.statusCode).toBe(403);
    const stray = await t.inject(stranger, {
      method: 'GET',
      url: `/api/services/my/requests/${id}/files/${file.fileId}`,
    });
    expect(stray.statusCode).toBe(404);
  });

  it('is out of scope for another county’s staff', async () => {
    expect((await t.inject(outsider, { method: 'GET', url: `/api/services/requests/${id}` })).json().error.code).toBe(
      'OUT_OF_SCOPE',
    );
    const res = await move(outsider, id, 'accepted');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('is not another citizen’s to see, withdraw or rate', async () => {
    expect((await t.inject(stranger, { method: 'GET', url: `/api/services/my/requests/${id}` })).statusCode).toBe(404);
    const res = await t.inject(stranger, {
      method: 'POST',
      url: `/api/services/my/requests/${id}/withdraw`,
      payload: {},
    });
    expect(res.statusCode).toBe(404);
  });

  it('is accepted, handled and concluded by the county, with a timeline the applicant sees as unit and role', async () => {
    const staffView = (await t.inject(handler, { method: 'GET', url: `/api/services/requests/${id}` })).json();
    expect(staffView.allowedActions).toEqual(['accepted', 'returned', 'refused']);
    expect(staffView.form.idNumber).toMatch(/^\d{17}[\dX]$/); // relief officers hold pii:view
    const accepted = await move(handler, id, 'accepted', '材料齐全,予以受理');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().dueOn).toBe(accepted.json().deadlineOn);
    expect((await move(handler, id, 'in_progress')).statusCode).toBe(200);
    const done = await move(handler, id, 'done', '已发放救助金');
    expect(done.json()).toMatchObject({ status: 'done', isOnTime: true, handlingDays: 0, deadlineOn: null });

    const mine = (await t.inject(citizen, { method: 'GET', url: `/api/services/my/requests/${id}` })).json();
    expect(mine.events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'accepted', 'started', 'done']);
    expect(mine.events[0].actorLabel).toBe('申请人');
    expect(mine.events[1]).toMatchObject({
      actorLabel: `${county.name} · 救助专员`,
      actorName: null,
      note: '材料齐全,予以受理',
    });
    expect(mine.allowedActions).toEqual(['rate']);
    const staff = (await t.inject(handler, { method: 'GET', url: `/api/services/requests/${id}` })).json();
    expect(staff.events[1].actorName).toEqual(expect.any(String));
  });

  it('sends the applicant an SMS at each step', async () => {
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'services.status' AND recipient_masked = '139****9001'`,
    );
    expect(rows[0].n).toBe(3);
  });

  it('takes one rating, from the applicant, once done', async () => {
    const rate = (caller: Caller, stars: number) =>
      t.inject(caller, {
        method: 'POST',
        url: `/api/services/my/requests/${id}/rating`,
        payload: { stars, comment: '很快' },
      });
    expect((await rate(stranger, 1)).statusCode).toBe(404);
    expect((await rate(citizen, 6)).statusCode).toBe(400);
    const ok = await rate(citizen, 5);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ stars: 5, ratingComment: '很快', allowedActions: [] });
    const again = await rate(citizen, 1);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it('cannot be rated before it is concluded', async () => {
    const open = await submitQuery();
    const res = await t.inject(citizen, {
      method: 'POST',
      url: `/api/services/my/requests/${open.id}/rating`,
      payload: { stars: 4 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
  });
});

describe('the state machine', () => {
  const allowed: Record<RequestStatus, StaffTarget[]> = {
    submitted: ['accepted', 'returned', 'refused'],
    returned: [],
    accepted: ['in_progress', 'done', 'rejected'],
    in_progress: ['done', 'rejected'],
    done: [],
    rejected: [],
    refused: [],
    withdrawn: [],
  };
  const states = Object.keys(allowed) as RequestStatus[];

  it.each(states)('from %s refuses every step it does not allow with 409 and changes nothing', async (from) => {
    const r = await requestIn(from);
    for (const to of staffTargetValues.filter((x) => !allowed[from].includes(x))) {
      const res = await move(handler, r.id, to, '理由');
      expect(res.statusCode, `${from} → ${to}`).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', details: { from, to } });
    }
    const after = (await t.inject(handler, { method: 'GET', url: `/api/services/requests/${r.id}` })).json();
    expect(after.status).toBe(from);
    expect(after.allowedActions.filter((a: string) => (staffTargetValues as readonly string[]).includes(a))).toEqual(
      allowed[from],
    );
  });

  it.each(states.flatMap((from) => allowed[from].map((to) => [from, to] as const)))(
    'allows %s → %s',
    async (from, to) => {
      const r = await requestIn(from);
      const res = await move(handler, r.id, to, '说明');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(to);
    },
  );

  it.each(['returned', 'refused', 'rejected'] as const)('needs a reason to move to %s', async (to) => {
    const r = await requestIn(to === 'rejected' ? 'accepted' : 'submitted');
    const res = await move(handler, r.id, to, '  ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('body.note');
  });

  it('lets the applicant correct a returned request (补正) and send it again', async () => {
    const r = await requestIn('returned');
    const bad = await t.inject(citizen, {
      method: 'POST',
      url: `/api/services/my/requests/${r.id}/resubmit`,
      payload: { form: {}, fileIds: {} },
    });
    expect(bad.statusCode).toBe(400);
    const res = await t.inject(citizen, {
      method: 'POST',
      url: `/api/services/my/requests/${r.id}/resubmit`,
      payload: { form: { donationNo: 'D2026', question: '善款用途?' }, fileIds: {}, note: '已补充编号' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', form: { donationNo: 'D2026' } });
    expect(res.json().events.at(-1)).toMatchObject({ action: 'resubmitted', actorLabel: '申请人' });
    expect((await move(handler, r.id, 'accepted')).statusCode).toBe(200);
  });

  it('lets the applicant withdraw only before acceptance', async () => {
    const r = await requestIn('accepted');
    const res = await t.inject(citizen, {
      method: 'POST',
      url: `/api/services/my/requests/${r.id}/withdraw`,
      payload: {},
    });
    expect(res.statusCode).toBe(409);
    const resubmit = await t.inject(citizen, {
      method: 'POST',
      url: `/api/services/my/requests/${r.id}/resubmit`,
      payload: { form: { question: '?' }, fileIds: {} },
    });
    expect(resubmit.statusCode).toBe(409);
  });
});

describe('filing at a counter on someone’s behalf', () => {
  const phone = '13700137001';

  it('files for a villager, who then follows it by signing in with their phone', async () => {
    const res = await t.inject(counter, {
      method: 'POST',
      url: '/api/services/requests',
      payload: {
        itemCode: 'relief',
        orgId: village.id,
        applicantName: '李大爷',
        applicantPhone: phone,
        form: reliefForm(),
        fileIds: { idCard: [await uploadId(counter)], hardshipProof: [await uploadId(counter)] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'counter', orgId: county.id, applicantPhoneMasked: '137****7001' });
    expect(res.json().events[0].actorLabel).toBe(`${village.name} · 村(社区)红十字工作者`);
    const villager = await signInByPhone(t, phone);
    const mine = (await t.inject(villager, { method: 'GET', url: '/api/services/my/requests' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([res.json().id]);
    // The village worker sees it too (filed at their unit), but the county handles it.
    const view = await t.inject(counter, { method: 'GET', url: `/api/services/requests/${res.json().id}` });
    expect(view.json().allowedActions).toEqual(['withdraw']);
    expect((await move(counter, res.json().id, 'accepted')).json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('cannot file at a unit outside the worker’s scope', async () => {
    const res = await t.inject(counter, {
      method: 'POST',
      url: '/api/services/requests',
      payload: {
        itemCode: 'donation-query',
        orgId: county.id,
        applicantName: '李大爷',
        applicantPhone: phone,
        form: { question: '?' },
        fileIds: {},
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('finds requests by the applicant’s phone (exact) and number', async () => {
    const byPhone = await t.inject(handler, { method: 'GET', url: `/api/services/requests?phone=${phone}` });
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.json().total).toBe(1);
    const no = byPhone.json().items[0].requestNo;
    const byNo = await t.inject(handler, { method: 'GET', url: `/api/services/requests?requestNo=${no}` });
    expect(byNo.json().items.map((i: { requestNo: string }) => i.requestNo)).toEqual([no]);
    const outside = await t.inject(outsider, { method: 'GET', url: `/api/services/requests?phone=${phone}` });
    expect(outside.json().total).toBe(0);
  });
});

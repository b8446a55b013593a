// Organ / body donation registration and the memorial at the HTTP boundary: online and counter registration, the
// refusals the issue lists (under 18, duplicate ID, withdrawal by anyone but the registrant or staff with a recorded
// request, memorial messages too long or with links), audited reads, masking, the card and check page, the hall,
// after-death steps, memorial visits, flowers and moderation, statistics.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { addDays, toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import { createBranchChain, createStaff, signInByPhone, systemCtx, uniqueIdNumber } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { hasLink, pruneVisitorDays } from './registry-memorial.service';
import { ageOn } from './registry-organ.service';

let t: TestApp;
let county: OrgView;
let officer: Caller & { userId: string };
let moderator: Caller;
let fileId: string;
let seq = 0;
const phoneN = () => `1380000${String(1000 + ++seq).slice(-4)}`;

const onlineBody = (orgId: number, extra: Record<string, unknown> = {}) => ({
  kind: 'organ',
  orgId,
  name: '王退休',
  idNumber: uniqueIdNumber('330681', '19560301'),
  scope: 'some',
  items: ['kidney', 'cornea'],
  witnesses: [
    { name: '李见证', phone: '13711110001' },
    { name: '赵见证', phone: '13711110002' },
  ],
  familyContact: { name: '王女儿', relation: '女儿', phone: '13711110003' },
  consentAccepted: true,
  consentSignature: '王退休',
  ...extra,
});

async function newFile() {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
    'base64',
  );
  return (await t.db.transaction((tx) => storeFile(tx, systemCtx, { purpose: 'evidence', name: 'f.png', bytes: png })))
    .id;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  officer = await createStaff(t, { orgId: county.id, roleId: 'registry_officer' });
  moderator = await createStaff(t, { orgId: county.id, permissions: ['memorial:moderate'] });
  fileId = await newFile();
});
afterAll(() => t.close());

describe('organ donation intent registration', () => {
  it('registers a retiree online, masks the list, audits every detail read, and the registrant withdraws', async () => {
    const citizen = await signInByPhone(t, phoneN());
    const res = await t.inject(citizen, {
      method: 'POST',
      url: '/api/public/registry/donations',
      payload: onlineBody(county.id),
    });
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json();
    expect(reg).toMatchObject({ kind: 'organ', status: 'active', name: '王*休', channel: 'online', version: 1 });
    expect(reg.regNo).toMatch(/^QG2026/);

    const mine = await t.inject(citizen, { method: 'GET', url: '/api/public/registry/donations' });
    expect(mine.json().map((r: { id: string }) => r.id)).toEqual([reg.id]);

    const list = await t.inject(officer, { method: 'GET', url: `/api/registry/donations?orgId=${county.id}` });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('王退休');
    expect(list.body).not.toContain('13711110003');

    const before = await countAudit(reg.id, 'donor_registration.viewed');
    const detail = await t.inject(officer, { method: 'GET', url: `/api/registry/donations/${reg.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().witnesses).toHaveLength(2);
    expect(detail.json().familyContact.phoneMasked).toBe('137****0003');
    await t.inject(officer, { method: 'GET', url: `/api/registry/donations/${reg.id}` });
    expect(await countAudit(reg.id, 'donor_registration.viewed')).toBe(before + 2);

    // The hall shows the organ item concluded.
    const [hall] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM service_requests WHERE subject_id = ${reg.id} ORDER BY created_at LIMIT 1`,
    );
    expect(hall?.status).toBe('done');

    const withdrawn = await t.inject(citizen, {
      method: 'POST',
      url: `/api/public/registry/donations/${reg.id}/withdraw`,
      payload: {},
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', version: 2 });
    const again = await t.inject(citizen, {
      method: 'POST',
      url: `/api/public/registry/donations/${reg.id}/withdraw`,
      payload: {},
    });
    expect(again.json().error.code).toBe('REGISTRATION_NOT_ACTIVE');
    const versions = (await t.inject(officer, { method: 'GET', url: `/api/registry/donations/${reg.id}` })).json()
      .versions;
    expect(versions.map((v: { change: string }) => v.change)).toEqual(['registered', 'withdrawn']);
  });

  it('refuses a second registration of the same kind for the same ID with 409, and writes nothing', async () => {
    const idNumber = uniqueIdNumber('330681', '19600101');
    const first = await t.inject(await signInByPhone(t, phoneN()), {
      method: 'POST',
      url: '/api/public/registry/donations',
      payload: onlineBody(county.id, { idNumber }),
    });
    expect(first.statusCode).toBe(201);
    const n = await countRegistrations();
    const dup = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/donations',
      payload: {
        ...onlineBody(county.id, { idNumber }),
        consentAccepted: undefined,
        consentSignature: undefined,
        phone: phoneN(),
        consentFileId: fileId,
      },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DONOR_REGISTRATION_DUPLICATE');
    expect(await countRegistrations()).toBe(n);
  });

  it('refuses a registrant under 18 with DONOR_UNDER_18', async () => {
    const idNumber = makeId('330681', '2012', '0505');
    const res = await t.inject(await signInByPhone(t, phoneN()), {
      method: 'POST',
      url: '/api/public/registry/donations',
      payload: onlineBody(county.id, { idNumber }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('DONOR_UNDER_18');
  });

  it('refuses a consent not signed with the registrant’s name, and a witness who is the registrant', async () => {
    const citizen = await signInByPhone(t, phoneN());
    const unsigned = await t.inject(citizen, {
      method: 'POST',
      url: '/api/public/registry/donations',
      payload: onlineBody(county.id, { consentSignature: '别人' }),
    });
    expect(unsigned.json().error.code).toBe('DONOR_CONSENT_REQUIRED');
    const selfWitness = await t.inject(citizen, {
      method: 'POST',
      url: '/api/public/registry/donations',
      payload: onlineBody(county.id, {
        witnesses: [
          { name: '王退休', phone: '13711110001' },
          { name: '赵见证', phone: '13711110002' },
        ],
      }),
    });
    expect(selfWitness.json().error.code).toBe('DONOR_WITNESS_INVALID');
  });

  it('lets only the registrant or staff with a recorded request withdraw', async () => {
    const owner = await signInByPhone(t, phoneN());
    const reg = (
      await t.inject(owner, { method: 'POST', url: '/api/public/registry/donations', payload: onlineBody(county.id) })
    ).json();
    const stranger = await signInByPhone(t, phoneN());
    const byStranger = await t.inject(stranger, {
      method: 'POST',
      url: `/api/public/registry/donations/${reg.id}/withdraw`,
      payload: {},
    });
    expect(byStranger.statusCode).toBe(403);
    expect(byStranger.json().error.code).toBe('NOT_REGISTRANT');
    const noRequest = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/withdraw`,
      payload: { requestNote: '电话要求' },
    });
    expect(noRequest.statusCode).toBe(422);
    expect(noRequest.json().error.code).toBe('WITHDRAWAL_REQUEST_REQUIRED');
    const viewer = await createStaff(t, { orgId: county.id, permissions: ['registry:view'] });
    const byViewer = await t.inject(viewer, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/withdraw`,
      payload: { requestNote: '电话要求', requestFileId: fileId },
    });
    expect(byViewer.statusCode).toBe(403);
    const stillActive = await t.inject(owner, { method: 'GET', url: `/api/public/registry/donations/${reg.id}` });
    expect(stillActive.json().status).toBe('active');
    const byStaff = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/withdraw`,
      payload: { requestNote: '本人到柜台书面申请撤销', requestFileId: await newFile() },
    });
    expect(byStaff.statusCode, byStaff.body).toBe(200);
    expect(byStaff.json().status).toBe('withdrawn');
  });

  it('prints the card with a QR to a check page that shows only the masked name and status', async () => {
    const owner = await signInByPhone(t, phoneN());
    const reg = (
      await t.inject(owner, { method: 'POST', url: '/api/public/registry/donations', payload: onlineBody(county.id) })
    ).json();
    const pdf = await t.inject(owner, { method: 'GET', url: `/api/public/registry/donations/${reg.id}/card.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const [row] = await queryRows<{ check_code: string }>(
      t.db,
      sql`SELECT check_code FROM donor_registrations WHERE id = ${reg.id}`,
    );
    const check = await t.inject(null, { method: 'GET', url: `/api/public/registry/check/${row.check_code}` });
    expect(check.json()).toMatchObject({ name: '王*休', status: 'active', kind: 'organ' });
    expect(check.body).not.toContain('王退休');
  });

  it('records a body donation with an executor, then death and receipt by the institution in order', async () => {
    const res = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/donations',
      payload: {
        kind: 'body',
        orgId: county.id,
        name: '陈捐献',
        idNumber: uniqueIdNumber('330681', '19500101'),
        phone: phoneN(),
        scope: 'whole_body',
        witnesses: [{ name: '周见证', phone: '13722220001' }],
        familyContact: { name: '陈儿子', relation: '儿子', phone: '13722220002' },
        executor: { name: '陈儿子', relation: '儿子', phone: '13722220002' },
        institution: '浙江大学医学院',
        consentFileId: await newFile(),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const detail = (await t.inject(officer, { method: 'GET', url: `/api/registry/donations/${id}` })).json();
    expect(detail.witnesses.filter((w: { isStaff: boolean }) => w.isStaff)).toHaveLength(1);
    const early = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${id}/steps`,
      payload: { step: 'received', receivedOn: '2026-02-01', receivedBy: '浙江大学医学院', evidenceFileId: fileId },
    });
    expect(early.json().error.code).toBe('AFTER_DEATH_STEP_ORDER');
    const death = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${id}/steps`,
      payload: { step: 'death_reported', deathOn: '2026-01-30', evidenceFileId: await newFile() },
    });
    expect(death.json().status).toBe('deceased');
    const received = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${id}/steps`,
      payload: {
        step: 'received',
        receivedOn: '2026-02-01',
        receivedBy: '浙江大学医学院',
        evidenceFileId: await newFile(),
      },
    });
    expect(received.json()).toMatchObject({ status: 'realised', receivedOn: '2026-02-01' });
    const stats = await t.inject(officer, {
      method: 'GET',
      url: `/api/registry/donations/stats?orgId=${county.id}&from=2026-01-01&to=2026-12-31`,
    });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().total.bodyRealised).toBe(1);
    expect(stats.json().total.organRegistered).toBeGreaterThan(0);
    // The workbook has the same figures: the total row of the period counts the realised body donation.
    const xlsx = await t.inject(officer, {
      method: 'GET',
      url: `/api/registry/donations/stats.xlsx?orgId=${county.id}&from=2026-01-01&to=2026-12-31`,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const totalRow = sheet.getRow(sheet.rowCount);
    expect(String(totalRow.getCell(1).value)).toContain('合计');
    expect(totalRow.getCell(header.indexOf('遗体(组织)捐献实现')).value).toBe(1);
    expect(totalRow.getCell(header.indexOf('器官捐献登记')).value).toBe(stats.json().total.organRegistered);
  });

  it('unmasks only for pii:view, with the reason audited', async () => {
    const owner = await signInByPhone(t, phoneN());
    const reg = (
      await t.inject(owner, { method: 'POST', url: '/api/public/registry/donations', payload: onlineBody(county.id) })
    ).json();
    const refused = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/unmask`,
      payload: { reason: '核对' },
    });
    expect(refused.statusCode).toBe(403);
    const auditor = await createStaff(t, { orgId: county.id, permissions: ['registry:view', 'pii:view'] });
    const open = await t.inject(auditor, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/unmask`,
      payload: { reason: '家属来电核对' },
    });
    expect(open.json()).toMatchObject({ name: '王退休', familyContact: { phone: '+8613711110003' } });
    expect(await countAudit(reg.id, 'donor_registration.unmasked')).toBe(1);
  });
});

describe('the memorial', () => {
  let memorialId: string;

  beforeAll(async () => {
    const reg = (
      await t.inject(officer, {
        method: 'POST',
        url: '/api/registry/donations',
        payload: {
          ...onlineBody(county.id, { name: '刘老师', consentAccepted: undefined, consentSignature: undefined }),
          phone: phoneN(),
          consentFileId: await newFile(),
        },
      })
    ).json();
    await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/donations/${reg.id}/steps`,
      payload: { step: 'death_reported', deathOn: '2026-03-01', evidenceFileId: await newFile() },
    });
    const m = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/memorials',
      payload: {
        registrationId: reg.id,
        consentBy: '刘女儿(女儿)',
        consentFileId: await newFile(),
        showName: true,
        biography: '刘老师教了一辈子书,退休后登记捐献器官。',
        familyWords: '爸爸,您的爱还在延续。',
      },
    });
    expect(m.statusCode, m.body).toBe(201);
    memorialId = m.json().id;
  });

  it('refuses a memorial before the death is recorded', async () => {
    const reg = (
      await t.inject(await signInByPhone(t, phoneN()), {
        method: 'POST',
        url: '/api/public/registry/donations',
        payload: onlineBody(county.id),
      })
    ).json();
    const res = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/memorials',
      payload: {
        registrationId: reg.id,
        consentBy: '家属',
        consentFileId: fileId,
        showName: false,
        biography: '一二三四五六七八九十',
      },
    });
    expect(res.json().error.code).toBe('REGISTRATION_NOT_ACTIVE');
  });

  it('counts a visitor once a day and one flower a day', async () => {
    const cookie = { cookie: 'boai_visitor=visitor-a' };
    const first = await t.inject(cookie, { method: 'GET', url: `/api/public/memorials/${memorialId}` });
    expect(first.json().memorial).toMatchObject({ name: '刘老师', visitCount: 1 });
    await t.inject(cookie, { method: 'GET', url: `/api/public/memorials/${memorialId}` });
    const other = await t.inject(
      { cookie: 'boai_visitor=visitor-b' },
      {
        method: 'GET',
        url: `/api/public/memorials/${memorialId}`,
      },
    );
    expect(other.json().memorial.visitCount).toBe(2);
    const flower = await t.inject(cookie, { method: 'POST', url: `/api/public/memorials/${memorialId}/flowers` });
    expect(flower.json()).toEqual({ flowerCount: 1 });
    const second = await t.inject(cookie, { method: 'POST', url: `/api/public/memorials/${memorialId}/flowers` });
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('MEMORIAL_FLOWER_LIMIT');

    // The hourly prune drops past days' visitor rows in batches and keeps the counts on the memorial.
    const [m] = await queryRows<{ region_id: number }>(
      t.db,
      sql`SELECT region_id FROM memorials WHERE id = ${memorialId}`,
    );
    await t.db.execute(
      sql`INSERT INTO memorial_visitor_days (region_id, memorial_id, day, visitor_hash)
          SELECT ${m.region_id}, ${memorialId}, '2026-01-01'::date - g, 'old-' || g FROM generate_series(0, 24) g`,
    );
    const today = toChinaDate();
    expect(await pruneVisitorDays(t.db, today, 10)).toBeGreaterThanOrEqual(25);
    const left = await queryRows<{ day: string }>(
      t.db,
      sql`SELECT day::text FROM memorial_visitor_days WHERE memorial_id = ${memorialId}`,
    );
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((r) => r.day >= addDays(today, -3))).toBe(true);
    const page = await t.inject(cookie, { method: 'GET', url: `/api/public/memorials/${memorialId}` });
    expect(page.json().memorial).toMatchObject({ visitCount: 2, flowerCount: 1 });
  });

  it('holds a message until a moderator approves it, then shows it', async () => {
    const visitor = { cookie: 'boai_visitor=visitor-c' };
    const left = await t.inject(visitor, {
      method: 'POST',
      url: `/api/public/memorials/${memorialId}/messages`,
      payload: { authorName: '学生小周', body: '刘老师,谢谢您。' },
    });
    expect(left.statusCode).toBe(201);
    expect(left.json().status).toBe('pending');
    const page = await t.inject(visitor, { method: 'GET', url: `/api/public/memorials/${memorialId}` });
    expect(page.body).not.toContain('谢谢您');
    const queue = await t.inject(moderator, { method: 'GET', url: '/api/registry/memorial-messages' });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(left.json().id);
    const viewer = await createStaff(t, { orgId: county.id, permissions: ['registry:view'] });
    const byViewer = await t.inject(viewer, {
      method: 'POST',
      url: `/api/registry/memorial-messages/${left.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(byViewer.statusCode).toBe(403);
    const approved = await t.inject(moderator, {
      method: 'POST',
      url: `/api/registry/memorial-messages/${left.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(approved.json().status).toBe('approved');
    const after = await t.inject(visitor, { method: 'GET', url: `/api/public/memorials/${memorialId}` });
    expect(after.json().messages.map((m: { body: string }) => m.body)).toContain('刘老师,谢谢您。');
    expect(after.json().memorial.messageCount).toBe(1);
    const twice = await t.inject(moderator, {
      method: 'POST',
      url: `/api/registry/memorial-messages/${left.json().id}/decision`,
      payload: { decision: 'reject' },
    });
    expect(twice.json().error.code).toBe('MEMORIAL_MESSAGE_DECIDED');
  });

  it('refuses a message over 300 characters or with a link, writing nothing', async () => {
    const [{ n: before }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM memorial_messages`);
    const long = await t.inject(null, {
      method: 'POST',
      url: `/api/public/memorials/${memorialId}/messages`,
      payload: { authorName: '访客', body: '念'.repeat(301) },
    });
    expect(long.statusCode).toBe(422);
    expect(long.json().error.code).toBe('MEMORIAL_MESSAGE_TOO_LONG');
    const link = await t.inject(null, {
      method: 'POST',
      url: `/api/public/memorials/${memorialId}/messages`,
      payload: { authorName: '访客', body: '点这里 www.example.com 领红包' },
    });
    expect(link.json().error.code).toBe('MEMORIAL_MESSAGE_HAS_LINK');
    const [{ n: after }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM memorial_messages`);
    expect(after).toBe(before);
  });

  it('lists the wall with search', async () => {
    const wall = await t.inject(null, {
      method: 'GET',
      url: `/api/public/memorials?q=${encodeURIComponent('刘老师')}`,
    });
    expect(wall.json().items.map((m: { id: string }) => m.id)).toContain(memorialId);
    const none = await t.inject(null, {
      method: 'GET',
      url: `/api/public/memorials?q=${encodeURIComponent('不存在的名字')}`,
    });
    expect(none.json().total).toBe(0);
  });
});

describe('rules', () => {
  it.each([
    ['1956-03-01', '2026-02-28', 69],
    ['1956-03-01', '2026-03-01', 70],
    ['2008-11-24', '2026-11-23', 17],
    ['2008-11-24', '2026-11-24', 18],
  ])('age of someone born %s on %s is %i', (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age);
  });

  it.each([
    ['看 http://a.cn', true],
    ['www.abc.com', true],
    ['abc.com', true],
    ['加我 abc 点 com', true],
    ['刘老师,谢谢您。', false],
    ['一路走好 3.5', false],
  ])('finds a link in %s: %s', (text, expected) => {
    expect(hasLink(text)).toBe(expected);
  });
});

function makeId(region: string, year: string, mmdd: string): string {
  const first17 = `${region}${year}${mmdd}${String(100 + (++seq % 800)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function countAudit(entityId: string, action: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${entityId} AND action = ${action}`,
  );
  return row.n;
}

async function countRegistrations(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM donor_registrations`);
  return row.n;
}

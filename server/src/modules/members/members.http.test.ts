// Members end to end at the HTTP boundary: joining on the phone (hall request, duplicates, age rules), admission with
// member number, card PDF and its QR verification, reissue, dues with shares and receipts, lapse and reinstatement,
// transfer between units, search, statistics, staff enrolment of groups, Excel import, and refusals that change nothing.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { decodeQr, hasPoppler, pdfText, rasterizePdf, squeeze } from '../../platform/documents/pdf-inspect';
import { writeSheet } from '../../platform/excel';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { computeUsccCheckCharacter } from '../../platform/identity/uscc';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone, uniqueIdNumber } from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testPublicUrl } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { getServiceRequestRow } from '../services/services.service';
import { runLapseSweep } from './members.jobs';
import { importColumns } from './members-excel';

let t: TestApp;
let county: OrgView;
let village: OrgView;
let village2: OrgView;
let otherCounty: OrgView;
let otherCity: OrgView;
let province: OrgView;
let officer: Caller;
let villageOfficer: Caller;
let outsider: Caller;
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

let seq = 100;
/** A valid ID number of someone born on `birth` (YYYYMMDD). */
function idBorn(birth: string): string {
  seq = (seq + 7) % 1000;
  const first17 = `330681${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}
function birthYearsAgo(years: number): string {
  return `${year - years}0101`;
}
function uscc(): string {
  const first17 = `91330681MA${crypto.randomInt(1e6, 9e6)}X`.slice(0, 17).replace(/[IOSVZ]/g, 'A');
  return first17 + computeUsccCheckCharacter(first17);
}
let phoneSeq = 0;
const freshPhone = () => `139${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneSeq++ % 100).padStart(2, '0')}`;

const count = async (table: string) =>
  (await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;

async function join(citizen: Caller, body: Record<string, unknown>) {
  return t.inject(citizen, { method: 'POST', url: '/api/my/membership', payload: body });
}

async function enrol(body: Record<string, unknown>, caller: Caller = officer) {
  return t.inject(caller, { method: 'POST', url: '/api/members', payload: body });
}

async function admittedMember(name = '王小会', orgId = village.id) {
  const res = await enrol({
    kind: 'individual',
    orgId,
    category: 'ordinary',
    name,
    idNumber: uniqueIdNumber(),
    phone: freshPhone(),
    admit: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; memberNo: string; status: string };
}

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  county = chain.county;
  province = chain.province;
  otherCounty = await createOrgUnder(t, chain.city, 'county');
  otherCity = await createOrgUnder(t, chain.province, 'city');
  const town = await createOrgUnder(t, county, 'township');
  village = await createOrgUnder(t, town, 'village', { name: '枫桥村' });
  village2 = await createOrgUnder(t, town, 'village', { name: '杜黄新村' });
  officer = await createStaff(t, { orgId: county.id, roleId: 'member_officer' });
  villageOfficer = await createStaff(t, { orgId: village.id, roleId: 'member_officer' });
  outsider = await createStaff(t, { orgId: otherCounty.id, roleId: 'member_officer' });
});
afterAll(() => t.close());

describe('joining on the phone', () => {
  it('opens the member-join hall request; admission gives a member number, a card and an SMS, and closes it', async () => {
    const phone = freshPhone();
    const citizen = await signInByPhone(t, phone);
    const res = await join(citizen, {
      orgId: village.id,
      category: 'ordinary',
      name: '陈农家',
      idNumber: idBorn(birthYearsAgo(40)),
      workplace: '枫桥农家乐',
      address: '枫桥村 8 号',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();

    const mine = (await t.inject(citizen, { method: 'GET', url: '/api/my/membership' })).json();
    expect(mine.member).toMatchObject({ id, status: 'applied', memberNo: null, verifyUrl: null });

    const detail = (await t.inject(officer, { method: 'GET', url: `/api/members/${id}` })).json();
    expect(detail).toMatchObject({
      status: 'applied',
      channel: 'online',
      phoneMasked: expect.stringContaining('****'),
    });
    expect((await getServiceRequestRow(t.db, detail.serviceRequestId)).status).toBe('submitted');

    const admitted = await t.inject(officer, { method: 'POST', url: `/api/members/${id}/admit`, payload: {} });
    expect(admitted.statusCode, admitted.body).toBe(200);
    const m = admitted.json();
    expect(m.status).toBe('active');
    expect(m.memberNo).toMatch(new RegExp(`^${county.code}-${year}-\\d{6}$`));
    expect(m.joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await getServiceRequestRow(t.db, detail.serviceRequestId)).status).toBe('done');
    const [msg] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'member.admitted' AND body LIKE ${`%${m.memberNo}%`}`,
    );
    expect(msg).toBeDefined();

    const again = await t.inject(officer, { method: 'POST', url: `/api/members/${id}/admit`, payload: {} });
    expect(again.json().error.code).toBe('MEMBER_NOT_PENDING');

    const card = (await t.inject(citizen, { method: 'GET', url: '/api/my/membership' })).json().member;
    expect(card.status).toBe('active');
    expect(card.verifyUrl).toMatch(new RegExp(`^${testPublicUrl}/members/verify/`));
    expect(card.qrSvg).toContain('<svg');
    const token = card.verifyUrl.split('/').at(-1);
    const verified = await t.inject(null, { method: 'GET', url: `/api/public/members/verify/${token}` });
    expect(verified.json()).toMatchObject({
      isValid: true,
      memberNo: m.memberNo,
      maskedName: '陈*家',
      orgName: '枫桥村',
      status: 'active',
    });

    const pdf = await t.inject(citizen, { method: 'GET', url: '/api/my/membership/card.pdf' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler) {
      const text = squeeze(pdfText(pdf.rawPayload));
      expect(text).toContain('会员证');
      expect(text).toContain(m.memberNo);
      const [page] = rasterizePdf(pdf.rawPayload, 300);
      expect(decodeQr(page)).toBe(card.verifyUrl);
    }
  });

  it('refuses a second application with the same ID number (409) and writes nothing', async () => {
    const idNumber = idBorn(birthYearsAgo(30));
    const first = await join(await signInByPhone(t, freshPhone()), {
      orgId: village.id,
      category: 'ordinary',
      name: '重复甲',
      idNumber,
    });
    expect(first.statusCode).toBe(201);
    const before = [await count('members'), await count('service_requests')];
    const second = await join(await signInByPhone(t, freshPhone()), {
      orgId: village2.id,
      category: 'ordinary',
      name: '重复甲',
      idNumber,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('MEMBER_ALREADY_APPLIED');
    const byStaff = await enrol({
      kind: 'individual',
      orgId: village.id,
      category: 'ordinary',
      name: '重复甲',
      idNumber,
      phone: freshPhone(),
    });
    expect(byStaff.json().error.code).toBe('MEMBER_ALREADY_APPLIED');
    expect([await count('members'), await count('service_requests')]).toEqual(before);
  });

  it('asks a 16-year-old to join as youth, and a 12-year-old for a guardian with consent', async () => {
    const citizen = await signInByPhone(t, freshPhone());
    const before = await count('members');
    const teen = await join(citizen, {
      orgId: village.id,
      category: 'ordinary',
      name: '少年',
      idNumber: idBorn(birthYearsAgo(16)),
    });
    expect(teen.statusCode).toBe(422);
    expect(teen.json().error.code).toBe('MEMBER_CATEGORY_AGE');
    const childId = idBorn(birthYearsAgo(12));
    const child = await join(citizen, { orgId: village.id, category: 'youth', name: '小童', idNumber: childId });
    expect(child.statusCode).toBe(422);
    expect(child.json().error.code).toBe('MEMBER_GUARDIAN_REQUIRED');
    expect(await count('members')).toBe(before);

    const upload = await t.inject(citizen, {
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'multipart/form-data; boundary=X' },
      payload: [
        '--X',
        'Content-Disposition: form-data; name="file"; filename="consent.pdf"',
        'Content-Type: application/pdf',
        '',
        '%PDF-1.4 consent',
        '--X--',
        '',
      ].join('\r\n'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const ok = await join(citizen, {
      orgId: village.id,
      category: 'youth',
      name: '小童',
      idNumber: childId,
      guardian: { name: '小童妈妈', phone: freshPhone(), consentFileId: upload.json().id },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const detail = (await t.inject(officer, { method: 'GET', url: `/api/members/${ok.json().id}` })).json();
    expect(detail).toMatchObject({ category: 'youth', guardianName: '小童妈妈', duesPerYearFen: 500 });
    const file = await t.inject(officer, { method: 'GET', url: `/api/files/${detail.guardianConsentFileId}` });
    expect(file.statusCode).toBe(200);
  });

  it('rejects with a reason, refuses the hall request and tells the applicant', async () => {
    const citizen = await signInByPhone(t, freshPhone());
    const { id } = (
      await join(citizen, { orgId: village.id, category: 'ordinary', name: '拒绝乙', idNumber: idBorn('19800101') })
    ).json();
    const noReason = await t.inject(officer, { method: 'POST', url: `/api/members/${id}/reject`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${id}/reject`,
      payload: { reason: '申请信息不实' },
    });
    expect(res.json()).toMatchObject({ status: 'rejected', decisionNote: '申请信息不实' });
    const mine = (await t.inject(citizen, { method: 'GET', url: '/api/my/membership' })).json();
    expect(mine.member).toMatchObject({ status: 'rejected', decisionNote: '申请信息不实' });
    expect((await getServiceRequestRow(t.db, res.json().serviceRequestId)).status).toBe('refused');
  });

  it('keeps staff of another county out', async () => {
    const m = await admittedMember();
    for (const [method, url, payload] of [
      ['GET', `/api/members/${m.id}`, undefined],
      ['POST', `/api/members/${m.id}/dues`, { years: 1, method: 'cash' }],
      ['POST', `/api/members/${m.id}/transfer`, { toOrgId: otherCounty.id, reason: '搬家' }],
    ] as const) {
      const res = await t.inject(outsider, { method, url, payload });
      expect(res.statusCode).toBe(403);
    }
    const list = (await t.inject(outsider, { method: 'GET', url: '/api/members?limit=200' })).json();
    expect(list.items.find((x: { id: string }) => x.id === m.id)).toBeUndefined();
  });
});

describe('cards', () => {
  it('reissuing a card makes the old QR code stop verifying', async () => {
    const m = await admittedMember('补证丙');
    const first = await t.inject(officer, { method: 'GET', url: `/api/members/${m.id}/card.pdf` });
    expect(first.statusCode).toBe(200);
    const [{ card_token: oldToken }] = await queryRows<{ card_token: string }>(
      t.db,
      sql`SELECT card_token FROM members WHERE id = ${m.id}`,
    );
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/card-reissue`,
      payload: { reason: '会员证遗失' },
    });
    expect(res.json().cardVersion).toBe(2);
    const old = await t.inject(null, { method: 'GET', url: `/api/public/members/verify/${oldToken}` });
    expect(old.statusCode).toBe(404);
    expect(old.json().error.code).toBe('MEMBER_CARD_INVALID');
    const [{ card_token: newToken }] = await queryRows<{ card_token: string }>(
      t.db,
      sql`SELECT card_token FROM members WHERE id = ${m.id}`,
    );
    const ok = await t.inject(null, { method: 'GET', url: `/api/public/members/verify/${newToken}` });
    expect(ok.json()).toMatchObject({ isValid: true, cardVersion: 2, maskedName: '补*丙' });
  });

  it('closes the member-card hall request a member opened on the phone', async () => {
    const phone = freshPhone();
    const citizen = await signInByPhone(t, phone);
    const res = await enrol({
      kind: 'individual',
      orgId: village.id,
      category: 'ordinary',
      name: '电话丁',
      idNumber: uniqueIdNumber(),
      phone,
      admit: true,
    });
    const id = res.json().id;
    // Staff filed it with the account's phone: the phone page finds it.
    const asked = await t.inject(citizen, {
      method: 'POST',
      url: '/api/my/membership/card-reissue',
      payload: { reason: '卡片损坏' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const done = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${id}/card-reissue`,
      payload: { reason: '卡片损坏', serviceRequestId: asked.json().requestId },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await getServiceRequestRow(t.db, asked.json().requestId)).status).toBe('done');
  });
});

describe('dues', () => {
  it('records two years, shares them up the tree and prints a dues receipt that is not a donation receipt', async () => {
    const m = await admittedMember('缴费戊');
    const donationsBefore = await count('donations');
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 2, method: 'cash', amountFen: 2000 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.paidThroughYear).toBe(year + 1);
    expect(d.payments[0]).toMatchObject({ fromYear: year, toYear: year + 1, amountFen: 2000, method: 'cash' });
    expect(d.payments[0].receiptNo).toMatch(/^HF\d{4}-\d{4}-\d{6}$/);
    const shares = await queryRows<{ level: string; amount_fen: number; org_id: number }>(
      t.db,
      sql`SELECT level, amount_fen, org_id FROM member_dues_shares WHERE payment_id = ${d.payments[0].id} ORDER BY amount_fen DESC`,
    );
    expect(shares.reduce((s, r) => s + r.amount_fen, 0)).toBe(2000);
    expect(shares[0]).toMatchObject({ level: 'grassroots', amount_fen: 1600, org_id: village.id });
    expect(shares.find((s) => s.level === 'county')).toMatchObject({ amount_fen: 200, org_id: county.id });
    expect(await count('donations')).toBe(donationsBefore);

    const receipt = await t.inject(officer, { method: 'GET', url: `/api/members/receipts/${d.payments[0].id}/pdf` });
    expect(receipt.statusCode).toBe(200);
    if (hasPoppler) {
      const text = squeeze(pdfText(receipt.rawPayload));
      expect(text).toContain('会费收据');
      expect(text).toContain('不属于捐赠');
      expect(text).toContain(d.payments[0].receiptNo);
    }
  });

  it('refuses dues beyond five years, a bank payment without reference and a wrong amount, changing nothing', async () => {
    const m = await admittedMember('拒缴己');
    await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 3, method: 'cash' },
    });
    const before = await count('member_dues_payments');
    const far = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 3, method: 'cash' },
    });
    expect(far.statusCode).toBe(422);
    expect(far.json().error.code).toBe('MEMBER_DUES_TOO_FAR_AHEAD');
    const bank = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 1, method: 'bank' },
    });
    expect(bank.statusCode).toBe(400);
    const wrong = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 1, method: 'cash', amountFen: 999 },
    });
    expect(wrong.json().error.code).toBe('MEMBER_DUES_AMOUNT_MISMATCH');
    const six = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 6, method: 'cash' },
    });
    expect(six.statusCode).toBe(400);
    expect(await count('member_dues_payments')).toBe(before);
    expect((await t.inject(officer, { method: 'GET', url: `/api/members/${m.id}` })).json().paidThroughYear).toBe(
      year + 2,
    );
  });

  it('lapses a member two years unpaid with an SMS, and reinstates them when they pay', async () => {
    const m = await admittedMember('失效庚');
    await t.db.execute(sql`UPDATE members SET paid_through_year = ${year - 3} WHERE id = ${m.id}`);
    const fine = await admittedMember('正常辛');
    await t.db.execute(sql`UPDATE members SET paid_through_year = ${year - 1} WHERE id = ${fine.id}`);
    await runLapseSweep(t.db);
    const lapsed = (await t.inject(officer, { method: 'GET', url: `/api/members/${m.id}` })).json();
    expect(lapsed.status).toBe('lapsed');
    expect(lapsed.events.map((e: { kind: string }) => e.kind)).toContain('lapsed');
    expect((await t.inject(officer, { method: 'GET', url: `/api/members/${fine.id}` })).json().status).toBe('active');
    const [sms] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'member.lapsed' AND dedupe_key = ${`member.lapsed:${m.id}:${year}`}`,
    );
    expect(sms.n).toBe(1);

    const paid = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/dues`,
      payload: { years: 1, method: 'online', reference: 'WX2026-01' },
    });
    expect(paid.json()).toMatchObject({ status: 'active', paidThroughYear: year });
    expect(paid.json().events.map((e: { kind: string }) => e.kind)).toContain('reinstated');
  });

  it('keeps the province dues settings within the caps and shares adding up to 100%', async () => {
    const base = {
      adultFen: 800,
      youthFen: 400,
      groupPerHeadFen: 100,
      groupMinFen: 5000,
      lapseAfterYears: 2,
      reminderDays: 30,
    };
    const provincial = await createStaff(t, { orgId: province.id, roleId: 'member_officer' });
    const bad = await t.inject(provincial, {
      method: 'PUT',
      url: `/api/members/dues-settings?orgId=${county.id}`,
      payload: { ...base, shares: { grassroots: 80, county: 10, city: 5, province: 10 } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('MEMBER_DUES_SETTINGS_INVALID');
    const countyOnly = await t.inject(officer, {
      method: 'PUT',
      url: `/api/members/dues-settings?orgId=${county.id}`,
      payload: { ...base, shares: { grassroots: 80, county: 10, city: 5, province: 5 } },
    });
    expect(countyOnly.statusCode).toBe(403);
    const over = await t.inject(officer, {
      method: 'PUT',
      url: `/api/members/dues-settings?orgId=${county.id}`,
      payload: { ...base, adultFen: 1200, shares: { grassroots: 80, county: 10, city: 5, province: 5 } },
    });
    expect(over.statusCode).toBe(400);
    const got = await t.inject(officer, { method: 'GET', url: `/api/members/dues-settings?orgId=${county.id}` });
    expect(got.json()).toMatchObject({ adultFen: 1000, youthFen: 500 });
  });
});

describe('groups, transfer, search, statistics, import', () => {
  it('enrols a group member with its credit code; dues by headcount; a bad code is refused', async () => {
    const bad = await enrol({
      kind: 'group',
      orgId: county.id,
      groupName: '诸暨某公司',
      uscc: '91330681MA2ABCDEF0',
      headcount: 50,
      contactName: '联系人',
      contactPhone: freshPhone(),
    });
    expect(bad.statusCode).toBe(400);
    const code = uscc();
    const res = await enrol({
      kind: 'group',
      orgId: county.id,
      groupName: '诸暨红枫实业有限公司',
      uscc: code,
      headcount: 300,
      contactName: '周经理',
      contactPhone: freshPhone(),
      admit: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'group', category: 'group', status: 'active', duesPerYearFen: 30_000 });
    const dup = await enrol({
      kind: 'group',
      orgId: county.id,
      groupName: '同一家',
      uscc: code,
      headcount: 3,
      contactName: '周经理',
      contactPhone: freshPhone(),
    });
    expect(dup.json().error.code).toBe('MEMBER_GROUP_ALREADY_APPLIED');
  });

  it('transfers a member: the receiving unit sees them, the sending unit no longer does, history kept', async () => {
    const m = await admittedMember('转会壬', village.id);
    expect((await t.inject(villageOfficer, { method: 'GET', url: `/api/members/${m.id}` })).statusCode).toBe(200);
    const same = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/transfer`,
      payload: { toOrgId: village.id, reason: '原单位不变' },
    });
    expect(same.json().error.code).toBe('MEMBER_TRANSFER_SAME_UNIT');
    const far = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/transfer`,
      payload: { toOrgId: otherCity.id, reason: '迁居' },
    });
    expect(far.statusCode).toBe(403);
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/members/${m.id}/transfer`,
      payload: { toOrgId: village2.id, reason: '迁居杜黄新村' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ orgId: village2.id, orgName: '杜黄新村' });
    expect(res.json().events.at(-1)).toMatchObject({ kind: 'transferred', orgName: '枫桥村', toOrgName: '杜黄新村' });
    expect((await t.inject(villageOfficer, { method: 'GET', url: `/api/members/${m.id}` })).statusCode).toBe(403);
  });

  it('finds members by name, pinyin, member number and phone', async () => {
    const phone = freshPhone();
    const res = await enrol({
      kind: 'individual',
      orgId: village.id,
      category: 'ordinary',
      name: '欧阳查找',
      idNumber: uniqueIdNumber(),
      phone,
      admit: true,
    });
    const m = res.json();
    for (const q of ['欧阳', 'ouyang', m.memberNo, phone]) {
      const list = (await t.inject(officer, { method: 'GET', url: `/api/members?q=${encodeURIComponent(q)}` })).json();
      expect(
        list.items.map((x: { id: string }) => x.id),
        q,
      ).toContain(m.id);
    }
    const xlsx = await t.inject(officer, { method: 'GET', url: `/api/members/export.xlsx?q=ouyang` });
    expect(xlsx.statusCode).toBe(200);
  });

  it('rolls statistics up the tree with the dues collected and kept', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await t.inject(officer, {
      method: 'GET',
      url: `/api/members/stats?orgId=${county.id}&from=${year}-01-01&to=${today}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const [{ n: active }] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.status = 'active' AND o.path LIKE ${`${county.path}%`}`,
    );
    expect(s.total.active).toBe(active);
    expect(s.total.admitted).toBeGreaterThanOrEqual(active);
    const [{ fen }] = await queryRows<{ fen: number }>(
      t.db,
      sql`SELECT coalesce(sum(p.amount_fen), 0)::int AS fen FROM member_dues_payments p JOIN orgs o ON o.id = p.org_id WHERE o.path LIKE ${`${county.path}%`}`,
    );
    expect(s.total.duesCollectedFen).toBe(fen);
    expect(s.total.group).toBe(1);
    expect(s.rows.length).toBeGreaterThanOrEqual(2);
  });

  it('imports a class all or nothing', async () => {
    const good = (n: string) => ({
      name: `学生${n}`,
      idNumber: idBorn(birthYearsAgo(15)),
      phone: freshPhone(),
      category: '青少年会员',
    });
    const upload = async (rows: Record<string, string>[]) => {
      const buffer = await writeSheet('会员导入', importColumns, rows);
      const boundary = 'B0UND';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="class.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        buffer,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.inject(officer, {
        method: 'POST',
        url: `/api/members/imports?orgId=${village.id}`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const before = await count('members');
    const bad = await upload([good('一'), { ...good('二'), category: '普通会员' }, { ...good('三'), phone: '12' }]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(bad.json().error.details.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(await count('members')).toBe(before);
    const ok = await upload([good('一'), good('二')]);
    expect(ok.statusCode, ok.body).toBe(202);
    let view = ok.json();
    for (let i = 0; i < 50 && view.status === 'importing'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await t.inject(officer, { method: 'GET', url: `/api/members/imports/${view.id}` })).json();
    }
    expect(view).toMatchObject({ status: 'done', createdCount: 2 });
    expect(await count('members')).toBe(before + 2);
  });
});

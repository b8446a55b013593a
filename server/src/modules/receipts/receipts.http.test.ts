// Fiscal donation receipts through the HTTP routes on a real database: the donor's request (bad IDs, bad credit
// codes and wrong tokens change nothing), anonymous and waived gifts, numbering 0000000001, 0000000002, … with the PDF
// stored, reversals as new documents, public verification, and no number given twice under concurrency.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  decodeQr,
  hasPoppler,
  inkCoverage,
  pdfFonts,
  pdfText,
  rasterizePdf,
  squeeze,
} from '../../platform/documents/pdf-inspect';
import { computeUsccCheckCharacter } from '../../platform/identity/uscc';
import { createOpenProject, createOrgUnder, createProvince, createStaff, uniqueIdNumber } from '../../test/factories';
import { createTestApp, type TestApp, testPublicUrl } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { computeCheckCode, createLocalIssuer, deriveCheckKey, receiptCodeFor } from './local-issuer';

let t: TestApp;

const uscc = (first17: string) => first17 + computeUsccCheckCharacter(first17);
const validUscc = uscc('91330600MA2B3C4D5');
const yy = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(2, 4);

type Branch = { province: OrgView; city: OrgView; county: OrgView; projectCode: string };
type Finance = Awaited<ReturnType<typeof createStaff>>;

/** A fresh province (so its own receipt code and counter), a city and a county, and an open project at the county. */
async function branch(): Promise<Branch> {
  const province = await createProvince(t);
  const city = await createOrgUnder(t, province, 'city');
  const county = await createOrgUnder(t, city, 'county');
  const project = await createOpenProject(t, county.id, { name: '博爱助学' });
  return { province, city, county, projectCode: project.code };
}

/** Gives online as a donor would; returns the gift's number, id and the donor's access token. */
async function give(
  projectCode: string,
  amountFen: number,
  donor: { donorName?: string; isAnonymous?: boolean; wantsReceipt?: boolean } = {},
) {
  const created = await t.inject(null, {
    method: 'POST',
    url: '/api/public/orders',
    payload: {
      projectCode,
      amountFen,
      channel: 'local',
      donorName: donor.isAnonymous ? undefined : (donor.donorName ?? '张小三'),
      isAnonymous: donor.isAnonymous ?? false,
      wantsReceipt: donor.wantsReceipt ?? true,
      consentVersion: '2026-01',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const order = created.json() as { orderNo: string; accessToken: string; checkout: { url: string } };
  const query = Object.fromEntries(new URL(order.checkout.url).searchParams);
  const paid = await t.inject(null, {
    method: 'POST',
    url: `/api/public/pay/local/${order.orderNo}`,
    payload: { ...query, action: 'pay' },
  });
  expect(paid.json().verdict, paid.body).toBe('accepted');
  const status = await t.inject(null, {
    method: 'GET',
    url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
  });
  const donationNo = status.json().donationNo as string;
  const [row] = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM donations WHERE donation_no = ${donationNo}`);
  return { donationNo, donationId: row.id, token: order.accessToken };
}

type Gift = Awaited<ReturnType<typeof give>>;

function ask(g: Gift, payload: Record<string, unknown>, token = g.token) {
  return t.inject(null, {
    method: 'POST',
    url: `/api/public/donations/${g.donationNo}/receipt-request?token=${token}`,
    payload,
  });
}

async function pendingRequestId(finance: Finance, g: Gift): Promise<string> {
  const res = await t.inject(finance, {
    method: 'GET',
    url: `/api/receipt-requests?status=requested&donationId=${g.donationId}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().items).toHaveLength(1);
  return res.json().items[0].id as string;
}

function issue(finance: Finance, requestId: string) {
  return t.inject(finance, {
    method: 'POST',
    url: `/api/receipt-requests/${requestId}/issue`,
    payload: { reviewer: '李复核', cashier: '王出纳' },
  });
}

const giftStatus = async (g: Gift) =>
  (
    await queryRows<{ receipt_status: string }>(
      t.db,
      sql`SELECT receipt_status FROM donations WHERE id = ${g.donationId}`,
    )
  )[0].receipt_status;

const counts = async () =>
  (
    await queryRows<{ requests: number; receipts: number; audit: number; files: number }>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM receipt_requests) AS requests,
                 (SELECT count(*)::int FROM fiscal_receipts) AS receipts,
                 (SELECT count(*)::int FROM audit_log) AS audit,
                 (SELECT count(*)::int FROM stored_files) AS files`,
    )
  )[0];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('asking for a receipt', () => {
  let b: Branch;
  beforeAll(async () => {
    b = await branch();
  });

  it('refuses a bad ID number, a bad credit code or a wrong token with a clear 4xx, and writes nothing', async () => {
    const g = await give(b.projectCode, 10_000);
    const before = await counts();
    const goodId = uniqueIdNumber();
    const badId = goodId.slice(0, 17) + (goodId[17] === '1' ? '2' : '1');
    const cases: [Record<string, unknown>, string | undefined, number, string][] = [
      [{ payerName: '张小三', payerIdType: 'resident_id', payerId: badId }, undefined, 400, 'INVALID_ID_NUMBER'],
      [{ payerName: '张小三', payerIdType: 'resident_id', payerId: '123' }, undefined, 400, 'INVALID_ID_NUMBER'],
      [
        {
          payerName: '某公司',
          payerIdType: 'uscc',
          payerId: `${validUscc.slice(0, 17)}${validUscc[17] === '0' ? '1' : '0'}`,
        },
        undefined,
        400,
        'INVALID_CREDIT_CODE',
      ],
      [
        { payerName: '某公司', payerIdType: 'uscc', payerId: '91330600MA2B3C4D5' },
        undefined,
        400,
        'INVALID_CREDIT_CODE',
      ],
      [{ payerName: 'John Smith', payerIdType: 'passport', payerId: 'E1-2' }, undefined, 400, 'INVALID_ID_NUMBER'],
      [{ payerName: '张小三', payerIdType: 'driving_licence', payerId: goodId }, undefined, 400, 'VALIDATION_FAILED'],
      [
        { payerName: '张小三', payerIdType: 'resident_id', payerId: goodId },
        'x'.repeat(32),
        403,
        'ACCESS_TOKEN_INVALID',
      ],
      [{ payerName: '张\u0007三', payerIdType: 'resident_id', payerId: goodId }, undefined, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, token, status, code] of cases) {
      const res = await ask(g, payload, token);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect(await giftStatus(g)).toBe('none');
  });

  it('refuses the anonymous donor’s own request with RECEIPT_ANONYMOUS_GIFT; staff take the name and enter it', async () => {
    const g = await give(b.projectCode, 2000, { isAnonymous: true });
    expect(await giftStatus(g)).toBe('anonymous');
    const before = await counts();
    const res = await ask(g, { payerName: '王五', payerIdType: 'resident_id', payerId: uniqueIdNumber() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('RECEIPT_ANONYMOUS_GIFT');
    expect(res.json().error.message).toContain('匿名');
    expect(await counts()).toEqual(before);

    const finance = await createStaff(t, { orgId: b.city.id, roleId: 'finance' });
    const staffAsk = await t.inject(finance, {
      method: 'POST',
      url: `/api/donations/${g.donationId}/receipt-request`,
      payload: { payerName: '王五', payerIdType: 'resident_id', payerId: uniqueIdNumber() },
    });
    expect(staffAsk.statusCode, staffAsk.body).toBe(201);
    expect(staffAsk.json()).toMatchObject({ requesterKind: 'staff', previousStatus: 'anonymous', status: 'requested' });
    expect(await giftStatus(g)).toBe('requested');
    // The gift stays anonymous on public pages.
    const pub = await t.inject(null, { method: 'GET', url: `/api/public/donations/${g.donationNo}` });
    expect(pub.json().displayName).toBe('爱心人士');
  });

  it('lets a donor who waived the receipt change their mind, keeping what they said before', async () => {
    const g = await give(b.projectCode, 3000, { wantsReceipt: false });
    expect(await giftStatus(g)).toBe('waived');
    const res = await ask(g, { payerName: '赵六', payerIdType: 'resident_id', payerId: uniqueIdNumber() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ receiptStatus: 'requested', request: { status: 'requested' } });
    const [audit] = await queryRows<{ before: { receiptStatus: string }; after: { receiptStatus: string } }>(
      t.db,
      sql`SELECT before, after FROM audit_log WHERE action = 'receipt.requested' AND entity_id = ${g.donationId}`,
    );
    expect(audit.before.receiptStatus).toBe('waived');
    expect(audit.after.receiptStatus).toBe('requested');
    const again = await ask(g, { payerName: '赵六', payerIdType: 'resident_id', payerId: uniqueIdNumber() });
    expect(again.json().error.code).toBe('RECEIPT_ALREADY_REQUESTED');
  });

  it('records a waiver by staff once, and refuses it while a request is open', async () => {
    const finance = await createStaff(t, { orgId: b.city.id, roleId: 'finance' });
    const g = await give(b.projectCode, 1500);
    const waive = () =>
      t.inject(finance, { method: 'POST', url: `/api/donations/${g.donationId}/receipt-waiver`, payload: {} });
    expect((await waive()).json()).toMatchObject({ receiptStatus: 'waived', donationNo: g.donationNo });
    const before = await counts();
    expect((await waive()).statusCode).toBe(200);
    expect(await counts()).toEqual(before);

    const h = await give(b.projectCode, 1600);
    await ask(h, { payerName: '钱七', payerIdType: 'resident_id', payerId: uniqueIdNumber() });
    const refused = await t.inject(finance, {
      method: 'POST',
      url: `/api/donations/${h.donationId}/receipt-waiver`,
      payload: {},
    });
    expect(refused.json().error.code).toBe('RECEIPT_ALREADY_REQUESTED');
  });

  it('refuses a request with a reason the donor sees, after which the donor may ask again', async () => {
    const finance = await createStaff(t, { orgId: b.city.id, roleId: 'finance' });
    const g = await give(b.projectCode, 1700);
    await ask(g, { payerName: '孙八', payerIdType: 'resident_id', payerId: uniqueIdNumber() });
    const id = await pendingRequestId(finance, g);
    const res = await t.inject(finance, {
      method: 'POST',
      url: `/api/receipt-requests/${id}/refuse`,
      payload: { reason: '交款人姓名与汇款人不一致' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refused', refusalReason: '交款人姓名与汇款人不一致' });
    const twice = await t.inject(finance, {
      method: 'POST',
      url: `/api/receipt-requests/${id}/refuse`,
      payload: { reason: '再拒' },
    });
    expect(twice.json().error.code).toBe('NOT_PENDING');
    const view = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${g.donationNo}/receipt?token=${g.token}`,
    });
    expect(view.json()).toMatchObject({
      receiptStatus: 'none',
      request: { status: 'refused', refusalReason: '交款人姓名与汇款人不一致' },
      documents: [],
    });
    expect(
      (await ask(g, { payerName: '孙八', payerIdType: 'resident_id', payerId: uniqueIdNumber() })).statusCode,
    ).toBe(201);
  });
});

describe('issuing, reversing and verifying', () => {
  let b: Branch;
  let finance: Finance;
  let a: Gift;
  let org: Gift;
  const personId = uniqueIdNumber('330681', '19850101');
  let first: Record<string, unknown> & { id: string; receiptNumber: string; checkCode: string; receiptCode: string };
  let firstRequestId: string;
  let reversal: Record<string, unknown> & { id: string; receiptNumber: string; checkCode: string; receiptCode: string };

  beforeAll(async () => {
    b = await branch();
    finance = await createStaff(t, { orgId: b.city.id, roleId: 'finance' });
    a = await give(b.projectCode, 12_345, { donorName: '张小三' });
    org = await give(b.projectCode, 500_000, { donorName: '诸暨某某科技有限公司' });
  });

  it('issues numbered receipts 0000000001 then 0000000002, each with its PDF stored', async () => {
    expect((await ask(a, { payerName: '张小三', payerIdType: 'resident_id', payerId: personId })).statusCode).toBe(201);
    expect(
      (await ask(org, { payerName: '诸暨某某科技有限公司', payerIdType: 'uscc', payerId: validUscc.toLowerCase() }))
        .statusCode,
    ).toBe(201);

    firstRequestId = await pendingRequestId(finance, a);
    const res = await issue(finance, firstRequestId);
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    const code = `${b.province.code!.slice(0, 2)}0501${yy}`;
    expect(first).toMatchObject({
      kind: 'original',
      state: 'valid',
      receiptCode: code,
      receiptNumber: '0000000001',
      totalFen: 12_345,
      payerName: '张小三',
      payerIdType: 'resident_id',
      payerIdMasked: `${personId.slice(0, 3)}***********${personId.slice(-4)}`,
      payeeName: b.county.name,
      reviewer: '李复核',
      cashier: '王出纳',
      issuer: 'local',
      lines: [{ code: b.projectCode, name: '博爱助学', unit: '笔', quantity: 1, amountFen: 12_345 }],
    });
    expect(res.body).not.toContain(personId);
    // The check code is the documented HMAC over code|number|payer|ID|amount|date.
    expect(first.checkCode).toBe(
      computeCheckCode(deriveCheckKey(), {
        receiptCode: code,
        receiptNumber: '0000000001',
        payerName: '张小三',
        payerId: personId,
        totalFen: 12_345,
        issuedAt: new Date(first.issuedAt as string),
      }),
    );
    expect(first.verifyUrl).toBe(
      `${testPublicUrl}/receipts/verify?code=${code}&number=0000000001&check=${first.checkCode}`,
    );
    expect(await giftStatus(a)).toBe('issued');

    const second = await issue(finance, await pendingRequestId(finance, org));
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ receiptCode: code, receiptNumber: '0000000002', payerIdMasked: validUscc });

    // The PDF as stored is what staff download.
    const [file] = await queryRows<{ sha256: string; purpose: string; content_type: string }>(
      t.db,
      sql`SELECT sha256, purpose, content_type FROM stored_files WHERE id = ${first.pdfFileId as string}`,
    );
    expect(file).toMatchObject({ purpose: 'fiscal-receipt', content_type: 'application/pdf' });
    const pdf = await t.inject(finance, { method: 'GET', url: `/api/fiscal-receipts/${first.id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(file.sha256);
  });

  it.skipIf(!hasPoppler)(
    'prints the statutory fields on the PDF, with a QR code that opens the verification page',
    async () => {
      const pdf = await t.inject(null, {
        method: 'GET',
        url: `/api/public/donations/${a.donationNo}/receipt.pdf?token=${a.token}`,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = squeeze(pdfText(pdf.rawPayload));
      for (const expected of [
        '公益事业捐赠票据',
        first.receiptCode,
        first.receiptNumber,
        first.checkCode,
        '张小三',
        `${personId.slice(0, 3)}***********${personId.slice(-4)}`,
        '壹佰贰拾叁元肆角伍分',
        '123.45',
        b.county.name,
        '李复核',
        '王出纳',
        a.donationNo,
      ]) {
        expect(text, expected).toContain(squeeze(expected));
      }
      expect(text).not.toContain(personId);
      expect(pdfFonts(pdf.rawPayload).every((f) => f.embedded)).toBe(true);
      const [page] = rasterizePdf(pdf.rawPayload, 200);
      expect(inkCoverage(page)).toBeGreaterThan(0.01);
      expect(decodeQr(page)).toBe(first.verifyUrl);
    },
  );

  it('refuses to issue the same request twice', async () => {
    const res = await issue(finance, firstRequestId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_PENDING');
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM fiscal_receipts WHERE donation_id = ${a.donationId}`,
    );
    expect(n).toBe(1);
  });

  it('shows the donor the status, the masked payer and links to the PDF', async () => {
    const res = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${a.donationNo}/receipt?token=${a.token}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      donationNo: a.donationNo,
      receiptStatus: 'issued',
      request: { status: 'issued', payerNameMasked: '张*三', payerIdType: 'resident_id' },
      documents: [{ kind: 'original', state: 'valid', receiptNumber: '0000000001', payerNameMasked: '张*三' }],
    });
    expect(res.body).not.toContain(personId);
    expect(res.body).not.toContain('张小三');
    const link = await t.inject(null, { method: 'GET', url: res.json().documents[0].pdfUrl });
    expect(link.statusCode).toBe(200);
    expect(link.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const wrong = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${a.donationNo}/receipt?token=${'z'.repeat(32)}`,
    });
    expect(wrong.json().error.code).toBe('ACCESS_TOKEN_INVALID');
  });

  it('reverses a receipt with a new document; the original stays as it was and verifies as voided', async () => {
    const [before] = await queryRows(t.db, sql`SELECT * FROM fiscal_receipts WHERE id = ${first.id}`);
    const res = await t.inject(finance, {
      method: 'POST',
      url: `/api/fiscal-receipts/${first.id}/void`,
      payload: { reason: '交款人信息有误' },
    });
    expect(res.statusCode, res.body).toBe(201);
    reversal = res.json();
    expect(reversal).toMatchObject({
      kind: 'void',
      state: 'valid',
      receiptNumber: '0000000003',
      totalFen: -12_345,
      voids: { id: first.id, receiptNumber: '0000000001' },
      voidReason: '交款人信息有误',
      lines: [{ amountFen: -12_345 }],
    });
    expect(reversal.id).not.toBe(first.id);
    const [after] = await queryRows(t.db, sql`SELECT * FROM fiscal_receipts WHERE id = ${first.id}`);
    expect(after).toEqual(before);

    const original = await t.inject(finance, { method: 'GET', url: `/api/fiscal-receipts/${first.id}` });
    expect(original.json()).toMatchObject({
      state: 'voided',
      receiptNumber: '0000000001',
      totalFen: 12_345,
      voidedBy: { id: reversal.id, receiptNumber: '0000000003' },
    });
    expect(await giftStatus(a)).toBe('none');

    const verify = (code: string, number: string, check: string) =>
      t.inject(null, {
        method: 'GET',
        url: `/api/public/receipts/verify?code=${code}&number=${number}&check=${check}`,
      });
    const voided = await verify(first.receiptCode, first.receiptNumber, first.checkCode);
    expect(voided.json()).toMatchObject({
      status: 'voided',
      kind: 'original',
      totalFen: 12_345,
      payeeName: b.county.name,
      voidedBy: `${reversal.receiptCode}-0000000003`,
    });
    expect(voided.body).not.toContain('张');
    expect(voided.body).not.toContain(personId.slice(-4));
    expect((await verify(reversal.receiptCode, reversal.receiptNumber, reversal.checkCode)).json()).toMatchObject({
      status: 'valid',
      kind: 'void',
      totalFen: -12_345,
    });
    const wrongCheck = first.checkCode === '000000' ? '000001' : '000000';
    expect((await verify(first.receiptCode, first.receiptNumber, wrongCheck)).json()).toMatchObject({
      status: 'unknown',
      receiptNumber: null,
      totalFen: null,
    });
    expect((await verify(first.receiptCode, '0000099999', first.checkCode)).json().status).toBe('unknown');
    expect((await verify('abc', '1', 'x')).json().status).toBe('unknown');

    // The reversal's own PDF says what it reverses.
    if (hasPoppler) {
      const pdf = await t.inject(finance, { method: 'GET', url: `/api/fiscal-receipts/${reversal.id}/pdf` });
      const text = squeeze(pdfText(pdf.rawPayload));
      expect(text).toContain('冲红');
      expect(text).toContain(`${first.receiptCode}`);
      expect(text).toContain('0000000001');
      expect(text).toContain('-123.45');
    }
  });

  it('refuses to reverse twice, or to reverse a reversal', async () => {
    for (const id of [first.id, reversal.id]) {
      const res = await t.inject(finance, {
        method: 'POST',
        url: `/api/fiscal-receipts/${id}/void`,
        payload: { reason: '再次冲红' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('RECEIPT_NOT_VOIDABLE');
    }
  });

  it('issues a corrected receipt under the next number after a reversal; the donor sees all three documents', async () => {
    expect((await ask(a, { payerName: '张小三', payerIdType: 'resident_id', payerId: personId })).statusCode).toBe(201);
    const res = await issue(finance, await pendingRequestId(finance, a));
    expect(res.json().receiptNumber).toBe('0000000004');
    const view = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${a.donationNo}/receipt?token=${a.token}`,
    });
    expect(
      view
        .json()
        .documents.map((d: { kind: string; state: string; receiptNumber: string }) => [
          d.kind,
          d.state,
          d.receiptNumber,
        ]),
    ).toEqual([
      ['original', 'voided', '0000000001'],
      ['void', 'valid', '0000000003'],
      ['original', 'valid', '0000000004'],
    ]);
    // Without a receiptId the PDF link gives the current valid receipt.
    if (hasPoppler) {
      const pdf = await t.inject(null, {
        method: 'GET',
        url: `/api/public/donations/${a.donationNo}/receipt.pdf?token=${a.token}`,
      });
      expect(squeeze(pdfText(pdf.rawPayload))).toContain('0000000004');
    }
  });

  it('keeps a finance officer of another city out', async () => {
    const other = await createOrgUnder(t, b.province, 'city');
    const outsider = await createStaff(t, { orgId: other.id, roleId: 'finance' });
    const list = await t.inject(outsider, { method: 'GET', url: `/api/receipt-requests?donationId=${a.donationId}` });
    expect(list.json().items).toEqual([]);
    const view = await t.inject(outsider, { method: 'GET', url: `/api/fiscal-receipts/${first.id}` });
    expect(view.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('finds receipts by number, code-number, gift number or part of the payer, and requests by China date', async () => {
    const find = async (q: string) => {
      const res = await t.inject(finance, { method: 'GET', url: `/api/fiscal-receipts?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((r) => r.id);
    };
    expect(await find(first.receiptNumber)).toEqual([first.id]);
    expect(await find(`${first.receiptCode}-${first.receiptNumber}`)).toEqual([first.id]);
    expect(await find(a.donationNo.toLowerCase())).toContain(first.id);
    expect(await find('某某科技')).not.toContain(first.id);
    expect(await find('100%_')).toEqual([]);

    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    const on = async (from: string, to: string) =>
      (
        await t.inject(finance, {
          method: 'GET',
          url: `/api/receipt-requests?donationId=${a.donationId}&from=${from}&to=${to}`,
        })
      ).json().items.length as number;
    expect(await on(today, today)).toBeGreaterThan(0);
    expect(await on('2000-01-01', '2000-01-31')).toBe(0);
    const bad = await t.inject(finance, { method: 'GET', url: '/api/receipt-requests?from=2026-13-01' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('numbering under concurrency', () => {
  it('gives concurrent issues consecutive numbers, never the same one twice', async () => {
    const b = await branch();
    const finance = await createStaff(t, { orgId: b.city.id, roleId: 'finance' });
    const gifts: Gift[] = [];
    for (let i = 0; i < 4; i++) {
      const g = await give(b.projectCode, 1000 + i);
      expect(
        (await ask(g, { payerName: '周九', payerIdType: 'resident_id', payerId: uniqueIdNumber() })).statusCode,
      ).toBe(201);
      gifts.push(g);
    }
    const ids = await Promise.all(gifts.map((g) => pendingRequestId(finance, g)));
    const results = await Promise.all(ids.map((id) => issue(finance, id)));
    for (const r of results) {
      expect(r.statusCode, r.body).toBe(201);
    }
    const numbers = results.map((r) => r.json().receiptNumber as string).sort();
    expect(numbers).toEqual(['0000000001', '0000000002', '0000000003', '0000000004']);
  });

  it('takes numbers in the issuing transaction: parallel transactions queue, and a rolled-back one leaves no gap', async () => {
    const issuer = createLocalIssuer({ publicUrl: testPublicUrl, checkKey: Buffer.alloc(32, 1) });
    const province = await createProvince(t);
    const request = {
      regionCode: province.code!,
      payerName: '吴十',
      payerId: uniqueIdNumber(),
      totalFen: 100,
      issuedAt: new Date(),
    };
    const code = receiptCodeFor(province.code!, request.issuedAt);
    const rollback = new Error('rollback');
    await t.db
      .transaction(async (tx) => {
        expect((await issuer.issue(tx, request)).receiptNumber).toBe('0000000001');
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) {
          throw e;
        }
      });
    // Each transaction holds its number a while before committing: the others wait on the counter row.
    const hold = t.kind === 'postgres' ? sql`SELECT pg_sleep(0.05)` : sql`SELECT 1`;
    const taken = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.db.transaction(async (tx) => {
          const n = await issuer.issue(tx, request);
          await tx.execute(hold);
          return n;
        }),
      ),
    );
    const numbers = taken.map((n) => n.receiptNumber).sort();
    expect(numbers).toEqual(['0000000001', '0000000002', '0000000003', '0000000004', '0000000005', '0000000006']);
    for (const n of taken) {
      expect(n.receiptCode).toBe(code);
      expect(n.checkCode).toMatch(/^[0-9a-f]{6}$/);
    }
    expect(new Set(taken.map((n) => n.checkCode)).size).toBe(6);
  });
});

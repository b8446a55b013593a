// Batch disaster relief through the HTTP routes: a county officer uploads a household list; a file with any bad row
// (invalid ID numbers, repeated households, units out of scope, amounts of zero, households with an open case) is
// refused whole with every bad row listed; a good file becomes one batch, approved once by someone else within the
// band of its total, and paid household by household after the notice (one payout and ledger entry each).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { writeSheet } from '../../platform/excel';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  giveOnline,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { batchColumns } from './relief-batches';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let villageA: OrgView;
let villageB: OrgView;
let farVillage: OrgView;
let officer: Caller;
let approver: Caller;
let finance1: Caller;
let finance2: Caller;
let fundId: number;

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

type Row = { name: string; idNumber: string; unitCode: string; householdSize: string; amount: string; cause: string };
const row = (extra: Partial<Row> = {}): Row => ({
  name: '赵大山',
  idNumber: uniqueIdNumber(),
  unitCode: villageA.code!,
  householdSize: '3',
  amount: '2000',
  cause: '台风导致房屋进水,家具损毁',
  ...extra,
});

async function upload(
  caller: Caller,
  rows: Row[],
  query = `orgId=${chain.county.id}&title=${encodeURIComponent('台风灾害救助')}`,
) {
  const buffer = await writeSheet('批量救助', batchColumns, rows);
  const boundary = '----boai-batch';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    buffer,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject(caller, {
    method: 'POST',
    url: `/api/relief/batches?${query}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function waitForImport(caller: Caller, importId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await t.inject(caller, { method: 'GET', url: `/api/relief/batches/imports/${importId}` });
    if (res.json().status !== 'importing') {
      return res.json();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  const town = await createOrgUnder(t, chain.county, 'township');
  villageA = await createOrgUnder(t, town, 'village', { code: `${town.code}201` });
  villageB = await createOrgUnder(t, town, 'village', { code: `${town.code}202` });
  const otherCounty = await createOrgUnder(t, chain.city, 'county');
  const otherTown = await createOrgUnder(t, otherCounty, 'township');
  farVillage = await createOrgUnder(t, otherTown, 'village', { code: `${otherTown.code}203` });
  officer = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_officer' });
  approver = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_approver' });
  finance1 = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
  finance2 = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
  const project = await createOpenProject(t, chain.county.id);
  await giveOnline(t, project.code, 500_000);
  fundId = project.fundId;
});
afterAll(() => t.close());

describe('batch disaster relief', () => {
  let batchId: string;
  let ids: string[];

  it('serves the Excel template', async () => {
    const res = await t.inject(officer, { method: 'GET', url: '/api/relief/batches/template.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lists every bad row (invalid ID, repeated household, unit out of scope, zero amount) and imports nothing', async () => {
    const repeated = uniqueIdNumber();
    const good = uniqueIdNumber();
    const [cases, people, batches] = [
      await count('relief_cases'),
      await count('people'),
      await count('relief_batches'),
    ];
    const res = await upload(officer, [
      row({ idNumber: good }),
      row({ idNumber: `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}` }),
      row({ idNumber: repeated }),
      row({ idNumber: repeated, name: '赵小山' }),
      row({ unitCode: farVillage.code! }),
      row({ amount: '0' }),
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_ROWS_INVALID');
    const errors = res.json().error.details.errors as { row: number; code: string; column: string }[];
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'INVALID_ID_NUMBER'],
      [5, 'DUPLICATE_IN_FILE'],
      [6, 'OUT_OF_SCOPE'],
      [7, 'INVALID_VALUE'],
    ]);
    expect(errors[0].column).toBe('身份证号');
    expect([await count('relief_cases'), await count('people'), await count('relief_batches')]).toEqual([
      cases,
      people,
      batches,
    ]);
  });

  it('imports a good file as one batch of reviewed cases', async () => {
    ids = [uniqueIdNumber(), uniqueIdNumber()];
    const res = await upload(officer, [
      row({ idNumber: ids[0], amount: '2000' }),
      row({ idNumber: ids[1], name: '钱小河', unitCode: villageB.code!, amount: '2500.50', householdSize: '5' }),
    ]);
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForImport(officer, res.json().id);
    expect(done).toMatchObject({ status: 'done', createdCount: 2, batchId: expect.any(String) });
    batchId = done.batchId;
    const batch = await t.inject(officer, { method: 'GET', url: `/api/relief/batches/${batchId}` });
    expect(batch.json()).toMatchObject({
      status: 'pending',
      caseCount: 2,
      totalFen: 450_050,
      largestFen: 250_050,
      requiredLevel: 'county',
      statusCounts: { reviewed: 2 },
    });
  });

  it('lists a household that already has an open case of the kind, and imports nothing', async () => {
    const res = await upload(officer, [row({ idNumber: ids[0] }), row()]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([expect.objectContaining({ row: 2, code: 'OPEN_CASE' })]);
  });

  it('is approved once, never by its uploader, and the households go on notice', async () => {
    const own = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/batches/${batchId}/decision`,
      payload: { decision: 'approve' },
    });
    expect(own.statusCode).toBe(403);
    const res = await t.inject(approver, {
      method: 'POST',
      url: `/api/relief/batches/${batchId}/decision`,
      payload: { decision: 'approve', note: '按灾情核定标准发放' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', statusCounts: { on_notice: 2 } });
    const twice = await t.inject(approver, {
      method: 'POST',
      url: `/api/relief/batches/${batchId}/decision`,
      payload: { decision: 'approve' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('pays nobody during the notice, then one payout per household, each its own ledger entry', async () => {
    const early = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/batches/${batchId}/payouts`,
      payload: { fundId },
    });
    expect(early.statusCode).toBe(200);
    expect(early.json().requested).toBe(0);
    expect(early.json().skipped.map((s: { code: string }) => s.code)).toEqual([
      'NOTICE_PERIOD_RUNNING',
      'NOTICE_PERIOD_RUNNING',
    ]);
    await t.db.execute(
      sql`UPDATE relief_cases SET notice_ends_at = now() - interval '1 minute' WHERE batch_id = ${batchId}`,
    );
    const res = await t.inject(finance1, {
      method: 'POST',
      url: `/api/relief/batches/${batchId}/payouts`,
      payload: { fundId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ requested: 2, totalFen: 450_050, skipped: [] });
    const pending = await queryRows<{ payout_ref: string }>(
      t.db,
      sql`SELECT p.payout_ref FROM relief_payouts p JOIN relief_cases c ON c.id = p.case_id WHERE c.batch_id = ${batchId}`,
    );
    const entries = await count('ledger_entries');
    for (const p of pending) {
      const paid = await t.inject(finance2, {
        method: 'POST',
        url: `/api/payouts/${p.payout_ref}/decision`,
        payload: { decision: 'approve' },
      });
      expect(paid.statusCode, paid.body).toBe(200);
    }
    expect(await count('ledger_entries')).toBe(entries + 2);
    const batch = await t.inject(officer, { method: 'GET', url: `/api/relief/batches/${batchId}` });
    expect(batch.json()).toMatchObject({ statusCounts: { paid: 2 }, paidFen: 450_050 });
  });

  it('refuses a batch whose total is above the approver’s band', async () => {
    const res = await upload(officer, [row({ amount: '3000' }), row({ amount: '3000' })]);
    const done = await waitForImport(officer, res.json().id);
    const decided = await t.inject(approver, {
      method: 'POST',
      url: `/api/relief/batches/${done.batchId}/decision`,
      payload: { decision: 'approve' },
    });
    expect(decided.statusCode).toBe(403);
    expect(decided.json().error.code).toBe('APPROVAL_BAND_EXCEEDED');
    const view = await t.inject(officer, { method: 'GET', url: `/api/relief/batches/${done.batchId}` });
    expect(view.json()).toMatchObject({ status: 'pending', requiredLevel: 'city', statusCounts: { reviewed: 2 } });
  });
});

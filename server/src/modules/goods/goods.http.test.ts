// Goods through the HTTP routes on a real database: intake counted by one person and countersigned by another, stock by
// warehouse, transfers, distributions with signed receipts, write-offs, the public trace of a lot with the exact
// product at every step; refusals that change nothing; two distributions racing for the last units; expiry alerts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { enqueueJob, runDueJobs } from '../../platform/jobs/jobs.service';
import { pii } from '../../platform/pii';
import { createBranchChain, createOrgUnder, createStaff, postFile, tinyPng } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { identityCommitment } from '../donations/commitment';
import { queueExpiryDigests } from './expiry';
import { defineGoodsJobs } from './goods.jobs';
import { seedDemoGoods } from './goods-demo';
import { addMonths } from './goods-rules';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let sibling: Awaited<ReturnType<typeof createBranchChain>>['city'];
/** Records intake, transfers and distributes (branch_admin: goods:view + goods:manage). */
let clerk: Caller;
/** Countersigns and approves (finance: goods:view + goods:approve). */
let checker: Caller;
/** Holds manage and approve: must still not countersign their own record. */
let both: Caller;
/** An administrator of a sibling city. */
let outsider: Caller;
let receiptId: string;
let countyStore: number;
let cityStore: number;
let siblingStore: number;

const today = toChinaDate();

const upload = (caller: Caller, bytes: Buffer, name = 'receipt.png') => postFile(t, caller, bytes, name);

/** 2,000 boxes of N95 masks (50 a box) at ¥250 a box, with the invoice. */
const masks = (extra: Record<string, unknown> = {}) => ({
  orgId: chain.county.id,
  warehouseId: countyStore,
  donorKind: 'organisation',
  donorName: '某某医疗器械有限公司',
  itemName: '医用防护口罩',
  spec: '医用防护口罩 N95 GB 19083-2010',
  standard: 'GB 19083-2010',
  productCode: 'N95',
  unit: '箱',
  piecesPerUnit: 50,
  pieceUnit: '个',
  quantity: 2000,
  productionDate: addMonths(today, -1),
  expiresOn: addMonths(today, 24),
  unitValueFen: 25_000,
  valuationKind: 'invoice',
  valuationFileId: receiptId,
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  ...extra,
});

const post = (caller: Caller, url: string, payload: unknown) =>
  t.inject(caller, { method: 'POST', url, payload: payload as object });
const get = (caller: Caller, url: string) => t.inject(caller, { method: 'GET', url });

/** Records a lot as the clerk and has the checker countersign it with a matching count. */
async function receive(extra: Record<string, unknown> = {}) {
  const recorded = await post(clerk, '/api/goods/lots', masks(extra));
  expect(recorded.statusCode, recorded.body).toBe(201);
  const lot = recorded.json();
  const confirmed = await post(checker, `/api/goods/lots/${lot.id}/countersign`, {
    decision: 'confirm',
    countedQuantity: lot.quantity,
    productCode: lot.productCode,
    expiresOn: lot.expiresOn,
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return confirmed.json() as { id: string; lotNo: string; quantity: number; ledgerIndex: number; productCode: string };
}

const distribution = (lotId: string, extra: Record<string, unknown> = {}) => ({
  lotId,
  warehouseId: countyStore,
  quantity: 1,
  recipientKind: 'unit',
  recipientOrgId: chain.county.id,
  purpose: '一线医护人员防护',
  receiptFileId: receiptId,
  ...extra,
});

/** The PostgreSQL error code, wherever the driver wrapped it. */
function pgCodeOf(error: unknown): string | undefined {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return e.code;
    }
    e = e.cause as typeof e;
  }
  return undefined;
}

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(t.db, query))[0];

/** Everything a refused request must leave as it was. */
async function snapshot() {
  return one<Record<string, number | string | null>>(sql`
    SELECT (SELECT count(*)::int FROM goods_lots) AS lots,
           (SELECT string_agg(status, ',' ORDER BY id) FROM goods_lots) AS statuses,
           (SELECT count(*)::int FROM goods_movements) AS movements,
           (SELECT count(*)::int FROM goods_write_offs) AS write_offs,
           (SELECT coalesce(sum(quantity), 0)::int FROM goods_stock) AS stock,
           (SELECT count(*)::int FROM goods_stock) AS stock_rows,
           (SELECT count(*)::int FROM goods_warehouses) AS warehouses,
           (SELECT count(*)::int FROM ledger_entries) AS ledger,
           (SELECT count(*)::int FROM audit_log WHERE action NOT LIKE 'user.%') AS audit`);
}

async function expectRefused(
  res: { statusCode: number; json(): { error: { code: string } } },
  status: number,
  code: string,
) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(res.json().error.code).toBe(code);
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  sibling = await createOrgUnder(t, chain.province, 'city');
  clerk = await createStaff(t, { orgId: chain.city.id, roleId: 'branch_admin' });
  checker = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  both = await createStaff(t, { orgId: chain.city.id, permissions: ['goods:view', 'goods:manage', 'goods:approve'] });
  outsider = await createStaff(t, { orgId: sibling.id, roleId: 'branch_admin' });
  const file = await upload(clerk, tinyPng);
  expect(file.statusCode, file.body).toBe(201);
  receiptId = file.json().id;
  const store = async (caller: Caller, orgId: number, name: string) => {
    const res = await post(caller, '/api/goods/warehouses', { orgId, name, address: '仓储路 1 号' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  countyStore = await store(clerk, chain.county.id, '县红会物资库');
  cityStore = await store(clerk, chain.city.id, '市红会中心库');
  siblingStore = await store(outsider, sibling.id, '邻市物资库');
});
afterAll(() => t.close());

describe('a company gives 2,000 boxes of masks; the public sees where each batch went', () => {
  it('counts the gift in twice, stocks it, moves and hands it out, and traces the exact product at every step', async () => {
    const recorded = await post(clerk, '/api/goods/lots', masks());
    expect(recorded.statusCode, recorded.body).toBe(201);
    const lot = recorded.json();
    expect(lot).toMatchObject({
      status: 'pending',
      productCode: 'N95',
      quantity: 2000,
      unit: '箱',
      piecesPerUnit: 50,
      valueFen: 50_000_000,
      unitValueFen: 25_000,
      valuationKind: 'invoice',
      inStock: 0,
      ledgerIndex: null,
      minShelfMonths: 6,
    });
    expect(lot.lotNo).toMatch(/^G\d{8}[0-9A-Z]{10}$/);
    // Not public, not in stock, until a second person has counted it.
    expect((await get(null, `/api/public/goods/lots/${lot.lotNo}`)).statusCode).toBe(404);
    await expectRefused(await post(clerk, '/api/goods/distributions', distribution(lot.id)), 409, 'GOODS_OUT_OF_STOCK');

    // The second count finds KN95 in the boxes, then 1,999 boxes: refused, nothing changes.
    const before = await snapshot();
    const kn95 = await post(checker, `/api/goods/lots/${lot.id}/countersign`, {
      decision: 'confirm',
      countedQuantity: 2000,
      productCode: 'KN95',
      expiresOn: lot.expiresOn,
    });
    await expectRefused(kn95, 422, 'GOODS_COUNT_MISMATCH');
    expect(kn95.json().error.details.mismatches).toEqual([{ field: 'productCode', recorded: 'N95', counted: 'KN95' }]);
    const short = await post(checker, `/api/goods/lots/${lot.id}/countersign`, {
      decision: 'confirm',
      countedQuantity: 1999,
      productCode: 'N95',
      expiresOn: addMonths(today, 23),
    });
    await expectRefused(short, 422, 'GOODS_COUNT_MISMATCH');
    expect(short.json().error.details.mismatches.map((m: { field: string }) => m.field)).toEqual([
      'countedQuantity',
      'expiresOn',
    ]);
    expect(await snapshot()).toEqual(before);

    // A matching count (the code as the checker types it: "n 95") puts the lot in stock and in the ledger.
    const confirmed = await post(checker, `/api/goods/lots/${lot.id}/countersign`, {
      decision: 'confirm',
      countedQuantity: 2000,
      productCode: 'n 95',
      expiresOn: lot.expiresOn,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'received', inStock: 2000, confirmedBy: checker!.userId });
    const received = await one<{ kind: string; leaf: string }>(
      sql`SELECT kind, leaf FROM ledger_entries WHERE index = ${confirmed.json().ledgerIndex}`,
    );
    expect(received.kind).toBe('goods.received');
    expect(JSON.parse(received.leaf)).toMatchObject({
      ref: lot.lotNo,
      productCode: 'N95',
      spec: '医用防护口罩 N95 GB 19083-2010',
      quantity: 2000,
      quantityUnit: '箱',
      valueFen: 50_000_000,
      valuation: 'invoice',
      warehouse: countyStore,
      unit: chain.county.code,
    });
    expect(received.leaf).not.toContain('某某医疗器械');

    // 500 boxes to the city store, 300 from there to a township, 2 to a person.
    const moved = await post(clerk, '/api/goods/transfers', {
      lotId: lot.id,
      fromWarehouseId: countyStore,
      toWarehouseId: cityStore,
      quantity: 500,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const township = await createOrgUnder(t, chain.county, 'township');
    const toTownship = await post(
      clerk,
      '/api/goods/distributions',
      distribution(lot.id, { warehouseId: cityStore, quantity: 300, recipientOrgId: township.id }),
    );
    expect(toTownship.statusCode, toTownship.body).toBe(201);
    expect(toTownship.json()).toMatchObject({ kind: 'distribution', quantity: 300, valueFen: 300 * 25_000 });
    // Movement lists name the exact product that moved, not only the lot number.
    const history = await get(checker, `/api/goods/movements?lotId=${lot.id}`);
    expect(
      history
        .json()
        .items.map((m: { kind: string; productCode: string; unit: string }) => m.kind)
        .sort(),
    ).toEqual(['distribution', 'intake', 'transfer']);
    expect(history.json().items[0]).toMatchObject({ itemName: '医用防护口罩', productCode: 'N95', unit: '箱' });
    const toPerson = await post(
      clerk,
      '/api/goods/distributions',
      distribution(lot.id, {
        quantity: 2,
        recipientKind: 'person',
        recipientOrgId: undefined,
        recipientName: '李四光',
      }),
    );
    expect(toPerson.statusCode, toPerson.body).toBe(201);
    expect(toPerson.json()).toMatchObject({ recipientDisplay: '李*光', recipientName: '李四光' });

    const stock = await get(checker, `/api/goods/stock?lotId=${lot.id}`);
    const held = new Map(
      stock.json().items.map((s: { warehouseId: number; quantity: number }) => [s.warehouseId, s.quantity]),
    );
    expect(held).toEqual(
      new Map([
        [countyStore, 1498],
        [cityStore, 200],
      ]),
    );
    const byWarehouse = await get(checker, `/api/goods/stock?warehouseId=${cityStore}`);
    expect(byWarehouse.json().items).toEqual([
      expect.objectContaining({ lotNo: lot.lotNo, productCode: 'N95', quantity: 200, warehouseName: '市红会中心库' }),
    ]);

    // The public trace: the exact product and quantity at every step, each with its ledger entry.
    const trace = await get(null, `/api/public/goods/lots/${lot.lotNo}`);
    expect(trace.statusCode, trace.body).toBe(200);
    const pub = trace.json();
    expect(pub).toMatchObject({
      productCode: 'N95',
      spec: '医用防护口罩 N95 GB 19083-2010',
      standard: 'GB 19083-2010',
      quantityReceived: 2000,
      unit: '箱',
      distributed: 302,
      writtenOff: 0,
      inStock: 1698,
      displayName: '某某医疗器械有限公司',
      valueFen: 50_000_000,
    });
    expect(pub.steps.map((s: Record<string, unknown>) => [s.kind, s.quantity, s.recipientDisplay])).toEqual([
      ['intake', 2000, null],
      ['transfer', 500, null],
      ['distribution', 300, township.name],
      ['distribution', 2, '李*光'],
    ]);
    expect(trace.body).not.toContain('李四光');
    const kinds = await queryRows<{ index: number; kind: string; leaf: string }>(
      t.db,
      sql`SELECT index, kind, leaf FROM ledger_entries WHERE index IN (${sql.join(
        pub.steps.map((s: { ledgerIndex: number }) => sql`${s.ledgerIndex}`),
        sql`, `,
      )}) ORDER BY index`,
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      'goods.received',
      'goods.transferred',
      'goods.distributed',
      'goods.distributed',
    ]);
    for (const k of kinds) {
      expect(JSON.parse(k.leaf)).toMatchObject({ productCode: 'N95' });
    }
    expect(JSON.parse(kinds[2].leaf)).toMatchObject({ quantity: 300, recipientKind: 'unit', lot: lot.lotNo });

    // Staff see the full record: the person's name, every movement, stock by warehouse.
    const staff = await get(checker, `/api/goods/lots/${lot.id}`);
    expect(staff.json()).toMatchObject({ distributed: 302, inStock: 1698, donorName: '某某医疗器械有限公司' });
    expect(staff.json().movements.map((m: { recipientName: string | null }) => m.recipientName)).toEqual([
      null,
      null,
      null,
      '李四光',
    ]);
  });

  it('keeps N95 and KN95 as two products in lists and traces', async () => {
    const kn = await receive({ spec: 'KN95 防护口罩 GB 2626-2019', standard: 'GB 2626-2019', productCode: 'ＫＮ９５' });
    expect(kn.productCode).toBe('KN95');
    const n95 = await get(checker, '/api/goods/lots?productCode=N95&limit=100');
    expect(n95.json().items.every((l: { productCode: string }) => l.productCode === 'N95')).toBe(true);
    expect(n95.json().items.some((l: { id: string }) => l.id === kn.id)).toBe(false);
    const pub = await get(null, '/api/public/goods/lots?productCode=kn95');
    expect(pub.json().items.map((l: { lotNo: string }) => l.lotNo)).toContain(kn.lotNo);
    expect(pub.json().items.every((l: { productCode: string }) => l.productCode === 'KN95')).toBe(true);
  });
});

describe('refusals change nothing', () => {
  it('refuses goods below the minimum shelf life (6 months, 3 for short-life goods)', async () => {
    const before = await snapshot();
    const res = await post(clerk, '/api/goods/lots', masks({ expiresOn: addMonths(today, 5) }));
    await expectRefused(res, 422, 'GOODS_SHELF_LIFE_TOO_SHORT');
    expect(res.json().error.details).toMatchObject({ minShelfMonths: 6, earliestAcceptable: addMonths(today, 6) });
    const rice = {
      itemName: '大米',
      spec: '东北粳米 5kg/袋',
      standard: undefined,
      productCode: '粳米5KG',
      unit: '袋',
      piecesPerUnit: undefined,
      pieceUnit: undefined,
      isShortLife: true,
    };
    await expectRefused(
      await post(clerk, '/api/goods/lots', masks({ ...rice, expiresOn: addMonths(today, 2) })),
      422,
      'GOODS_SHELF_LIFE_TOO_SHORT',
    );
    await expectRefused(
      await post(clerk, '/api/goods/lots', masks({ ...rice, expiresOn: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    expect(await snapshot()).toEqual(before);
    // Four months is enough for short-life goods.
    const ok = await post(clerk, '/api/goods/lots', masks({ ...rice, expiresOn: addMonths(today, 4) }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().minShelfMonths).toBe(3);
  });

  it('never records a value without its evidence: quantity only, or value with kind and file', async () => {
    const before = await snapshot();
    await expectRefused(
      await post(clerk, '/api/goods/lots', masks({ valuationFileId: undefined })),
      422,
      'GOODS_VALUE_EVIDENCE_REQUIRED',
    );
    await expectRefused(
      await post(
        clerk,
        '/api/goods/lots',
        masks({ unitValueFen: undefined, valueFen: 1_000, valuationKind: undefined }),
      ),
      422,
      'GOODS_VALUE_EVIDENCE_REQUIRED',
    );
    await expectRefused(await post(clerk, '/api/goods/lots', masks({ valueFen: 1 })), 400, 'VALIDATION_FAILED');
    await expectRefused(
      await post(clerk, '/api/goods/lots', masks({ valuationFileId: crypto.randomUUID() })),
      404,
      'NOT_FOUND',
    );
    expect(await snapshot()).toEqual(before);
    const quantityOnly = await post(
      clerk,
      '/api/goods/lots',
      masks({ unitValueFen: undefined, valuationKind: undefined, valuationFileId: undefined }),
    );
    expect(quantityOnly.statusCode, quantityOnly.body).toBe(201);
    expect(quantityOnly.json()).toMatchObject({ valueFen: null, unitValueFen: null, valuationKind: null });
  });

  it('refuses a countersignature by the person who recorded the lot', async () => {
    const recorded = await post(both, '/api/goods/lots', masks());
    expect(recorded.statusCode).toBe(201);
    const before = await snapshot();
    const res = await post(both, `/api/goods/lots/${recorded.json().id}/countersign`, {
      decision: 'confirm',
      countedQuantity: 2000,
      productCode: 'N95',
      expiresOn: recorded.json().expiresOn,
    });
    await expectRefused(res, 403, 'SAME_USER_APPROVAL');
    // The clerk may record but not countersign at all.
    await expectRefused(
      await post(clerk, `/api/goods/lots/${recorded.json().id}/countersign`, { decision: 'reject', note: '数量不符' }),
      403,
      'FORBIDDEN',
    );
    expect(await snapshot()).toEqual(before);
    const rejected = await post(checker, `/api/goods/lots/${recorded.json().id}/countersign`, {
      decision: 'reject',
      note: '捐赠函与实物不符',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: '捐赠函与实物不符' });
    await expectRefused(
      await post(checker, `/api/goods/lots/${recorded.json().id}/countersign`, { decision: 'reject', note: '再次' }),
      409,
      'NOT_PENDING',
    );
  });

  it('refuses to hand out more than the warehouse holds, or without a receipt', async () => {
    const lot = await receive({ quantity: 10, unitValueFen: 100 });
    const before = await snapshot();
    const res = await post(clerk, '/api/goods/distributions', distribution(lot.id, { quantity: 11 }));
    await expectRefused(res, 409, 'GOODS_OUT_OF_STOCK');
    expect(res.json().error.details).toMatchObject({ available: 10, requested: 11 });
    await expectRefused(
      await post(clerk, '/api/goods/distributions', distribution(lot.id, { warehouseId: cityStore })),
      409,
      'GOODS_OUT_OF_STOCK',
    );
    await expectRefused(
      await post(clerk, '/api/goods/distributions', distribution(lot.id, { receiptFileId: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    await expectRefused(
      await post(clerk, '/api/goods/distributions', distribution(lot.id, { receiptFileId: crypto.randomUUID() })),
      404,
      'NOT_FOUND',
    );
    await expectRefused(
      await post(clerk, '/api/goods/transfers', {
        lotId: lot.id,
        fromWarehouseId: countyStore,
        toWarehouseId: cityStore,
        quantity: 11,
      }),
      409,
      'GOODS_OUT_OF_STOCK',
    );
    await expectRefused(
      await post(clerk, '/api/goods/write-offs', {
        lotId: lot.id,
        warehouseId: countyStore,
        quantity: 11,
        reason: 'damaged',
        note: '受潮',
      }),
      409,
      'GOODS_OUT_OF_STOCK',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses warehouses outside the caller’s units', async () => {
    const lot = await receive({ quantity: 10 });
    const before = await snapshot();
    await expectRefused(await post(outsider, '/api/goods/distributions', distribution(lot.id)), 403, 'OUT_OF_SCOPE');
    await expectRefused(
      await post(clerk, '/api/goods/transfers', {
        lotId: lot.id,
        fromWarehouseId: countyStore,
        toWarehouseId: siblingStore,
        quantity: 1,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    await expectRefused(await post(outsider, '/api/goods/lots', masks({ orgId: sibling.id })), 403, 'OUT_OF_SCOPE');
    await expectRefused(
      await post(outsider, '/api/goods/warehouses', { orgId: chain.county.id, name: '越权仓库' }),
      403,
      'OUT_OF_SCOPE',
    );
    await expectRefused(await get(outsider, `/api/goods/lots/${lot.id}`), 403, 'OUT_OF_SCOPE');
    // A warehouse holding stock stays open.
    await expectRefused(
      await t.inject(clerk, {
        method: 'PATCH',
        url: `/api/goods/warehouses/${countyStore}`,
        payload: { isActive: false },
      }),
      409,
      'CONFLICT',
    );
    expect((await get(outsider, `/api/goods/stock?warehouseId=${countyStore}`)).json().items).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the last units', () => {
  it('lets exactly one of two distributions racing for the last units win, every time', async () => {
    for (let round = 0; round < 4; round++) {
      const lot = await receive({ quantity: 5, unitValueFen: 100 });
      const before = await snapshot();
      const [a, b] = await Promise.all([
        post(clerk, '/api/goods/distributions', distribution(lot.id, { quantity: 4 })),
        post(clerk, '/api/goods/distributions', distribution(lot.id, { quantity: 3 })),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      const lost = [a, b].find((r) => r.statusCode === 409)!;
      expect(lost.json().error.code).toBe('GOODS_OUT_OF_STOCK');
      const won = [a, b].find((r) => r.statusCode === 201)!.json();
      const after = await snapshot();
      expect(after.ledger).toBe(Number(before.ledger) + 1);
      expect(after.movements).toBe(Number(before.movements) + 1);
      expect(after.stock).toBe(Number(before.stock) - won.quantity);
      const [row] = await queryRows<{ quantity: number }>(
        t.db,
        sql`SELECT quantity FROM goods_stock WHERE lot_id = ${lot.id} AND warehouse_id = ${countyStore}`,
      );
      expect(row.quantity).toBe(5 - won.quantity);
    }
  });

  it('has the database refuse negative stock even if the code did not', async () => {
    const lot = await receive({ quantity: 1 });
    const error = await t.db.execute(sql`UPDATE goods_stock SET quantity = quantity - 2 WHERE lot_id = ${lot.id}`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pgCodeOf(error)).toBe('23514');
    const [row] = await queryRows<{ quantity: number }>(
      t.db,
      sql`SELECT quantity FROM goods_stock WHERE lot_id = ${lot.id}`,
    );
    expect(row.quantity).toBe(1);
  });
});

describe('write-offs and values', () => {
  it('writes units off only with a second person’s approval, and shares the value out to the fen', async () => {
    // ¥1.00 over three units, valued at market price: 33 + 34 + 33 fen.
    const lot = await receive({ quantity: 3, unitValueFen: undefined, valueFen: 100, valuationKind: 'market' });
    const first = await post(clerk, '/api/goods/distributions', distribution(lot.id));
    expect(first.json().valueFen).toBe(33);
    const requested = await post(both, '/api/goods/write-offs', {
      lotId: lot.id,
      warehouseId: countyStore,
      quantity: 1,
      reason: 'damaged',
      note: '运输途中破损',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const before = await snapshot();
    await expectRefused(
      await post(both, `/api/goods/write-offs/${requested.json().id}/decision`, { decision: 'approve' }),
      403,
      'SAME_USER_APPROVAL',
    );
    expect(await snapshot()).toEqual(before);
    const approved = await post(checker, `/api/goods/write-offs/${requested.json().id}/decision`, {
      decision: 'approve',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', movementNo: expect.stringMatching(/^M/) });
    const last = await post(clerk, '/api/goods/distributions', distribution(lot.id));
    expect(last.json().valueFen).toBe(33);
    const pub = (await get(null, `/api/public/goods/lots/${lot.lotNo}`)).json();
    expect(pub).toMatchObject({ distributed: 2, writtenOff: 1, inStock: 0, valueFen: 100, valuationKind: 'market' });
    expect(pub.steps.map((s: { valueFen: number }) => s.valueFen)).toEqual([100, 33, 34, 33]);
    expect(pub.steps[2]).toMatchObject({ kind: 'write_off', reason: 'damaged', purpose: null });
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${pub.steps[2].ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({ kind: 'goods.written-off', quantity: 1, valueFen: 34 });
  });
});

describe('expiry alerts', () => {
  it('lists stock expiring within the window, in scope, and queues one digest per unit with a contact', async () => {
    // Received six months less twenty days ago with exactly six months left then: twenty days left now.
    const soon = new Date(Date.parse(`${today}T12:00:00+08:00`) + 20 * 86_400_000).toISOString().slice(0, 10);
    const receivedOn = addMonths(soon, -6);
    const lot = await receive({
      quantity: 40,
      productionDate: addMonths(receivedOn, -1),
      expiresOn: soon,
      receivedAt: `${receivedOn}T10:00:00+08:00`,
    });
    const town = await createOrgUnder(t, chain.county, 'township');
    const townStore = (await post(clerk, '/api/goods/warehouses', { orgId: town.id, name: '乡镇物资点' })).json().id;
    await post(clerk, '/api/goods/transfers', {
      lotId: lot.id,
      fromWarehouseId: countyStore,
      toWarehouseId: townStore,
      quantity: 15,
    });

    const within = await get(checker, '/api/goods/expiring?days=30');
    expect(within.statusCode, within.body).toBe(200);
    const mine = within.json().items.filter((i: { lotNo: string }) => i.lotNo === lot.lotNo);
    expect(
      mine.map((i: { warehouseId: number; quantity: number; daysLeft: number }) => [
        i.warehouseId,
        i.quantity,
        i.daysLeft,
      ]),
    ).toEqual([
      [countyStore, 25, 20],
      [townStore, 15, 20],
    ]);
    expect((await get(checker, '/api/goods/expiring?days=10')).json().items).toEqual([]);
    expect((await get(outsider, '/api/goods/expiring?days=30')).json().items).toEqual([]);

    // The county has a mobile contact; the township has none and is skipped (and said so).
    await t.db.execute(sql`UPDATE orgs SET contact_phone = '13912345678' WHERE id = ${chain.county.id}`);
    defineGoodsJobs();
    await enqueueJob(t.db, 'goods.expiry-digest');
    expect(await runDueJobs(t.db, 'test')).toBeGreaterThanOrEqual(1);
    const messages = await queryRows<{ recipient_enc: string; body: string }>(
      t.db,
      sql`SELECT recipient_enc, body FROM outbox_messages WHERE template = 'goods.expiring'`,
    );
    expect(messages).toHaveLength(1);
    expect(pii().decrypt(messages[0].recipient_enc)).toBe('+8613912345678');
    expect(messages[0].body).toContain(lot.lotNo);
    expect(messages[0].body).toContain('25箱');
    const [audit] = await queryRows<{ after: { skipped: { orgId: number; reason: string }[]; queued: number[] } }>(
      t.db,
      sql`SELECT after FROM audit_log WHERE action = 'goods.expiry-digest' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.after.queued).toEqual([chain.county.id]);
    expect(audit.after.skipped).toEqual([{ orgId: town.id, orgName: town.name, reason: 'no-contact' }]);
    // Once a day per unit: a second run queues nothing new.
    const again = await queueExpiryDigests(t.db);
    expect(again).toMatchObject({ queued: [], alreadyQueued: [chain.county.id] });
  });

  it('refuses to hand out expired goods', async () => {
    const receivedOn = addMonths(today, -7);
    const lot = await receive({
      quantity: 5,
      productionDate: addMonths(receivedOn, -1),
      expiresOn: addMonths(today, -1),
      receivedAt: `${receivedOn}T10:00:00+08:00`,
    });
    const before = await snapshot();
    await expectRefused(await post(clerk, '/api/goods/distributions', distribution(lot.id)), 409, 'GOODS_EXPIRED');
    expect(await snapshot()).toEqual(before);
    const expired = (await get(checker, '/api/goods/expiring?days=0')).json().items;
    expect(expired.find((i: { lotNo: string }) => i.lotNo === lot.lotNo).daysLeft).toBeLessThan(0);
  });
});

describe('personal data', () => {
  it('puts no person’s name in any ledger leaf, only commitments the salt holder can open', async () => {
    const lot = await receive({ donorKind: 'person', donorName: '张三丰', quantity: 4 });
    const given = await post(
      clerk,
      '/api/goods/distributions',
      distribution(lot.id, { recipientKind: 'person', recipientOrgId: undefined, recipientName: '王五六' }),
    );
    expect(given.statusCode, given.body).toBe(201);
    const leaves = await queryRows<{ leaf: string }>(t.db, sql`SELECT leaf FROM ledger_entries`);
    for (const name of ['张三丰', '三丰', '王五六', '五六', '李四光', '四光']) {
      expect(leaves.filter((l) => l.leaf.includes(name))).toEqual([]);
    }
    const pub = await get(null, `/api/public/goods/lots/${lot.lotNo}`);
    expect(pub.json()).toMatchObject({ displayName: '张*丰', donorKind: 'person' });
    expect(pub.body).not.toContain('张三丰');
    expect(pub.body).not.toContain('王五六');

    const [row] = await queryRows<{ donor_salt_enc: string; donor_commitment: string }>(
      t.db,
      sql`SELECT donor_salt_enc, donor_commitment FROM goods_lots WHERE id = ${lot.id}`,
    );
    const [entry] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${lot.ledgerIndex}`,
    );
    const salt = Buffer.from(pii().decrypt(row.donor_salt_enc), 'base64url');
    expect(JSON.parse(entry.leaf).donor).toBe(identityCommitment(salt, '张三丰'));
    expect(row.donor_commitment).toBe(JSON.parse(entry.leaf).donor);
  });
});

describe('demo goods', () => {
  it('seeds two warehouses and three lots (N95, KN95, short-life rice) with distributions, once', async () => {
    const unit = await createOrgUnder(t, chain.county, 'township');
    const seeded = await seedDemoGoods(t.db, { orgId: unit.id });
    expect(seeded?.warehouseIds).toHaveLength(2);
    expect(seeded?.lotNos).toHaveLength(3);
    const traces = await Promise.all(
      seeded!.lotNos.map(async (no) => (await get(null, `/api/public/goods/lots/${no}`)).json()),
    );
    expect(traces.map((l) => [l.productCode, l.quantityReceived, l.distributed])).toEqual([
      ['N95', 2000, 300],
      ['KN95', 1000, 100],
      ['粳米5KG', 500, 20],
    ]);
    expect(traces[2].steps.at(-1)).toMatchObject({ recipientDisplay: '李*伯', kind: 'distribution' });
    expect(await seedDemoGoods(t.db, { orgId: unit.id })).toBeNull();
  });
});

describe('rules for intake forms', () => {
  it('tells staff the minimum shelf life that intake refuses below, and the expiry alert window', async () => {
    const res = await get(checker, '/api/goods/rules');
    expect(res.statusCode, res.body).toBe(200);
    const rules = res.json();
    expect(rules).toEqual({ minShelfMonths: 6, minShelfMonthsShortLife: 3, expiryAlertDays: 30 });
    // The day before the earliest date the rule allows is refused with the same figure the form shows.
    const earliest = addMonths(today, rules.minShelfMonths);
    const dayBefore = new Date(Date.parse(`${earliest}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const refused = await post(clerk, '/api/goods/lots', masks({ expiresOn: dayBefore }));
    await expectRefused(refused, 422, 'GOODS_SHELF_LIFE_TOO_SHORT');
    expect(refused.json().error.details).toMatchObject({
      minShelfMonths: rules.minShelfMonths,
      earliestAcceptable: earliest,
    });
    expect((await get(null, '/api/goods/rules')).statusCode).toBe(401);
  });
});

// Demo goods for a first run: two warehouses of a unit, three in-kind gifts — N95 masks and KN95 masks (two products,
// shown side by side) and rice with a short shelf life — each counted in and countersigned, moved and handed out, so
// the public trace pages have something true to show. Goes through the services: the ledger and audit are real.
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import type { RecordLot } from './goods.schemas';
import { countersignLot, createWarehouse, listWarehouses, recordLot } from './goods.service';
import { addMonths, defaultGoodsRules } from './goods-rules';
import { distributeGoods, transferGoods } from './movements';

const ctxOf = (label: string): Ctx => ({ actor: systemActor(label), requestId: null, ip: null, locale: 'zh' });

/** A 1×1 PNG standing in for the scanned invoice and the signed receipts. */
const placeholderScan = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

export type DemoGoods = { warehouseIds: number[]; lotNos: string[] };

/**
 * Seeds the demo goods of one unit (`orgId`), handing some to `recipientOrgId` (a unit under it; the unit itself by
 * default). Call it once, outside any open transaction, after the units exist. Returns null when the unit already
 * has its demo warehouse (nothing is added twice).
 */
export async function seedDemoGoods(
  db: Db,
  opts: { orgId: number; recipientOrgId?: number; now?: Date; recorder?: Ctx; checker?: Ctx },
): Promise<DemoGoods | null> {
  const recorder = opts.recorder ?? ctxOf('seed');
  const checker = opts.checker ?? ctxOf('seed-checker');
  const now = opts.now ?? new Date();
  const today = toChinaDate(now);
  const system = ctxOf('seed');
  const existing = await listWarehouses(db, system, { orgId: opts.orgId, includeInactive: 'true' });
  if (existing.some((w) => w.name === '物资仓库')) {
    return null;
  }
  const store = await createWarehouse(db, recorder, { orgId: opts.orgId, name: '物资仓库', address: '博爱路 1 号' });
  const reserve = await createWarehouse(db, recorder, {
    orgId: opts.orgId,
    name: '应急物资储备库',
    address: '博爱路 9 号',
  });
  const scan = await db.transaction((tx) =>
    storeFile(tx, system, { purpose: 'evidence', name: '示例扫描件.png', bytes: placeholderScan, orgId: opts.orgId }),
  );
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const base = {
    orgId: opts.orgId,
    warehouseId: store.id,
    isAnonymous: false,
    isShortLife: false,
  } as const;

  const lots: RecordLot[] = [
    {
      ...base,
      donorKind: 'organisation',
      donorName: '浙江某医疗器械有限公司',
      itemName: '医用防护口罩',
      spec: '医用防护口罩 N95 GB 19083-2010',
      standard: 'GB 19083-2010',
      productCode: 'N95',
      unit: '箱',
      piecesPerUnit: 50,
      pieceUnit: '个',
      quantity: 2000,
      productionDate: addMonths(today, -2),
      expiresOn: addMonths(today, 34),
      unitValueFen: 25_000,
      valuationKind: 'invoice',
      valuationFileId: scan.id,
      receivedAt: daysAgo(12).toISOString(),
    },
    {
      ...base,
      donorKind: 'organisation',
      donorName: '某某贸易有限公司',
      itemName: '防护口罩',
      spec: 'KN95 自吸过滤式防颗粒物呼吸器 GB 2626-2019',
      standard: 'GB 2626-2019',
      productCode: 'KN95',
      unit: '箱',
      piecesPerUnit: 50,
      pieceUnit: '个',
      quantity: 1000,
      productionDate: addMonths(today, -3),
      expiresOn: addMonths(today, 33),
      unitValueFen: 12_000,
      valuationKind: 'market',
      valuationFileId: scan.id,
      receivedAt: daysAgo(10).toISOString(),
    },
    {
      ...base,
      donorKind: 'person',
      donorName: '王建国',
      itemName: '大米',
      spec: '东北粳米 5kg/袋',
      productCode: '粳米5KG',
      unit: '袋',
      quantity: 500,
      productionDate: addMonths(today, -1),
      expiresOn: addMonths(today, 4),
      isShortLife: true,
      receivedAt: daysAgo(5).toISOString(),
    },
  ];
  const received = [];
  for (const input of lots) {
    const lot = await recordLot(db, recorder, defaultGoodsRules, input);
    received.push(
      await countersignLot(db, checker, lot.id, {
        decision: 'confirm',
        countedQuantity: lot.quantity,
        productCode: lot.productCode,
        expiresOn: lot.expiresOn,
      }),
    );
  }
  const [n95, kn95, rice] = received;
  const recipientOrgId = opts.recipientOrgId ?? opts.orgId;
  await transferGoods(db, recorder, {
    lotId: n95.id,
    fromWarehouseId: store.id,
    toWarehouseId: reserve.id,
    quantity: 500,
    note: '应急储备',
  });
  await distributeGoods(db, recorder, {
    lotId: n95.id,
    warehouseId: store.id,
    quantity: 300,
    recipientKind: 'unit',
    recipientOrgId,
    purpose: '基层一线防护',
    receiptFileId: scan.id,
  });
  await distributeGoods(db, recorder, {
    lotId: kn95.id,
    warehouseId: store.id,
    quantity: 100,
    recipientKind: 'organisation',
    recipientName: '某某市人民医院',
    purpose: '发热门诊防护',
    receiptFileId: scan.id,
  });
  await distributeGoods(db, recorder, {
    lotId: rice.id,
    warehouseId: store.id,
    quantity: 20,
    recipientKind: 'person',
    recipientName: '李大伯',
    purpose: '困难群众生活救助',
    receiptFileId: scan.id,
  });
  return { warehouseIds: [store.id, reserve.id], lotNos: received.map((l) => l.lotNo) };
}

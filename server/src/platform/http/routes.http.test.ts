// Every registered route against every kind of caller: each declares its access; anonymous callers get 401; a role
// without the route's permission gets 403; an administrator of a sibling subtree cannot reach into it; nothing
// answers 5xx; people routes never show full ID numbers or phones without pii:view. Built from app.boaiRoutes, so a
// new route is covered as soon as it is registered (and fails here until it has an entry in `cases`).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { addKeyPlace } from '../../modules/aed/aed-coverage';
import { scheduleDisclosures } from '../../modules/donations/disclosures';
import type { ProjectView } from '../../modules/donations/donations.schemas';
import { defaultDonationRules, recordDonation } from '../../modules/donations/donations.service';
import { decidePayout, requestPayout } from '../../modules/donations/payouts';
import { requestReversal } from '../../modules/donations/reversals';
import { countersignLot, createWarehouse, recordLot } from '../../modules/goods/goods.service';
import { addMonths, defaultGoodsRules } from '../../modules/goods/goods-rules';
import { requestWriteOff } from '../../modules/goods/movements';
import { fileGrievance } from '../../modules/grievances/grievances.service';
import {
  createRule,
  issueLoan,
  openFund,
  recordContribution,
  recordGrant,
} from '../../modules/mutualaid/mutualaid.service';
import type { OrgView } from '../../modules/orgs/orgs.schemas';
import type { PersonView } from '../../modules/people/people.schemas';
import { createLocalIssuer } from '../../modules/receipts/local-issuer';
import { issueReceipt, requestReceiptForDonor } from '../../modules/receipts/receipts.service';
import {
  approveCase,
  fileCase,
  fileObjection,
  followUpCase,
  getKind,
  returnCase,
  reviewCase,
  verifyCase,
} from '../../modules/relief/relief.service';
import { batchColumns } from '../../modules/relief/relief-batches';
import { requestCasePayout } from '../../modules/relief/relief-payouts';
import { openServiceRequest } from '../../modules/services/services.service';
import {
  createOpenProject,
  createOrgUnder,
  createPerson,
  createProvince,
  createStaff,
  systemCtx,
  testPassword,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testPublicUrl } from '../../test/test-app';
import { toChinaDate } from '../dates';
import { type ErrorCode, messageFor } from '../errors';
import { writeSheet } from '../excel';
import { storeFile } from '../files/files.service';
import { computeUsccCheckCharacter } from '../identity/uscc';
import { systemActor } from '../rbac/actor';
import { allPermissions, type Permission } from '../rbac/permissions';
import type { RegisteredRoute } from './access';
import type { Ctx } from './context';

type Fixture = {
  province: OrgView;
  cityA: OrgView;
  cityB: OrgView;
  cityC: OrgView;
  countyB: OrgView;
  leafB: OrgView;
  personB: PersonView;
  personBIdNumber: string;
  personBPhone: string;
  userB: { userId: string; username: string };
  grantB: string;
  projectB: ProjectView;
  donationB: string;
  payoutB: string;
  reversalB: string;
  generalFundB: number;
  disclosureB: string;
  evidenceFileId: string;
  receiptsB: Awaited<ReturnType<typeof receiptFixture>>;
  goodsB: Awaited<ReturnType<typeof goodsFixture>>;
  servicesB: Awaited<ReturnType<typeof servicesFixture>>;
  mutualaidB: Awaited<ReturnType<typeof mutualaidFixture>>;
  reliefB: Awaited<ReturnType<typeof reliefFixture>>;
  grievanceB: string;
};

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

type RouteCase = {
  params?: (f: Fixture) => Record<string, string | number>;
  query?: (f: Fixture) => Record<string, string | number>;
  body?: (f: Fixture) => unknown;
  /**
   * The route acts on a unit, person or account of the sibling subtree (by path, query or body): an administrator
   * of a sibling subtree must get 403 OUT_OF_SCOPE or 404 NOT_FOUND.
   */
  target?: 'org' | 'person' | 'user';
  /** A list route: a sibling administrator may get a page, but it must show nothing of the sibling subtree. */
  leaks?: (f: Fixture, res: LightMyRequestResponse) => boolean | Promise<boolean>;
  /** What an administrator of the whole province gets (default: any 2xx). */
  inScope?: number;
};

const itemsOf = (res: LightMyRequestResponse): Record<string, unknown>[] => res.json().items ?? [];

/** Every cell of every sheet of a workbook, as text. */
async function sheetTexts(buffer: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const texts: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        texts.push(String(cell.text));
      });
    });
  }
  return texts;
}

let seq = 0;
/** A device of county B (made once the fixture exists), for the AED routes. */
const aedB = { id: '' };
/** A key place of county B, for the coverage routes. */
const keyPlaceB = { id: '' };
/** A monthly-report subscription of county B (made once the fixture exists), for the kpi report routes. */
const kpiSubscriptionB = { id: '' };
const unique = () => `${Date.now().toString(36)}${++seq}`;

/** One entry per route with `{ permission }` access: how to call it, and what it acts on. */
const cases: Record<string, RouteCase> = {
  'GET /api/users': {
    query: (f) => ({ q: f.userB.username }),
    leaks: (f, res) => itemsOf(res).some((u) => u.id === f.userB.userId),
  },
  'POST /api/users': {
    body: (f) => ({
      username: `m_${unique()}`,
      displayName: '矩阵',
      password: testPassword,
      grants: [{ roleId: 'readonly', orgId: f.countyB.id }],
    }),
    target: 'org',
  },
  'GET /api/users/:id': { params: (f) => ({ id: f.userB.userId }), target: 'user' },
  'PATCH /api/users/:id': {
    params: (f) => ({ id: f.userB.userId }),
    body: () => ({ displayName: '改名' }),
    target: 'user',
  },
  'POST /api/users/:id/grants': {
    params: (f) => ({ id: f.userB.userId }),
    body: (f) => ({ roleId: 'readonly', orgId: f.countyB.id }),
    target: 'user',
  },
  'DELETE /api/users/:id/grants/:grantId': {
    params: (f) => ({ id: f.userB.userId, grantId: f.grantB }),
    target: 'user',
  },
  'GET /api/orgs': {
    query: (f) => ({ under: f.cityB.id, includeInactive: 'true' }),
    leaks: (f, res) => itemsOf(res).some((o) => String(o.path).startsWith(f.cityB.path)),
  },
  'GET /api/orgs/children': { query: (f) => ({ parentId: f.countyB.id }), target: 'org' },
  'GET /api/orgs/:id': { params: (f) => ({ id: f.countyB.id }), target: 'org' },
  'GET /api/orgs/:id/ancestors': { params: (f) => ({ id: f.countyB.id }), target: 'org' },
  'POST /api/orgs': {
    body: (f) => ({
      name: `矩阵街道${unique()}`,
      type: 'township',
      parentId: f.countyB.id,
      code: `${f.countyB.code}${String(100 + (seq % 800))}`,
    }),
    target: 'org',
  },
  'PATCH /api/orgs/:id': {
    params: (f) => ({ id: f.countyB.id }),
    body: () => ({ address: '矩阵路 1 号' }),
    target: 'org',
  },
  'POST /api/orgs/:id/move': {
    params: (f) => ({ id: f.countyB.id }),
    body: (f) => ({ parentId: f.cityC.id }),
    target: 'org',
  },
  'POST /api/orgs/:id/deactivate': { params: (f) => ({ id: f.leafB.id }), target: 'org' },
  'POST /api/orgs/:id/activate': { params: (f) => ({ id: f.leafB.id }), target: 'org' },
  'GET /api/orgs/export.xlsx': {
    query: () => ({ includeInactive: 'true' }),
    leaks: async (f, res) =>
      (await sheetTexts(res.rawPayload)).some((v) => v.includes(f.cityB.name) || v.includes(f.countyB.name)),
  },
  'GET /api/orgs/import/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  // A member of the public reads only their own uploads: somebody's evidence is not found for them.
  'GET /api/files/:id': { params: (f) => ({ id: f.evidenceFileId }), inScope: 404 },
  'POST /api/orgs/import': { inScope: 415 },
  // Imports are private to the account that started them.
  'GET /api/orgs/import/:importId': { params: () => ({ importId: crypto.randomUUID() }), inScope: 404 },
  'GET /api/people': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/people': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵人员', idNumber: uniqueIdNumber() }),
    target: 'org',
  },
  'GET /api/people/:id': { params: (f) => ({ id: f.personB.id }), target: 'person' },
  'PATCH /api/people/:id': {
    params: (f) => ({ id: f.personB.id }),
    body: () => ({ address: '矩阵路 2 号' }),
    target: 'person',
  },
  'POST /api/people/:id/unmask': {
    params: (f) => ({ id: f.personB.id }),
    body: () => ({ reason: '矩阵测试' }),
    target: 'person',
  },
  'GET /api/audit': {
    query: (f) => ({ entityId: String(f.countyB.id), limit: 200 }),
    leaks: (f, res) => itemsOf(res).some((r) => [f.cityB.id, f.countyB.id, f.leafB.id].includes(Number(r.orgId))),
  },
  'GET /api/outbox': {},
  'GET /api/donation-projects': {
    query: (f) => ({ q: f.projectB.code }),
    leaks: (f, res) => itemsOf(res).some((p) => p.id === f.projectB.id),
  },
  'POST /api/donation-projects': {
    body: (f) => ({
      orgId: f.countyB.id,
      name: '矩阵项目',
      summary: '矩阵测试项目',
      fundKind: 'restricted',
      purpose: '矩阵测试',
      startsOn: '2026-01-01',
    }),
    target: 'org',
  },
  'GET /api/donation-projects/:id': { params: (f) => ({ id: f.projectB.id }), target: 'org' },
  'PATCH /api/donation-projects/:id': {
    params: (f) => ({ id: f.projectB.id }),
    body: () => ({ summary: '矩阵修改后的简介' }),
    target: 'org',
  },
  'GET /api/donations': {
    query: (f) => ({ projectId: f.projectB.id }),
    leaks: (f, res) => itemsOf(res).some((d) => d.id === f.donationB),
  },
  'POST /api/donations': {
    body: (f) => ({
      projectId: f.projectB.id,
      channel: 'bank',
      amountFen: 1000,
      donorKind: 'organisation',
      donorName: '矩阵公司',
      intent: 'restricted',
      receivedAt: '2026-01-02T10:00:00+08:00',
      evidenceFileId: f.evidenceFileId,
    }),
    target: 'org',
  },
  'GET /api/donations/:id': { params: (f) => ({ id: f.donationB }), target: 'org' },
  'GET /api/donations/import/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  'POST /api/donations/import': { query: (f) => ({ evidenceFileId: f.evidenceFileId }), inScope: 415 },
  // Imports are private to the account that started them.
  'GET /api/donations/import/:importId': { params: () => ({ importId: crypto.randomUUID() }), inScope: 404 },
  'GET /api/funds': {
    query: (f) => ({ orgId: f.countyB.id }),
    leaks: (f, res) => (res.json() as { id: number }[]).some((x) => x.id === f.projectB.fundId),
  },
  'GET /api/payouts': {
    query: (f) => ({ fundId: f.projectB.fundId }),
    leaks: (f, res) => itemsOf(res).some((p) => p.id === f.payoutB),
  },
  'POST /api/payouts': {
    body: (f) => ({
      fundId: f.projectB.fundId,
      amountFen: 100,
      payeeKind: 'unit',
      payeeName: '矩阵受助单位',
      purpose: '矩阵测试拨付',
      evidenceFileId: f.evidenceFileId,
    }),
    target: 'org',
  },
  'GET /api/payouts/:id': { params: (f) => ({ id: f.payoutB }), target: 'org' },
  'POST /api/payouts/:id/decision': {
    params: (f) => ({ id: f.payoutB }),
    body: () => ({ decision: 'reject', note: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/donations/:id/reversals': {
    params: (f) => ({ id: f.donationB }),
    body: () => ({ kind: 'correction', reasonCode: 'wrong_amount', note: '矩阵测试更正' }),
    target: 'org',
  },
  'GET /api/donation-reversals': {
    leaks: (f, res) => itemsOf(res).some((r) => r.donationId === f.donationB),
  },
  'POST /api/donation-reversals/:id/decision': {
    params: (f) => ({ id: f.reversalB }),
    body: () => ({ decision: 'reject', note: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/donations/:id/consents': {
    params: (f) => ({ id: f.donationB }),
    body: (f) => ({
      toFundId: f.projectB.fundId + 0,
      purpose: '矩阵测试同意',
      form: 'written',
      evidenceFileId: f.evidenceFileId,
    }),
    target: 'org',
    // The gift is already in that fund: a valid call that the service refuses (the matrix needs no second fund).
    inScope: 400,
  },
  'GET /api/fund-allocations': { leaks: (f, res) => itemsOf(res).some((a) => a.orgId === f.countyB.id) },
  'POST /api/fund-allocations': {
    body: (f) => ({ fromFundId: f.projectB.fundId, toFundId: f.generalFundB, amountFen: 1, purpose: '矩阵测试调拨' }),
    target: 'org',
    // Restricted gifts without their donors' consent cannot move.
    inScope: 409,
  },
  'POST /api/fund-allocations/:id/decision': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ decision: 'reject' }),
    inScope: 404,
  },
  'GET /api/disclosures': {
    query: (f) => ({ projectId: f.projectB.id }),
    leaks: (f, res) => itemsOf(res).some((d) => d.projectId === f.projectB.id),
  },
  'POST /api/disclosures/:id/publish': {
    params: (f) => ({ id: f.disclosureB }),
    body: () => ({ title: '矩阵测试公示', body: '矩阵测试公示的正文内容。' }),
    target: 'org',
  },
  'POST /api/disclosures/:id/corrections': {
    params: (f) => ({ id: f.disclosureB }),
    body: () => ({ title: '矩阵测试更正', body: '矩阵测试更正的正文内容。', reason: '矩阵测试' }),
    target: 'org',
  },
  // Statements hold no unit's data beyond order numbers: platform-wide, for reconciliation staff.
  'POST /api/payment-statements': { query: () => ({ channel: 'local' }), inScope: 415 },
  'GET /api/payment-statements': {},
  'GET /api/payment-statements/local.csv': { query: () => ({ date: '2026-01-02' }) },
  // Signed-in (public) routes: a donor's own gifts only; a gift that is not theirs is not found.
  'GET /api/me/donations/:donationNo/certificate.pdf': { inScope: 404 },
  'GET /api/me/donations/statement.pdf': { query: () => ({ year: 2026 }) },
  // Notifications may name no known order (forged, unknown): platform-wide, for reconciliation staff.
  'GET /api/payment-notifications': {},
  'POST /api/payment-notifications/:id/review': { body: () => ({ note: '矩阵测试' }), inScope: 404 },
  'GET /api/goods/warehouses': {
    query: () => ({ includeInactive: 'true' }),
    leaks: (f, res) => (res.json() as { id: number }[]).some((w) => w.id === f.goodsB.warehouse),
  },
  'POST /api/goods/warehouses': {
    body: (f) => ({ orgId: f.countyB.id, name: `矩阵仓库${unique()}` }),
    target: 'org',
  },
  'PATCH /api/goods/warehouses/:id': {
    params: (f) => ({ id: f.goodsB.warehouse }),
    body: () => ({ address: '矩阵路 3 号' }),
    target: 'org',
  },
  'GET /api/goods/lots': {
    query: (f) => ({ q: f.goodsB.lotNo }),
    leaks: (f, res) => itemsOf(res).some((l) => l.id === f.goodsB.lot),
  },
  'POST /api/goods/lots': {
    body: (f) => ({
      orgId: f.countyB.id,
      warehouseId: f.goodsB.warehouse,
      donorKind: 'organisation',
      donorName: '矩阵公司',
      itemName: '医用防护口罩',
      spec: '医用防护口罩 N95',
      productCode: 'N95',
      unit: '箱',
      quantity: 10,
      expiresOn: '2030-01-01',
      receivedAt: '2026-01-02T10:00:00+08:00',
    }),
    target: 'org',
  },
  'GET /api/goods/lots/:id': { params: (f) => ({ id: f.goodsB.lot }), target: 'org' },
  'POST /api/goods/lots/:id/countersign': {
    params: (f) => ({ id: f.goodsB.pendingLot }),
    body: (f) => ({ decision: 'confirm', countedQuantity: 10, productCode: 'KN95', expiresOn: f.goodsB.expiresOn }),
    target: 'org',
  },
  'GET /api/goods/movements': {
    query: (f) => ({ lotId: f.goodsB.lot }),
    leaks: (f, res) => itemsOf(res).some((m) => m.lotId === f.goodsB.lot),
  },
  'POST /api/goods/transfers': {
    body: (f) => ({
      lotId: f.goodsB.lot,
      fromWarehouseId: f.goodsB.warehouse,
      toWarehouseId: f.goodsB.otherWarehouse,
      quantity: 1,
    }),
    target: 'org',
  },
  'POST /api/goods/distributions': {
    body: (f) => ({
      lotId: f.goodsB.lot,
      warehouseId: f.goodsB.warehouse,
      quantity: 1,
      recipientKind: 'unit',
      recipientOrgId: f.countyB.id,
      purpose: '矩阵测试发放',
      receiptFileId: f.evidenceFileId,
    }),
    target: 'org',
  },
  'GET /api/goods/write-offs': {
    query: (f) => ({ orgId: f.countyB.id }),
    leaks: (f, res) => itemsOf(res).some((w) => w.id === f.goodsB.writeOff),
  },
  'POST /api/goods/write-offs': {
    body: (f) => ({
      lotId: f.goodsB.lot,
      warehouseId: f.goodsB.warehouse,
      quantity: 1,
      reason: 'damaged',
      note: '矩阵测试报损',
    }),
    target: 'org',
  },
  'POST /api/goods/write-offs/:id/decision': {
    params: (f) => ({ id: f.goodsB.writeOff }),
    body: () => ({ decision: 'reject', note: '矩阵测试' }),
    target: 'org',
  },
  'GET /api/goods/stock': {
    query: (f) => ({ warehouseId: f.goodsB.warehouse }),
    leaks: (f, res) => itemsOf(res).some((s) => s.lotId === f.goodsB.lot),
  },
  // The deployment's shelf-life rules: no unit's data.
  'GET /api/goods/rules': {},
  'GET /api/goods/expiring': {
    query: () => ({ days: 3650 }),
    leaks: (f, res) => itemsOf(res).some((s) => s.lotId === f.goodsB.lot),
  },
  'GET /api/receipt-requests': {
    query: () => ({ status: 'requested' }),
    leaks: (f, res) => itemsOf(res).some((r) => r.orgId === f.countyB.id),
  },
  'POST /api/receipt-requests/:id/issue': {
    params: (f) => ({ id: f.receiptsB.requestToIssue }),
    body: () => ({ reviewer: '矩阵复核', cashier: '矩阵出纳' }),
    target: 'org',
  },
  'POST /api/receipt-requests/:id/refuse': {
    params: (f) => ({ id: f.receiptsB.requestToRefuse }),
    body: () => ({ reason: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/donations/:id/receipt-request': {
    params: (f) => ({ id: f.receiptsB.giftToRequest }),
    body: () => ({ payerName: '乙县某公司', payerIdType: 'uscc', payerId: matrixUscc }),
    target: 'org',
  },
  'POST /api/donations/:id/receipt-waiver': {
    params: (f) => ({ id: f.receiptsB.giftToWaive }),
    body: () => ({}),
    target: 'org',
  },
  'POST /api/fiscal-receipts/:id/void': {
    params: (f) => ({ id: f.receiptsB.receipt }),
    body: () => ({ reason: '矩阵测试冲红' }),
    target: 'org',
  },
  'GET /api/fiscal-receipts': {
    query: () => ({ kind: 'original' }),
    leaks: (f, res) => itemsOf(res).some((r) => r.orgId === f.countyB.id),
  },
  'GET /api/fiscal-receipts/:id': { params: (f) => ({ id: f.receiptsB.receipt }), target: 'org' },
  'GET /api/fiscal-receipts/:id/pdf': { params: (f) => ({ id: f.receiptsB.receipt }), target: 'org' },
  // The fixture's gift was received on 2026-01-02 in the sibling county: a sibling's report must not count it.
  'POST /api/services/requests': {
    body: (f) => ({
      itemCode: 'donation-query',
      orgId: f.countyB.id,
      applicantName: '矩阵申请人',
      applicantPhone: '13655559999',
      form: { question: '矩阵测试' },
      fileIds: {},
    }),
    target: 'org',
  },
  'GET /api/services/requests': {
    query: (f) => ({ requestNo: f.servicesB.requestNo }),
    leaks: (f, res) => itemsOf(res).some((r) => r.id === f.servicesB.request),
  },
  'GET /api/services/requests/:id': { params: (f) => ({ id: f.servicesB.request }), target: 'org' },
  'POST /api/services/requests/:id/transitions': {
    params: (f) => ({ id: f.servicesB.toAccept }),
    body: () => ({ to: 'accepted', note: '矩阵受理' }),
    target: 'org',
  },
  // A submitted request cannot be resubmitted: the call is valid, the state machine refuses it.
  'POST /api/services/requests/:id/resubmit': {
    params: (f) => ({ id: f.servicesB.request }),
    body: () => ({ form: { question: '矩阵' }, fileIds: {} }),
    target: 'org',
    inScope: 409,
  },
  'POST /api/services/requests/:id/withdraw': {
    params: (f) => ({ id: f.servicesB.request }),
    body: () => ({ note: '矩阵撤回' }),
    target: 'org',
  },
  // No such file on the request.
  'GET /api/services/requests/:id/files/:fileId': {
    params: (f) => ({ id: f.servicesB.request, fileId: crypto.randomUUID() }),
    target: 'org',
    inScope: 404,
  },
  'GET /api/services/queue': { leaks: (f, res) => itemsOf(res).some((r) => r.id === f.servicesB.toAccept) },
  'GET /api/services/queue/counts': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/services/stats': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/services/stats.xlsx': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  // The catalogue and the calendar are the network's: a sibling city's administrator is refused (FORBIDDEN).
  'GET /api/services/manage/catalogue': {},
  'POST /api/services/categories': {
    body: () => ({ code: `m-${unique()}`, nameZh: '矩阵分类', nameEn: 'Matrix' }),
  },
  'PATCH /api/services/categories/:code': { params: () => ({ code: 'giving' }), body: () => ({ sortOrder: 20 }) },
  'POST /api/services/items': {
    body: () => ({
      code: `m-${unique()}`,
      categoryCode: 'giving',
      nameZh: '矩阵事项',
      nameEn: 'Matrix item',
      descriptionZh: '',
      descriptionEn: '',
      materials: [],
      formFields: [],
      handlingLevel: 'county',
      timeLimitDays: 3,
    }),
  },
  'PATCH /api/services/items/:code': { params: () => ({ code: 'donation-query' }), body: () => ({ sortOrder: 40 }) },
  'PUT /api/services/calendar/days/:date': {
    params: () => ({ date: '2031-05-05' }),
    body: () => ({ kind: 'holiday', name: '矩阵假日' }),
  },
  'DELETE /api/services/calendar/days/:date': { params: () => ({ date: '2025-01-01' }) },
  // Signed-in routes a member of the public calls: somebody else's request is not found for them.
  'GET /api/services/my/requests/:id': { params: (f) => ({ id: f.servicesB.request }), inScope: 404 },
  'GET /api/services/my/requests/:id/files/:fileId': {
    params: (f) => ({ id: f.servicesB.request, fileId: crypto.randomUUID() }),
    inScope: 404,
  },
  // Relief: each step acts on a case of the sibling county standing at that step; kinds change only at a province.
  'PUT /api/relief/kinds/:code': {
    params: () => ({ code: 'emergency' }),
    body: () => ({ decisionWorkingDays: 5 }),
    target: 'org',
  },
  'POST /api/relief/cases': {
    body: (f) => ({
      kind: 'disaster',
      orgId: f.reliefB.village,
      applicant: { name: '乙某矩阵', idNumber: f.reliefB.idNumber },
      householdSize: 2,
      causeCategory: 'natural_disaster',
      causeText: '矩阵测试:洪水冲毁房屋',
      requestedFen: 1000,
      materials: [],
    }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/verification': {
    params: (f) => ({ id: f.reliefB.submitted }),
    body: (f) => ({ visit: f.reliefB.visit, exclusionsConfirmed: f.reliefB.exclusions }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/review': {
    params: (f) => ({ id: f.reliefB.verified }),
    body: () => ({ recommendedFen: 1000 }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/approval': {
    params: (f) => ({ id: f.reliefB.reviewed }),
    body: () => ({ approvedFen: 1000 }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/resubmission': {
    params: (f) => ({ id: f.reliefB.returned }),
    body: () => ({ note: '矩阵测试更正' }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/payout': {
    params: (f) => ({ id: f.reliefB.noticeEnded }),
    body: (f) => ({ fundId: f.reliefB.fundId }),
    target: 'org',
  },
  'POST /api/relief/cases/:id/closure': {
    params: (f) => ({ id: f.reliefB.followedUp }),
    body: () => ({ note: '矩阵测试结案' }),
    target: 'org',
  },
  'GET /api/relief/objections': {
    leaks: (f, res) => itemsOf(res).some((i) => i.id === f.reliefB.objection),
  },
  'POST /api/relief/objections/:id/resolution': {
    params: (f) => ({ id: f.reliefB.objection }),
    body: () => ({ outcome: 'dismissed', reason: '矩阵测试:异议不成立' }),
    target: 'org',
  },
  'GET /api/relief/batches/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  'POST /api/relief/batches': { query: (f) => ({ orgId: f.countyB.id, title: '矩阵批次' }), inScope: 415 },
  'GET /api/relief/batches/imports/:importId': { params: () => ({ importId: crypto.randomUUID() }), inScope: 404 },
  'POST /api/relief/batches/:id/decision': {
    params: (f) => ({ id: f.reliefB.batchToDecide }),
    body: () => ({ decision: 'approve' }),
    target: 'org',
  },
  // A batch still waiting for its approval has nothing to pay yet.
  'POST /api/relief/batches/:id/payouts': {
    params: (f) => ({ id: f.reliefB.batchPending }),
    body: (f) => ({ fundId: f.reliefB.fundId }),
    target: 'org',
    inScope: 409,
  },
  // A member of the public sees only their own applications.
  'GET /api/me/relief-cases/:caseNo': { params: (f) => ({ caseNo: f.reliefB.caseNo }), inScope: 404 },
  'GET /api/mutualaid/funds': {
    leaks: (f, res) => (res.json() as { id: number }[]).some((x) => x.id === f.mutualaidB.fund),
  },
  'GET /api/mutualaid/payout-funds': {
    leaks: (f, res) => (res.json() as { id: number }[]).some((x) => x.id === f.mutualaidB.fund),
  },
  'POST /api/mutualaid/funds': {
    body: (f) => ({ orgId: f.mutualaidB.openUnit, name: '矩阵互助金', maxGrantFen: 1000, maxLoanFen: 1000 }),
    target: 'org',
  },
  'GET /api/mutualaid/funds/:id': { params: (f) => ({ id: f.mutualaidB.fund }), target: 'org' },
  'PATCH /api/mutualaid/funds/:id': {
    params: (f) => ({ id: f.mutualaidB.fund }),
    body: () => ({ description: '矩阵修改后的说明' }),
    target: 'org',
  },
  'POST /api/mutualaid/funds/:id/rules': {
    params: (f) => ({ id: f.mutualaidB.fund }),
    body: () => ({ name: `矩阵直播间${unique()}`, partner: '矩阵合作社', rateBp: 300 }),
    target: 'org',
  },
  'POST /api/mutualaid/funds/:id/contributions': {
    params: (f) => ({ id: f.mutualaidB.fund }),
    body: () => ({ sourceKind: 'villager', contributorName: '矩阵村民', amountFen: 100, receivedOn: '2026-01-03' }),
    target: 'org',
  },
  'POST /api/mutualaid/funds/:id/grants': {
    params: (f) => ({ id: f.mutualaidB.fund }),
    body: (f) => ({ recipient: { personId: f.personB.id }, amountFen: 100, purpose: '矩阵救助', reason: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/mutualaid/grants/:id/decision': {
    params: (f) => ({ id: f.mutualaidB.grant }),
    body: () => ({ decision: 'reject', note: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/mutualaid/funds/:id/loans': {
    params: (f) => ({ id: f.mutualaidB.fund }),
    body: (f) => ({
      borrower: { name: '矩阵借款人', idNumber: uniqueIdNumber() },
      amountFen: 100,
      purpose: '矩阵借款',
      agreementFileId: f.evidenceFileId,
      scheduleKind: 'bullet',
    }),
    target: 'org',
  },
  'GET /api/mutualaid/loans/:id': { params: (f) => ({ id: f.mutualaidB.loan }), target: 'org' },
  'POST /api/mutualaid/loans/:id/repayments': {
    params: (f) => ({ id: f.mutualaidB.loan }),
    body: () => ({ amountFen: 100 }),
    target: 'org',
  },
  'GET /api/donation-reports': {
    query: () => ({ granularity: 'day', from: '2026-01-01', to: '2026-01-31' }),
    leaks: (f, res) => (res.json() as { units: { orgId: number }[] }).units.some((u) => u.orgId === f.countyB.id),
  },
  'GET /api/grievances': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/grievances/:id': { params: (f) => ({ id: f.grievanceB }), target: 'org' },
  'POST /api/grievances/:id/accept': { params: (f) => ({ id: f.grievanceB }), body: () => ({}), target: 'org' },
  'POST /api/grievances/:id/notes': {
    params: (f) => ({ id: f.grievanceB }),
    body: () => ({ note: '矩阵测试调查记录' }),
    target: 'org',
  },
  'POST /api/grievances/:id/conclude': {
    params: (f) => ({ id: f.grievanceB }),
    body: () => ({ outcome: 'not_upheld', reply: '矩阵测试答复内容' }),
    target: 'org',
  },
  'POST /api/grievances/:id/unmask': {
    params: (f) => ({ id: f.grievanceB }),
    body: () => ({ reason: '矩阵测试' }),
    target: 'org',
  },
  // No relief case carries this number.
  'GET /api/grievances/cases/:caseNo/flags': { params: () => ({ caseNo: 'R-MATRIX-NONE' }), inScope: 404 },
  // Nobody was paid relief in the sibling county: a valid call that the service refuses.
  'POST /api/callback-samples': {
    body: (f) => ({ orgId: f.countyB.id, periodFrom: '2026-01-01', periodTo: '2026-01-31', size: 1 }),
    target: 'org',
    inScope: 400,
  },
  'GET /api/callback-samples': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/callback-tasks': {
    leaks: (f, res) => (res.json() as { orgId: number }[]).some((x) => x.orgId === f.countyB.id),
  },
  'POST /api/callback-tasks/:id/result': { body: () => ({ result: 'confirmed' }), inScope: 404 },
  'POST /api/callback-tasks/:id/unmask': { body: () => ({ reason: '矩阵测试' }), inScope: 404 },
  'GET /api/callback-summary': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/duplicate-suspects': { leaks: (f, res) => itemsOf(res).some((d) => d.orgId === f.countyB.id) },
  'POST /api/duplicate-suspects/:id/resolve': {
    body: () => ({ resolution: 'not_duplicate', note: '矩阵测试' }),
    inScope: 404,
  },
  // Training (part B): the question bank is network-wide; calls without a body or with unknown ids write nothing.
  'GET /api/training/questions': {},
  'POST /api/training/questions': { inScope: 400 },
  'PUT /api/training/questions/:questionId': { params: () => ({ questionId: crypto.randomUUID() }), inScope: 400 },
  'DELETE /api/training/questions/:questionId': { params: () => ({ questionId: crypto.randomUUID() }), inScope: 404 },
  'GET /api/training/questions/export.xlsx': {},
  'GET /api/training/questions/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  'POST /api/training/questions/import': { inScope: 415 },
  'GET /api/training/exam-reviews': { leaks: (_f, res) => itemsOf(res).length > 0 },
  'POST /api/training/exam-reviews/:attemptId': {
    params: () => ({ attemptId: crypto.randomUUID() }),
    body: () => ({ decision: 'void', note: '矩阵测试' }),
    target: 'org',
    inScope: 404,
  },
  'GET /api/training/exam-attempts/:attemptId': {
    params: () => ({ attemptId: crypto.randomUUID() }),
    target: 'org',
    inScope: 404,
  },
  // A learner's own enrolments and attempts: anyone else (and an unknown id) gets 404.
  'GET /api/training/my/enrolments/:enrolmentId/lessons': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/my/enrolments/:enrolmentId/lessons/:lessonId': {
    params: () => ({ enrolmentId: crypto.randomUUID(), lessonId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/my/enrolments/:enrolmentId/lessons/:lessonId/images/:fileId': {
    params: () => ({ enrolmentId: crypto.randomUUID(), lessonId: crypto.randomUUID(), fileId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/my/enrolments/:enrolmentId/exam': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/my/attempts/:attemptId': { params: () => ({ attemptId: crypto.randomUUID() }), inScope: 404 },
  // Training (part C): practical exams act only for the class's examiner; certificates, statistics and populations
  // by unit. Unknown ids answer 404 and write nothing.
  'GET /api/training/practical/classes': { leaks: (_f, res) => (res.json() as unknown[]).length > 0 },
  'GET /api/training/practical/classes/:classId': { params: () => ({ classId: crypto.randomUUID() }), inScope: 404 },
  'GET /api/training/practical/enrolments/:enrolmentId': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    inScope: 404,
  },
  'PUT /api/training/practical/enrolments/:enrolmentId/draft': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    body: () => ({ items: [{ key: 'cpr', score: 1, note: '矩阵测试' }] }),
    inScope: 404,
  },
  'POST /api/training/practical/enrolments/:enrolmentId/signature': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    body: () => ({ items: [{ key: 'cpr', score: 1, note: '矩阵测试' }] }),
    inScope: 404,
  },
  'POST /api/training/practical/enrolments/:enrolmentId/amendments': {
    params: () => ({ enrolmentId: crypto.randomUUID() }),
    body: () => ({ items: [{ key: 'cpr', score: 1 }], reason: '矩阵测试' }),
    inScope: 404,
  },
  'GET /api/training/practical/amendments': { leaks: (_f, res) => (res.json() as unknown[]).length > 0 },
  'POST /api/training/practical/amendments/:id/decision': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ decision: 'reject', note: '矩阵测试' }),
    inScope: 404,
  },
  'GET /api/training/certificates': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/training/certificates/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/training/certificates/import/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  'POST /api/training/certificates/imports': { query: (f) => ({ orgId: f.countyB.id }), inScope: 415 },
  'GET /api/training/certificates/imports/:importId': {
    params: () => ({ importId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/certificates/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'GET /api/training/certificates/:id/pdf': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/training/certificates/:id/revocation': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ category: 'other', reason: '矩阵测试' }),
    inScope: 404,
  },
  'GET /api/training/stats': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  // The holder's own certificates: anyone else (and an unknown id) gets 404.
  'GET /api/me/training-certificates/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'GET /api/me/training-certificates/:id/pdf': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'GET /api/training/stats/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/orgs/:id/populations': {
    params: (f) => ({ id: f.countyB.id }),
    query: () => ({ year: 2026 }),
    target: 'org',
  },
  'PUT /api/orgs/:id/populations/:year': {
    params: (f) => ({ id: f.countyB.id, year: 2026 }),
    body: () => ({ population: 12_345, source: '矩阵测试' }),
    target: 'org',
  },
  // Training (part A): courses are network-wide (unknown ids answer 404); bases, instructors, classes and awareness
  // sessions belong to a unit; calls on unknown ids write nothing.
  'GET /api/training/courses': {},
  'GET /api/training/courses/:id': { params: () => ({ id: 999_999 }), inScope: 404 },
  'PATCH /api/training/courses/:id': {
    params: () => ({ id: 999_999 }),
    body: () => ({ maxAttempts: 3 }),
    inScope: 404,
  },
  'GET /api/training/courses/:id/lessons': { params: () => ({ id: 999_999 }), inScope: 404 },
  'POST /api/training/courses/:id/lessons': {
    params: () => ({ id: 999_999 }),
    body: () => ({ unitCode: 'cpr', mode: 'online', title: '矩阵测试' }),
    inScope: 404,
  },
  'PUT /api/training/courses/:id/lessons/order': {
    params: () => ({ id: 999_999 }),
    body: () => ({ ids: [crypto.randomUUID()] }),
    inScope: 404,
  },
  'PATCH /api/training/lessons/:id': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ title: '矩阵' }),
    inScope: 404,
  },
  'GET /api/training/bases': {
    leaks: (f, res) => (res.json() as { orgId: number }[]).some((b) => b.orgId === f.countyB.id),
  },
  'POST /api/training/bases': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵基地', address: '矩阵路 1 号', capacity: 20 }),
    target: 'org',
  },
  'PATCH /api/training/bases/:id': { params: () => ({ id: 999_999 }), body: () => ({ capacity: 10 }), inScope: 404 },
  'GET /api/training/instructors': {
    leaks: (f, res) => (res.json() as { orgId: number }[]).some((i) => i.orgId === f.countyB.id),
  },
  'POST /api/training/instructors': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵师资', idNumber: uniqueIdNumber(), phone: '13700001234' }),
    target: 'org',
  },
  'PATCH /api/training/instructors/:id': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ isActive: false }),
    inScope: 404,
  },
  'POST /api/training/instructors/:id/qualifications': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ kind: 'trainer', grade: 'senior', issuedOn: '2025-01-01', validUntil: '2028-01-01' }),
    inScope: 404,
  },
  'DELETE /api/training/instructors/:id/qualifications/:qualificationId': {
    params: () => ({ id: crypto.randomUUID(), qualificationId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/classes': { leaks: (f, res) => itemsOf(res).some((c) => c.orgId === f.countyB.id) },
  'POST /api/training/classes': {
    body: (f) => ({
      courseId: 999_999,
      orgId: f.countyB.id,
      kind: 'open',
      title: '矩阵培训班',
      siteAddress: '矩阵路 1 号',
      capacity: 10,
      startsOn: '2026-12-01',
      endsOn: '2026-12-02',
    }),
    target: 'org',
    inScope: 404,
  },
  'GET /api/training/classes/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'PATCH /api/training/classes/:id': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ capacity: 5 }),
    inScope: 404,
  },
  'POST /api/training/classes/:id/transitions': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ to: 'open' }),
    inScope: 404,
  },
  'GET /api/training/classes/:id/poster.png': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/training/classes/:id/staff': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ instructorId: crypto.randomUUID(), role: 'trainer' }),
    inScope: 404,
  },
  'DELETE /api/training/classes/:id/staff/:instructorId/:role': {
    params: () => ({ id: crypto.randomUUID(), instructorId: crypto.randomUUID(), role: 'trainer' }),
    inScope: 404,
  },
  'POST /api/training/classes/:id/sessions': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ title: '矩阵课次', startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T12:00:00+08:00' }),
    inScope: 404,
  },
  'DELETE /api/training/classes/:id/sessions/:sessionId': {
    params: () => ({ id: crypto.randomUUID(), sessionId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/classes/:id/sessions/:sessionId/qr.png': {
    params: () => ({ id: crypto.randomUUID(), sessionId: crypto.randomUUID() }),
    inScope: 404,
  },
  'GET /api/training/classes/:id/enrolments': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/training/classes/:id/enrolments': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ name: '矩阵学员', idNumber: uniqueIdNumber(), phone: '13700004321' }),
    inScope: 404,
  },
  'GET /api/training/enrolments/template.xlsx': {},
  // Without a multipart file the route answers 415 once past the guard.
  'POST /api/training/classes/:id/enrolments/imports': { params: () => ({ id: crypto.randomUUID() }), inScope: 415 },
  'GET /api/training/classes/:id/enrolments/imports/:importId': {
    params: () => ({ id: crypto.randomUUID(), importId: crypto.randomUUID() }),
    inScope: 404,
  },
  'POST /api/training/classes/:id/enrolments/:enrolmentId/cancel': {
    params: () => ({ id: crypto.randomUUID(), enrolmentId: crypto.randomUUID() }),
    body: () => ({}),
    inScope: 404,
  },
  'POST /api/training/classes/:id/enrolments/:enrolmentId/promote': {
    params: () => ({ id: crypto.randomUUID(), enrolmentId: crypto.randomUUID() }),
    inScope: 404,
  },
  'POST /api/training/classes/:id/attendance': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ sessionId: crypto.randomUUID(), enrolmentId: crypto.randomUUID(), present: true }),
    inScope: 404,
  },
  'GET /api/training/awareness': { leaks: (f, res) => itemsOf(res).some((a) => a.orgId === f.countyB.id) },
  'POST /api/training/awareness': {
    body: (f) => ({
      orgId: f.countyB.id,
      heldOn: '2026-01-15',
      venueKind: 'school',
      venue: '矩阵小学',
      topic: '矩阵普及',
      attendees: 30,
      hours: 2,
    }),
    target: 'org',
  },
  // 救在身边 (response): emergencies and keys act on a unit; unknown ids are not found.
  'GET /api/response/emergencies': {},
  'POST /api/response/emergencies': {
    body: (f) => ({ orgId: f.countyB.id, lat: 29.7138, lng: 120.2365, address: '诸暨市暨阳街道' }),
    target: 'org',
  },
  'GET /api/response/emergencies/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/response/emergencies/:id/end': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ result: 'other', bystanderCpr: false, aedUsed: false }),
    inScope: 404,
  },
  'GET /api/response/responders': {},
  'GET /api/response/dispatch-keys': {},
  'POST /api/response/dispatch-keys': { body: (f) => ({ name: '诸暨120', orgId: f.countyB.id }), target: 'org' },
  'POST /api/response/dispatch-keys/:id/revoke': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'GET /api/response/stats': {},
  // AED registry (part A): devices belong to a unit; aedB is a device of county B made after the fixture.
  'GET /api/aed/devices': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/aed/devices': {
    body: (f) => ({
      orgId: f.countyB.id,
      brand: '矩阵',
      model: 'M1',
      serialNo: `M-${unique()}`,
      lat: 29.7136,
      lng: 120.2423,
      address: '诸暨市矩阵路',
      is24h: true,
    }),
    target: 'org',
  },
  'GET /api/aed/devices/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/aed/devices/template.xlsx': {},
  'POST /api/aed/devices/imports': { inScope: 415 },
  'GET /api/aed/devices/imports/:importId': { params: () => ({ importId: crypto.randomUUID() }), inScope: 404 },
  'GET /api/aed/devices/:id': { params: () => ({ id: aedB.id }), target: 'org' },
  'PATCH /api/aed/devices/:id': { params: () => ({ id: aedB.id }), body: () => ({ floor: '2F' }), target: 'org' },
  // ready → ready (or out_of_service → ready after the usage case) is never a transition: 409 in scope.
  'POST /api/aed/devices/:id/status': {
    params: () => ({ id: aedB.id }),
    body: () => ({ status: 'ready', reason: '矩阵测试' }),
    target: 'org',
    inScope: 409,
  },
  'POST /api/aed/devices/:id/inspections': {
    params: () => ({ id: aedB.id }),
    body: () => ({ inspector: '矩阵', items: [{ item: 'appearance', ok: true }] }),
    target: 'org',
  },
  'POST /api/aed/devices/:id/tasks/:taskId/close': {
    params: () => ({ id: aedB.id, taskId: crypto.randomUUID() }),
    body: () => ({ note: '矩阵测试' }),
    target: 'org',
    inScope: 404,
  },
  'POST /api/aed/devices/:id/usages': {
    params: () => ({ id: aedB.id }),
    body: () => ({ usedAt: '2026-01-01T00:00:00Z', shocksDelivered: 1, outcome: 'unknown', reporter: '矩阵' }),
    target: 'org',
  },
  'POST /api/aed/devices/:id/device-key': { params: () => ({ id: aedB.id }), target: 'org' },
  'GET /api/aed/due-work': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/aed/stats': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  // AED public map (part B): the sticker of county B's device, its reports, coverage and key places.
  'GET /api/aed/:id/sticker.pdf': { params: () => ({ id: aedB.id }), target: 'org' },
  'GET /api/aed/reports': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/aed/coverage': { query: (f) => ({ orgId: f.countyB.id, dow: 2, hour: 10 }), target: 'org' },
  'GET /api/aed/key-places': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/aed/key-places': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵广场', kind: 'mall', lat: 29.7136, lng: 120.2423 }),
    target: 'org',
  },
  'PATCH /api/aed/key-places/:id': {
    params: () => ({ id: keyPlaceB.id }),
    body: () => ({ footfall: 100 }),
    target: 'org',
  },
  'DELETE /api/aed/key-places/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  // ---- volunteers: volB (below) holds an approved and a pending volunteer, a team, a published, a draft and a
  // to-be-cancelled activity of county B.
  // A phone session that is no volunteer: 403 NOT_A_VOLUNTEER on the volunteer's own record and certificate.
  'GET /api/volunteers/me/record': { inScope: 403 },
  'GET /api/volunteers/me/certificate.pdf': { query: () => ({ from: '2026-01-01', to: '2026-12-31' }), inScope: 403 },
  'GET /api/volunteers': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/volunteers': { body: (f) => volunteerBody(f.countyB.id), target: 'org' },
  'GET /api/volunteers/settings': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'PUT /api/volunteers/settings': { body: (f) => ({ orgId: f.countyB.id, fullRegistrationHours: 20 }), target: 'org' },
  'GET /api/volunteers/stats': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/volunteers/export/volunteers.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/volunteers/export/records.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/volunteers/:id': { params: () => ({ id: volB.approved }), target: 'org' },
  'POST /api/volunteers/:id/decision': {
    params: () => ({ id: volB.pending }),
    body: () => ({ approve: true, note: '矩阵' }),
    target: 'org',
  },
  'GET /api/volunteers/:id/record': { params: () => ({ id: volB.approved }), target: 'org' },
  'GET /api/volunteers/:id/certificate.pdf': {
    params: () => ({ id: volB.approved }),
    query: () => ({ from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/volunteer-teams': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/volunteer-teams': { body: (f) => ({ orgId: f.countyB.id, name: `矩阵队${unique()}` }), target: 'org' },
  'POST /api/volunteer-teams/:id/members': {
    params: () => ({ id: volB.team }),
    body: () => ({ volunteerId: volB.approved, role: 'leader' }),
    target: 'org',
  },
  'DELETE /api/volunteer-teams/:id/members/:volunteerId': {
    params: () => ({ id: volB.team, volunteerId: crypto.randomUUID() }),
    target: 'org',
    inScope: 404,
  },
  'GET /api/volunteer-activities': {
    query: (f) => ({ orgId: f.countyB.id }),
    leaks: (_f, res) => itemsOf(res).some((a) => a.id === volB.activity),
  },
  'POST /api/volunteer-activities': { body: (f) => volunteerActivityBody(f.countyB.id, false), target: 'org' },
  'GET /api/volunteer-activities/:id': { params: () => ({ id: volB.activity }), target: 'org' },
  'POST /api/volunteer-activities/:id/publish': { params: () => ({ id: volB.draft }), target: 'org' },
  'POST /api/volunteer-activities/:id/cancel': { params: () => ({ id: volB.toCancel }), target: 'org' },
  'GET /api/volunteer-activities/:id/qr': { params: () => ({ id: volB.activity }), target: 'org' },
  'GET /api/volunteer-activities/:id/attendance': { params: () => ({ id: volB.activity }), target: 'org' },
  'POST /api/volunteer-activities/:id/hours/approve': {
    params: () => ({ id: volB.activity }),
    body: () => ({}),
    target: 'org',
  },
  // volB.approved never checked in there: a valid call the province administrator gets 409 HOURS_NO_CHECKIN for.
  'POST /api/volunteer-activities/:id/hours/correct': {
    params: () => ({ id: volB.activity }),
    body: () => ({
      volunteerId: volB.approved,
      startedAt: volB.startsAt,
      endedAt: volB.startsAt,
      reason: '矩阵测试',
    }),
    target: 'org',
    inScope: 409,
  },
  // ---- blood drives and stem-cell registration: stemB (below) holds a drive with a participant, and registrations of
  // county B awaiting a sample, sampled, and one to withdraw.
  'GET /api/registry/blood-drives': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/registry/blood-drives': {
    body: (f) => ({
      orgId: f.countyB.id,
      title: '矩阵献血',
      place: '乙县广场',
      heldOn: '2026-06-01',
      bloodCentre: '乙市血站',
    }),
    target: 'org',
  },
  'GET /api/registry/blood-drives/:id': { params: () => ({ id: stemB.drive }), target: 'org' },
  'POST /api/registry/blood-drives/:id/status': {
    params: () => ({ id: stemB.drive }),
    body: () => ({ status: 'held' }),
    target: 'org',
  },
  'POST /api/registry/blood-drives/:id/donors': {
    params: () => ({ id: stemB.drive }),
    body: () => ({ idNumber: stemCellIdNumber() }),
    target: 'org',
  },
  'POST /api/registry/blood-drives/:id/donors/:donorId/outcome': {
    params: () => ({ id: stemB.drive, donorId: stemB.donor }),
    body: () => ({ outcome: 'deferred' }),
    target: 'org',
  },
  'GET /api/registry/stem-cell/registrations': {
    query: (f) => ({ orgId: f.countyB.id }),
    target: 'org',
  },
  'POST /api/registry/stem-cell/registrations': { body: (f) => stemCellBody(f.countyB.id), target: 'org' },
  'GET /api/registry/stem-cell/registrations/:id': { params: () => ({ id: stemB.registration }), target: 'org' },
  'POST /api/registry/stem-cell/registrations/:id/unmask': {
    params: () => ({ id: stemB.registration }),
    body: () => ({ reason: '矩阵测试' }),
    target: 'org',
  },
  'POST /api/registry/stem-cell/registrations/:id/samples': {
    params: () => ({ id: stemB.toSample }),
    body: () => ({ collectedOn: '2026-01-05', volumeMl: 5 }),
    target: 'org',
  },
  'POST /api/registry/stem-cell/registrations/:id/steps': {
    params: () => ({ id: stemB.toStep }),
    body: () => ({ step: 'registered', stepOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) }),
    target: 'org',
  },
  'POST /api/registry/stem-cell/registrations/:id/withdraw': {
    params: () => ({ id: stemB.toWithdraw }),
    body: () => ({ requestedBy: '本人', channel: 'phone', reason: '矩阵测试' }),
    target: 'org',
  },
  'GET /api/registry/stem-cell/registrations/:id/certificate.pdf': {
    params: () => ({ id: stemB.registration }),
    target: 'org',
  },
  'GET /api/registry/stem-cell/samples/:id/label.pdf': { params: () => ({ id: stemB.sample }), target: 'org' },
  'GET /api/registry/stem-cell/stats': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/registry/stem-cell/stats.xlsx': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  // A citizen without a registration has no certificate.
  'GET /api/registry/stem-cell/me/certificate.pdf': { inScope: 404 },
  // ---- organ / body registration and memorial
  'GET /api/registry/donations': {
    query: (f) => ({ orgId: f.countyB.id }),
    target: 'org',
  },
  'POST /api/registry/donations': {
    body: (f) => organCounterBody(f.countyB.id),
    target: 'org',
  },
  'GET /api/registry/donations/stats': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/registry/donations/stats.xlsx': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/registry/donations/:id': { params: () => ({ id: organB.registration }), target: 'org' },
  'POST /api/registry/donations/:id/unmask': {
    params: () => ({ id: organB.registration }),
    body: () => ({ reason: '矩阵测试' }),
    target: 'org',
  },
  'PATCH /api/registry/donations/:id': {
    params: () => ({ id: organB.registration }),
    body: () => ({ scope: 'some', items: ['kidney', 'cornea'], note: '本人来电要求' }),
    target: 'org',
  },
  'POST /api/registry/donations/:id/withdraw': {
    params: () => ({ id: organB.toWithdraw }),
    body: () => ({ requestNote: '本人书面申请撤销', requestFileId: organB.file }),
    target: 'org',
  },
  'POST /api/registry/donations/:id/steps': {
    params: () => ({ id: organB.toStep }),
    body: () => ({ step: 'death_reported', deathOn: '2026-01-05', evidenceFileId: organB.file }),
    target: 'org',
  },
  'GET /api/registry/donations/:id/card.pdf': { params: () => ({ id: organB.registration }), target: 'org' },
  'GET /api/registry/memorials': {
    leaks: (_f, res) => itemsOf(res).some((i) => i.id === organB.memorial),
  },
  'POST /api/registry/memorials': {
    body: () => ({
      registrationId: organB.deceased,
      consentBy: '乙某家属(女儿)',
      consentFileId: organB.file,
      showName: true,
      biography: '一位普通的退休教师,生前登记捐献器官,身后帮助了三位病人。',
    }),
    target: 'org',
  },
  'PATCH /api/registry/memorials/:id': {
    params: () => ({ id: organB.memorial }),
    body: () => ({ familyWords: '爸爸,我们想你。' }),
    target: 'org',
  },
  'GET /api/registry/memorial-messages': {
    leaks: (_f, res) => itemsOf(res).some((i) => i.memorialId === organB.memorial),
  },
  'POST /api/registry/memorial-messages/:id/decision': {
    params: () => ({ id: organB.message }),
    body: () => ({ decision: 'approve' }),
    target: 'org',
  },
  'GET /api/public/registry/donations/:id': { inScope: 404 },
  'GET /api/public/registry/donations/:id/card.pdf': { inScope: 404 },
  // ---- members core: memB (below) holds members of county B (applications to admit and reject, an active member
  // with a paid year, one to transfer to a village of county B).
  'GET /api/members': {
    query: (f) => ({ orgId: f.countyB.id }),
    target: 'org',
  },
  'GET /api/members/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/members/template.xlsx': {},
  'POST /api/members/imports': { query: (f) => ({ orgId: f.countyB.id }), inScope: 415 },
  'GET /api/members/imports/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'GET /api/members/stats': {
    query: (f) => ({ orgId: f.countyB.id, from: '2026-01-01', to: '2026-12-31' }),
    target: 'org',
  },
  'GET /api/members/dues-settings': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'PUT /api/members/dues-settings': {
    query: (f) => ({ orgId: f.countyB.id }),
    body: () => ({
      adultFen: 1000,
      youthFen: 500,
      groupPerHeadFen: 100,
      groupMinFen: 10000,
      shares: { grassroots: 80, county: 10, city: 5, province: 5 },
      lapseAfterYears: 2,
      reminderDays: 30,
    }),
    target: 'org',
  },
  'POST /api/members': {
    body: (f) => ({
      kind: 'individual',
      orgId: f.countyB.id,
      category: 'ordinary',
      name: '矩阵会员',
      idNumber: uniqueIdNumber(),
      phone: '13900001111',
    }),
    target: 'org',
  },
  'GET /api/members/:id': { params: () => ({ id: memB.active }), target: 'org' },
  'POST /api/members/:id/admit': { params: () => ({ id: memB.applied }), body: () => ({}), target: 'org' },
  'POST /api/members/:id/reject': {
    params: () => ({ id: memB.toReject }),
    body: () => ({ reason: '矩阵拒绝' }),
    target: 'org',
  },
  'POST /api/members/:id/dues': {
    params: () => ({ id: memB.active }),
    body: () => ({ years: 1, method: 'cash' }),
    target: 'org',
  },
  'POST /api/members/:id/transfer': {
    params: () => ({ id: memB.toTransfer }),
    body: () => ({ toOrgId: memB.villageB, reason: '矩阵转会' }),
    target: 'org',
  },
  'POST /api/members/:id/card-reissue': {
    params: () => ({ id: memB.active }),
    body: () => ({ reason: '矩阵补证' }),
    target: 'org',
  },
  'GET /api/members/:id/card.pdf': { params: () => ({ id: memB.active }), target: 'org' },
  'GET /api/members/receipts/:id/pdf': { params: () => ({ id: memB.payment }), target: 'org' },
  // A phone session without a membership: nothing to print.
  'GET /api/my/membership/card.pdf': { inScope: 404 },
  'GET /api/my/membership/receipts/:id/pdf': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  // ---- member points, service orders, first-aid kits: ptsB (below) holds a member of county B with a rule, an entry
  // and an award, menu items and orders at each step, and two kits.
  // The member's own pages answer a signed-in account that is no member 403 NOT_A_MEMBER.
  'GET /api/public/member-points/me': { inScope: 403 },
  'GET /api/public/member-points/awards': { inScope: 403 },
  'GET /api/public/member-services/menu': { inScope: 403 },
  'GET /api/public/member-services/orders': { inScope: 403 },
  'GET /api/public/member-kits/mine': { inScope: 403 },
  'GET /api/member-points/rules': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/member-points/rules': {
    body: (f) => ({
      orgId: f.countyB.id,
      code: `M${unique()}`,
      name: '矩阵规则',
      category: 'basic',
      points: 3,
      trigger: 'manual',
    }),
    target: 'org',
  },
  'PATCH /api/member-points/rules/:id': {
    params: () => ({ id: ptsB.rule }),
    body: () => ({ name: '矩阵规则改' }),
    target: 'org',
  },
  'GET /api/member-points/members/:memberId': { params: () => ({ memberId: ptsB.member }), target: 'org' },
  'POST /api/member-points/members/:memberId/entries': {
    params: () => ({ memberId: ptsB.member }),
    body: () => ({ ruleId: ptsB.rule, reason: '矩阵加分' }),
    target: 'org',
  },
  'POST /api/member-points/members/:memberId/entries/:entryId/reverse': {
    params: () => ({ memberId: ptsB.member, entryId: ptsB.entry }),
    body: () => ({ reason: '矩阵冲正' }),
    target: 'org',
  },
  'GET /api/member-points/ranking': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/member-points/awards': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/member-points/awards': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵奖励', pointsCost: 10 }),
    target: 'org',
  },
  'PATCH /api/member-points/awards/:id': {
    params: () => ({ id: ptsB.award }),
    body: () => ({ stock: 5 }),
    target: 'org',
  },
  'GET /api/member-points/redemptions': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/member-points/members/:memberId/redemptions/:redemptionId/hand-over': {
    params: () => ({ memberId: ptsB.member, redemptionId: crypto.randomUUID() }),
    body: () => ({}),
    target: 'org',
    inScope: 404,
  },
  'POST /api/member-points/members/:memberId/redemptions/:redemptionId/cancel': {
    params: () => ({ memberId: ptsB.member, redemptionId: crypto.randomUUID() }),
    body: () => ({}),
    target: 'org',
    inScope: 404,
  },
  'GET /api/member-services/menu': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/member-services/menu': {
    body: (f) => ({ orgId: f.countyB.id, name: '矩阵讲座', audienceMax: 50 }),
    target: 'org',
  },
  'PATCH /api/member-services/menu/:id': {
    params: () => ({ id: ptsB.menu }),
    body: () => ({ leadDays: 3 }),
    target: 'org',
  },
  'GET /api/member-services/orders': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/member-services/orders/:id': { params: () => ({ id: ptsB.toAccept }), target: 'org' },
  'POST /api/member-services/orders/:id/accept': {
    params: () => ({ id: ptsB.toAccept }),
    body: () => ({}),
    target: 'org',
  },
  'POST /api/member-services/orders/:id/decline': {
    params: () => ({ id: ptsB.toDecline }),
    body: () => ({ reason: '矩阵无法安排' }),
    target: 'org',
  },
  'POST /api/member-services/orders/:id/schedule': {
    params: () => ({ id: ptsB.accepted }),
    body: () => ({ scheduledAt: '2030-01-01T10:00:00+08:00', staffNames: '矩阵' }),
    target: 'org',
  },
  'POST /api/member-services/orders/:id/deliver': {
    params: () => ({ id: ptsB.scheduled }),
    body: () => ({ attendance: 10 }),
    target: 'org',
  },
  'GET /api/member-services/stats': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/member-kits': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/member-kits': {
    body: (f) => ({ orgId: f.countyB.id, model: '矩阵急救包', items: [{ name: '纱布', quantity: 1 }] }),
    target: 'org',
  },
  'GET /api/member-kits/tasks': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/member-kits/:id': { params: () => ({ id: ptsB.kit }), target: 'org' },
  'GET /api/member-kits/:id/sticker.pdf': { params: () => ({ id: ptsB.kit }), target: 'org' },
  'POST /api/member-kits/:id/assign': {
    params: () => ({ id: ptsB.kit }),
    body: () => ({ memberId: ptsB.member }),
    target: 'org',
  },
  'POST /api/member-kits/:id/refill': {
    params: () => ({ id: ptsB.kit }),
    body: () => ({ items: [{ name: '纱布', quantity: 2 }] }),
    target: 'org',
  },
  'POST /api/member-kits/:id/checks': { params: () => ({ id: ptsB.kit }), body: () => ({ isOk: true }), target: 'org' },
  'POST /api/member-kits/:id/tasks/:taskId/close': {
    params: () => ({ id: ptsB.kit, taskId: crypto.randomUUID() }),
    body: () => ({ note: '矩阵' }),
    target: 'org',
    inScope: 404,
  },
  'POST /api/member-kits/:id/retire': {
    params: () => ({ id: ptsB.kitToRetire }),
    body: () => ({ reason: '矩阵停用' }),
    target: 'org',
  },
  // ---- kpi engine
  'GET /api/kpi/indicators': { query: () => ({ includeInactive: 'true' }) },
  'POST /api/kpi/indicators': {
    body: () => ({
      code: `matrix.engine_${unique()}`,
      group: 'party',
      nameZh: '矩阵手工指标',
      nameEn: 'Matrix manual',
      unitZh: '次',
      unitEn: 'times',
      periodKind: 'flow',
    }),
    inScope: 201,
  },
  'PATCH /api/kpi/indicators/:code': {
    params: () => ({ code: 'publicity.events' }),
    body: () => ({ isActive: true }),
  },
  'GET /api/kpi/cockpit': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/kpi/units/:orgId/figures': { params: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/kpi/trend': {
    query: (f) => ({ orgId: f.countyB.id, indicator: 'donations.funds_raised', comparable: 'true' }),
    target: 'org',
  },
  'GET /api/kpi/ranking': {
    query: (f) => ({ orgId: f.countyB.id, indicator: 'donations.funds_raised', level: 'township' }),
    target: 'org',
  },
  'GET /api/kpi/freshness': {},
  'POST /api/kpi/refresh': { body: () => ({ year: Number(new Date().toISOString().slice(0, 4)) - 1 }) },
  // Unit merges (issue 8 history) live in the orgs module: a county cannot merge into a city, but only a manager of
  // both units learns that (a sibling administrator is refused first).
  'POST /api/orgs/:id/merge': {
    params: (f) => ({ id: f.countyB.id }),
    body: (f) => ({ intoOrgId: f.cityC.id, effectiveDate: '2026-01-01' }),
    target: 'org',
    inScope: 422,
  },
  'GET /api/orgs/:id/history': { params: (f) => ({ id: f.countyB.id }), target: 'org' },
  // -- kpi engine helper adds entries above this line
  // ---- kpi targets
  'GET /api/kpi/targets': { query: (f) => ({ orgId: f.countyB.id, year: kpiB.year }), target: 'org' },
  'PUT /api/kpi/targets': {
    body: (f) => ({ orgId: f.countyB.id, year: kpiB.year + 1, targets: [{ indicator: 'matrix.funds', value: 10 }] }),
    target: 'org',
  },
  'POST /api/kpi/targets/split': {
    // County B moves between cities earlier in the matrix: split its target among its own units instead.
    body: (f) => ({
      orgId: f.countyB.id,
      year: kpiB.year + 1,
      indicator: 'matrix.funds',
      shares: [{ orgId: f.leafB.id, value: 5 }],
    }),
    target: 'org',
  },
  'POST /api/kpi/targets/approve': { body: (f) => ({ orgId: f.countyB.id, year: kpiB.year }), target: 'org' },
  'POST /api/kpi/targets/:id/change-requests': {
    params: () => ({ id: kpiB.lockedTarget }),
    body: () => ({ value: 1, reason: '矩阵调整' }),
    target: 'org',
  },
  'GET /api/kpi/target-changes': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/kpi/target-changes/:id/decide': {
    params: () => ({ id: kpiB.change }),
    body: () => ({ approve: false, note: '矩阵' }),
    target: 'org',
  },
  'GET /api/kpi/manual-figures': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/kpi/manual-figures': {
    body: (f) => ({
      orgId: f.countyB.id,
      indicator: 'matrix.paper',
      month: `${kpiB.year}-01`,
      value: 1,
      evidenceNote: '矩阵佐证',
      replace: true,
      reason: '矩阵更正',
    }),
    target: 'org',
  },
  'DELETE /api/kpi/manual-figures/:id': {
    params: () => ({ id: kpiB.figure }),
    body: () => ({ reason: '矩阵作废' }),
    target: 'org',
  },
  // -- kpi targets helper adds entries above this line
  // ---- kpi transparency
  'GET /api/kpi/transparency': { query: (f) => ({ orgId: f.countyB.id, year: 2026 }), target: 'org' },
  'GET /api/kpi/transparency/units/:orgId/gaps': { params: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/kpi/transparency/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/kpi/transparency/annual-disclosures': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/kpi/transparency/annual-disclosures': {
    body: (f) => ({
      orgId: f.countyB.id,
      reportYear: 2025,
      kind: 'annual_report',
      title: '矩阵县红十字会2025年度工作报告',
      url: 'https://example.org/annual-2025',
      publishedAt: '2026-03-01T10:00:00+08:00',
    }),
    target: 'org',
  },
  // -- kpi transparency helper adds entries above this line
  // ---- kpi reports
  'GET /api/kpi/reports/annual.xlsx': {
    query: (f) => ({ orgId: f.countyB.id, year: 2026, depth: 1 }),
    target: 'org',
  },
  'GET /api/kpi/reports/summary.pdf': { query: (f) => ({ orgId: f.countyB.id, year: 2026 }), target: 'org' },
  'GET /api/kpi/report-subscriptions': {
    query: (f) => ({ orgId: f.countyB.id }),
    target: 'org',
  },
  'GET /api/kpi/report-subscriptions/recipients': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/kpi/report-subscriptions': {
    body: (f) => ({
      orgId: f.countyB.id,
      format: 'xlsx',
      recipients: [{ kind: 'email', email: 'matrix@example.org' }],
    }),
    target: 'org',
  },
  // kpiSubscriptionB: a subscription of county B made after the fixture.
  'DELETE /api/kpi/report-subscriptions/:id': {
    params: () => ({ id: kpiSubscriptionB.id }),
    target: 'org',
    inScope: 204,
  },
  'GET /api/kpi/report-runs': {
    query: (f) => ({ orgId: f.countyB.id }),
    target: 'org',
  },
  // -- kpi reports helper adds entries above this line
  // ---- kpi geo
  // Outlines are public geography (no unit, no scope): any kpi:view holder gets them.
  'GET /api/kpi/geo/:code': { params: () => ({ code: '330600' }), inScope: 200 },
  'GET /api/kpi/live': { query: (f) => ({ orgId: f.countyB.id }), target: 'org', inScope: 200 },
  // -- kpi geo helper adds entries above this line
  // ---- hardening: fuzz
  // -- fuzz helper adds entries above this line
  // ---- hardening: security
  // -- security helper adds entries above this line
  // ---- hardening: audit chain
  // The chain covers every unit: a sibling (city-level) auditor is refused outright, so any page it got would leak.
  'GET /api/audit/chain': { leaks: () => true, inScope: 200 },
  'POST /api/audit/chain/verify': { leaks: () => true, inScope: 200 },
  // -- audit chain helper adds entries above this line
  // ---- hardening: pii keys
  // -- pii keys helper adds entries above this line
  // ---- hardening: backup and personal data
  'GET /api/privacy/people/:personId/export': { params: (f) => ({ personId: f.personB.id }), target: 'person' },
  'POST /api/privacy/requests': {
    body: (f) => ({ kind: 'export', orgId: f.countyB.id, phone: f.personBPhone }),
    target: 'org',
    inScope: 201,
  },
  'GET /api/privacy/requests': {
    leaks: (f, res) => itemsOf(res).some((r) => [f.cityB.id, f.countyB.id, f.leafB.id].includes(Number(r.orgId))),
  },
  // Requests of another subtree answer OUT_OF_SCOPE (people-privacy.http.test.ts); an unknown one is not found.
  'GET /api/privacy/requests/:id': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/privacy/requests/:id/export': { params: () => ({ id: crypto.randomUUID() }), inScope: 404 },
  'POST /api/privacy/requests/:id/erase': {
    params: () => ({ id: crypto.randomUUID() }),
    body: () => ({ dryRun: true }),
    inScope: 404,
  },
  // -- backup and personal data helper adds entries above this line
  // ---- hardening: operations
  // -- operations helper adds entries above this line
  // ---- hardening: invariants
  // -- invariants helper adds entries above this line
  // ---- hardening: crash
  // -- crash helper adds entries above this line
  // ---- rescue teams: rescueB (below) holds a team of county B with a member, an equipment line and a deployment.
  'GET /api/rescue/teams': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/rescue/teams': {
    body: (f) => ({ parentId: f.countyB.id, name: `矩阵救援队${unique()}`, speciality: 'water' }),
    target: 'org',
  },
  'GET /api/rescue/teams/:orgId': { params: () => ({ orgId: rescueB.team }), target: 'org' },
  'PUT /api/rescue/teams/:orgId': {
    params: () => ({ orgId: rescueB.team }),
    body: () => ({ speciality: 'water', provinceStatus: 'applied' }),
    target: 'org',
  },
  'GET /api/rescue/teams/:orgId/members': { params: () => ({ orgId: rescueB.team }), target: 'org' },
  'POST /api/rescue/teams/:orgId/members': {
    params: () => ({ orgId: rescueB.team }),
    body: () => ({ name: '矩阵队员', idNumber: uniqueIdNumber(), joinedOn: '2024-01-01' }),
    target: 'org',
  },
  'PATCH /api/rescue/members/:id': {
    params: () => ({ id: rescueB.member }),
    body: () => ({ skills: '游泳' }),
    target: 'org',
  },
  'POST /api/rescue/members/:id/certifications': {
    params: () => ({ id: rescueB.member }),
    body: () => ({ kind: '潜水员', expiresOn: '2030-01-01' }),
    target: 'org',
  },
  'GET /api/rescue/teams/:orgId/equipment': { params: () => ({ orgId: rescueB.team }), target: 'org' },
  'POST /api/rescue/teams/:orgId/equipment': {
    params: () => ({ orgId: rescueB.team }),
    body: () => ({ name: '救生衣', category: 'protective', quantity: 10 }),
    target: 'org',
  },
  'PATCH /api/rescue/equipment/:id': {
    params: () => ({ id: rescueB.equipment }),
    body: () => ({ quantity: 3 }),
    target: 'org',
  },
  'POST /api/rescue/equipment/:id/inspections': {
    params: () => ({ id: rescueB.equipment }),
    body: () => ({ inspectedOn: '2025-01-01', inspector: '矩阵', condition: 'good' }),
    target: 'org',
  },
  'GET /api/rescue/deployments': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'POST /api/rescue/deployments': {
    body: () => ({
      teamOrgId: rescueB.team,
      incidentKind: 'flood',
      place: '矩阵江',
      calledOutAt: '2025-06-01T08:00:00+08:00',
    }),
    target: 'org',
  },
  'GET /api/rescue/deployments/:id': { params: () => ({ id: rescueB.deployment }), target: 'org' },
  'POST /api/rescue/deployments/:id/members': {
    params: () => ({ id: rescueB.deployment }),
    body: () => ({ memberIds: [rescueB.member] }),
    target: 'org',
  },
  'PATCH /api/rescue/deployments/:id/members/:memberId': {
    params: () => ({ id: rescueB.deployment, memberId: rescueB.member }),
    body: () => ({ departedAt: '2025-06-01T09:00:00+08:00' }),
    target: 'org',
  },
  // The deployment never reaches "returned", so closing it is never a transition: 409 in scope.
  'POST /api/rescue/deployments/:id/advance': {
    params: () => ({ id: rescueB.deployment }),
    body: () => ({ to: 'closed' }),
    target: 'org',
    inScope: 409,
  },
  'PATCH /api/rescue/deployments/:id/report': {
    params: () => ({ id: rescueB.deployment }),
    body: () => ({ tasks: '矩阵巡查', peopleHelped: 3 }),
    target: 'org',
  },
  'GET /api/rescue/teams/:orgId/trainings': { params: () => ({ orgId: rescueB.team }), target: 'org' },
  'POST /api/rescue/teams/:orgId/trainings': {
    params: () => ({ orgId: rescueB.team }),
    body: () => ({ heldOn: '2025-01-01', topic: '矩阵训练', hours: 2 }),
    target: 'org',
  },
  'GET /api/rescue/stats': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
  'GET /api/rescue/stats/export.xlsx': { query: (f) => ({ orgId: f.countyB.id }), target: 'org' },
};

/** Routes that take the body as raw bytes (provider callbacks: the signature covers the exact bytes). */
const rawBodyRoutes = new Set(['POST /api/payments/:channel/notify']);

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const isApi = (r: RegisteredRoute) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs');
const permissionOf = (r: RegisteredRoute): Permission | undefined =>
  typeof r.access === 'object' ? r.access.permission : undefined;

/** How a call departs from its case: an English caller, every string input altered, an unexpected body field. */
type Variant = { lang?: 'en'; mapStrings?: (value: string) => string; extraField?: boolean };

function mapStringsDeep(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') {
    return fn(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => mapStringsDeep(v, fn));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStringsDeep(v, fn)]));
  }
  return value;
}

function buildRequest(route: RegisteredRoute, f: Fixture, variant: Variant = {}) {
  const c = cases[keyOf(route)] ?? {};
  const params = c.params?.(f) ?? {};
  const url = route.url.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(String(params[name] ?? crypto.randomUUID())),
  );
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.query?.(f) ?? {})) {
    query[k] = variant.mapStrings ? variant.mapStrings(String(v)) : String(v);
  }
  if (variant.lang) {
    query.lang = variant.lang;
  }
  const search = Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : '';
  let body = c.body?.(f);
  if (body !== undefined && variant.mapStrings) {
    body = mapStringsDeep(body, variant.mapStrings);
  }
  if (body !== undefined && variant.extraField) {
    body = { ...(body as object), unexpectedField: true };
  }
  return {
    method: route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: `${url}${search}`,
    ...(body === undefined ? {} : { payload: body as object }),
  };
}

function jsonOf(res: LightMyRequestResponse): Json | undefined {
  return String(res.headers['content-type'] ?? '').includes('application/json') ? res.json() : undefined;
}

let t: TestApp;
let routes: RegisteredRoute[];
let f: Fixture;
const serverErrors: string[] = [];

async function call(
  caller: Caller,
  route: RegisteredRoute,
  who: string,
  variant: Variant = {},
): Promise<LightMyRequestResponse> {
  const res = await t.inject(caller, buildRequest(route, f, variant));
  if (res.statusCode >= 500) {
    serverErrors.push(`${keyOf(route)} as ${who}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  return res;
}

beforeAll(async () => {
  t = await createTestApp();
  routes = t.app.boaiRoutes;
  const province = await createProvince(t);
  const tag = crypto.randomUUID().slice(0, 6);
  const cityA = await createOrgUnder(t, province, 'city', { name: `甲市${tag}` });
  const cityB = await createOrgUnder(t, province, 'city', { name: `乙市${tag}` });
  const cityC = await createOrgUnder(t, province, 'city', { name: `丙市${tag}` });
  const countyB = await createOrgUnder(t, cityB, 'county', { name: `乙县${tag}` });
  const leafB = await createOrgUnder(t, countyB, 'training_base', { name: `乙县培训基地${tag}` });
  const personBIdNumber = uniqueIdNumber();
  const personBPhone = '13655557777';
  const personB = await createPerson(t, countyB.id, { name: '乙某', idNumber: personBIdNumber, phone: personBPhone });
  const userB = await createStaff(t, { orgId: countyB.id, roleId: 'readonly' });
  const [grant] = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM grants WHERE user_id = ${userB.userId}`);
  f = {
    province,
    cityA,
    cityB,
    cityC,
    countyB,
    leafB,
    personB,
    personBIdNumber,
    personBPhone,
    userB,
    grantB: grant.id,
    ...(await donationFixture(countyB)),
    receiptsB: await receiptFixture(countyB),
    goodsB: await goodsFixture(countyB),
    servicesB: await servicesFixture(countyB),
    mutualaidB: await mutualaidFixture(countyB),
    reliefB: await reliefFixture(countyB),
    grievanceB: await grievanceFixture(countyB),
  };
});

/**
 * Relief cases of the sibling county at each step (taken there by distinct system actors, so four-eyes holds), an
 * open objection, a relief fund, and two pending batches uploaded by the county's relief officer.
 */
async function reliefFixture(countyB: OrgView) {
  const town = await createOrgUnder(t, countyB, 'township');
  const village = await createOrgUnder(t, town, 'village', { code: `${town.code}301` });
  const as = (label: string): Ctx => ({ ...systemCtx, actor: systemActor(label) });
  const [verifier, approver, payer] = [as('matrix:verifier'), as('matrix:approver'), as('matrix:payer')];
  const exclusions = (await getKind(t.db, 'disaster')).exclusions as string[];
  const visit = {
    visitedOn: toChinaDate(),
    visitors: '乙村红十字工作者',
    findings: '受灾情况属实',
    photoFileIds: [],
  };
  const project = await createOpenProject(t, countyB.id);
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  await recordDonation(t.db, systemCtx, defaultDonationRules, {
    projectId: project.id,
    channel: 'bank',
    amountFen: 100_000,
    donorKind: 'organisation',
    donorName: '乙县某公司',
    isAnonymous: false,
    intent: 'restricted',
    receivedAt: '2026-01-02T09:00:00+08:00',
    evidenceFileId: file.id,
    waivesReceipt: true,
  });
  const open = async () =>
    fileCase(t.db, verifier, {
      kind: 'disaster',
      orgId: village.id,
      applicant: { name: '乙某受灾', idNumber: uniqueIdNumber() },
      householdSize: 2,
      causeCategory: 'natural_disaster',
      causeText: '洪水冲毁房屋',
      requestedFen: 1000,
      materials: [],
    });
  const upTo = async (step: number) => {
    const c = await open();
    if (step >= 1) {
      await verifyCase(t.db, verifier, c.id, { visit, exclusionsConfirmed: exclusions });
    }
    if (step >= 2) {
      await reviewCase(t.db, verifier, c.id, { recommendedFen: 1000 });
    }
    if (step >= 3) {
      await approveCase(t.db, approver, c.id, { approvedFen: 1000 });
    }
    return c;
  };
  const submitted = await open();
  const verified = await upTo(1);
  const reviewed = await upTo(2);
  const returned = await open();
  await returnCase(t.db, verifier, returned.id, '矩阵测试补正');
  const onNotice = await upTo(3);
  await fileObjection(t.db, systemCtx, onNotice.caseNo, { text: '矩阵测试异议' });
  const noticeEnded = await upTo(3);
  const followedUp = await upTo(3);
  await t.db.execute(
    sql`UPDATE relief_cases SET notice_ends_at = now() - interval '1 minute' WHERE id IN (${noticeEnded.id}, ${followedUp.id})`,
  );
  const paying = await requestCasePayout(t.db, payer, followedUp.id, {
    fundSource: 'donations',
    fundId: project.fundId,
  });
  await decidePayout(t.db, approver, paying.payouts[0].payoutRef, { decision: 'approve' });
  await followUpCase(t.db, verifier, followedUp.id, { visit });
  const [objection] = await queryRows<{ id: string }>(
    t.db,
    sql`SELECT id FROM relief_objections WHERE case_id = ${onNotice.id}`,
  );
  const officer = await createStaff(t, { orgId: countyB.id, roleId: 'relief_officer' });
  const batch = async () => {
    const rows = [
      {
        name: '乙某户',
        idNumber: uniqueIdNumber(),
        unitCode: village.code,
        householdSize: '2',
        amount: '10',
        cause: '洪灾',
      },
    ];
    const buffer = await writeSheet('批量救助', batchColumns, rows);
    const boundary = '----matrix';
    const res = await t.inject(officer, {
      method: 'POST',
      url: `/api/relief/batches?orgId=${countyB.id}&title=${encodeURIComponent('矩阵批次')}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        buffer,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    for (let i = 0; i < 100; i++) {
      const poll = await t.inject(officer, { method: 'GET', url: `/api/relief/batches/imports/${res.json().id}` });
      if (poll.json().batchId) {
        return poll.json().batchId as string;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`batch upload failed: ${res.body}`);
  };
  return {
    village: village.id,
    idNumber: uniqueIdNumber(),
    exclusions,
    visit,
    fundId: project.fundId,
    submitted: submitted.id,
    caseNo: submitted.caseNo,
    verified: verified.id,
    reviewed: reviewed.id,
    returned: returned.id,
    noticeEnded: noticeEnded.id,
    followedUp: followedUp.id,
    objection: objection.id,
    batchToDecide: await batch(),
    batchPending: await batch(),
  };
}

/** A village fund of the sibling county with money in it, a pending grant, a loan, and a village without a fund. */
async function mutualaidFixture(countyB: OrgView) {
  const town = await createOrgUnder(t, countyB, 'township');
  const village = await createOrgUnder(t, town, 'village');
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  const fund = await openFund(t.db, systemCtx, {
    orgId: village.id,
    name: '乙村互助金',
    maxGrantFen: 100_000,
    maxLoanFen: 100_000,
    loanTermMonths: 24,
  });
  await recordContribution(t.db, systemCtx, fund.id, {
    sourceKind: 'red_cross',
    contributorName: '乙县红十字会',
    amountFen: 500_000,
    receivedOn: '2026-01-02',
    evidenceFileId: file.id,
  });
  await createRule(t.db, systemCtx, fund.id, { name: '乙村直播间', partner: '乙县合作社', rateBp: 500 });
  const grant = await recordGrant(t.db, systemCtx, fund.id, {
    recipient: { name: '乙某受助', idNumber: uniqueIdNumber() },
    amountFen: 1000,
    purpose: '困难救助',
    reason: '矩阵测试',
  });
  const loan = await issueLoan(t.db, systemCtx, fund.id, {
    borrower: { name: '乙某借款', idNumber: uniqueIdNumber() },
    amountFen: 10_000,
    purpose: '生产借款',
    agreementFileId: file.id,
    termMonths: 10,
    scheduleKind: 'equal',
  });
  const openUnit = await createOrgUnder(t, town, 'village');
  return { fund: fund.id, grant: grant.id, loan: loan.id, openUnit: openUnit.id };
}

/** A named complaint addressed to the sibling county (accepted, noted and concluded by the province in turn). */
async function grievanceFixture(countyB: OrgView) {
  const filed = await fileGrievance(t.db, systemCtx, {
    kind: 'complaint',
    subjectKind: 'other',
    orgId: countyB.id,
    content: '矩阵测试投诉内容',
    isAnonymous: false,
    name: '乙某投诉',
    phone: '13655559999',
  });
  const [row] = await queryRows<{ id: string }>(
    t.db,
    sql`SELECT id FROM grievances WHERE grievance_no = ${filed.grievanceNo}`,
  );
  return row.id;
}

/** Two warehouses of the sibling county, a lot in stock, a lot waiting for its countersignature, a write-off request. */
async function goodsFixture(countyB: OrgView) {
  const warehouse = await createWarehouse(t.db, systemCtx, { orgId: countyB.id, name: '乙县物资库' });
  const other = await createWarehouse(t.db, systemCtx, { orgId: countyB.id, name: '乙县备用库' });
  const expiresOn = addMonths(new Date().toISOString().slice(0, 10), 24);
  const record = (productCode: string) =>
    recordLot(t.db, systemCtx, defaultGoodsRules, {
      orgId: countyB.id,
      warehouseId: warehouse.id,
      donorKind: 'organisation',
      donorName: '乙县某公司',
      isAnonymous: false,
      itemName: '医用防护口罩',
      spec: `医用防护口罩 ${productCode}`,
      productCode,
      unit: '箱',
      quantity: productCode === 'N95' ? 100 : 10,
      expiresOn,
      isShortLife: false,
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
    });
  const lot = await record('N95');
  // The system actor has no user id, so its countersignature is never refused as the recorder's own.
  await countersignLot(t.db, systemCtx, lot.id, {
    decision: 'confirm',
    countedQuantity: 100,
    productCode: 'N95',
    expiresOn,
  });
  const pending = await record('KN95');
  const writeOff = await requestWriteOff(t.db, systemCtx, {
    lotId: lot.id,
    warehouseId: warehouse.id,
    quantity: 1,
    reason: 'damaged',
    note: '受潮',
  });
  return {
    warehouse: warehouse.id,
    otherWarehouse: other.id,
    lot: lot.id,
    lotNo: lot.lotNo,
    pendingLot: pending.id,
    writeOff: writeOff.id,
    expiresOn,
  };
}

async function donationFixture(countyB: OrgView) {
  const projectB = await createOpenProject(t, countyB.id);
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  const gift = await recordDonation(t.db, systemCtx, defaultDonationRules, {
    projectId: projectB.id,
    channel: 'bank',
    amountFen: 100_000,
    donorKind: 'organisation',
    donorName: '乙县某公司',
    isAnonymous: false,
    intent: 'restricted',
    receivedAt: '2026-01-02T09:00:00+08:00',
    evidenceFileId: file.id,
    waivesReceipt: false,
  });
  const payout = await requestPayout(t.db, systemCtx, {
    fundId: projectB.fundId,
    amountFen: 5000,
    payeeKind: 'unit',
    payeeName: '乙县某村',
    purpose: '救助款',
    isRelatedParty: false,
    evidenceFileId: file.id,
  });
  // A second gift, so that reversing one in the matrix leaves the other for the payout.
  const other = await recordDonation(t.db, systemCtx, defaultDonationRules, {
    projectId: projectB.id,
    channel: 'cash',
    amountFen: 500,
    donorKind: 'person',
    donorName: '乙某人',
    isAnonymous: false,
    intent: 'restricted',
    receivedAt: '2026-01-03T09:00:00+08:00',
    evidenceFileId: file.id,
    waivesReceipt: true,
  });
  const reversal = await requestReversal(t.db, systemCtx, other.id, {
    kind: 'refund',
    reasonCode: 'donor_request',
    note: '矩阵测试退款',
  });
  const general = await createOpenProject(t, countyB.id, { fundKind: 'unrestricted' });
  await scheduleDisclosures(t.db);
  const [disclosure] = await queryRows<{ id: string }>(
    t.db,
    sql`SELECT id FROM disclosures WHERE project_id = ${projectB.id} ORDER BY due_at LIMIT 1`,
  );
  return {
    projectB,
    donationB: gift.id,
    payoutB: payout.id,
    reversalB: reversal.id,
    generalFundB: general.fundId,
    disclosureB: disclosure.id,
    evidenceFileId: file.id,
  };
}

const matrixUscc = `91330600MA2B3C4D5${computeUsccCheckCharacter('91330600MA2B3C4D5')}`;

/** Gifts of county B for the receipt routes: requests to issue and to refuse, gifts to ask for and to waive, a receipt. */
async function receiptFixture(countyB: OrgView) {
  const project = await createOpenProject(t, countyB.id);
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  const gift = async () =>
    (
      await recordDonation(t.db, systemCtx, defaultDonationRules, {
        projectId: project.id,
        channel: 'bank',
        amountFen: 20_000,
        donorKind: 'organisation',
        donorName: '乙县某公司',
        isAnonymous: false,
        intent: 'restricted',
        receivedAt: '2026-01-03T09:00:00+08:00',
        evidenceFileId: file.id,
        waivesReceipt: false,
      })
    ).id;
  const ask = async () =>
    requestReceiptForDonor(t.db, systemCtx, await gift(), {
      payerName: '乙县某公司',
      payerIdType: 'uscc',
      payerId: matrixUscc,
    });
  const [toIssue, toRefuse, toVoid] = [await ask(), await ask(), await ask()];
  const issuer = createLocalIssuer({ publicUrl: testPublicUrl });
  const receipt = await issueReceipt(t.db, systemCtx, { issuer }, toVoid.id, { reviewer: '复核', cashier: '出纳' });
  return {
    requestToIssue: toIssue.id,
    requestToRefuse: toRefuse.id,
    giftToRequest: await gift(),
    giftToWaive: await gift(),
    receipt: receipt.id,
  };
}

/** Two service-hall requests filed at the sibling county's counter (one to look at, one to accept). */
async function servicesFixture(countyB: OrgView) {
  const open = () =>
    t.db.transaction((tx) =>
      openServiceRequest(tx, systemCtx, {
        itemCode: 'donation-query',
        orgId: countyB.id,
        applicant: { name: '乙某申请', phone: '13655558888' },
        form: { question: '矩阵测试' },
        fileIds: {},
      }),
    );
  const request = await open();
  const toAccept = await open();
  return { request: request.id, requestNo: request.requestNo, toAccept: toAccept.id };
}

/** A 1×1 PNG: the smallest real evidence file. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
beforeAll(async () => {
  const { createSubscription } = await import('../../modules/kpi/kpi-reports-schedule');
  const subscription = await createSubscription(t.db, systemCtx, {
    orgId: f.countyB.id,
    format: 'xlsx',
    depth: 1,
    recipients: [{ kind: 'email', email: 'county-b@example.org' }],
  });
  kpiSubscriptionB.id = subscription.id;
});
beforeAll(async () => {
  const { createAed } = await import('../../modules/aed/aed-registry');
  const aed = await createAed(t.db, systemCtx, {
    orgId: f.countyB.id,
    brand: '矩阵',
    model: 'M0',
    serialNo: `M0-${unique()}`,
    lat: 29.7136,
    lng: 120.2423,
    datum: 'wgs84',
    address: '诸暨市矩阵路',
    building: '',
    floor: '',
    spot: '',
    accessNotes: '',
    keyHolder: '',
    is24h: true,
    openHoursText: '',
    inspectionIntervalDays: 30,
    heartbeatIntervalMinutes: 60,
    guardians: [],
  });
  aedB.id = aed.id;
  const place = await addKeyPlace(t.db, systemCtx, {
    orgId: f.countyB.id,
    name: '乙县实验小学',
    kind: 'school',
    lat: 29.7141,
    lng: 120.2431,
    datum: 'wgs84',
    footfall: 1500,
    note: '',
  });
  keyPlaceB.id = place.id;
});

// ---- volunteers: an approved and a pending volunteer of county B, a team, and activities (published, draft, to cancel).
const volB = { approved: '', pending: '', team: '', activity: '', draft: '', toCancel: '', startsAt: '' };
function volunteerBody(orgId: number) {
  return {
    orgId,
    name: '乙志愿',
    idNumber: uniqueIdNumber(),
    phone: `139${String(100_000_00 + ++seq).slice(-8)}`,
    skills: ['first_aid'],
    languages: [],
    availability: [0, 0, 0, 0, 0, 3, 3],
    emergencyContact: { name: '乙家属', phone: '13700000009' },
    note: '',
  };
}
function volunteerActivityBody(orgId: number, publish: boolean) {
  const start = Date.now() - 10 * 60_000;
  return {
    orgId,
    title: '矩阵志愿活动',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3 * 3600_000).toISOString(),
    place: '乙县广场',
    lat: 29.7136,
    lng: 120.2423,
    capacity: 10,
    publish,
  };
}
beforeAll(async () => {
  const volunteers = await import('../../modules/volunteers/volunteers.service');
  const activities = await import('../../modules/volunteers/volunteers-activities');
  const schemas = await import('../../modules/volunteers/volunteers.schemas');
  const activity = (publish: boolean) =>
    activities.createActivity(
      t.db,
      systemCtx,
      schemas.createActivitySchema.parse(volunteerActivityBody(f.countyB.id, publish)),
    );
  volB.approved = (
    await volunteers.registerByStaff(t.db, systemCtx, schemas.registerByStaffSchema.parse(volunteerBody(f.countyB.id)))
  ).id;
  const { signInByPhone } = await import('../../test/factories');
  const body = volunteerBody(f.countyB.id);
  const caller = await signInByPhone(t, body.phone);
  const { phone: _, ...self } = body;
  const pending = await t.inject(caller, { method: 'POST', url: '/api/volunteers/me', payload: self });
  volB.pending = pending.json().id;
  volB.team = (
    await volunteers.createTeam(t.db, systemCtx, { orgId: f.countyB.id, name: '乙县志愿服务队', description: '' })
  ).id;
  const published = await activity(true);
  volB.activity = published.id;
  volB.startsAt = published.startsAt;
  volB.draft = (await activity(false)).id;
  volB.toCancel = (await activity(true)).id;
});

// ---- blood drives and stem-cell registration: a drive of county B with a registered participant; registrations of
// county B (one to view, one awaiting its sample, one sampled, one to withdraw) and a sample.
const stemB = { drive: '', donor: '', registration: '', toSample: '', toStep: '', toWithdraw: '', sample: '' };
/** A valid resident ID of someone born in 1995 (18–45 for stem cells, 18–55 for blood). */
function stemCellIdNumber(): string {
  const first17 = `330681199505${String(10 + (++seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
function stemCellBody(orgId: number) {
  return {
    orgId,
    name: '乙某捐献',
    idType: 'resident_id',
    idNumber: stemCellIdNumber(),
    bloodType: 'unknown',
    phone: `139${String(100_000_00 + ++seq).slice(-8)}`,
    consentVersion: '2026-01',
    consentAgreed: true,
    relatives: [
      { name: '亲属甲', relation: 'parent', phone: '13700000011' },
      { name: '亲属乙', relation: 'sibling', phone: '13700000012' },
    ],
    health: {
      infectious: false,
      heart: false,
      blood: false,
      cancer: false,
      chronic: false,
      autoimmune: false,
      pregnant: false,
    },
  };
}
beforeAll(async () => {
  const stemcell = await import('../../modules/registry/registry-stemcell.service');
  const blood = await import('../../modules/registry/registry-blood');
  const drive = await blood.createDrive(t.db, systemCtx, {
    orgId: f.countyB.id,
    title: '乙县献血',
    place: '乙县广场',
    heldOn: '2026-01-05',
    bloodCentre: '乙市血站',
    notes: '',
  });
  stemB.drive = drive.id;
  stemB.donor = (
    await blood.registerDonor(t.db, systemCtx, drive.id, { idNumber: stemCellIdNumber(), hasContactConsent: false })
  ).id;
  const register = async () =>
    (await stemcell.registerByStaff(t.db, systemCtx, stemCellBody(f.countyB.id) as never)).id;
  stemB.registration = await register();
  stemB.toSample = await register();
  stemB.toStep = await register();
  stemB.toWithdraw = await register();
  const sampled = await stemcell.recordSample(t.db, systemCtx, stemB.toStep, {
    collectedOn: '2026-01-05',
    volumeMl: 6,
    inPersonConfirmed: false,
  });
  stemB.sample = sampled.samples[0].id;
});

// ---- organ / body registration and memorial: registrations of county B (active, to withdraw, to step, deceased
// without a memorial), a memorial with a pending message, and an evidence file.
const organB = { registration: '', toWithdraw: '', toStep: '', deceased: '', memorial: '', message: '', file: '' };
function organCounterBody(orgId: number) {
  return {
    kind: 'organ',
    orgId,
    name: '乙某登记',
    idNumber: uniqueIdNumber(),
    phone: `139${String(100_000_00 + ++seq).slice(-8)}`,
    scope: 'all',
    items: [],
    witnesses: [
      { name: '见证甲', phone: '13700000001' },
      { name: '见证乙', phone: '13700000002' },
    ],
    familyContact: { name: '家属丙', relation: '配偶', phone: '13700000003' },
    consentFileId: organB.file,
  };
}
beforeAll(async () => {
  const organ = await import('../../modules/registry/registry-organ.service');
  const memorial = await import('../../modules/registry/registry-memorial.service');
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'form.png', bytes: tinyPng }),
  );
  organB.file = file.id;
  const at = () => organ.registerAtCounter(t.db, systemCtx, organCounterBody(f.countyB.id) as never);
  organB.registration = (await at()).id;
  organB.toWithdraw = (await at()).id;
  organB.toStep = (await at()).id;
  organB.deceased = (await at()).id;
  const withMemorial = (await at()).id;
  for (const id of [organB.deceased, withMemorial]) {
    await organ.recordAfterDeathStep(t.db, systemCtx, id, {
      step: 'death_reported',
      deathOn: '2026-01-03',
      evidenceFileId: file.id,
    });
  }
  const m = await memorial.createMemorial(t.db, systemCtx, {
    registrationId: withMemorial,
    consentBy: '乙某家属(儿子)',
    consentFileId: file.id,
    showName: false,
    biography: '生前是一名乡村医生,登记捐献器官,身后帮助了两位病人。',
  });
  organB.memorial = m.id;
  organB.message = (
    await memorial.leaveMessage(t.db, systemCtx, m.id, 'matrix-visitor', { authorName: '访客', body: '致敬' })
  ).id;
});
// ---- kpi targets: indicators, county B's locked targets of this year (one with a pending change request), its target
// of next year to split, and a manual figure of county B.
const kpiB = { year: 0, lockedTarget: 0, change: 0, figure: '' };
beforeAll(async () => {
  const targets = await import('../../modules/kpi/kpi-targets');
  const manual = await import('../../modules/kpi/kpi-manual');
  for (const [code, source, rollup] of [
    ['matrix.funds', 'computed', 'sum'],
    ['matrix.rate', 'computed', 'ratio'],
    ['matrix.paper', 'manual', 'sum'],
  ]) {
    await t.db.execute(sql`
      INSERT INTO kpi_indicators (code, group_code, name_zh, name_en, unit_zh, unit_en, source, period_kind, rollup)
      VALUES (${code}, 'other', ${code}, ${code}, '元', 'yuan', ${source}, 'flow', ${rollup})
      ON CONFLICT (code) DO NOTHING`);
  }
  kpiB.year = targets.currentYear();
  const set = await targets.setTargets(t.db, systemCtx, {
    orgId: f.countyB.id,
    year: kpiB.year,
    targets: [
      { indicator: 'matrix.funds', value: 100 },
      { indicator: 'matrix.rate', value: 90 },
    ],
  });
  await targets.setTargets(t.db, systemCtx, {
    orgId: f.countyB.id,
    year: kpiB.year + 1,
    targets: [{ indicator: 'matrix.funds', value: 100 }],
  });
  await targets.approveTargets(t.db, systemCtx, { orgId: f.countyB.id, year: kpiB.year });
  const funds = set.targets.find((x) => x.indicator === 'matrix.funds')!;
  kpiB.lockedTarget = set.targets.find((x) => x.indicator === 'matrix.rate')!.id;
  kpiB.change = (await targets.requestChange(t.db, systemCtx, funds.id, { value: 90, reason: '矩阵申请' })).id;
  kpiB.figure = (
    await manual.recordManualFigure(t.db, systemCtx, {
      orgId: f.countyB.id,
      indicator: 'matrix.paper',
      month: `${kpiB.year}-02`,
      value: 3,
      evidenceNote: '矩阵签到表',
    })
  ).id;
});
afterAll(() => t.close());

describe('route declarations', () => {
  it('finds every API route with an access declaration', () => {
    const undeclared = routes.filter((r) => isApi(r) && r.access === undefined).map(keyOf);
    expect(undeclared, 'these routes declare no config.access').toEqual([]);
    expect(routes.filter(isApi).length).toBeGreaterThan(20);
  });

  it('declares only known permissions', () => {
    const unknown = routes.filter((r) => permissionOf(r) && !allPermissions.includes(permissionOf(r)!)).map(keyOf);
    expect(unknown).toEqual([]);
  });

  it('has a case for every permission route, and no case for a route that is gone', () => {
    const permissionRoutes = routes.filter((r) => isApi(r) && permissionOf(r)).map(keyOf);
    const missing = permissionRoutes.filter((k) => !(k in cases));
    expect(
      missing,
      `add these routes to \`cases\` in routes.http.test.ts (params, body, and what they act on): ${missing.join(', ')}`,
    ).toEqual([]);
    const registered = routes.filter(isApi).map(keyOf);
    const stale = Object.keys(cases).filter((k) => !registered.includes(k));
    expect(stale, 'these cases name no registered route').toEqual([]);
  });
});

describe('the authorisation matrix', () => {
  it('answers anonymous callers 401 UNAUTHENTICATED on every route that is not public', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => isApi(r) && r.access !== 'public')) {
      const res = await call(null, route, 'anonymous');
      const code = (jsonOf(res) as { error?: { code: string } } | undefined)?.error?.code;
      if (res.statusCode !== 401 || code !== 'UNAUTHENTICATED') {
        wrong.push(`${keyOf(route)} → ${res.statusCode} ${code}`);
      }
      if (route.method === 'GET') {
        // Fastify answers HEAD for every GET route; the guard holds there too.
        const head = await t.inject(null, { ...buildRequest(route, f), method: 'HEAD' });
        if (head.statusCode !== 401) {
          wrong.push(`HEAD ${route.url} → ${head.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers a role lacking the route’s permission 403 FORBIDDEN, even with every other permission', async () => {
    const wrong: string[] = [];
    const permissionRoutes = routes.filter((r) => isApi(r) && permissionOf(r));
    const needed = [...new Set(permissionRoutes.map((r) => permissionOf(r)!))];
    for (const permission of needed) {
      const lacking = await createStaff(t, {
        orgId: f.province.id,
        permissions: allPermissions.filter((p) => p !== permission),
      });
      for (const route of permissionRoutes.filter((r) => permissionOf(r) === permission)) {
        const res = await call(lacking, route, `a role without ${permission}`);
        const code = (jsonOf(res) as { error?: { code: string } } | undefined)?.error?.code;
        if (res.statusCode !== 403 || code !== 'FORBIDDEN') {
          wrong.push(`${keyOf(route)} without ${permission} → ${res.statusCode} ${code}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers a public (phone) session 403 on staff routes', async () => {
    const phone = '13612340000';
    await t.inject(null, { method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
    const [message] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'otp' ORDER BY created_at DESC LIMIT 1`,
    );
    const verified = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/otp/verify',
      payload: { phone, code: message.body.match(/\d{6}/)![0] },
    });
    expect(verified.statusCode).toBe(200);
    const citizen = { cookie: String(verified.headers['set-cookie']).split(';')[0] };
    const wrong: string[] = [];
    for (const route of routes.filter((r) => isApi(r) && (r.access === 'staff' || permissionOf(r)))) {
      const res = await call(citizen, route, 'a public session');
      if (res.statusCode !== 403) {
        wrong.push(`${keyOf(route)} → ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    for (const route of routes.filter((r) => isApi(r) && r.access === 'signed-in' && r.method === 'GET')) {
      const expected = cases[keyOf(route)]?.inScope ?? 200;
      expect((await call(citizen, route, 'a public session')).statusCode, keyOf(route)).toBe(expected);
    }
  });

  it('refuses an administrator of a sibling city everything in the other city, and writes nothing', async () => {
    // Two kinds of sibling: one holding every permission on city A, and one per route holding exactly its permission.
    const sibling = await createStaff(t, { orgId: f.cityA.id, roleId: 'system_admin' });
    const narrow = new Map<Permission, Caller & { userId: string }>();
    for (const permission of new Set(routes.map(permissionOf).filter((p): p is Permission => !!p))) {
      narrow.set(permission, await createStaff(t, { orgId: f.cityA.id, permissions: [permission] }));
    }
    const siblingIds = [sibling.userId, ...[...narrow.values()].map((c) => c.userId)];
    const wrong: string[] = [];
    let checked = 0;
    const calls = routes
      .filter((r) => isApi(r) && permissionOf(r))
      .flatMap((route) => [
        { route, caller: sibling as Caller, who: 'a sibling administrator' },
        {
          route,
          caller: narrow.get(permissionOf(route)!)! as Caller,
          who: `a sibling with only ${permissionOf(route)}`,
        },
      ]);
    for (const { route, caller, who } of calls) {
      const c = cases[keyOf(route)];
      const res = await call(caller, route, who, { lang: 'en' });
      const json = jsonOf(res);
      const error = (json as { error?: { code: ErrorCode; message: string } } | undefined)?.error;
      const code = error?.code;
      if (error && error.message !== messageFor(error.code, 'en')) {
        wrong.push(`${keyOf(route)} answers an English caller in another language: ${error.message}`);
      }
      if (c?.target) {
        checked++;
        const refused =
          (res.statusCode === 403 && code === 'OUT_OF_SCOPE') || (res.statusCode === 404 && code === 'NOT_FOUND');
        if (!refused) {
          wrong.push(
            `${keyOf(route)} as ${who} (${c.target} in the sibling city) → ${res.statusCode} ${code ?? res.body.slice(0, 120)}`,
          );
        }
      } else if (c?.leaks && res.statusCode < 300) {
        checked++;
        if (await c.leaks(f, res)) {
          wrong.push(`${keyOf(route)} as ${who} shows rows of the sibling city: ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30);

    // Nothing changed: no audit row by a sibling, the units, the person and the account as they were.
    const [written] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE actor_id IN (${sql.join(
        siblingIds.map((id) => sql`${id}`),
        sql`, `,
      )}) AND action <> 'user.signed-in'`,
    );
    expect(written.n).toBe(0);
    const [county] = await queryRows<{ parent_id: number; address: string | null }>(
      t.db,
      sql`SELECT parent_id, address FROM orgs WHERE id = ${f.countyB.id}`,
    );
    expect(county).toEqual({ parent_id: f.cityB.id, address: null });
    const [leaf] = await queryRows<{ is_active: boolean }>(
      t.db,
      sql`SELECT is_active FROM orgs WHERE id = ${f.leafB.id}`,
    );
    expect(leaf.is_active).toBe(true);
    const [person] = await queryRows<{ address: string | null }>(
      t.db,
      sql`SELECT address FROM people WHERE id = ${f.personB.id}`,
    );
    expect(person.address).toBeNull();
    const [user] = await queryRows<{ display_name: string; is_active: boolean }>(
      t.db,
      sql`SELECT display_name, is_active FROM users WHERE id = ${f.userB.userId}`,
    );
    expect(user).toEqual({ display_name: f.userB.username, is_active: true });
    const [grants] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM grants WHERE user_id = ${f.userB.userId} AND revoked_at IS NULL`,
    );
    expect(grants.n).toBe(1);
  });

  it('finds nothing of a sibling city in a sibling administrator’s searches, even by exact ID number or phone', async () => {
    const sibling = await createStaff(t, { orgId: f.cityA.id, roleId: 'system_admin' });
    const searches = [
      `/api/people?q=${f.personBIdNumber}`,
      `/api/people?q=${f.personBPhone}`,
      `/api/people?q=${encodeURIComponent(f.personB.name)}`,
      `/api/orgs?q=${encodeURIComponent(f.countyB.name)}&includeInactive=true`,
      `/api/orgs?parentId=${f.cityB.id}`,
      `/api/users?q=${f.userB.username}`,
      `/api/audit?entityId=${f.personB.id}`,
      `/api/audit?entityType=org&limit=200`,
    ];
    for (const url of searches) {
      const res = await t.inject(sibling, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const shown = itemsOf(res).filter(
        (i) =>
          i.id === f.personB.id ||
          i.id === f.userB.userId ||
          String(i.path ?? '').startsWith(f.cityB.path) ||
          [f.cityB.id, f.countyB.id, f.leafB.id].includes(Number(i.orgId)),
      );
      expect(shown, url).toEqual([]);
    }
    // The same searches by the province administrator do find them (the searches are meaningful).
    const admin = await createStaff(t, { orgId: f.province.id, roleId: 'system_admin' });
    for (const url of searches.slice(0, 2)) {
      expect(
        itemsOf(await t.inject(admin, { method: 'GET', url })).map((i) => i.id),
        url,
      ).toEqual([f.personB.id]);
    }
    const exported = await t.inject(admin, { method: 'GET', url: '/api/orgs/export.xlsx' });
    expect(await sheetTexts(exported.rawPayload)).toContain(f.countyB.name);
  });

  it('lets an administrator of the whole province do each of these (the cases are valid calls)', async () => {
    const admin = await createStaff(t, { orgId: f.province.id, roleId: 'system_admin' });
    const wrong: string[] = [];
    for (const route of routes.filter((r) => isApi(r) && permissionOf(r))) {
      const expected = cases[keyOf(route)]?.inScope;
      const res = await call(admin, route, 'the province administrator', { lang: 'en' });
      const ok = expected === undefined ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === expected;
      if (!ok) {
        wrong.push(`${keyOf(route)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers signed-in callers on public routes without a server error', async () => {
    const staff = await createStaff(t, { orgId: f.cityA.id, permissions: [] });
    for (const route of routes.filter((r) => isApi(r) && r.access === 'public')) {
      await call(null, route, 'anonymous');
      await call(staff, route, 'a staff member');
    }
  });

  it('never answered 5xx to any call above', () => {
    expect(serverErrors).toEqual([]);
  });
});

describe('malformed input on every route', () => {
  const writes = ['POST', 'PATCH', 'PUT'];
  let admin: Caller & { userId: string };
  let auditMark = 0;
  beforeAll(async () => {
    admin = await createStaff(t, { orgId: f.province.id, roleId: 'system_admin' });
    const [row] = await queryRows<{ n: number | string | null }>(t.db, sql`SELECT max(id) AS n FROM audit_log`);
    auditMark = Number(row.n ?? 0);
  });

  const errorOf = (res: LightMyRequestResponse) =>
    (jsonOf(res) as { error?: { code: string; message: string } })?.error;

  it('refuses malformed JSON with 400 MALFORMED_JSON and a text/plain body with 415 on every write route', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => isApi(r) && writes.includes(r.method) && !rawBodyRoutes.has(keyOf(r)))) {
      const { url } = buildRequest(route, f);
      const broken = await t.inject(admin, {
        method: route.method as 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      if (broken.statusCode !== 400 || errorOf(broken)?.code !== 'MALFORMED_JSON') {
        wrong.push(`${keyOf(route)} with broken JSON → ${broken.statusCode} ${broken.body.slice(0, 100)}`);
      }
      const text = await t.inject(admin, {
        method: route.method as 'POST',
        url,
        headers: { 'content-type': 'text/plain' },
        payload: '{}',
      });
      if (text.statusCode !== 415 || errorOf(text)?.code !== 'UNSUPPORTED_MEDIA_TYPE') {
        wrong.push(`${keyOf(route)} with text/plain → ${text.statusCode} ${text.body.slice(0, 100)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an unexpected body field with 400 VALIDATION_FAILED on every route that takes a body', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => isApi(r) && cases[keyOf(r)]?.body)) {
      const res = await call(admin, route, 'an administrator sending an extra field', { extraField: true, lang: 'en' });
      const error = errorOf(res);
      if (res.statusCode !== 400 || error?.code !== 'VALIDATION_FAILED' || error.message !== 'Invalid input') {
        wrong.push(`${keyOf(route)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers text inputs holding a NUL byte or over-long strings with 4xx, never 5xx', async () => {
    const wrong: string[] = [];
    const alterations: [string, (s: string) => string][] = [
      ['a NUL byte', (v) => `${v}\u0000`],
      ['10 000 characters', (v) => v + 'x'.repeat(10_000)],
    ];
    for (const route of routes.filter((r) => isApi(r) && permissionOf(r))) {
      for (const [label, alter] of alterations) {
        const plain = buildRequest(route, f);
        const altered = buildRequest(route, f, { mapStrings: alter });
        if (JSON.stringify(plain) === JSON.stringify(altered)) {
          continue;
        }
        const res = await call(admin, route, `an administrator sending ${label}`, { mapStrings: alter });
        if (res.statusCode < 400 || res.statusCode >= 500) {
          wrong.push(`${keyOf(route)} with ${label} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('wrote no audit row for any of these refused requests', async () => {
    const rows = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE id > ${auditMark} AND actor_id = ${admin.userId}`,
    );
    expect(rows).toEqual([]);
    expect(serverErrors).toEqual([]);
  });
});

describe('personal data without pii:view', () => {
  it('never shows a full ID number or phone on any people route to a role without pii:view', async () => {
    const clerk = await createStaff(t, {
      orgId: f.province.id,
      permissions: ['orgs:view', 'people:view', 'people:manage', 'audit:view'],
    });
    const idNumber = uniqueIdNumber('110101', '19800101');
    const phone = '13511112222';
    const newPhone = '13533334444';
    const raw = [idNumber, phone, newPhone, `+86${phone}`, `+86${newPhone}`, f.personBIdNumber, f.personBPhone];
    const shown: string[] = [];
    const check = (label: string, res: LightMyRequestResponse) => {
      expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(500);
      for (const value of raw) {
        if (res.body.includes(value)) {
          shown.push(`${label} shows ${value}`);
        }
      }
    };

    const created = await t.inject(clerk, {
      method: 'POST',
      url: '/api/people',
      payload: { orgId: f.countyB.id, name: '赵六', idNumber, phone },
    });
    expect(created.statusCode).toBe(201);
    check('POST /api/people', created);
    const id = created.json().id as string;

    const duplicate = await t.inject(clerk, {
      method: 'POST',
      url: '/api/people',
      payload: { orgId: f.countyB.id, name: '赵六', idNumber, phone },
    });
    expect(duplicate.json().error.code).toBe('PERSON_DUPLICATE_ID');
    check('a duplicate registration', duplicate);

    for (const q of [idNumber, phone, `+86 ${phone}`, f.personBIdNumber, f.personBPhone]) {
      const res = await t.inject(clerk, { method: 'GET', url: `/api/people?q=${encodeURIComponent(q)}` });
      expect(res.json().items.length, `search ${q}`).toBe(1);
      check(`GET /api/people?q=${q}`, res);
    }
    check(
      'PATCH /api/people/:id',
      await t.inject(clerk, { method: 'PATCH', url: `/api/people/${id}`, payload: { phone: newPhone } }),
    );
    check('GET /api/people/:id', await t.inject(clerk, { method: 'GET', url: `/api/people/${id}` }));
    const unmask = await t.inject(clerk, {
      method: 'POST',
      url: `/api/people/${id}/unmask`,
      payload: { reason: '想看看' },
    });
    expect(unmask.statusCode).toBe(403);
    check('POST /api/people/:id/unmask', unmask);
    check('GET /api/audit', await t.inject(clerk, { method: 'GET', url: `/api/audit?entityId=${id}` }));

    // Every registered people route, as the cases above call it, for this role and for a holder of pii:view
    // (who sees full values only through the audited unmask call).
    const holder = await createStaff(t, { orgId: f.province.id, roleId: 'system_admin' });
    for (const route of routes.filter((r) => r.url.startsWith('/api/people'))) {
      check(`${keyOf(route)} (no pii:view)`, await call(clerk, route, 'a clerk without pii:view'));
      if (!route.url.endsWith('/unmask')) {
        check(`${keyOf(route)} (pii:view)`, await call(holder, route, 'a holder of pii:view'));
      }
    }
    expect(shown).toEqual([]);
    expect(serverErrors).toEqual([]);
  });
});

// ---- rescue teams: a team of county B with a member, an equipment line and a deployment the member is on.
const rescueB = { team: 0, member: '', equipment: '', deployment: '' };
beforeAll(async () => {
  const rescue = await import('../../modules/rescue/rescue.service');
  const team = await rescue.createTeam(t.db, systemCtx, {
    parentId: f.countyB.id,
    name: `乙县救援队${unique()}`,
    speciality: 'water',
    provinceStatus: 'unregistered',
  });
  rescueB.team = team.orgId;
  const member = await rescue.addMember(t.db, systemCtx, team.orgId, {
    name: '乙救援',
    idNumber: uniqueIdNumber(),
    role: 'captain',
    isPartyMember: true,
    joinedOn: '2024-01-01',
  });
  rescueB.member = member.id;
  rescueB.equipment = (
    await rescue.addEquipment(t.db, systemCtx, team.orgId, {
      name: '冲锋舟',
      category: 'boat',
      quantity: 2,
      condition: 'good',
    })
  ).id;
  rescueB.deployment = (
    await rescue.callOut(t.db, systemCtx, {
      teamOrgId: team.orgId,
      incidentKind: 'flood',
      place: '乙县江边',
      calledOutAt: '2025-06-01T08:00:00+08:00',
      memberIds: [member.id],
    })
  ).id;
});

// ---- member points, service orders, first-aid kits: a member of county B with a rule, an entry and an award; a
// menu item with orders waiting to be accepted, declined, scheduled and delivered; a kit in stock and one to retire.
const ptsB = {
  member: '',
  rule: '',
  entry: '',
  award: '',
  menu: '',
  toAccept: '',
  toDecline: '',
  accepted: '',
  scheduled: '',
  kit: '',
  kitToRetire: '',
};
beforeAll(async () => {
  const { createMember } = await import('../../test/member-factory');
  const points = await import('../../modules/members/members-points.service');
  const orders = await import('../../modules/members/members-orders.service');
  const ordersRepo = await import('../../modules/members/members-orders.repo');
  const kits = await import('../../modules/members/members-kits.service');
  const member = await createMember(t, f.countyB.id, { name: '乙会员' });
  ptsB.member = member.id;
  const rule = await points.createRule(t.db, systemCtx, {
    orgId: f.countyB.id,
    code: 'MATRIX',
    name: '矩阵',
    category: 'basic',
    points: 2,
    trigger: 'manual',
  });
  ptsB.rule = rule.id;
  ptsB.entry = (await points.awardByStaff(t.db, systemCtx, member.id, { ruleId: rule.id, reason: '矩阵' })).id;
  ptsB.award = (await points.createAward(t.db, systemCtx, { orgId: f.countyB.id, name: '矩阵证书', pointsCost: 5 })).id;
  const menu = await orders.createMenuItem(t.db, systemCtx, { orgId: f.countyB.id, name: '矩阵讲座', audienceMax: 50 });
  ptsB.menu = menu.id;
  const order = async (status: string) => {
    const id = crypto.randomUUID();
    await ordersRepo.insertOrder(t.db, {
      regionId: member.regionId,
      id,
      orderNo: `DC-M-${unique()}`,
      orgId: f.countyB.id,
      memberId: member.id,
      menuItemId: menu.id,
      serviceName: menu.name,
      preferredDates: ['2030-01-01'],
      place: '乙县',
      expectedAudience: 20,
      status,
    });
    return id;
  };
  ptsB.toAccept = await order('requested');
  ptsB.toDecline = await order('requested');
  ptsB.accepted = await order('accepted');
  ptsB.scheduled = await order('scheduled');
  const made = await kits.createKits(t.db, systemCtx, {
    orgId: f.countyB.id,
    model: '矩阵急救包',
    count: 2,
    items: [{ name: '纱布', quantity: 1, expiresOn: '2030-01-01' }],
  });
  ptsB.kit = made[0].id;
  ptsB.kitToRetire = made[1].id;
});

// ---- members core: members of county B: two applications (to admit, to reject), an active member with a dues payment,
// and one to transfer to a village of county B.
const memB = { applied: '', toReject: '', active: '', toTransfer: '', villageB: 0, payment: '' };
beforeAll(async () => {
  const members = await import('../../modules/members/members.service');
  const dues = await import('../../modules/members/members-dues');
  const town = await createOrgUnder(t, f.countyB, 'township');
  const village = await createOrgUnder(t, town, 'village');
  memB.villageB = village.id;
  const enrol = async (admit: boolean, orgId = f.countyB.id) =>
    (
      await members.enrolMember(t.db, systemCtx, {
        kind: 'individual',
        orgId,
        category: 'ordinary',
        tier: 'ordinary',
        name: '乙会员',
        idNumber: uniqueIdNumber(),
        phone: '13900002222',
        admit,
      })
    ).id;
  memB.applied = await enrol(false);
  memB.toReject = await enrol(false);
  memB.active = await enrol(true);
  memB.toTransfer = await enrol(true, town.id);
  memB.payment = (await dues.recordDues(t.db, systemCtx, memB.active, { years: 1, method: 'cash' })).payments[0].id;
});

// Batch disaster relief (批量救助): a county lists the affected households in Excel; every row is checked (ID checksum,
// unit in the uploader's scope, amount, households repeated in the file or already with an open case) and a file with
// any bad row is refused whole. A good file becomes one batch of reviewed cases, approved once (band by the batch
// total, four-eyes against the uploader), then paid household by household (one payout and ledger entry each).
import crypto from 'node:crypto';
import { eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import * as imports from '../../platform/imports/imports.service';
import { parseYuanToFen } from '../../platform/money';
import { assertCanAt, canAt } from '../../platform/rbac/actor';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as services from '../services/services.service';
import * as repo from './relief.repo';
import type {
  BatchImportView,
  BatchUploadQuery,
  DecideBatch,
  ReliefBatchView,
  ReliefKind,
  RequestReliefPayout,
} from './relief.schemas';
import { openCaseStatusValues } from './relief.schemas';
import { advanceCase, approveInTx, assertSeesCase, getKind, newCaseRow, whoIs } from './relief.service';
import { renderBatchForm } from './relief-approval-pdf';
import { newReliefNumber } from './relief-numbers';
import { requestPayoutLocked } from './relief-payouts';
import { requiredLevel } from './relief-rules';
import { toKindRules } from './relief-views';

/** One file holds at most this many households (they are created in one transaction). */
export const maxBatchRows = 2000;
const caseUnitTypes = new Set(['village', 'township', 'boai_home']);

type Text = { zh: string; en: string };
type BatchColumn = SheetColumn & { rule: Text };

const column = (key: string, header: string, en: string, width: number, rule: Text, isText = false): BatchColumn => ({
  key,
  header,
  aliases: [en],
  width,
  note: rule.zh,
  isText,
  rule,
});

export const batchColumns: BatchColumn[] = [
  column('name', '户主姓名', 'Name', 12, { zh: '必填,最多 50 字', en: 'required, at most 50 characters' }),
  column(
    'idNumber',
    '身份证号',
    'ID number',
    22,
    { zh: '必填:18 位居民身份证号(校验位正确)', en: 'required: an 18-digit resident ID with a valid check character' },
    true,
  ),
  column(
    'unitCode',
    '村(社区)代码',
    'Unit code',
    16,
    {
      zh: '必填:12 位村(社区)代码,须在本批次单位之下、您的管辖范围内',
      en: "required: the village's 12-digit code, under the batch's unit and within your scope",
    },
    true,
  ),
  column('householdSize', '家庭人口', 'Household size', 10, { zh: '必填:1 到 30 的整数', en: 'required: 1 to 30' }),
  column('amount', '救助金额(元)', 'Amount (yuan)', 14, {
    zh: '必填:大于 0 的金额(元),最多两位小数',
    en: 'required: yuan above 0 with at most 2 decimals',
  }),
  column('cause', '受灾情况', 'Cause', 30, { zh: '必填:2 到 1000 字', en: 'required: 2 to 1000 characters' }),
];
const ruleOf = new Map(batchColumns.map((c) => [c.key, c.rule]));

export function buildBatchTemplate(): Promise<Buffer> {
  return writeSheet('批量救助', batchColumns, []);
}

type BatchRow = {
  rowNumber: number;
  name: string;
  idNumber: string;
  org: orgs.OrgRow;
  householdSize: number;
  amountFen: number;
  cause: string;
};

/**
 * Reads and checks an uploaded household list (relief:review at the batch's unit) and starts importing it: every bad
 * row is listed (IMPORT_ROWS_INVALID) and nothing is imported; a good file creates the batch and its cases.
 */
export async function uploadBatch(
  db: Db,
  ctx: Ctx,
  q: BatchUploadQuery,
  file: { fileName: string; buffer: Buffer },
): Promise<BatchImportView> {
  const batchOrg = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'relief:review', batchOrg.path);
  const kind = await getKind(db, q.kind);
  const sheet = await imports.readImportFile(ctx, file.buffer, batchColumns, maxBatchRows);
  const { errors } = sheet;
  const bad = (row: number, field: string, code = 'INVALID_VALUE', text?: Text) => {
    const t = text ?? ruleOf.get(field)!;
    errors.add(row, field, code, t.zh, t.en);
  };
  const units = new Map(
    (
      await orgs.orgsRepo.findOrgsByCodes(db, [...new Set(sheet.rows.map((r) => r.values.unitCode).filter(Boolean))])
    ).map((o) => [o.code!, o]),
  );
  const rows: BatchRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { rowNumber, values: v } of sheet.rows) {
    let ok = true;
    const name = v.name.trim();
    if (!name || [...name].length > 50) {
      bad(rowNumber, 'name');
      ok = false;
    }
    const id = validateIdNumber(v.idNumber.toUpperCase());
    let idNumber = '';
    if (!id.ok || id.value.length !== 18) {
      bad(rowNumber, 'idNumber', 'INVALID_ID_NUMBER');
      ok = false;
    } else {
      idNumber = id.value;
      const first = firstRowOf.get(idNumber);
      if (first) {
        bad(rowNumber, 'idNumber', 'DUPLICATE_IN_FILE', {
          zh: `与第 ${first} 行是同一户(身份证号重复)`,
          en: `the same household as row ${first} (repeated ID number)`,
        });
        ok = false;
      } else {
        firstRowOf.set(idNumber, rowNumber);
      }
    }
    const org = units.get(v.unitCode);
    if (!org || !caseUnitTypes.has(org.type) || !org.isActive) {
      bad(rowNumber, 'unitCode', 'NOT_FOUND', {
        zh: `找不到代码为 ${v.unitCode} 的村(社区)`,
        en: `no village or community has code ${v.unitCode}`,
      });
      ok = false;
    } else if (!org.path.startsWith(batchOrg.path) || !canAt(ctx.actor, 'relief:review', org.path)) {
      bad(rowNumber, 'unitCode', 'OUT_OF_SCOPE', {
        zh: `${org.name}不在本批次单位之下或超出您的管辖范围`,
        en: `${org.name} is not under the batch's unit or outside your scope`,
      });
      ok = false;
    }
    const size = Number(v.householdSize);
    if (!/^\d{1,2}$/.test(v.householdSize) || size < 1 || size > 30) {
      bad(rowNumber, 'householdSize');
      ok = false;
    }
    let amountFen = 0;
    try {
      amountFen = parseYuanToFen(v.amount);
    } catch {
      amountFen = 0;
    }
    if (amountFen <= 0) {
      bad(rowNumber, 'amount');
      ok = false;
    }
    const cause = v.cause.trim();
    if ([...cause].length < 2 || [...cause].length > 1000) {
      bad(rowNumber, 'cause');
      ok = false;
    }
    if (ok && org) {
      rows.push({ rowNumber, name, idNumber, org, householdSize: size, amountFen, cause });
    }
  }
  // A household with an open case of this kind anywhere is listed, not helped twice.
  for (const row of rows) {
    const person = await people.findPersonByIdNumber(db, row.idNumber);
    if (!person) {
      continue;
    }
    const open = (await repo.casesOfPeople(db, [person.id])).find(
      (c) => c.kind === kind.code && (openCaseStatusValues as readonly string[]).includes(c.status),
    );
    if (open) {
      bad(row.rowNumber, 'idNumber', 'OPEN_CASE', {
        zh: `该户已有正在办理的同类救助(${open.caseNo})`,
        en: `this household already has an open case of this kind (${open.caseNo})`,
      });
    }
  }
  imports.refuseBadRows(errors);
  const view = await imports.startImport(db, ctx, repo.batchImportRecords, {
    fileName: file.fileName,
    totalRows: rows.length,
    run: async (tx, { importId, report }) => {
      const now = new Date();
      const batch = await repo.insertBatch(tx, {
        regionId: batchOrg.regionId,
        id: crypto.randomUUID(),
        batchNo: newReliefNumber('B', now),
        title: q.title,
        kind: kind.code,
        orgId: batchOrg.id,
        causeCategory: q.causeCategory,
        importId,
        status: 'pending',
        caseCount: rows.length,
        totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
        largestFen: Math.max(...rows.map((r) => r.amountFen)),
        createdBy: whoIs(ctx),
      });
      const me = whoIs(ctx);
      const calendar = await services.loadCalendar(tx);
      for (const [i, row] of rows.entries()) {
        const { person } = await people.findOrRegisterPerson(tx, ctx, {
          orgId: row.org.id,
          name: row.name,
          idNumber: row.idNumber,
        });
        // The county compiled and checked the list: its cases start reviewed, with the listed amount recommended.
        const [c] = await repo.insertCases(tx, [
          newCaseRow(
            ctx,
            {
              kind,
              calendar,
              org: row.org,
              person,
              applicantName: row.name,
              householdSize: row.householdSize,
              causeCategory: q.causeCategory,
              causeText: row.cause,
              requestedFen: row.amountFen,
              materials: [],
              filedVia: 'batch',
              batchId: batch.id,
              status: 'reviewed',
              extra: {
                verifiedBy: me,
                verifiedAt: now,
                reviewedBy: me,
                reviewedAt: now,
                recommendedFen: row.amountFen,
              },
            },
            now,
          ),
        ]);
        await repo.insertEvents(tx, [
          {
            regionId: c.regionId,
            id: crypto.randomUUID(),
            caseId: c.id,
            event: 'reviewed',
            fromStatus: null,
            toStatus: 'reviewed',
            note: `批量救助 ${batch.batchNo}:${q.title}`,
            actorId: me,
            orgId: batchOrg.id,
          },
        ]);
        report(i + 1);
      }
      await recordAudit(tx, ctx, {
        action: 'relief_batch.imported',
        entityType: 'relief_batch',
        entityId: batch.id,
        orgId: batchOrg.id,
        regionId: batch.regionId,
        after: { batchNo: batch.batchNo, fileName: file.fileName, count: rows.length, totalFen: batch.totalFen },
      });
      return rows.length;
    },
  });
  return { ...view, batchId: null };
}

/** An upload's progress, and its batch once imported. */
export async function getBatchImport(db: Db, ctx: Ctx, importId: string): Promise<BatchImportView> {
  const view = await imports.getImport(db, ctx, repo.batchImportRecords, importId);
  const batch = view.status === 'done' ? await repo.findBatchByImport(db, importId) : undefined;
  return { ...view, batchId: batch?.id ?? null };
}

async function toBatchViews(db: Db, rows: repo.BatchRow[]): Promise<ReliefBatchView[]> {
  const counts = await repo.batchStatusCounts(
    db,
    rows.map((b) => b.id),
  );
  const names = await displayNamesOf(db, [...rows.map((b) => b.createdBy), ...rows.map((b) => b.approvedBy)]);
  const units = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((b) => b.orgId))])).map((o) => [o.id, o.name]),
  );
  const kinds = new Map((await repo.listKinds(db)).map((k) => [k.code, k]));
  return rows.map((b) => {
    const mine = counts.filter((c) => c.batchId === b.id);
    const kind = kinds.get(b.kind);
    return {
      id: b.id,
      batchNo: b.batchNo,
      title: b.title,
      kind: b.kind as ReliefKind,
      orgId: b.orgId,
      orgName: units.get(b.orgId) ?? '',
      status: b.status as ReliefBatchView['status'],
      caseCount: b.caseCount,
      totalFen: b.totalFen,
      largestFen: b.largestFen,
      requiredLevel: requiredLevel(kind ? toKindRules(kind).bands : [], b.totalFen),
      createdByName: names.get(b.createdBy) ?? b.createdBy,
      createdAt: b.createdAt.toISOString(),
      approvedByName: b.approvedBy ? (names.get(b.approvedBy) ?? b.approvedBy) : null,
      decidedAt: b.decidedAt?.toISOString() ?? null,
      decisionNote: b.decisionNote,
      statusCounts: Object.fromEntries(mine.map((c) => [c.status, c.n])),
      paidFen: mine.reduce((s, c) => s + c.paidFen, 0),
    };
  });
}

async function getBatch(db: Db, ctx: Ctx, id: string): Promise<{ batch: repo.BatchRow; org: orgs.OrgRow }> {
  const batch = await repo.findBatchById(db, id);
  if (!batch) {
    throw new AppError('NOT_FOUND', { entity: 'relief_batch', id });
  }
  const org = await orgs.getOrg(db, batch.orgId);
  assertSeesCase(ctx.actor, org.path);
  return { batch, org };
}

export async function viewBatch(db: Db, ctx: Ctx, id: string): Promise<ReliefBatchView> {
  const { batch } = await getBatch(db, ctx, id);
  return (await toBatchViews(db, [batch]))[0];
}

/** Batches in the caller's relief:review or relief:approve scope, newest first. */
export async function listBatches(
  db: Db,
  ctx: Ctx,
  q: { status?: string; limit: number; offset: number },
): Promise<{ items: ReliefBatchView[]; total: number }> {
  const col = repo.columns.batch;
  const perms = (['relief:review', 'relief:approve', 'funds:payout'] as const).filter((p) =>
    ctx.actor.kind === 'staff' ? ctx.actor.grants.some((g) => g.permissions.has(p)) : ctx.actor.kind === 'system',
  );
  if (perms.length === 0) {
    throw new AppError('FORBIDDEN', { permission: 'relief:review' });
  }
  const where: SQL[] = [or(...perms.map((p) => orgs.orgScopeCondition(col.orgId, ctx, p)))!];
  if (q.status) {
    where.push(eq(col.status, q.status));
  }
  const { rows, total } = await repo.listBatches(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toBatchViews(db, rows), total };
}

/**
 * One decision for the whole batch (relief:approve at its unit, never by the uploader). Approval needs the band of the
 * batch total (APPROVAL_BAND_EXCEEDED) and approves every household at its listed amount, putting each on notice;
 * rejection rejects every case with the note. One transaction: all or nothing.
 */
export async function decideBatch(db: Db, ctx: Ctx, id: string, input: DecideBatch): Promise<ReliefBatchView> {
  const { batch: found, org } = await getBatch(db, ctx, id);
  assertCanAt(ctx.actor, 'relief:approve', org.path);
  await db.transaction(async (tx) => {
    const batch = (await repo.lockBatch(tx, found.regionId, id))!;
    if (batch.status !== 'pending') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: input.decision, status: batch.status });
    }
    if (batch.createdBy === whoIs(ctx)) {
      throw new AppError('SAME_USER_APPROVAL', { reason: 'the approver uploaded this batch' });
    }
    const cases = await repo.casesOfBatch(tx, batch.id);
    for (const listed of cases) {
      const c = (await repo.lockCase(tx, listed.regionId, listed.id))!;
      if (c.status !== 'reviewed') {
        continue;
      }
      const caseOrg = await orgs.getOrg(tx, c.orgId);
      if (input.decision === 'approve') {
        await approveInTx(
          tx,
          ctx,
          c,
          caseOrg,
          { approvedFen: c.recommendedFen ?? c.requestedFen, note: input.note, overrideNote: input.overrideNote },
          { bandAmountFen: batch.totalFen },
        );
      } else {
        await advanceCase(tx, ctx, c, {
          to: 'rejected',
          event: 'rejected',
          note: input.note ?? null,
          patch: { decisionNote: input.note ?? null, decidedAt: new Date() },
          audit: { batchNo: batch.batchNo },
        });
      }
    }
    await repo.updateBatch(tx, batch, {
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      approvedBy: whoIs(ctx),
      decidedAt: new Date(),
      decisionNote: input.note ?? null,
    });
    await recordAudit(tx, ctx, {
      action: `relief_batch.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      entityType: 'relief_batch',
      entityId: batch.id,
      orgId: batch.orgId,
      regionId: batch.regionId,
      before: { status: batch.status },
      after: { status: input.decision === 'approve' ? 'approved' : 'rejected', totalFen: batch.totalFen },
    });
  });
  return viewBatch(db, ctx, id);
}

/** The batch's payout list (批量救助发放表): the households paid in this request, stored as the payouts' evidence. */
async function storeBatchForm(tx: Db, ctx: Ctx, batch: repo.BatchRow, cases: repo.CaseRow[]): Promise<string> {
  const [kind, org] = await Promise.all([getKind(tx, batch.kind), orgs.getOrg(tx, batch.orgId)]);
  const units = new Map(
    (await orgs.findOrgsByIds(tx, [...new Set(cases.map((c) => c.orgId))])).map((o) => [o.id, o.name]),
  );
  const names = await displayNamesOf(tx, [batch.createdBy, batch.approvedBy]);
  const pdf = await renderBatchForm({
    batchNo: batch.batchNo,
    title: batch.title,
    kindName: kind.name,
    unitName: org.name,
    createdBy: names.get(batch.createdBy) ?? batch.createdBy,
    approvedBy: batch.approvedBy ? (names.get(batch.approvedBy) ?? batch.approvedBy) : '',
    decidedAt: batch.decidedAt,
    households: cases.map((c) => ({
      caseNo: c.caseNo,
      name: c.applicantName,
      idNumberMasked: c.idNumberMasked ?? '',
      unitName: units.get(c.orgId) ?? '',
      householdSize: c.householdSize,
      amountFen: c.approvedFen!,
    })),
  });
  const file = await storeFile(tx, ctx, {
    purpose: 'relief_approval',
    name: `批量救助发放表-${batch.batchNo}.pdf`,
    bytes: pdf,
    contentType: 'application/pdf',
    orgId: batch.orgId,
  });
  return file.id;
}

/**
 * Requests one payout per household of an approved batch whose notice ended with no open objection (the rest are
 * listed as skipped). All in one transaction: FUND_INSUFFICIENT when the fund cannot cover them all, nothing written.
 */
export async function requestBatchPayouts(db: Db, ctx: Ctx, id: string, input: RequestReliefPayout) {
  const { batch } = await getBatch(db, ctx, id);
  if (batch.status !== 'approved') {
    throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'request_payout', status: batch.status });
  }
  return db.transaction(async (tx) => {
    const now = new Date();
    const skipped: { caseNo: string; code: string }[] = [];
    const ready: repo.CaseRow[] = [];
    for (const listed of await repo.casesOfBatch(tx, batch.id)) {
      const c = (await repo.lockCase(tx, listed.regionId, listed.id))!;
      if (c.status !== 'on_notice' && c.status !== 'approved') {
        if (c.status !== 'payout_requested' && c.status !== 'paid') {
          skipped.push({ caseNo: c.caseNo, code: 'TRANSITION_NOT_ALLOWED' });
        }
        continue;
      }
      if (c.noticeEndsAt && c.noticeEndsAt > now) {
        skipped.push({ caseNo: c.caseNo, code: 'NOTICE_PERIOD_RUNNING' });
      } else if ((await repo.countOpenObjections(tx, c.id)) > 0) {
        skipped.push({ caseNo: c.caseNo, code: 'OBJECTION_OPEN' });
      } else {
        ready.push(c);
      }
    }
    const totalFen = ready.reduce((s, c) => s + c.approvedFen!, 0);
    if (input.fundSource === 'donations' && ready.length > 0) {
      const balanceFen = await donations.fundBalanceOf(tx, input.fundId);
      if (totalFen > balanceFen) {
        throw new AppError('FUND_INSUFFICIENT', { field: 'fundId', balanceFen, amountFen: totalFen });
      }
    }
    let evidenceFileId = input.evidenceFileId;
    if (!evidenceFileId && ready.length > 0) {
      evidenceFileId = await storeBatchForm(tx, ctx, batch, ready);
    }
    for (const c of ready) {
      await requestPayoutLocked(tx, ctx, c, await orgs.getOrg(tx, c.orgId), { ...input, evidenceFileId });
    }
    await recordAudit(tx, ctx, {
      action: 'relief_batch.payouts_requested',
      entityType: 'relief_batch',
      entityId: batch.id,
      orgId: batch.orgId,
      regionId: batch.regionId,
      after: { requested: ready.length, totalFen, skipped: skipped.length, fundId: input.fundId },
    });
    return { requested: ready.length, totalFen, skipped };
  });
}

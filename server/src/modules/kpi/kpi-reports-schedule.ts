// Monthly evaluation reports: subscriptions (a unit's report to staff accounts and e-mail addresses, in xlsx, pdf or
// both) and the monthly run that generates last month's report for each, stores the files and queues the messages.
// The outbox carries text only: the files are stored (platform/files) for staff holding kpi:view at the unit, and the
// e-mail carries links that need sign-in; staff recipients find the report on the console's reports page.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf, findUserById } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { attachFiles, findStoredFileMeta, storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { actorId, assertCanAt, canAt, systemActor } from '../../platform/rbac/actor';
import { listActiveGrantsOnOrgs } from '../../platform/rbac/rbac.repo';
import { listRoles } from '../../platform/rbac/rbac.service';
import * as orgs from '../orgs/orgs.service';
import { buildWorkbook, loadReport, type ReportData, reportFileNames } from './kpi-reports';
import * as repo from './kpi-reports.repo';
import type {
  CreateSubscription,
  RecipientCandidate,
  RecipientView,
  RunView,
  SubscriptionView,
} from './kpi-reports.schemas';
import { summaryPdf } from './kpi-reports-pdf';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The ids on a unit's path (`1.5.23.` → [1, 5, 23]): the unit and its ancestors. */
const pathIds = (path: string) => path.split('.').filter(Boolean).map(Number);

/**
 * Staff who may receive a unit's report: accounts holding kpi:view at the unit or above (so they can open it), whose
 * grant lies inside the caller's kpi:manage scope. kpi:manage at the unit; throws NOT_FOUND, FORBIDDEN, OUT_OF_SCOPE.
 */
export async function listRecipientCandidates(db: Db, ctx: Ctx, orgId: number): Promise<RecipientCandidate[]> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'kpi:manage', org.path);
  const [grants, roles, units] = await Promise.all([
    listActiveGrantsOnOrgs(db, pathIds(org.path)),
    listRoles(db),
    orgs.findOrgsByIds(db, pathIds(org.path)),
  ]);
  const viewing = new Set(roles.filter((r) => r.permissions.includes('kpi:view')).map((r) => r.id));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const byUser = new Map<string, RecipientCandidate>();
  for (const g of grants) {
    const unit = unitOf.get(g.orgId);
    if (!viewing.has(g.roleId) || !unit || !canAt(ctx.actor, 'kpi:manage', unit.path) || byUser.has(g.userId)) {
      continue;
    }
    const user = await findUserById(db, g.userId);
    if (user?.isActive) {
      byUser.set(g.userId, {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        grantOrgName: unit.name,
      });
    }
  }
  return [...byUser.values()].sort((a, b) => a.username.localeCompare(b.username));
}

async function recipientViews(db: Db, recipients: repo.StoredRecipient[]): Promise<RecipientView[]> {
  const names = await displayNamesOf(
    db,
    recipients.map((r) => (r.kind === 'user' ? r.userId : null)),
  );
  return recipients.map((r) =>
    r.kind === 'user'
      ? { kind: 'user', userId: r.userId, email: null, label: names.get(r.userId) ?? r.userId }
      : { kind: 'email', userId: null, email: r.email, label: r.email },
  );
}

async function toSubscriptionView(
  db: Db,
  row: repo.SubscriptionRow,
  orgName: string,
  lastRun: repo.RunRow | undefined,
): Promise<SubscriptionView> {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    format: row.format as SubscriptionView['format'],
    depth: row.depth,
    recipients: await recipientViews(db, row.recipients),
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    lastRun: lastRun ? { year: lastRun.year, month: lastRun.month, sentAt: lastRun.createdAt.toISOString() } : null,
  };
}

/**
 * Subscribes recipients to a unit's monthly report (kpi:manage at the unit). Staff recipients must hold kpi:view at
 * the unit or above, inside the caller's scope (KPI_REPORT_RECIPIENT otherwise); repeated recipients count once.
 * One transaction with its audit row. Throws NOT_FOUND, FORBIDDEN, OUT_OF_SCOPE, KPI_REPORT_RECIPIENT.
 */
export async function createSubscription(db: Db, ctx: Ctx, input: CreateSubscription): Promise<SubscriptionView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'kpi:manage', org.path);
  const candidates = new Set((await listRecipientCandidates(db, ctx, org.id)).map((c) => c.userId));
  const recipients: repo.StoredRecipient[] = [];
  const seen = new Set<string>();
  for (const r of input.recipients) {
    const key = r.kind === 'user' ? `u:${r.userId}` : `e:${r.email}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    if (r.kind === 'user' && !candidates.has(r.userId)) {
      throw new AppError('KPI_REPORT_RECIPIENT', { userId: r.userId, orgId: org.id });
    }
    recipients.push(r.kind === 'user' ? { kind: 'user', userId: r.userId } : { kind: 'email', email: r.email });
  }
  const createdByName = ctx.actor.kind === 'staff' ? ctx.actor.displayName : '系统';
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertSubscription(tx, {
      id: crypto.randomUUID(),
      orgId: org.id,
      format: input.format,
      depth: input.depth,
      recipients,
      createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
      createdByName,
    });
    await recordAudit(tx, ctx, {
      action: 'kpi.report-subscription.created',
      entityType: 'kpi_report_subscription',
      entityId: created.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { format: created.format, depth: created.depth, recipients: recipients.length },
    });
    return created;
  });
  return toSubscriptionView(db, row, org.name, undefined);
}

/** Active subscriptions under a unit (kpi:manage there), or everywhere in the caller's kpi:manage scope. */
export async function listSubscriptions(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<SubscriptionView[]> {
  let where = orgs.orgScopeCondition(repo.columns.subscriptionOrgId, ctx, 'kpi:manage');
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'kpi:manage', org.path);
    where = orgs.orgUnderCondition(repo.columns.subscriptionOrgId, org.path);
  }
  const rows = await repo.listActiveSubscriptions(db, where);
  const [units, last] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
    repo.latestRuns(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return Promise.all(
    rows.map((r) =>
      toSubscriptionView(
        db,
        r,
        units.find((u) => u.id === r.orgId)?.name ?? '',
        last.find((l) => l.subscriptionId === r.id),
      ),
    ),
  );
}

/** Ends a subscription (kpi:manage at its unit); past runs stay listed. Audited. Throws NOT_FOUND, OUT_OF_SCOPE. */
export async function cancelSubscription(db: Db, ctx: Ctx, id: string): Promise<void> {
  const row = await repo.findSubscription(db, id);
  if (!row || row.cancelledAt) {
    throw new AppError('NOT_FOUND', { entity: 'kpi_report_subscription', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, 'kpi:manage', org.path);
  await db.transaction(async (tx) => {
    if (!(await repo.cancelSubscription(tx, id, new Date()))) {
      throw new AppError('NOT_FOUND', { entity: 'kpi_report_subscription', id });
    }
    await recordAudit(tx, ctx, {
      action: 'kpi.report-subscription.cancelled',
      entityType: 'kpi_report_subscription',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: { format: row.format, recipients: row.recipients.length },
    });
  });
}

/** Reports sent for units under a unit (kpi:view there), or everywhere in the caller's kpi:view scope; newest first. */
export async function listRuns(db: Db, ctx: Ctx, q: { orgId?: number; limit: number }): Promise<RunView[]> {
  let where = orgs.orgScopeCondition(repo.columns.runOrgId, ctx, 'kpi:view');
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'kpi:view', org.path);
    where = orgs.orgUnderCondition(repo.columns.runOrgId, org.path);
  }
  const rows = await repo.listRuns(db, where, q.limit);
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const me = actorId(ctx.actor);
  return Promise.all(
    rows.map(async (r) => {
      const files: RunView['files'] = [];
      for (const [kind, fileId] of [
        ['xlsx', r.xlsxFileId],
        ['pdf', r.pdfFileId],
      ] as const) {
        const meta = fileId ? await findStoredFileMeta(db, fileId) : undefined;
        if (fileId && meta) {
          files.push({ kind, fileId, name: meta.name, sizeBytes: Number(meta.sizeBytes) });
        }
      }
      return {
        id: r.id,
        subscriptionId: r.subscriptionId,
        orgId: r.orgId,
        orgName: units.find((u) => u.id === r.orgId)?.name ?? '',
        year: r.year,
        month: r.month,
        format: r.format as RunView['format'],
        recipients: await recipientViews(db, r.recipients),
        messagesQueued: r.messagesQueued,
        isMine: r.recipients.some((x) => x.kind === 'user' && x.userId === me),
        files,
        sentAt: r.createdAt.toISOString(),
      };
    }),
  );
}

// -------------------------------------------------------------------------------------------------- the monthly run

/** China wall-clock parts of an instant. */
function chinaParts(at: Date) {
  const wall = new Date(at.getTime() + 8 * 3_600_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
  };
}

/** The hour (China time) on the 1st of each month from which last month's reports go out. */
export const monthlySendHour = 8;

/**
 * The month whose report is due at `now`, and the moment it became due (the 1st of the next month, 08:00 China time);
 * null before that moment in the current month's first day.
 */
export function dueReportMonth(now: Date): { year: number; month: number; dueAt: Date } | null {
  const c = chinaParts(now);
  if (c.day === 1 && c.hour < monthlySendHour) {
    return null;
  }
  const dueAt = new Date(Date.UTC(c.year, c.month - 1, 1, monthlySendHour - 8));
  return c.month === 1 ? { year: c.year - 1, month: 12, dueAt } : { year: c.year, month: c.month - 1, dueAt };
}

export type MonthlyRunResult = {
  year: number | null;
  month: number | null;
  sent: string[];
  failed: { subscriptionId: string; error: string }[];
};

function messageBody(data: ReportData, links: { label: string; url: string }[], consoleUrl: string, by: string) {
  const root = data.rows[0]?.unit;
  const count = (s: string) => root?.figures.filter((f) => f.status === s).length ?? 0;
  return [
    `${data.org.name}${data.year}年${data.asOfMonth}月(截至${data.asOfMonth}月末)的考核评估报告已生成。`,
    `主要指标:已完成 ${count('achieved')} 项,进度正常 ${count('on_track')} 项,落后 ${count('behind')} 项。`,
    ...links.map((l) => `${l.label}:${l.url}`),
    `链接需登录博爱平台后打开(须有该单位的指标查看权限);也可在控制台“考核报告”页查看:${consoleUrl}`,
    `本邮件由 ${by} 订阅的月度报告自动发送。`,
  ].join('\n');
}

/**
 * Sends last month's report for every active subscription created before it fell due (the 1st, 08:00 China time) that
 * has none yet: builds the workbook and/or PDF as the system, stores them for kpi:view at the unit, and queues an
 * e-mail with sign-in links to each address; staff recipients read it on the reports page. One transaction per
 * subscription with its audit row; the run's unique key (subscription, year, month) makes a second pass send nothing.
 * A subscription that fails (its unit gone) is reported and retried on the next pass.
 */
export async function sendMonthlyReports(db: Db, now: Date, opts: { publicUrl: string }): Promise<MonthlyRunResult> {
  const due = dueReportMonth(now);
  if (!due) {
    return { year: null, month: null, sent: [], failed: [] };
  }
  const ctx: Ctx = { actor: systemActor('kpi.monthly-reports'), requestId: null, ip: null, locale: 'zh' };
  const result: MonthlyRunResult = { year: due.year, month: due.month, sent: [], failed: [] };
  for (const sub of await repo.listSubscriptionsDue(db, due.year, due.month, due.dueAt)) {
    try {
      const query = { orgId: sub.orgId, year: due.year, month: due.month };
      const data = await loadReport(db, ctx, { ...query, depth: sub.depth });
      const xlsx = sub.format === 'pdf' ? null : await buildWorkbook(data);
      const pdf = sub.format === 'xlsx' ? null : (await summaryPdf(db, ctx, query)).buffer;
      const org = await orgs.getOrg(db, sub.orgId);
      const sent = await db.transaction(async (tx) => {
        const run = await repo.insertRun(tx, {
          id: crypto.randomUUID(),
          subscriptionId: sub.id,
          orgId: sub.orgId,
          year: due.year,
          month: due.month,
          format: sub.format,
          recipients: sub.recipients,
        });
        if (!run) {
          return false;
        }
        const stored = async (bytes: Buffer | null, kind: 'xlsx' | 'pdf') => {
          if (!bytes) {
            return null;
          }
          const meta = await storeFile(tx, ctx, {
            purpose: 'kpi-report',
            name: reportFileNames(data, kind).fileName,
            bytes,
            contentType: kind === 'xlsx' ? xlsxType : 'application/pdf',
          });
          return meta.id;
        };
        const xlsxFileId = await stored(xlsx, 'xlsx');
        const pdfFileId = await stored(pdf, 'pdf');
        const fileIds = [xlsxFileId, pdfFileId].filter((id): id is string => id !== null);
        await attachFiles(tx, ctx, fileIds, { orgId: org.id, readPermission: 'kpi:view', purpose: 'kpi-report' });
        await repo.setRunFiles(tx, run.id, { xlsxFileId, pdfFileId });
        const links = [
          ...(xlsxFileId ? [{ label: '年度考核评估表(Excel)', url: `${opts.publicUrl}/api/files/${xlsxFileId}` }] : []),
          ...(pdfFileId ? [{ label: '工作评估摘要(PDF)', url: `${opts.publicUrl}/api/files/${pdfFileId}` }] : []),
        ];
        let queued = 0;
        for (const r of sub.recipients) {
          if (r.kind !== 'email') {
            continue;
          }
          const id = await queueMessage(tx, {
            channel: 'email',
            to: r.email,
            template: 'kpi.monthly-report',
            subject: `【博爱】${org.name}${due.year}年${due.month}月考核评估报告`,
            body: messageBody(data, links, `${opts.publicUrl}/console/kpi/reports`, sub.createdByName),
            dedupeKey: `kpi.report:${sub.id}:${due.year}-${due.month}:${r.email}`,
          });
          queued += id ? 1 : 0;
        }
        await repo.setRunMessages(tx, run.id, queued);
        await recordAudit(tx, ctx, {
          action: 'kpi.report.sent',
          entityType: 'kpi_report_run',
          entityId: run.id,
          orgId: org.id,
          regionId: org.regionId,
          after: { subscriptionId: sub.id, year: due.year, month: due.month, format: sub.format, messages: queued },
        });
        return true;
      });
      if (sent) {
        result.sent.push(sub.id);
      }
    } catch (error) {
      result.failed.push({ subscriptionId: sub.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

// 信息公开 obligations as timers (DOMAIN.md, configurable): a project longer than 6 months (or open-ended) owes a
// report at least every 3 months; a project with an end date owes a full report within 3 months of the end; every
// payout owes a use-of-funds report within a month. Gifts and payouts themselves are disclosed the moment they are
// recorded (the daily disclosure reads the ledgered rows), so these obligations are the written reports.
// Overdue ones are alerted to the unit's contact and shown to the public as overdue. A published text is never
// edited: a correction is a new, linked disclosure, and every publication's SHA-256 is a public ledger entry.
import crypto from 'node:crypto';
import { eq, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { queueMessage } from '../../platform/notify/notify.service';
import { actorId, actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { DisclosureView } from './donations.schemas';
import { getProjectByCode, viewPublicProject } from './donations.service';

export type DisclosureRules = {
  /** Projects longer than this (or without an end) report periodically. */
  longProjectMonths: number;
  periodicMonths: number;
  finalWithinMonths: number;
  useOfFundsWithinDays: number;
};

export const defaultDisclosureRules: DisclosureRules = {
  longProjectMonths: 6,
  periodicMonths: 3,
  finalWithinMonths: 3,
  useOfFundsWithinDays: 30,
};

/** Adds calendar months to an Asia/Shanghai date (YYYY-MM-DD), returning the instant that day ends there. */
function endOfChinaDayAfterMonths(date: string, months: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, d));
  const iso = target.toISOString().slice(0, 10);
  return new Date(new Date(`${iso}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}

function monthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1) + (d2 - d1) / 31;
}

function statusOf(d: repo.DisclosureRow, now = new Date()): DisclosureView['status'] {
  if (d.publishedAt) {
    return d.publishedAt.getTime() <= d.dueAt.getTime() ? 'published' : 'published_late';
  }
  return now.getTime() > d.dueAt.getTime() ? 'overdue' : 'due';
}

async function toViews(db: Db, rows: repo.DisclosureRow[]): Promise<DisclosureView[]> {
  const projects = new Map(
    (await repo.findProjectsByIds(db, [...new Set(rows.map((r) => r.projectId))])).map((p) => [p.id, p]),
  );
  return rows.map((d) => ({
    id: d.id,
    projectId: d.projectId,
    projectCode: projects.get(d.projectId)?.code ?? '',
    projectName: projects.get(d.projectId)?.name ?? '',
    orgId: d.orgId,
    kind: d.kind as DisclosureView['kind'],
    subject: d.subject,
    dueAt: d.dueAt.toISOString(),
    status: statusOf(d),
    title: d.title,
    body: d.body,
    figures: d.figures ?? null,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    bodySha256: d.bodySha256,
    correctsId: d.correctsId,
    ledgerIndex: d.ledgerIndex,
  }));
}

/** Creates the obligations each project has incurred up to `now` (idempotent: one row per obligation key). */
export async function scheduleDisclosures(
  db: Db,
  rules: DisclosureRules = defaultDisclosureRules,
  now = new Date(),
): Promise<number> {
  let created = 0;
  const today = now.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  for (const p of await repo.listProjectsNeedingTimers(db)) {
    const base = { projectId: p.id, orgId: p.orgId };
    const isLong = p.endsOn === null || monthsBetween(p.startsOn, p.endsOn) > rules.longProjectMonths;
    if (isLong) {
      // Every period that has begun by today owes its report at the period's end.
      const last = p.endsOn && p.endsOn < today ? p.endsOn : today;
      for (let k = 1; monthsBetween(p.startsOn, last) >= (k - 1) * rules.periodicMonths; k++) {
        const dueAt = endOfChinaDayAfterMonths(p.startsOn, k * rules.periodicMonths);
        const inserted = await repo.insertObligation(db, {
          id: crypto.randomUUID(),
          ...base,
          kind: 'periodic',
          subject: `第 ${k} 期(每 ${rules.periodicMonths} 个月)`,
          obligationKey: `periodic:${k}`,
          dueAt,
        });
        created += inserted ? 1 : 0;
        if (p.endsOn && dueAt.toISOString().slice(0, 10) >= p.endsOn) {
          break;
        }
      }
    }
    if (p.endsOn) {
      created += (await repo.insertObligation(db, {
        id: crypto.randomUUID(),
        ...base,
        kind: 'final',
        subject: `项目结束(${p.endsOn})后的全面公示`,
        obligationKey: 'final',
        dueAt: endOfChinaDayAfterMonths(p.endsOn, rules.finalWithinMonths),
      }))
        ? 1
        : 0;
    }
    const fund = p.fundKind === 'restricted' ? await repo.findProjectFund(db, p.id) : undefined;
    for (const payout of fund ? await repo.paidPayoutsOfFund(db, fund.id) : []) {
      created += (await repo.insertObligation(db, {
        id: crypto.randomUUID(),
        ...base,
        kind: 'use_of_funds',
        subject: `拨付 ${payout.payoutNo}(${payout.purpose})的使用情况`,
        obligationKey: `payout:${payout.payoutNo}`,
        dueAt: new Date(payout.decidedAt!.getTime() + rules.useOfFundsWithinDays * 86_400_000),
      }))
        ? 1
        : 0;
    }
  }
  return created;
}

/** Tells each unit's contact about its obligations that just went overdue (once each); returns how many. */
export async function alertOverdueDisclosures(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const overdue = await repo.listNewlyOverdue(tx, now, 200);
    for (const d of overdue) {
      const org = await orgs.getOrg(tx, d.orgId);
      const project = (await repo.findProjectById(tx, d.projectId))!;
      if (org.contactPhone) {
        await queueMessage(tx, {
          channel: 'sms',
          to: org.contactPhone,
          template: 'disclosure.overdue',
          body: `【博爱】${org.name}:项目"${project.name}"的信息公开(${d.subject})已逾期,公众页面显示为"逾期未公示",请尽快发布。`,
          dedupeKey: `disclosure.overdue:${d.id}`,
        });
      }
      await repo.updateDisclosure(tx, d.id, { overdueAlertedAt: now });
    }
    return overdue.length;
  });
}

export function defineDisclosureJobs(rules: DisclosureRules = defaultDisclosureRules): void {
  defineJob(
    'donations.disclosure-timers',
    async (db) => {
      await scheduleDisclosures(db, rules);
      await alertOverdueDisclosures(db);
    },
    { everyMs: 60 * 60_000 },
  );
}

function figuresOf(p: Awaited<ReturnType<typeof viewPublicProject>>): Record<string, number> {
  return { raisedFen: p.raisedFen, spentFen: p.spentFen, donationCount: p.donationCount };
}

const sha256 = (title: string, body: string) =>
  crypto.createHash('sha256').update(`${title}\n${body}`, 'utf8').digest('hex');

/** Publishes a due (or overdue) disclosure: the text, the project's figures now, and its hash in the ledger. */
export async function publishDisclosure(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { title: string; body: string },
): Promise<DisclosureView> {
  const found = await repo.findDisclosure(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'disclosure', id });
  }
  assertCanAt(ctx.actor, 'donations:manage', (await orgs.getOrg(db, found.orgId)).path);
  const project = (await repo.findProjectById(db, found.projectId))!;
  const figures = figuresOf(await viewPublicProject(db, project.code));
  const row = await db.transaction(async (tx) => {
    const d = (await repo.lockDisclosure(tx, id))!;
    if (d.publishedAt) {
      throw new AppError('NOT_PENDING', { status: 'published', hint: 'publish a correction instead' });
    }
    const at = new Date();
    const hash = sha256(input.title, input.body);
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'disclosure.published',
      facts: {
        v: 1,
        project: project.code,
        obligation: d.obligationKey,
        sha256: hash,
        onTime: at.getTime() <= d.dueAt.getTime(),
        at: at.toISOString(),
      },
    });
    const after = await repo.updateDisclosure(tx, id, {
      title: input.title,
      body: input.body,
      figures,
      publishedAt: at,
      publishedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
      bodySha256: hash,
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'disclosure.published',
      entityType: 'disclosure',
      entityId: id,
      orgId: d.orgId,
      regionId: project.regionId,
      after: { kind: d.kind, subject: d.subject, sha256: hash, ledgerIndex: index },
    });
    return after;
  });
  return (await toViews(db, [row]))[0];
}

/** Publishes a correction notice for a published disclosure; the original stays as it was. */
export async function correctDisclosure(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { title: string; body: string; reason: string },
): Promise<DisclosureView> {
  const original = await repo.findDisclosure(db, id);
  if (!original) {
    throw new AppError('NOT_FOUND', { entity: 'disclosure', id });
  }
  assertCanAt(ctx.actor, 'donations:manage', (await orgs.getOrg(db, original.orgId)).path);
  if (!original.publishedAt) {
    throw new AppError('NOT_PENDING', { status: 'unpublished', hint: 'publish it first' });
  }
  const project = (await repo.findProjectById(db, original.projectId))!;
  const figures = figuresOf(await viewPublicProject(db, project.code));
  const row = await db.transaction(async (tx) => {
    const at = new Date();
    const body = `${input.body}\n\n更正原因:${input.reason}`;
    const hash = sha256(input.title, body);
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'disclosure.corrected',
      facts: { v: 1, project: project.code, corrects: original.bodySha256, sha256: hash, at: at.toISOString() },
    });
    const created = await repo.insertDisclosure(tx, {
      id: crypto.randomUUID(),
      projectId: original.projectId,
      orgId: original.orgId,
      kind: 'correction',
      subject: `更正:${original.title ?? original.subject}`,
      obligationKey: `correction:${crypto.randomUUID()}`,
      dueAt: at,
      title: input.title,
      body,
      figures,
      publishedAt: at,
      publishedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
      bodySha256: hash,
      correctsId: original.id,
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'disclosure.corrected',
      entityType: 'disclosure',
      entityId: created.id,
      orgId: original.orgId,
      regionId: project.regionId,
      after: { corrects: original.id, sha256: hash, reason: input.reason },
    });
    return created;
  });
  return (await toViews(db, [row]))[0];
}

export async function listDisclosures(
  db: Db,
  ctx: Ctx,
  q: { orgId?: number; projectId?: number; status?: 'due' | 'overdue' | 'published'; limit: number; offset: number },
) {
  const c = repo.disclosureColumns;
  const where: SQL[] = [orgs.orgScopeCondition(c.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(c.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.projectId) {
    where.push(eq(c.projectId, q.projectId));
  }
  const now = new Date();
  if (q.status === 'published') {
    where.push(isNotNull(c.publishedAt));
  }
  if (q.status === 'due') {
    where.push(isNull(c.publishedAt));
  }
  if (q.status === 'overdue') {
    where.push(isNull(c.publishedAt), lt(c.dueAt, now));
  }
  const { rows, total } = await repo.listDisclosures(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toViews(db, rows), total };
}

/** A project's disclosures as the public sees them: what was published (and corrected), and what is overdue. */
export async function listPublicDisclosures(db: Db, code: string) {
  const project = await getProjectByCode(db, code);
  if (project.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  const { rows } = await repo.listDisclosures(db, {
    where: [eq(repo.disclosureColumns.projectId, project.id)],
    limit: 200,
    offset: 0,
  });
  const now = Date.now();
  return toViews(
    db,
    rows.filter((r) => r.publishedAt || r.dueAt.getTime() < now),
  );
}

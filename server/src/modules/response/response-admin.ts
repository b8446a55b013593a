// Administration of 救在身边: the responder list, the 120 centres' dispatch API keys, statistics, and the follow-ups
// sent to everyone who went.
import crypto from 'node:crypto';
import { and, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { assertCanAt, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './response.repo';
import type {
  DispatchKeyView,
  Followup,
  FollowupAnswers,
  ResponderListQuery,
  ResponseStats,
  StatsQuery,
} from './response.schemas';
import { addTimeline, publish, randomToken, responseSettings, sha256, toResponderView } from './response-core';
import { followupLink } from './response-emergencies';

// ------------------------------------------------------------------------------------------------ responders

export async function listResponders(db: Db, ctx: Ctx, q: ResponderListQuery) {
  const conds: SQL[] = [orgs.orgScopeCondition(repo.responderOrgColumn, ctx, 'response:manage')];
  if (q.onCall !== undefined) {
    conds.push(sql`on_call = ${q.onCall}`);
  }
  const { items, total } = await repo.listResponders(db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  const [positions, units] = await Promise.all([
    repo.findPositions(
      db,
      items.map((r) => r.id),
    ),
    orgs.findOrgsByIds(db, [...new Set(items.map((r) => r.orgId))]),
  ]);
  const pos = new Map(positions.map((p) => [p.responderId, p]));
  const names = new Map(units.map((o) => [o.id, o.name]));
  return {
    items: items.map((r) => ({
      ...toResponderView(r, pos.get(r.id)),
      nameMasked: r.holderNameMasked,
      phoneMasked: r.phoneMasked,
      orgName: names.get(r.orgId) ?? '',
    })),
    total: Number(total),
  };
}

// ------------------------------------------------------------------------------------------------ dispatch keys

async function toKeyViews(db: Db, rows: repo.DispatchKeyRow[]): Promise<DispatchKeyView[]> {
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orgId: r.orgId,
    orgName: names.get(r.orgId) ?? '',
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

export async function listDispatchKeys(db: Db, ctx: Ctx): Promise<DispatchKeyView[]> {
  return toKeyViews(
    db,
    await repo.listDispatchKeys(db, orgs.orgScopeCondition(repo.dispatchKeyOrgColumn, ctx, 'response:manage')),
  );
}

/** Issues a key for a 120 centre at a unit in scope; the secret is returned once and only its SHA-256 is kept. */
export async function createDispatchKey(db: Db, ctx: Ctx, input: { name: string; orgId: number }) {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'response:manage', org.path);
  const id = crypto.randomUUID();
  const secret = crypto.randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const row = await repo.insertDispatchKey(tx, {
      id,
      name: input.name,
      orgId: org.id,
      secretHash: sha256(secret),
      createdBy: ctx.actor.kind === 'staff' ? ctx.actor.username : 'system',
    });
    await recordAudit(tx, ctx, {
      action: 'dispatch_key.created',
      entityType: 'dispatch_key',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      after: { name: input.name },
    });
    const [view] = await toKeyViews(tx, [row]);
    return { ...view, key: `${id}.${secret}` };
  });
}

export async function revokeDispatchKey(db: Db, ctx: Ctx, id: string): Promise<DispatchKeyView> {
  const row = await repo.findDispatchKey(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'dispatch_key', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, 'response:manage', org.path);
  if (row.revokedAt) {
    throw new AppError('CONFLICT', { revokedAt: row.revokedAt.toISOString() });
  }
  return db.transaction(async (tx) => {
    const updated = await repo.updateDispatchKey(tx, id, { revokedAt: new Date() });
    await recordAudit(tx, ctx, {
      action: 'dispatch_key.revoked',
      entityType: 'dispatch_key',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
    });
    return (await toKeyViews(tx, [updated]))[0];
  });
}

/**
 * The key behind `Authorization: Bearer <keyId>.<secret>` (constant-time compare of the secret's hash); a missing,
 * malformed, unknown, wrong or revoked key is DISPATCH_KEY_INVALID alike. Records when it was last used.
 */
export async function authenticateDispatchKey(db: Db, header: string | undefined): Promise<repo.DispatchKeyRow> {
  const m = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(header?.trim() ?? '');
  const row = m ? await repo.findDispatchKey(db, m[1]) : undefined;
  const given = Buffer.from(sha256(m?.[2] ?? ''));
  const expected = Buffer.from(row?.secretHash ?? sha256('-'));
  if (!m || !row || !crypto.timingSafeEqual(given, expected) || row.revokedAt) {
    throw new AppError('DISPATCH_KEY_INVALID');
  }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await repo.updateDispatchKey(db, row.id, { lastUsedAt: new Date() });
  }
  return row;
}

export function dispatchCtx(key: repo.DispatchKeyRow, base: Ctx): Ctx {
  return { ...base, actor: systemActor(`dispatch:${key.name}`) };
}

// ------------------------------------------------------------------------------------------------ statistics

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) {
    return null;
  }
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return Math.round(sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo));
}

function histogram(values: number[], edges: number[], label: (a: number, b: number | null) => string) {
  return edges.map((edge, i) => {
    const next = edges[i + 1] ?? null;
    return { bucket: label(edge, next), count: values.filter((v) => v >= edge && (next === null || v < next)).length };
  });
}

const secondsLabel = (a: number, b: number | null) => (b === null ? `≥${a}s` : `${a}–${b}s`);
const minutesLabel = (a: number, b: number | null) => (b === null ? `≥${a / 60}min` : `${a / 60}–${b / 60}min`);

/** Time to first acceptance and to first arrival, outcomes, responders enrolled / on call, by unit. */
export async function responseStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<ResponseStats> {
  let scope: SQL = orgs.orgScopeCondition(repo.emergencyOrgColumn, ctx, 'response:manage');
  let responderScope: SQL = orgs.orgScopeCondition(repo.responderOrgColumn, ctx, 'response:manage');
  if (q.orgId !== undefined) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'response:manage', org.path);
    scope = orgs.orgUnderCondition(repo.emergencyOrgColumn, org.path);
    responderScope = orgs.orgUnderCondition(repo.responderOrgColumn, org.path);
  }
  const conds: SQL[] = [scope];
  if (q.from) {
    conds.push(sql`${repo.emergencyColumns.raisedAt} >= ${`${q.from}T00:00:00+08:00`}::timestamptz`);
  }
  if (q.to) {
    conds.push(sql`${repo.emergencyColumns.raisedAt} < (${`${q.to}T00:00:00+08:00`}::timestamptz + interval '1 day')`);
  }
  const [rows, byOrg] = await Promise.all([
    repo.listEmergenciesForStats(db, and(...conds)!),
    repo.countRespondersByOrg(db, responderScope),
  ]);
  const accept = rows
    .filter((r) => r.firstAcceptedAt)
    .map((r) => (r.firstAcceptedAt!.getTime() - r.raisedAt.getTime()) / 1000)
    .sort((a, b) => a - b);
  const arrival = rows
    .filter((r) => r.firstArrivedAt)
    .map((r) => (r.firstArrivedAt!.getTime() - r.raisedAt.getTime()) / 1000)
    .sort((a, b) => a - b);
  const outcomes = new Map<string, number>();
  for (const r of rows) {
    const result = (r.outcome as { result?: string } | null)?.result;
    if (result) {
      outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
    }
  }
  const units = new Map<number, { emergencies: number; respondersEnrolled: number; respondersOnCall: number }>();
  const unit = (id: number) =>
    units.get(id) ?? units.set(id, { emergencies: 0, respondersEnrolled: 0, respondersOnCall: 0 }).get(id)!;
  for (const r of rows) {
    unit(r.orgId).emergencies++;
  }
  for (const o of byOrg) {
    unit(o.orgId).respondersEnrolled = Number(o.enrolled);
    unit(o.orgId).respondersOnCall = Number(o.onCall);
  }
  const names = new Map((await orgs.findOrgsByIds(db, [...units.keys()])).map((o) => [o.id, o.name]));
  return {
    emergencies: rows.length,
    withAcceptance: accept.length,
    medianFirstAcceptSeconds: quantile(accept, 0.5),
    p90FirstAcceptSeconds: quantile(accept, 0.9),
    medianArrivalSeconds: quantile(arrival, 0.5),
    p90ArrivalSeconds: quantile(arrival, 0.9),
    firstAcceptHistogram: histogram(accept, [0, 15, 30, 60, 120, 300], secondsLabel),
    arrivalHistogram: histogram(arrival, [0, 120, 240, 360, 480, 600], minutesLabel),
    outcomes: [...outcomes].map(([result, count]) => ({ result, count })).sort((a, b) => b.count - a.count),
    respondersOnCall: byOrg.reduce((n, o) => n + Number(o.onCall), 0),
    respondersEnrolled: byOrg.reduce((n, o) => n + Number(o.enrolled), 0),
    byUnit: [...units]
      .map(([orgId, u]) => ({ orgId, orgName: names.get(orgId) ?? '', ...u }))
      .sort((a, b) => b.emergencies - a.emergencies || b.respondersEnrolled - a.respondersEnrolled),
  };
}

// ------------------------------------------------------------------------------------------------ follow-ups

const followupCtx: Ctx = { actor: systemActor('response.followup'), requestId: null, ip: null, locale: 'zh' };

/** Sends the follow-up to every responder who went (accepted): an SMS with a personal link; once per alert. */
export async function sendFollowups(db: Db, regionId: number, emergencyId: string): Promise<number> {
  const e = await repo.findEmergencyById(db, emergencyId);
  if (!e || e.regionId !== regionId) {
    return 0;
  }
  const went = (await repo.listAlertsOfEmergency(db, regionId, emergencyId)).filter((a) => a.role && a.answeredAt);
  const responders = new Map(
    (
      await repo.findRespondersByIds(
        db,
        went.map((a) => a.responderId),
      )
    ).map((r) => [r.id, r]),
  );
  const now = new Date();
  let sent = 0;
  for (const a of went) {
    const r = responders.get(a.responderId);
    if (!r) {
      continue;
    }
    const token = randomToken();
    const [row] = await repo.insertFollowups(db, [
      {
        regionId,
        id: crypto.randomUUID(),
        tokenHash: sha256(token),
        emergencyId,
        alertId: a.id,
        responderId: r.id,
        sentAt: now,
      },
    ]);
    if (!row) {
      continue;
    }
    await queueMessage(db, {
      channel: 'sms',
      to: pii().decrypt(r.phoneEnc),
      template: 'response.followup',
      body: `【博爱·救在身边】感谢您参与急救(${e.number})。您现在还好吗?请花一分钟告诉我们:${followupLink(token)} 如需倾诉,可拨打心理援助热线 ${responseSettings.counsellingPhone}。`,
      dedupeKey: `response.followup:${a.id}`,
    });
    sent++;
  }
  if (sent > 0) {
    await publish(
      db,
      await addTimeline(db, e, [
        { at: now, kind: 'followup_sent', text: `已向 ${sent} 名应答者发送回访`, data: { n: sent } },
      ]),
    );
    await recordAudit(db, followupCtx, {
      action: 'emergency.followups_sent',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: { n: sent },
    });
  }
  return sent;
}

async function getFollowup(db: Db, token: string) {
  const f = await repo.findFollowupByTokenHash(db, sha256(token));
  const e = f ? await repo.findEmergencyById(db, f.emergencyId) : undefined;
  if (!f || !e) {
    throw new AppError('NOT_FOUND', { entity: 'followup' });
  }
  return { f, e };
}

function toFollowup(token: string, f: repo.FollowupRow, e: repo.EmergencyRow): Followup {
  return {
    token,
    emergencyNumber: e.number,
    sentAt: f.sentAt.toISOString(),
    answeredAt: f.answeredAt?.toISOString() ?? null,
    answers: (f.answers as Followup['answers']) ?? null,
    counsellingPhone: responseSettings.counsellingPhone,
  };
}

export async function viewFollowup(db: Db, token: string): Promise<Followup> {
  const { f, e } = await getFollowup(db, token);
  return toFollowup(token, f, e);
}

/**
 * Records the answers once (CONFLICT when answered already). Struggling or asking for a counsellor flags the
 * emergency (needsCare) and tells the unit by SMS at its contact phone.
 */
export async function answerFollowup(db: Db, ctx: Ctx, token: string, answers: FollowupAnswers): Promise<Followup> {
  const { f, e } = await getFollowup(db, token);
  return db.transaction(async (tx) => {
    const now = new Date();
    const row = await repo.answerFollowup(tx, f, answers, now);
    if (!row) {
      throw new AppError('CONFLICT', { answeredAt: f.answeredAt?.toISOString() });
    }
    const needsCare = answers.wellbeing === 'struggling' || answers.wantsCounselling;
    if (needsCare && !e.needsCare) {
      await repo.updateEmergency(tx, e, { needsCare: true });
    }
    if (needsCare) {
      const org = await orgs.findOrgById(tx, e.orgId);
      if (org?.contactPhone) {
        await queueMessage(tx, {
          channel: 'sms',
          to: org.contactPhone,
          template: 'response.followup_care',
          body: `【博爱·救在身边】急救事件 ${e.number} 的一名应答者在回访中表示需要关怀${answers.wantsCounselling ? '(希望与心理咨询师交谈)' : ''},请尽快联系。`,
          dedupeKey: `response.followup_care:${f.id}`,
        });
      }
    }
    const [r] = await repo.findRespondersByIds(tx, [f.responderId]);
    await publish(
      tx,
      await addTimeline(tx, e, [
        {
          at: now,
          kind: 'followup_answered',
          text: `${r?.holderNameMasked ?? '应答者'} 回复回访${needsCare ? ':需要关怀' : ''}`,
          data: { needsCare, wellbeing: answers.wellbeing },
        },
      ]),
    );
    await recordAudit(tx, ctx, {
      action: 'followup.answered',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: { needsCare, wellbeing: answers.wellbeing },
    });
    return toFollowup(token, row, e);
  });
}

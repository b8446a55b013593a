// Membership dues (会费): yearly amounts and shares up the tree per province, payments by staff for 1–5 years with
// a dues receipt (会费收据, its own numbering, never a donation receipt nor in the donation ledger), the daily lapse
// sweep with its reminder, and reinstatement of a lapsed member by paying.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { actorId, actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './members.repo';
import type { DuesPaymentView, DuesSettings, MemberDetail, RecordDues, ShareLevel } from './members.schemas';
import { followInHall, loadMember, type MemberRow, memberPhone, recordEvent, viewMember } from './members.service';

/** DOMAIN.md defaults: adults ¥10, youth ¥5 a year; groups ¥1 a head (at least ¥100); grassroots keeps 80%. */
export const defaultDuesSettings: DuesSettings = {
  adultFen: 1000,
  youthFen: 500,
  groupPerHeadFen: 100,
  groupMinFen: 10_000,
  shares: { grassroots: 80, county: 10, city: 5, province: 5 },
  lapseAfterYears: 2,
  reminderDays: 30,
};

async function provinceOf(_db: Db, org: orgs.OrgRow): Promise<number> {
  return Number(org.path.split('.').filter(Boolean)[0]);
}

export async function settingsFor(db: Db, org: orgs.OrgRow): Promise<DuesSettings> {
  const row = await repo.findSettings(db, await provinceOf(db, org));
  if (!row) {
    return defaultDuesSettings;
  }
  return {
    adultFen: row.adultFen,
    youthFen: row.youthFen,
    groupPerHeadFen: row.groupPerHeadFen,
    groupMinFen: row.groupMinFen,
    shares: row.shares as DuesSettings['shares'],
    lapseAfterYears: row.lapseAfterYears,
    reminderDays: row.reminderDays,
  };
}

/** One year's dues of a member under the settings (integer fen). */
export function yearlyDuesFen(
  s: DuesSettings,
  m: { kind: string; category: string; headcount: number | null; tier: string },
): number {
  if (m.tier === 'life') {
    return 0;
  }
  if (m.kind === 'group') {
    return Math.max(s.groupMinFen, s.groupPerHeadFen * (m.headcount ?? 0));
  }
  return m.category === 'youth' ? s.youthFen : s.adultFen;
}

/**
 * Splits an amount over the levels by whole percent, rounding down each share and giving the remainder fen to the
 * grassroots unit, so the shares always add up to the amount.
 */
export function splitShares(amountFen: number, shares: Record<ShareLevel, number>): Record<ShareLevel, number> {
  const out = { grassroots: 0, county: 0, city: 0, province: 0 };
  let given = 0;
  for (const level of ['county', 'city', 'province'] as const) {
    out[level] = Math.floor((amountFen * shares[level]) / 100);
    given += out[level];
  }
  out.grassroots = amountFen - given;
  return out;
}

/** The years a payment of `years` covers: from the year after the paid-up one (last year's arrears at most). */
export function yearsCovered(paidThrough: number | null, years: number, currentYear: number) {
  const from = paidThrough !== null && paidThrough + 1 >= currentYear - 1 ? paidThrough + 1 : currentYear;
  return { from, to: from + years - 1 };
}

/** The unit that keeps each level's share: the nearest unit of that type up the member's unit's chain. */
async function shareUnits(db: Db, org: orgs.OrgRow): Promise<Record<ShareLevel, number>> {
  const ids = org.path.split('.').filter(Boolean).map(Number);
  const chain = await orgs.findOrgsByIds(db, ids);
  const of = (type: string) => chain.find((o) => o.type === type)?.id;
  const province = of('province') ?? ids[0];
  const city = of('city') ?? province;
  const county = of('county') ?? city;
  const grassroots = ['province', 'city', 'county'].includes(org.type) ? org.id : org.id;
  return { grassroots, county, city, province };
}

const receiptPrefix = 'HF';

async function nextReceiptNo(db: Db, regionId: number, year: number): Promise<string> {
  const n = await repo.nextNumber(db, 'receipt', String(regionId), year);
  return `${receiptPrefix}${year}-${String(regionId).padStart(4, '0')}-${String(n).padStart(6, '0')}`;
}

/**
 * Records a payment for 1–5 years by staff (members:manage over the member's unit): the years run on from the
 * paid-up year; a lapsed member paying is reinstated. The shares up the tree, receipt number, history, audit and
 * hall request (member-dues) move in one transaction. MEMBER_NOT_ADMITTED for an application or a rejected one,
 * MEMBER_DUES_TOO_FAR_AHEAD beyond five years from now, MEMBER_DUES_AMOUNT_MISMATCH when the amount given differs.
 */
export async function recordDues(db: Db, ctx: Ctx, memberId: string, input: RecordDues): Promise<MemberDetail> {
  await db.transaction(async (tx) => {
    const { row: m, org } = await loadMember(tx, ctx, memberId, 'members:manage', true);
    if (m.status !== 'active' && m.status !== 'lapsed') {
      throw new AppError('MEMBER_NOT_ADMITTED', { status: m.status });
    }
    if ((input.method === 'bank' || input.method === 'online') && !input.reference) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'body.reference', message: 'bank and online payments need their reference' }],
      });
    }
    const today = toChinaDate();
    const currentYear = Number(today.slice(0, 4));
    const { from, to } = yearsCovered(m.paidThroughYear, input.years, currentYear);
    if (to > currentYear + 4) {
      throw new AppError('MEMBER_DUES_TOO_FAR_AHEAD', { paidThroughYear: m.paidThroughYear, toYear: to });
    }
    const settings = await settingsFor(tx, org);
    const amountFen = yearlyDuesFen(settings, m) * input.years;
    if (input.amountFen !== undefined && input.amountFen !== amountFen) {
      throw new AppError('MEMBER_DUES_AMOUNT_MISMATCH', { expectedFen: amountFen, givenFen: input.amountFen });
    }
    const payment = await repo.insertPayment(tx, {
      regionId: m.regionId,
      id: crypto.randomUUID(),
      memberId: m.id,
      orgId: m.orgId,
      receiptNo: await nextReceiptNo(tx, m.regionId, currentYear),
      fromYear: from,
      toYear: to,
      amountFen,
      method: input.method,
      reference: input.reference ?? null,
      payerName: m.name,
      paidOn: today,
      serviceRequestId: input.serviceRequestId ?? null,
      recordedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
    });
    const split = splitShares(amountFen, settings.shares);
    const units = await shareUnits(tx, org);
    // Levels kept by the same unit (a member of the county branch itself) become one share row.
    const merged = new Map<number, { level: ShareLevel; fen: number }>();
    for (const level of ['grassroots', 'county', 'city', 'province'] as const) {
      const at = merged.get(units[level]);
      merged.set(units[level], { level: at?.level ?? level, fen: (at?.fen ?? 0) + split[level] });
    }
    await repo.insertShares(
      tx,
      [...merged.entries()]
        .filter(([, s]) => s.fen > 0)
        .map(([orgId, s]) => ({
          regionId: m.regionId,
          id: crypto.randomUUID(),
          paymentId: payment.id,
          orgId,
          level: s.level,
          amountFen: s.fen,
          paidOn: today,
        })),
    );
    const reinstated = m.status === 'lapsed';
    await repo.updateMember(tx, m.regionId, m.id, {
      paidThroughYear: to,
      status: 'active',
      lapsedAt: reinstated ? null : m.lapsedAt,
    });
    await recordEvent(tx, ctx, m, 'dues_paid', {
      data: { receiptNo: payment.receiptNo, fromYear: from, toYear: to, amountFen },
    });
    if (reinstated) {
      await recordEvent(tx, ctx, m, 'reinstated');
    }
    await recordAudit(tx, ctx, {
      action: reinstated ? 'member.dues-paid.reinstated' : 'member.dues-paid',
      entityType: 'member',
      entityId: m.id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: { status: m.status, paidThroughYear: m.paidThroughYear },
      after: { status: 'active', paidThroughYear: to, receiptNo: payment.receiptNo, amountFen, method: input.method },
    });
    if (input.serviceRequestId) {
      const request = await import('../services/services.service').then((s) =>
        s.getServiceRequestRow(tx, input.serviceRequestId!),
      );
      if (request.subjectKind !== 'member' || request.subjectId !== m.id) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ field: 'body.serviceRequestId', message: 'not a request of this member' }],
        });
      }
      await followInHall(tx, ctx, request.id, 'done', `会费已缴至 ${to} 年,收据号 ${payment.receiptNo}`);
    }
  });
  return viewMember(db, ctx, memberId);
}

export async function duesPerYearFen(db: Db, m: MemberRow): Promise<number> {
  return yearlyDuesFen(await settingsFor(db, await orgs.getOrg(db, m.orgId)), m);
}

export async function paymentViews(db: Db, m: MemberRow): Promise<DuesPaymentView[]> {
  const rows = await repo.listPayments(db, m.id);
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((p) => ({
    id: p.id,
    receiptNo: p.receiptNo,
    fromYear: p.fromYear,
    toYear: p.toYear,
    amountFen: p.amountFen,
    method: p.method as DuesPaymentView['method'],
    reference: p.reference,
    paidOn: p.paidOn,
    orgName: names.get(p.orgId) ?? '',
  }));
}

// ------------------------------------------------------------------------------------------------ settings

/** The dues settings of the province the unit is in (members:view there). */
export async function getDuesSettings(db: Db, ctx: Ctx, orgId: number): Promise<DuesSettings> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  return settingsFor(db, org);
}

/**
 * Sets a province's dues settings (members:manage at the province branch): amounts within the caps of DOMAIN.md
 * (checked by the schema) and shares adding up to 100% (MEMBER_DUES_SETTINGS_INVALID).
 */
export async function setDuesSettings(db: Db, ctx: Ctx, orgId: number, input: DuesSettings): Promise<DuesSettings> {
  const s = input.shares;
  if (s.grassroots + s.county + s.city + s.province !== 100) {
    throw new AppError('MEMBER_DUES_SETTINGS_INVALID', { shares: s });
  }
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, orgId);
    const provinceId = await provinceOf(tx, org);
    const province = await orgs.getOrg(tx, provinceId);
    assertCanAt(ctx.actor, 'members:manage', province.path);
    const before = await settingsFor(tx, province);
    await repo.upsertSettings(tx, { provinceOrgId: provinceId, ...input, updatedBy: actorId(ctx.actor) });
    await recordAudit(tx, ctx, {
      action: 'member.dues-settings.updated',
      entityType: 'member_dues_settings',
      entityId: provinceId,
      orgId: provinceId,
      regionId: province.regionId,
      before,
      after: input,
    });
    return input;
  });
}

// ------------------------------------------------------------------------------------------------ lapse sweep

/**
 * The daily sweep: members unpaid for `lapseAfterYears` full years lapse (paid-up year, or the year before joining
 * when never paid, below this year minus the setting), with an SMS; members who would lapse next 1 January get one
 * reminder within `reminderDays` of it. Uses the default settings' rule for every province (see docs/members.md).
 */
export async function sweepLapses(db: Db, ctx: Ctx, now = new Date()): Promise<{ lapsed: number; reminded: number }> {
  const today = toChinaDate(now);
  const year = Number(today.slice(0, 4));
  let lapsed = 0;
  let reminded = 0;
  const settingsCache = new Map<number, DuesSettings>();
  // Called inside the sweep's transactions: PGlite runs one transaction at a time, so every read goes through `tx`.
  const settingsOf = async (tx: Db, m: MemberRow) => {
    const org = await orgs.getOrg(tx, m.orgId);
    const province = await provinceOf(tx, org);
    if (!settingsCache.has(province)) {
      settingsCache.set(province, await settingsFor(tx, org));
    }
    return settingsCache.get(province)!;
  };
  // Lapse candidates under the shortest rule (1 year); each is checked against its province's own rule.
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await repo.listDueToLapse(tx, year - 1, afterId, 200);
      afterId = rows.at(-1)?.id ?? afterId;
      let n = 0;
      for (const m of rows) {
        const s = await settingsOf(tx, m);
        const paidUp = m.paidThroughYear ?? Number((m.joinedOn ?? today).slice(0, 4)) - 1;
        if (paidUp >= year - s.lapseAfterYears) {
          continue;
        }
        await repo.updateMember(tx, m.regionId, m.id, { status: 'lapsed', lapsedAt: now });
        await recordEvent(tx, ctx, m, 'lapsed', { data: { paidThroughYear: m.paidThroughYear } });
        await recordAudit(tx, ctx, {
          action: 'member.lapsed',
          entityType: 'member',
          entityId: m.id,
          orgId: m.orgId,
          regionId: m.regionId,
          before: { status: 'active' },
          after: { status: 'lapsed', paidThroughYear: m.paidThroughYear },
        });
        const to = await memberPhone(tx, m);
        if (to) {
          await queueMessage(tx, {
            channel: 'sms',
            to,
            template: 'member.lapsed',
            body: `【红十字会】${m.name},您的会员资格因连续 ${s.lapseAfterYears} 年未缴会费已失效,缴纳会费即可恢复。`,
            dedupeKey: `member.lapsed:${m.id}:${year}`,
          });
        }
        n++;
      }
      return { seen: rows.length, n };
    });
    lapsed += batch.n;
    if (batch.seen < 200) {
      break;
    }
  }
  // Reminders: 1 January of next year is within reminderDays for members whose paid-up year makes them lapse then.
  const nextJan1 = Date.UTC(year + 1, 0, 1);
  const daysLeft = Math.ceil((nextJan1 - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const maxReminderDays = 180;
  if (daysLeft <= maxReminderDays) {
    await db.transaction(async (tx) => {
      for (const lapseYears of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
        const rows = await repo.listDueForReminder(tx, year + 1 - lapseYears - 1, 500);
        for (const m of rows) {
          const s = await settingsOf(tx, m);
          if (s.lapseAfterYears !== lapseYears || daysLeft > s.reminderDays) {
            continue;
          }
          const paidUp = m.paidThroughYear ?? Number((m.joinedOn ?? today).slice(0, 4)) - 1;
          await repo.updateMember(tx, m.regionId, m.id, { remindedForYear: paidUp });
          const to = await memberPhone(tx, m);
          if (to) {
            await queueMessage(tx, {
              channel: 'sms',
              to,
              template: 'member.dues-reminder',
              body: `【红十字会】${m.name},您的会费已缴至 ${paidUp} 年,请于 ${year} 年底前缴纳,逾期会员资格将失效。`,
              dedupeKey: `member.dues-reminder:${m.id}:${paidUp}`,
            });
          }
          reminded++;
        }
      }
    });
  }
  return { lapsed, reminded };
}

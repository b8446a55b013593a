// Hours: the coordinator's attendance sheet (check-ins with computed minutes, missing check-outs flagged), bulk
// approval into service records, corrections with a reason (audited, kept as before/after rows), overlap refusal,
// the hours hooks (member points), a volunteer's service record, and the certificate of service hours (PDF + QR).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { actorLabel } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './volunteers.repo';
import type {
  ApproveHours,
  ApproveResult,
  Attendance,
  AttendanceRow,
  CorrectHours,
  MyRecord,
} from './volunteers.schemas';
import { getMyApprovedVolunteer, managePerm, toVolunteerView, viewPerm, volunteerInScope } from './volunteers.service';
import { activityInScope, toActivityViews } from './volunteers-activities';
import { renderServiceCertificatePdf } from './volunteers-certificate-pdf';
import { runHoursApprovedHooks } from './volunteers-events';
import { chinaDayEnd, chinaDayStart, minutesBetween, servedInterval } from './volunteers-rules';

// ------------------------------------------------------------------------------------------------ attendance

/** The attendance sheet of an activity: everyone signed up or checked in, with computed and approved time. */
export async function viewAttendance(db: Db, ctx: Ctx, activityId: string): Promise<Attendance> {
  const { activity: a } = await activityInScope(db, ctx, activityId, viewPerm);
  const [signups, checkins, records] = await Promise.all([
    repo.listSignupsOfActivity(db, a.regionId, a.id),
    repo.listCheckinsOfActivity(db, a.regionId, a.id),
    repo.listRecordsOfActivity(db, a.regionId, a.id),
  ]);
  const ids = [...new Set([...signups.map((s) => s.volunteerId), ...checkins.map((c) => c.volunteerId)])];
  const [vols, corrections] = await Promise.all([
    repo.findVolunteersByIds(db, ids),
    repo.correctionCounts(
      db,
      a.regionId,
      records.map((r) => r.id),
    ),
  ]);
  const rows: AttendanceRow[] = ids.map((id) => {
    const v = vols.find((x) => x.id === id);
    const cin = checkins.find((c) => c.volunteerId === id && c.kind === 'in');
    const cout = checkins.find((c) => c.volunteerId === id && c.kind === 'out');
    const rec = records.find((r) => r.volunteerId === id);
    return {
      volunteerId: id,
      name: v?.name ?? '',
      volunteerNo: v?.volunteerNo ?? null,
      signup: (signups.find((s) => s.volunteerId === id)?.status as AttendanceRow['signup']) ?? null,
      checkedInAt: cin?.at.toISOString() ?? null,
      checkedOutAt: cout?.at.toISOString() ?? null,
      isWalkIn: cin?.isWalkIn ?? false,
      computedMinutes: cin && cout ? servedInterval(a, cin.at, cout.at).minutes : null,
      isMissingCheckout: Boolean(cin && !cout),
      record: rec
        ? {
            id: rec.id,
            startedAt: rec.startedAt.toISOString(),
            endedAt: rec.endedAt.toISOString(),
            minutes: rec.minutes,
            status: rec.status as 'approved' | 'voided',
            corrections: corrections.get(rec.id) ?? 0,
          }
        : null,
    };
  });
  rows.sort((x, y) => (x.checkedInAt ?? '~').localeCompare(y.checkedInAt ?? '~') || x.name.localeCompare(y.name));
  return { activity: (await toActivityViews(db, [a]))[0], rows };
}

/** Refuses time that overlaps the person's approved time at another activity (HOURS_OVERLAP, with the other ones). */
async function assertNoOverlap(
  tx: Db,
  personId: string,
  volunteerId: string,
  activityId: string,
  startedAt: Date,
  endedAt: Date,
): Promise<void> {
  if (endedAt <= startedAt) {
    return;
  }
  const clash = await repo.findOverlapping(tx, personId, activityId, startedAt, endedAt);
  if (clash.length > 0) {
    throw new AppError('HOURS_OVERLAP', {
      volunteerId,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      overlaps: clash.map((r) => ({
        activityId: r.activityId,
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt.toISOString(),
      })),
    });
  }
}

/**
 * Approves the hours of an activity's volunteers from their check-in and check-out, capped to the activity's time
 * (all checked-out ones not yet approved, or the listed ones). Missing check-outs and already approved ones are skipped
 * and reported. Time overlapping another activity's approved time refuses the whole batch (HOURS_OVERLAP): nothing
 * is written. Each record runs the hours hooks (member points) in the transaction and is audited.
 */
export async function approveHours(db: Db, ctx: Ctx, activityId: string, input: ApproveHours): Promise<ApproveResult> {
  return db.transaction(async (tx) => {
    const { activity: a } = await activityInScope(tx, ctx, activityId, managePerm);
    const checkins = await repo.listCheckinsOfActivity(tx, a.regionId, a.id);
    const records = await repo.listRecordsOfActivity(tx, a.regionId, a.id);
    const wanted = input.volunteerIds
      ? [...new Set(input.volunteerIds)]
      : [...new Set(checkins.filter((c) => c.kind === 'in').map((c) => c.volunteerId))];
    const vols = await repo.findVolunteersByIds(tx, wanted);
    const skipped: ApproveResult['skipped'] = [];
    let approved = 0;
    for (const volunteerId of wanted) {
      const cin = checkins.find((c) => c.volunteerId === volunteerId && c.kind === 'in');
      const cout = checkins.find((c) => c.volunteerId === volunteerId && c.kind === 'out');
      const v = vols.find((x) => x.id === volunteerId);
      if (!cin || !v) {
        throw new AppError('HOURS_NO_CHECKIN', { volunteerId });
      }
      if (records.some((r) => r.volunteerId === volunteerId)) {
        skipped.push({ volunteerId, reason: 'already_approved' });
        continue;
      }
      if (!cout) {
        skipped.push({ volunteerId, reason: 'missing_checkout' });
        continue;
      }
      const served = servedInterval(a, cin.at, cout.at);
      await repo.lockKey(tx, `volunteer-hours:${v.personId}`);
      await assertNoOverlap(tx, v.personId, v.id, a.id, served.startedAt, served.endedAt);
      const rec = await repo.insertRecord(tx, {
        regionId: a.regionId,
        id: crypto.randomUUID(),
        activityId: a.id,
        volunteerId: v.id,
        personId: v.personId,
        orgId: a.orgId,
        ...served,
        status: 'approved',
        approvedBy: actorLabel(ctx.actor),
      });
      await recordAudit(tx, ctx, {
        action: 'volunteer-hours.approved',
        entityType: 'volunteer_service_record',
        entityId: rec.id,
        orgId: a.orgId,
        regionId: a.regionId,
        after: rec,
      });
      await runHoursApprovedHooks(tx, ctx, {
        regionId: rec.regionId,
        recordId: rec.id,
        personId: rec.personId,
        orgId: rec.orgId,
        activityId: a.id,
        minutes: rec.minutes,
        servedAt: rec.startedAt,
      });
      approved++;
    }
    return { approved, skipped };
  });
}

/**
 * Corrects (or sets, for a missing check-out) a volunteer's time at an activity, with a reason: the record is written
 * or updated, the before/after kept as a correction row and in the audit trail, and the hooks re-run with the new
 * total. The time must lie within the activity's time (VALIDATION_FAILED) and the volunteer must have checked in
 * (HOURS_NO_CHECKIN); overlapping time is refused (HOURS_OVERLAP).
 */
export async function correctHours(db: Db, ctx: Ctx, activityId: string, input: CorrectHours) {
  return db.transaction(async (tx) => {
    const { activity: a } = await activityInScope(tx, ctx, activityId, managePerm);
    const startedAt = new Date(input.startedAt);
    const endedAt = new Date(input.endedAt);
    if (startedAt < a.startsAt || endedAt > a.endsAt) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'startedAt', message: 'outside the activity’s time' }],
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
      });
    }
    const checkins = await repo.findCheckins(tx, a.regionId, a.id, input.volunteerId);
    const before = await repo.findRecord(tx, a.regionId, a.id, input.volunteerId);
    if (!checkins.some((c) => c.kind === 'in') && !before) {
      throw new AppError('HOURS_NO_CHECKIN', { volunteerId: input.volunteerId });
    }
    const v = (await repo.findVolunteersByIds(tx, [input.volunteerId]))[0];
    await repo.lockKey(tx, `volunteer-hours:${v.personId}`);
    await assertNoOverlap(tx, v.personId, v.id, a.id, startedAt, endedAt);
    const minutes = minutesBetween(startedAt.getTime(), endedAt.getTime());
    const fields = { startedAt, endedAt, minutes, status: 'approved', approvedBy: actorLabel(ctx.actor) };
    const rec = before
      ? await repo.updateRecord(tx, before, { ...fields, approvedAt: new Date() })
      : await repo.insertRecord(tx, {
          regionId: a.regionId,
          id: crypto.randomUUID(),
          activityId: a.id,
          volunteerId: v.id,
          personId: v.personId,
          orgId: a.orgId,
          ...fields,
        });
    await repo.insertCorrection(tx, {
      regionId: a.regionId,
      id: crypto.randomUUID(),
      recordId: rec.id,
      beforeStartedAt: before?.startedAt ?? null,
      beforeEndedAt: before?.endedAt ?? null,
      beforeMinutes: before?.minutes ?? null,
      afterStartedAt: startedAt,
      afterEndedAt: endedAt,
      afterMinutes: minutes,
      reason: input.reason,
      correctedBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-hours.corrected',
      entityType: 'volunteer_service_record',
      entityId: rec.id,
      orgId: a.orgId,
      regionId: a.regionId,
      before: before ?? null,
      after: rec,
      reason: input.reason,
    });
    await runHoursApprovedHooks(tx, ctx, {
      regionId: rec.regionId,
      recordId: rec.id,
      personId: rec.personId,
      orgId: rec.orgId,
      activityId: a.id,
      minutes: rec.minutes,
      servedAt: rec.startedAt,
    });
    return { recordId: rec.id, minutes };
  });
}

// ------------------------------------------------------------------------------------------------ service record

async function buildRecord(db: Db, v: Awaited<ReturnType<typeof repo.findVolunteerById>> & {}): Promise<MyRecord> {
  const [volunteer, records, signups, checkins] = await Promise.all([
    toVolunteerView(db, v),
    repo.listRecordsOfPerson(db, v.personId),
    repo.listSignupsOfVolunteer(db, v.id),
    repo.listCheckinsOfVolunteer(db, v.id),
  ]);
  const activityIds = [...new Set([...records.map((r) => r.activityId), ...signups.map((s) => s.activityId)])];
  const activities = await repo.findActivitiesByIds(db, activityIds);
  const units = await orgs.findOrgsByIds(db, [...new Set(activities.map((a) => a.orgId))]);
  const byYear = new Map<number, { minutes: number; activities: number }>();
  for (const r of records) {
    const year = Number(toChinaDate(r.startedAt).slice(0, 4));
    const y = byYear.get(year) ?? { minutes: 0, activities: 0 };
    y.minutes += r.minutes;
    y.activities += 1;
    byYear.set(year, y);
  }
  return {
    volunteer,
    records: records.map((r) => {
      const a = activities.find((x) => x.id === r.activityId);
      return {
        id: r.id,
        activityId: r.activityId,
        activityTitle: a?.title ?? '',
        orgName: units.find((u) => u.id === a?.orgId)?.name ?? '',
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt.toISOString(),
        minutes: r.minutes,
      };
    }),
    byYear: [...byYear.entries()].sort((x, y) => y[0] - x[0]).map(([year, y]) => ({ year, ...y })),
    totalMinutes: records.reduce((sum, r) => sum + r.minutes, 0),
    signups: signups.map((s) => {
      const a = activities.find((x) => x.id === s.activityId);
      return {
        activityId: s.activityId,
        title: a?.title ?? '',
        startsAt: a?.startsAt.toISOString() ?? '',
        status: s.status as 'confirmed' | 'waitlisted' | 'cancelled',
        checkedInAt: checkins.find((c) => c.activityId === s.activityId && c.kind === 'in')?.at.toISOString() ?? null,
        checkedOutAt: checkins.find((c) => c.activityId === s.activityId && c.kind === 'out')?.at.toISOString() ?? null,
      };
    }),
  };
}

/** The signed-in volunteer's own record: approved hours per activity and year, sign-ups with check-ins. */
export async function viewMyRecord(db: Db, ctx: Ctx): Promise<MyRecord> {
  return buildRecord(db, await getMyApprovedVolunteer(db, ctx));
}

export async function viewVolunteerRecord(db: Db, ctx: Ctx, id: string): Promise<MyRecord> {
  const { v } = await volunteerInScope(db, ctx, id, viewPerm);
  return buildRecord(db, v);
}

// ------------------------------------------------------------------------------------------------ certificates

/**
 * Issues a certificate of service hours (志愿服务证明) for a period: the approved hours in it, a verification code
 * kept with the figures (so the QR shows what was certified even after later corrections), audited. A period ending
 * before it starts is refused (VALIDATION_FAILED).
 */
async function issueCertificate(
  db: Db,
  ctx: Ctx,
  v: repo.VolunteerRow,
  period: { from: string; to: string },
  origin: string,
): Promise<{ pdf: Buffer; code: string }> {
  if (period.to < period.from) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'to', message: 'before from' }] });
  }
  const records = await repo.listRecordsOfPerson(db, v.personId, chinaDayStart(period.from), chinaDayEnd(period.to));
  const minutes = records.reduce((s, r) => s + r.minutes, 0);
  const org = await orgs.getOrg(db, v.orgId);
  const code = `VC${toChinaDate().replaceAll('-', '')}${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  await db.transaction(async (tx) => {
    const cert = await repo.insertCertificate(tx, {
      regionId: v.regionId,
      id: crypto.randomUUID(),
      code,
      volunteerId: v.id,
      personId: v.personId,
      orgId: v.orgId,
      fromDate: period.from,
      toDate: period.to,
      minutes,
      activityCount: records.length,
      issuedBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-certificate.issued',
      entityType: 'volunteer_certificate',
      entityId: cert.id,
      orgId: v.orgId,
      regionId: v.regionId,
      after: cert,
    });
  });
  const activities = await repo.findActivitiesByIds(db, [...new Set(records.map((r) => r.activityId))]);
  const pdf = await renderServiceCertificatePdf({
    name: v.name,
    volunteerNo: v.volunteerNo ?? '',
    orgName: org.name,
    from: period.from,
    to: period.to,
    minutes,
    rows: records
      .slice()
      .reverse()
      .slice(-40)
      .map((r) => ({
        date: toChinaDate(r.startedAt),
        title: activities.find((a) => a.id === r.activityId)?.title ?? '',
        minutes: r.minutes,
      })),
    code,
    verifyUrl: `${origin}/v/certificates/${code}`,
    issuedOn: toChinaDate(),
  });
  return { pdf, code };
}

export async function issueMyCertificate(db: Db, ctx: Ctx, period: { from: string; to: string }, origin: string) {
  return issueCertificate(db, ctx, await getMyApprovedVolunteer(db, ctx), period, origin);
}

export async function issueVolunteerCertificate(
  db: Db,
  ctx: Ctx,
  id: string,
  period: { from: string; to: string },
  origin: string,
) {
  const { v } = await volunteerInScope(db, ctx, id, viewPerm);
  if (v.status !== 'approved') {
    throw new AppError('VOLUNTEER_NOT_APPROVED', { volunteerId: v.id });
  }
  return issueCertificate(db, ctx, v, period, origin);
}

/** What a certificate's QR shows: the masked name, the period and the certified hours (anyone may check). */
export async function verifyCertificate(db: Db, code: string) {
  const cert = await repo.findCertificateByCode(db, code);
  if (!cert) {
    throw new AppError('NOT_FOUND', { entity: 'volunteer_certificate', code });
  }
  const [v, org] = await Promise.all([repo.findVolunteerById(db, cert.volunteerId), orgs.getOrg(db, cert.orgId)]);
  return {
    code: cert.code,
    nameMasked: maskName(v?.name ?? ''),
    volunteerNo: v?.volunteerNo ?? null,
    orgName: org.name,
    fromDate: cert.fromDate,
    toDate: cert.toDate,
    minutes: cert.minutes,
    activityCount: cert.activityCount,
    issuedAt: cert.issuedAt.toISOString(),
  };
}

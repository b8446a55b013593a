// Statistics per unit and period rolled up to the chosen unit's children, and the two Excel exports in the layout of
// the national volunteer service information system (全国志愿服务信息系统; our reconstruction, see docs/volunteers.md).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { pii } from '../../platform/pii';
import { assertCanAt, hasPermission } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './volunteers.repo';
import { skillCodes, skillNames, type VolunteerStats } from './volunteers.schemas';
import { viewPerm } from './volunteers.service';
import { chinaDayEnd, chinaDayStart } from './volunteers-rules';

function assertPeriod(from: string, to: string): void {
  if (to < from) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'to', message: 'before from' }] });
  }
}

/**
 * Activities (场次, published), confirmed sign-ups, check-ins, volunteer attendances (人次) and approved minutes of
 * activities starting in the period, for the unit's subtree: totals, per child unit (rolled up) and per month.
 */
export async function volunteerStats(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; from: string; to: string },
): Promise<VolunteerStats> {
  assertPeriod(q.from, q.to);
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, viewPerm, org.path);
  const rows = await repo.unitStats(
    db,
    orgs.orgUnderCondition(sql`a.org_id`, org.path),
    chinaDayStart(q.from),
    chinaDayEnd(q.to),
  );
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.org_id))]);
  const empty = () => ({ activities: 0, volunteers: 0, signups: 0, checkins: 0, minutes: 0 });
  const add = (t: ReturnType<typeof empty>, r: repo.UnitStatsRow) => {
    t.activities += Number(r.activities);
    t.volunteers += Number(r.volunteers);
    t.signups += Number(r.signups);
    t.checkins += Number(r.checkins);
    t.minutes += Number(r.minutes);
  };
  const total = empty();
  const byChild = new Map<number, ReturnType<typeof empty>>();
  const byMonth = new Map<string, ReturnType<typeof empty>>();
  for (const r of rows) {
    add(total, r);
    const unit = units.find((u) => u.id === r.org_id);
    // The child of the chosen unit the row rolls up to (the unit itself for its own activities).
    const childId = unit ? Number(unit.path.slice(org.path.length).split('.')[0] || org.id) : org.id;
    const c = byChild.get(childId) ?? empty();
    add(c, r);
    byChild.set(childId, c);
    const m = byMonth.get(r.month) ?? empty();
    add(m, r);
    byMonth.set(r.month, m);
  }
  const children = await orgs.findOrgsByIds(db, [...byChild.keys()]);
  const col = repo.columns.volunteer;
  const registered = await repo.countVolunteers(
    db,
    and(orgs.orgUnderCondition(col.orgId, org.path), eq(col.status, 'approved'))!,
  );
  return {
    total,
    byUnit: [...byChild.entries()]
      .map(([orgId, t]) => ({ orgId, orgName: children.find((c) => c.id === orgId)?.name ?? '', ...t }))
      .sort((x, y) => y.minutes - x.minutes),
    byMonth: [...byMonth.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([month, t]) => ({ month, ...t })),
    registeredVolunteers: registered,
  };
}

// ------------------------------------------------------------------------------------------------ exports

const maxExportRows = 50_000;

/** 志愿者信息 columns (our reconstruction of the national system's import template; documented in docs/volunteers.md). */
export const volunteerExportColumns: SheetColumn[] = [
  { key: 'volunteerNo', header: '志愿者编号', width: 22, isText: true },
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idType', header: '证件类型', width: 12 },
  { key: 'idNumber', header: '证件号码', width: 22, isText: true },
  { key: 'gender', header: '性别', width: 6 },
  { key: 'birthDate', header: '出生日期', width: 12 },
  { key: 'phone', header: '手机号码', width: 14, isText: true },
  { key: 'orgName', header: '所属组织', width: 24 },
  { key: 'skills', header: '服务技能', width: 24 },
  { key: 'languages', header: '语言能力', width: 14 },
  { key: 'registeredOn', header: '注册日期', width: 12 },
  { key: 'status', header: '注册状态', width: 10 },
  { key: 'hoursThisYear', header: '本年度服务时长(小时)', width: 14 },
];

/** 服务记录 columns (our reconstruction; documented in docs/volunteers.md). */
export const recordExportColumns: SheetColumn[] = [
  { key: 'volunteerNo', header: '志愿者编号', width: 22, isText: true },
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '证件号码', width: 22, isText: true },
  { key: 'activityTitle', header: '项目名称', width: 30 },
  { key: 'orgName', header: '发布组织', width: 24 },
  { key: 'place', header: '服务地点', width: 24 },
  { key: 'startedAt', header: '服务开始时间', width: 18 },
  { key: 'endedAt', header: '服务结束时间', width: 18 },
  { key: 'hours', header: '服务时长(小时)', width: 12 },
  { key: 'recordedOn', header: '记录日期', width: 12 },
];

const chinaTime = (d: Date) =>
  `${toChinaDate(d)} ${d.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })}`;

/**
 * The ID number in full for holders of pii:view (the national system needs it), else masked. The caller's export is
 * audited by the route's audit row.
 */
async function idNumbersOf(
  db: Db,
  ctx: Ctx,
  personIds: string[],
): Promise<Map<string, { id: string; gender: string; birth: string }>> {
  const full = hasPermission(ctx.actor, 'pii:view');
  const out = new Map<string, { id: string; gender: string; birth: string }>();
  for (const pid of personIds) {
    const p = await people.findPersonRow(db, pid);
    if (!p) {
      continue;
    }
    out.set(pid, {
      id: full && p.idNumberEnc ? pii().decrypt(p.idNumberEnc) : (p.idNumberMasked ?? ''),
      gender: p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '',
      birth: p.birthDate ?? '',
    });
  }
  return out;
}

/** An export leaves personal data (in full for pii:view holders): each is audited. */
async function auditExport(db: Db, ctx: Ctx, org: orgs.OrgRow, what: string, rows: number, unmasked: boolean) {
  await recordAudit(db, ctx, {
    action: 'volunteers.exported',
    entityType: 'org',
    entityId: org.id,
    orgId: org.id,
    regionId: org.regionId,
    after: { what, rows, unmasked },
  });
}

export async function exportVolunteers(db: Db, ctx: Ctx, orgId: number): Promise<Buffer> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, viewPerm, org.path);
  const col = repo.columns.volunteer;
  const page = await repo.listVolunteers(db, orgs.orgUnderCondition(col.orgId, org.path), maxExportRows, 0);
  const [units, ids, minutes] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(page.items.map((v) => v.orgId))]),
    idNumbersOf(
      db,
      ctx,
      page.items.map((v) => v.personId),
    ),
    repo.minutesSince(
      db,
      page.items.map((v) => v.personId),
      chinaDayStart(`${toChinaDate().slice(0, 4)}-01-01`),
    ),
  ]);
  const full = hasPermission(ctx.actor, 'pii:view');
  const statusText: Record<string, string> = { pending: '待审核', approved: '已注册', rejected: '未通过' };
  await auditExport(db, ctx, org, 'volunteers', page.items.length, full);
  return writeSheet(
    '志愿者信息',
    volunteerExportColumns,
    page.items.map((v) => ({
      volunteerNo: v.volunteerNo ?? '',
      name: v.name,
      idType: '居民身份证',
      idNumber: ids.get(v.personId)?.id ?? '',
      gender: ids.get(v.personId)?.gender ?? '',
      birthDate: ids.get(v.personId)?.birth ?? '',
      phone: full ? pii().decrypt(v.phoneEnc) : v.phoneMasked,
      orgName: units.find((u) => u.id === v.orgId)?.name ?? '',
      skills: v.skills
        .map((s) => (skillCodes.includes(s as never) ? skillNames[s as keyof typeof skillNames].zh : s))
        .join('、'),
      languages: v.languages.join('、'),
      registeredOn: toChinaDate(v.createdAt),
      status: statusText[v.status] ?? v.status,
      hoursThisYear: Number(((minutes.get(v.personId) ?? 0) / 60).toFixed(1)),
    })),
  );
}

export async function exportRecords(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; from?: string; to?: string },
): Promise<Buffer> {
  const from = q.from ?? `${toChinaDate().slice(0, 4)}-01-01`;
  const to = q.to ?? toChinaDate();
  assertPeriod(from, to);
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, viewPerm, org.path);
  const records = await repo.listRecordsForExport(
    db,
    orgs.orgUnderCondition(repo.columns.record.orgId, org.path),
    chinaDayStart(from),
    chinaDayEnd(to),
    maxExportRows,
  );
  const [vols, activities] = await Promise.all([
    repo.findVolunteersByIds(db, [...new Set(records.map((r) => r.volunteerId))]),
    repo.findActivitiesByIds(db, [...new Set(records.map((r) => r.activityId))]),
  ]);
  const [units, ids] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(activities.map((a) => a.orgId))]),
    idNumbersOf(db, ctx, [...new Set(records.map((r) => r.personId))]),
  ]);
  await auditExport(db, ctx, org, 'records', records.length, hasPermission(ctx.actor, 'pii:view'));
  return writeSheet(
    '服务记录',
    recordExportColumns,
    records.map((r) => {
      const v = vols.find((x) => x.id === r.volunteerId);
      const a = activities.find((x) => x.id === r.activityId);
      return {
        volunteerNo: v?.volunteerNo ?? '',
        name: v?.name ?? '',
        idNumber: ids.get(r.personId)?.id ?? '',
        activityTitle: a?.title ?? '',
        orgName: units.find((u) => u.id === a?.orgId)?.name ?? '',
        place: a?.place ?? '',
        startedAt: chinaTime(r.startedAt),
        endedAt: chinaTime(r.endedAt),
        hours: Number((r.minutes / 60).toFixed(2)),
        recordedOn: toChinaDate(r.approvedAt),
      };
    }),
  );
}

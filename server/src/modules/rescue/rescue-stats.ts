// Rescue statistics: attendance (出勤人次 = member-deployments that left), hours on deployment, party members'
// attendance (党员出勤人次 and its share, as the seeds count them), deployments by kind and month, people helped and
// rescued; per team and per member, for a unit's subtree and a period; and the same as an Excel workbook.
import type { Db } from '../../db/client';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './rescue.repo';
import type { incidentKindLabels, StatsQuery, StatsView } from './rescue.schemas';

const hours = (minutes: number) => Math.round(minutes / 6) / 10;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Statistics for the teams under `orgId` (default: all in the actor's rescue:view scope), deployments called out in [from, to]. */
export async function rescueStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<StatsView> {
  let under: string | undefined;
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'rescue:view', org.path);
    under = org.path;
  }
  const w: repo.StatsWindow = {
    teamScope: (column) =>
      under ? orgs.orgUnderCondition(column, under) : orgs.orgScopeCondition(column, ctx, 'rescue:view'),
    fromAt: q.from ? new Date(`${q.from}T00:00:00+08:00`) : null,
    toAt: q.to ? new Date(`${nextDay(q.to)}T00:00:00+08:00`) : null,
  };
  const teamRows = await repo.listTeams(db, w.teamScope(repo.columns.teamOrgId));
  const [byTeamRows, kindMonth, memberRows, active] = await Promise.all([
    repo.statsByTeam(db, w),
    repo.statsByKindAndMonth(db, w),
    repo.statsByMember(db, w, 2000),
    repo.activeMemberCounts(db, w),
  ]);
  const units = await orgs.findOrgsByIds(
    db,
    teamRows.map((t) => t.orgId),
  );
  const nameOf = (id: number) => units.find((u) => u.id === id)?.name ?? '';
  const activeOf = (id: number) => active.find((a) => Number(a.team) === id)?.n ?? 0;
  const byTeam = teamRows.map((t) => {
    const s = byTeamRows.find((r) => Number(r.team) === t.orgId);
    return {
      orgId: t.orgId,
      name: nameOf(t.orgId),
      activeMembers: activeOf(t.orgId),
      deployments: s?.deployments ?? 0,
      attendance: s?.attendance ?? 0,
      partyAttendance: s?.party ?? 0,
      partyShare: share(s?.party ?? 0, s?.attendance ?? 0),
      deploymentHours: hours(s?.minutes ?? 0),
      peopleHelped: s?.helped ?? 0,
      peopleRescued: s?.rescued ?? 0,
    };
  });
  byTeam.sort((a, b) => b.attendance - a.attendance || a.name.localeCompare(b.name, 'zh'));
  const sum = (k: 'deployments' | 'attendance' | 'partyAttendance' | 'peopleHelped' | 'peopleRescued') =>
    byTeam.reduce((n, r) => n + r[k], 0);
  const minutes = byTeamRows.reduce((n, r) => n + r.minutes, 0);
  const kinds = new Map<string, number>();
  const months = new Map<string, { deployments: number; attendance: number }>();
  for (const r of kindMonth) {
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.deployments);
    const m = months.get(r.month) ?? { deployments: 0, attendance: 0 };
    m.deployments += r.deployments;
    m.attendance += r.attendance;
    months.set(r.month, m);
  }
  return {
    orgId: q.orgId ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    totals: {
      teams: byTeam.length,
      activeMembers: byTeam.reduce((n, r) => n + r.activeMembers, 0),
      deployments: sum('deployments'),
      attendance: sum('attendance'),
      partyAttendance: sum('partyAttendance'),
      partyShare: share(sum('partyAttendance'), sum('attendance')),
      deploymentHours: hours(minutes),
      peopleHelped: sum('peopleHelped'),
      peopleRescued: sum('peopleRescued'),
    },
    byTeam,
    byKind: [...kinds.entries()]
      .map(([kind, deployments]) => ({ kind: kind as keyof typeof incidentKindLabels, deployments }))
      .sort((a, b) => b.deployments - a.deployments),
    byMonth: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, v]) => ({ month, ...v })),
    byMember: memberRows.map((m) => ({
      memberId: m.member_id,
      name: m.name,
      teamName: nameOf(Number(m.team_org_id)),
      isPartyMember: m.is_party_member,
      attendance: m.attendance,
      deploymentHours: hours(m.minutes),
      trainingSessions: m.trainings,
    })),
  };
}

const columns: SheetColumn[] = [
  { key: 'team', header: '救援队', width: 28 },
  { key: 'name', header: '姓名 / 合计', width: 14 },
  { key: 'party', header: '党员', width: 8 },
  { key: 'deployments', header: '出动次数', width: 10 },
  { key: 'attendance', header: '出勤人次', width: 10 },
  { key: 'partyAttendance', header: '党员出勤人次', width: 14 },
  { key: 'partyShare', header: '党员出勤占比', width: 14 },
  { key: 'hours', header: '出动时长(小时)', width: 16 },
  { key: 'trainings', header: '参训次数', width: 10 },
  { key: 'helped', header: '服务群众(人次)', width: 16 },
  { key: 'rescued', header: '救出人数', width: 10 },
];

/** The statistics as a workbook: one row per team (合计) and one per member, the whole area's total last. */
export async function exportRescueStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<Buffer> {
  const s = await rescueStats(db, ctx, q);
  const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
  const rows: Record<string, unknown>[] = [];
  for (const t of s.byTeam) {
    rows.push({
      team: t.name,
      name: '合计',
      deployments: t.deployments,
      attendance: t.attendance,
      partyAttendance: t.partyAttendance,
      partyShare: pct(t.partyShare),
      hours: t.deploymentHours,
      helped: t.peopleHelped,
      rescued: t.peopleRescued,
    });
    for (const m of s.byMember.filter((x) => x.teamName === t.name)) {
      rows.push({
        team: t.name,
        name: m.name,
        party: m.isPartyMember ? '是' : '',
        attendance: m.attendance,
        partyAttendance: m.isPartyMember ? m.attendance : 0,
        hours: m.deploymentHours,
        trainings: m.trainingSessions,
      });
    }
  }
  rows.push({
    team: '全部',
    name: '合计',
    deployments: s.totals.deployments,
    attendance: s.totals.attendance,
    partyAttendance: s.totals.partyAttendance,
    partyShare: pct(s.totals.partyShare),
    hours: s.totals.deploymentHours,
    helped: s.totals.peopleHelped,
    rescued: s.totals.peopleRescued,
  });
  return writeSheet('救援队出勤统计', columns, rows);
}

// Rescue teams at the HTTP boundary: teams and profiles, members with masked PII and certifications (with the leader's
// expiry SMS), equipment and inspections, deployments step by step with the refusals the issue lists, training
// sessions, statistics rolled up the tree and their Excel export.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOrgUnder, createStaff, uniqueIdNumber } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { warnExpiringCertificationsJob } from './rescue.jobs';

let t: TestApp;
let county: OrgView;
let leader: Caller;
let teamId: number;
const members: Record<string, string> = {};
const ids: Record<string, { idNumber: string; phone: string }> = {};

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return row.n;
}

async function addMember(name: string, extra: Record<string, unknown> = {}, team = teamId) {
  const idNumber = uniqueIdNumber();
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const res = await t.inject(leader, {
    method: 'POST',
    url: `/api/rescue/teams/${team}/members`,
    payload: { name, idNumber, phone, joinedOn: '2024-03-01', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  ids[name] = { idNumber, phone };
  return res.json() as { id: string; phoneMasked: string; idNumberMasked: string };
}

async function callOut(payload: Record<string, unknown>) {
  return t.inject(leader, {
    method: 'POST',
    url: '/api/rescue/deployments',
    payload: { teamOrgId: teamId, incidentKind: 'flood', place: '浦阳江枫桥段', calledOutAt: hoursAgo(10), ...payload },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  leader = await createStaff(t, { orgId: county.id, roleId: 'rescue_leader' });
  const created = await t.inject(leader, {
    method: 'POST',
    url: '/api/rescue/teams',
    payload: {
      parentId: county.id,
      name: '测试县红十字水上救援队',
      speciality: 'water',
      provinceStatus: 'registered',
      provinceRegNo: 'ZJRC-W-001',
      baseAddress: '枫桥镇',
      baseLat: 29.64,
      baseLng: 120.34,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  teamId = created.json().orgId;
  members.captain = (await addMember('王队长', { role: 'captain', isPartyMember: true })).id;
  members.a = (await addMember('李党员', { isPartyMember: true })).id;
  members.b = (await addMember('赵队员')).id;
  members.c = (await addMember('钱队员')).id;
});
afterAll(() => t.close());

describe('teams', () => {
  it('lists the team with its captain, members and provincial registration', async () => {
    const res = await t.inject(leader, { method: 'GET', url: `/api/rescue/teams?orgId=${county.id}` });
    expect(res.statusCode).toBe(200);
    const [team] = res.json();
    expect(team).toMatchObject({
      orgId: teamId,
      speciality: 'water',
      provinceStatus: 'registered',
      activeMembers: 4,
      partyMembers: 2,
      leaders: [{ name: '王队长', role: 'captain' }],
    });
  });

  it('refuses a rescue profile on a unit that is not a rescue team', async () => {
    const res = await t.inject(leader, {
      method: 'PUT',
      url: `/api/rescue/teams/${county.id}`,
      payload: { speciality: 'mountain' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('RESCUE_NOT_A_TEAM');
  });

  it('gives an existing rescue_team unit a profile, and refuses a base outside China', async () => {
    const unit = await createOrgUnder(t, county, 'rescue_team', { name: '测试山地救援队' });
    const outside = await t.inject(leader, {
      method: 'PUT',
      url: `/api/rescue/teams/${unit.id}`,
      payload: { speciality: 'mountain', baseLat: 48.85, baseLng: 2.35 },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('INVALID_LOCATION');
    const res = await t.inject(leader, {
      method: 'PUT',
      url: `/api/rescue/teams/${unit.id}`,
      payload: { speciality: 'mountain', provinceStatus: 'applied' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ speciality: 'mountain', provinceStatus: 'applied', activeMembers: 0 });
  });

  it('keeps a leader of another county out', async () => {
    const { county: other } = await createBranchChain(t);
    const outsider = await createStaff(t, { orgId: other.id, roleId: 'rescue_leader' });
    const res = await t.inject(outsider, { method: 'GET', url: `/api/rescue/teams/${teamId}/members` });
    expect(res.statusCode).toBe(403);
    const list = await t.inject(outsider, { method: 'GET', url: '/api/rescue/teams' });
    expect(list.json()).toEqual([]);
  });
});

describe('members', () => {
  it('shows masked ID numbers and phones only', async () => {
    const res = await t.inject(leader, { method: 'GET', url: `/api/rescue/teams/${teamId}/members` });
    expect(res.statusCode).toBe(200);
    for (const { idNumber, phone } of Object.values(ids)) {
      expect(res.body).not.toContain(idNumber);
      expect(res.body).not.toContain(phone);
    }
    const captain = res.json().find((m: { id: string }) => m.id === members.captain);
    expect(captain).toMatchObject({ role: 'captain', isPartyMember: true, isActive: true });
    expect(captain.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
  });

  it('refuses the same person twice in a team and a bad ID number, adding nothing', async () => {
    const before = await count('rescue_members');
    const twice = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/teams/${teamId}/members`,
      payload: { name: '李党员', idNumber: ids.李党员.idNumber, joinedOn: '2024-05-01' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('RESCUE_MEMBER_EXISTS');
    const bad = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/teams/${teamId}/members`,
      payload: { name: '错号', idNumber: '330681199001011230', joinedOn: '2024-05-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_ID_NUMBER');
    expect(await count('rescue_members')).toBe(before);
  });

  it('marks certifications expiring within 30 days and refuses an expiry before the issue date', async () => {
    const wrong = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/members/${members.a}/certifications`,
      payload: { kind: '急流救援技术员', issuedOn: '2024-01-01', expiresOn: '2023-12-31' },
    });
    expect(wrong.statusCode).toBe(400);
    const res = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/members/${members.a}/certifications`,
      payload: {
        kind: '急流救援技术员',
        certNo: 'SRT-0012',
        issuer: '浙江省红十字会',
        issuedOn: '2023-06-01',
        expiresOn: daysFromToday(10),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().state).toBe('expiring');
    const later = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/members/${members.b}/certifications`,
      payload: { kind: '船艇驾驶', expiresOn: daysFromToday(400) },
    });
    expect(later.json().state).toBe('valid');
    const team = await t.inject(leader, { method: 'GET', url: `/api/rescue/teams/${teamId}` });
    expect(team.json().expiringCertifications).toBe(1);
  });

  it('warns the captain by SMS once, through the outbox, about certifications expiring within 30 days', async () => {
    const sent = await warnExpiringCertificationsJob(t.db);
    expect(sent).toBeGreaterThanOrEqual(1);
    const rows = await queryRows<{ body: string; recipient_masked: string }>(
      t.db,
      sql`SELECT body, recipient_masked FROM outbox_messages WHERE template = 'rescue.certification-expiry'`,
    );
    const mine = rows.filter((r) => r.body.includes('李党员'));
    expect(mine).toHaveLength(1);
    expect(mine[0].body).toContain('急流救援技术员');
    expect(mine[0].body).not.toContain('船艇驾驶');
    expect(mine[0].recipient_masked).toBe(`${ids.王队长.phone.slice(0, 3)}****${ids.王队长.phone.slice(7)}`);
    expect(await warnExpiringCertificationsJob(t.db)).toBe(0);
  });
});

describe('equipment', () => {
  it('records equipment and an inspection that sets its condition', async () => {
    const added = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/teams/${teamId}/equipment`,
      payload: { name: '冲锋舟', category: 'boat', quantity: 2, serialNo: 'CF-01', lastInspectedOn: '2025-01-10' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().id;
    const inspected = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/equipment/${id}/inspections`,
      payload: { inspectedOn: today(), inspector: '王队长', condition: 'needs_repair', note: '船底划伤' },
    });
    expect(inspected.statusCode, inspected.body).toBe(201);
    expect(inspected.json()).toMatchObject({ condition: 'needs_repair', lastInspectedOn: today() });
    expect(inspected.json().inspections).toHaveLength(1);
  });
});

describe('deployments', () => {
  let deploymentId: string;

  it('refuses a call-out outside China or in the future, writing nothing', async () => {
    const before = await count('rescue_deployments');
    const far = await callOut({ lat: 0, lng: 0, memberIds: [members.a] });
    expect(far.statusCode).toBe(422);
    expect(far.json().error.code).toBe('INVALID_LOCATION');
    const future = await callOut({ calledOutAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(await count('rescue_deployments')).toBe(before);
  });

  it('dispatches only the team’s active members', async () => {
    const stranger = await t.inject(leader, {
      method: 'POST',
      url: '/api/rescue/teams',
      payload: { parentId: county.id, name: '另一支救援队', speciality: 'medical' },
    });
    const otherTeamMember = (await addMember('外队员', {}, stranger.json().orgId)).id;
    const before = await count('rescue_deployments');
    const res = await callOut({ memberIds: [members.a, otherTeamMember] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('RESCUE_MEMBER_NOT_ACTIVE');
    const left = await t.inject(leader, {
      method: 'PATCH',
      url: `/api/rescue/members/${members.c}`,
      payload: { leftOn: today() },
    });
    expect(left.json().isActive).toBe(false);
    const gone = await callOut({ memberIds: [members.c] });
    expect(gone.json().error.code).toBe('RESCUE_MEMBER_NOT_ACTIVE');
    expect(await count('rescue_deployments')).toBe(before);
  });

  it('logs a flood deployment: who went, when they left and came back, what they did', async () => {
    const res = await callOut({
      lat: 29.65,
      lng: 120.31,
      description: '浦阳江水位超警,村庄被困群众待转移',
      memberIds: [members.captain, members.a, members.b],
    });
    expect(res.statusCode, res.body).toBe(201);
    deploymentId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'called_out', members: 3, partyMembers: 2 });

    const departed = await t.inject(leader, {
      method: 'PATCH',
      url: `/api/rescue/deployments/${deploymentId}/members/${members.captain}`,
      payload: { departedAt: hoursAgo(9.5) },
    });
    expect(departed.statusCode, departed.body).toBe(200);
    expect(departed.json().status).toBe('deployed');
    // The rest leave together.
    const all = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/deployments/${deploymentId}/advance`,
      payload: { to: 'returned', at: hoursAgo(1) },
    });
    expect(all.statusCode, all.body).toBe(200);
    // Only the captain had left: the others stay without times and are not counted.
    expect(all.json().dispatched.find((m: { memberId: string }) => m.memberId === members.captain).minutes).toBe(510);
  });

  it('refuses a return before the departure and changes nothing', async () => {
    const before = await t.inject(leader, { method: 'GET', url: `/api/rescue/deployments/${deploymentId}` });
    const res = await t.inject(leader, {
      method: 'PATCH',
      url: `/api/rescue/deployments/${deploymentId}/members/${members.a}`,
      payload: { departedAt: hoursAgo(5), returnedAt: hoursAgo(6) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('RESCUE_RETURN_BEFORE_DEPARTURE');
    const after = await t.inject(leader, { method: 'GET', url: `/api/rescue/deployments/${deploymentId}` });
    expect(after.json().dispatched).toEqual(before.json().dispatched);
  });

  it('records times for the other members', async () => {
    for (const m of [members.a, members.b]) {
      const res = await t.inject(leader, {
        method: 'PATCH',
        url: `/api/rescue/deployments/${deploymentId}/members/${m}`,
        payload: { departedAt: hoursAgo(9), returnedAt: hoursAgo(2) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('refuses a member on another deployment at an overlapping time', async () => {
    const before = await count('rescue_deployments');
    const res = await callOut({ calledOutAt: hoursAgo(4), incidentKind: 'missing_person', memberIds: [members.a] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('RESCUE_MEMBER_BUSY');
    expect(res.json().error.details.members[0].name).toBe('李党员');
    expect(await count('rescue_deployments')).toBe(before);
    // After the return the member may go again.
    const later = await callOut({ calledOutAt: hoursAgo(0.5), incidentKind: 'missing_person', memberIds: [members.a] });
    expect(later.statusCode, later.body).toBe(201);
  });

  it('closes only with the tasks recorded, then refuses changes', async () => {
    const early = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/deployments/${deploymentId}/advance`,
      payload: { to: 'closed' },
    });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().error.code).toBe('RESCUE_REPORT_MISSING');
    const report = await t.inject(leader, {
      method: 'PATCH',
      url: `/api/rescue/deployments/${deploymentId}/report`,
      payload: { tasks: '转移被困群众,巡查堤坝', peopleHelped: 120, peopleRescued: 8 },
    });
    expect(report.statusCode, report.body).toBe(200);
    const closed = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/deployments/${deploymentId}/advance`,
      payload: { to: 'closed', note: '任务完成' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'called_out',
      'members_dispatched',
      'member_times',
      'deployed',
      'returned',
      'member_times',
      'member_times',
      'report',
      'closed',
    ]);
    const again = await t.inject(leader, {
      method: 'PATCH',
      url: `/api/rescue/deployments/${deploymentId}/report`,
      payload: { peopleHelped: 1 },
    });
    expect(again.statusCode).toBe(409);
    const [audit] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${deploymentId} AND entity_type = 'rescue_deployment'`,
    );
    expect(audit.n).toBe(7);
  });
});

describe('training and statistics', () => {
  it('records a training session with the team’s members only', async () => {
    const bad = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/teams/${teamId}/trainings`,
      payload: { heldOn: today(), topic: '急流救援', hours: 3, memberIds: [crypto.randomUUID()] },
    });
    expect(bad.statusCode).toBe(422);
    const res = await t.inject(leader, {
      method: 'POST',
      url: `/api/rescue/teams/${teamId}/trainings`,
      payload: { heldOn: today(), topic: '急流救援', hours: 2.5, memberIds: [members.a, members.b] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ hours: 2.5, attendees: [{ name: '李党员' }, { name: '赵队员' }] });
  });

  it('counts attendance, party-member attendance and its share, and hours, rolled up to the county', async () => {
    const res = await t.inject(leader, { method: 'GET', url: `/api/rescue/stats?orgId=${county.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    // Flood: captain, 李, 赵 left (3, two of them party members); the later call-out has not left yet.
    expect(s.totals).toMatchObject({
      deployments: 2,
      attendance: 3,
      partyAttendance: 2,
      partyShare: 0.667,
      deploymentHours: 22.5,
      peopleHelped: 120,
      peopleRescued: 8,
    });
    const team = s.byTeam.find((r: { orgId: number }) => r.orgId === teamId);
    expect(team).toMatchObject({ attendance: 3, partyAttendance: 2, activeMembers: 3 });
    expect(s.byKind).toEqual(
      expect.arrayContaining([
        { kind: 'flood', deployments: 1 },
        { kind: 'missing_person', deployments: 1 },
      ]),
    );
    const li = s.byMember.find((m: { name: string }) => m.name === '李党员');
    expect(li).toMatchObject({ attendance: 1, deploymentHours: 7, trainingSessions: 1, isPartyMember: true });
    const members = await t.inject(leader, { method: 'GET', url: `/api/rescue/teams/${teamId}/members` });
    expect(members.json().find((m: { name: string }) => m.name === '李党员').attendance).toBe(1);
  });

  it('exports the statistics to Excel', async () => {
    const res = await t.inject(leader, { method: 'GET', url: `/api/rescue/stats/export.xlsx?orgId=${county.id}` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0].eachRow((row) => {
      texts.push(row.values!.toString());
    });
    expect(texts.join('\n')).toContain('测试县红十字水上救援队');
    expect(texts.join('\n')).toContain('66.7%');
  });
});

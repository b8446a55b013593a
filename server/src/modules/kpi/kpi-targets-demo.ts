// Demo targets: this year's targets for 浙江省 and each city (about 10 % above last year's figures where the demo has
// them), 绍兴市's split among its counties, all approved; next year's drafts for the year-end hand-down (绍兴市 left
// for the user to set); one pending change request from 诸暨市. Written through the service so every rule holds, by
// the demo accounts who would do it (mishuzhang at the province, tongji at 绍兴市, zjmishu at 诸暨市).
import type { Db } from '../../db/client';
import { findUserByUsername } from '../../platform/auth/auth.repo';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { type Actor, systemActor } from '../../platform/rbac/actor';
import { builtinRoles } from '../../platform/rbac/permissions';
import { findOrgByCode, type OrgRow } from '../orgs/orgs.service';
import { listChildUnits } from '../orgs/populations';
import { unitFigures } from './kpi.service';
import { approveTargets, currentYear, isAdditive, requestChange, setTargets, splitTarget } from './kpi-targets';
import * as repo from './kpi-targets.repo';

const seedCtx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

/** The indicators the demo sets targets for, with a fallback for a unit the demo has no figures of. */
const plan: { code: string; fallback: number; rate?: number }[] = [
  { code: 'donations.funds_raised', fallback: 800_000 },
  { code: 'training.certificates', fallback: 1_200 },
  { code: 'training.awareness', fallback: 30_000 },
  { code: 'volunteers.hours', fallback: 6_000 },
  { code: 'aed.devices', fallback: 60 },
  { code: 'orgs.boai_homes', fallback: 12 },
  { code: 'party.activities', fallback: 24 },
  { code: 'services.completion_rate', fallback: 98, rate: 98 },
  { code: 'aed.per_100k', fallback: 10 },
];

/** Gifts come in unevenly: more in May (博爱周) and at year end. Shares of the year, in per cent. */
const fundsProfile = [6, 6, 8, 8, 12, 8, 7, 7, 8, 8, 9, 13];

/** Rounds down to two significant digits (1,234,567 → 1,200,000), keeping small counts whole. */
function niceFloor(v: number): number {
  if (v < 100) {
    return Math.max(1, Math.floor(v));
  }
  const step = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.floor(v / step) * step;
}

function monthlyOf(code: string, value: number): number[] | undefined {
  if (code !== 'donations.funds_raised') {
    return undefined;
  }
  const parts = fundsProfile.map((p) => Math.round(value * p) / 100);
  parts[11] = Math.round((value - parts.slice(0, 11).reduce((a, b) => a + b, 0)) * 100) / 100;
  return parts;
}

async function staffCtx(db: Db, username: string, roleId: string, orgCode: string): Promise<Ctx> {
  const user = await findUserByUsername(db, username);
  const org = await findOrgByCode(db, orgCode);
  const role = builtinRoles.find((r) => r.id === roleId);
  if (!user || !org || !role) {
    return seedCtx;
  }
  const actor: Actor = {
    kind: 'staff',
    userId: user.id,
    username,
    displayName: user.displayName,
    sessionHash: 'seed',
    grants: [{ grantId: 'seed', roleId, orgId: org.id, orgPath: org.path, permissions: new Set(role.permissions) }],
  };
  return { actor, requestId: null, ip: null, locale: 'zh' };
}

/** Each unit's figure per indicator for a year as of a month (empty when the engine has none). */
async function figuresOf(
  db: Db,
  units: OrgRow[],
  year: number,
  month: number,
): Promise<Map<number, Map<string, number | null>>> {
  const out = new Map<number, Map<string, number | null>>();
  try {
    for (const u of await unitFigures(
      db,
      units.map((x) => x.id),
      year,
      month,
    )) {
      out.set(u.orgId, new Map(u.figures.map((f) => [f.indicator, f.actual])));
    }
  } catch {
    // Without last year's figures every unit gets the fallback.
  }
  return out;
}

export async function seedDemoTargets(db: Db): Promise<void> {
  const province = await findOrgByCode(db, '330000');
  const shaoxing = await findOrgByCode(db, '330600');
  const zhuji = await findOrgByCode(db, '330681');
  if (!province || !shaoxing) {
    return;
  }
  const year = currentYear();
  if ((await repo.findTargets(db, [province.id], year)).length > 0) {
    return; // Seeded already.
  }
  const catalogue = new Map((await repo.listActiveIndicators(db)).map((i) => [i.code, i]));
  const items = plan.filter((p) => catalogue.has(p.code));
  if (items.length === 0) {
    return;
  }
  const top = await staffCtx(db, 'mishuzhang', 'secretary_general', '330000');
  const cityOfficer = await staffCtx(db, 'tongji', 'kpi_officer', '330600');
  const countyHead = await staffCtx(db, 'zjmishu', 'secretary_general', '330681');

  const cities = (await listChildUnits(db, province.id)).filter((c) => c.type === 'city');
  const counties = (await listChildUnits(db, shaoxing.id)).filter((c) => c.type === 'county');
  const past = await figuresOf(db, [province, ...cities, ...counties], year - 1, 12);
  const asOf = Number(toChinaDate().slice(5, 7));
  const sofar = await figuresOf(db, [province, ...cities, ...counties], year, asOf);
  /**
   * This year's pace over twelve months give or take up to 15 % (so some units are ahead and some behind), else about
   * 10 % above last year's figure; a city the demo has no records of for the indicator gets none (a target far above
   * an empty record would only paint the wall screen red); the province and 绍兴市 fall back to a fixed figure.
   */
  const targetOf = (unit: OrgRow, item: (typeof plan)[number]): number | null => {
    if (item.rate !== undefined) {
      return item.rate;
    }
    const before = past.get(unit.id)?.get(item.code) ?? 0;
    const now = sofar.get(unit.id)?.get(item.code) ?? 0;
    const ind = catalogue.get(item.code)!;
    const spread = 0.85 + ((unit.id * 37 + item.code.length * 11) % 31) / 100;
    const pace = ind.periodKind === 'flow' ? (now * 12) / asOf : now;
    const base = now > 0 ? pace * spread : before > 0 ? before * 1.1 : 0;
    if (base === 0 && unit.id !== province.id && unit.id !== shaoxing.id) {
      return null;
    }
    if (!isAdditive(ind)) {
      return base > 0 ? Math.round(base * 10) / 10 : item.fallback;
    }
    return niceFloor(base > 0 ? base : item.fallback);
  };

  // This year: cities first (to size the province's target), then the province, the cities, 绍兴市's counties.
  const cityValues = new Map(
    cities.map((c) => [
      c.id,
      new Map(
        items.flatMap((i) => {
          const v = targetOf(c, i);
          return v === null ? [] : [[i.code, v] as const];
        }),
      ),
    ]),
  );
  const provinceValues = new Map(
    items.map((i) => {
      const own = targetOf(province, i) ?? 0;
      if (!isAdditive(catalogue.get(i.code)!)) {
        return [i.code, own] as const;
      }
      const sum = cities.reduce((a, c) => a + (cityValues.get(c.id)?.get(i.code) ?? 0), 0);
      return [i.code, Math.max(own, sum)] as const;
    }),
  );
  const put = (ctx: Ctx, orgId: number, y: number, values: Map<string, number>) =>
    setTargets(db, ctx, {
      orgId,
      year: y,
      targets: [...values].map(([indicator, value]) => ({ indicator, value, monthly: monthlyOf(indicator, value) })),
    });
  await put(top, province.id, year, provinceValues);
  await approveTargets(db, top, { orgId: province.id, year });
  for (const c of cities) {
    await put(top, c.id, year, cityValues.get(c.id)!);
    await approveTargets(db, top, { orgId: c.id, year });
  }
  for (const item of items) {
    const cityTarget = cityValues.get(shaoxing.id)?.get(item.code);
    if (cityTarget === undefined || counties.length === 0) {
      continue;
    }
    let shares: { orgId: number; value: number }[];
    if (!isAdditive(catalogue.get(item.code)!)) {
      shares = counties.map((c) => ({ orgId: c.id, value: cityTarget }));
    } else {
      // In proportion to this year's figures so far (evenly without them); the last county takes the rounding rest.
      const weights = counties.map((c) => Math.max(0, sofar.get(c.id)?.get(item.code) ?? 0));
      const total = weights.reduce((a, b) => a + b, 0);
      // Whole units (元, 人, 台): the last county takes the rest.
      const unit = 1;
      shares = counties.map((c, i) => ({
        orgId: c.id,
        value: Math.floor(((total > 0 ? weights[i] / total : 1 / counties.length) * cityTarget * unit) / 1) / unit,
      }));
      const rest = cityTarget - shares.slice(0, -1).reduce((a, s) => a + s.value, 0);
      shares[shares.length - 1].value = Math.round(rest * unit) / unit;
    }
    await splitTarget(db, cityOfficer, { orgId: shaoxing.id, year, indicator: item.code, shares });
  }
  for (const c of counties) {
    await approveTargets(db, top, { orgId: c.id, year });
  }

  // Next year: the province's drafts (about 8 % up, never below this year, and at least the plan's figure: next year
  // every city is to report, not only the ones with demo records), and drafts for the other cities' gifts within it;
  // 绍兴市 is the user's to hand down.
  const next = year + 1;
  const floorOf = new Map(plan.map((p) => [p.code, p.fallback]));
  const provinceNext = new Map(
    [...provinceValues].map(([k, v]) => [
      k,
      isAdditive(catalogue.get(k)!) ? Math.max(v, niceFloor(v * 1.08), floorOf.get(k) ?? 0) : v,
    ]),
  );
  await put(top, province.id, next, provinceNext);
  const funds = 'donations.funds_raised';
  if (catalogue.has(funds)) {
    const others = cities.filter((x) => x.id !== shaoxing.id);
    const raised = others.map((c) => niceFloor((cityValues.get(c.id)?.get(funds) ?? 0) * 1.05));
    const room = (provinceNext.get(funds) ?? 0) - (cityValues.get(shaoxing.id)?.get(funds) ?? 0);
    const fits = raised.reduce((a, b) => a + b, 0) <= room;
    for (const [i, c] of others.entries()) {
      const v = fits ? raised[i] : (cityValues.get(c.id)?.get(funds) ?? 0);
      if (v > 0) {
        await put(top, c.id, next, new Map([[funds, v]]));
      }
    }
  }

  // A county asks to lower a locked target.
  if (zhuji && catalogue.has('donations.funds_raised')) {
    const [target] = await repo.findTargetsOfIndicator(db, [zhuji.id], year, 'donations.funds_raised');
    if (target?.status === 'approved') {
      await requestChange(db, countyHead, target.id, {
        value: niceFloor(target.value * 0.9),
        reason: '受汛期影响,下半年两场募捐活动取消,申请调减年度募集资金目标约 10%。',
      });
    }
  }
}

// Device health and density by unit: per child unit (its whole subtree), the unit's own devices and the total —
// devices, ready, needs service, out of service, battery / pads expiring, inspection overdue, telemetry silent — and
// AEDs per 100,000 inhabitants from the registered population (orgs populations), rolled up the tree.
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { listChildUnits, populationsAt } from '../orgs/populations';
import * as repo from './aed.repo';
import type { AedStats, AedStatsRow } from './aed.schemas';

type Figures = Omit<
  AedStatsRow,
  'orgId' | 'name' | 'kind' | 'population' | 'populationYear' | 'per100k' | 'readyPer100k'
>;
const keys = [
  'devices',
  'ready',
  'needsService',
  'outOfService',
  'batteryExpiring',
  'padsExpiring',
  'inspectionOverdue',
  'telemetrySilent',
] as const;
const zero = (): Figures => Object.fromEntries(keys.map((k) => [k, 0])) as Figures;
const add = (a: Figures, b: Figures): Figures => Object.fromEntries(keys.map((k) => [k, a[k] + b[k]])) as Figures;
const per100k = (n: number, population: number | null) =>
  population ? Math.round((n / population) * 100_000 * 100) / 100 : null;

function toRow(
  unit: { id: number; name: string },
  kind: AedStatsRow['kind'],
  f: Figures,
  pop: { population: number; year: number } | null,
): AedStatsRow {
  return {
    orgId: unit.id,
    name: unit.name,
    kind,
    ...f,
    population: pop?.population ?? null,
    populationYear: pop?.year ?? null,
    per100k: per100k(f.devices, pop?.population ?? null),
    readyPer100k: per100k(f.ready, pop?.population ?? null),
  };
}

/**
 * Health and density of a unit's devices (aed:view there). Rows: one per child unit (its subtree), the unit's own;
 * total = own + children. Population: the latest year on record up to `year`; a unit without its own figure takes the
 * sum of its children's when every child has one.
 */
export async function aedStats(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; year?: number },
  now = new Date(),
): Promise<AedStats> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'aed:view', org.path);
  const today = toChinaDate(now);
  const counts = await repo.healthByOrg(
    db,
    orgs.orgUnderCondition(repo.columns.aed.orgId, org.path),
    org.type === 'province' ? undefined : org.regionId,
    today,
    now,
  );
  const children = await listChildUnits(db, org.id);
  const paths = new Map(
    (
      await orgs.findOrgsByIds(
        db,
        counts.map((c) => Number(c.org_id)),
      )
    ).map((o) => [o.id, o.path]),
  );
  const childFigures = new Map(children.map((c) => [c.id, zero()]));
  let own = zero();
  for (const c of counts) {
    const f: Figures = {
      devices: Number(c.devices),
      ready: Number(c.ready),
      needsService: Number(c.needs_service),
      outOfService: Number(c.out_of_service),
      batteryExpiring: Number(c.battery_expiring),
      padsExpiring: Number(c.pads_expiring),
      inspectionOverdue: Number(c.inspection_overdue),
      telemetrySilent: Number(c.telemetry_silent),
    };
    const path = paths.get(Number(c.org_id)) ?? '';
    const child = children.find((ch) => path.startsWith(ch.path));
    if (child) {
      childFigures.set(child.id, add(childFigures.get(child.id)!, f));
    } else {
      own = add(own, f);
    }
  }
  const year = q.year ?? Number(today.slice(0, 4));
  const pops = await populationsAt(db, [org.id, ...children.map((c) => c.id)], year);
  const rows = children.map((c) => toRow(c, 'child', childFigures.get(c.id)!, pops.get(c.id) ?? null));
  const totalFigures = rows.reduce<Figures>((s, r) => add(s, r), own);
  let totalPop = pops.get(org.id) ?? null;
  if (!totalPop && children.length > 0 && children.every((c) => pops.has(c.id))) {
    totalPop = {
      population: children.reduce((s, c) => s + pops.get(c.id)!.population, 0),
      year: Math.min(...children.map((c) => pops.get(c.id)!.year)),
    };
  }
  return {
    orgId: org.id,
    unitName: org.name,
    rows: [...rows, toRow(org, 'own', own, null)],
    total: toRow(org, 'total', totalFigures, totalPop),
  };
}

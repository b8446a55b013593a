// Registered populations (户籍人口) per unit and year: the base the training targets are shares of (certified ≥ 8%,
// awareness ≥ 40%). Read by the training statistics; edited by orgs:manage at the unit.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Ctx } from '../../platform/http/context';
import { actorId, actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as repo from './orgs.repo';
import type { PopulationView, SetPopulation } from './orgs.schemas';
import { getOrg } from './orgs.service';

/** Each unit's population of the latest year on record at or before `year` (units without one are left out). */
export async function populationsAt(
  db: Db,
  orgIds: number[],
  year: number,
): Promise<Map<number, { population: number; year: number }>> {
  const rows = await repo.findPopulationsAtOrBefore(db, orgIds, year);
  return new Map(rows.map((r) => [r.orgId, { population: r.population, year: r.year }]));
}

/** The direct (active) children of a unit. */
export const listChildUnits = repo.listChildRows;

/** A unit and its children with their population for `year` (and the latest earlier figure). orgs:view at the unit. */
export async function listPopulations(db: Db, ctx: Ctx, orgId: number, year: number): Promise<PopulationView[]> {
  const org = await getOrg(db, orgId);
  assertCanAt(ctx.actor, 'orgs:view', org.path);
  const units = [org, ...(await repo.listChildRows(db, org.id))];
  const rows = await repo.findPopulationsAtOrBefore(
    db,
    units.map((u) => u.id),
    year,
  );
  const byOrg = new Map(rows.map((r) => [r.orgId, r]));
  return units.map((u) => {
    const r = byOrg.get(u.id);
    const exact = r && r.year === year ? r : undefined;
    return {
      orgId: u.id,
      name: u.name,
      isSelf: u.id === org.id,
      year,
      population: exact?.population ?? null,
      source: exact?.source ?? null,
      fallback: r && !exact ? { year: r.year, population: r.population } : null,
    };
  });
}

/** Records a unit's population for a year (orgs:manage at the unit), audited. */
export async function setPopulation(
  db: Db,
  ctx: Ctx,
  orgId: number,
  year: number,
  input: SetPopulation,
): Promise<PopulationView> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, orgId);
    assertCanAt(ctx.actor, 'orgs:manage', org.path);
    const before = (await repo.findPopulationsAtOrBefore(tx, [org.id], year)).find((r) => r.year === year);
    const saved = await repo.upsertPopulation(tx, {
      orgId: org.id,
      year,
      population: input.population,
      source: input.source ?? null,
      updatedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'org_population.set',
      entityType: 'org_population',
      entityId: `${org.id}:${year}`,
      orgId: org.id,
      regionId: org.regionId,
      before: before ? { population: before.population, source: before.source } : undefined,
      after: { population: saved.population, source: saved.source },
    });
    return {
      orgId: org.id,
      name: org.name,
      isSelf: true,
      year,
      population: saved.population,
      source: saved.source,
      fallback: null,
    };
  });
}

/** Writes populations in bulk without audit rows (demo data and first-run seeding only). */
export async function seedPopulations(
  db: Db,
  rows: { orgId: number; year: number; population: number; source: string }[],
): Promise<void> {
  for (const r of rows) {
    await repo.upsertPopulation(db, { ...r, updatedBy: 'system:seed' });
  }
}

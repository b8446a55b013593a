// The org tree's part in the cockpit (数字驾驶舱): the relations the kpi roll-ups join (each unit's ancestors, each
// unit's region, registered populations by the subtree rule) and the grassroots indicators. SQL over this module's
// own tables (orgs, org_populations), run inside the database by the kpi refresh.
import { type SQL, sql } from 'drizzle-orm';
import { type KpiDefinition, type MonthRange, monthEnds } from '../kpi/kpi-sql';

/**
 * A relation `(org_id, ancestor_id)`: every unit paired with itself and each unit above it, from the materialised
 * path ('1.5.23.' → 1, 5, 23). Inactive units keep their place, so they still count in their parent's roll-up.
 */
export const unitAncestors: SQL = sql`(SELECT o.id AS org_id, a.anc::int AS ancestor_id
    FROM orgs o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(anc))`;

/**
 * The last change to what roll-ups depend on besides the facts: the tree (units moved, merged, renamed, (de)activated)
 * and the registered populations. One row `(changed_at)`.
 */
export const structureChangedAt: SQL = sql`(SELECT greatest((SELECT max(updated_at) FROM orgs),
    (SELECT max(updated_at) FROM org_populations)) AS changed_at)`;

/** A relation `(org_id, region_id)` of every unit. */
export const unitRegions: SQL = sql`(SELECT id AS org_id, region_id FROM orgs)`;

/**
 * A relation `(org_id, population)`: each unit's registered population for `year` — its own figure of that year or the
 * latest before — else the sum of its children's (applied down the tree: a unit without a figure adds up the nearest
 * units below it that have one). Units with no figure anywhere below are left out.
 */
export function unitPopulations(year: number): SQL {
  return sql`(WITH own AS (
      SELECT DISTINCT ON (p.org_id) p.org_id, p.population::float8 AS population
        FROM org_populations p WHERE p.year <= ${year} ORDER BY p.org_id, p.year DESC
    ), chain AS (
      SELECT own.org_id AS source_id, own.population, a.anc::int AS ancestor_id, a.ord AS ancestor_level,
             (a.anc::int <> own.org_id AND a.anc::int IN (SELECT org_id FROM own)) AS is_covered
        FROM own JOIN orgs o ON o.id = own.org_id
        CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) WITH ORDINALITY AS a(anc, ord)
    ), nearest AS (
      SELECT source_id, max(ancestor_level) FILTER (WHERE is_covered) AS level FROM chain GROUP BY source_id
    )
    SELECT c.ancestor_id AS org_id, sum(c.population) AS population
      FROM chain c JOIN nearest n ON n.source_id = c.source_id
     WHERE c.ancestor_level > coalesce(n.level, 0)
     GROUP BY c.ancestor_id)`;
}

/** Units of `types` in place at each month end, counted at their parent (a unit does not count itself). */
function unitsAtMonthEnd(r: MonthRange, types: string[]): SQL {
  return sql`
    SELECT u.parent_id AS org_id, me.month, count(*)::float8 AS value, NULL::float8 AS den
      FROM ${monthEnds(r)}
      JOIN orgs u ON u.created_at < me.end_at AND (u.is_active OR u.updated_at >= me.end_at)
     WHERE u.parent_id IS NOT NULL AND u.type IN (${sql.join(
       types.map((t) => sql`${t}`),
       sql`, `,
     )})
     GROUP BY u.parent_id, me.month`;
}

const grassrootsTypes = [
  'township',
  'village',
  'school',
  'enterprise',
  'boai_home',
  'service_station',
  'training_base',
];

export const orgsKpis: KpiDefinition[] = [
  {
    code: 'orgs.grassroots_units',
    group: 'grassroots',
    nameZh: '基层红十字组织',
    nameEn: 'Grassroots Red Cross units',
    unitZh: '个',
    unitEn: 'units',
    descriptionZh:
      '月末在册的基层组织(乡镇街道、村社区、学校、企业、博爱家园、服务站、培训基地),计入上级单位;停用单位以停用时的修改时间为准(近似)。',
    descriptionEn:
      'Grassroots units (townships, villages, schools, enterprises, Boai homes, service stations, training bases) at month end, counted at their parent; a deactivated unit counts until its last change (an approximation).',
    periodKind: 'stock',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => unitsAtMonthEnd(r, grassrootsTypes),
  },
  {
    code: 'orgs.boai_homes',
    group: 'grassroots',
    nameZh: '博爱家园',
    nameEn: 'Boai homes',
    unitZh: '个',
    unitEn: 'homes',
    descriptionZh: '月末在册的博爱家园,计入上级单位;停用单位以停用时的修改时间为准(近似)。',
    descriptionEn:
      'Boai homes at month end, counted at their parent; a deactivated home counts until its last change (an approximation).',
    periodKind: 'stock',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => unitsAtMonthEnd(r, ['boai_home']),
  },
];

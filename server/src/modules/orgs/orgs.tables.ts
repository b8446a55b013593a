// The org tree: every branch and grassroots unit, with a materialised path for subtree queries.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { importTable } from '../../platform/imports/import-table';

export const orgs = pgTable(
  'orgs',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    type: text('type').notNull(),
    code: text('code'),
    parentId: integer('parent_id'),
    /** Ancestor ids and own id, dot-separated and dot-terminated: `1.5.23.` — subtree = `path LIKE '1.5.%'`. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    /** The city-level branch this unit belongs to (the province itself for province-level units). */
    regionId: integer('region_id').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orgs_code_key').on(t.code),
    index('orgs_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('orgs_parent_idx').on(t.parentId),
    index('orgs_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    check('orgs_lat_range', sql`${t.lat} IS NULL OR (${t.lat} BETWEEN -90 AND 90)`),
    check('orgs_lng_range', sql`${t.lng} IS NULL OR (${t.lng} BETWEEN -180 AND 180)`),
  ],
);

/** Administrative codes change (绍兴县 330621 → 柯桥区 330603): every code a unit has held, with its validity. */
export const orgCodeHistory = pgTable(
  'org_code_history',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
  },
  (t) => [index('org_code_history_org_idx').on(t.orgId), index('org_code_history_code_idx').on(t.code)],
);

/** Excel imports of units: status and progress, readable by the uploader while the import runs. */
export const orgImports = importTable('org_imports');

/**
 * The registered population (户籍人口) of a unit's area in a year: the denominator of targets set as shares, such as
 * "certified first-aiders ≥ 8% of the population" or "1.5 AEDs per 10,000 people".
 */
export const orgPopulations = pgTable(
  'org_populations',
  {
    orgId: integer('org_id').notNull(),
    year: integer('year').notNull(),
    population: integer('population').notNull(),
    source: text('source'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'org_populations_pkey', columns: [t.orgId, t.year] }),
    check('org_populations_positive', sql`${t.population} > 0`),
  ],
);

/**
 * Units that merged into another (two townships become one): the predecessor is deactivated, its active children move
 * to the successor, and the successor's comparable series adds the predecessor's months before the effective date.
 */
export const orgSuccessions = pgTable(
  'org_successions',
  {
    id: serial('id').primaryKey(),
    predecessorId: integer('predecessor_id').notNull(),
    successorId: integer('successor_id').notNull(),
    /** The first day the successor stands for the predecessor (a China date). */
    effectiveOn: date('effective_on').notNull(),
    /** merge */
    kind: text('kind').notNull().default('merge'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_successions_predecessor_key').on(t.predecessorId),
    index('org_successions_successor_idx').on(t.successorId),
    check('org_successions_kind', sql`${t.kind} IN ('merge')`),
    check('org_successions_distinct', sql`${t.predecessorId} <> ${t.successorId}`),
  ],
);

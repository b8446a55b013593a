// Member points (积分制), service orders (点餐制) and first-aid kits (急救物品认领制). The rule, award and menu
// catalogues are small reference tables keyed by unit; everything per member carries region_id (the member's
// region, or the kit's owner unit's region; see db/large-tables.ts).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// ------------------------------------------------------------------------------------------------ points

/**
 * A point rule of a unit. It applies to the unit's subtree; a unit below may define the same `code` to override it
 * there (an inactive override switches the rule off in its subtree). `points` is per event, per hour
 * (volunteer_hours) or per ¥100 (donation with basis per_100_yuan); negative for 禁止行为.
 */
export const memberPointRules = pgTable(
  'member_point_rules',
  {
    id: uuid('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 'basic' 基本要求 | 'exemplary' 模范作用 | 'spreading' 传播作用 | 'prohibited' 禁止行为. */
    category: text('category').notNull(),
    points: integer('points').notNull(),
    /** 'manual' | 'training_certified' | 'volunteer_hours' | 'donation'. */
    trigger: text('trigger').notNull(),
    /** Donation rules: 'gift' (per gift) | 'per_100_yuan'. */
    donationBasis: text('donation_basis'),
    /** At most this many points (absolute) per member per year from this rule; null: no cap. */
    yearlyCap: integer('yearly_cap'),
    isActive: boolean('is_active').notNull().default(true),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('member_point_rules_org_code_key').on(t.orgId, t.code),
    index('member_point_rules_code_idx').on(t.code),
    check('member_point_rules_category_check', sql`${t.category} IN ('basic', 'exemplary', 'spreading', 'prohibited')`),
    check(
      'member_point_rules_trigger_check',
      sql`${t.trigger} IN ('manual', 'training_certified', 'volunteer_hours', 'donation')`,
    ),
    check('member_point_rules_sign_check', sql`(${t.category} = 'prohibited') = (${t.points} < 0)`),
  ],
);

/**
 * The append-only ledger of points per member. A correction is a reversing entry (`reverses_id`), never an edit.
 * `source` + `source_ref` name what earned it (a volunteer record, a certificate, a gift, a redemption); automatic
 * sources are unique per rule, so an event awards once.
 */
export const memberPointEntries = pgTable(
  'member_point_entries',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    /** The member's unit when the entry was made. */
    orgId: integer('org_id').notNull(),
    ruleId: uuid('rule_id'),
    ruleCode: text('rule_code').notNull(),
    category: text('category').notNull(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    /** 'staff' | 'volunteer_hours' | 'training' | 'donation' | 'redemption' | 'reversal'. */
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    /** The China year the points count for (the event's date). */
    year: integer('year').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    reversesId: uuid('reverses_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_point_entries_pkey', columns: [t.regionId, t.id] }),
    index('member_point_entries_member_idx').on(t.regionId, t.memberId, t.occurredAt),
    index('member_point_entries_source_idx').on(t.regionId, t.source, t.sourceRef),
    uniqueIndex('member_point_entries_once_key')
      .on(t.regionId, t.source, t.sourceRef, t.ruleCode)
      .where(sql`${t.source} IN ('training', 'donation')`),
    uniqueIndex('member_point_entries_reversal_key').on(t.regionId, t.reversesId),
    check(
      'member_point_entries_source_check',
      sql`${t.source} IN ('staff', 'volunteer_hours', 'training', 'donation', 'redemption', 'reversal')`,
    ),
  ],
);

/**
 * Maintained running totals per member and period (`year` = 0 for all time, else the China year), with the member's
 * unit path, so a subtree's ranking is an index range (see docs/member-points.md "Rankings").
 */
export const memberPointTotals = pgTable(
  'member_point_totals',
  {
    regionId: integer('region_id').notNull(),
    memberId: uuid('member_id').notNull(),
    year: integer('year').notNull(),
    orgId: integer('org_id').notNull(),
    orgPath: text('org_path').notNull(),
    points: integer('points').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_point_totals_pkey', columns: [t.regionId, t.memberId, t.year] }),
    // Whole-province (or city) top-N: walk the points order, filter the path.
    index('member_point_totals_rank_idx').on(t.year, t.points.desc(), t.memberId),
    // Small subtrees: the path prefix range, then sort its few rows; also counts a subtree's members.
    index('member_point_totals_path_idx').on(t.year, t.orgPath.op('text_pattern_ops'), t.points),
  ],
);

/**
 * How many members of a unit have a total in a period (`year` 0 = all time), kept with member_point_totals, so a
 * subtree's ranked count is a sum over its units rather than a count over its members.
 */
export const memberPointUnitCounts = pgTable(
  'member_point_unit_counts',
  {
    regionId: integer('region_id').notNull(),
    orgId: integer('org_id').notNull(),
    year: integer('year').notNull(),
    members: integer('members').notNull(),
  },
  (t) => [
    primaryKey({ name: 'member_point_unit_counts_pkey', columns: [t.regionId, t.orgId, t.year] }),
    index('member_point_unit_counts_year_org_idx').on(t.year, t.orgId),
  ],
);

/** An award a unit offers for points (优秀会员证书, 急救包 …); members of its subtree may redeem it. */
export const memberPointAwards = pgTable(
  'member_point_awards',
  {
    id: uuid('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    pointsCost: integer('points_cost').notNull(),
    /** Left to hand out; null: unlimited. */
    stock: integer('stock'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_point_awards_org_idx').on(t.orgId),
    check('member_point_awards_cost_check', sql`${t.pointsCost} > 0`),
  ],
);

/** A member's redemption: 'requested' (points taken) → 'handed_over' | 'cancelled' (points given back). */
export const memberPointRedemptions = pgTable(
  'member_point_redemptions',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    orgId: integer('org_id').notNull(),
    awardId: uuid('award_id').notNull(),
    awardName: text('award_name').notNull(),
    points: integer('points').notNull(),
    status: text('status').notNull(),
    entryId: uuid('entry_id').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    note: text('note').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'member_point_redemptions_pkey', columns: [t.regionId, t.id] }),
    index('member_point_redemptions_member_idx').on(t.regionId, t.memberId),
    index('member_point_redemptions_org_idx').on(t.orgId, t.status),
    check('member_point_redemptions_status_check', sql`${t.status} IN ('requested', 'handed_over', 'cancelled')`),
  ],
);

// ------------------------------------------------------------------------------------------------ service orders

/** A service on a unit's menu (点餐制): 救护知识讲座, 应急救护培训, 健康讲座, 防灾减灾宣传 … */
export const memberServiceMenu = pgTable(
  'member_service_menu',
  {
    id: uuid('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    audienceMin: integer('audience_min').notNull().default(1),
    audienceMax: integer('audience_max').notNull(),
    /** Days between ordering and the earliest date the unit can deliver. */
    leadDays: integer('lead_days').notNull().default(7),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_service_menu_org_idx').on(t.orgId),
    check('member_service_menu_audience_check', sql`${t.audienceMin} >= 1 AND ${t.audienceMax} >= ${t.audienceMin}`),
  ],
);

/**
 * A member's order: requested → accepted → scheduled → delivered (→ rated), or declined / cancelled. `org_id` is the
 * unit whose menu it was ordered from; region_id the member's.
 */
export const memberServiceOrders = pgTable(
  'member_service_orders',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orderNo: text('order_no').notNull(),
    orgId: integer('org_id').notNull(),
    memberId: uuid('member_id').notNull(),
    menuItemId: uuid('menu_item_id').notNull(),
    serviceName: text('service_name').notNull(),
    preferredDates: jsonb('preferred_dates').$type<string[]>().notNull(),
    place: text('place').notNull(),
    expectedAudience: integer('expected_audience').notNull(),
    note: text('note').notNull().default(''),
    status: text('status').notNull(),
    declineReason: text('decline_reason'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    staffNames: text('staff_names'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attendance: integer('attendance'),
    deliveryNotes: text('delivery_notes'),
    photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_service_orders_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('member_service_orders_no_key').on(t.regionId, t.orderNo),
    index('member_service_orders_id_idx').on(t.id),
    index('member_service_orders_org_idx').on(t.orgId, t.status),
    index('member_service_orders_member_idx').on(t.regionId, t.memberId),
    check(
      'member_service_orders_status_check',
      sql`${t.status} IN ('requested', 'accepted', 'declined', 'scheduled', 'delivered', 'cancelled')`,
    ),
    check('member_service_orders_rating_check', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

// ------------------------------------------------------------------------------------------------ first-aid kits

/** A first-aid kit (急救包) of a unit: in stock, held by a member (assigned), placed at a public spot, or retired. */
export const memberAidKits = pgTable(
  'member_aid_kits',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    /** Printed on the QR sticker: KIT-<admin code>-<seq>. */
    code: text('code').notNull(),
    orgId: integer('org_id').notNull(),
    model: text('model').notNull(),
    status: text('status').notNull(),
    holderMemberId: uuid('holder_member_id'),
    holderRegionId: integer('holder_region_id'),
    placeName: text('place_name'),
    /** WGS-84. */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    placedAt: timestamp('placed_at', { withTimezone: true }),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_aid_kits_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('member_aid_kits_code_key').on(t.regionId, t.code),
    index('member_aid_kits_id_idx').on(t.id),
    index('member_aid_kits_code_idx').on(t.code),
    index('member_aid_kits_org_idx').on(t.orgId, t.status),
    index('member_aid_kits_holder_idx').on(t.holderMemberId),
    check('member_aid_kits_status_check', sql`${t.status} IN ('in_stock', 'assigned', 'placed', 'retired')`),
  ],
);

/** What a kit holds, with expiry dates (纱布, 碘伏棉签, 止血带 …). */
export const memberAidKitItems = pgTable(
  'member_aid_kit_items',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    kitId: uuid('kit_id').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    expiresOn: date('expires_on'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'member_aid_kit_items_pkey', columns: [t.regionId, t.id] }),
    index('member_aid_kit_items_kit_idx').on(t.regionId, t.kitId),
    index('member_aid_kit_items_expiry_idx').on(t.expiresOn),
  ],
);

/** Upkeep tasks: an item expiring (raised by the daily job 30 days ahead) or a refill after use. */
export const memberAidKitTasks = pgTable(
  'member_aid_kit_tasks',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    kitId: uuid('kit_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** 'expiring' | 'refill'. */
    kind: text('kind').notNull(),
    /** The expiring item (expiring tasks) or the usage report (refill tasks). */
    sourceId: uuid('source_id'),
    status: text('status').notNull(),
    dueOn: date('due_on').notNull(),
    detail: text('detail').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closeNote: text('close_note'),
  },
  (t) => [
    primaryKey({ name: 'member_aid_kit_tasks_pkey', columns: [t.regionId, t.id] }),
    // One open task per cause: the daily job may run any number of times.
    uniqueIndex('member_aid_kit_tasks_open_key')
      .on(t.regionId, t.kitId, t.kind, t.sourceId)
      .where(sql`${t.status} = 'open'`),
    index('member_aid_kit_tasks_org_idx').on(t.orgId, t.status),
    check('member_aid_kit_tasks_kind_check', sql`${t.kind} IN ('expiring', 'refill')`),
    check('member_aid_kit_tasks_status_check', sql`${t.status} IN ('open', 'done')`),
  ],
);

/** A check of a kit (by its holder or staff): contents present and in date, or what is wrong. */
export const memberAidKitChecks = pgTable(
  'member_aid_kit_checks',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    kitId: uuid('kit_id').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    checkedBy: text('checked_by').notNull(),
    isOk: boolean('is_ok').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'member_aid_kit_checks_pkey', columns: [t.regionId, t.id] }),
    index('member_aid_kit_checks_kit_idx').on(t.regionId, t.kitId),
  ],
);

/** A report that a kit was used (from its public QR page or by its holder): what was used; raises a refill task. */
export const memberAidKitUsages = pgTable(
  'member_aid_kit_usages',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    kitId: uuid('kit_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull(),
    itemsUsed: text('items_used').notNull(),
    reporter: text('reporter').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_aid_kit_usages_pkey', columns: [t.regionId, t.id] }),
    index('member_aid_kit_usages_kit_idx').on(t.regionId, t.kitId),
  ],
);

/** Kit codes per administrative prefix (KIT-330681-000001). */
export const memberAidKitCounters = pgTable('member_aid_kit_counters', {
  prefix: text('prefix').primaryKey(),
  lastSeq: integer('last_seq').notNull().default(0),
});

// The contract of first-aid kits (急救物品认领制): kits with contents and expiry dates, claimed by or assigned to a
// member who places them at a public spot; checks, usage reports and upkeep tasks.
import { z } from 'zod';

export const kitStatuses = ['in_stock', 'assigned', 'placed', 'retired'] as const;
export type KitStatus = (typeof kitStatuses)[number];
export const kitTaskKinds = ['expiring', 'refill'] as const;

export const kitItemInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  quantity: z.number().int().min(1).max(1000),
  expiresOn: z.iso.date().nullable().optional(),
});
export type KitItemInput = z.infer<typeof kitItemInputSchema>;

export const createKitsSchema = z.strictObject({
  orgId: z.number().int().positive(),
  model: z.string().trim().min(1).max(60),
  items: z.array(kitItemInputSchema).min(1).max(40),
  /** How many identical kits to register (each gets its own code). */
  count: z.number().int().min(1).max(200).default(1),
});
export type CreateKits = z.infer<typeof createKitsSchema>;

export const refillKitSchema = z.strictObject({
  items: z.array(kitItemInputSchema).min(1).max(40),
  note: z.string().trim().max(200).optional(),
});
export const assignKitSchema = z.strictObject({ memberId: z.uuid() });
export const placeKitSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  placeName: z.string().trim().min(2).max(100),
});
export type PlaceKit = z.infer<typeof placeKitSchema>;
export const checkKitSchema = z.strictObject({
  isOk: z.boolean(),
  note: z.string().trim().max(300).optional(),
});
export type CheckKit = z.infer<typeof checkKitSchema>;
export const reportUsageSchema = z.strictObject({
  itemsUsed: z.string().trim().min(1).max(300),
  note: z.string().trim().max(300).optional(),
  /** Who reports (free text, optional, e.g. 路人 / 店主); never a required identity. */
  reporter: z.string().trim().max(40).optional(),
});
export type ReportKitUsage = z.infer<typeof reportUsageSchema>;
export const claimKitSchema = z.strictObject({ code: z.string().trim().min(3).max(40) });
export const closeTaskSchema = z.strictObject({ note: z.string().trim().min(1).max(200) });
export const retireKitSchema = z.strictObject({ reason: z.string().trim().min(2).max(200) });

export const kitIdParamsSchema = z.object({ id: z.uuid() });
export const kitTaskParamsSchema = z.object({ id: z.uuid(), taskId: z.uuid() });
export const kitCodeParamsSchema = z.object({ code: z.string().trim().min(3).max(40) });

export const kitsQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(kitStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type KitsQuery = z.infer<typeof kitsQuerySchema>;
export const kitTasksQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(['open', 'done']).default('open'),
});

const itemViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  quantity: z.number().int(),
  expiresOn: z.string().nullable(),
});
export const kitTaskViewSchema = z.object({
  id: z.uuid(),
  kitId: z.uuid(),
  kitCode: z.string(),
  orgId: z.number().int(),
  kind: z.enum(kitTaskKinds),
  status: z.enum(['open', 'done']),
  dueOn: z.string(),
  detail: z.string(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  closeNote: z.string().nullable(),
});
export type KitTaskView = z.infer<typeof kitTaskViewSchema>;

export const kitSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  model: z.string(),
  status: z.enum(kitStatuses),
  holderMemberId: z.uuid().nullable(),
  holderName: z.string().nullable(),
  placeName: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  gcj02: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  placedAt: z.iso.datetime().nullable(),
  lastCheckedAt: z.iso.datetime().nullable(),
  nextExpiry: z.string().nullable(),
  openTasks: z.number().int(),
});
export type KitSummary = z.infer<typeof kitSummarySchema>;

export const kitViewSchema = kitSummarySchema.extend({
  items: z.array(itemViewSchema),
  tasks: z.array(kitTaskViewSchema),
  checks: z.array(
    z.object({ id: z.uuid(), checkedAt: z.iso.datetime(), checkedBy: z.string(), isOk: z.boolean(), note: z.string() }),
  ),
  usages: z.array(
    z.object({ id: z.uuid(), usedAt: z.iso.datetime(), itemsUsed: z.string(), reporter: z.string(), note: z.string() }),
  ),
});
export type KitView = z.infer<typeof kitViewSchema>;
export const kitPageSchema = z.object({ items: z.array(kitSummarySchema), total: z.number().int() });

/** What anyone scanning the sticker sees: no holder identity. */
export const publicKitViewSchema = z.object({
  code: z.string(),
  model: z.string(),
  orgName: z.string(),
  status: z.enum(kitStatuses),
  placeName: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  items: z.array(itemViewSchema),
  lastCheckedAt: z.iso.datetime().nullable(),
});
export type PublicKitView = z.infer<typeof publicKitViewSchema>;
export const usageReceiptSchema = z.object({ received: z.literal(true), refillTaskId: z.uuid().nullable() });

// The contract of service orders (点餐制): a unit's menu of services, members' orders and their steps, statistics.
import { z } from 'zod';

export const orderStatuses = ['requested', 'accepted', 'declined', 'scheduled', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

const menuFields = {
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).optional(),
  audienceMin: z.number().int().min(1).max(100_000).optional(),
  audienceMax: z.number().int().min(1).max(100_000),
  leadDays: z.number().int().min(0).max(365).optional(),
};

export const createMenuItemSchema = z
  .strictObject({ orgId: z.number().int().positive(), ...menuFields })
  .refine((m) => (m.audienceMin ?? 1) <= m.audienceMax, {
    path: ['audienceMax'],
    message: 'at least the minimum audience',
  });
export type CreateMenuItem = z.infer<typeof createMenuItemSchema>;

export const updateMenuItemSchema = z.strictObject({
  name: menuFields.name.optional(),
  description: menuFields.description,
  audienceMin: menuFields.audienceMin,
  audienceMax: menuFields.audienceMax.optional(),
  leadDays: menuFields.leadDays,
  isActive: z.boolean().optional(),
});
export type UpdateMenuItem = z.infer<typeof updateMenuItemSchema>;

export const menuItemViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  description: z.string(),
  audienceMin: z.number().int(),
  audienceMax: z.number().int(),
  leadDays: z.number().int(),
  isActive: z.boolean(),
});
export type MenuItemView = z.infer<typeof menuItemViewSchema>;

export const orgQuerySchema = z.object({ orgId: z.coerce.number().int().positive() });
export const idParamsSchema = z.object({ id: z.uuid() });

export const placeOrderSchema = z.strictObject({
  menuItemId: z.uuid(),
  preferredDates: z.array(z.iso.date()).min(1).max(3),
  place: z.string().trim().min(2).max(200),
  expectedAudience: z.number().int().min(1).max(100_000),
  note: z.string().trim().max(500).optional(),
});
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

export const acceptOrderSchema = z.strictObject({
  /** Accept and schedule in one step (optional). */
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  staffNames: z.string().trim().min(1).max(200).optional(),
});
export const declineOrderSchema = z.strictObject({ reason: z.string().trim().min(2).max(300) });
export const scheduleOrderSchema = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true }),
  staffNames: z.string().trim().min(1).max(200),
});
export const deliverOrderSchema = z.strictObject({
  attendance: z.number().int().min(0).max(100_000),
  notes: z.string().trim().max(2000).optional(),
  photoFileIds: z.array(z.uuid()).max(9).optional(),
});
export const rateOrderSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
export type AcceptOrder = z.infer<typeof acceptOrderSchema>;
export type ScheduleOrder = z.infer<typeof scheduleOrderSchema>;
export type DeliverOrder = z.infer<typeof deliverOrderSchema>;
export type RateOrder = z.infer<typeof rateOrderSchema>;

export const orderViewSchema = z.object({
  id: z.uuid(),
  orderNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  memberId: z.uuid(),
  memberName: z.string(),
  memberNo: z.string().nullable(),
  menuItemId: z.uuid(),
  serviceName: z.string(),
  preferredDates: z.array(z.string()),
  place: z.string(),
  expectedAudience: z.number().int(),
  note: z.string(),
  status: z.enum(orderStatuses),
  declineReason: z.string().nullable(),
  scheduledAt: z.iso.datetime().nullable(),
  staffNames: z.string().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  attendance: z.number().int().nullable(),
  deliveryNotes: z.string().nullable(),
  photoFileIds: z.array(z.uuid()),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const ordersQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(orderStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;
export const orderPageSchema = z.object({ items: z.array(orderViewSchema), total: z.number().int() });

export const orderStatsQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export const orderStatsSchema = z.object({
  units: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      orders: z.number().int(),
      delivered: z.number().int(),
      declined: z.number().int(),
      open: z.number().int(),
      audience: z.number().int(),
      rated: z.number().int(),
      averageRating: z.number().nullable(),
    }),
  ),
  byService: z.array(z.object({ serviceName: z.string(), orders: z.number().int(), delivered: z.number().int() })),
});
export type OrderStats = z.infer<typeof orderStatsSchema>;

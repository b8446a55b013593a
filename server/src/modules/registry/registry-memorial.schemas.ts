// The contract of the memorial (网上纪念馆): memorial pages made with the family's consent, the public wall, flowers
// and visitors' messages held for moderation.
import { z } from 'zod';

/** The longest message a visitor may leave (characters). */
export const memorialMessageMaxChars = 300;

export const createMemorialSchema = z.strictObject({
  registrationId: z.uuid(),
  /** Who in the family consented, e.g. 王丽(女儿); the signed consent is uploaded. */
  consentBy: z.string().trim().min(2).max(40),
  consentFileId: z.uuid(),
  /** The family agreed to show the full name; otherwise the wall shows the masked name. */
  showName: z.boolean(),
  photoFileId: z.uuid().optional(),
  biography: z.string().trim().min(10).max(2000),
  familyWords: z.string().trim().max(500).optional(),
});
export type CreateMemorial = z.infer<typeof createMemorialSchema>;

export const updateMemorialSchema = z
  .strictObject({
    isPublished: z.boolean().optional(),
    biography: z.string().trim().min(10).max(2000).optional(),
    familyWords: z.string().trim().max(500).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateMemorial = z.infer<typeof updateMemorialSchema>;

export const memorialViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  isNameShown: z.boolean(),
  donationKind: z.enum(['organ', 'body']),
  birthYear: z.number().int().nullable(),
  deathOn: z.iso.date(),
  biography: z.string(),
  familyWords: z.string().nullable(),
  hasPhoto: z.boolean(),
  visitCount: z.number().int(),
  flowerCount: z.number().int(),
  messageCount: z.number().int(),
  orgName: z.string(),
});
export type MemorialView = z.infer<typeof memorialViewSchema>;

export const memorialAdminViewSchema = memorialViewSchema.extend({
  registrationId: z.uuid(),
  orgId: z.number().int(),
  consentBy: z.string(),
  isPublished: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type MemorialAdminView = z.infer<typeof memorialAdminViewSchema>;

export const messageViewSchema = z.object({
  id: z.uuid(),
  authorName: z.string(),
  body: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  createdAt: z.iso.datetime(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const memorialPageSchema = z.object({
  memorial: memorialViewSchema,
  messages: z.array(messageViewSchema),
});

export const memorialWallQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  q: z.string().trim().max(30).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(12),
});
export type MemorialWallQuery = z.infer<typeof memorialWallQuerySchema>;

export const memorialWallSchema = z.object({
  items: z.array(memorialViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const memorialAdminListQuerySchema = memorialWallQuerySchema;
export const memorialAdminPageSchema = z.object({
  items: z.array(memorialAdminViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** A visitor's message: the length cap is checked by the service (MEMORIAL_MESSAGE_TOO_LONG), not here. */
export const leaveMessageSchema = z.strictObject({
  authorName: z.string().trim().min(1).max(20),
  body: z.string().trim().min(1).max(5000),
});
export type LeaveMessage = z.infer<typeof leaveMessageSchema>;

export const flowerResultSchema = z.object({ flowerCount: z.number().int() });

export const moderationQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ModerationQuery = z.infer<typeof moderationQuerySchema>;

export const moderationItemSchema = messageViewSchema.extend({
  memorialId: z.uuid(),
  memorialName: z.string(),
  decidedBy: z.string().nullable(),
});
export const moderationPageSchema = z.object({
  items: z.array(moderationItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const decideMessageSchema = z.strictObject({ decision: z.enum(['approve', 'reject']) });

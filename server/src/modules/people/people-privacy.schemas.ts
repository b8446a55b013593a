// The personal-data request contract (PIPL Art. 44–47): recording a copy or erasure request, the erasure preview and
// result, and the copy itself.
import { z } from 'zod';
import { idTypeValues } from './people.schemas';

export const privacyRequestKindValues = ['export', 'erase'] as const;
export const privacyRequestStatusValues = ['open', 'completed', 'refused'] as const;
export const erasureActionValues = ['delete', 'anonymise', 'retain'] as const;

export const createPrivacyRequestSchema = z
  .strictObject({
    kind: z.enum(privacyRequestKindValues),
    /** The unit that handles the request. */
    orgId: z.number().int().positive().max(2_147_483_647),
    idType: z.enum(idTypeValues).default('resident_id'),
    idNumber: z.string().trim().min(1).max(30).optional(),
    phone: z.string().trim().min(1).max(20).optional(),
    receivedOn: z.iso.date().optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.idNumber !== undefined || v.phone !== undefined, {
    message: 'give the ID number or the phone of the person',
    path: ['idNumber'],
  });
export type CreatePrivacyRequest = z.infer<typeof createPrivacyRequestSchema>;

export const privacyRequestQuerySchema = z.strictObject({
  status: z.enum(privacyRequestStatusValues).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type PrivacyRequestQuery = z.infer<typeof privacyRequestQuerySchema>;

export const privacyRequestViewSchema = z.object({
  id: z.uuid(),
  requestNo: z.string(),
  kind: z.enum(privacyRequestKindValues),
  status: z.enum(privacyRequestStatusValues),
  channel: z.enum(['staff', 'self_service']),
  orgId: z.number().int(),
  subjectMasked: z.string(),
  receivedOn: z.string(),
  /** 15 working days after receipt. */
  dueOn: z.string(),
  isOverdue: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  outcome: z.unknown().nullable(),
});
export type PrivacyRequestView = z.infer<typeof privacyRequestViewSchema>;

export const privacyRequestListSchema = z.object({ items: z.array(privacyRequestViewSchema) });

export const eraseBodySchema = z.strictObject({
  /** true (the default) previews; false erases, in one transaction. */
  dryRun: z.boolean().default(true),
});

export const holdSchema = z.object({ module: z.string(), code: z.string(), reason: z.string(), count: z.number() });

export const erasurePlanSchema = z.object({
  requestId: z.uuid(),
  executed: z.boolean(),
  holds: z.array(holdSchema),
  tables: z.array(
    z.object({
      module: z.string(),
      table: z.string(),
      label: z.string(),
      action: z.enum(erasureActionValues),
      rows: z.number().int(),
      why: z.string(),
    }),
  ),
});
export type ErasurePlan = z.infer<typeof erasurePlanSchema>;

export const personalDataExportSchema = z.object({
  generatedAt: z.string(),
  /** What happens to each part on erasure, so the person sees it with their copy. */
  sections: z.array(
    z.object({
      module: z.string(),
      table: z.string(),
      label: z.string(),
      onErasure: z.enum(erasureActionValues),
      rows: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
export type PersonalDataExport = z.infer<typeof personalDataExportSchema>;

export const selfEraseRequestSchema = z.strictObject({ note: z.string().trim().max(500).optional() });

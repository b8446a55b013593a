// The audit log contract.
import { z } from 'zod';

export const auditQuerySchema = z.strictObject({
  action: z.string().max(60).optional(),
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(60).optional(),
  actorId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorKind: z.string(),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    orgId: z.number().int().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextBeforeId: z.number().int().nullable(),
});

// ---- the hash chain (docs/audit.md)

export const auditChainHeadSchema = z
  .object({ seq: z.number().int(), hash: z.string(), signedAt: z.string(), keyId: z.string(), signature: z.string() })
  .meta({ id: 'AuditChainHead' });

export const auditChainProblemSchema = z.object({
  kind: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'truncated', 'rewritten', 'forged_head']),
  seq: z.number().int().nullable(),
  regionId: z.number().int().nullable(),
  auditId: z.number().int().nullable(),
  detail: z.string(),
});

export const auditChainReportSchema = z
  .object({
    isIntact: z.boolean(),
    rowsChecked: z.number().int(),
    sealedUpTo: z.number().int(),
    tipHash: z.string(),
    unsealedRows: z.number().int(),
    latestHead: auditChainHeadSchema.nullable(),
    headsChecked: z.number().int(),
    problems: z.array(auditChainProblemSchema),
    checkedAt: z.string(),
  })
  .meta({ id: 'AuditChainReport' });

export const auditChainStatusSchema = z
  .object({
    sealedUpTo: z.number().int(),
    tipHash: z.string(),
    unsealedRows: z.number().int(),
    latestHead: auditChainHeadSchema.nullable(),
    /** Base64 Ed25519 public key that verifies the heads; null when this server signs none. */
    publicKey: z.string().nullable(),
    lastVerification: z
      .object({ verifiedAt: z.string(), isIntact: z.boolean(), report: auditChainReportSchema })
      .nullable(),
  })
  .meta({ id: 'AuditChainStatus' });

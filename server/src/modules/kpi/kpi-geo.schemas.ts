// The cockpit's own HTTP shapes: map outlines (GeoJSON keyed by GB/T 2260 codes) and the live feed (today's money and
// the latest public ledger events of a unit's subtree, overdue work). Public facts only: no names, no personal data.
import { z } from 'zod';

export const geoCodeParamsSchema = z.object({
  code: z.string().regex(/^\d{6}(\d{3}){0,2}$/, 'a GB/T 2260 code (6 digits, or 9/12 below a county)'),
});

const positionSchema = z.array(z.number()).min(2).max(2);
const ringSchema = z.array(positionSchema);

export const geoFeatureSchema = z.object({
  type: z.literal('Feature'),
  /** The area's current 6-digit code. */
  id: z.string(),
  properties: z.object({
    name: z.string(),
    /** Codes the area held before (绍兴县 330621 for 柯桥区 330603): a unit still carrying one matches it. */
    formerCodes: z.array(z.string()).optional(),
    /** A point inside the area for its label, [lng, lat]. */
    cp: positionSchema.optional(),
  }),
  geometry: z.union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ringSchema)) }),
  ]),
});

/** The outlines of a unit's child areas: a province's cities or a city's counties. */
export const geoMapSchema = z.object({
  type: z.literal('FeatureCollection'),
  code: z.string(),
  name: z.string(),
  /** Where the outlines come from and under which licence. */
  source: z.string(),
  features: z.array(geoFeatureSchema),
});
export type GeoMap = z.infer<typeof geoMapSchema>;
export type GeoFeature = z.infer<typeof geoFeatureSchema>;

export const liveQuerySchema = z.object({ orgId: z.coerce.number().int().positive() });

export const liveEventSchema = z.object({
  at: z.string(),
  kind: z.enum(['donation', 'payout']),
  amountFen: z.number().int(),
  projectName: z.string().nullable(),
  /** The unit that received the gift or made the payout. */
  orgName: z.string(),
  channel: z.string().nullable(),
  ledgerIndex: z.number().int().nullable(),
  isRefunded: z.boolean(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** The cockpit's live feed for a unit's subtree. */
export const liveFeedSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** Today's China date (YYYY-MM-DD). */
  date: z.string(),
  at: z.string(),
  today: z.object({
    donationCount: z.number().int(),
    donationFen: z.number().int(),
    payoutCount: z.number().int(),
    payoutFen: z.number().int(),
  }),
  /** The latest gifts and payouts, newest first: today's, and earlier days' when today has few. */
  events: z.array(liveEventSchema),
  overdue: z.object({
    /** Relief cases waiting for a decision past their deadline. */
    reliefCases: z.number().int(),
    /** Service-hall requests open past their deadline. */
    serviceRequests: z.number().int(),
  }),
});
export type LiveFeed = z.infer<typeof liveFeedSchema>;

// The donation report contract: gifts received per China day or month, and per project, channel and unit, summed by
// the database (GROUPING SETS), never by paging through gifts. The console's 报表 page imports these types.
import { z } from 'zod';
import { channelValues } from './donations.schemas';

export const reportGranularityValues = ['day', 'month'] as const;
/** The widest range one report may cover: 366 days by day, 120 months by month. */
export const reportMaxPeriods = { day: 366, month: 120 } as const;

export const donationReportQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  granularity: z.enum(reportGranularityValues).default('day'),
  /** First and last Asia/Shanghai calendar day included (for months: any day of the first and last month). */
  from: z.iso.date(),
  to: z.iso.date(),
  /** A unit: its own and its subtree's gifts. */
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  projectId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  channel: z.enum(channelValues).optional(),
});
export type DonationReportQuery = z.infer<typeof donationReportQuerySchema>;

/** Gifts received (gross), how many, and how much of them has since been refunded. */
const sums = {
  amountFen: z.number().int(),
  count: z.number().int(),
  refundedFen: z.number().int(),
};

export const donationReportSchema = z
  .object({
    granularity: z.enum(reportGranularityValues),
    /** The range actually covered (months widened to whole months). */
    from: z.string(),
    to: z.string(),
    totals: z.object({ ...sums, paidOutFen: z.number().int().nullable() }),
    /** Every day (YYYY-MM-DD) or month (YYYY-MM) of the range, oldest first, empty ones included. */
    periods: z.array(
      z.object({
        period: z.string(),
        ...sums,
        /** Payouts paid in the period (null when the report is filtered by channel: payouts have none). */
        paidOutFen: z.number().int().nullable(),
      }),
    ),
    /** Amounts per period and channel (non-empty cells only), for stacked charts. */
    periodChannels: z.array(
      z.object({
        period: z.string(),
        channel: z.enum(channelValues),
        amountFen: z.number().int(),
        count: z.number().int(),
      }),
    ),
    projects: z.array(
      z.object({ projectId: z.number().int(), projectCode: z.string(), projectName: z.string(), ...sums }),
    ),
    channels: z.array(z.object({ channel: z.enum(channelValues), ...sums })),
    /** Per unit that received the gifts (a gift belongs to exactly one unit). */
    units: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), ...sums })),
  })
  .meta({ id: 'DonationReport' });
export type DonationReport = z.infer<typeof donationReportSchema>;

// The cockpit's live feed for a unit's subtree: today's gifts and payouts (China day) with their totals, the latest
// public ledger events for the ticker, and work past its deadline (relief decisions, service-hall requests). Read
// through the donations, relief and services services; only public facts leave here (no donor or payee names).
import type { Db } from '../../db/client';
import { addDays, toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import { dailyDisclosure } from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import { countOverdueCases } from '../relief/relief.service';
import { countOverdueUnder } from '../services/work-queue';
import type { LiveEvent, LiveFeed } from './kpi-geo.schemas';

/** How many events the ticker shows, and how many days back it looks when today is quiet. */
const tickerSize = 20;
const lookBackDays = 7;

type Day = Awaited<ReturnType<typeof dailyDisclosure>>;

function eventsOf(day: Day): LiveEvent[] {
  return [
    ...day.receipts.map((r) => ({
      at: r.receivedAt,
      kind: 'donation' as const,
      amountFen: r.amountFen,
      projectName: r.projectName,
      orgName: r.orgName,
      channel: r.channel,
      ledgerIndex: r.ledgerIndex,
      isRefunded: r.isRefunded,
    })),
    ...day.payouts.map((p) => ({
      at: p.paidAt,
      kind: 'payout' as const,
      amountFen: p.amountFen,
      projectName: p.projectName,
      orgName: p.orgName,
      channel: null,
      ledgerIndex: p.ledgerIndex,
      isRefunded: false,
    })),
  ];
}

/**
 * The live feed of a unit in the caller's kpi:view scope. Throws NOT_FOUND for an unknown unit, FORBIDDEN /
 * OUT_OF_SCOPE outside the caller's kpi:view scope.
 */
export async function liveFeed(db: Db, ctx: Ctx, orgId: number): Promise<LiveFeed> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const date = toChinaDate();
  const [today, reliefCases, serviceRequests] = await Promise.all([
    dailyDisclosure(db, { date, orgId, limit: tickerSize }),
    countOverdueCases(db, org.path),
    countOverdueUnder(db, org.path),
  ]);
  const events = eventsOf(today);
  // A quiet morning still shows the latest activity: walk back a few days until the ticker is full.
  for (let back = 1; back <= lookBackDays && events.length < tickerSize; back++) {
    events.push(...eventsOf(await dailyDisclosure(db, { date: addDays(date, -back), orgId, limit: tickerSize })));
  }
  events.sort((a, b) => b.at.localeCompare(a.at));
  return {
    orgId: org.id,
    orgName: org.name,
    date,
    at: new Date().toISOString(),
    today: {
      donationCount: today.receiptCount,
      donationFen: today.receivedFen,
      payoutCount: today.payoutCount,
      payoutFen: today.paidOutFen,
    },
    events: events.slice(0, tickerSize),
    overdue: { reliefCases, serviceRequests },
  };
}

// Open data: projects as IATI-style activities and their money as IATI-style transactions (incoming funds,
// disbursements), each pointing at its public ledger entry. Anyone can mirror and recompute our figures.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { fenToYuanString } from '../../platform/money';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { ProjectView } from './donations.schemas';
import { getProjectByCode, listPublicProjects } from './donations.service';

const china = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

function identifier(orgCode: string | null, orgId: number, projectCode: string): string {
  return `CN-RCSC-${orgCode ?? orgId}-${projectCode}`;
}

export async function listOpenActivities(db: Db, publicUrl: string, q: { limit: number; offset: number }) {
  const page = await listPublicProjects(db, { limit: q.limit, offset: q.offset });
  const orgRows = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(page.items.map((p) => p.orgId))])).map((o) => [o.id, o]),
  );
  return {
    total: page.total,
    activities: page.items.map((p: ProjectView) => {
      const org = orgRows.get(p.orgId);
      const dates: { type: '2' | '3' | '4'; isoDate: string }[] = [{ type: '2', isoDate: p.startsOn }];
      if (p.endsOn) {
        dates.push({ type: p.status === 'closed' ? '4' : '3', isoDate: p.endsOn });
      }
      return {
        iatiIdentifier: identifier(org?.code ?? null, p.orgId, p.code),
        reportingOrg: {
          ref: `CN-RCSC-${org?.code ?? p.orgId}`,
          // IATI OrganisationType 22: national NGO.
          type: '22',
          narrative: [{ text: p.orgName, lang: 'zh' }],
        },
        title: [{ text: p.name, lang: 'zh' }],
        description: [{ text: `${p.summary}。用途:${p.purpose}`, lang: 'zh' }],
        activityStatus: p.status === 'closed' ? ('3' as const) : ('2' as const),
        activityDates: dates,
        defaultCurrency: 'CNY' as const,
        humanitarian: p.isEmergency,
        fundKind: p.fundKind,
        budget: p.targetFen === null ? null : { value: fenToYuanString(p.targetFen), currency: 'CNY' as const },
        totals: {
          incomingFunds: fenToYuanString(p.raisedFen),
          disbursements: fenToYuanString(p.spentFen),
          transactionCount: p.donationCount,
        },
        transactionsUrl: `${publicUrl.replace(/\/+$/, '')}/api/open-data/activities/${encodeURIComponent(p.code)}/transactions`,
      };
    }),
  };
}

type OpenTransaction = {
  ref: string;
  transactionType: '1' | '3';
  transactionDate: string;
  value: { amount: string; currency: 'CNY'; valueDate: string };
  description: string;
  providerOrg: { narrative: string } | null;
  receiverOrg: { narrative: string } | null;
  channel: string | null;
  ledgerIndex: number;
};

/** A project's transactions in ledger order, `limit` at a time after the given ledger index. */
export async function listOpenTransactions(db: Db, code: string, q: { after: number; limit: number }) {
  const project = await getProjectByCode(db, code);
  if (project.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  const org = await orgs.getOrg(db, project.orgId);
  const { gifts, paid, reversed } = await repo.projectTransactionsAfter(db, project.id, q.after, q.limit);
  const all: OpenTransaction[] = [
    ...gifts.map((g) => ({
      ref: g.donationNo,
      transactionType: '1' as const,
      transactionDate: china(g.receivedAt),
      value: { amount: fenToYuanString(g.amountFen), currency: 'CNY' as const, valueDate: china(g.receivedAt) },
      description: g.intent === 'restricted' ? `定向捐赠:${project.purpose}` : '非定向捐赠',
      providerOrg: { narrative: g.displayName },
      receiverOrg: { narrative: org.name },
      channel: g.channel,
      ledgerIndex: g.ledgerIndex,
    })),
    ...paid.map((p) => ({
      ref: p.payoutNo,
      transactionType: '3' as const,
      transactionDate: china(p.decidedAt!),
      value: { amount: fenToYuanString(p.amountFen), currency: 'CNY' as const, valueDate: china(p.decidedAt!) },
      description: p.supplier ? `${p.purpose}(供应商:${p.supplier}${p.isRelatedParty ? ',关联方' : ''})` : p.purpose,
      providerOrg: { narrative: org.name },
      receiverOrg: { narrative: p.payeeDisplay },
      channel: null,
      ledgerIndex: p.ledgerIndex!,
    })),
    ...reversed.map(({ reversal: r, donationNo }) => ({
      ref: `${donationNo}-R`,
      transactionType: '1' as const,
      transactionDate: china(r.decidedAt!),
      value: { amount: fenToYuanString(-r.amountFen), currency: 'CNY' as const, valueDate: china(r.decidedAt!) },
      description: r.kind === 'refund' ? `退款(${donationNo})` : `更正(${donationNo})`,
      providerOrg: null,
      receiverOrg: { narrative: org.name },
      channel: null,
      ledgerIndex: r.ledgerIndex!,
    })),
  ]
    .sort((a, b) => a.ledgerIndex - b.ledgerIndex)
    .slice(0, q.limit);
  return {
    transactions: all,
    next: all.length === q.limit ? all[all.length - 1].ledgerIndex : null,
  };
}

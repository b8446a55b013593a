// What a project's public page shows besides its totals: its gifts (masked, newest first), its payouts, and the
// flow of its money as a Sankey graph.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { ProjectFlow } from './donations.schemas';
import { getProjectByCode } from './donations.service';

const channelNames: Record<string, string> = {
  local: '在线捐赠(演示支付)',
  wechat: '微信支付',
  alipay: '支付宝',
  bank: '银行转账',
  cash: '现金',
  cheque: '支票',
};

async function publicProject(db: Db, code: string) {
  const project = await getProjectByCode(db, code);
  if (project.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  return project;
}

export async function listProjectGifts(db: Db, code: string, q: { limit: number; offset: number }) {
  const project = await publicProject(db, code);
  const org = await orgs.getOrg(db, project.orgId);
  const { rows, total } = await repo.listProjectGifts(db, project.id, q.limit, q.offset);
  const refunded = await repo.refundedDonationIds(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    items: rows.map((d) => ({
      donationNo: d.donationNo,
      receivedAt: d.receivedAt.toISOString(),
      displayName: d.displayName,
      isAnonymous: d.isAnonymous,
      amountFen: d.amountFen,
      channel: d.channel as 'local',
      projectCode: project.code,
      projectName: project.name,
      orgName: org.name,
      ledgerIndex: d.ledgerIndex,
      isRefunded: refunded.has(d.id),
    })),
  };
}

export async function listProjectPayouts(db: Db, code: string, q: { limit: number; offset: number }) {
  const project = await publicProject(db, code);
  const org = await orgs.getOrg(db, project.orgId);
  const { rows, total } = await repo.listProjectPayouts(db, project.id, q.limit, q.offset);
  return {
    total,
    items: rows.map((p) => ({
      payoutNo: p.payoutNo,
      paidAt: p.decidedAt!.toISOString(),
      payeeDisplay: p.payeeDisplay,
      amountFen: p.amountFen,
      purpose: p.purpose,
      projectCode: project.code,
      projectName: project.name,
      orgName: org.name,
      supplier: p.supplier,
      unitPriceFen: p.unitPriceFen,
      quantity: p.quantity,
      isRelatedParty: p.isRelatedParty,
      ledgerIndex: p.ledgerIndex,
    })),
  };
}

/**
 * The Sankey graph of a project's money: each channel into the project's fund, and out of it to each payout
 * purpose, to other funds (allocations), and what remains unspent. For an unrestricted project (whose gifts join its
 * unit's general fund) only the inflow is the project's own.
 */
export async function projectFlow(db: Db, code: string): Promise<ProjectFlow> {
  const project = await publicProject(db, code);
  const fund = project.fundKind === 'restricted' ? await repo.findProjectFund(db, project.id) : undefined;
  const flows = await repo.projectFlows(db, project.id, fund?.id ?? null);
  const fundNode = fund?.name ?? project.name;
  const nodes: ProjectFlow['nodes'] = [{ name: fundNode, kind: 'fund', code: null }];
  const links: ProjectFlow['links'] = [];
  for (const i of flows.inflow) {
    const name = channelNames[i.channel] ?? i.channel;
    nodes.push({ name, kind: 'channel', code: i.channel });
    links.push({ source: name, target: fundNode, valueFen: i.totalFen });
  }
  let _out = 0;
  for (const o of flows.outflow) {
    const name = `用于:${o.purpose}`;
    nodes.push({ name, kind: 'purpose', code: null });
    links.push({ source: fundNode, target: name, valueFen: o.totalFen });
    _out += o.totalFen;
  }
  const fundNames = new Map(
    (
      await repo.findFundsByIds(
        db,
        flows.moved.map((m) => m.toFundId),
      )
    ).map((f) => [f.id, f.name]),
  );
  for (const m of flows.moved) {
    const name = `调拨至:${fundNames.get(m.toFundId) ?? m.toFundId}`;
    nodes.push({ name, kind: 'allocation', code: null });
    links.push({ source: fundNode, target: name, valueFen: m.totalFen });
    _out += m.totalFen;
  }
  if (fund) {
    const unspent = await repo.fundBalance(db, fund.id);
    if (unspent > 0) {
      nodes.push({ name: '尚未使用', kind: 'unspent', code: null });
      links.push({ source: fundNode, target: '尚未使用', valueFen: unspent });
    }
  }
  return { nodes, links: links.filter((l) => l.valueFen > 0) };
}

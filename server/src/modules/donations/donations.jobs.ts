// Background work of the donations module: certificates for new gifts, the expiry of unpaid orders and the order
// query (补单) for orders that expired without a notification.
import type { Db } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { systemActor } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import { defineDisclosureJobs } from './disclosures';
import { renderDonationCertificate } from './documents/certificate-pdf';
import * as donations from './donations.service';
import { defineGivingJobs, type GivingRuntime } from './giving';

/** The public page of a gift: its trail and its verified ledger proof. */
export function traceUrl(publicUrl: string, donationNo: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/trace/${donationNo}`;
}

/**
 * Renders and stores the certificate of a gift, and tells a donor who left a phone where to find it.
 * Idempotent: a gift that has a certificate is skipped.
 */
export async function issueCertificate(db: Db, publicUrl: string, regionId: number, donationId: string): Promise<void> {
  const gift = await donations.findDonationById(db, donationId);
  if (!gift || gift.regionId !== regionId || gift.certificateFileId) {
    return;
  }
  const project = (await donations.findProjectById(db, gift.projectId))!;
  const org = await orgs.getOrg(db, gift.orgId);
  const url = traceUrl(publicUrl, gift.donationNo);
  const pdf = await renderDonationCertificate({
    donationNumber: gift.donationNo,
    donorName: gift.isAnonymous ? null : gift.donorName,
    amountFen: gift.amountFen,
    projectName: project.name,
    donatedAt: gift.receivedAt,
    issuerName: org.name,
    traceUrl: url,
    ledger: {
      index: gift.ledgerIndex,
      leafHashHex: await ledger.getLeafHashHex(db, gift.ledgerIndex),
      salt: gift.saltEnc ? pii().decrypt(gift.saltEnc) : '',
    },
  });
  const ctx: Ctx = { actor: systemActor('donations.certificate'), requestId: null, ip: null, locale: 'zh' };
  const file = await storeFile(db, ctx, {
    purpose: 'certificate',
    name: `捐赠证书-${gift.donationNo}.pdf`,
    bytes: pdf,
    contentType: 'application/pdf',
    orgId: gift.orgId,
  });
  await donations.setDonationCertificate(db, gift, file.id);
  if (gift.donorPhoneEnc) {
    await queueMessage(db, {
      channel: 'sms',
      to: pii().decrypt(gift.donorPhoneEnc),
      template: 'donation.received',
      body: `【博爱】感谢您向"${project.name}"捐赠 ¥${(gift.amountFen / 100).toFixed(2)},捐赠编号 ${gift.donationNo}。捐赠去向与公开账本证明:${url}`,
      dedupeKey: `donation.received:${gift.id}`,
    });
  }
}

export function defineDonationJobs(opts: { publicUrl: string; giving?: GivingRuntime }): void {
  defineGivingJobs(opts.giving);
  defineDisclosureJobs();
  defineJob('donations.certificate', async (db, payload) => {
    await issueCertificate(db, opts.publicUrl, Number(payload.regionId), String(payload.donationId));
  });
}

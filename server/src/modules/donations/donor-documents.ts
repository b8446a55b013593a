// What a donor takes away: the certificate PDF (at once, whether or not the background job has run), the project's
// QR poster, their own gifts when signed in by phone, and an annual statement of their giving.
import type { Db } from '../../db/client';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { formatYuan } from '../../platform/money';
import { pii } from '../../platform/pii';
import * as orgs from '../orgs/orgs.service';
import { renderProjectPosterPdf, renderProjectPosterPng } from './documents/poster';
import { renderAnnualStatement } from './documents/statement-pdf';
import { issueCertificate, traceUrl } from './donations.jobs';
import * as repo from './donations.repo';
import type { DonorDonation, PublicDonation } from './donations.schemas';
import { getDonationWithToken, getProjectByCode, viewPublicDonations } from './donations.service';

async function certificateOf(db: Db, publicUrl: string, gift: repo.DonationRow): Promise<Buffer> {
  if (!gift.certificateFileId) {
    await db.transaction((tx) => issueCertificate(tx, publicUrl, gift.regionId, gift.id));
  }
  const fresh = (await repo.findDonationById(db, gift.id))!;
  const file = await findStoredFile(db, fresh.certificateFileId!);
  return Buffer.from(file!.data);
}

/** The certificate of a gift, for the holder of its access token. */
export async function getCertificateWithToken(db: Db, publicUrl: string, donationNo: string, token: string) {
  return certificateOf(db, publicUrl, await getDonationWithToken(db, donationNo, token));
}

async function getOwnGift(db: Db, ctx: Ctx, donationNo: string): Promise<repo.DonationRow> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const gift = await repo.findDonationByNo(db, donationNo);
  if (!gift || gift.donorPhoneHash !== phoneHash) {
    throw new AppError('NOT_FOUND', { entity: 'donation', donationNo });
  }
  return gift;
}

/** The certificate of one of the signed-in donor's gifts. */
export async function getOwnCertificate(db: Db, ctx: Ctx, publicUrl: string, donationNo: string) {
  return certificateOf(db, publicUrl, await getOwnGift(db, ctx, donationNo));
}

/** "My donations": the signed-in donor's gifts (by the phone they gave), each with its trail and salt. */
export async function listOwnDonations(db: Db, ctx: Ctx): Promise<DonorDonation[]> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const gifts = await repo.listDonationsByPhoneHash(db, phoneHash);
  const trails = await viewPublicDonations(db, gifts);
  return gifts.map((g, i) => ({
    ...trails[i],
    donorName: g.donorName,
    salt: g.saltEnc ? pii().decrypt(g.saltEnc) : null,
    commitment: g.commitment,
    certificateUrl: `/api/me/donations/${g.donationNo}/certificate.pdf`,
  }));
}

function usageSummary(p: PublicDonation): string {
  if (p.isRefunded) {
    return '已退款';
  }
  if (p.spends.length === 0) {
    return '尚未使用,留存于项目基金';
  }
  const used = p.spends.map((s) => `${formatYuan(s.amountFen)} 用于${s.purpose}`).join(';');
  return p.unspentFen > 0 ? `${used};余 ${formatYuan(p.unspentFen)} 待使用` : used;
}

/** The signed-in donor's annual statement (PDF) of the gifts given with their phone in one year (Asia/Shanghai). */
export async function renderOwnStatement(db: Db, ctx: Ctx, publicUrl: string, year: number): Promise<Buffer> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const gifts = (await repo.listDonationsByPhoneHash(db, phoneHash, from, to)).reverse();
  const named = gifts.find((g) => g.donorName);
  const trails = await viewPublicDonations(db, gifts);
  const donations = gifts.map((g, i) => ({
    donationNumber: g.donationNo,
    donatedAt: g.receivedAt,
    projectName: trails[i].projectName,
    amountFen: g.amountFen,
    usageSummary: usageSummary(trails[i]),
  }));
  return renderAnnualStatement({
    year,
    donorName: named?.donorName ?? '爱心人士',
    issuerName: '博爱 · 数字红会',
    issuedAt: new Date(),
    donations,
    portalUrl: `${publicUrl.replace(/\/+$/, '')}/me`,
  });
}

/** A project's QR poster (PNG or PDF) pointing at its donate page. */
export async function renderPoster(db: Db, publicUrl: string, code: string, format: 'png' | 'pdf'): Promise<Buffer> {
  const project = await getProjectByCode(db, code);
  if (project.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  const org = await orgs.getOrg(db, project.orgId);
  const totals = (await repo.projectGiftTotals(db, [project.id])).get(project.id);
  const input = {
    projectName: project.name,
    ownerUnitName: org.name,
    description: project.summary,
    targetFen: project.targetFen,
    raisedFen: totals?.raisedFen ?? 0,
    donateUrl: `${publicUrl.replace(/\/+$/, '')}/give/${encodeURIComponent(project.code)}`,
  };
  return format === 'png' ? renderProjectPosterPng(input) : renderProjectPosterPdf(input);
}

export { traceUrl };

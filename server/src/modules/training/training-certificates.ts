// Certificates: issue when theory and practical are passed, number series per issuing unit, PDF, public
// verification, revocation, expiry reminders, re-certification, import of historical certificates.
import crypto from 'node:crypto';
import { and, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { addDays, parseChinaDateTime, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import { findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import { maskIdNumber, maskName } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import * as imports from '../../platform/imports/imports.service';
import { defineJob } from '../../platform/jobs/jobs.service';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorId, actorLabel, assertCanAt, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import { renderCertificatePdf } from './training-certificate-pdf';
import * as repo from './training-certificates.repo';
import type {
  CertificateListQuery,
  CertificateStatus,
  CertificateVerification,
  CertificateView,
  MyCertificate,
  RevokeCategory,
  RevokeCertificate,
} from './training-certificates.schemas';

/** Where the certificate links (QR code, messages) point: the public site, set when the routes are registered. */
const links = { publicUrl: 'http://localhost:3000' };

export function configureCertificateLinks(publicUrl: string | undefined): void {
  if (publicUrl) {
    links.publicUrl = publicUrl.replace(/\/+$/, '');
  }
}

export function certificateVerifyUrl(certNo: string, verifyCode: string): string {
  return `${links.publicUrl}/certificates/v/${encodeURIComponent(certNo)}?c=${verifyCode}`;
}

const whoIs = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);

// ------------------------------------------------------------------------------------------------ dates, numbers

/** YYYY-MM-DD plus whole years (29 February falls back to 28 February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) {
    target.setUTCDate(0);
  }
  return target.toISOString().slice(0, 10);
}

export { addDays };

/**
 * Validity of a new certificate. A re-certification (复训) renews the holder's latest valid certificate: the new one
 * runs `years` from the later of today and the old one's end, so renewing early loses no time; the old certificate
 * stays valid until its own date.
 */
export function validityOf(issuedOn: string, years: number, renews: { validUntil: string } | undefined): string {
  const start = renews && renews.validUntil > issuedOn ? renews.validUntil : issuedOn;
  return addYears(start, years);
}

export function certificateStatus(row: { status: string; validUntil: string }, today: string): CertificateStatus {
  if (row.status === 'revoked') {
    return 'revoked';
  }
  return row.validUntil < today ? 'expired' : 'valid';
}

/**
 * The number series a unit issues in: the unit's own administrative code, or its nearest coded ancestor's (a
 * training base or a school issues in its county's series). The counter belongs to that coded unit, so two units
 * sharing a prefix never draw the same number. Example: JH330681-2026-000123.
 */
export async function seriesOf(db: Db, orgId: number): Promise<{ orgId: number; prefix: string }> {
  const org = await orgs.getOrg(db, orgId);
  if (org.code) {
    return { orgId: org.id, prefix: `JH${org.code}` };
  }
  const ancestorIds = org.path.split('.').filter(Boolean).map(Number).reverse();
  const ancestors = new Map((await orgs.findOrgsByIds(db, ancestorIds)).map((o) => [o.id, o]));
  for (const id of ancestorIds) {
    const a = ancestors.get(id);
    if (a?.code) {
      return { orgId: a.id, prefix: `JH${a.code}` };
    }
  }
  return { orgId: org.id, prefix: `JH${String(org.id).padStart(6, '0')}` };
}

export function formatCertNo(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/** A random code for the QR link: 10 characters without look-alikes (about 50 bits). */
export function newVerifyCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(10);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

// ------------------------------------------------------------------------------------------------ views

type Names = { orgName: (id: number) => string; course: (id: number) => repo.CourseRow | undefined };

async function namesFor(db: Db, rows: { orgId: number }[]): Promise<Names> {
  const orgRows = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const orgNames = new Map(orgRows.map((o) => [o.id, o.name]));
  const courses = new Map((await repo.listCourses(db)).map((c) => [c.id, c]));
  return { orgName: (id) => orgNames.get(id) ?? '', course: (id) => courses.get(id) };
}

export function toCertificateView(row: repo.CertificateRow, names: Names, today: string): CertificateView {
  const course = names.course(row.courseId);
  return {
    id: row.id,
    certNo: row.certNo,
    kind: row.kind,
    title: course?.certificateTitle ?? '救护员证',
    courseName: course?.nameZh ?? '',
    unitName: names.orgName(row.orgId),
    orgId: row.orgId,
    holderName: row.holderName,
    holderNameMasked: row.holderNameMasked,
    idNumberMasked: row.idNumberMasked,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    status: certificateStatus(row, today),
    source: row.source as CertificateView['source'],
    classId: row.classId,
    enrolmentId: row.enrolmentId,
    renewsId: row.renewsId,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeCategory: (row.revokeCategory as RevokeCategory | null) ?? null,
    revokeReason: row.revokeReason,
    createdAt: row.createdAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------ issuing

/** The person's phone (decrypted) for messages, or null when none is on record. */
async function phoneOfPerson(db: Db, personId: string): Promise<string | null> {
  const person = await people.findPersonRow(db, personId);
  return person?.phoneEnc ? pii().decrypt(person.phoneEnc) : null;
}

/** What another module learns when a certificate is issued on passing (in the issuing transaction). */
export type IssuedCertificate = {
  regionId: number;
  certificateId: string;
  certNo: string;
  personId: string;
  orgId: number;
  issuedOn: string;
};
export type CertificateIssuedHook = (tx: Db, ctx: Ctx, cert: IssuedCertificate) => Promise<void>;
const issuedHooks = new Map<string, CertificateIssuedHook>();

/** Lets another module act on a certificate issued on passing (e.g. member points); registering again replaces it. */
export function onCertificateIssued(name: string, hook: CertificateIssuedHook): void {
  issuedHooks.set(name, hook);
}

/**
 * Issues the course's certificate when the enrolment has passed every exam its course has (theory and/or practical),
 * in the caller's transaction; marks the enrolment completed. Returns the certificate id, or null when not (yet)
 * eligible or already issued. Called by the exam grading (theory passed) and the practical signing.
 */
export async function issueCertificateIfComplete(
  tx: Db,
  ctx: Ctx,
  ref: { regionId: number; enrolmentId: string },
): Promise<string | null> {
  const enrolment = await repo.lockEnrolment(tx, ref.regionId, ref.enrolmentId);
  if (!enrolment || enrolment.certificateId || !['enrolled', 'completed'].includes(enrolment.status)) {
    return null;
  }
  const cls = await repo.findClassInRegion(tx, enrolment.regionId, enrolment.classId);
  const course = cls ? await repo.findCourse(tx, cls.courseId) : undefined;
  if (!cls || !course) {
    return null;
  }
  const passed =
    (!course.hasTheoryExam || enrolment.theoryResult === 'passed') &&
    (!course.hasPracticalExam || enrolment.practicalResult === 'passed');
  if (!passed) {
    return null;
  }
  if (!course.certificateYears) {
    await repo.updateEnrolment(tx, enrolment, { status: 'completed' });
    return null;
  }
  const issuedOn = toChinaDate();
  const kind = course.kind === 'recert' ? 'first_aider' : course.kind;
  const renews =
    course.kind === 'recert'
      ? await repo.findLatestValidCertificate(tx, enrolment.personId, kind, issuedOn)
      : undefined;
  const org = await orgs.getOrg(tx, cls.orgId);
  const series = await seriesOf(tx, org.id);
  const year = Number(issuedOn.slice(0, 4));
  const seq = await repo.takeCertSeq(tx, series.orgId, year);
  const cert = await repo.insertCertificate(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    certNo: formatCertNo(series.prefix, year, seq),
    orgId: org.id,
    courseId: course.id,
    kind,
    personId: enrolment.personId,
    personRegionId: enrolment.personRegionId,
    holderName: enrolment.name,
    holderNameMasked: maskName(enrolment.name),
    idNumberMasked: enrolment.idNumberMasked,
    phoneHash: enrolment.phoneHash,
    classId: cls.id,
    enrolmentId: enrolment.id,
    issuedOn,
    validUntil: validityOf(issuedOn, course.certificateYears, renews),
    status: 'valid',
    source: course.kind === 'recert' ? 'recert' : 'exam',
    verifyCode: newVerifyCode(),
    renewsId: renews?.id ?? null,
    createdBy: whoIs(ctx),
  });
  await repo.updateEnrolment(tx, enrolment, {
    status: 'completed',
    certificateId: cert.id,
    completedAt: new Date(),
  });
  for (const hook of issuedHooks.values()) {
    await hook(tx, ctx, {
      regionId: cert.regionId,
      certificateId: cert.id,
      certNo: cert.certNo,
      personId: cert.personId,
      orgId: cert.orgId,
      issuedOn,
    });
  }
  const names = await namesFor(tx, [cert]);
  await recordAudit(tx, ctx, {
    action: 'training_certificate.issued',
    entityType: 'training_certificate',
    entityId: cert.id,
    orgId: cert.orgId,
    regionId: cert.regionId,
    after: toCertificateView(cert, names, issuedOn),
  });
  const phone = enrolment.phoneEnc ? pii().decrypt(enrolment.phoneEnc) : await phoneOfPerson(tx, cert.personId);
  if (phone) {
    await queueMessage(tx, {
      channel: 'sms',
      to: phone,
      template: 'training.certificate-issued',
      body: `【博爱】${cert.holderName},恭喜您通过考核,获得${course.certificateTitle ?? '救护员证'}(编号 ${cert.certNo},有效期至 ${cert.validUntil})。查验与下载:${certificateVerifyUrl(cert.certNo, cert.verifyCode)}`,
      dedupeKey: `training-cert-issued:${cert.id}`,
    });
  }
  return cert.id;
}

/** Revokes a certificate in the caller's transaction (no permission check: the caller decided), audited, notified. */
export async function revokeCertificateIn(
  tx: Db,
  ctx: Ctx,
  cert: repo.CertificateRow,
  input: RevokeCertificate,
): Promise<repo.CertificateRow> {
  if (cert.status === 'revoked') {
    throw new AppError('TRANSITION_NOT_ALLOWED', { status: 'revoked', action: 'revoke' });
  }
  const today = toChinaDate();
  const names = await namesFor(tx, [cert]);
  const after = await repo.updateCertificate(tx, cert.regionId, cert.id, {
    status: 'revoked',
    revokedAt: new Date(),
    revokedBy: whoIs(ctx),
    revokeCategory: input.category,
    revokeReason: input.reason,
  });
  await recordAudit(tx, ctx, {
    action: 'training_certificate.revoked',
    entityType: 'training_certificate',
    entityId: cert.id,
    orgId: cert.orgId,
    regionId: cert.regionId,
    before: toCertificateView(cert, names, today),
    after: toCertificateView(after, names, today),
    reason: input.reason,
  });
  const phone = await phoneOfPerson(tx, cert.personId);
  if (phone) {
    await queueMessage(tx, {
      channel: 'sms',
      to: phone,
      template: 'training.certificate-revoked',
      body: `【博爱】您的证书(编号 ${cert.certNo})已被撤销。原因:${input.reason}。如有疑问请联系发证单位 ${names.orgName(cert.orgId)}。`,
      dedupeKey: `training-cert-revoked:${cert.id}`,
    });
  }
  return after;
}

async function getCertificate(db: Db, id: string): Promise<repo.CertificateRow> {
  const row = await repo.findCertificateById(db, id);
  if (!row) {
    throw new AppError('CERTIFICATE_NOT_FOUND', { id });
  }
  return row;
}

/** A certificate for staff holding `permission` at its issuing unit (OUT_OF_SCOPE elsewhere). */
async function getCertificateFor(
  db: Db,
  ctx: Ctx,
  id: string,
  permission: 'training:view' | 'training:certify',
): Promise<repo.CertificateRow> {
  const row = await getCertificate(db, id);
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return row;
}

/** Revokes a certificate (training:certify at its issuing unit). Throws TRANSITION_NOT_ALLOWED when already revoked. */
export async function revokeCertificate(db: Db, ctx: Ctx, id: string, input: RevokeCertificate) {
  return db.transaction(async (tx) => {
    const found = await getCertificateFor(tx, ctx, id, 'training:certify');
    const cert = (await repo.lockCertificate(tx, found.regionId, found.id))!;
    const after = await revokeCertificateIn(tx, ctx, cert, input);
    return toCertificateView(after, await namesFor(tx, [after]), toChinaDate());
  });
}

// ------------------------------------------------------------------------------------------------ staff views

export async function viewCertificate(db: Db, ctx: Ctx, id: string): Promise<CertificateView> {
  const row = await getCertificateFor(db, ctx, id, 'training:view');
  return toCertificateView(row, await namesFor(db, [row]), toChinaDate());
}

async function certificateFilter(db: Db, ctx: Ctx, q: CertificateListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.certificateOrgColumn, ctx, 'training:view')];
  let regionId: number | undefined;
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'training:view', org.path);
    where.push(orgs.orgUnderCondition(repo.certificateOrgColumn, org.path));
    regionId = org.type === 'province' ? undefined : org.regionId;
  }
  let personId: string | undefined;
  if (q.idNumber) {
    const person = await people.findPersonByIdNumber(db, q.idNumber.toUpperCase());
    personId = person?.id ?? crypto.randomUUID();
  }
  return { scope: and(...where)!, regionId, personId };
}

/** Certificates issued in the caller's units: by number or name, ID number, unit, status, expiring within N days. */
export async function listCertificates(db: Db, ctx: Ctx, q: CertificateListQuery) {
  const today = toChinaDate();
  const f = await certificateFilter(db, ctx, q);
  const { rows, total } = await repo.listCertificates(db, {
    ...f,
    q: q.q,
    status: q.status,
    expiringWithinDays: q.expiringWithinDays,
    today,
    limit: q.limit,
    offset: q.offset,
  });
  const names = await namesFor(db, rows);
  return { items: rows.map((r) => toCertificateView(r, names, today)), total };
}

const exportColumns: SheetColumn[] = [
  { key: 'certNo', header: '证书编号', width: 26, isText: true },
  { key: 'holderName', header: '姓名', width: 12 },
  { key: 'idNumberMasked', header: '身份证号(脱敏)', width: 22, isText: true },
  { key: 'courseName', header: '课程', width: 20 },
  { key: 'unitName', header: '发证单位', width: 24 },
  { key: 'issuedOn', header: '发证日期', width: 12 },
  { key: 'validUntil', header: '有效期至', width: 12 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'source', header: '来源', width: 10 },
  { key: 'revokeReason', header: '撤销原因', width: 24 },
];

const statusZh: Record<CertificateStatus, string> = { valid: '有效', expired: '已过期', revoked: '已撤销' };
const sourceZh: Record<string, string> = { exam: '考核', recert: '复训', import: '导入' };

/** The list as an Excel sheet (same filters, at most 50,000 rows). */
export async function exportCertificates(db: Db, ctx: Ctx, q: CertificateListQuery): Promise<Buffer> {
  const today = toChinaDate();
  const f = await certificateFilter(db, ctx, q);
  const { rows } = await repo.listCertificates(db, {
    ...f,
    q: q.q,
    status: q.status,
    expiringWithinDays: q.expiringWithinDays,
    today,
    limit: 50_000,
    offset: 0,
  });
  const names = await namesFor(db, rows);
  return writeSheet(
    '证书',
    exportColumns,
    rows.map((r) => {
      const v = toCertificateView(r, names, today);
      return {
        ...v,
        status: statusZh[v.status],
        source: sourceZh[v.source] ?? v.source,
        revokeReason: v.revokeReason ?? '',
      };
    }),
  );
}

async function pdfOf(db: Db, row: repo.CertificateRow): Promise<Buffer> {
  const names = await namesFor(db, [row]);
  const view = toCertificateView(row, names, toChinaDate());
  const photo = row.photoFileId ? await findStoredFile(db, row.photoFileId) : undefined;
  return renderCertificatePdf({
    title: view.title,
    certNo: row.certNo,
    holderName: row.holderName,
    idNumberMasked: row.idNumberMasked,
    courseName: view.courseName,
    unitName: view.unitName,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    status: view.status,
    photo: photo && /^image\/(png|jpeg)$/.test(photo.contentType) ? Buffer.from(photo.data) : null,
    qrText: certificateVerifyUrl(row.certNo, row.verifyCode),
  });
}

/** The certificate PDF for staff with training:view at its issuing unit. */
export async function certificatePdfForStaff(db: Db, ctx: Ctx, id: string) {
  const row = await getCertificateFor(db, ctx, id, 'training:view');
  return { certNo: row.certNo, pdf: await pdfOf(db, row) };
}

// ------------------------------------------------------------------------------------------------ the holder

async function getOwnCertificate(db: Db, ctx: Ctx, id: string): Promise<repo.CertificateRow> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const row = await repo.findCertificateById(db, id);
  if (!row || row.phoneHash !== phoneHash) {
    throw new AppError('CERTIFICATE_NOT_FOUND', { id });
  }
  return row;
}

function toMyCertificate(row: repo.CertificateRow, names: Names, today: string): MyCertificate {
  const v = toCertificateView(row, names, today);
  return {
    id: v.id,
    certNo: v.certNo,
    title: v.title,
    courseName: v.courseName,
    unitName: v.unitName,
    holderName: v.holderName,
    issuedOn: v.issuedOn,
    validUntil: v.validUntil,
    status: v.status,
    verifyUrl: certificateVerifyUrl(row.certNo, row.verifyCode),
  };
}

/** The signed-in citizen's certificates (those issued to their phone). */
export async function listMyCertificates(db: Db, ctx: Ctx): Promise<MyCertificate[]> {
  const rows = await repo.listCertificatesByPhone(db, await getPublicPhoneHash(db, ctx));
  const names = await namesFor(db, rows);
  const today = toChinaDate();
  return rows.map((r) => toMyCertificate(r, names, today));
}

export async function viewMyCertificate(db: Db, ctx: Ctx, id: string): Promise<MyCertificate> {
  const row = await getOwnCertificate(db, ctx, id);
  return toMyCertificate(row, await namesFor(db, [row]), toChinaDate());
}

export async function myCertificatePdf(db: Db, ctx: Ctx, id: string) {
  const row = await getOwnCertificate(db, ctx, id);
  return { certNo: row.certNo, pdf: await pdfOf(db, row) };
}

// ------------------------------------------------------------------------------------------------ public verification

const dummyCode = Buffer.from('0000000000');

/**
 * The unit and course names the public page shows, kept a minute in memory: a handful of units and courses answer
 * every verification, so the page costs one index probe on cert_no (a renamed unit shows within a minute).
 */
type Labels = { title: string; courseName: string | null; unitName: string | null };
const labelCaches = new WeakMap<Db, Map<string, { at: number; value: Labels }>>();
const labelTtlMs = 60_000;

async function verifyLabels(db: Db, orgId: number, courseId: number) {
  const key = `${orgId}:${courseId}`;
  let labelCache = labelCaches.get(db);
  if (!labelCache) {
    labelCache = new Map();
    labelCaches.set(db, labelCache);
  }
  const hit = labelCache.get(key);
  if (hit && Date.now() - hit.at < labelTtlMs) {
    return hit.value;
  }
  const [org, course] = await Promise.all([orgs.findOrgById(db, orgId), repo.findCourse(db, courseId)]);
  const value = {
    title: course?.certificateTitle ?? '救护员证',
    courseName: course?.nameZh ?? null,
    unitName: org?.name ?? null,
  };
  if (labelCache.size > 10_000) {
    labelCache.clear();
  }
  labelCache.set(key, { at: Date.now(), value });
  return value;
}

function sameCode(given: string | undefined, actual: string): boolean {
  const a = Buffer.from((given ?? '').toUpperCase().padEnd(actual.length, '\u0000').slice(0, 64));
  const b = Buffer.from(actual.padEnd(a.length, '\u0000'));
  return a.length === b.length && crypto.timingSafeEqual(a, b) && (given ?? '').length === actual.length;
}

/**
 * Public verification. Unknown number: CERTIFICATE_NOT_FOUND (the same answer for any unknown number, nothing
 * hinting at valid ones). A number alone (or with a wrong code): status and dates only. With the QR link's code:
 * also the masked name, course, issuing unit and the revocation category (never the reason's text).
 */
export async function verifyCertificate(db: Db, q: { no: string; c?: string }): Promise<CertificateVerification> {
  const row = await repo.findCertificateForVerify(db, q.no.toUpperCase());
  if (!row) {
    crypto.timingSafeEqual(dummyCode, dummyCode);
    throw new AppError('CERTIFICATE_NOT_FOUND');
  }
  const today = toChinaDate();
  const status = certificateStatus(row, today);
  const isCodeVerified = q.c !== undefined && q.c !== '' && sameCode(q.c, row.verifyCode);
  const base = { certNo: row.certNo, status, issuedOn: row.issuedOn, validUntil: row.validUntil, isCodeVerified };
  if (!isCodeVerified) {
    return { ...base, holderNameMasked: null, title: null, courseName: null, unitName: null, revokeCategory: null };
  }
  const labels = await verifyLabels(db, row.orgId, row.courseId);
  return {
    ...base,
    holderNameMasked: row.holderNameMasked,
    title: labels.title,
    courseName: labels.courseName,
    unitName: labels.unitName,
    revokeCategory: (row.revokeCategory as RevokeCategory | null) ?? null,
  };
}

// ------------------------------------------------------------------------------------------------ reminders

/**
 * Queues the expiry reminders due today: once 90 days ahead and once 30 days ahead (reminded_90_at / reminded_30_at
 * mark them sent; a certificate found first within 30 days gets the 30-day one only). Returns how many were queued.
 */
export async function sendCertificateReminders(db: Db, now: Date = new Date()): Promise<number> {
  const today = toChinaDate(now);
  const ctx: Ctx = { actor: systemActor('training-reminders'), requestId: null, ip: null, locale: 'zh' };
  let sent = 0;
  for (const days of [30, 90] as const) {
    const due = await repo.listDueReminders(db, days, today, 500);
    for (const cert of due) {
      await db.transaction(async (tx) => {
        const phone = await phoneOfPerson(tx, cert.personId);
        if (phone) {
          await queueMessage(tx, {
            channel: 'sms',
            to: phone,
            template: `training.certificate-expiry-${days}`,
            body: `【博爱】${cert.holderName},您的救护员证(编号 ${cert.certNo})将于 ${cert.validUntil} 到期。请报名参加复训班以延续有效期:${links.publicUrl}/training`,
            dedupeKey: `training-cert-remind-${days}:${cert.id}`,
          });
          sent++;
        }
        await repo.updateCertificate(tx, cert.regionId, cert.id, {
          ...(days === 90 ? { reminded90At: now } : { reminded30At: now, reminded90At: cert.reminded90At ?? now }),
        });
        await recordAudit(tx, ctx, {
          action: 'training_certificate.reminded',
          entityType: 'training_certificate',
          entityId: cert.id,
          orgId: cert.orgId,
          regionId: cert.regionId,
          after: { days, validUntil: cert.validUntil, hasPhone: phone !== null },
        });
      });
    }
  }
  return sent;
}

/** Registers the certificate jobs (expiry reminders 90 and 30 days ahead). */
export function defineCertificateJobs(): void {
  defineJob(
    'training.certificate-reminders',
    async (db) => {
      await sendCertificateReminders(db);
    },
    { everyMs: 6 * 3_600_000, transactional: false },
  );
}

// ------------------------------------------------------------------------------------------------ other modules

/** True when the person holds a first-aider certificate valid on `at` (YYYY-MM-DD, default today). */
export async function hasValidCertificate(
  db: Db,
  personRegionId: number,
  personId: string,
  at: string = toChinaDate(),
  kind = 'first_aider',
): Promise<boolean> {
  return repo.hasValidCertificate(db, personRegionId, personId, kind, at);
}

/**
 * The longest-valid first-aider certificate held by each of these phones (blind indexes) on `at` (China date):
 * what makes a public user eligible to respond. Phones without one are absent from the map.
 */
export async function findValidCertificatesByPhones(
  db: Db,
  phoneHashes: string[],
  at: string = toChinaDate(),
  kind = 'first_aider',
): Promise<Map<string, repo.CertificateRow>> {
  const rows = await repo.listValidCertificatesByPhones(db, [...new Set(phoneHashes)], kind, at);
  const out = new Map<string, repo.CertificateRow>();
  for (const r of rows) {
    if (r.phoneHash && !out.has(r.phoneHash)) {
      out.set(r.phoneHash, r);
    }
  }
  return out;
}

/** Holders of a valid first-aider certificate issued by units under `orgPath` (all when omitted), one row a person. */
export async function listValidCertificateHolders(
  db: Db,
  opts: { orgPath?: string; at?: string; kind?: string; limit?: number } = {},
) {
  const scope = opts.orgPath ? orgs.orgUnderCondition(repo.certificateOrgColumn, opts.orgPath) : sql`true`;
  return repo.listValidHolders(db, opts.kind ?? 'first_aider', opts.at ?? toChinaDate(), scope, opts.limit ?? 10_000);
}

// ------------------------------------------------------------------------------------------------ import

export const certificateImportColumns: SheetColumn[] = [
  { key: 'certNo', header: '证书编号', aliases: ['Certificate No'], width: 26, isText: true },
  { key: 'name', header: '姓名', aliases: ['Name'], width: 12 },
  { key: 'idNumber', header: '身份证号', aliases: ['ID number'], width: 22, isText: true },
  {
    key: 'phone',
    header: '手机号',
    aliases: ['Phone'],
    width: 16,
    isText: true,
    note: '可空;填写后到期提醒发送至该号码',
  },
  { key: 'issuedOn', header: '发证日期', aliases: ['Issued on'], width: 14, note: '如 2024-05-20' },
  {
    key: 'validUntil',
    header: '有效期至',
    aliases: ['Valid until'],
    width: 14,
    note: '可空:按课程有效期(默认3年)计算',
  },
  { key: 'course', header: '课程代码', aliases: ['Course code'], width: 14, note: '可空:默认 first-aider(救护员培训)' },
];

export async function buildCertificateTemplate(): Promise<Buffer> {
  return writeSheet('历史证书', certificateImportColumns, [
    {
      certNo: 'JH330681-2023-000001',
      name: '张三',
      idNumber: '330681199001011234',
      phone: '13800000000',
      issuedOn: '2023-05-20',
      validUntil: '2026-05-19',
      course: 'first-aider',
    },
  ]);
}

const maxImportRows = 20_000;

/**
 * Imports historical certificates issued by a unit (training:certify there), all or nothing: bad ID numbers, bad or
 * inverted dates, unknown courses and numbers already used (in the file or on record) are listed and nothing is
 * imported. A good file is imported in the background (poll getCertificateImport); source = import.
 */
export async function uploadCertificates(
  db: Db,
  ctx: Ctx,
  q: { orgId: number },
  file: { fileName: string; buffer: Buffer },
) {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'training:certify', org.path);
  const sheet = await imports.readImportFile(ctx, file.buffer, certificateImportColumns, maxImportRows);
  const { errors } = sheet;
  const courses = await repo.listCourses(db);
  const byCode = new Map(courses.map((c) => [c.code, c]));
  const defaultCourse = byCode.get('first-aider') ?? courses.find((c) => c.kind === 'first_aider');
  type Row = {
    rowNumber: number;
    certNo: string;
    name: string;
    idNumber: string;
    phone: string | undefined;
    issuedOn: string;
    validUntil: string;
    course: repo.CourseRow;
  };
  const rows: Row[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { rowNumber, values: v } of sheet.rows) {
    let ok = true;
    const certNo = v.certNo.trim().toUpperCase();
    if (!/^[A-Z0-9-]{4,40}$/.test(certNo)) {
      errors.add(
        rowNumber,
        'certNo',
        'INVALID_VALUE',
        '证书编号应为4–40位字母、数字或短横线',
        'the number must be 4–40 letters, digits or dashes',
      );
      ok = false;
    } else if (firstRowOf.has(certNo)) {
      errors.add(
        rowNumber,
        'certNo',
        'DUPLICATE',
        `证书编号与第 ${firstRowOf.get(certNo)} 行重复`,
        `same number as row ${firstRowOf.get(certNo)}`,
      );
      ok = false;
    } else {
      firstRowOf.set(certNo, rowNumber);
    }
    const name = v.name.trim();
    if (!name || [...name].length > 50) {
      errors.add(
        rowNumber,
        'name',
        'INVALID_VALUE',
        '姓名不能为空(最多50字)',
        'a name is required (at most 50 characters)',
      );
      ok = false;
    }
    const id = validateIdNumber(v.idNumber.trim().toUpperCase());
    if (!id.ok || id.value.length !== 18) {
      errors.add(rowNumber, 'idNumber', 'INVALID_ID_NUMBER', '身份证号无效', 'invalid ID number');
      ok = false;
    }
    let phone: string | undefined;
    if (v.phone.trim()) {
      const p = normalizePhone(v.phone);
      if (p.ok) {
        phone = p.value;
      } else {
        errors.add(rowNumber, 'phone', 'INVALID_PHONE', '手机号无效', 'invalid phone number');
        ok = false;
      }
    }
    const course = v.course.trim() ? byCode.get(v.course.trim()) : defaultCourse;
    if (!course?.certificateYears) {
      errors.add(
        rowNumber,
        'course',
        'INVALID_VALUE',
        '课程代码不存在或该课程不发证',
        'unknown course, or the course has no certificate',
      );
      ok = false;
    }
    const issued = parseChinaDateTime(v.issuedOn);
    const issuedOn = issued ? toChinaDate(issued) : '';
    const today = toChinaDate();
    if (!issued || issuedOn > today) {
      errors.add(
        rowNumber,
        'issuedOn',
        'INVALID_DATE',
        '发证日期无效(不能晚于今天)',
        'invalid issue date (not after today)',
      );
      ok = false;
    }
    let validUntil = '';
    if (v.validUntil.trim()) {
      const until = parseChinaDateTime(v.validUntil);
      validUntil = until ? toChinaDate(until) : '';
      if (!until || (issuedOn && validUntil <= issuedOn)) {
        errors.add(
          rowNumber,
          'validUntil',
          'INVALID_DATE',
          '有效期至无效(须晚于发证日期)',
          'invalid end date (must be after the issue date)',
        );
        ok = false;
      }
    } else if (issuedOn && course?.certificateYears) {
      validUntil = addDays(addYears(issuedOn, course.certificateYears), -1);
    }
    if (ok && id.ok && course) {
      rows.push({ rowNumber, certNo, name, idNumber: id.value, phone, issuedOn, validUntil, course });
    }
  }
  for (const taken of await repo.findCertificatesByNos(db, [...firstRowOf.keys()])) {
    const row = firstRowOf.get(taken)!;
    errors.add(row, 'certNo', 'DUPLICATE', '该证书编号已存在', 'this number is already on record');
  }
  imports.refuseBadRows(errors);
  const series = await seriesOf(db, org.id);
  return imports.startImport(db, ctx, repo.certImportRecords, {
    fileName: file.fileName,
    totalRows: rows.length,
    run: async (tx, { importId, report }) => {
      let done = 0;
      for (const r of rows) {
        const { person } = await people.findOrRegisterPerson(tx, ctx, {
          orgId: org.id,
          name: r.name,
          idNumber: r.idNumber,
          phone: r.phone,
        });
        const cert = await repo.insertCertificate(tx, {
          regionId: org.regionId,
          id: crypto.randomUUID(),
          certNo: r.certNo,
          orgId: org.id,
          courseId: r.course.id,
          kind: r.course.kind === 'recert' ? 'first_aider' : r.course.kind,
          personId: person.id,
          personRegionId: person.regionId,
          holderName: r.name,
          holderNameMasked: maskName(r.name),
          idNumberMasked: maskIdNumber(r.idNumber),
          phoneHash: r.phone ? pii().blindIndex('phone', r.phone) : person.phoneHash,
          issuedOn: r.issuedOn,
          validUntil: r.validUntil,
          status: 'valid',
          source: 'import',
          verifyCode: newVerifyCode(),
          createdBy: whoIs(ctx),
        });
        // A historical number inside the unit's own series moves the series past it.
        const m = new RegExp(`^${series.prefix}-(\\d{4})-(\\d{6})$`).exec(r.certNo);
        if (m) {
          await repo.raiseCertSeq(tx, series.orgId, Number(m[1]), Number(m[2]));
        }
        await recordAudit(tx, ctx, {
          action: 'training_certificate.imported',
          entityType: 'training_certificate',
          entityId: cert.id,
          orgId: org.id,
          regionId: org.regionId,
          after: { certNo: cert.certNo, importId, issuedOn: cert.issuedOn, validUntil: cert.validUntil },
        });
        done++;
        report(done);
      }
      return done;
    },
  });
}

export async function getCertificateImport(db: Db, ctx: Ctx, importId: string) {
  return imports.getImport(db, ctx, repo.certImportRecords, importId);
}

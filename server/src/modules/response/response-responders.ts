// Responders: opt-in with a valid first-aider certificate, prefs and quiet hours, on/off call, the latest position
// (buffered in memory and written in batches), presence, and the job that takes lapsed responders off call.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { assertPoint } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { systemActor } from '../../platform/rbac/actor';
import type { RealtimeEvent } from '../../platform/realtime/realtime';
import * as training from '../training/training.service';
import * as repo from './response.repo';
import type { AlertView, Enrol, Me, PositionInput, ResponderView, UpdateResponder } from './response.schemas';
import {
  consent,
  minuteOf,
  publish,
  responderTopic,
  responseSettings,
  toAlertView,
  toResponderView,
} from './response-core';

export const jobCtx: Ctx = { actor: systemActor('response'), requestId: null, ip: null, locale: 'zh' };

function assertPublic(ctx: Ctx): asserts ctx is Ctx & { actor: { kind: 'public'; accountId: string } } {
  if (ctx.actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'responders are public accounts' });
  }
}

/** The caller's responder record, or undefined when they never opted in. */
export async function findOwnResponder(db: Db, ctx: Ctx): Promise<repo.ResponderRow | undefined> {
  assertPublic(ctx);
  return repo.findResponderByAccount(db, ctx.actor.accountId);
}

async function getOwnResponder(db: Db, ctx: Ctx): Promise<repo.ResponderRow> {
  const r = await findOwnResponder(db, ctx);
  if (!r) {
    throw new AppError('RESPONDER_CONSENT_REQUIRED');
  }
  return r;
}

async function validCertificateOf(db: Db, phoneHash: string) {
  return (await training.findValidCertificatesByPhones(db, [phoneHash], toChinaDate())).get(phoneHash);
}

async function viewOf(db: Db, r: repo.ResponderRow): Promise<ResponderView> {
  return toResponderView(r, await repo.findPosition(db, r.id));
}

/** Eligibility (a valid first-aider certificate on the caller's phone), the responder record and the consent text. */
export async function getMe(db: Db, ctx: Ctx): Promise<Me> {
  if (ctx.actor.kind === 'staff') {
    // Staff accounts never respond (responders sign in by phone): nothing to show, not an error.
    return { eligible: false, certificate: null, responder: null, consent };
  }
  assertPublic(ctx);
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const [cert, responder] = await Promise.all([
    validCertificateOf(db, phoneHash),
    repo.findResponderByAccount(db, ctx.actor.accountId),
  ]);
  return {
    eligible: Boolean(cert),
    certificate: cert
      ? { certNo: cert.certNo, validUntil: cert.validUntil, holderNameMasked: cert.holderNameMasked }
      : null,
    responder: responder ? await viewOf(db, responder) : null,
    consent,
  };
}

function prefColumns(input: { prefs?: Enrol['prefs']; quietHours?: Enrol['quietHours'] }) {
  return {
    ...(input.prefs
      ? { prefSms: input.prefs.sms, prefSound: input.prefs.sound, maxDistanceM: input.prefs.maxDistanceM }
      : {}),
    ...(input.quietHours !== undefined
      ? {
          quietFromMin: input.quietHours ? minuteOf(input.quietHours.from) : null,
          quietToMin: input.quietHours ? minuteOf(input.quietHours.to) : null,
        }
      : {}),
  };
}

/**
 * Opts in (or renews consent): needs a valid first-aider certificate on the caller's phone (NO_VALID_CERTIFICATE)
 * and the current consent version (VALIDATION_FAILED for a stale one). The region is the certificate's issuer's.
 */
export async function enrol(db: Db, ctx: Ctx, input: Enrol): Promise<ResponderView> {
  assertPublic(ctx);
  if (input.consentVersion !== consent.version) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.consentVersion', message: `current version is ${consent.version}` }],
    });
  }
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const cert = await validCertificateOf(db, phoneHash);
  if (!cert) {
    throw new AppError('NO_VALID_CERTIFICATE');
  }
  const phone = await getPublicPhone(db, ctx);
  const accountId = ctx.actor.accountId;
  return db.transaction(async (tx) => {
    const existing = await repo.findResponderByAccount(tx, accountId);
    const now = new Date();
    const certFields = {
      orgId: cert.orgId,
      certificateId: cert.id,
      certNo: cert.certNo,
      certValidUntil: cert.validUntil,
      holderNameMasked: cert.holderNameMasked,
    };
    const row = existing
      ? await repo.updateResponder(tx, existing, {
          ...certFields,
          consentVersion: input.consentVersion,
          consentedAt: now,
          ...prefColumns(input),
        })
      : await repo.insertResponder(tx, {
          regionId: cert.regionId,
          id: crypto.randomUUID(),
          accountId,
          phoneHash,
          phoneEnc: pii().encrypt(phone),
          phoneMasked: maskPhone(phone),
          ...certFields,
          consentVersion: input.consentVersion,
          consentedAt: now,
          ...prefColumns(input),
        });
    await recordAudit(tx, ctx, {
      action: existing ? 'responder.consent_renewed' : 'responder.enrolled',
      entityType: 'responder',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: {
        consentVersion: row.consentVersion,
        certNo: row.certNo,
        prefs: input.prefs,
        quietHours: input.quietHours,
      },
    });
    return viewOf(tx, row);
  });
}

export async function updatePrefs(db: Db, ctx: Ctx, input: UpdateResponder): Promise<ResponderView> {
  const r = await getOwnResponder(db, ctx);
  return db.transaction(async (tx) => {
    const row = await repo.updateResponder(tx, r, prefColumns(input));
    await recordAudit(tx, ctx, {
      action: 'responder.prefs_changed',
      entityType: 'responder',
      entityId: r.id,
      orgId: r.orgId,
      regionId: r.regionId,
      after: input,
    });
    await publish(tx, [statusEvent(row, null)]);
    return viewOf(tx, row);
  });
}

function statusEvent(r: repo.ResponderRow, position: repo.PositionRow | null | undefined): RealtimeEvent {
  return { topic: responderTopic(r.id), event: 'status', data: toResponderView(r, position) };
}

/**
 * Goes on call: the consent must be current (RESPONDER_CONSENT_REQUIRED) and the certificate still valid
 * (NO_VALID_CERTIFICATE; a renewed certificate is picked up). An optional first fix is stored at once.
 */
export async function goOnCall(db: Db, ctx: Ctx, input: { position?: PositionInput }): Promise<ResponderView> {
  const r = await getOwnResponder(db, ctx);
  if (r.consentVersion !== consent.version) {
    throw new AppError('RESPONDER_CONSENT_REQUIRED', { consentVersion: consent.version });
  }
  if (input.position) {
    assertPoint(input.position, { china: true, field: 'position' });
  }
  const cert = await validCertificateOf(db, r.phoneHash);
  if (!cert) {
    throw new AppError('NO_VALID_CERTIFICATE');
  }
  return db.transaction(async (tx) => {
    const now = new Date();
    const row = await repo.updateResponder(tx, r, {
      onCall: true,
      onCallSince: r.onCall ? r.onCallSince : now,
      offCallReason: null,
      certificateId: cert.id,
      certNo: cert.certNo,
      certValidUntil: cert.validUntil,
    });
    if (input.position) {
      await repo.upsertPositions(tx, [
        {
          regionId: row.regionId,
          responderId: row.id,
          lat: input.position.lat,
          lng: input.position.lng,
          accuracyM: input.position.accuracyM ?? null,
          fixedAt: now,
        },
      ]);
    }
    const position = await repo.findPosition(tx, row.id);
    await recordAudit(tx, ctx, {
      action: 'responder.on_call',
      entityType: 'responder',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
    });
    await publish(tx, [statusEvent(row, position)]);
    return toResponderView(row, position);
  });
}

/** Goes off call at once; the position is deleted (never kept when off call). */
export async function goOffCall(db: Db, ctx: Ctx): Promise<ResponderView> {
  const r = await getOwnResponder(db, ctx);
  return db.transaction(async (tx) => {
    const row = await takeOffCall(tx, ctx, r, 'self');
    return toResponderView(row, null);
  });
}

/** Off call with a reason, position deleted, `status` event, audit; in the caller's transaction. */
export async function takeOffCall(tx: Db, ctx: Ctx, r: repo.ResponderRow, reason: string): Promise<repo.ResponderRow> {
  const row = await repo.updateResponder(tx, r, { onCall: false, offCallReason: reason });
  await repo.deletePosition(tx, r);
  forgetBuffered(r.id);
  await recordAudit(tx, ctx, {
    action: 'responder.off_call',
    entityType: 'responder',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
    reason,
  });
  await publish(tx, [statusEvent(row, null)]);
  return row;
}

// ------------------------------------------------------------------------------------------------ positions

/**
 * Fixes buffered per instance and written every `positionFlushMs` in one multi-row upsert (latest fix per
 * responder wins), so a thousand fixes a second cost a few statements. Group commit: each fix's promise settles when
 * the upsert that holds it has committed (or failed), so an acknowledgement is never given for a fix a crash can lose.
 */
const buffer = new Map<string, repo.Fix>();
let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
let flushTimer: NodeJS.Timeout | null = null;
let flushing: Promise<unknown> = Promise.resolve();
let flushDb: Db | null = null;

function forgetBuffered(responderId: string): void {
  buffer.delete(responderId);
}

/** Buffers a fix; resolves once it is written (a later fix of the same responder in the same batch counts). */
export function bufferFix(db: Db, fix: repo.Fix): Promise<void> {
  buffer.set(fix.responderId, fix);
  flushDb = db;
  const written = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  if (!flushTimer) {
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flushPositions();
    }, responseSettings.positionFlushMs);
    flushTimer.unref();
  }
  return written;
}

/** Writes the buffered fixes now (also called before an alert search so the newest fixes count). */
export async function flushPositions(): Promise<number> {
  await flushing;
  const batch = waiters;
  waiters = [];
  if (buffer.size === 0 || !flushDb) {
    for (const w of batch) {
      w.resolve();
    }
    return 0;
  }
  const fixes = [...buffer.values()];
  buffer.clear();
  const db = flushDb;
  const run = repo.upsertPositions(db, fixes).then(
    (n) => {
      for (const w of batch) {
        w.resolve();
      }
      return n;
    },
    (error: unknown) => {
      for (const w of batch) {
        w.reject(error);
      }
      return 0;
    },
  );
  flushing = run;
  return run;
}

export function bufferedFixes(): number {
  return buffer.size;
}

/** HTTP fallback for position fixes: refused when off call (RESPONDER_OFF_CALL) or not a usable point. */
export async function submitPosition(db: Db, ctx: Ctx, input: PositionInput): Promise<void> {
  const r = await findOwnResponder(db, ctx);
  if (!r?.onCall) {
    throw new AppError('RESPONDER_OFF_CALL');
  }
  assertPoint(input, { china: true });
  // Answered only once the fix is written (within positionFlushMs, batched with everyone else's).
  await bufferFix(db, {
    regionId: r.regionId,
    responderId: r.id,
    lat: input.lat,
    lng: input.lng,
    accuracyM: input.accuracyM ?? null,
    fixedAt: new Date(),
  });
}

// ------------------------------------------------------------------------------------------------ alerts of the responder

/** The caller's alerts of active emergencies and of the last 24 hours; opening them acknowledges them. */
export async function listMyAlerts(db: Db, ctx: Ctx): Promise<AlertView[]> {
  const r = ctx.actor.kind === 'staff' ? undefined : await findOwnResponder(db, ctx);
  if (!r) {
    return [];
  }
  const [recent, active] = await Promise.all([
    repo.listAlertsOfResponder(db, r.id, new Date(Date.now() - 24 * 3600_000)),
    repo.listActiveAlertsOfResponder(db, r.id),
  ]);
  const byId = new Map([...recent, ...active].map((a) => [a.id, a]));
  const alerts = [...byId.values()].sort((a, b) => b.alertedAt.getTime() - a.alertedAt.getTime());
  const emergencies = new Map<string, repo.EmergencyRow>();
  for (const a of alerts) {
    if (!emergencies.has(a.emergencyId)) {
      const e = await repo.findEmergencyById(db, a.emergencyId);
      if (e) {
        emergencies.set(e.id, e);
      }
    }
  }
  await repo.ackAlerts(
    db,
    r.id,
    alerts.filter((a) => a.status === 'alerted').map((a) => a.id),
    new Date(),
  );
  return alerts.flatMap((a) => {
    const e = emergencies.get(a.emergencyId);
    return e ? [toAlertView(a, e, ctx.locale)] : [];
  });
}

// ------------------------------------------------------------------------------------------------ the lapse check

/**
 * Takes responders off call whose certificate expired or was revoked (unless another valid one is on their phone:
 * then it is used), and those whose position is older than the retention time; tells them (event + SMS).
 */
export async function checkResponders(db: Db, now = new Date()): Promise<{ lapsed: number; stale: number }> {
  let lapsed = 0;
  let stale = 0;
  await db.transaction(async (tx) => {
    const removed = await repo.deleteStalePositions(
      tx,
      new Date(now.getTime() - responseSettings.retentionMinutes * 60_000),
    );
    for (const p of await repo.findRespondersByIds(
      tx,
      removed.map((x) => x.responderId),
    )) {
      if (p.onCall) {
        await takeOffCall(tx, jobCtx, p, 'stale_position');
        stale++;
      }
    }
  });
  let after: string | null = null;
  for (;;) {
    const page = await repo.listOnCallResponders(db, after, 500);
    if (page.length === 0) {
      break;
    }
    after = page[page.length - 1].id;
    lapsed += await dropLapsed(db, page, now);
  }
  return { lapsed, stale };
}

/** Of these on-call responders, takes those without a valid certificate off call; returns how many. */
export async function dropLapsed(db: Db, responders: repo.ResponderRow[], now = new Date()): Promise<number> {
  const today = toChinaDate(now);
  const valid = await training.findValidCertificatesByPhones(
    db,
    responders.map((r) => r.phoneHash),
    today,
  );
  let n = 0;
  for (const r of responders) {
    const cert = valid.get(r.phoneHash);
    if (cert) {
      if (cert.id !== r.certificateId) {
        await repo.updateResponder(db, r, {
          certificateId: cert.id,
          certNo: cert.certNo,
          certValidUntil: cert.validUntil,
        });
      }
      continue;
    }
    const reason = r.certValidUntil < today ? 'certificate_expired' : 'certificate_revoked';
    await db.transaction(async (tx) => {
      await takeOffCall(tx, jobCtx, r, reason);
      await queueMessage(tx, {
        channel: 'sms',
        to: pii().decrypt(r.phoneEnc),
        template: 'response.off_call',
        body:
          reason === 'certificate_expired'
            ? `【博爱·救在身边】您的救护员证(${r.certNo})已过期,志愿应答值守已自动结束。复训取证后可重新值守。`
            : `【博爱·救在身边】您的救护员证(${r.certNo})已失效,志愿应答值守已自动结束。`,
        dedupeKey: `response.off_call:${r.id}:${r.certificateId}`,
      });
    });
    n++;
  }
  return n;
}

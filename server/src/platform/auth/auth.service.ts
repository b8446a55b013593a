// Sign-in for staff (username + argon2id password, lockout) and the public (phone + one-time code), database
// sessions, logout everywhere and password change.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../audit/audit.service';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { maskPhone } from '../identity/masking';
import { normalizePhone } from '../identity/phone';
import { queueMessage } from '../notify/notify.service';
import { pii } from '../pii';
import type { Actor, ActorGrant } from '../rbac/actor';
import type { Permission } from '../rbac/permissions';
import * as repo from './auth.repo';
import { assertStrongPassword, dummyPasswordHash, hashPassword, verifyPassword } from './password';

export const sessionPolicy = {
  staffIdleMs: 12 * 3600_000,
  publicIdleMs: 30 * 24 * 3600_000,
  touchEveryMs: 5 * 60_000,
  maxFailedLogins: 5,
  lockMs: 15 * 60_000,
  otpTtlMs: 5 * 60_000,
  otpMaxAttempts: 5,
  otpPerPhoneMinuteGap: 60_000,
  otpPerPhoneHour: 5,
  otpPerIpHour: 20,
} as const;

export type NewSession = { token: string; expiresAt: Date };

function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

async function openSession(
  db: Db,
  ctx: Ctx,
  owner: { userId?: string; publicAccountId?: string },
  userAgent?: string,
): Promise<NewSession> {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + (owner.userId ? sessionPolicy.staffIdleMs : sessionPolicy.publicIdleMs));
  await repo.insertSession(db, {
    tokenHash: pii().hashToken(token),
    userId: owner.userId ?? null,
    publicAccountId: owner.publicAccountId ?? null,
    expiresAt,
    ip: ctx.ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/**
 * Resolves a session token to an actor with its grants (one query). Idle sessions expire; activity extends them,
 * written at most every few minutes so reads stay reads.
 */
export async function resolveSession(db: Db, token: string): Promise<Actor | undefined> {
  const tokenHash = pii().hashToken(token);
  const now = new Date();
  const rows = await repo.loadSessionActor(db, tokenHash, now);
  const first = rows[0];
  if (!first) {
    return undefined;
  }
  if (now.getTime() - first.lastSeenAt.getTime() > sessionPolicy.touchEveryMs) {
    const idle = first.userId ? sessionPolicy.staffIdleMs : sessionPolicy.publicIdleMs;
    await repo.touchSession(db, tokenHash, now, new Date(now.getTime() + idle));
  }
  if (first.userId) {
    if (!first.userActive) {
      return undefined;
    }
    const grants: ActorGrant[] = rows
      .filter((r) => r.grantId && r.orgPath && r.permissions)
      .map((r) => ({
        grantId: r.grantId!,
        roleId: r.roleId!,
        orgId: r.orgId!,
        orgPath: r.orgPath!,
        permissions: new Set(r.permissions as Permission[]),
      }));
    return {
      kind: 'staff',
      userId: first.userId,
      username: first.username!,
      displayName: first.displayName!,
      sessionHash: tokenHash,
      grants,
    };
  }
  if (first.publicAccountId) {
    return {
      kind: 'public',
      accountId: first.publicAccountId,
      phoneMasked: first.phoneMasked!,
      sessionHash: tokenHash,
    };
  }
  return undefined;
}

/**
 * Staff sign-in. Five wrong passwords lock the account for 15 minutes (ACCOUNT_LOCKED); an unknown username costs
 * the same time as a wrong password. Throws INVALID_CREDENTIALS, ACCOUNT_LOCKED, ACCOUNT_DISABLED.
 */
export async function signIn(
  db: Db,
  ctx: Ctx,
  username: string,
  password: string,
  userAgent?: string,
): Promise<NewSession> {
  const user = await repo.findUserByUsername(db, username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', { until: user.lockedUntil.toISOString() });
  }
  const failures = await repo.takeSignInAttempt(db, user.id, now, sessionPolicy.maxFailedLogins);
  if (failures === undefined) {
    // Locked a moment ago, or the last tries before the lock are still being checked.
    throw new AppError('ACCOUNT_LOCKED');
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok) {
    await db.transaction(async (tx) => {
      const locked = failures >= sessionPolicy.maxFailedLogins;
      if (locked) {
        await repo.updateUser(tx, user.id, {
          failedLogins: 0,
          lockedUntil: new Date(now.getTime() + sessionPolicy.lockMs),
        });
      }
      await recordAudit(tx, ctx, {
        action: locked ? 'user.locked' : 'user.sign-in-failed',
        entityType: 'user',
        entityId: user.id,
        after: { failures },
      });
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!user.isActive) {
    await repo.updateUser(db, user.id, { failedLogins: 0 });
    throw new AppError('ACCOUNT_DISABLED');
  }
  return db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null });
    const session = await openSession(tx, ctx, { userId: user.id }, userAgent);
    await recordAudit(
      tx,
      {
        ...ctx,
        actor: {
          kind: 'staff',
          userId: user.id,
          username: user.username,
          displayName: user.displayName,
          sessionHash: '',
          grants: [],
        },
      },
      {
        action: 'user.signed-in',
        entityType: 'user',
        entityId: user.id,
      },
    );
    return session;
  });
}

/**
 * Ends the session a sign-in request still carried (another account's, or a token planted by someone else): a sign-in
 * always starts a new session with a new token and never keeps the old one (session fixation, ASVS 3.2.1).
 */
export async function endPresentedSession(db: Db, token: string | undefined): Promise<void> {
  if (token && token.length <= 100) {
    await repo.revokeSession(db, pii().hashToken(token), new Date());
  }
}

/** Ends the caller's session. */
export async function signOut(db: Db, ctx: Ctx): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== 'staff' && actor.kind !== 'public') {
    return;
  }
  await db.transaction(async (tx) => {
    await repo.revokeSession(tx, actor.sessionHash, new Date());
    await recordAudit(tx, ctx, {
      action: 'session.ended',
      entityType: actor.kind === 'staff' ? 'user' : 'public_account',
      entityId: actor.kind === 'staff' ? actor.userId : actor.accountId,
    });
  });
}

/** Ends every session of the caller, on every device. Returns how many were ended. */
export async function signOutEverywhere(db: Db, ctx: Ctx): Promise<number> {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    let n = 0;
    if (actor.kind === 'staff') {
      n = await repo.revokeUserSessions(tx, actor.userId, new Date());
    } else if (actor.kind === 'public') {
      n = await repo.revokePublicSessions(tx, actor.accountId, new Date());
    }
    await recordAudit(tx, ctx, {
      action: 'session.ended-everywhere',
      entityType: actor.kind === 'public' ? 'public_account' : 'user',
      entityId: actor.kind === 'staff' ? actor.userId : actor.kind === 'public' ? actor.accountId : null,
      after: { sessions: n },
    });
    return n;
  });
}

/** Changes the caller's password after checking the current one; other sessions are ended. Throws WRONG_PASSWORD, WEAK_PASSWORD. */
export async function changePassword(db: Db, ctx: Ctx, current: string, next: string): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== 'staff') {
    throw new AppError('FORBIDDEN');
  }
  const user = await repo.findUserById(db, actor.userId);
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw new AppError('WRONG_PASSWORD');
  }
  assertStrongPassword(next);
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash, passwordChangedAt: new Date() });
    const ended = await repo.revokeUserSessions(tx, user.id, new Date(), actor.sessionHash);
    await recordAudit(tx, ctx, {
      action: 'user.password-changed',
      entityType: 'user',
      entityId: user.id,
      after: { otherSessionsEnded: ended },
    });
  });
}

function parsePhone(input: string): string {
  const phone = normalizePhone(input);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE');
  }
  return phone.value;
}

/**
 * Sends a 6-digit one-time code by SMS through the outbox. Rate limits: one per phone per minute, five per phone
 * per hour, twenty per IP per hour (RATE_LIMITED). The code is stored only as an HMAC.
 */
export async function requestOtp(db: Db, ctx: Ctx, phoneInput: string): Promise<{ expiresInSeconds: number }> {
  const phone = parsePhone(phoneInput);
  const phoneHash = pii().blindIndex('phone', phone);
  const now = Date.now();
  return db.transaction(async (tx) => {
    await repo.lockOtpRequests(tx, phoneHash, ctx.ip);
    const lastMinute = await repo.countOtpsSince(tx, { phoneHash }, new Date(now - sessionPolicy.otpPerPhoneMinuteGap));
    const lastHour = await repo.countOtpsSince(tx, { phoneHash }, new Date(now - 3600_000));
    const ipHour = ctx.ip ? await repo.countOtpsSince(tx, { ip: ctx.ip }, new Date(now - 3600_000)) : 0;
    if (lastMinute > 0 || lastHour >= sessionPolicy.otpPerPhoneHour || ipHour >= sessionPolicy.otpPerIpHour) {
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: lastMinute > 0 ? 60 : 3600 });
    }
    const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    const id = crypto.randomUUID();
    await repo.insertOtp(tx, {
      id,
      phoneHash,
      codeHash: pii().hashToken(`${id}:${code}`),
      ip: ctx.ip,
      expiresAt: new Date(now + sessionPolicy.otpTtlMs),
    });
    const body =
      ctx.locale === 'en'
        ? `[Boai Red Cross] Your sign-in code is ${code}, valid for 5 minutes. Do not share it.`
        : `【博爱红会】您的登录验证码为 ${code},5 分钟内有效,请勿泄露。`;
    await queueMessage(tx, {
      channel: 'sms',
      to: phone,
      template: 'otp',
      body,
      isSecret: true,
      dedupeKey: `otp:${id}`,
    });
    await recordAudit(tx, ctx, {
      action: 'otp.requested',
      entityType: 'otp',
      entityId: id,
      after: { phone: maskPhone(phone) },
    });
    return { expiresInSeconds: sessionPolicy.otpTtlMs / 1000 };
  });
}

/**
 * Signs a member of the public in with the code sent to their phone, creating their account on first use.
 * A code works once, for 5 minutes, with at most 5 tries (OTP_INVALID).
 */
export async function verifyOtp(
  db: Db,
  ctx: Ctx,
  phoneInput: string,
  code: string,
  userAgent?: string,
): Promise<NewSession & { accountId: string }> {
  const phone = parsePhone(phoneInput);
  const phoneHash = pii().blindIndex('phone', phone);
  const now = new Date();
  const otp = await repo.findLatestOpenOtp(db, phoneHash, now);
  if (!otp) {
    throw new AppError('OTP_INVALID');
  }
  const attempts = await repo.addOtpAttempt(db, otp.id, sessionPolicy.otpMaxAttempts);
  if (attempts === undefined) {
    throw new AppError('OTP_INVALID');
  }
  const expected = Buffer.from(otp.codeHash);
  const actual = Buffer.from(pii().hashToken(`${otp.id}:${code}`));
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    if (attempts >= sessionPolicy.otpMaxAttempts) {
      await repo.consumeOtp(db, otp.id, now);
    }
    throw new AppError('OTP_INVALID');
  }
  return db.transaction(async (tx) => {
    if (!(await repo.consumeOtp(tx, otp.id, now))) {
      throw new AppError('OTP_INVALID');
    }
    let account = await repo.findPublicAccountByPhoneHash(tx, phoneHash);
    if (!account) {
      account = await repo.insertPublicAccount(tx, {
        id: crypto.randomUUID(),
        phoneHash,
        phoneEnc: pii().encrypt(phone),
        phoneMasked: maskPhone(phone),
      });
    }
    await repo.touchPublicAccount(tx, account.id, now);
    const session = await openSession(tx, ctx, { publicAccountId: account.id }, userAgent);
    await recordAudit(
      tx,
      { ...ctx, actor: { kind: 'public', accountId: account.id, phoneMasked: account.phoneMasked, sessionHash: '' } },
      {
        action: 'public.signed-in',
        entityType: 'public_account',
        entityId: account.id,
      },
    );
    return { ...session, accountId: account.id };
  });
}

/** Creates a staff account (used by the users admin and the seed). Throws USERNAME_TAKEN, WEAK_PASSWORD. */
export async function createUserAccount(db: Db, input: { username: string; displayName: string; password: string }) {
  assertStrongPassword(input.password);
  if (await repo.findUserByUsername(db, input.username)) {
    throw new AppError('USERNAME_TAKEN', { username: input.username });
  }
  return repo.insertUser(db, {
    id: crypto.randomUUID(),
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
  });
}

export const findUserById = repo.findUserById;
export const updateUserRow = repo.updateUser;
export const revokeUserSessions = repo.revokeUserSessions;

/** The blind index of a signed-in public account's phone: how other modules find that person's records. */
export async function getPublicPhoneHash(db: Db, ctx: Ctx): Promise<string> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  const account = await repo.findPublicAccountById(db, ctx.actor.accountId);
  if (!account) {
    throw new AppError('UNAUTHENTICATED');
  }
  return account.phoneHash;
}

/** The signed-in citizen's own phone (decrypted): where messages about their requests go. */
export async function getPublicPhone(db: Db, ctx: Ctx): Promise<string> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  const account = await repo.findPublicAccountById(db, ctx.actor.accountId);
  if (!account) {
    throw new AppError('UNAUTHENTICATED');
  }
  return pii().decrypt(account.phoneEnc);
}

/**
 * Display names of the users behind actor ids (requesters, approvers). An id that is not a user (a system actor's
 * label such as `system:seed`) maps to itself.
 */
export async function displayNamesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const found = new Map((await repo.findUserNames(db, wanted)).map((u) => [u.id, u.displayName]));
  return new Map(wanted.map((id) => [id, found.get(id) ?? id]));
}

// Telemetry (远程监管): staff issue a per-device key (shown once, kept as SHA-256); a device or gateway posts heartbeats
// and self-test results with `Authorization: Bearer <deviceCode>.<secret>`. A fault or failed self-test turns the
// device needs_service with a task; the `aed.check-heartbeats` job does the same for devices silent for three
// heartbeat intervals. A later good report restores the device only when that same cause took it out of ready (its
// status_cause): a device staff put in needs_service, or one also failing a self-test, stays where it is.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import * as repo from './aed.repo';
import type { AedStatus, Heartbeat, SelfTest } from './aed.schemas';
import { type AedRow, isSilent, loadInScope } from './aed-registry';
import { degrade, restore } from './aed-upkeep';

/** A report may be at most this far ahead of our clock, and this old. */
export const clockSkew = { futureMs: 5 * 60_000, pastMs: 7 * 24 * 3600_000 } as const;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();

/** Issues (or re-issues, revoking the old) a device's telemetry key; aed:manage at its unit. */
export async function issueDeviceKey(db: Db, ctx: Ctx, id: string) {
  const { row: found, org } = await loadInScope(db, ctx, id, 'aed:manage');
  if (found.status === 'removed') {
    throw new AppError('AED_STATUS_TRANSITION', { status: found.status, reason: 'a removed device gets no key' });
  }
  const secret = crypto.randomBytes(24).toString('base64url');
  const issuedAt = new Date();
  await db.transaction(async (tx) => {
    const before = (await repo.lockAed(tx, found.regionId, id))!;
    await repo.updateAed(tx, found.regionId, id, {
      telemetryKeyHash: sha256(secret).toString('hex'),
      telemetryKeyIssuedAt: issuedAt,
    });
    await recordAudit(tx, ctx, {
      action: before.telemetryKeyHash ? 'aed.device_key_reissued' : 'aed.device_key_issued',
      entityType: 'aed',
      entityId: id,
      orgId: org.id,
      regionId: found.regionId,
      after: { issuedAt: issuedAt.toISOString() },
    });
  });
  return { deviceCode: found.code, key: `${found.code}.${secret}`, issuedAt: issuedAt.toISOString() };
}

const dummyHash = sha256('no device has this key');

/**
 * The device a bearer key belongs to. Wrong key and unknown device answer the same DEVICE_KEY_INVALID (401), after
 * the same constant-time comparison, so a caller cannot learn which device codes exist.
 */
export async function authenticateDevice(db: Db, authorization: string | undefined): Promise<AedRow> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const dot = token.lastIndexOf('.');
  const code = dot > 0 ? token.slice(0, dot) : '';
  const secret = dot > 0 ? token.slice(dot + 1) : '';
  const row = code.length > 0 && code.length <= 40 ? await repo.findAedByCode(db, code) : undefined;
  const stored = row?.telemetryKeyHash ? Buffer.from(row.telemetryKeyHash, 'hex') : dummyHash;
  const given = sha256(secret);
  const same = crypto.timingSafeEqual(stored.length === given.length ? stored : dummyHash, given);
  if (!row?.telemetryKeyHash || !same || row.status === 'removed') {
    throw new AppError('DEVICE_KEY_INVALID');
  }
  return row;
}

function assertClock(at: Date, now: Date): void {
  const d = at.getTime() - now.getTime();
  if (d > clockSkew.futureMs || -d > clockSkew.pastMs) {
    throw new AppError('TELEMETRY_CLOCK_SKEW', {
      at: at.toISOString(),
      serverTime: now.toISOString(),
      maxFutureSeconds: clockSkew.futureMs / 1000,
      maxAgeDays: 7,
    });
  }
}

const deviceCtx = (ctx: Ctx, code: string): Ctx => ({ ...ctx, actor: { kind: 'system', label: `device:${code}` } });

/**
 * A heartbeat: updates the last-heard time and battery; `status: 'fault'` turns the device needs_service with a
 * device_fault task; a good heartbeat closes an open heartbeat_missing task (restoring the device if the silence took
 * it out of ready). An older heartbeat than the last one changes no time.
 */
export async function heartbeat(
  db: Db,
  ctx: Ctx,
  authorization: string | undefined,
  input: Heartbeat,
  now = new Date(),
) {
  const found = await authenticateDevice(db, authorization);
  const at = new Date(input.at);
  assertClock(at, now);
  const dctx = deviceCtx(ctx, found.code);
  return db.transaction(async (tx) => {
    let row = (await repo.lockAed(tx, found.regionId, found.id))!;
    row = await repo.updateAed(tx, row.regionId, row.id, {
      lastHeartbeatAt: !row.lastHeartbeatAt || row.lastHeartbeatAt < at ? at : row.lastHeartbeatAt,
      ...(input.batteryPercent !== undefined ? { batteryPercent: input.batteryPercent } : {}),
    });
    row = await restore(tx, dctx, row, 'heartbeat_missing', '设备心跳恢复');
    if (input.status === 'fault') {
      row = await degrade(tx, dctx, row, 'device_fault', input.faultCode ? `故障码 ${input.faultCode}` : '');
    }
    return { deviceCode: row.code, status: row.status as AedStatus };
  });
}

/**
 * A self-test result, kept in the history: a failure turns the device needs_service with a self_test_failed task; a
 * pass closes that task (restoring the device when a failed self-test was what took it out of ready).
 */
export async function selfTest(db: Db, ctx: Ctx, authorization: string | undefined, input: SelfTest, now = new Date()) {
  const found = await authenticateDevice(db, authorization);
  const at = new Date(input.at);
  assertClock(at, now);
  const dctx = deviceCtx(ctx, found.code);
  return db.transaction(async (tx) => {
    let row = (await repo.lockAed(tx, found.regionId, found.id))!;
    await repo.insertSelfTest(tx, {
      regionId: row.regionId,
      id: crypto.randomUUID(),
      aedId: row.id,
      testedAt: at,
      ok: input.ok,
      details: input.details ?? '',
    });
    const newest = !row.lastSelfTestAt || row.lastSelfTestAt <= at;
    if (newest) {
      row = await repo.updateAed(tx, row.regionId, row.id, {
        lastSelfTestAt: at,
        lastSelfTestOk: input.ok,
        lastHeartbeatAt: !row.lastHeartbeatAt || row.lastHeartbeatAt < at ? at : row.lastHeartbeatAt,
      });
      row = input.ok
        ? await restore(tx, dctx, row, 'self_test_failed', '设备自检通过')
        : await degrade(tx, dctx, row, 'self_test_failed', input.details ?? '');
    }
    return { deviceCode: row.code, status: row.status as AedStatus };
  });
}

/**
 * The `aed.check-heartbeats` sweep: each device with a key that missed three heartbeat intervals turns needs_service
 * (when ready) with a heartbeat_missing task (one open per device). Returns how many devices were newly flagged.
 */
export async function checkHeartbeats(db: Db, ctx: Ctx, now = new Date()): Promise<number> {
  let flagged = 0;
  for (const silent of await repo.silentDevices(db, now)) {
    if (!isSilent(silent, now)) {
      continue;
    }
    const row = (await repo.lockAed(db, silent.regionId, silent.id))!;
    const hadTask = await repo.hasOpenTask(db, row.regionId, row.id, ['heartbeat_missing']);
    if (hadTask) {
      continue;
    }
    const china = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const detail = row.lastHeartbeatAt
      ? `最后心跳 ${china(row.lastHeartbeatAt)}`
      : `密钥签发(${row.telemetryKeyIssuedAt ? china(row.telemetryKeyIssuedAt) : '—'})后未收到心跳`;
    await degrade(db, ctx, row, 'heartbeat_missing', detail);
    flagged++;
  }
  return flagged;
}

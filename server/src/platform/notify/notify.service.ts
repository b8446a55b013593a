// The notification outbox: messages are queued in the caller's transaction and delivered by a recurring job
// with retries and exponential backoff (at least once; providers de-duplicate by message id).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { maskPhone } from '../identity/masking';
import { defineJob } from '../jobs/jobs.service';
import { pii } from '../pii';
import { scopePaths } from '../rbac/actor';
import type { DeliveryAdapter } from './notify.adapters';
import * as repo from './notify.repo';
import type { OutboxMessage } from './notify.schemas';

export const maxDeliveryAttempts = 8;

export type QueueMessage = {
  channel: 'sms' | 'email';
  to: string;
  template: string;
  subject?: string;
  body: string;
  isSecret?: boolean;
  dedupeKey?: string;
};

/**
 * Queues a message in the caller's transaction; it leaves only if that transaction commits.
 * Returns its id, or null when a message with the same dedupe key was queued before (nothing new is sent).
 */
export async function queueMessage(db: Db, m: QueueMessage): Promise<string | null> {
  const id = crypto.randomUUID();
  const inserted = await repo.insertMessage(db, {
    id,
    channel: m.channel,
    template: m.template,
    recipientEnc: pii().encrypt(m.to),
    recipientMasked: m.channel === 'sms' ? maskPhone(m.to) : m.to.replace(/^(.).*(@.*)$/, '$1***$2'),
    subject: m.subject ?? null,
    body: m.body,
    isSecret: m.isSecret ? 1 : 0,
    dedupeKey: m.dedupeKey ?? null,
  });
  return inserted ? id : null;
}

/** Delivers due messages through the adapter; returns counts. Failures back off 30 s, 1 min, 2 min … then give up. */
export async function deliverDueMessages(
  db: Db,
  adapter: DeliveryAdapter,
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  const due = await repo.claimDue(db, limit);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await adapter.deliver({
        channel: m.channel as 'sms' | 'email',
        to: pii().decrypt(m.recipientEnc),
        subject: m.subject,
        body: m.body,
        id: m.id,
      });
      await repo.markSent(db, m.id, adapter.name);
      sent++;
    } catch (error) {
      failed++;
      const next = m.attempts >= maxDeliveryAttempts ? null : new Date(Date.now() + 30_000 * 2 ** (m.attempts - 1));
      await repo.markFailed(db, m.id, error instanceof Error ? error.message : String(error), next);
    }
  }
  return { sent, failed };
}

/**
 * Lists the outbox; secret bodies (one-time codes) are shown only when the dev adapter delivers them.
 * Messages are platform-wide, so only a holder of outbox:view on a root unit (a province) reads them (OUT_OF_SCOPE).
 */
export async function listOutbox(
  db: Db,
  ctx: Ctx,
  f: { status?: string; channel?: string; page: number; pageSize: number },
  showSecrets: boolean,
) {
  const scope = scopePaths(ctx.actor, 'outbox:view');
  if (scope !== null && !scope.some((p) => /^\d+\.$/.test(p))) {
    throw new AppError('OUT_OF_SCOPE', { permission: 'outbox:view' });
  }
  const { rows, total } = await repo.listMessages(db, { ...f, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
  const items: OutboxMessage[] = rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    template: r.template,
    recipient: r.recipientMasked,
    subject: r.subject,
    body: r.isSecret && !showSecrets ? r.body.replace(/\d{4,}/g, '******') : r.body,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    adapter: r.adapter,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  }));
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** Registers the recurring delivery job for this process's adapter. */
export function defineDeliveryJob(adapter: DeliveryAdapter): void {
  // Not transactional: a provider call must not hold a database transaction open.
  defineJob(
    'outbox.deliver',
    async (db) => {
      await deliverDueMessages(db, adapter);
    },
    { everyMs: 2000, transactional: false },
  );
}

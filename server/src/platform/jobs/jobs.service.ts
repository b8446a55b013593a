// A durable job queue on the jobs table: claim with FOR UPDATE SKIP LOCKED, run the handler and mark the job done in
// one transaction (so a job's database effects happen exactly once), retry with backoff, recover expired leases.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import * as repo from './jobs.repo';

export type { JobRow } from './jobs.repo';

export type JobHandler = (db: Db, payload: Record<string, unknown>, job: repo.JobRow) => Promise<void>;

type Registered = { handler: JobHandler; everyMs?: number; transactional: boolean };
const handlers = new Map<string, Registered>();

/**
 * Registers a handler; with `everyMs` the job also re-schedules itself (one pending run across all instances).
 * A transactional handler (the default) runs in the transaction that marks the job done: its database effects
 * happen exactly once. A non-transactional one (talking to the outside world) runs at least once.
 */
export function defineJob(
  name: string,
  handler: JobHandler,
  opts: { everyMs?: number; transactional?: boolean } = {},
): void {
  handlers.set(name, { handler, everyMs: opts.everyMs, transactional: opts.transactional ?? true });
}

/** Queues a job; with a singleton key, a second queue call while one is pending is ignored (returns null). */
export async function enqueueJob(
  db: Db,
  name: string,
  payload: Record<string, unknown> = {},
  opts: { runAt?: Date; singletonKey?: string; maxAttempts?: number } = {},
): Promise<number | null> {
  return repo.insertJob(db, {
    name,
    payload,
    runAt: opts.runAt ?? new Date(),
    singletonKey: opts.singletonKey ?? null,
    maxAttempts: opts.maxAttempts ?? 5,
  });
}

function scheduleNext(db: Db, name: string, everyMs: number) {
  return enqueueJob(db, name, {}, { runAt: new Date(Date.now() + everyMs), singletonKey: `every:${name}` });
}

/** Runs due jobs until none is left (or `limit`); returns how many ran. One call is one polling round of a worker. */
export async function runDueJobs(
  db: Db,
  workerId: string,
  limit = 50,
  keepGoing: () => boolean = () => true,
): Promise<number> {
  let ran = 0;
  // keepGoing turns false when the worker stops (shutdown): the job in hand finishes, no further one is claimed.
  while (ran < limit && keepGoing()) {
    const job = await repo.claimNext(db, workerId, [...handlers.keys()]);
    if (!job) {
      break;
    }
    ran++;
    const reg = handlers.get(job.name)!;
    const payload = (job.payload ?? {}) as Record<string, unknown>;
    try {
      if (!reg.transactional) {
        await reg.handler(db, payload, job);
      }
      await db.transaction(async (tx) => {
        if (reg.transactional) {
          await reg.handler(tx, payload, job);
        }
        // Completion commits with the handler's writes: a crash before this point leaves the job to run again,
        // and none of its effects behind. A run that outlived its lease (another worker took over) rolls back.
        if (!(await repo.markDone(tx, job.id, workerId))) {
          throw new Error('lease lost: another worker took the job over');
        }
        if (reg.everyMs) {
          await scheduleNext(tx, job.name, reg.everyMs);
        }
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = job.attempts >= job.maxAttempts;
      const held = await repo.markFailed(db, job.id, workerId, message, dead, Math.min(3600, 2 ** job.attempts * 5));
      if (reg.everyMs && dead && held) {
        await scheduleNext(db, job.name, reg.everyMs);
      }
    }
  }
  return ran;
}

/** Makes sure every recurring job has a pending run (idempotent, safe from several instances). */
export async function scheduleRecurringJobs(db: Db): Promise<void> {
  for (const [name, reg] of handlers) {
    if (reg.everyMs) {
      await enqueueJob(db, name, {}, { singletonKey: `every:${name}` });
    }
  }
}

/** Starts a polling worker; returns a stop function that waits for the round in progress. */
export function startJobWorker(
  db: Db,
  opts: { pollMs?: number; onError?: (e: unknown) => void } = {},
): () => Promise<void> {
  const workerId = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) {
      return;
    }
    current = runDueJobs(db, workerId, 50, () => !stopped)
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, opts.pollMs ?? 1000);
        }
      });
  };
  current = scheduleRecurringJobs(db)
    .catch((e) => opts.onError?.(e))
    .finally(tick);
  return async () => {
    stopped = true;
    if (timer) {
      clearTimeout(timer);
    }
    await current;
  };
}

export const listJobs = repo.listJobs;

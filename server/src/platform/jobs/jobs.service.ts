// A durable job queue on the jobs table: claim with FOR UPDATE SKIP LOCKED, run the handler and mark the job done in
// one transaction (so a job's database effects happen exactly once), retry with backoff, recover expired leases.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { jobs } from './jobs.tables';

export type JobRow = typeof jobs.$inferSelect;
export type JobHandler = (db: Db, payload: Record<string, unknown>, job: JobRow) => Promise<void>;

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

/** Queues a job; with a singleton key, a second queue call while one is pending is ignored. */
export async function enqueueJob(
  db: Db,
  name: string,
  payload: Record<string, unknown> = {},
  opts: { runAt?: Date; singletonKey?: string; maxAttempts?: number } = {},
): Promise<number | null> {
  const rows = await db
    .insert(jobs)
    .values({
      name,
      payload,
      runAt: opts.runAt ?? new Date(),
      singletonKey: opts.singletonKey ?? null,
      maxAttempts: opts.maxAttempts ?? 5,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

async function claimNext(db: Db, workerId: string, names: string[]): Promise<JobRow | undefined> {
  if (names.length === 0) {
    return undefined;
  }
  const claimed = await queryRows<Record<string, unknown>>(
    db,
    sql`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + interval '60 seconds'
    WHERE id = (
      SELECT id FROM jobs
      WHERE name IN (${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )})
        AND ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
      ORDER BY run_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, name, payload, attempts, max_attempts`,
  );
  const r = claimed[0];
  if (!r) {
    return undefined;
  }
  return {
    id: Number(r.id),
    name: String(r.name),
    payload: r.payload,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
  } as JobRow;
}

/** Runs due jobs until none is left; returns how many ran. One call is one polling round of a worker. */
export async function runDueJobs(db: Db, workerId: string, limit = 50): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNext(db, workerId, [...handlers.keys()]);
    if (!job) {
      break;
    }
    ran++;
    const reg = handlers.get(job.name)!;
    try {
      if (!reg.transactional) {
        await reg.handler(db, (job.payload ?? {}) as Record<string, unknown>, job);
      }
      await db.transaction(async (tx) => {
        if (reg.transactional) {
          await reg.handler(tx, (job.payload ?? {}) as Record<string, unknown>, job);
        }
        // Completion commits with the handler's writes: a crash before this point leaves the job to run again,
        // and none of its effects behind.
        await tx.execute(
          sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL WHERE id = ${job.id}`,
        );
        if (reg.everyMs) {
          await enqueueJob(
            tx,
            job.name,
            {},
            { runAt: new Date(Date.now() + reg.everyMs), singletonKey: `every:${job.name}` },
          );
        }
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = job.attempts >= job.maxAttempts;
      const backoffSeconds = Math.min(3600, 2 ** job.attempts * 5);
      await db.execute(sql`
        UPDATE jobs SET status = ${dead ? 'dead' : 'queued'}, last_error = ${message.slice(0, 2000)},
          run_at = now() + make_interval(secs => ${backoffSeconds}), locked_until = NULL,
          finished_at = ${dead ? sql`now()` : sql`NULL`}
        WHERE id = ${job.id}`);
      if (reg.everyMs && dead) {
        await enqueueJob(
          db,
          job.name,
          {},
          { runAt: new Date(Date.now() + reg.everyMs), singletonKey: `every:${job.name}` },
        );
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
    current = runDueJobs(db, workerId)
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

export async function listJobs(db: Db, limit = 100) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`SELECT id, name, status, attempts, run_at, last_error, finished_at FROM jobs ORDER BY id DESC LIMIT ${limit}`,
  );
}

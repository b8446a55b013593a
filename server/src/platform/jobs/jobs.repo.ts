// Queries of the job queue: insert, claim with SKIP LOCKED and a lease, finish, fail with backoff.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { jobs } from './jobs.tables';

export type JobRow = typeof jobs.$inferSelect;

export async function insertJob(db: Db, row: typeof jobs.$inferInsert): Promise<number | null> {
  const rows = await db.insert(jobs).values(row).onConflictDoNothing().returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

/** Claims the oldest due job of the given names, or one whose lease expired (its worker died), for 60 seconds. */
export async function claimNext(db: Db, workerId: string, names: string[]): Promise<JobRow | undefined> {
  if (names.length === 0) {
    return undefined;
  }
  const [r] = await queryRows<Record<string, unknown>>(
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

/**
 * Marks the job done if `workerId` still holds it; false when its lease ran out and another worker took it over
 * (the caller then rolls back this run's writes).
 */
export async function markDone(db: Db, id: number, workerId: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL
      WHERE id = ${id} AND status = 'running' AND locked_by = ${workerId} RETURNING id`,
  );
  return rows.length === 1;
}

/** Records a failed run if `workerId` still holds the job: queued again after the backoff, or dead. */
export async function markFailed(
  db: Db,
  id: number,
  workerId: string,
  message: string,
  dead: boolean,
  backoffSeconds: number,
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`
    UPDATE jobs SET status = ${dead ? 'dead' : 'queued'}, last_error = ${message.slice(0, 2000)},
      run_at = now() + make_interval(secs => ${backoffSeconds}), locked_until = NULL,
      finished_at = ${dead ? sql`now()` : sql`NULL`}
    WHERE id = ${id} AND status = 'running' AND locked_by = ${workerId} RETURNING id`,
  );
  return rows.length === 1;
}

export async function listJobs(db: Db, limit = 100) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`SELECT id, name, status, attempts, run_at, last_error, finished_at FROM jobs ORDER BY id DESC LIMIT ${limit}`,
  );
}

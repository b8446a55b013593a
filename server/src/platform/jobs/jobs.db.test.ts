// The job queue and the outbox on a real database: transactional effects, retries with backoff, expired leases,
// concurrent workers, recurring singletons, restarts; outbox messages that roll back, back off, die, or go once.
import crypto from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, queryRows } from '../../db/client';
import { createTestDatabase } from '../../test/test-app';
import type { DeliveryAdapter, OutgoingMessage } from '../notify/notify.adapters';
import { deliverDueMessages, maxDeliveryAttempts, queueMessage } from '../notify/notify.service';
import { defineJob, enqueueJob, runDueJobs, scheduleRecurringJobs, startJobWorker } from './jobs.service';

let database: Database;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  db = database.db;
  // What the test handlers "do": one row per successful execution, written in the handler's transaction.
  await db.execute(sql`CREATE TABLE job_effects (id serial PRIMARY KEY, job_id bigint NOT NULL, worker text)`);
});
afterAll(async () => {
  await database.close();
  await drop();
});

const jobName = (label: string) => `test.${label}.${crypto.randomUUID().slice(0, 8)}`;

async function one<T>(query: SQL): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  return row;
}

type JobState = {
  status: string;
  attempts: number;
  locked_by: string | null;
  locked_until: unknown;
  last_error: string | null;
  finished_at: unknown;
  delay_s: number;
};

const jobState = (id: number) =>
  one<JobState>(sql`
    SELECT status, attempts, locked_by, locked_until, last_error, finished_at,
      extract(epoch FROM run_at - now())::float8 AS delay_s
    FROM jobs WHERE id = ${id}`);

const effectsOf = async (ids: number[]) =>
  (
    await one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM job_effects WHERE job_id IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    )
  ).n;

const makeDue = (id: number) => db.execute(sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE id = ${id}`);

/** A handler that records each execution, writes one effect row, and optionally fails after writing it. */
function countingHandler(opts: { fail?: boolean; delayMs?: number } = {}) {
  const executions = new Map<number, number>();
  const handler = async (tx: Db, _payload: Record<string, unknown>, job: { id: number }) => {
    executions.set(job.id, (executions.get(job.id) ?? 0) + 1);
    await tx.execute(sql`INSERT INTO job_effects (job_id) VALUES (${job.id})`);
    if (opts.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
    }
    if (opts.fail) {
      throw new Error(`boom on attempt ${executions.get(job.id)}`);
    }
  };
  return { executions, handler };
}

describe('jobs', () => {
  it('commits a transactional job’s effects together with its completion', async () => {
    const name = jobName('ok');
    const { executions, handler } = countingHandler();
    defineJob(name, handler);
    const id = (await enqueueJob(db, name, { hello: 'world' }))!;

    expect(await runDueJobs(db, 'worker-1')).toBe(1);
    expect(executions.get(id)).toBe(1);
    expect(await effectsOf([id])).toBe(1);
    const state = await jobState(id);
    expect(state).toMatchObject({ status: 'done', attempts: 1, locked_by: 'worker-1', locked_until: null });
    expect(state.finished_at).not.toBeNull();
    // Done is done: another round does not run it again.
    expect(await runDueJobs(db, 'worker-1')).toBe(0);
    expect(executions.get(id)).toBe(1);
  });

  it('hands the payload to the handler', async () => {
    const name = jobName('payload');
    const seen: unknown[] = [];
    defineJob(name, async (_tx, payload) => {
      seen.push(payload);
    });
    await enqueueJob(db, name, { orgId: 7, note: '博爱' });
    await runDueJobs(db, 'worker-1');
    expect(seen).toEqual([{ orgId: 7, note: '博爱' }]);
  });

  it('leaves no effects when the handler throws, retries with growing backoff, then marks the job dead', async () => {
    const name = jobName('fails');
    const { executions, handler } = countingHandler({ fail: true });
    defineJob(name, handler);
    const id = (await enqueueJob(db, name, {}, { maxAttempts: 3 }))!;

    await runDueJobs(db, 'worker-1');
    const first = await jobState(id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, locked_until: null, last_error: 'boom on attempt 1' });
    expect(first.finished_at).toBeNull();
    expect(first.delay_s).toBeGreaterThan(5);
    expect(first.delay_s).toBeLessThanOrEqual(10.5);
    expect(await effectsOf([id])).toBe(0);

    // Not due yet: a round leaves it alone.
    await runDueJobs(db, 'worker-1');
    expect(executions.get(id)).toBe(1);

    await makeDue(id);
    await runDueJobs(db, 'worker-1');
    const second = await jobState(id);
    expect(second).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom on attempt 2' });
    expect(second.delay_s).toBeGreaterThan(first.delay_s + 5);

    await makeDue(id);
    await runDueJobs(db, 'worker-1');
    const third = await jobState(id);
    expect(third).toMatchObject({ status: 'dead', attempts: 3, last_error: 'boom on attempt 3' });
    expect(third.finished_at).not.toBeNull();
    expect(executions.get(id)).toBe(3);
    expect(await effectsOf([id])).toBe(0);

    // A dead job stays dead.
    await makeDue(id);
    await runDueJobs(db, 'worker-1');
    expect(executions.get(id)).toBe(3);
    expect((await jobState(id)).status).toBe('dead');
  });

  it('runs a job again, once, when the worker that claimed it crashed and its lease expired', async () => {
    const name = jobName('crashed');
    const { executions, handler } = countingHandler();
    defineJob(name, handler);
    const orphan = (await enqueueJob(db, name))!;
    const leased = (await enqueueJob(db, name))!;
    await db.execute(sql`
      UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'crashed-worker',
        locked_until = now() - interval '1 second' WHERE id = ${orphan}`);
    // Still held by a live worker: its lease runs for another minute.
    await db.execute(sql`
      UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'live-worker',
        locked_until = now() + interval '1 minute' WHERE id = ${leased}`);

    await runDueJobs(db, 'worker-2');
    await runDueJobs(db, 'worker-2');
    expect(executions.get(orphan)).toBe(1);
    expect(executions.get(leased)).toBeUndefined();
    expect(await jobState(orphan)).toMatchObject({ status: 'done', attempts: 2, locked_by: 'worker-2' });
    expect(await jobState(leased)).toMatchObject({ status: 'running', locked_by: 'live-worker' });
    expect(await effectsOf([orphan])).toBe(1);
    await db.execute(sql`UPDATE jobs SET status = 'done', locked_until = NULL WHERE id = ${leased}`);
  });

  it('keeps the effects of only one run when a slow worker outlives its lease and another takes the job over', async () => {
    const name = jobName('slow');
    let releaseSlow: () => void = () => {};
    const slowMayFinish = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowStarted: () => void = () => {};
    const slowIsRunning = new Promise<void>((resolve) => {
      slowStarted = resolve;
    });
    defineJob(name, async (tx, _payload, job) => {
      await tx.execute(sql`INSERT INTO job_effects (job_id, worker) VALUES (${job.id}, ${`attempt-${job.attempts}`})`);
      if (job.attempts === 1) {
        slowStarted();
        await slowMayFinish;
      }
    });
    const id = (await enqueueJob(db, name))!;

    const slow = runDueJobs(db, 'slow-worker');
    await slowIsRunning;
    if (database.kind === 'postgres') {
      // The first worker stalls past its lease; a fresh worker takes the job over and finishes it first.
      await db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ${id}`);
      expect(await runDueJobs(db, 'fresh-worker')).toBe(1);
    }
    // (PGlite runs one transaction at a time: no other worker can claim while the slow one is inside its run.)
    releaseSlow();
    await slow;

    const effects = await queryRows<{ worker: string }>(db, sql`SELECT worker FROM job_effects WHERE job_id = ${id}`);
    expect(effects).toHaveLength(1);
    expect((await jobState(id)).status).toBe('done');
    // The run that lost its lease did not put the job back in the queue either.
    await makeDue(id);
    await runDueJobs(db, 'another-worker');
    expect(await effectsOf([id])).toBe(1);
  });

  it('never runs the same job twice when several workers poll at once', async () => {
    const name = jobName('concurrent');
    const { executions, handler } = countingHandler({ delayMs: 2 });
    defineJob(name, handler);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await enqueueJob(db, name, { i }))!);
    }
    const counts = await Promise.all(['w-a', 'w-b', 'w-c'].map((w) => runDueJobs(db, w)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    expect(ids.map((id) => executions.get(id))).toEqual(ids.map(() => 1));
    expect(await effectsOf(ids)).toBe(20);
    const done = await one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM jobs WHERE name = ${name} AND status = 'done' AND attempts = 1`,
    );
    expect(done.n).toBe(20);
  });

  it('keeps exactly one pending run of a recurring job, however often it is scheduled or runs', async () => {
    const name = jobName('recurring');
    const { executions, handler } = countingHandler();
    defineJob(name, handler, { everyMs: 60_000 });
    const pending = async () =>
      (
        await one<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM jobs WHERE name = ${name} AND status IN ('queued', 'running')`,
        )
      ).n;

    await Promise.all([scheduleRecurringJobs(db), scheduleRecurringJobs(db), scheduleRecurringJobs(db)]);
    expect(await pending()).toBe(1);
    expect(await enqueueJob(db, name, {}, { singletonKey: `every:${name}` })).toBeNull();

    await runDueJobs(db, 'worker-1');
    expect([...executions.values()]).toEqual([1]);
    expect(await pending()).toBe(1);
    const next = await one<{ id: number; delay_s: number }>(sql`
      SELECT id, extract(epoch FROM run_at - now())::float8 AS delay_s FROM jobs
      WHERE name = ${name} AND status = 'queued'`);
    expect(next.delay_s).toBeGreaterThan(50);
    await scheduleRecurringJobs(db);
    expect(await pending()).toBe(1);

    // The next run, once due, runs once and schedules the one after.
    await makeDue(Number(next.id));
    await Promise.all([runDueJobs(db, 'w-a'), runDueJobs(db, 'w-b')]);
    expect([...executions.values()]).toEqual([1, 1]);
    expect(await pending()).toBe(1);
  });

  it('keeps one pending run of a recurring job that fails and even dies', async () => {
    const name = jobName('recurring-fails');
    const { executions, handler } = countingHandler({ fail: true });
    defineJob(name, handler, { everyMs: 60_000 });
    await scheduleRecurringJobs(db);
    const [{ id }] = await queryRows<{ id: number }>(db, sql`SELECT id FROM jobs WHERE name = ${name}`);
    const pending = async () =>
      (
        await one<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM jobs WHERE name = ${name} AND status IN ('queued', 'running')`,
        )
      ).n;

    await makeDue(Number(id));
    await runDueJobs(db, 'worker-1');
    expect(await pending()).toBe(1);
    expect((await jobState(Number(id))).status).toBe('queued');

    // Its last attempt: it dies, and a fresh run takes its place.
    await db.execute(
      sql`UPDATE jobs SET attempts = max_attempts - 1, run_at = now() - interval '1 second' WHERE id = ${id}`,
    );
    await runDueJobs(db, 'worker-1');
    expect((await jobState(Number(id))).status).toBe('dead');
    expect(await pending()).toBe(1);
    expect(executions.get(Number(id))).toBe(2);
  });

  it('continues pending jobs after a restart: a new worker id picks up where the old one stopped', async () => {
    const name = jobName('restart');
    const { executions, handler } = countingHandler();
    defineJob(name, handler);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await enqueueJob(db, name, { i }))!);
    }
    expect(await runDueJobs(db, 'before-restart', 2)).toBe(2);
    expect(await runDueJobs(db, 'after-restart')).toBe(3);
    expect(ids.map((id) => executions.get(id))).toEqual([1, 1, 1, 1, 1]);
    const byWorker = await queryRows<{ locked_by: string; n: number }>(
      db,
      sql`SELECT locked_by, count(*)::int AS n FROM jobs WHERE name = ${name} GROUP BY locked_by ORDER BY locked_by`,
    );
    expect(byWorker).toEqual([
      { locked_by: 'after-restart', n: 3 },
      { locked_by: 'before-restart', n: 2 },
    ]);
  });

  it('runs queued jobs from a polling worker and waits for the round in progress on stop', async () => {
    const name = jobName('worker');
    const { executions, handler } = countingHandler({ delayMs: 20 });
    defineJob(name, handler);
    const id = (await enqueueJob(db, name))!;
    const stop = startJobWorker(db, { pollMs: 10 });
    const deadline = Date.now() + 10_000;
    while ((await jobState(id)).status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await stop();
    expect(executions.get(id)).toBe(1);
    expect((await jobState(id)).status).toBe('done');
  });
});

describe('outbox', () => {
  /** An adapter that records what it was asked to deliver and fails while `failing` is true. */
  function recordingAdapter(name: string, opts: { failing?: boolean; delayMs?: number } = {}) {
    const calls: OutgoingMessage[] = [];
    const adapter: DeliveryAdapter = {
      name,
      async deliver(message) {
        calls.push(message);
        if (opts.delayMs) {
          await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
        }
        if (opts.failing) {
          throw new Error('gateway unavailable');
        }
      },
    };
    return { adapter, callsFor: (id: string) => calls.filter((c) => c.id === id) };
  }

  type MessageState = {
    status: string;
    attempts: number;
    last_error: string | null;
    adapter: string | null;
    sent_at: unknown;
    delay_s: number;
  };
  const messageState = (id: string) =>
    one<MessageState>(sql`
      SELECT status, attempts, last_error, adapter, sent_at, extract(epoch FROM next_attempt_at - now())::float8 AS delay_s
      FROM outbox_messages WHERE id = ${id}`);
  const makeMessageDue = (id: string) =>
    db.execute(sql`UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE id = ${id}`);

  it('leaves nothing behind when the transaction that queued a message rolls back', async () => {
    const template = `rollback-${crypto.randomUUID().slice(0, 8)}`;
    await expect(
      db.transaction(async (tx) => {
        await queueMessage(tx, { channel: 'sms', to: '+8613800001111', template, body: '回滚' });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    const rows = await one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = ${template}`,
    );
    expect(rows.n).toBe(0);

    const committed = await db.transaction((tx) =>
      queueMessage(tx, { channel: 'sms', to: '+8613800001111', template, body: '提交' }),
    );
    const row = await one<{ status: string; recipient_masked: string; recipient_enc: string }>(
      sql`SELECT status, recipient_masked, recipient_enc FROM outbox_messages WHERE id = ${committed}`,
    );
    expect(row).toMatchObject({ status: 'pending', recipient_masked: '138****1111' });
    expect(row.recipient_enc).not.toContain('13800001111');
  });

  it('backs off a failing delivery with growing delays and gives up as dead after the last attempt', async () => {
    const id = (await queueMessage(db, {
      channel: 'sms',
      to: '+8613800002222',
      template: 'test',
      body: '失败',
    })) as string;
    const { adapter, callsFor } = recordingAdapter('failing', { failing: true });
    let previousDelay = 0;
    for (let attempt = 1; attempt < maxDeliveryAttempts; attempt++) {
      await deliverDueMessages(db, adapter);
      const state = await messageState(id);
      expect(state, `attempt ${attempt}`).toMatchObject({
        status: 'pending',
        attempts: attempt,
        last_error: 'gateway unavailable',
      });
      expect(state.delay_s, `attempt ${attempt}`).toBeGreaterThan(previousDelay);
      previousDelay = state.delay_s;
      // Not due yet: the next round leaves it alone.
      await deliverDueMessages(db, adapter);
      expect(callsFor(id)).toHaveLength(attempt);
      await makeMessageDue(id);
    }
    await deliverDueMessages(db, adapter);
    expect(await messageState(id)).toMatchObject({ status: 'dead', attempts: maxDeliveryAttempts, sent_at: null });
    expect(callsFor(id)).toHaveLength(maxDeliveryAttempts);

    await makeMessageDue(id);
    await deliverDueMessages(db, adapter);
    expect(callsFor(id)).toHaveLength(maxDeliveryAttempts);
    expect((await messageState(id)).status).toBe('dead');
  });

  it('marks a delivered message sent, once, with the adapter that sent it', async () => {
    const id = (await queueMessage(db, {
      channel: 'sms',
      to: '+8613800003333',
      template: 'test',
      body: '成功',
    })) as string;
    const { adapter, callsFor } = recordingAdapter('succeeding');
    await deliverDueMessages(db, adapter);
    await deliverDueMessages(db, adapter);
    await makeMessageDue(id);
    await deliverDueMessages(db, adapter);
    expect(callsFor(id)).toHaveLength(1);
    expect(callsFor(id)[0]).toMatchObject({ channel: 'sms', to: '+8613800003333', body: '成功' });
    const state = await messageState(id);
    expect(state).toMatchObject({ status: 'sent', attempts: 1, adapter: 'succeeding', last_error: null });
    expect(state.sent_at).not.toBeNull();
  });

  it('delivers each message once when several senders run at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        (await queueMessage(db, {
          channel: 'email',
          to: `p${i}@example.org`,
          template: 'test',
          body: `#${i}`,
        })) as string,
      );
    }
    const { adapter, callsFor } = recordingAdapter('parallel', { delayMs: 2 });
    await Promise.all([
      deliverDueMessages(db, adapter),
      deliverDueMessages(db, adapter),
      deliverDueMessages(db, adapter),
    ]);
    expect(ids.map((id) => callsFor(id).length)).toEqual(ids.map(() => 1));
  });

  it('delivers again a message whose sender crashed mid-delivery once its lease has expired', async () => {
    const id = (await queueMessage(db, {
      channel: 'sms',
      to: '+8613800004444',
      template: 'test',
      body: '租约',
    })) as string;
    await db.execute(
      sql`UPDATE outbox_messages SET status = 'sending', attempts = 1, next_attempt_at = now() + interval '2 minutes' WHERE id = ${id}`,
    );
    const { adapter, callsFor } = recordingAdapter('after-crash');
    await deliverDueMessages(db, adapter);
    expect(callsFor(id)).toHaveLength(0);
    await makeMessageDue(id);
    await deliverDueMessages(db, adapter);
    expect(callsFor(id)).toHaveLength(1);
    expect(await messageState(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

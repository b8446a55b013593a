// The realtime bus and its WebSocket gateway over a real socket: events published in a transaction arrive after
// commit and never after a rollback; topics need an authorizer; bad frames get error frames; on PostgreSQL an
// event published through one app instance reaches a client connected to another (LISTEN/NOTIFY fan-out).
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../app';
import { openPostgres } from '../../db/client';
import { createBranchChain, createStaff } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { connectWs } from '../../test/ws-client';
import { AppError } from '../errors';

let t: TestApp;
let base: string;
let staff: Caller;

beforeAll(async () => {
  t = await createTestApp();
  const gw = t.app.realtime.gateway;
  gw.topic('test-open:', () => true);
  gw.topic('test-staff:', (conn) => conn.ctx.actor.kind === 'staff');
  gw.handle('test.echo', z.object({ n: z.number().int().max(10) }), (_conn, data) => {
    if (data.n === 7) {
      throw new AppError('CONFLICT', { n: 7 });
    }
    return { doubled: data.n * 2 };
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/realtime`;
  const { county } = await createBranchChain(t);
  staff = await createStaff(t, { orgId: county.id, roleId: 'readonly' });
});

afterAll(async () => {
  await t?.close();
});

describe('the realtime gateway', () => {
  it('greets, then delivers an event published in a transaction only after it commits', async () => {
    const c = await connectWs(base);
    expect((await c.next((f) => f.type === 'hello')).actor).toBe('anonymous');
    c.send({ type: 'subscribe', topic: 'test-open:a', ref: 1 });
    expect(await c.next((f) => f.type === 'subscribed')).toMatchObject({ topic: 'test-open:a', ref: 1 });

    // Rolled back: never delivered.
    await t.db
      .transaction(async (tx) => {
        await t.app.realtime.publish(tx, { topic: 'test-open:a', event: 'ping', data: { n: 1 } });
        throw new Error('roll back');
      })
      .catch(() => {});
    // Committed: delivered, and it is the first event the client sees.
    await t.db.transaction(async (tx) => {
      await t.app.realtime.publish(tx, [
        { topic: 'test-open:a', event: 'ping', data: { n: 2 } },
        { topic: 'test-open:other', event: 'ping', data: { n: 3 } },
        { topic: 'test-open:a', event: 'ping', data: { n: 4 } },
      ]);
      await tx.execute(sql`SELECT 1`);
    });
    const first = await c.next((f) => f.type === 'event');
    expect(first).toEqual({ type: 'event', topic: 'test-open:a', event: 'ping', data: { n: 2 } });
    expect((await c.next((f) => f.type === 'event')).data).toEqual({ n: 4 });
    c.ws.close();
  });

  it('refuses unknown topics, unauthorised topics, bad frames, and reports handler errors with their code', async () => {
    const anon = await connectWs(base);
    await anon.next((f) => f.type === 'hello');
    anon.send({ type: 'subscribe', topic: 'nobody:x', ref: 'a' });
    expect(await anon.next((f) => f.type === 'error')).toMatchObject({ code: 'NOT_FOUND', ref: 'a' });
    anon.send({ type: 'subscribe', topic: 'test-staff:x', ref: 'b' });
    expect(await anon.next((f) => f.type === 'error')).toMatchObject({ code: 'UNAUTHENTICATED', ref: 'b' });
    anon.ws.send('{not json');
    expect(await anon.next((f) => f.type === 'error')).toMatchObject({ code: 'MALFORMED_JSON' });
    anon.send({ type: 'test.echo', n: 'x', ref: 'c' });
    expect(await anon.next((f) => f.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'c' });
    anon.send({ type: 'test.echo', n: 7, ref: 'd' });
    expect(await anon.next((f) => f.type === 'error')).toMatchObject({ code: 'CONFLICT', ref: 'd' });
    anon.send({ type: 'test.echo', n: 3, ref: 'e' });
    expect(await anon.next((f) => f.type === 'reply')).toEqual({ type: 'reply', ref: 'e', data: { doubled: 6 } });
    anon.send({ type: 'ping', ref: 'f' });
    expect(await anon.next((f) => f.type === 'pong')).toEqual({ type: 'pong', ref: 'f' });
    anon.ws.close();

    const signedIn = await connectWs(base, staff!.cookie);
    expect((await signedIn.next((f) => f.type === 'hello')).actor).toBe('staff');
    signedIn.send({ type: 'subscribe', topic: 'test-staff:x' });
    expect(await signedIn.next((f) => f.type !== 'hello')).toMatchObject({ type: 'subscribed', topic: 'test-staff:x' });
    signedIn.ws.close();
  });

  it('stops delivering after unsubscribe and after the socket closes', async () => {
    const c = await connectWs(base);
    await c.next((f) => f.type === 'hello');
    c.send({ type: 'subscribe', topic: 'test-open:u' });
    await c.next((f) => f.type === 'subscribed');
    expect(t.app.realtime.localSubscribers('test-open:u')).toBe(1);
    c.send({ type: 'unsubscribe', topic: 'test-open:u' });
    await c.next((f) => f.type === 'unsubscribed');
    expect(t.app.realtime.localSubscribers('test-open:u')).toBe(0);
    c.send({ type: 'subscribe', topic: 'test-open:u' });
    await c.next((f) => f.type === 'subscribed');
    c.ws.close();
    await expect.poll(() => t.app.realtime.localSubscribers('test-open:u')).toBe(0);
  });

  it('refuses an event too large for NOTIFY before anything is sent', async () => {
    await expect(
      t.db.transaction((tx) =>
        t.app.realtime.publish(tx, { topic: 'test-open:a', event: 'big', data: { s: 'x'.repeat(8000) } }),
      ),
    ).rejects.toThrow(/too large/);
  });
});

describe.runIf(inject('dbKind') === 'postgres')('two instances on one PostgreSQL', () => {
  it('delivers an event published through instance 1 to a client of instance 2', async () => {
    const second = await openPostgres(String(t.database.pool!.options.connectionString), { max: 2 });
    const app2 = await buildApp({ database: second, logLevel: 'silent', webDist: '/nonexistent', rateLimits: false });
    app2.realtime.gateway.topic('test-open:', () => true);
    try {
      await app2.listen({ port: 0, host: '127.0.0.1' });
      const url2 = `ws://127.0.0.1:${(app2.server.address() as AddressInfo).port}/api/realtime`;
      const c = await connectWs(url2);
      await c.next((f) => f.type === 'hello');
      c.send({ type: 'subscribe', topic: 'test-open:x' });
      await c.next((f) => f.type === 'subscribed');
      const started = Date.now();
      await t.db.transaction((tx) =>
        t.app.realtime.publish(tx, { topic: 'test-open:x', event: 'hello', data: { from: 'instance 1' } }),
      );
      expect(await c.next((f) => f.type === 'event')).toMatchObject({ data: { from: 'instance 1' } });
      expect(Date.now() - started).toBeLessThan(1000);
      c.ws.close();
    } finally {
      await app2.close();
      await second.close();
    }
  });
});

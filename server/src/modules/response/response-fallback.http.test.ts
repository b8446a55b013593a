// The +20 s SMS fallback of an alert (job response.sms-fallback): a responder whose phone is connected gets no SMS
// when alerted, and one after 20 s only if the phone never showed the alert (no `alert.ack` frame, /me/alerts not
// opened, not answered) and SMS is allowed; a responder without a connection was texted at once and is not texted
// twice; nothing once the emergency has ended. The job runs through the job queue, with its time moved forward.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { queryRows } from '../../db/client';
import { type LatLng, offsetPoint } from '../../platform/geo';
import { maskPhone } from '../../platform/identity/masking';
import { runDueJobs } from '../../platform/jobs/jobs.service';
import { pii } from '../../platform/pii';
import { createBranchChain, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { connectWs, type WsClient } from '../../test/ws-client';
import { defineResponseJobs } from './response.jobs';
import { consentVersion } from './response-consent';
import { configureResponse, responseSettings } from './response-core';
import { sendFallbackSms } from './response-emergencies';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let dispatcher: Caller;
let url: string;
let spotSeq = 0;
/** Each test works around its own spot, far from the others. */
const nextSpot = (): LatLng => ({ lat: 29.3 + spotSeq++ * 0.3, lng: 120.24 });
const sockets: WebSocket[] = [];

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  dispatcher = await createStaff(t, { orgId: chain.county.id, permissions: ['response:dispatch'] });
  configureResponse({ smsFallbackSeconds: 20 });
  defineResponseJobs();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/realtime`;
});
afterAll(async () => {
  for (const ws of sockets) {
    ws.close();
  }
  await t?.close();
});

const newPhone = () => `139${String(10_000_000 + crypto.randomInt(0, 89_999_999)).slice(0, 8)}`;

/** A first-aider certificate on the phone, issued by the county (as the training module records it). */
async function giveCertificate(phone: string): Promise<void> {
  const id = crypto.randomUUID();
  await t.db.execute(sql`INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id,
      person_region_id, holder_name, holder_name_masked, phone_hash, issued_on, valid_until, status, source, verify_code, created_by)
    VALUES (${chain.city.id}, ${id}, ${`T-F-${id.slice(0, 8)}`}, ${chain.county.id}, 1, 'first_aider', ${crypto.randomUUID()},
      ${chain.city.id}, '张三', '张*', ${pii().blindIndex('phone', `+86${phone}`)}, '2024-01-01', '2099-12-31', 'valid', 'import', 'X', 'test')`);
}

/** A certified responder, enrolled and on call at `at`; with `live`, its phone holds a WebSocket (presence). */
async function responder(at: LatLng, opts: { live: boolean; sms?: boolean }) {
  const phone = newPhone();
  await giveCertificate(phone);
  const caller = await signInByPhone(t, phone);
  const enrol = await t.inject(caller, {
    method: 'POST',
    url: '/api/response/me/enrol',
    payload: { consentVersion, prefs: { sms: opts.sms ?? true, sound: true, maxDistanceM: 3000 }, quietHours: null },
  });
  expect(enrol.statusCode, enrol.body).toBe(200);
  const on = await t.inject(caller, { method: 'POST', url: '/api/response/me/on-call', payload: { position: at } });
  expect(on.statusCode, on.body).toBe(200);
  const id = enrol.json().id as string;
  let socket: WsClient | null = null;
  if (opts.live) {
    socket = await connectWs(url, caller.cookie);
    sockets.push(socket.ws);
    // The hello comes after the connect hooks: presence is recorded by then.
    await socket.next((f) => f.type === 'hello');
    const [row] = await queryRows<{ live: boolean }>(
      t.db,
      sql`SELECT connected_until > now() AS live FROM response_responders WHERE id = ${id}`,
    );
    expect(row.live).toBe(true);
  }
  return { caller, id, phone, socket };
}

async function raiseAt(p: LatLng) {
  const res = await t.inject(dispatcher, {
    method: 'POST',
    url: '/api/response/emergencies',
    payload: { ...p, address: '测试地点', note: '' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; raisedAt: string; responders: { alertId: string; responderId: string }[] };
}

/** The alert SMS texts to this responder for this emergency (the outbox keeps one per alert). */
async function alertTexts(emergencyId: string, r: { id: string; phone: string }) {
  return queryRows<{ recipient_masked: string; body: string }>(
    t.db,
    sql`SELECT recipient_masked, body FROM outbox_messages
        WHERE template = 'response.alert' AND dedupe_key = ${`response.alert:${emergencyId}:${r.id}`}`,
  );
}

async function fallbackJobOf(emergencyId: string) {
  return queryRows<{ id: number; status: string; run_at: Date; region_id: number }>(
    t.db,
    sql`SELECT id, status, run_at, (payload->>'regionId')::int AS region_id FROM jobs WHERE name = 'response.sms-fallback' AND payload->>'emergencyId' = ${emergencyId}`,
  );
}

/** Moves the job's time forward (it is due now) and lets the job queue run it. */
async function runFallbackNow(jobId: number) {
  await t.db.execute(sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE id = ${jobId}`);
  await runDueJobs(t.db, 'fallback-test');
  const [job] = await queryRows<{ status: string }>(t.db, sql`SELECT status FROM jobs WHERE id = ${jobId}`);
  expect(job.status).toBe('done');
}

describe('the SMS fallback of an alert', () => {
  it('texts a connected responder who never shows the alert after 20 s, not one whose phone acknowledged it', async () => {
    const p = nextSpot();
    const silent = await responder(offsetPoint(p, 150, 0), { live: true });
    const acked = await responder(offsetPoint(p, 250, 90), { live: true });
    const opened = await responder(offsetPoint(p, 300, 180), { live: true });
    const offline = await responder(offsetPoint(p, 350, 270), { live: false });

    const detail = await raiseAt(p);
    expect(detail.responders).toHaveLength(4);
    // Connected phones get the alert frame and no SMS yet; the one without a connection is texted at once.
    for (const r of [silent, acked, opened]) {
      expect(await r.socket!.next((f) => f.type === 'event' && f.event === 'alert')).toMatchObject({
        topic: `responder:${r.id}`,
        data: { emergencyId: detail.id },
      });
      expect(await alertTexts(detail.id, r)).toHaveLength(0);
    }
    expect(await alertTexts(detail.id, offline)).toHaveLength(1);

    // One phone shows the alert and says so over the socket; another opens its alert list over HTTP.
    const alertId = detail.responders.find((x) => x.responderId === acked.id)!.alertId;
    acked.socket!.send({ type: 'alert.ack', ref: 7, alertId });
    expect(await acked.socket!.next((f) => f.type === 'reply' && f.ref === 7)).toMatchObject({ data: { ok: true } });
    expect((await t.inject(opened.caller, { method: 'GET', url: '/api/response/me/alerts' })).statusCode).toBe(200);

    // One fallback job, due 20 s after the raise; not run before it is due.
    const jobs = await fallbackJobOf(detail.id);
    expect(jobs).toHaveLength(1);
    const dueIn = new Date(jobs[0].run_at).getTime() - Date.parse(detail.raisedAt);
    expect(dueIn).toBe(responseSettings.smsFallbackSeconds * 1000);
    await runDueJobs(t.db, 'fallback-test');
    expect((await fallbackJobOf(detail.id))[0].status).toBe('queued');
    expect(await alertTexts(detail.id, silent)).toHaveLength(0);

    await runFallbackNow(jobs[0].id);
    const texts = await alertTexts(detail.id, silent);
    expect(texts).toHaveLength(1);
    expect(texts[0].recipient_masked).toBe(maskPhone(`+86${silent.phone}`));
    expect(texts[0].body).toContain('疑似心脏骤停');
    expect(await alertTexts(detail.id, acked)).toHaveLength(0);
    expect(await alertTexts(detail.id, opened)).toHaveLength(0);
    // The responder without a connection was texted once, at the raise, not again.
    expect(await alertTexts(detail.id, offline)).toHaveLength(1);
    const smsAt = await queryRows<{ responder_id: string; texted: boolean }>(
      t.db,
      sql`SELECT responder_id, sms_at IS NOT NULL AS texted FROM response_alerts WHERE emergency_id = ${detail.id}`,
    );
    expect(new Map(smsAt.map((a) => [a.responder_id, a.texted]))).toEqual(
      new Map([
        [silent.id, true],
        [acked.id, false],
        [opened.id, false],
        [offline.id, true],
      ]),
    );
    // A second run (a retried job) texts nobody again.
    expect(await sendFallbackSms(t.db, jobs[0].region_id, detail.id)).toBe(0);
  });

  it('texts neither a responder who answered nor one who turned SMS off, and nobody once the emergency ended', async () => {
    const p = nextSpot();
    const answered = await responder(offsetPoint(p, 100, 0), { live: true });
    const noSms = await responder(offsetPoint(p, 200, 90), { live: true, sms: false });
    const detail = await raiseAt(p);
    const alertId = detail.responders.find((x) => x.responderId === answered.id)!.alertId;
    const accept = await t.inject(answered.caller, { method: 'POST', url: `/api/response/alerts/${alertId}/accept` });
    expect(accept.statusCode, accept.body).toBe(200);
    const [job] = await fallbackJobOf(detail.id);
    await runFallbackNow(job.id);
    expect(await alertTexts(detail.id, answered)).toHaveLength(0);
    expect(await alertTexts(detail.id, noSms)).toHaveLength(0);

    // Ended before the 20 s were up: the job finds nothing to do.
    const q = nextSpot();
    const late = await responder(offsetPoint(q, 100, 0), { live: true });
    const other = await raiseAt(q);
    const end = await t.inject(dispatcher, {
      method: 'POST',
      url: `/api/response/emergencies/${other.id}/end`,
      payload: { result: 'false_alarm', bystanderCpr: false, aedUsed: false },
    });
    expect(end.statusCode, end.body).toBe(200);
    const [otherJob] = await fallbackJobOf(other.id);
    await runFallbackNow(otherJob.id);
    expect(await alertTexts(other.id, late)).toHaveLength(0);
  });
});

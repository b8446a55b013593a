// The response module on the WebSocket gateway: a responder's connection follows its own topic and keeps its on-call
// state (refreshed by its `status` events), position fixes and alert acknowledgements arrive as frames, presence is
// kept in the database (connected_until) so SMS goes only to those without a live connection; staff follow
// `emergency:<id>`, the public raiser `emergency:<id>:<followToken>` (relayed without names).
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { assertPoint } from '../../platform/geo';
import type { Connection, Realtime } from '../../platform/realtime/realtime';
import * as repo from './response.repo';
import { ackFrameSchema, positionFrameSchema } from './response.schemas';
import { publicEmergencyTopic, responderTopic, responseSettings } from './response-core';
import { canWatch, getEmergencyByToken } from './response-emergencies';
import { bufferFix } from './response-responders';

type LiveResponder = { id: string; regionId: number; onCall: boolean };
const stateKey = 'response.responder';
const offKey = 'response.unsubscribe';

/** Responders connected to this instance (id → connections), for presence refreshes. */
const present = new Map<string, Set<string>>();

function liveOf(conn: Connection): LiveResponder | undefined {
  return conn.state.get(stateKey) as LiveResponder | undefined;
}

function offs(conn: Connection): (() => void)[] {
  let list = conn.state.get(offKey) as (() => void)[] | undefined;
  if (!list) {
    list = [];
    conn.state.set(offKey, list);
  }
  return list;
}

export function registerResponseGateway(db: Db, realtime: Realtime): () => void {
  const gw = realtime.gateway;
  const presenceMs = () => responseSettings.presenceSeconds * 1000;

  gw.onConnect(async (conn) => {
    if (conn.ctx.actor.kind !== 'public') {
      return;
    }
    const r = await repo.findResponderByAccount(db, conn.ctx.actor.accountId);
    if (!r) {
      return;
    }
    const live: LiveResponder = { id: r.id, regionId: r.regionId, onCall: r.onCall };
    conn.state.set(stateKey, live);
    conn.follow(responderTopic(r.id));
    offs(conn).push(
      realtime.subscribe(responderTopic(r.id), (e) => {
        if (e.event === 'status') {
          live.onCall = Boolean((e.data as { onCall?: boolean }).onCall);
        }
      }),
    );
    let conns = present.get(r.id);
    if (!conns) {
      conns = new Set();
      present.set(r.id, conns);
    }
    conns.add(conn.id);
    await repo.setConnectedUntil(db, [r.id], new Date(Date.now() + presenceMs()));
  });

  gw.onDisconnect(async (conn) => {
    for (const off of offs(conn)) {
      off();
    }
    const live = liveOf(conn);
    if (!live) {
      return;
    }
    const conns = present.get(live.id);
    conns?.delete(conn.id);
    if (!conns || conns.size === 0) {
      present.delete(live.id);
      await repo.setConnectedUntil(db, [live.id], null);
    }
  });

  gw.handle('position', positionFrameSchema, async (conn, fix) => {
    const live = liveOf(conn);
    if (!live?.onCall) {
      throw new AppError('RESPONDER_OFF_CALL');
    }
    assertPoint(fix, { china: true });
    // The frame is answered once the fix is written (group commit every positionFlushMs).
    await bufferFix(db, {
      regionId: live.regionId,
      responderId: live.id,
      lat: fix.lat,
      lng: fix.lng,
      accuracyM: fix.accuracyM ?? null,
      fixedAt: new Date(),
    });
    return { ok: true };
  });

  gw.handle('alert.ack', ackFrameSchema, async (conn, data) => {
    const live = liveOf(conn);
    if (!live) {
      throw new AppError('NOT_ALERTED', { alertId: data.alertId });
    }
    await repo.ackAlerts(db, live.id, [data.alertId], new Date());
    return { ok: true };
  });

  gw.topic('responder:', (conn, topic) => liveOf(conn)?.id === topic.slice('responder:'.length));

  gw.topic('emergency:', async (conn, topic) => {
    const [, id, token] = topic.split(':');
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) {
      return false;
    }
    if (token === undefined) {
      return canWatch(db, conn.ctx, id);
    }
    try {
      await getEmergencyByToken(db, id, token);
    } catch {
      return false;
    }
    // The raiser's page gets the name-free copy of the events, under the topic it subscribed to.
    offs(conn).push(
      realtime.subscribe(publicEmergencyTopic(id), (e) =>
        conn.send({ type: 'event', topic, event: e.event, data: e.data }),
      ),
    );
    return true;
  });

  // Presence: refresh connected_until for this instance's responders; a crashed instance's lapse within 90 s.
  const timer = setInterval(
    () => {
      const ids = [...present.keys()];
      if (ids.length > 0) {
        void repo.setConnectedUntil(db, ids, new Date(Date.now() + presenceMs())).catch(() => {});
      }
    },
    Math.max(1000, presenceMs() / 3),
  );
  timer.unref();
  return () => clearInterval(timer);
}

// Realtime fan-out across server instances: an event is published inside the caller's database transaction with
// pg_notify, so it leaves only if that transaction commits; every instance LISTENs on one channel (a dedicated
// connection on PostgreSQL, PGlite's own listener when embedded) and hands the event to its local subscribers
// (WebSocket connections, see realtime.routes.ts). Payloads stay small (ids and a few fields, < 7,900 bytes):
// subscribers that need more read it from the database.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { ZodType } from 'zod';
import type { Database, Db } from '../../db/client';
import type { Ctx } from '../http/context';

export const realtimeChannel = 'boai_realtime';
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
export const maxPayloadBytes = 7_900;

export type RealtimeEvent = { topic: string; event: string; data: Record<string, unknown> };
/** A local subscriber: the event, and its WebSocket frame serialised once for all subscribers of the topic. */
export type Subscriber = (e: RealtimeEvent, frame: string) => void;

export type Realtime = {
  /** This process's id (appears in events it published). */
  readonly instanceId: string;
  /**
   * Queues events in the caller's transaction (`db` is the transaction): delivered to every instance's subscribers
   * after commit, never when it rolls back. One round trip for any number of events.
   */
  publish(db: Db, events: RealtimeEvent | RealtimeEvent[]): Promise<void>;
  /** Subscribes in this process; returns the unsubscribe function. */
  subscribe(topic: string, fn: Subscriber): () => void;
  /** How many local subscribers a topic has (this process only). */
  localSubscribers(topic: string): number;
  /** The WebSocket gateway modules register their topics and client frames on. */
  readonly gateway: Gateway;
  /** Counters since start: events received from the channel and frames handed to subscribers. */
  stats(): { received: number; delivered: number; topics: number };
  close(): Promise<void>;
};

/** One WebSocket connection as modules see it (realtime.routes.ts owns the socket). */
export type Connection = {
  readonly id: string;
  /** The caller as resolved when the socket opened (session cookie). */
  readonly ctx: Ctx;
  /** Sends a server frame `{ type, ... }` (dropped when the socket is closed). */
  send(frame: Record<string, unknown>): void;
  /** Subscribes this connection to a topic without the client asking (e.g. its own responder topic). */
  follow(topic: string): void;
  /** Values a module keeps for this connection (e.g. the responder id). */
  readonly state: Map<string, unknown>;
};

/** Decides whether a connection may subscribe to `topic` (which starts with the registered prefix). */
export type TopicAuthorizer = (conn: Connection, topic: string) => Promise<boolean> | boolean;
/** Handles a client frame of one type; its return value is sent back as `{ type: 'reply', ref, data }`. */
export type MessageHandler<T> = (conn: Connection, data: T) => Promise<unknown> | unknown;

type Handler = { schema: ZodType; fn: MessageHandler<unknown> };

/** What modules register on the WebSocket gateway: topics clients may follow, client frame types, hooks. */
export type Gateway = {
  /** Clients may subscribe to topics starting with `prefix` (e.g. `emergency:`) when `authorize` says so. */
  topic(prefix: string, authorize: TopicAuthorizer): void;
  /** Client frames `{ type, ref?, ...data }` of this type are validated with `schema` and handed to `fn`. */
  handle<T>(type: string, schema: ZodType<T>, fn: MessageHandler<T>): void;
  /** Called when a connection opens (after authentication) and when it closes. */
  onConnect(fn: (conn: Connection) => Promise<void> | void): void;
  onDisconnect(fn: (conn: Connection) => Promise<void> | void): void;
  authorizerFor(topic: string): TopicAuthorizer | undefined;
  handlerFor(type: string): Handler | undefined;
  connectHooks: Array<(conn: Connection) => Promise<void> | void>;
  disconnectHooks: Array<(conn: Connection) => Promise<void> | void>;
};

export function createGateway(): Gateway {
  const topics: Array<[string, TopicAuthorizer]> = [];
  const handlers = new Map<string, Handler>();
  const connectHooks: Gateway['connectHooks'] = [];
  const disconnectHooks: Gateway['disconnectHooks'] = [];
  return {
    topic(prefix, authorize) {
      topics.push([prefix, authorize]);
    },
    handle(type, schema, fn) {
      if (['subscribe', 'unsubscribe', 'ping'].includes(type) || handlers.has(type)) {
        throw new Error(`realtime frame type ${type} is taken`);
      }
      handlers.set(type, { schema, fn: fn as MessageHandler<unknown> });
    },
    onConnect: (fn) => connectHooks.push(fn),
    onDisconnect: (fn) => disconnectHooks.push(fn),
    authorizerFor: (topic) => topics.find(([p]) => topic.startsWith(p))?.[1],
    handlerFor: (type) => handlers.get(type),
    connectHooks,
    disconnectHooks,
  };
}

/** The frame a WebSocket client receives for an event. */
export function eventFrame(e: RealtimeEvent): string {
  return JSON.stringify({ type: 'event', topic: e.topic, event: e.event, data: e.data });
}

function encode(instanceId: string, e: RealtimeEvent): string {
  const payload = JSON.stringify({ i: instanceId, t: e.topic, e: e.event, d: e.data });
  if (Buffer.byteLength(payload) > maxPayloadBytes) {
    throw new Error(`realtime event on ${e.topic} is too large for NOTIFY (${Buffer.byteLength(payload)} bytes)`);
  }
  return payload;
}

/** Creates the bus on this process's database and starts listening. */
export async function createRealtime(
  database: Database,
  opts: { onError?: (e: unknown) => void } = {},
): Promise<Realtime> {
  const instanceId = crypto.randomUUID();
  const topics = new Map<string, Set<Subscriber>>();
  let received = 0;
  let delivered = 0;
  const onError = opts.onError ?? (() => {});

  const dispatch = (payload: string) => {
    received++;
    let msg: { t: string; e: string; d: Record<string, unknown> };
    try {
      msg = JSON.parse(payload);
    } catch (e) {
      onError(e);
      return;
    }
    const subs = topics.get(msg.t);
    if (!subs || subs.size === 0) {
      return;
    }
    const event: RealtimeEvent = { topic: msg.t, event: msg.e, data: msg.d };
    const frame = eventFrame(event);
    for (const fn of [...subs]) {
      try {
        fn(event, frame);
        delivered++;
      } catch (e) {
        onError(e);
      }
    }
  };

  let stopListening: () => Promise<void>;
  if (database.pglite) {
    const unlisten = await database.pglite.listen(realtimeChannel, dispatch);
    stopListening = () => unlisten();
  } else if (database.pool) {
    stopListening = await listenOnPostgres(database.pool, dispatch, onError);
  } else {
    throw new Error('realtime needs PGlite or a PostgreSQL pool');
  }

  return {
    instanceId,
    gateway: createGateway(),
    async publish(db, events) {
      const list = Array.isArray(events) ? events : [events];
      if (list.length === 0) {
        return;
      }
      const payloads = list.map((e) => encode(instanceId, e));
      if (payloads.length === 1) {
        await db.execute(sql`SELECT pg_notify(${realtimeChannel}, ${payloads[0]})`);
      } else {
        await db.execute(
          sql`SELECT pg_notify(${realtimeChannel}, p) FROM json_array_elements_text(${JSON.stringify(payloads)}::json) WITH ORDINALITY AS u(p, n) ORDER BY n`,
        );
      }
    },
    subscribe(topic, fn) {
      let subs = topics.get(topic);
      if (!subs) {
        subs = new Set();
        topics.set(topic, subs);
      }
      subs.add(fn);
      return () => {
        const s = topics.get(topic);
        if (s) {
          s.delete(fn);
          if (s.size === 0) {
            topics.delete(topic);
          }
        }
      };
    },
    localSubscribers(topic) {
      return topics.get(topic)?.size ?? 0;
    },
    stats: () => ({ received, delivered, topics: topics.size }),
    // The database may be gone already (closed first, or crashed): stopping then has nothing left to do.
    close: () => stopListening().catch(() => {}),
  };
}

/** LISTEN on a dedicated connection (not from the pool: it must stay open), reconnecting when it drops. */
async function listenOnPostgres(
  pool: pg.Pool,
  dispatch: (payload: string) => void,
  onError: (e: unknown) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(pool.options);
    c.on('notification', (n) => {
      if (n.channel === realtimeChannel && n.payload !== undefined) {
        dispatch(n.payload);
      }
    });
    c.on('error', (e) => {
      onError(e);
      if (client === c) {
        client = null;
        void c.end().catch(() => {});
        scheduleReconnect();
      }
    });
    await c.connect();
    await c.query(`LISTEN ${realtimeChannel}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
  };
  const scheduleReconnect = () => {
    if (closed || retry) {
      return;
    }
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((e) => {
        onError(e);
        scheduleReconnect();
      });
    }, 1000);
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

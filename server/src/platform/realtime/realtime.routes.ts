// The one WebSocket endpoint, GET /api/realtime: the session cookie authenticates the socket; clients subscribe to
// topics that a module's authorizer allows, send the frame types modules register (position fixes, alert answers),
// and receive `{ type: 'event', topic, event, data }` for what is published on their topics on any instance.
//
// Client frames: { type: 'subscribe' | 'unsubscribe', topic, ref? } | { type: 'ping', ref? } | { type: <module>, ref?, ...}
// Server frames: { type: 'hello', connectionId, actor } | { type: 'subscribed' | 'unsubscribed', topic, ref? }
//   | { type: 'reply', ref, data } | { type: 'pong', ref? } | { type: 'error', ref?, code, message, details? }
//   | { type: 'event', topic, event, data }
import crypto from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError, type ErrorCode, messageFor } from '../errors';
import type { Connection, Realtime } from './realtime';

const frameSchema = z.looseObject({
  type: z.string().min(1).max(40),
  ref: z.union([z.string().max(64), z.number()]).optional(),
});
/** A client may follow this many topics, and send this many frames a second (bursts of 3× allowed). */
const maxTopicsPerConnection = 50;
const framesPerSecond = 20;
/** A socket that cannot drain this much is too slow: it is closed rather than buffering without bound. */
const maxBufferedBytes = 1024 * 1024;
const pingEveryMs = 30_000;

function errorFrame(code: ErrorCode, locale: 'zh' | 'en', ref?: unknown, details?: Record<string, unknown>) {
  return {
    type: 'error',
    ...(ref !== undefined ? { ref } : {}),
    code,
    message: messageFor(code, locale),
    ...(details ? { details } : {}),
  };
}

export async function registerRealtimeRoutes(app: FastifyInstance, realtime: Realtime): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  const gateway = realtime.gateway;
  const sockets = new Set<WebSocket>();

  const pinger = setInterval(() => {
    for (const ws of sockets) {
      const w = ws as WebSocket & { boaiAlive?: boolean };
      if (w.boaiAlive === false) {
        ws.terminate();
        continue;
      }
      w.boaiAlive = false;
      ws.ping();
    }
  }, pingEveryMs);
  pinger.unref();
  app.addHook('onClose', async () => {
    clearInterval(pinger);
    for (const ws of sockets) {
      ws.terminate();
    }
  });

  app.get(
    '/api/realtime',
    {
      websocket: true,
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'WebSocket: live events (responder alerts, emergency maps) and position fixes',
        // @fastify/websocket hides WebSocket routes from OpenAPI; the protocol is in docs/response.md.
      },
    },
    (socket, req) => {
      const ctx = req.ctx;
      const locale = ctx.locale;
      const unsubscribes = new Map<string, () => void>();
      let tokens = framesPerSecond * 3;
      let lastRefill = Date.now();
      sockets.add(socket);
      (socket as WebSocket & { boaiAlive?: boolean }).boaiAlive = true;
      socket.on('pong', () => {
        (socket as WebSocket & { boaiAlive?: boolean }).boaiAlive = true;
      });

      const send = (frame: Record<string, unknown> | string) => {
        if (socket.readyState !== socket.OPEN) {
          return;
        }
        if (socket.bufferedAmount > maxBufferedBytes) {
          socket.terminate();
          return;
        }
        socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      };
      const follow = (topic: string) => {
        if (!unsubscribes.has(topic)) {
          unsubscribes.set(
            topic,
            realtime.subscribe(topic, (_e, frame) => send(frame)),
          );
        }
      };
      const conn: Connection = { id: crypto.randomUUID(), ctx, send, follow, state: new Map() };

      const ready = (async () => {
        for (const hook of gateway.connectHooks) {
          await hook(conn);
        }
        send({
          type: 'hello',
          connectionId: conn.id,
          actor: ctx.actor.kind,
        });
      })().catch((e) => {
        req.log.error({ err: e }, 'realtime connect hook failed');
        socket.close(1011, 'internal error');
      });

      const onFrame = async (raw: string) => {
        await ready;
        const now = Date.now();
        tokens = Math.min(framesPerSecond * 3, tokens + ((now - lastRefill) / 1000) * framesPerSecond);
        lastRefill = now;
        if (tokens < 1) {
          send(errorFrame('RATE_LIMITED', locale));
          return;
        }
        tokens -= 1;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          send(errorFrame('MALFORMED_JSON', locale));
          return;
        }
        const frame = frameSchema.safeParse(json);
        if (!frame.success) {
          send(errorFrame('VALIDATION_FAILED', locale));
          return;
        }
        const { type, ref } = frame.data;
        try {
          if (type === 'ping') {
            send({ type: 'pong', ...(ref !== undefined ? { ref } : {}) });
            return;
          }
          if (type === 'subscribe' || type === 'unsubscribe') {
            const topic = z
              .string()
              .min(1)
              .max(120)
              .safeParse((json as { topic?: unknown }).topic);
            if (!topic.success) {
              throw new AppError('VALIDATION_FAILED', { field: 'topic' });
            }
            if (type === 'unsubscribe') {
              unsubscribes.get(topic.data)?.();
              unsubscribes.delete(topic.data);
              send({ type: 'unsubscribed', topic: topic.data, ...(ref !== undefined ? { ref } : {}) });
              return;
            }
            const authorize = gateway.authorizerFor(topic.data);
            if (!authorize) {
              throw new AppError('NOT_FOUND', { topic: topic.data });
            }
            if (unsubscribes.size >= maxTopicsPerConnection && !unsubscribes.has(topic.data)) {
              throw new AppError('RATE_LIMITED', { maxTopics: maxTopicsPerConnection });
            }
            if (!(await authorize(conn, topic.data))) {
              throw new AppError(ctx.actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', {
                topic: topic.data,
              });
            }
            follow(topic.data);
            send({ type: 'subscribed', topic: topic.data, ...(ref !== undefined ? { ref } : {}) });
            return;
          }
          const handler = gateway.handlerFor(type);
          if (!handler) {
            throw new AppError('NOT_FOUND', { type });
          }
          const { type: _t, ref: _r, ...rest } = json as Record<string, unknown>;
          const data = handler.schema.safeParse(rest);
          if (!data.success) {
            throw new AppError('VALIDATION_FAILED', {
              issues: data.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
            });
          }
          const result = await handler.fn(conn, data.data);
          if (ref !== undefined) {
            send({ type: 'reply', ref, data: result ?? null });
          }
        } catch (e) {
          if (e instanceof AppError) {
            send(errorFrame(e.code, locale, ref, e.details));
          } else {
            req.log.error({ err: e, frameType: type }, 'realtime frame failed');
            send(errorFrame('INTERNAL', locale, ref));
          }
        }
      };

      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          send(errorFrame('UNSUPPORTED_MEDIA_TYPE', locale));
          return;
        }
        void onFrame(data.toString());
      });
      socket.on('close', () => {
        sockets.delete(socket);
        for (const off of unsubscribes.values()) {
          off();
        }
        unsubscribes.clear();
        void ready.then(async () => {
          for (const hook of gateway.disconnectHooks) {
            try {
              await hook(conn);
            } catch (e) {
              req.log.error({ err: e }, 'realtime disconnect hook failed');
            }
          }
        });
      });
    },
  );
}

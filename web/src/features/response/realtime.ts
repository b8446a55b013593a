// The browser side of GET /api/realtime: one WebSocket per tab shared by the pages that need it (reference-counted),
// reconnecting with backoff, re-subscribing its topics after each reconnect, an app-level ping every 25 s, and
// request frames answered by `{ type: 'reply', ref }` or `{ type: 'error', ref }`.
import { useEffect, useRef, useSyncExternalStore } from 'react';

export type ServerFrame =
  | { type: 'hello'; connectionId: string; actor: string }
  | { type: 'subscribed' | 'unsubscribed'; topic: string; ref?: string }
  | { type: 'reply'; ref: string; data: unknown }
  | { type: 'pong'; ref?: string }
  | { type: 'error'; ref?: string; code: string; message: string; details?: Record<string, unknown> }
  | { type: 'event'; topic: string; event: string; data: unknown };
export type EventFrame = Extract<ServerFrame, { type: 'event' }>;
export type SocketStatus = 'connecting' | 'open' | 'closed';

/** An error answered to a request frame (same shape as ApiError's code/message). */
export class RealtimeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RealtimeError';
    this.code = code;
  }
}

const pingEveryMs = 25_000;
const requestTimeoutMs = 10_000;
const backoffMs = [500, 1000, 2000, 4000, 8000, 15_000];

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: number };

export class RealtimeClient {
  status: SocketStatus = 'closed';
  /** Times the socket opened (1 after the first connect); pages refetch what they may have missed when it grows. */
  opened = 0;
  private ws: WebSocket | null = null;
  private readonly topics = new Map<string, number>();
  private readonly frameListeners = new Set<(f: ServerFrame) => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly pending = new Map<string, Pending>();
  private attempt = 0;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private nextRef = 1;
  private wanted = false;

  private readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  /** Opens the socket (and keeps it open, reconnecting) until close(). */
  connect(): void {
    this.wanted = true;
    if (this.ws) {
      return;
    }
    this.setStatus('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (e) => this.onMessage(String(e.data));
    ws.onclose = () => {
      if (this.ws !== ws) {
        return;
      }
      this.ws = null;
      window.clearInterval(this.pingTimer);
      for (const [ref, p] of this.pending) {
        window.clearTimeout(p.timer);
        p.reject(new RealtimeError('NETWORK', 'connection closed'));
        this.pending.delete(ref);
      }
      this.setStatus('closed');
      if (this.wanted) {
        const delay = backoffMs[Math.min(this.attempt, backoffMs.length - 1)];
        this.attempt++;
        this.retryTimer = window.setTimeout(() => this.connect(), delay);
      }
    };
  }

  /** Closes the socket for good (no reconnect). */
  close(): void {
    this.wanted = false;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.setStatus('closed');
  }

  /** Drops the socket and opens a new one at once (e.g. after signing in: the new cookie identifies the socket). */
  reconnect(): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    window.clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (this.wanted) {
      this.connect();
    }
  }

  /** Follows a topic while the returned function is not called; survives reconnects. */
  subscribe(topic: string): () => void {
    const n = this.topics.get(topic) ?? 0;
    this.topics.set(topic, n + 1);
    if (n === 0 && this.status === 'open') {
      this.send({ type: 'subscribe', topic });
    }
    return () => {
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
        return;
      }
      this.topics.delete(topic);
      if (this.status === 'open') {
        this.send({ type: 'unsubscribe', topic });
      }
    };
  }

  /** Sends a frame; false when the socket is not open (the caller falls back to HTTP). */
  send(frame: Record<string, unknown>): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a module frame and waits for its reply; rejects with RealtimeError on an error frame or timeout. */
  request<T>(type: string, data: Record<string, unknown>): Promise<T> {
    const ref = `r${this.nextRef++}`;
    return new Promise<T>((resolve, reject) => {
      if (!this.send({ type, ref, ...data })) {
        reject(new RealtimeError('NETWORK', 'not connected'));
        return;
      }
      const timer = window.setTimeout(() => {
        this.pending.delete(ref);
        reject(new RealtimeError('TIMEOUT', 'no reply'));
      }, requestTimeoutMs);
      this.pending.set(ref, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
  }

  onFrame(fn: (f: ServerFrame) => void): () => void {
    this.frameListeners.add(fn);
    return () => this.frameListeners.delete(fn);
  }

  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private setStatus(s: SocketStatus) {
    this.status = s;
    for (const fn of this.statusListeners) {
      fn();
    }
  }

  private onMessage(raw: string) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'hello') {
      this.attempt = 0;
      this.opened++;
      for (const topic of this.topics.keys()) {
        this.send({ type: 'subscribe', topic });
      }
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping' }), pingEveryMs);
      this.setStatus('open');
    }
    if ((frame.type === 'reply' || frame.type === 'error') && frame.ref !== undefined) {
      const p = this.pending.get(String(frame.ref));
      if (p) {
        this.pending.delete(String(frame.ref));
        window.clearTimeout(p.timer);
        if (frame.type === 'reply') {
          p.resolve(frame.data);
        } else {
          p.reject(new RealtimeError(frame.code, frame.message));
        }
      }
    }
    for (const fn of this.frameListeners) {
      fn(frame);
    }
  }
}

let shared: RealtimeClient | null = null;
let users = 0;

function realtimeUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${window.location.host}/api/realtime`;
}

/** The tab's shared client, connected while at least one component uses it. */
export function useRealtime(enabled = true): RealtimeClient {
  if (!shared) {
    shared = new RealtimeClient(realtimeUrl());
  }
  const client = shared;
  useEffect(() => {
    if (!enabled) {
      return;
    }
    users++;
    client.connect();
    return () => {
      users--;
      if (users === 0) {
        client.close();
      }
    };
  }, [enabled]);
  return client;
}

/** The socket's status, re-rendering when it changes. */
export function useSocketStatus(client: RealtimeClient): { status: SocketStatus; opened: number } {
  const status = useSyncExternalStore(
    (fn) => client.onStatus(fn),
    () => `${client.status}:${client.opened}`,
  );
  const [s, n] = status.split(':');
  return { status: s as SocketStatus, opened: Number(n) };
}

/** Follows `topic` (null: nothing) and calls `onEvent` for each of its events; also for auto-followed topics by prefix. */
export function useTopicEvents(
  client: RealtimeClient,
  topic: string | null,
  onEvent: (e: EventFrame) => void,
  match?: (topic: string) => boolean,
): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!topic) {
      return;
    }
    return client.subscribe(topic);
  }, [client, topic]);
  useEffect(
    () =>
      client.onFrame((f) => {
        if (f.type === 'event' && (f.topic === topic || match?.(f.topic))) {
          handler.current(f);
        }
      }),
    [client, topic, match],
  );
}

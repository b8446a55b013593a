// A WebSocket test client for the realtime gateway: queues frames and waits for the next one matching a predicate.
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { type: string };

export type WsClient = {
  ws: WebSocket;
  /** The next frame (queued or yet to come) that matches, within `ms`. */
  next(match?: (f: Frame) => boolean, ms?: number): Promise<Frame>;
  send(frame: Record<string, unknown>): void;
};

/** Opens a socket (with a session cookie when given) and resolves once it is open. */
export async function connectWs(url: string, cookie?: string): Promise<WsClient> {
  const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
  const frames: Frame[] = [];
  const waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString()) as Frame;
    const i = waiters.findIndex((w) => w.match(f));
    if (i >= 0) {
      waiters.splice(i, 1)[0]!.resolve(f);
    } else {
      frames.push(f);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (match: (f: Frame) => boolean = () => true, ms = 3000) =>
    new Promise<Frame>((resolve, reject) => {
      const i = frames.findIndex(match);
      if (i >= 0) {
        resolve(frames.splice(i, 1)[0]!);
        return;
      }
      const timer = setTimeout(() => reject(new Error('no matching frame')), ms);
      waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  return { ws, next, send: (f) => ws.send(JSON.stringify(f)) };
}

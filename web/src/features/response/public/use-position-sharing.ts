// While the responder is on call: follows the phone's position (watchPosition) or a point set on the map, and sends
// it as a `position` frame when it moved 25 m or 10 s passed since the last one (and every 60 s at rest, so the
// server never sees a stale fix), over HTTP when the socket is down.
import { useCallback, useEffect, useRef, useState } from 'react';
import { distanceM } from '../../../lib/geo';
import { type LatLng, postPosition } from '../api';
import type { RealtimeClient } from '../realtime';

export type Fix = LatLng & { accuracyM: number | null; at: number; manual: boolean };
export type GeoState = 'idle' | 'locating' | 'ok' | 'denied';

const minIntervalMs = 10_000;
const minMoveM = 25;
const keepAliveMs = 60_000;

export function usePositionSharing(client: RealtimeClient, active: boolean, onOffCall: () => void) {
  const [fix, setFix] = useState<Fix | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');
  const [lastSentAt, setLastSentAt] = useState<number | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const lastSent = useRef<{ at: number; p: LatLng } | null>(null);
  const latest = useRef<Fix | null>(null);
  const offCall = useRef(onOffCall);
  offCall.current = onOffCall;

  const send = useCallback(
    async (f: Fix, force: boolean) => {
      const prev = lastSent.current;
      const now = Date.now();
      if (!force && prev && now - prev.at < minIntervalMs && distanceM(prev.p, f) < minMoveM) {
        return;
      }
      lastSent.current = { at: now, p: { lat: f.lat, lng: f.lng } };
      const body = { lat: f.lat, lng: f.lng, ...(f.accuracyM !== null ? { accuracyM: Math.round(f.accuracyM) } : {}) };
      try {
        if (client.status === 'open') {
          await client.request('position', body);
        } else {
          await postPosition(body);
        }
        setLastSentAt(Date.now());
        setSendError(null);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'RESPONDER_OFF_CALL') {
          offCall.current();
          return;
        }
        lastSent.current = prev;
        setSendError((error as Error).message);
      }
    },
    [client],
  );

  const accept = useCallback(
    (f: Fix, force = false) => {
      latest.current = f;
      setFix(f);
      void send(f, force);
    },
    [send],
  );

  useEffect(() => {
    if (!active) {
      lastSent.current = null;
      return;
    }
    if (!('geolocation' in navigator)) {
      setGeo('denied');
      return;
    }
    setGeo((g) => (g === 'ok' ? g : 'locating'));
    const id = navigator.geolocation.watchPosition(
      (p) => {
        if (latest.current?.manual) {
          return;
        }
        setGeo('ok');
        accept({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          accuracyM: p.coords.accuracy ?? null,
          at: Date.now(),
          manual: false,
        });
      },
      (e) => {
        if (e.code === e.PERMISSION_DENIED || e.code === e.POSITION_UNAVAILABLE) {
          setGeo('denied');
        }
      },
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 20_000 },
    );
    const keepAlive = window.setInterval(() => {
      if (latest.current) {
        void send({ ...latest.current, at: Date.now() }, true);
      }
    }, keepAliveMs);
    return () => {
      navigator.geolocation.clearWatch(id);
      window.clearInterval(keepAlive);
    };
  }, [active, accept, send]);

  /** The user's own point (map tap) when the phone gives none; it wins over later phone fixes. */
  const setManual = useCallback(
    (p: LatLng) => accept({ ...p, accuracyM: null, at: Date.now(), manual: true }, true),
    [accept],
  );

  return { fix, geo, lastSentAt, sendError, setManual };
}

/** One position now (for going on call), or null after `timeoutMs` or when it is refused. */
export function currentPosition(timeoutMs = 8_000): Promise<(LatLng & { accuracyM?: number }) | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) {
      resolve(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy ?? 0) }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 10_000 },
    );
  });
}

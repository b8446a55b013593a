// How the dispatcher's live view folds one `emergency:<id>` event into the incident it shows (the server sends the
// changed piece, not the whole incident): a timeline item, a responder's new status/role/position, the status.
import type { EmergencyDetail, EmergencyResponder, TimelineItem } from '../api';
import type { EventFrame } from '../realtime';

/** Applies one live event to the cached detail; a repeated timeline item (after a reconnect) is not added twice. */
export function applyEvent(old: EmergencyDetail, e: EventFrame): EmergencyDetail {
  if (e.event === 'timeline') {
    const item = e.data as TimelineItem;
    if (old.timeline.some((x) => x.at === item.at && x.kind === item.kind && x.text === item.text)) {
      return old;
    }
    return { ...old, timeline: [...old.timeline, item].sort((a, b) => a.at.localeCompare(b.at)) };
  }
  if (e.event === 'responder') {
    const r = e.data as EmergencyResponder;
    const exists = old.responders.some((x) => x.alertId === r.alertId);
    const responders = exists
      ? old.responders.map((x) => (x.alertId === r.alertId ? { ...x, ...r } : x))
      : [...old.responders, r];
    const going = responders.filter((x) => x.status === 'accepted' || x.status === 'arrived');
    const firstAcceptedAt =
      old.firstAcceptedAt ??
      going
        .map((x) => x.answeredAt)
        .filter((x): x is string => !!x)
        .sort()[0] ??
      null;
    const firstArrivedAt =
      old.firstArrivedAt ??
      responders
        .map((x) => x.arrivedAt)
        .filter((x): x is string => !!x)
        .sort()[0] ??
      null;
    return {
      ...old,
      responders,
      alerted: Math.max(old.alerted, responders.length),
      accepted: going.length,
      firstAcceptedAt,
      firstArrivedAt,
    };
  }
  if (e.event === 'status') {
    const s = e.data as { status: EmergencyDetail['status']; endedAt?: string };
    return { ...old, status: s.status, endedAt: s.endedAt ?? old.endedAt };
  }
  return old;
}

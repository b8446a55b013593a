// The dispatcher's live view folds WebSocket events into the incident: table-driven cases for each event kind.
import { describe, expect, it } from 'vitest';
import type { EmergencyDetail, EmergencyResponder } from '../api';
import { applyEvent } from './live-events';

const raisedAt = '2026-11-24T06:00:00.000Z';
const base: EmergencyDetail = {
  id: '00000000-0000-4000-8000-000000000001',
  number: 'JZ20261124-TEST',
  source: 'staff',
  status: 'active',
  lat: 29.7135,
  lng: 120.2448,
  address: '诸暨市西施故里',
  note: '',
  orgId: 1,
  orgName: '诸暨市',
  raisedAt,
  endedAt: null,
  radiusM: 1000,
  alerted: 2,
  accepted: 0,
  firstAcceptedAt: null,
  firstArrivedAt: null,
  responders: [],
  aeds: [],
  timeline: [{ at: raisedAt, kind: 'raised', text: '调度员发起' }],
  outcome: null,
  needsCare: false,
};
const responder = (alertId: string, over: Partial<EmergencyResponder> = {}): EmergencyResponder => ({
  alertId,
  responderId: `r-${alertId}`,
  nameMasked: '钱*安',
  status: 'alerted',
  role: null,
  distanceM: 300,
  position: null,
  alertedAt: raisedAt,
  answeredAt: null,
  arrivedAt: null,
  aedId: null,
  ...over,
});
const ev = (event: string, data: unknown) => ({ type: 'event' as const, topic: `emergency:${base.id}`, event, data });

describe('applyEvent', () => {
  it('appends a timeline item in time order and ignores the same item twice', () => {
    const item = { at: '2026-11-24T06:00:03.000Z', kind: 'accepted', text: '钱*安 接受呼叫' };
    const once = applyEvent(base, ev('timeline', item));
    expect(once.timeline.map((x) => x.kind)).toEqual(['raised', 'accepted']);
    expect(applyEvent(once, ev('timeline', item)).timeline).toHaveLength(2);
    const earlier = { at: '2026-11-24T06:00:01.000Z', kind: 'alerted', text: '已呼叫' };
    expect(applyEvent(once, ev('timeline', earlier)).timeline.map((x) => x.kind)).toEqual([
      'raised',
      'alerted',
      'accepted',
    ]);
  });

  it('adds a new responder, then updates it in place, counting the accepted and the first times', () => {
    const alerted = applyEvent(base, ev('responder', responder('a1')));
    expect(alerted.responders).toHaveLength(1);
    expect(alerted.accepted).toBe(0);
    const answeredAt = '2026-11-24T06:00:04.000Z';
    const accepted = applyEvent(
      alerted,
      ev('responder', responder('a1', { status: 'accepted', role: 'patient', answeredAt })),
    );
    expect(accepted.responders).toHaveLength(1);
    expect(accepted.responders[0]).toMatchObject({ status: 'accepted', role: 'patient' });
    expect(accepted.accepted).toBe(1);
    expect(accepted.firstAcceptedAt).toBe(answeredAt);
    const moved = applyEvent(
      accepted,
      ev(
        'responder',
        responder('a1', { status: 'arrived', role: 'patient', answeredAt, arrivedAt: '2026-11-24T06:03:00.000Z' }),
      ),
    );
    expect(moved.accepted).toBe(1);
    expect(moved.firstAcceptedAt).toBe(answeredAt);
    expect(moved.firstArrivedAt).toBe('2026-11-24T06:03:00.000Z');
  });

  it('counts a declined responder out of the accepted ones and never lowers the alerted count', () => {
    const two = [responder('a1'), responder('a2')].reduce((d, r) => applyEvent(d, ev('responder', r)), base);
    const declined = applyEvent(two, ev('responder', responder('a2', { status: 'declined' })));
    expect(declined.accepted).toBe(0);
    expect(declined.alerted).toBe(2);
  });

  it('takes the status and end time, and leaves the incident unchanged on an unknown event', () => {
    const ended = applyEvent(base, ev('status', { status: 'ended', endedAt: '2026-11-24T06:30:00.000Z' }));
    expect(ended).toMatchObject({ status: 'ended', endedAt: '2026-11-24T06:30:00.000Z' });
    expect(applyEvent(base, ev('something', {}))).toBe(base);
  });
});

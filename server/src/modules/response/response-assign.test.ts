// The patient / AED-fetcher split on accept, as a table of cases.
import { describe, expect, it } from 'vitest';
import { offsetPoint } from '../../platform/geo';
import { assignRole, enoughAccepted } from './response-assign';

const patient = { lat: 29.71, lng: 120.24 };
const at = (m: number, bearing: number) => offsetPoint(patient, m, bearing);
const aed = (m: number, bearing: number, id = `aed-${m}-${bearing}`) => ({ id, ...at(m, bearing) });

describe('assignRole', () => {
  it.each([
    ['the first acceptor goes to the patient even past an AED', at(600, 90), [aed(300, 90)], 0, 0, 'patient'],
    ['nearer the patient than any AED: to the patient', at(200, 0), [aed(400, 0)], 1, 0, 'patient'],
    ['no ready AED: to the patient', at(600, 90), [], 1, 0, 'patient'],
    ['an AED on the way (same line): fetch it', at(600, 90), [aed(300, 90)], 1, 0, 'fetch_aed'],
    ['an AED a small detour away (≤ 300 m extra): fetch it', at(600, 90), [aed(500, 70)], 1, 0, 'fetch_aed'],
    ['an AED behind the patient, far off the way: to the patient', at(600, 90), [aed(800, 270)], 1, 0, 'patient'],
    ['enough fetchers already on the way: to the patient', at(600, 90), [aed(300, 90)], 1, 1, 'patient'],
  ] as const)('%s', (_name, responder, aeds, atPatient, fetching, role) => {
    expect(assignRole({ responder, patient, aeds: [...aeds], atPatient, fetching }).role).toBe(role);
  });

  it('picks the AED with the least detour', () => {
    const r = assignRole({
      responder: at(800, 90),
      patient,
      aeds: [aed(700, 60, 'far-off'), aed(400, 90, 'on-line')],
      atPatient: 1,
      fetching: 0,
    });
    expect(r).toMatchObject({ role: 'fetch_aed', aedId: 'on-line' });
  });
});

describe('enoughAccepted', () => {
  it.each([
    [1, 0, 1, false],
    [2, 0, 1, false],
    [2, 1, 1, true],
    [2, 0, 0, true],
    [1, 1, 1, false],
    [4, 0, 1, true],
  ])('%i at the patient, %i fetching, %i AEDs → %s', (p, f, a, want) => {
    expect(enoughAccepted(p, f, a)).toBe(want);
  });
});

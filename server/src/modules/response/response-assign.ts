// Who goes where when a responder accepts: straight to the patient, or first to a ready AED that lies on the way.
// A pure function, so the rule is a table of cases (response-assign.test.ts).
import { distanceM, type LatLng } from '../../platform/geo';

export type AssignSettings = {
  /** Responders wanted at the patient, and AED fetchers wanted on the way, before the rest are stood down. */
  wantedAtPatient: number;
  wantedFetchers: number;
  /** An AED is "on the way" when responder→AED→patient is at most this factor of responder→patient … */
  detourFactor: number;
  /** … or at most this many metres longer. */
  detourExtraM: number;
};

export const defaultAssignSettings: AssignSettings = {
  wantedAtPatient: 2,
  wantedFetchers: 1,
  detourFactor: 1.5,
  detourExtraM: 300,
};

export type AssignInput = {
  responder: LatLng;
  patient: LatLng;
  /** Ready, open AEDs near the patient (nearest first), not already being fetched by someone else. */
  aeds: (LatLng & { id: string })[];
  /** Accepted so far (not counting this responder). */
  atPatient: number;
  fetching: number;
};

export type Assignment = { role: 'patient' } | { role: 'fetch_aed'; aedId: string; detourM: number };

/**
 * The split on accept: the first acceptor goes to the patient (CPR cannot wait); a responder nearer the patient than
 * any ready AED goes to the patient; otherwise, while fewer than the wanted fetchers are on the way, a responder for
 * whom a ready AED lies on the way (detour ≤ factor × direct, or ≤ extra metres) fetches the one with the least
 * detour; everyone else goes to the patient.
 */
export function assignRole(input: AssignInput, s: AssignSettings = defaultAssignSettings): Assignment {
  if (input.atPatient + input.fetching === 0) {
    return { role: 'patient' };
  }
  const direct = distanceM(input.responder, input.patient);
  const withDistance = input.aeds.map((a) => ({ a, toAed: distanceM(input.responder, a) }));
  if (withDistance.length === 0 || withDistance.every((x) => direct < x.toAed)) {
    return { role: 'patient' };
  }
  if (input.fetching >= s.wantedFetchers) {
    return { role: 'patient' };
  }
  let best: { id: string; detourM: number } | null = null;
  for (const { a, toAed } of withDistance) {
    const via = toAed + distanceM(a, input.patient);
    const detour = via - direct;
    if (via <= direct * s.detourFactor || detour <= s.detourExtraM) {
      if (!best || detour < best.detourM) {
        best = { id: a.id, detourM: detour };
      }
    }
  }
  return best ? { role: 'fetch_aed', aedId: best.id, detourM: Math.round(best.detourM) } : { role: 'patient' };
}

/**
 * Enough have accepted when the wanted number are at the patient and the wanted fetchers are on the way (or there
 * is no ready AED to fetch), or one more than both together have accepted whatever their roles.
 */
export function enoughAccepted(
  atPatient: number,
  fetching: number,
  aedsAvailable: number,
  s = defaultAssignSettings,
): boolean {
  if (atPatient >= s.wantedAtPatient && (fetching >= s.wantedFetchers || aedsAvailable === 0)) {
    return true;
  }
  return atPatient + fetching >= s.wantedAtPatient + s.wantedFetchers + 1;
}

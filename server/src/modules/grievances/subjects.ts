// Subjects owned by other modules that a complaint can name: a service-hall request by its number.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import { searchRequests } from '../services/services.service';

const lookupCtx: Ctx = { actor: systemActor('grievances.subjects'), requestId: null, ip: null, locale: 'zh' };

/** A service-hall request by its number, with its handling unit, or undefined. */
export async function resolveServiceRequest(
  db: Db,
  requestNo: string,
): Promise<{ id: string; requestNo: string; orgId: number } | undefined> {
  const page = await searchRequests(db, lookupCtx, { requestNo, limit: 1, offset: 0 });
  const r = page.items[0];
  return r ? { id: r.id, requestNo: r.requestNo, orgId: r.orgId } : undefined;
}

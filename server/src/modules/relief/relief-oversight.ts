// Relief as oversight sees it (grievances and verification): resolve a case or payout number to its owning unit,
// list paid recipients for call-back samples, and find the same person's cases in other units. Read-only.
import { and } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import type { Permission } from '../../platform/rbac/permissions';
import * as orgs from '../orgs/orgs.service';
import * as repo from './relief-oversight.repo';

export type { CaseRef, PaidRecipient, PayoutRef } from './relief-oversight.repo';

/** A relief case by its number, or undefined. */
export function findCaseByNo(db: Db, caseNo: string): Promise<repo.CaseRef | undefined> {
  return repo.findCaseByNo(db, caseNo.trim().toUpperCase());
}

/** Relief cases by id (any unit: callers check scope on what they show). */
export function findCasesByIds(db: Db, ids: string[]): Promise<repo.CaseRef[]> {
  return repo.findCasesByIds(db, [...new Set(ids)]);
}

/** A relief payout by its payout number, with the case it paid, or undefined. */
export function findPayoutByNo(db: Db, payoutNo: string): Promise<repo.PayoutRef | undefined> {
  return repo.findPayoutByNo(db, payoutNo.trim().toUpperCase());
}

/**
 * Paid relief payouts of cases under the unit at `orgPath` (and inside the actor's scope for `permission`), paid in
 * [from, to), in a fixed order: the candidate list a call-back sample draws from.
 */
export async function listPaidRecipients(
  db: Db,
  ctx: Ctx,
  permission: Permission,
  orgPath: string,
  from: Date,
  to: Date,
): Promise<repo.PaidRecipient[]> {
  const column = repo.oversightColumns.caseOrgId;
  const scope = orgs.orgScopeCondition(column, ctx, permission);
  const under = orgs.orgUnderCondition(column, orgPath);
  return repo.listPaidRecipients(db, and(scope, under)!, from, to);
}

/** Cases created after the cursor (created-at, id), oldest first, at most `limit`. */
export function listCasesCreatedAfter(db: Db, at: Date, id: string, limit: number): Promise<repo.CaseRef[]> {
  return repo.listCasesCreatedAfter(db, at, id, limit);
}

const yearMs = 365 * 86_400_000;

/** The person's other (not rejected) cases in another unit, submitted within 12 months either side of `c`. */
export function listSamePersonElsewhere(db: Db, c: repo.CaseRef): Promise<repo.CaseRef[]> {
  const at = c.submittedAt.getTime();
  return repo.listPersonCasesElsewhere(db, c.personId, c.orgId, new Date(at - yearMs), new Date(at + yearMs));
}

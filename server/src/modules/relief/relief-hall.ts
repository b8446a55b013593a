// The service hall's view of a relief case (一网通办 item `relief`): each case with a phone to write to opens a hall
// request in its own transaction, and the case's steps move that request along, so the applicant, the province's
// 办结率 and the hall's deadlines see relief like every other item. Relief keeps its own files and permissions.
import type { Db } from '../../db/client';
import { getPublicPhone } from '../../platform/auth/auth.service';
import type { Ctx } from '../../platform/http/context';
import * as services from '../services/services.service';
import type * as repo from './relief.repo';
import type { CaseStatus } from './relief.schemas';

/** The hall item a relief application is. */
export const reliefHallItem = 'relief';

type HallStatus = 'submitted' | 'returned' | 'accepted' | 'in_progress' | 'done' | 'rejected' | 'refused';

/**
 * Where the hall request stands for a case status: received until the village verified it (受理 then), in progress
 * through review, approval, notice and payout, done (办结) once paid, and refused (不予受理) or rejected (不予批准)
 * depending on whether the case had been accepted.
 */
function hallStatusFor(status: CaseStatus, accepted: boolean): HallStatus {
  switch (status) {
    case 'submitted':
      return 'submitted';
    case 'returned':
      return accepted ? 'in_progress' : 'returned';
    case 'verified':
      return 'accepted';
    case 'reviewed':
    case 'approved':
    case 'on_notice':
    case 'payout_requested':
      return 'in_progress';
    case 'paid':
    case 'followed_up':
    case 'closed':
      return 'done';
    case 'rejected':
      return accepted ? 'rejected' : 'refused';
  }
}

const forward: readonly HallStatus[] = ['submitted', 'accepted', 'in_progress', 'done'];

/** The next hall step from `from` towards `to`, or undefined when the hall cannot go there from here. */
function nextStep(from: HallStatus, to: HallStatus): HallStatus | undefined {
  if (from === to) {
    return undefined;
  }
  if (to === 'submitted' && from === 'returned') {
    return 'submitted';
  }
  if ((to === 'returned' || to === 'refused') && from === 'submitted') {
    return to;
  }
  if (to === 'rejected') {
    return from === 'accepted' || from === 'in_progress' ? 'rejected' : nextStep(from, 'accepted');
  }
  const at = forward.indexOf(from);
  const goal = forward.indexOf(to);
  return at >= 0 && goal > at ? forward[at + 1] : undefined;
}

/**
 * Opens the hall request of a new case in its transaction, when there is a phone to follow it with (the citizen's
 * own, or the applicant's as staff typed it); returns its id, or null without a phone.
 */
export async function openHallRequest(
  tx: Db,
  ctx: Ctx,
  c: repo.CaseRow,
  applicant: { idNumber?: string; phone?: string; address?: string },
): Promise<string | null> {
  const phone = ctx.actor.kind === 'public' ? await getPublicPhone(tx, ctx) : applicant.phone;
  if (!phone) {
    return null;
  }
  const form: Record<string, string | number> = {
    reliefKind: c.kind,
    requestedAmountYuan: c.requestedFen / 100,
    householdSize: c.householdSize,
    reason: c.causeText,
  };
  if (applicant.idNumber) {
    form.idNumber = applicant.idNumber;
  }
  if (applicant.address) {
    form.address = applicant.address;
  }
  const request = await services.openServiceRequest(
    tx,
    ctx,
    {
      itemCode: reliefHallItem,
      orgId: c.orgId,
      applicant: { name: c.applicantName, phone, personId: c.personId },
      form,
      fileIds: {},
      subject: { kind: 'relief_case', id: c.id },
    },
    { channel: 'module', accountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : undefined },
  );
  return request.id;
}

/** Moves the case's hall request to where the case now stands, one allowed hall step at a time, with the note. */
export async function followInHall(tx: Db, ctx: Ctx, after: repo.CaseRow, note: string | null): Promise<void> {
  if (!after.serviceRequestId) {
    return;
  }
  let request = await services.getServiceRequestRow(tx, after.serviceRequestId);
  const accepted = !['submitted', 'returned'].includes(request.status);
  const target = hallStatusFor(after.status as CaseStatus, accepted);
  for (let step = nextStep(request.status as HallStatus, target); step; ) {
    const needsNote = step === 'returned' || step === 'refused' || step === 'rejected';
    request = await services.advanceServiceRequest(tx, ctx, request.id, {
      to: step,
      note: note ?? (needsNote ? '见救助案件记录' : undefined),
      authorisedBy: 'module',
    });
    step = nextStep(request.status as HallStatus, target);
  }
}

// The service hall's view of a training enrolment (一网通办 item `training-signup`): a learner's own enrolment through
// the class QR page opens a hall request in the same transaction, and staff enrolling a sign-up filed in the hall
// conclude that request; the enrolment's status moves the request along (accepted while waitlisted, done once
// enrolled, withdrawn or rejected when cancelled).
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { pii } from '../../platform/pii';
import { listAllItems } from '../services/catalogue';
import * as services from '../services/services.service';
import type { CourseRow } from './training-catalogue.repo';
import type * as repo from './training-classes.repo';

/** The hall item a training sign-up is. */
export const trainingHallItem = 'training-signup';

type HallStatus = 'submitted' | 'accepted' | 'in_progress' | 'done' | 'rejected' | 'withdrawn' | 'returned' | 'refused';

/** The hall form's course option for a course kind (the hall names 复训 `refresher`). */
export function hallCourseOf(kind: string): string {
  return kind === 'recert' ? 'refresher' : kind === 'awareness' ? 'awareness' : 'first_aider';
}

/** Opens the hall request of a learner's own new enrolment in its transaction; returns its id. */
export async function openHallRequest(
  tx: Db,
  ctx: Ctx,
  e: repo.EnrolmentRow,
  cls: repo.ClassRow,
  course: CourseRow,
  phone: string,
): Promise<string> {
  const request = await services.openServiceRequest(
    tx,
    ctx,
    {
      itemCode: trainingHallItem,
      orgId: cls.orgId,
      applicant: { name: e.name, phone, personId: e.personId },
      form: {
        course: hallCourseOf(course.kind),
        preferredDate: cls.startsOn,
        ...(e.workplace ? { workplace: e.workplace } : {}),
      },
      fileIds: {},
      subject: { kind: 'training_enrolment', id: e.id },
    },
    { channel: 'module', accountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : undefined },
  );
  return request.id;
}

/**
 * A sign-up filed in the hall that staff now enrol into a class: the request must be a `training-signup` still open
 * (submitted, accepted or in progress) and in the caller's services:handle scope. Returns the applicant's phone.
 */
export async function hallSignup(db: Db, ctx: Ctx, requestId: string): Promise<{ phone: string; name: string }> {
  const row = await services.getRequestForStaff(db, ctx, requestId);
  const item = (await listAllItems(db)).find((i) => i.id === row.itemId);
  if (item?.code !== trainingHallItem) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'serviceRequestId', message: 'the request is not a training sign-up' }],
    });
  }
  if (!['submitted', 'accepted', 'in_progress'].includes(row.status) || row.subjectId) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { entity: 'service_request', status: row.status });
  }
  return { phone: pii().decrypt(row.applicantPhoneEnc), name: row.applicantName };
}

function targetOf(status: string): HallStatus {
  switch (status) {
    case 'waitlisted':
      return 'accepted';
    case 'cancelled':
      return 'withdrawn';
    default:
      return 'done';
  }
}

const forward: readonly HallStatus[] = ['submitted', 'accepted', 'in_progress', 'done'];

function nextStep(from: HallStatus, to: HallStatus): HallStatus | undefined {
  if (from === to) {
    return undefined;
  }
  if (to === 'withdrawn') {
    if (from === 'submitted') {
      return 'withdrawn';
    }
    return from === 'accepted' || from === 'in_progress' ? 'rejected' : undefined;
  }
  const at = forward.indexOf(from);
  const goal = forward.indexOf(to);
  return at >= 0 && goal > at ? forward[at + 1] : undefined;
}

/** Moves the enrolment's hall request to where the enrolment now stands, one allowed step at a time. */
export async function followInHall(tx: Db, ctx: Ctx, e: repo.EnrolmentRow, note?: string): Promise<void> {
  if (!e.serviceRequestId) {
    return;
  }
  let request = await services.getServiceRequestRow(tx, e.serviceRequestId);
  const target = targetOf(e.status);
  for (let step = nextStep(request.status as HallStatus, target); step; ) {
    request = await services.advanceServiceRequest(tx, ctx, request.id, {
      to: step,
      note: step === 'rejected' ? (note ?? '培训报名已取消') : undefined,
      authorisedBy: 'module',
    });
    step = nextStep(request.status as HallStatus, target);
  }
}

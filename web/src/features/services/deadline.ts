// How urgent a request is for its handling unit, and the words the pages show for it. Pure: the server has already
// counted working days on the calendar (workingDaysLeft, isOverdue, isDueSoon); this only decides tone and label.
import type { RequestStatus, RequestSummary } from '../../../../server/src/modules/services/services.schemas';
import { finalStatusValues } from '../../../../server/src/modules/services/services.schemas';

export type DeadlineTone = 'overdue' | 'dueSoon' | 'normal' | 'none';

type Deadline = Pick<RequestSummary, 'status' | 'deadlineOn' | 'isOverdue' | 'isDueSoon' | 'workingDaysLeft'>;

export function isFinal(status: RequestStatus): boolean {
  return (finalStatusValues as readonly RequestStatus[]).includes(status);
}

/** Red for overdue, orange for due today or the next working day, plain otherwise; none without a running deadline. */
export function deadlineTone(r: Deadline): DeadlineTone {
  if (isFinal(r.status) || r.status === 'returned' || !r.deadlineOn) {
    return 'none';
  }
  if (r.isOverdue) {
    return 'overdue';
  }
  return r.isDueSoon ? 'dueSoon' : 'normal';
}

/** The label key and its values: "超期 2 个工作日", "今天到期", "剩 3 个工作日". */
export type DeadlineLabel =
  | { key: 'overdue'; days: number }
  | { key: 'dueToday' }
  | { key: 'left'; days: number }
  | { key: 'none' };

export function deadlineLabel(r: Deadline): DeadlineLabel {
  const tone = deadlineTone(r);
  if (tone === 'none') {
    return { key: 'none' };
  }
  const left = r.workingDaysLeft ?? 0;
  if (tone === 'overdue') {
    return { key: 'overdue', days: Math.max(1, -left) };
  }
  return left <= 0 ? { key: 'dueToday' } : { key: 'left', days: left };
}

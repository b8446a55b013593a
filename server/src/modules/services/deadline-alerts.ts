// Deadline alerts: open requests due within a working day or overdue are flagged to their handling unit (a timeline
// event staff see, and an SMS to the unit's contact phone) and, once overdue, the applicant is told; each alert goes
// once per request, kind and deadline.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import * as orgs from '../orgs/orgs.service';
import { listAllItems, loadCalendar } from './catalogue';
import * as repo from './services.repo';
import { addWorkingDays } from './working-days';

/** Alerts due now (at most `limit` requests per run); returns how many alerts were recorded. */
export async function alertDeadlines(db: Db, limit = 500, today = toChinaDate()): Promise<number> {
  const soon = addWorkingDays(today, 1, await loadCalendar(db));
  const rows = await repo.listAlertCandidates(db, soon, limit);
  const units = new Map((await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o]));
  const items = new Map((await listAllItems(db)).map((i) => [i.id, i]));
  let alerted = 0;
  for (const r of rows) {
    const kind = r.deadlineOn! < today ? 'overdue' : 'due_soon';
    const stage = r.status === 'submitted' ? '受理' : '办结';
    const recorded = await repo.insertEvent(db, {
      regionId: r.regionId,
      id: crypto.randomUUID(),
      requestId: r.id,
      action: 'alerted',
      fromStatus: null,
      toStatus: null,
      note: kind === 'overdue' ? `已超过${stage}时限(${r.deadlineOn})` : `${stage}时限将至(${r.deadlineOn})`,
      isPublic: false,
      actorKind: 'system',
      actorId: null,
      actorLabel: '系统',
      actorName: null,
      orgId: r.orgId,
      dedupeKey: `${kind === 'overdue' ? 'overdue' : 'due_soon'}:${r.id}:${r.deadlineOn}`,
      at: new Date(),
    });
    if (!recorded) {
      continue;
    }
    alerted++;
    const unit = units.get(r.orgId);
    const item = items.get(r.itemId);
    if (unit?.contactPhone) {
      await queueMessage(db, {
        channel: 'sms',
        to: unit.contactPhone,
        template: 'services.unit-alert',
        body: `【红十字会】办件 ${r.requestNo}(${item?.nameZh ?? ''})${kind === 'overdue' ? '已超过' : '即将到达'}${stage}时限 ${r.deadlineOn},请及时处理。`,
        dedupeKey: `services:unit:${kind}:${r.id}:${r.deadlineOn}`,
      });
    }
    if (kind === 'overdue') {
      await queueMessage(db, {
        channel: 'sms',
        to: pii().decrypt(r.applicantPhoneEnc),
        template: 'services.overdue',
        body: `【红十字会】您的办件 ${r.requestNo} 已超过承诺时限,我们已督促承办单位尽快办理,给您带来不便深表歉意。`,
        dedupeKey: `services:overdue:${r.id}:${r.deadlineOn}`,
      });
    }
  }
  return alerted;
}

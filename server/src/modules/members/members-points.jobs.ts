// Recurring jobs of member points, orders and kits, registered at server start: the daily first-aid kit expiry sweep.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { systemActor } from '../../platform/rbac/actor';
import { raiseExpiryTasks } from './members-kits.service';

const jobCtx: Ctx = { actor: systemActor('members.kit-expiry'), requestId: null, ip: null, locale: 'zh' };

/** Items expiring within 30 days: a task per item and an SMS to the kit's holder (once per open task). */
export function raiseKitExpiryTasksJob(db: Db, now = new Date()): Promise<number> {
  return raiseExpiryTasks(db, jobCtx, now);
}

export function defineMemberPointsJobs(): void {
  defineJob(
    'members.kit-expiry',
    async (db) => {
      await raiseKitExpiryTasksJob(db);
    },
    { everyMs: 24 * 3600_000 },
  );
}

// The AED module's recurring jobs, registered at server start: the daily upkeep sweep and the heartbeat watch.

import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { systemActor } from '../../platform/rbac/actor';
import { checkHeartbeats } from './aed-telemetry';
import { raiseDueTasks } from './aed-upkeep';

const jobCtx = (label: string): Ctx => ({ actor: systemActor(label), requestId: null, ip: null, locale: 'zh' });

/** Battery (60 days) / pads (30 days) expiry and overdue inspections: once a day. */
export async function raiseDueTasksJob(db: Parameters<typeof raiseDueTasks>[0], now = new Date()): Promise<number> {
  return raiseDueTasks(db, jobCtx('aed.raise-due-tasks'), now);
}

/** Devices silent for three heartbeat intervals: every five minutes. */
export async function checkHeartbeatsJob(db: Parameters<typeof checkHeartbeats>[0], now = new Date()): Promise<number> {
  return checkHeartbeats(db, jobCtx('aed.check-heartbeats'), now);
}

export function defineAedJobs(): void {
  defineJob(
    'aed.raise-due-tasks',
    async (db) => {
      await raiseDueTasksJob(db);
    },
    { everyMs: 24 * 3600_000 },
  );
  defineJob(
    'aed.check-heartbeats',
    async (db) => {
      await checkHeartbeatsJob(db);
    },
    { everyMs: 5 * 60_000 },
  );
}

// The members module's recurring job: the daily lapse sweep (and its reminders before 1 January).
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { systemActor } from '../../platform/rbac/actor';
import { sweepLapses } from './members-dues';

const jobCtx: Ctx = { actor: systemActor('members.lapse-sweep'), requestId: null, ip: null, locale: 'zh' };

/** Lapses members unpaid for the province's number of years, and reminds those who would lapse next 1 January. */
export function runLapseSweep(db: Db, now = new Date()) {
  return sweepLapses(db, jobCtx, now);
}

/** Registers the job (idempotent: the registry keeps one handler per name). */
export function defineMembersJobs(): void {
  defineJob(
    'members.lapse-sweep',
    async (db) => {
      await runLapseSweep(db);
    },
    { everyMs: 24 * 3600_000, transactional: false },
  );
}

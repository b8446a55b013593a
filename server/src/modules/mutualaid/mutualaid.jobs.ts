// Background work of the mutual-aid module: the overdue-instalment sweep (flags and one reminder per instalment).
import { defineJob } from '../../platform/jobs/jobs.service';
import { flagOverdueInstalments } from './mutualaid.service';

const hour = 3_600_000;

/** Registers the hourly overdue sweep; call once per process, next to defineGoodsJobs. */
export function defineMutualaidJobs(): void {
  defineJob(
    'mutualaid.overdue',
    async (db) => {
      await flagOverdueInstalments(db);
    },
    { everyMs: hour },
  );
}

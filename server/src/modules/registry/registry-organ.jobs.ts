// Background work of the memorial: the hourly prune of visitor-day rows (the visits and flowers stay counted on the
// memorials; only the once-a-day markers of past days go).
import { defineJob } from '../../platform/jobs/jobs.service';
import { pruneVisitorDays } from './registry-memorial.service';

const hour = 3_600_000;

/** Registers the hourly prune; call once per process, next to the other modules' jobs (server.ts). */
export function defineOrganJobs(): void {
  defineJob(
    'registry.memorial-prune',
    async (db) => {
      await pruneVisitorDays(db);
    },
    { everyMs: hour },
  );
}

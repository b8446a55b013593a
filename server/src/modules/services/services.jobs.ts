// Background work of the service hall: deadline alerts every 15 minutes.
import { defineJob } from '../../platform/jobs/jobs.service';
import { alertDeadlines } from './deadline-alerts';

/** Registers the recurring deadline alerts; call once per process, next to defineGoodsJobs. */
export function defineServicesJobs(): void {
  defineJob(
    'services.deadline-alerts',
    async (db) => {
      await alertDeadlines(db);
    },
    { everyMs: 15 * 60_000 },
  );
}

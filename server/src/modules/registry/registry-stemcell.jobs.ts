// Background work of stem-cell registration: the hourly sweep that lapses online sign-ups not confirmed in time.
import { defineJob } from '../../platform/jobs/jobs.service';
import { systemActor } from '../../platform/rbac/actor';
import { lapseUnconfirmed } from './registry-stemcell.service';

const hour = 3_600_000;

/** Registers the hourly lapse sweep; call once per process, next to the other modules' jobs (server.ts). */
export function defineStemCellJobs(): void {
  defineJob(
    'registry.stemcell-lapse',
    async (db) => {
      await lapseUnconfirmed(db, { actor: systemActor('stemcell-lapse'), requestId: null, ip: null, locale: 'zh' });
    },
    { everyMs: hour },
  );
}

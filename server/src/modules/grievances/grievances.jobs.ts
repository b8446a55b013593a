// Background work of the grievances module: overdue complaints (flag + one reminder each) and the duplicate scan.
import { defineJob } from '../../platform/jobs/jobs.service';
import { scanForDuplicates } from './duplicates';
import { flagOverdueGrievances } from './grievances.service';

const minute = 60_000;

/** Registers the recurring jobs; call once per process, next to defineGoodsJobs. */
export function defineGrievancesJobs(): void {
  defineJob(
    'grievances.overdue',
    async (db) => {
      await flagOverdueGrievances(db);
    },
    { everyMs: 60 * minute },
  );
  defineJob(
    'grievances.duplicates',
    async (db) => {
      await scanForDuplicates(db);
    },
    { everyMs: 10 * minute },
  );
}

// The kpi module's recurring jobs: the refresh that keeps figures within a minute of the records (the current and the
// previous month, every `refreshMs`), and the nightly pass that recomputes the whole current year (backdated records).
import { defineJob } from '../../platform/jobs/jobs.service';
import { ensureKpiCatalogue, setRefreshInterval } from './kpi.service';
import { chinaYearMonth, refreshRecent, refreshYear } from './kpi-refresh';

export type KpiJobOptions = { refreshMs: number };

let catalogueSynced = false;

export function defineKpiJobs(opts: KpiJobOptions): void {
  setRefreshInterval(Math.round(opts.refreshMs / 1000));
  defineJob(
    'kpi.refresh',
    async (db) => {
      // Once per process: a deploy that skipped `migrate` still gets the new catalogue.
      if (!catalogueSynced) {
        await ensureKpiCatalogue(db);
        catalogueSynced = true;
      }
      await refreshRecent(db);
    },
    // Each indicator commits on its own (a short transaction each), so the cockpit never waits on the whole pass.
    { everyMs: opts.refreshMs, transactional: false },
  );
  defineJob(
    'kpi.refresh-year',
    async (db, payload) => {
      const year = typeof payload.year === 'number' ? payload.year : chinaYearMonth().year;
      await refreshYear(db, year);
    },
    { everyMs: 24 * 3600_000, transactional: false },
  );
}

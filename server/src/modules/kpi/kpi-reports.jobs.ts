// Scheduled evaluation reports: the monthly report to each subscription, through the outbox. The job looks every
// quarter of an hour; from the 1st of a month, 08:00 China time, it sends last month's report to each subscription
// that has not had it yet (a second pass, or a second instance, sends nothing twice).
import { defineJob } from '../../platform/jobs/jobs.service';
import { sendMonthlyReports } from './kpi-reports-schedule';

export const monthlyReportsEveryMs = 15 * 60_000;

export function defineKpiReportJobs(opts: { publicUrl?: string } = {}): void {
  // Not transactional: each subscription's report is built outside a transaction and recorded in its own one.
  defineJob(
    'kpi.monthly-reports',
    async (db) => {
      await sendMonthlyReports(db, new Date(), { publicUrl: opts.publicUrl ?? '' });
    },
    { everyMs: monthlyReportsEveryMs, transactional: false },
  );
}

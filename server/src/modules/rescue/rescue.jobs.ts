// The rescue module's recurring job, registered at server start: the daily certification-expiry warning.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { systemActor } from '../../platform/rbac/actor';
import { warnExpiringCertifications } from './rescue.service';

const jobCtx: Ctx = { actor: systemActor('rescue.certification-warnings'), requestId: null, ip: null, locale: 'zh' };

/** Certifications expiring within 30 days: an SMS to the team's leaders, once a day. */
export function warnExpiringCertificationsJob(db: Db, now = new Date()): Promise<number> {
  return warnExpiringCertifications(db, jobCtx, now);
}

export function defineRescueJobs(): void {
  defineJob(
    'rescue.certification-warnings',
    async (db) => {
      await warnExpiringCertificationsJob(db);
    },
    { everyMs: 24 * 3600_000, transactional: false },
  );
}

// The response module's jobs, registered at server start: the minute check that takes lapsed or silent responders
// off call (and deletes stale positions), the +20 s SMS fallback of an alert, the follow-up after an emergency.
import { defineJob } from '../../platform/jobs/jobs.service';
import { sendFollowups } from './response-admin';
import { sendFallbackSms } from './response-emergencies';
import { checkResponders } from './response-responders';

export function defineResponseJobs(): void {
  defineJob(
    'response.check-responders',
    async (db) => {
      await checkResponders(db);
    },
    { everyMs: 60_000 },
  );
  defineJob('response.sms-fallback', async (db, p) => {
    await sendFallbackSms(db, Number(p.regionId), String(p.emergencyId));
  });
  defineJob('response.followups', async (db, p) => {
    await sendFollowups(db, Number(p.regionId), String(p.emergencyId));
  });
}

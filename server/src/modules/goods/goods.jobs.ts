// Background work of the goods module: the daily expiry digest (one SMS per unit holding stock near its expiry).
import { defineJob } from '../../platform/jobs/jobs.service';
import { queueExpiryDigests } from './expiry';
import { defaultGoodsRules, type GoodsRules } from './goods-rules';

const day = 86_400_000;

/** Registers the daily digest; call once per process, next to defineDonationJobs. */
export function defineGoodsJobs(rules: GoodsRules = defaultGoodsRules): void {
  defineJob(
    'goods.expiry-digest',
    async (db) => {
      await queueExpiryDigests(db, rules);
    },
    { everyMs: day },
  );
}

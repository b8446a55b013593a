// The hall's demo data on a fresh database: half a year of history and live requests of 诸暨 in every state, with
// statistics that match a rollup rebuilt from the requests.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { seedDemo } from '../../seed/demo-seed';
import { createTestApp, type TestApp } from '../../test/test-app';
import { rebuildStatsRollup } from './services.repo';
import { requestStatusValues } from './services.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const rollup = () =>
  queryRows<Record<string, number>>(
    t.db,
    sql`SELECT grain, period::text, item_id, org_id, received, accepted, returned, refused, withdrawn, done, rejected,
               concluded_on_time, handling_days_sum::int, ratings, stars_sum::int, good_ratings
        FROM service_stats_rollup ORDER BY 1, 2, 3, 4`,
  );

describe('the service-hall demo', () => {
  it('has requests in every state, and statistics the incremental rollup keeps exact', async () => {
    expect(await seedDemo(t.db, { people: 5 })).toBe(true);
    const states = await queryRows<{ status: string }>(t.db, sql`SELECT DISTINCT status FROM service_requests`);
    expect(states.map((s) => s.status).sort()).toEqual([...requestStatusValues].sort());
    const [{ n }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM service_requests`);
    expect(n).toBeGreaterThan(500);
    const incremental = await rollup();
    await rebuildStatsRollup(t.db);
    expect(await rollup()).toEqual(incremental);
  });
});

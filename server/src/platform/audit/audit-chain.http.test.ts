// The audit hash chain over HTTP and through its job: mutations made through the API are sealed by the job, a head
// is signed, the status and verify routes are the province's, and a verdict is recorded.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createOrgUnder, createProvince, createStaff } from '../../test/factories';
import { createTestApp, type TestApp, testMasterKey } from '../../test/test-app';
import { enqueueJob, runDueJobs, scheduleRecurringJobs } from '../jobs/jobs.service';
import { configureAuditChain, defineAuditChainJobs, deriveAuditChainKey } from './audit-chain';

const key = deriveAuditChainKey(testMasterKey);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  defineAuditChainJobs({ key, headEveryMs: 0 });
});
afterAll(async () => {
  configureAuditChain(undefined);
  await t.close();
});

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code } });
}

async function world() {
  const province = await createProvince(t);
  const city = await createOrgUnder(t, province, 'city');
  const provinceAuditor = await createStaff(t, { orgId: province.id, permissions: ['audit:view'] });
  const cityAuditor = await createStaff(t, { orgId: city.id, permissions: ['audit:view'] });
  const admin = await createStaff(t, { orgId: province.id, roleId: 'branch_admin' });
  return { province, city, provinceAuditor, cityAuditor, admin };
}

describe('the chain status and verify routes', () => {
  it('seals API mutations through the job, signs a head, and shows it to a province auditor', {
    timeout: 120_000,
  }, async () => {
    const w = await world();
    const created = await t.inject(w.admin, {
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '链测试县', type: 'county', parentId: w.city.id, code: `${w.city.code!.slice(0, 4)}77` },
    });
    expect(created.statusCode, created.body).toBe(201);
    await scheduleRecurringJobs(t.db);
    expect(await runDueJobs(t.db, 'test-worker')).toBeGreaterThanOrEqual(1);
    // On PostgreSQL the sealer waits for the oldest writing transaction of the whole server (other test files'
    // databases too): run the job again until it has caught up.
    const [{ n }] = await queryRows<{ n: string | number }>(t.db, sql`SELECT count(*) AS n FROM audit_log`);
    const deadline = Date.now() + 60_000;
    let status = (await t.inject(w.provinceAuditor, { method: 'GET', url: '/api/audit/chain' })).json();
    while (status.sealedUpTo < Number(n) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      await enqueueJob(t.db, 'audit.chain.seal');
      await runDueJobs(t.db, 'test-worker');
      status = (await t.inject(w.provinceAuditor, { method: 'GET', url: '/api/audit/chain' })).json();
    }
    // Everything committed before the job ran is sealed (the rows of the staff set-up and the new unit).
    expect(status.sealedUpTo).toBe(Number(n));
    expect(status.unsealedRows).toBe(0);
    expect(status.latestHead).toMatchObject({ seq: Number(n), hash: status.tipHash, keyId: key.keyId });
    expect(status.publicKey).toBe(key.publicKey);
    expect(status.lastVerification).toMatchObject({ isIntact: true });
  });

  it('verifies on demand (sealing first), records the verdict, and names an edited row', async () => {
    const w = await world();
    const res = await t.inject(w.provinceAuditor, { method: 'POST', url: '/api/audit/chain/verify' });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ isIntact: true, problems: [] });
    expect(report.rowsChecked).toBe(report.sealedUpTo);

    const [row] = await queryRows<{ region_id: number; audit_id: number }>(
      t.db,
      sql`SELECT region_id, audit_id FROM audit_chain ORDER BY seq LIMIT 1 OFFSET 2`,
    );
    // The owner sets the append-only trigger aside; the application never can.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(
        sql`UPDATE audit_log SET reason = 'quietly changed' WHERE region_id = ${row.region_id} AND id = ${row.audit_id}`,
      );
    });
    const bad = await t.inject(w.provinceAuditor, { method: 'POST', url: '/api/audit/chain/verify' });
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({
      isIntact: false,
      problems: [{ kind: 'edited', seq: 3, regionId: row.region_id, auditId: Number(row.audit_id) }],
    });
    const status = (await t.inject(w.provinceAuditor, { method: 'GET', url: '/api/audit/chain' })).json();
    expect(status.lastVerification).toMatchObject({ isIntact: false, report: { problems: [{ kind: 'edited' }] } });
  });

  it('refuses the chain to an auditor below the province, to staff without audit:view, and to anonymous callers', async () => {
    const w = await world();
    for (const [method, url] of [
      ['GET', '/api/audit/chain'],
      ['POST', '/api/audit/chain/verify'],
    ] as const) {
      expectError(await t.inject(w.cityAuditor, { method, url }), 403, 'AUDIT_CHAIN_PROVINCE_ONLY');
      const clerk = await createStaff(t, { orgId: w.province.id, permissions: ['orgs:view'] });
      expectError(await t.inject(clerk, { method, url }), 403, 'FORBIDDEN');
      expectError(await t.inject(null, { method, url }), 401, 'UNAUTHENTICATED');
    }
  });
});

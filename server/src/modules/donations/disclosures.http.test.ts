// Disclosure obligations as timers: periodic, final and use-of-funds reports fall due, go overdue (alerted, shown to
// the public as overdue), are published with their hash in the ledger, and are corrected only by a new notice.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOpenProject, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { updateOrg } from '../orgs/orgs.service';
import { alertOverdueDisclosures, scheduleDisclosures } from './disclosures';

let t: TestApp;
let admin: Caller;
let chain: Awaited<ReturnType<typeof createBranchChain>>;

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  admin = await createStaff(t, { orgId: chain.city.id, roleId: 'branch_admin' });
});
afterAll(() => t.close());

describe('disclosure obligations', () => {
  it('falls due per the rules, goes overdue with an alert, and is published with its hash in the ledger', async () => {
    await updateOrg(t.db, systemCtx, chain.county.id, { contactPhone: '13900001234' });
    // A year-long project that began 7 months ago: periodic reports for months 0–3, 3–6 and 6–9, and a final one.
    const start = new Date(Date.now() - 212 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 150 * 86_400_000).toISOString().slice(0, 10);
    const project = await createOpenProject(t, chain.county.id, { startsOn: start, endsOn: end });
    expect(await scheduleDisclosures(t.db)).toBeGreaterThanOrEqual(4);
    expect(await scheduleDisclosures(t.db)).toBe(0);

    const list = await t.inject(admin, { method: 'GET', url: `/api/disclosures?projectId=${project.id}&limit=50` });
    const kinds = list.json().items.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`);
    expect(kinds.filter((k: string) => k === 'periodic:overdue')).toHaveLength(2);
    expect(kinds).toContain('periodic:due');
    expect(kinds).toContain('final:due');

    expect(await alertOverdueDisclosures(t.db)).toBe(2);
    expect(await alertOverdueDisclosures(t.db)).toBe(0);
    const [alerts] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'disclosure.overdue'`,
    );
    expect(alerts.n).toBe(2);

    const pub = await t.inject(null, { method: 'GET', url: `/api/public/projects/${project.code}/disclosures` });
    expect(pub.json().map((d: { status: string }) => d.status)).toEqual(['overdue', 'overdue']);

    const overdue = list.json().items.find((d: { status: string }) => d.status === 'overdue');
    const published = await t.inject(admin, {
      method: 'POST',
      url: `/api/disclosures/${overdue.id}/publish`,
      payload: { title: '第一季度募捐与使用情况', body: '本季度共接收捐赠 0 笔,未发生拨付。' },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published_late', figures: { raisedFen: 0 } });
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${published.json().ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({
      kind: 'disclosure.published',
      sha256: published.json().bodySha256,
      onTime: false,
    });

    const again = await t.inject(admin, {
      method: 'POST',
      url: `/api/disclosures/${overdue.id}/publish`,
      payload: { title: '改过的标题', body: '悄悄修改内容是不允许的。' },
    });
    expect(again.statusCode).toBe(409);
    const correction = await t.inject(admin, {
      method: 'POST',
      url: `/api/disclosures/${overdue.id}/corrections`,
      payload: { title: '第一季度公示更正', body: '本季度共接收捐赠 1 笔。', reason: '漏记一笔银行转账' },
    });
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json()).toMatchObject({ kind: 'correction', correctsId: overdue.id });
    const after = await t.inject(null, { method: 'GET', url: `/api/public/projects/${project.code}/disclosures` });
    const titles = after.json().map((d: { title: string | null }) => d.title);
    expect(titles).toEqual(expect.arrayContaining(['第一季度募捐与使用情况', '第一季度公示更正']));
  });

  it('refuses publishing from outside the unit', async () => {
    const project = await createOpenProject(t, chain.county.id, { startsOn: '2020-01-01', endsOn: '2020-03-01' });
    await scheduleDisclosures(t.db);
    const list = await t.inject(admin, { method: 'GET', url: `/api/disclosures?projectId=${project.id}` });
    const final = list.json().items.find((d: { kind: string }) => d.kind === 'final');
    expect(final.status).toBe('overdue');
    const other = await createBranchChain(t);
    const outsider = await createStaff(t, { orgId: other.city.id, roleId: 'branch_admin' });
    const res = await t.inject(outsider, {
      method: 'POST',
      url: `/api/disclosures/${final.id}/publish`,
      payload: { title: '越权发布', body: '不应该被允许的发布内容。' },
    });
    expect(res.statusCode).toBe(403);
  });
});

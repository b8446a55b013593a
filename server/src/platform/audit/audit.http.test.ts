// The audit trail over HTTP on a real database: one row per mutation in the mutation's transaction, personal data
// masked, append-only at the database, and a filtered, scoped, keyset-paged reading route.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  createOrgUnder,
  createPerson,
  createProvince,
  createStaff,
  testPassword,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

type AuditRow = {
  id: number;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: number | null;
  actor_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
};

async function maxAuditId(): Promise<number> {
  const [row] = await queryRows<{ n: number | string | null }>(t.db, sql`SELECT max(id) AS n FROM audit_log`);
  return Number(row.n ?? 0);
}

async function auditSince(id: number): Promise<AuditRow[]> {
  return queryRows<AuditRow>(t.db, sql`SELECT * FROM audit_log WHERE id > ${id} ORDER BY id`);
}

async function world() {
  const province = await createProvince(t);
  const city = await createOrgUnder(t, province, 'city');
  const county = await createOrgUnder(t, city, 'county');
  const sibling = await createOrgUnder(t, city, 'county');
  const admin = await createStaff(t, { orgId: city.id, roleId: 'branch_admin' });
  return { province, city, county, sibling, admin };
}

describe('one audit row per mutation', () => {
  it('writes org.created with the new unit in `after`, stamped with the actor and the request', async () => {
    const { county, admin } = await world();
    const mark = await maxAuditId();
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '审计测试街道', type: 'township', parentId: county.id, code: `${county.code}123` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await auditSince(mark);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'org.created',
      entity_type: 'org',
      entity_id: String(res.json().id),
      org_id: res.json().id,
      actor_id: admin.userId,
      before: null,
      after: expect.objectContaining({ name: '审计测试街道', parentId: county.id }),
    });
    expect(rows[0].request_id).toEqual(expect.any(String));
  });

  it('writes exactly the expected rows for each mutation route, and none for a refused one', async () => {
    const { city, county, sibling, admin } = await world();
    const outsider = await createProvince(t);
    const person = await createPerson(t, county.id);
    const township = await createOrgUnder(t, county, 'township');
    const username = `audit_${crypto.randomUUID().slice(0, 8)}`;
    const state: { userId?: string; grantId?: string; session?: Caller } = {};
    const takenIdNumber = uniqueIdNumber();
    await createPerson(t, county.id, { idNumber: takenIdNumber });

    const steps: {
      name: string;
      call: () => Promise<LightMyRequestResponse>;
      status: number;
      actions: string[];
      /** The new account acts itself (its own sign-in, password, sign-out). */
      bySelf?: boolean;
    }[] = [
      {
        name: 'rename a unit',
        call: () => t.inject(admin, { method: 'PATCH', url: `/api/orgs/${township.id}`, payload: { name: '新名字' } }),
        status: 200,
        actions: ['org.renamed'],
      },
      {
        name: 'change contact details',
        call: () =>
          t.inject(admin, { method: 'PATCH', url: `/api/orgs/${township.id}`, payload: { address: '新地址 1 号' } }),
        status: 200,
        actions: ['org.updated'],
      },
      {
        name: 'move a unit',
        call: () =>
          t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/move`, payload: { parentId: sibling.id } }),
        status: 200,
        actions: ['org.moved'],
      },
      {
        name: 'deactivate a unit',
        call: () => t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/deactivate` }),
        status: 200,
        actions: ['org.deactivated'],
      },
      {
        name: 'activate a unit',
        call: () => t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/activate` }),
        status: 200,
        actions: ['org.reactivated'],
      },
      {
        name: 'register a person',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/people',
            payload: { orgId: county.id, name: '李四', idNumber: uniqueIdNumber() },
          }),
        status: 201,
        actions: ['person.registered'],
      },
      {
        name: 'edit a person',
        call: () =>
          t.inject(admin, { method: 'PATCH', url: `/api/people/${person.id}`, payload: { address: '某路 2 号' } }),
        status: 200,
        actions: ['person.updated'],
      },
      {
        name: 'unmask a person',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: `/api/people/${person.id}/unmask`,
            payload: { reason: '核对身份' },
          }),
        status: 200,
        actions: ['person.unmasked'],
      },
      {
        name: 'create an account with one grant',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/users',
            payload: {
              username,
              displayName: '审计',
              password: testPassword,
              grants: [{ roleId: 'readonly', orgId: county.id }],
            },
          }),
        status: 201,
        actions: ['user.created', 'grant.created'],
      },
      {
        name: 'grant another role',
        call: async () => {
          state.userId = (
            await queryRows<{ id: string }>(t.db, sql`SELECT id FROM users WHERE username = ${username}`)
          )[0].id;
          const res = await t.inject(admin, {
            method: 'POST',
            url: `/api/users/${state.userId}/grants`,
            payload: { roleId: 'readonly', orgId: sibling.id },
          });
          state.grantId = res.json().id;
          return res;
        },
        status: 201,
        actions: ['grant.created'],
      },
      {
        name: 'revoke a grant',
        call: () => t.inject(admin, { method: 'DELETE', url: `/api/users/${state.userId}/grants/${state.grantId}` }),
        status: 204,
        actions: ['grant.revoked'],
      },
      {
        name: 'rename an account',
        call: () =>
          t.inject(admin, { method: 'PATCH', url: `/api/users/${state.userId}`, payload: { displayName: '改名' } }),
        status: 200,
        actions: ['user.updated'],
      },
      {
        name: 'sign in',
        call: async () => {
          const res = await t.inject(null, {
            method: 'POST',
            url: '/api/auth/sign-in',
            payload: { username, password: testPassword },
          });
          state.session = { cookie: String(res.headers['set-cookie']).split(';')[0] };
          return res;
        },
        status: 200,
        actions: ['user.signed-in'],
        bySelf: true,
      },
      {
        name: 'change a password',
        call: () =>
          t.inject(state.session!, {
            method: 'POST',
            url: '/api/auth/password',
            payload: { currentPassword: testPassword, newPassword: 'Changed-pass-2026' },
          }),
        status: 200,
        actions: ['user.password-changed'],
        bySelf: true,
      },
      {
        name: 'sign out',
        call: () => t.inject(state.session!, { method: 'POST', url: '/api/auth/sign-out' }),
        status: 200,
        actions: ['session.ended'],
        bySelf: true,
      },
      {
        name: 'disable an account',
        call: () =>
          t.inject(admin, { method: 'PATCH', url: `/api/users/${state.userId}`, payload: { isActive: false } }),
        status: 200,
        actions: ['user.disabled'],
      },
      {
        name: 'refused: a wrong current password',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/auth/password',
            payload: { currentPassword: 'Wrong-pass-2026', newPassword: 'Changed-pass-2026' },
          }),
        status: 400,
        actions: [],
      },
      {
        name: 'refused: a grant outside the administrator’s city',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: `/api/users/${state.userId}/grants`,
            payload: { roleId: 'readonly', orgId: outsider.id },
          }),
        status: 403,
        actions: [],
      },
      {
        name: 'refused: a unit under another province',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/orgs',
            payload: { name: '越权市', type: 'city', parentId: outsider.id, code: `${outsider.code!.slice(0, 2)}9900` },
          }),
        status: 403,
        actions: [],
      },
      {
        name: 'refused: a county under a county',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/orgs',
            payload: { name: '错', type: 'county', parentId: county.id, code: `${city.code!.slice(0, 4)}98` },
          }),
        status: 422,
        actions: [],
      },
      {
        name: 'refused: the same ID number twice',
        call: () =>
          t.inject(admin, {
            method: 'POST',
            url: '/api/people',
            payload: { orgId: county.id, name: '重复', idNumber: takenIdNumber },
          }),
        status: 409,
        actions: [],
      },
      {
        name: 'refused: deactivating a unit with active children',
        call: () => t.inject(admin, { method: 'POST', url: `/api/orgs/${city.id}/deactivate` }),
        status: 409,
        actions: [],
      },
      {
        name: 'refused: editing a person with an unknown id',
        call: () =>
          t.inject(admin, { method: 'PATCH', url: `/api/people/${crypto.randomUUID()}`, payload: { address: 'x' } }),
        status: 404,
        actions: [],
      },
    ];

    for (const step of steps) {
      const mark = await maxAuditId();
      const res = await step.call();
      expect(res.statusCode, `${step.name}: ${res.body}`).toBe(step.status);
      const rows = await auditSince(mark);
      expect(
        rows.map((r) => r.action),
        step.name,
      ).toEqual(step.actions);
      for (const row of rows) {
        expect(row.actor_id, step.name).toBe(step.bySelf ? state.userId : admin.userId);
      }
    }
  });

  it('rolls the audit rows back with the mutation: a failing later grant leaves neither account nor rows', async () => {
    const { county, admin } = await world();
    const outsider = await createProvince(t);
    const mark = await maxAuditId();
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: `rollback_${crypto.randomUUID().slice(0, 8)}`,
        displayName: '回滚',
        password: testPassword,
        // The first grant is written (with its audit row) before the second one fails.
        grants: [
          { roleId: 'readonly', orgId: county.id },
          { roleId: 'readonly', orgId: outsider.id },
        ],
      },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect(await auditSince(mark)).toEqual([]);
  });
});

describe('personal data in the trail', () => {
  it('keeps full ID numbers and phones, and encrypted or hashed columns, out of audit rows', async () => {
    const { county, admin } = await world();
    const idNumber = uniqueIdNumber('330681', '19850315');
    const phone = '13812345678';
    const newPhone = '13987654321';
    const mark = await maxAuditId();
    const created = await t.inject(admin, {
      method: 'POST',
      url: '/api/people',
      payload: { orgId: county.id, name: '王五', idNumber, phone },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(
      (await t.inject(admin, { method: 'PATCH', url: `/api/people/${id}`, payload: { phone: newPhone } })).statusCode,
    ).toBe(200);
    const unmasked = await t.inject(admin, {
      method: 'POST',
      url: `/api/people/${id}/unmask`,
      payload: { reason: '电话回访' },
    });
    expect(unmasked.json()).toMatchObject({ idNumber, phone: `+86${newPhone}` });

    const rows = await auditSince(mark);
    expect(rows.map((r) => r.action)).toEqual(['person.registered', 'person.updated', 'person.unmasked']);
    const json = JSON.stringify(rows);
    for (const secret of [idNumber, idNumber.slice(0, 17), phone, newPhone, `+86${phone}`, `+86${newPhone}`]) {
      expect(json).not.toContain(secret);
    }
    const keys = JSON.stringify(rows.map((r) => [r.before, r.after]));
    expect(keys).not.toMatch(/"[A-Za-z]*(Enc|Hash)"/);
    expect(keys).not.toMatch(/"(idNumber|phone)":/);
    // The masked forms are what the trail keeps.
    expect(rows[0].after).toMatchObject({
      idNumberMasked: expect.stringContaining('****'),
      phoneMasked: '138****5678',
    });
    expect(rows[1]).toMatchObject({ before: { phoneMasked: '138****5678' }, after: { phoneMasked: '139****4321' } });
    expect(rows[2].reason).toBe('电话回访');

    const viaRoute = await t.inject(admin, { method: 'GET', url: `/api/audit?entityId=${id}` });
    expect(viaRoute.json().items).toHaveLength(3);
    for (const secret of [idNumber, phone, newPhone]) {
      expect(viaRoute.body).not.toContain(secret);
    }
  });

  it('keeps one-time codes and phones out of the otp.requested row', async () => {
    const phone = '13700001111';
    const mark = await maxAuditId();
    expect(
      (await t.inject(null, { method: 'POST', url: '/api/auth/otp/request', payload: { phone } })).statusCode,
    ).toBe(200);
    const rows = await auditSince(mark);
    expect(rows.map((r) => r.action)).toEqual(['otp.requested']);
    const [message] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'otp'`,
    );
    const code = message.body.match(/\d{6}/)![0];
    const json = JSON.stringify(rows);
    expect(json).not.toContain(phone);
    expect(json).not.toContain(code);
  });
});

/** The database's own message for a refused statement (Drizzle wraps it as the cause). */
async function databaseErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  return 'no error';
}

describe('append-only at the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on audit_log and keeps every row', async () => {
    const { county } = await world();
    await createPerson(t, county.id);
    const before = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    const last = await maxAuditId();
    expect(last).toBeGreaterThan(0);
    for (const statement of [
      sql`UPDATE audit_log SET action = 'forged' WHERE id = ${last}`,
      sql`DELETE FROM audit_log WHERE id = ${last}`,
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log`,
    ]) {
      expect(await databaseErrorOf(t.db.execute(statement))).toMatch(/append-only/);
    }
    const after = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0].n).toBe(before[0].n);
    const [row] = await queryRows<{ action: string }>(t.db, sql`SELECT action FROM audit_log WHERE id = ${last}`);
    expect(row.action).not.toBe('forged');
  });

  it('refuses the change inside a transaction too, rolling back the whole transaction', async () => {
    const last = await maxAuditId();
    const username = `x${crypto.randomUUID().slice(0, 6)}`;
    const refusal = await databaseErrorOf(
      t.db.transaction(async (tx) => {
        await tx.execute(
          sql`INSERT INTO users (id, username, display_name, password_hash) VALUES (${crypto.randomUUID()}, ${username}, 'x', 'x')`,
        );
        await tx.execute(sql`UPDATE audit_log SET reason = 'covered up' WHERE id = ${last}`);
      }),
    );
    expect(refusal).toMatch(/append-only/);
    const users = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM users WHERE username = ${username}`,
    );
    expect(users[0].n).toBe(0);
  });
});

describe('GET /api/audit', () => {
  async function listAudit(caller: Caller, query: string) {
    const res = await t.inject(caller, { method: 'GET', url: `/api/audit?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: { id: number; action: string; entityType: string; entityId: string | null; orgId: number | null }[];
      nextBeforeId: number | null;
    };
  }

  it('filters by action, entity type and entity id', async () => {
    const { county, admin } = await world();
    const person = await createPerson(t, county.id);
    await t.inject(admin, { method: 'PATCH', url: `/api/people/${person.id}`, payload: { address: '甲' } });
    await t.inject(admin, { method: 'PATCH', url: `/api/orgs/${county.id}`, payload: { address: '乙' } });

    const byEntity = await listAudit(admin, `entityType=person&entityId=${person.id}`);
    expect(byEntity.items.map((i) => i.action)).toEqual(['person.updated', 'person.registered']);

    const byAction = await listAudit(admin, 'action=person.updated');
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(new Set(byAction.items.map((i) => i.action))).toEqual(new Set(['person.updated']));

    const byType = await listAudit(admin, `entityType=org&entityId=${county.id}`);
    expect(byType.items.map((i) => i.action)).toEqual(['org.updated', 'org.created']);

    const byActor = await listAudit(admin, `actorId=${admin.userId}&entityId=${person.id}`);
    expect(byActor.items.map((i) => i.action)).toEqual(['person.updated']);
  });

  it('shows a county auditor only the rows of their county', async () => {
    const { county, sibling, admin } = await world();
    const auditor = await createStaff(t, { orgId: county.id, permissions: ['audit:view'] });
    const mine = await createPerson(t, county.id);
    const theirs = await createPerson(t, sibling.id);
    await t.inject(admin, { method: 'PATCH', url: `/api/orgs/${sibling.id}`, payload: { address: '隔壁' } });

    const seen = await listAudit(auditor, 'limit=200');
    const entityIds = seen.items.map((i) => i.entityId);
    expect(entityIds).toContain(mine.id);
    expect(entityIds).not.toContain(theirs.id);
    expect(entityIds).not.toContain(String(sibling.id));
    expect(seen.items.every((i) => i.orgId === county.id)).toBe(true);
    expect((await listAudit(auditor, `entityId=${theirs.id}`)).items).toEqual([]);
  });

  it('shows rows without a unit (sign-ins, accounts) only to a province-level grant', async () => {
    const { province, city, county } = await world();
    const countyAuditor = await createStaff(t, { orgId: county.id, permissions: ['audit:view'] });
    const cityAuditor = await createStaff(t, { orgId: city.id, permissions: ['audit:view'] });
    const provinceAuditor = await createStaff(t, { orgId: province.id, permissions: ['audit:view'] });

    for (const auditor of [countyAuditor, cityAuditor]) {
      const rows = await listAudit(auditor, 'action=user.signed-in');
      expect(rows.items).toEqual([]);
      expect((await listAudit(auditor, 'limit=200')).items.every((i) => i.orgId !== null)).toBe(true);
    }
    const platform = await listAudit(provinceAuditor, `action=user.signed-in&entityId=${countyAuditor.userId}`);
    expect(platform.items).toHaveLength(1);
    expect(platform.items[0].orgId).toBeNull();
  });

  it('pages newest first with beforeId until nextBeforeId is null', async () => {
    const { county, admin } = await world();
    for (let i = 0; i < 5; i++) {
      await t.inject(admin, { method: 'PATCH', url: `/api/orgs/${county.id}`, payload: { address: `第 ${i} 号` } });
    }
    const seen: number[] = [];
    let beforeId: number | null = null;
    const pages: number[] = [];
    do {
      const query: string = `entityType=org&entityId=${county.id}&action=org.updated&limit=2${beforeId ? `&beforeId=${beforeId}` : ''}`;
      const page = await listAudit(admin, query);
      pages.push(page.items.length);
      seen.push(...page.items.map((i) => i.id));
      beforeId = page.nextBeforeId;
      expect(pages.length).toBeLessThan(10);
    } while (beforeId !== null);
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('refuses the trail to a role without audit:view with 403 and to anonymous callers with 401', async () => {
    const { county } = await world();
    const reader = await createStaff(t, { orgId: county.id, roleId: 'readonly' });
    expectError(await t.inject(reader, { method: 'GET', url: '/api/audit' }), 403, 'FORBIDDEN');
    expectError(await t.inject(null, { method: 'GET', url: '/api/audit' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses malformed filters with 400 VALIDATION_FAILED', async () => {
    const { admin } = await world();
    for (const query of ['limit=0', 'limit=201', 'beforeId=-1', 'actorId=not-a-uuid', 'from=yesterday', 'unknown=1']) {
      expectError(await t.inject(admin, { method: 'GET', url: `/api/audit?${query}` }), 400, 'VALIDATION_FAILED');
    }
  });
});

// Accounts and grants over HTTP on a real database: scoped listing, no granting outside one's subtree or beyond
// one's own permissions, revocation and disabling that bite on the very next request.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createOrgUnder, createProvince, createStaff, signInAs, testPassword } from '../../test/factories';
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

/** A province with two sibling cities, each with a county, and a branch administrator on city A. */
async function twoCities() {
  const province = await createProvince(t);
  const cityA = await createOrgUnder(t, province, 'city');
  const cityB = await createOrgUnder(t, province, 'city');
  const countyA = await createOrgUnder(t, cityA, 'county');
  const countyB = await createOrgUnder(t, cityB, 'county');
  const adminA = await createStaff(t, { orgId: cityA.id, roleId: 'branch_admin' });
  return { province, cityA, cityB, countyA, countyB, adminA };
}

const newUsername = () => `u_${crypto.randomUUID().slice(0, 10)}`;

async function countRows(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, query);
  return Number(row.n);
}

const grantsOf = (userId: string) =>
  countRows(sql`SELECT count(*)::int AS n FROM grants WHERE user_id = ${userId} AND revoked_at IS NULL`);

describe('creating accounts', () => {
  it('creates a user with a grant who can then sign in with that role', async () => {
    const { countyA, adminA } = await twoCities();
    const username = newUsername();
    const res = await t.inject(adminA, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username,
        displayName: '王小明',
        password: testPassword,
        grants: [{ roleId: 'readonly', orgId: countyA.id }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      username,
      displayName: '王小明',
      isActive: true,
      isLocked: false,
      grants: [{ roleId: 'readonly', orgId: countyA.id, orgName: countyA.name }],
    });
    expect(JSON.stringify(user)).not.toMatch(/password/i);

    const session = await signInAs(t, username);
    const me = await t.inject(session, { method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({
      kind: 'staff',
      userId: user.id,
      permissions: ['orgs:view', 'people:view'],
      grants: [{ roleId: 'readonly', orgId: countyA.id, orgPath: countyA.path }],
    });
    const actions = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'user' AND entity_id = ${user.id} ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'grant.created', 'user.signed-in']);
  });

  it('refuses a duplicate username (in any letter case) with 409 USERNAME_TAKEN and writes nothing', async () => {
    const { countyA, adminA } = await twoCities();
    const before = await countRows(sql`SELECT count(*)::int AS n FROM users`);
    const auditBefore = await countRows(sql`SELECT count(*)::int AS n FROM audit_log`);
    const res = await t.inject(adminA, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: adminA.username.toUpperCase(),
        displayName: '重名',
        password: testPassword,
        grants: [{ roleId: 'readonly', orgId: countyA.id }],
      },
    });
    expectError(res, 409, 'USERNAME_TAKEN');
    expect(await countRows(sql`SELECT count(*)::int AS n FROM users`)).toBe(before);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(auditBefore);
  });

  it('refuses a weak password with 400 WEAK_PASSWORD and creates no account', async () => {
    const { countyA, adminA } = await twoCities();
    const username = newUsername();
    const res = await t.inject(adminA, {
      method: 'POST',
      url: '/api/users',
      payload: { username, displayName: 'x', password: 'short', grants: [{ roleId: 'readonly', orgId: countyA.id }] },
    });
    expectError(res, 400, 'WEAK_PASSWORD');
    expect(await countRows(sql`SELECT count(*)::int AS n FROM users WHERE username = ${username}`)).toBe(0);
  });

  it('refuses an account without a grant from a non-global administrator (it would be invisible)', async () => {
    const { adminA } = await twoCities();
    const username = newUsername();
    const res = await t.inject(adminA, {
      method: 'POST',
      url: '/api/users',
      payload: { username, displayName: 'x', password: testPassword },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(await countRows(sql`SELECT count(*)::int AS n FROM users WHERE username = ${username}`)).toBe(0);
  });

  it('creates nothing at all when one of several grants is out of scope', async () => {
    const { countyA, countyB, adminA } = await twoCities();
    const username = newUsername();
    const auditBefore = await countRows(sql`SELECT count(*)::int AS n FROM audit_log`);
    const res = await t.inject(adminA, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username,
        displayName: 'x',
        password: testPassword,
        grants: [
          { roleId: 'readonly', orgId: countyA.id },
          { roleId: 'readonly', orgId: countyB.id },
        ],
      },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect(await countRows(sql`SELECT count(*)::int AS n FROM users WHERE username = ${username}`)).toBe(0);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(auditBefore);
  });
});

describe('listing accounts', () => {
  it('shows a city administrator only accounts granted inside their city', async () => {
    const { cityB, countyA, countyB, adminA } = await twoCities();
    const tag = crypto.randomUUID().slice(0, 6);
    const mine = await createStaff(t, { orgId: countyA.id, roleId: 'readonly', username: `mine_${tag}` });
    const theirs = await createStaff(t, { orgId: countyB.id, roleId: 'readonly', username: `theirs_${tag}` });
    const theirAdmin = await createStaff(t, { orgId: cityB.id, roleId: 'branch_admin', username: `theiradmin_${tag}` });

    const res = await t.inject(adminA, { method: 'GET', url: `/api/users?q=${tag}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { id: string }) => u.id)).toEqual([mine.userId]);
    expect(res.json().total).toBe(1);

    const all = await t.inject(adminA, { method: 'GET', url: '/api/users?pageSize=200' });
    const ids = all.json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(adminA.userId);
    expect(ids).not.toContain(theirs.userId);
    expect(ids).not.toContain(theirAdmin.userId);

    expectError(await t.inject(adminA, { method: 'GET', url: `/api/users/${theirs.userId}` }), 404, 'NOT_FOUND');
    expect((await t.inject(adminA, { method: 'GET', url: `/api/users/${mine.userId}` })).statusCode).toBe(200);
  });

  it('shows a province administrator the accounts of every city below', async () => {
    const { province, countyA, countyB } = await twoCities();
    const tag = crypto.randomUUID().slice(0, 6);
    const a = await createStaff(t, { orgId: countyA.id, roleId: 'readonly', username: `pa_${tag}` });
    const b = await createStaff(t, { orgId: countyB.id, roleId: 'readonly', username: `pb_${tag}` });
    const provinceAdmin = await createStaff(t, { orgId: province.id, permissions: ['users:view'] });
    const res = await t.inject(provinceAdmin, { method: 'GET', url: `/api/users?q=${tag}` });
    expect(
      res
        .json()
        .items.map((u: { id: string }) => u.id)
        .sort(),
    ).toEqual([a.userId, b.userId].sort());
  });

  it('refuses the user list to a role without users:view with 403 FORBIDDEN', async () => {
    const { cityA } = await twoCities();
    const reader = await createStaff(t, { orgId: cityA.id, roleId: 'readonly' });
    expectError(await t.inject(reader, { method: 'GET', url: '/api/users' }), 403, 'FORBIDDEN');
  });
});

describe('granting roles', () => {
  it('refuses a grant on a unit outside the granter’s subtree with 403 OUT_OF_SCOPE and writes nothing', async () => {
    const { countyA, countyB, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    const auditBefore = await countRows(sql`SELECT count(*)::int AS n FROM audit_log`);
    const res = await t.inject(adminA, {
      method: 'POST',
      url: `/api/users/${target.userId}/grants`,
      payload: { roleId: 'readonly', orgId: countyB.id },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect(await grantsOf(target.userId)).toBe(1);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(auditBefore);
  });

  it('refuses a role carrying permissions the granter lacks with 403 FORBIDDEN (no escalation)', async () => {
    const { cityA, countyA } = await twoCities();
    const userAdmin = await createStaff(t, {
      orgId: cityA.id,
      permissions: ['users:view', 'users:manage', 'orgs:view', 'people:view'],
    });
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    for (const roleId of ['branch_admin', 'system_admin', 'relief_officer']) {
      const res = await t.inject(userAdmin, {
        method: 'POST',
        url: `/api/users/${target.userId}/grants`,
        payload: { roleId, orgId: countyA.id },
      });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.json().error.details.missing.length).toBeGreaterThan(0);
    }
    expect(await grantsOf(target.userId)).toBe(1);
    // A role within the granter's own permissions is fine.
    const ok = await t.inject(userAdmin, {
      method: 'POST',
      url: `/api/users/${target.userId}/grants`,
      payload: { roleId: 'readonly', orgId: cityA.id },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await grantsOf(target.userId)).toBe(2);
  });

  it('refuses creating an account with a role beyond the creator’s permissions', async () => {
    const { cityA, countyA } = await twoCities();
    const userAdmin = await createStaff(t, { orgId: cityA.id, permissions: ['users:view', 'users:manage'] });
    const username = newUsername();
    const res = await t.inject(userAdmin, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username,
        displayName: 'x',
        password: testPassword,
        grants: [{ roleId: 'readonly', orgId: countyA.id }],
      },
    });
    expectError(res, 403, 'FORBIDDEN');
    expect(await countRows(sql`SELECT count(*)::int AS n FROM users WHERE username = ${username}`)).toBe(0);
  });

  it('refuses an unknown role or unit with 404 NOT_FOUND', async () => {
    const { countyA, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    const url = `/api/users/${target.userId}/grants`;
    expectError(
      await t.inject(adminA, { method: 'POST', url, payload: { roleId: 'no_such_role', orgId: countyA.id } }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.inject(adminA, { method: 'POST', url, payload: { roleId: 'readonly', orgId: 2_000_000_000 } }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.inject(adminA, {
        method: 'POST',
        url: `/api/users/${crypto.randomUUID()}/grants`,
        payload: { roleId: 'readonly', orgId: countyA.id },
      }),
      404,
      'NOT_FOUND',
    );
    expect(await grantsOf(target.userId)).toBe(1);
  });

  it('refuses granting a role to an account that works in a sibling city (no pulling accounts across subtrees)', async () => {
    const { cityA, cityB } = await twoCities();
    const userB = await createStaff(t, { orgId: cityB.id, roleId: 'readonly' });
    const adminA = await createStaff(t, { orgId: cityA.id, roleId: 'branch_admin' });
    const res = await t.inject(adminA, {
      method: 'POST',
      url: `/api/users/${userB.userId}/grants`,
      payload: { roleId: 'readonly', orgId: cityA.id },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect(await grantsOf(userB.userId)).toBe(1);
    const list = await t.inject(adminA, { method: 'GET', url: `/api/users?q=${userB.username}` });
    expect(list.json().items).toHaveLength(0);
  });

  it('takes a revoked grant away on the user’s very next request', async () => {
    const { countyA, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    expect((await t.inject(target, { method: 'GET', url: `/api/orgs/${countyA.id}` })).statusCode).toBe(200);

    const view = await t.inject(adminA, { method: 'GET', url: `/api/users/${target.userId}` });
    const grantId = view.json().grants[0].id as string;
    const res = await t.inject(adminA, { method: 'DELETE', url: `/api/users/${target.userId}/grants/${grantId}` });
    expect(res.statusCode).toBe(204);

    expectError(await t.inject(target, { method: 'GET', url: `/api/orgs/${countyA.id}` }), 403, 'FORBIDDEN');
    const me = await t.inject(target, { method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({ permissions: [], grants: [] });
    const [audit] = await queryRows<{ action: string; before: { grantId: string } }>(
      t.db,
      sql`SELECT action, before FROM audit_log WHERE entity_id = ${target.userId} AND action = 'grant.revoked'`,
    );
    expect(audit.before.grantId).toBe(grantId);
    // Revoking it again finds nothing to revoke.
    expectError(
      await t.inject(adminA, { method: 'DELETE', url: `/api/users/${target.userId}/grants/${grantId}` }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses revoking a grant on a sibling city’s unit with 403 OUT_OF_SCOPE and keeps it', async () => {
    const { countyA, countyB, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    // The same user also holds a role in city B, granted by the system.
    const [{ id: grantB }] = await queryRows<{ id: string }>(
      t.db,
      sql`INSERT INTO grants (id, user_id, role_id, org_id) VALUES (${crypto.randomUUID()}, ${target.userId}, 'readonly', ${countyB.id}) RETURNING id`,
    );
    const res = await t.inject(adminA, { method: 'DELETE', url: `/api/users/${target.userId}/grants/${grantB}` });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect(await grantsOf(target.userId)).toBe(2);
  });
});

describe('disabling and editing accounts', () => {
  it('ends every session of a disabled user and refuses their sign-in', async () => {
    const { countyA, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    const second = await signInAs(t, target.username);
    const res = await t.inject(adminA, {
      method: 'PATCH',
      url: `/api/users/${target.userId}`,
      payload: { isActive: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ isActive: false });

    for (const session of [target, second] as Caller[]) {
      expectError(await t.inject(session, { method: 'GET', url: '/api/auth/me' }), 401, 'UNAUTHENTICATED');
    }
    const open = await countRows(
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${target.userId} AND revoked_at IS NULL`,
    );
    expect(open).toBe(0);
    const signIn = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: target.username, password: testPassword },
    });
    expectError(signIn, 403, 'ACCOUNT_DISABLED');

    // Enabling again lets them back in.
    const enable = await t.inject(adminA, {
      method: 'PATCH',
      url: `/api/users/${target.userId}`,
      payload: { isActive: true },
    });
    expect(enable.statusCode).toBe(200);
    expect((await signInAs(t, target.username)).cookie).toMatch(/^boai_session=/);
  });

  it('unlocks a locked account', async () => {
    const { countyA, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    for (let i = 0; i < 5; i++) {
      await t.inject(null, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { username: target.username, password: `Wrong-password-${i}` },
      });
    }
    const locked = await t.inject(adminA, { method: 'GET', url: `/api/users/${target.userId}` });
    expect(locked.json().isLocked).toBe(true);
    const res = await t.inject(adminA, {
      method: 'PATCH',
      url: `/api/users/${target.userId}`,
      payload: { unlock: true },
    });
    expect(res.json().isLocked).toBe(false);
    expect((await signInAs(t, target.username)).cookie).toMatch(/^boai_session=/);
  });

  it('refuses disabling an account granted in a sibling city with 403 OUT_OF_SCOPE and leaves it active', async () => {
    const { countyB, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyB.id, roleId: 'readonly' });
    const res = await t.inject(adminA, {
      method: 'PATCH',
      url: `/api/users/${target.userId}`,
      payload: { isActive: false },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect((await t.inject(target, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('refuses disabling an account that also holds a grant outside the administrator’s subtree', async () => {
    const { countyA, countyB, adminA } = await twoCities();
    const target = await createStaff(t, { orgId: countyA.id, roleId: 'readonly' });
    await t.db.execute(
      sql`INSERT INTO grants (id, user_id, role_id, org_id) VALUES (${crypto.randomUUID()}, ${target.userId}, 'readonly', ${countyB.id})`,
    );
    const res = await t.inject(adminA, {
      method: 'PATCH',
      url: `/api/users/${target.userId}`,
      payload: { isActive: false },
    });
    expectError(res, 403, 'OUT_OF_SCOPE');
    expect((await t.inject(target, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });
});

describe('roles and permissions', () => {
  it('lists the built-in roles and the permission catalogue to any staff member', async () => {
    const { cityA } = await twoCities();
    const reader = await createStaff(t, { orgId: cityA.id, roleId: 'readonly' });
    const roles = await t.inject(reader, { method: 'GET', url: '/api/roles' });
    expect(roles.json().map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['system_admin', 'branch_admin', 'readonly', 'supervisor']),
    );
    const permissions = await t.inject(reader, { method: 'GET', url: '/api/permissions' });
    expect(permissions.json()).toContainEqual({ id: 'pii:view', zh: expect.any(String), en: expect.any(String) });
  });
});

// Test factories: units, staff with roles on units, people. Each builds what it needs, so tests never share rows.
import crypto from 'node:crypto';
import type { OrgType, OrgView } from '../modules/orgs/orgs.schemas';
import { createOrg } from '../modules/orgs/orgs.service';
import type { CreatePerson } from '../modules/people/people.schemas';
import { registerPerson } from '../modules/people/people.service';
import { createUserAccount } from '../platform/auth/auth.service';
import type { Ctx } from '../platform/http/context';
import { computeCheckCharacter } from '../platform/identity/id-number';
import { systemActor } from '../platform/rbac/actor';
import type { Permission } from '../platform/rbac/permissions';
import { upsertRole } from '../platform/rbac/rbac.repo';
import { grantRole } from '../platform/rbac/rbac.service';
import { multipart } from './imports';
import type { Caller, TestApp } from './test-app';

export const systemCtx: Ctx = { actor: systemActor('test'), requestId: null, ip: null, locale: 'zh' };
export const testPassword = 'Test-password-2026';

let counter = 0;
const next = () => ++counter;

/** A province with a fresh code (11..99 → XX0000), a city under it, and a county under that, unless told otherwise. */
export async function createProvince(t: TestApp, name?: string): Promise<OrgView> {
  const n = 10 + (next() % 89);
  return createOrg(t.db, systemCtx, {
    name: name ?? `测试省${n}-${crypto.randomUUID().slice(0, 4)}`,
    type: 'province',
    parentId: null,
    code: `${n}0000`,
  }).catch(async () => createProvince(t, name));
}

export async function createOrgUnder(
  t: TestApp,
  parent: OrgView,
  type: OrgType,
  extra: { name?: string; code?: string | null } = {},
): Promise<OrgView> {
  const n = next();
  let code = extra.code;
  if (code === undefined) {
    const p = parent.code ?? '';
    if (type === 'city') {
      code = `${p.slice(0, 2)}${String(1 + (n % 98)).padStart(2, '0')}00`;
    } else if (type === 'county') {
      code = `${p.slice(0, 4)}${String(1 + (n % 98)).padStart(2, '0')}`;
    } else if (type === 'township') {
      code = `${p.slice(0, 6)}${String(1 + (n % 998)).padStart(3, '0')}`;
    } else {
      code = null;
    }
  }
  const created = createOrg(t.db, systemCtx, { name: extra.name ?? `${type}-${n}`, type, parentId: parent.id, code });
  // A generated code can meet one made earlier in the same database (the counter wraps): draw another.
  return extra.code === undefined && code !== null
    ? created.catch((e) => (e?.code === 'ORG_CODE_TAKEN' ? createOrgUnder(t, parent, type, extra) : Promise.reject(e)))
    : created;
}

/** province > city > county, fresh. */
export async function createBranchChain(t: TestApp) {
  const province = await createProvince(t);
  const city = await createOrgUnder(t, province, 'city');
  const county = await createOrgUnder(t, city, 'county');
  return { province, city, county };
}

/**
 * A staff account holding a role on a unit, signed in through the real sign-in route.
 * Pass `permissions` for a role made for the test, or `roleId` for a built-in role.
 */
export async function createStaff(
  t: TestApp,
  opts: { orgId: number; permissions?: Permission[]; roleId?: string; username?: string },
): Promise<Caller & { userId: string; username: string }> {
  const username = opts.username ?? `staff${next()}_${crypto.randomUUID().slice(0, 6)}`;
  let roleId = opts.roleId;
  if (!roleId) {
    roleId = `test_${crypto.randomUUID().slice(0, 8)}`;
    await upsertRole(t.db, {
      id: roleId,
      nameZh: roleId,
      nameEn: roleId,
      permissions: opts.permissions ?? [],
      isBuiltin: false,
    });
  }
  const user = await createUserAccount(t.db, { username, displayName: username, password: testPassword });
  await grantRole(t.db, systemCtx, user.id, { roleId, orgId: opts.orgId });
  return { ...(await signInAs(t, username)), userId: user.id, username };
}

export async function signInAs(t: TestApp, username: string, password = testPassword): Promise<{ cookie: string }> {
  const res = await t.inject(null, { method: 'POST', url: '/api/auth/sign-in', payload: { username, password } });
  if (res.statusCode !== 200) {
    throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  }
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set[0] : String(set)).split(';')[0];
  return { cookie };
}

/** A valid resident ID number (region 330681 by default) that no other call returns. */
export function uniqueIdNumber(region = '330681', birth = '19900101'): string {
  const seq = String(next() % 1000).padStart(3, '0');
  const year = 1950 + (Math.floor(next() / 1000) % 50);
  const first17 = `${region}${birth.replace(/^\d{4}/, String(year))}${seq}`;
  return first17 + computeCheckCharacter(first17);
}

export async function createPerson(t: TestApp, orgId: number, extra: Partial<CreatePerson> = {}) {
  return registerPerson(t.db, systemCtx, {
    orgId,
    name: '测试人员',
    idType: 'resident_id',
    idNumber: uniqueIdNumber(),
    ...extra,
  });
}

/** An open fundraising project of a unit (restricted by default), created through the service. */
export async function createOpenProject(
  t: TestApp,
  orgId: number,
  extra: Partial<import('../modules/donations/donations.schemas').CreateProject> = {},
) {
  const { createProject, updateProject } = await import('../modules/donations/donations.service');
  const project = await createProject(t.db, systemCtx, {
    orgId,
    name: '测试募捐项目',
    summary: '为测试募集善款',
    description: '',
    fundKind: 'restricted',
    purpose: '困难群众救助',
    targetFen: 1_000_000,
    presetAmountsFen: [1000, 5000],
    startsOn: '2020-01-01',
    endsOn: null,
    isEmergency: false,
    ...extra,
  });
  return updateProject(t.db, systemCtx, project.id, { status: 'open' });
}

/**
 * Gives online through the local provider as a donor would: create the order, then press 支付 on the built-in
 * checkout page. Returns the order and the checkout action's answer.
 */
export async function giveOnline(
  t: TestApp,
  projectCode: string,
  amountFen: number,
  donor: { donorName?: string; isAnonymous?: boolean; phone?: string; action?: 'pay' | 'cancel' } = {},
) {
  const created = await t.inject(null, {
    method: 'POST',
    url: '/api/public/orders',
    payload: {
      projectCode,
      amountFen,
      channel: 'local',
      donorName: donor.isAnonymous ? undefined : (donor.donorName ?? '张小三'),
      isAnonymous: donor.isAnonymous ?? false,
      phone: donor.phone,
      consentVersion: '2026-01',
    },
  });
  if (created.statusCode !== 201) {
    throw new Error(`order failed: ${created.statusCode} ${created.body}`);
  }
  const order = created.json() as { orderNo: string; accessToken: string; checkout: { kind: string; url: string } };
  const url = new URL(order.checkout.url);
  const query = Object.fromEntries(url.searchParams) as Record<string, string>;
  const paid = await t.inject(null, {
    method: 'POST',
    url: `/api/public/pay/local/${order.orderNo}`,
    payload: { ...query, action: donor.action ?? 'pay' },
  });
  return { order, query, paid };
}

/** Signs the public in by phone through the real routes (the code is read from the outbox, as the dev adapter shows it). */
export async function signInByPhone(t: TestApp, phone: string): Promise<{ cookie: string }> {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../db/client');
  const { maskPhone } = await import('../platform/identity/masking');
  const ip = `10.9.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`;
  const requested = await t.inject(null, {
    method: 'POST',
    url: '/api/auth/otp/request',
    payload: { phone },
    remoteAddress: ip,
  });
  if (requested.statusCode !== 200) {
    throw new Error(`otp request failed: ${requested.statusCode} ${requested.body}`);
  }
  const [row] = await queryRows<{ body: string }>(
    t.db,
    sql`SELECT body FROM outbox_messages WHERE template = 'otp' AND recipient_masked = ${maskPhone(phone)} ORDER BY created_at DESC LIMIT 1`,
  );
  const code = row?.body.match(/\d{6}/)?.[0];
  const res = await t.inject(null, {
    method: 'POST',
    url: '/api/auth/otp/verify',
    payload: { phone, code },
    remoteAddress: ip,
  });
  if (res.statusCode !== 200) {
    throw new Error(`phone sign-in failed: ${res.statusCode} ${res.body}`);
  }
  const set = res.headers['set-cookie'];
  return { cookie: (Array.isArray(set) ? set[0] : String(set)).split(';')[0] };
}

/** A 1×1 PNG: the smallest image an upload accepts. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

/** POST /api/files with one file part, as `caller`; answers the response (for tests of refusals). */
export function postFile(
  t: TestApp,
  caller: Caller,
  bytes: Buffer = tinyPng,
  name = 'photo.png',
  type = 'application/octet-stream',
) {
  return t.inject(caller, { method: 'POST', url: '/api/files', ...multipart(bytes, name, type) });
}

/** Uploads a file as `caller` and answers its id; throws when the upload is refused. */
export async function uploadFile(
  t: TestApp,
  caller: Caller,
  bytes: Buffer = tinyPng,
  name = 'photo.png',
  type = 'application/octet-stream',
): Promise<string> {
  const res = await postFile(t, caller, bytes, name, type);
  if (res.statusCode !== 201) {
    throw new Error(`upload of ${name} answered ${res.statusCode}: ${res.body}`);
  }
  return res.json().id;
}

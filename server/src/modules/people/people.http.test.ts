// People over HTTP on a real database: registration with ID-card rules, duplicates, masked views, search by every
// supported key, pinyin order, audited unmasking, subtree scope, and ID numbers stored only encrypted.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import type { Permission } from '../../platform/rbac/permissions';
import { createBranchChain, createOrgUnder, createStaff } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { PersonView } from './people.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const clerkPermissions: Permission[] = ['orgs:view', 'people:view', 'people:manage'];

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

let sequence = 0;
/** A valid 18-character resident ID; the sequence digit's parity sets the gender, a counter keeps it unique. */
function residentId(opts: { region?: string; birth?: string; male?: boolean } = {}): string {
  sequence += 1;
  const seq = String(((sequence * 2) % 1000) + (opts.male === false ? 0 : 1)).padStart(3, '0');
  const first17 = `${opts.region ?? '330681'}${opts.birth ?? '19850317'}${seq}`;
  return first17 + computeCheckCharacter(first17);
}

/** A fresh county with a clerk who may register and view people there. */
async function countyWithClerk(permissions: Permission[] = clerkPermissions) {
  const { province, city, county } = await createBranchChain(t);
  const clerk = await createStaff(t, { orgId: county.id, permissions });
  return { province, city, county, clerk };
}

const register = (caller: Caller, payload: Record<string, unknown>) =>
  t.inject(caller, { method: 'POST', url: '/api/people', payload });

async function registered(caller: Caller, payload: Record<string, unknown>): Promise<PersonView> {
  const res = await register(caller, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function search(caller: Caller, q: string, extra = ''): Promise<{ items: PersonView[]; total: number }> {
  const res = await t.inject(caller, { method: 'GET', url: `/api/people?q=${encodeURIComponent(q)}${extra}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function countPeople(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM people`);
  return Number(row.n);
}

async function auditRows(action: string, entityId: string) {
  return queryRows<{ actor_id: string; reason: string | null; before: unknown; after: unknown }>(
    t.db,
    sql`SELECT actor_id, reason, before, after FROM audit_log WHERE action = ${action} AND entity_id = ${entityId}`,
  );
}

describe('registering people', () => {
  it('derives gender and birth year from a mainland ID and answers with the ID and phone masked', async () => {
    const { county, clerk } = await countyWithClerk();
    const idNumber = residentId({ birth: '19850317', male: true });

    const res = await register(clerk, { orgId: county.id, name: '张三丰', idNumber, phone: '13812345678' });

    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      orgId: county.id,
      orgName: county.name,
      name: '张三丰',
      idType: 'resident_id',
      gender: 'male',
      birthYear: 1985,
      idNumberMasked: `330***********${idNumber.slice(-4)}`,
      phoneMasked: '138****5678',
    });
    expect(res.body).not.toContain(idNumber);
    expect(res.body).not.toContain('19850317');
    expect(res.body).not.toContain('13812345678');
    const [audit] = await auditRows('person.registered', res.json().id);
    expect(JSON.stringify(audit.after)).not.toContain(idNumber);
    expect(JSON.stringify(audit.after)).not.toContain('13812345678');
  });

  it('takes gender from the ID number over a typed-in gender', async () => {
    const { county, clerk } = await countyWithClerk();
    const female = await registered(clerk, {
      orgId: county.id,
      name: '李芳',
      idNumber: residentId({ birth: '20010102', male: false }),
      gender: 'male',
    });
    expect(female).toMatchObject({ gender: 'female', birthYear: 2001 });
    const noId = await registered(clerk, { orgId: county.id, name: '王五', gender: 'male', birthDate: '1970-05-06' });
    expect(noId).toMatchObject({ gender: 'male', birthYear: 1970, idNumberMasked: null, phoneMasked: null });
  });

  it('refuses ID numbers that break GB 11643 with 400 INVALID_ID_NUMBER naming the reason, and registers nobody', async () => {
    const { county, clerk } = await countyWithClerk();
    const good = residentId();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const withCheck = (first17: string) => first17 + computeCheckCharacter(first17);
    const cases: [string, string][] = [
      [wrongCheck, 'check_character'],
      [withCheck('33068119900230123'), 'birth_date'],
      [withCheck('33068118891231123'), 'birth_date'],
      [withCheck('33068120990101123'), 'future_birth_date'],
      [withCheck('99068119900101123'), 'region'],
      [withCheck('00068119900101123'), 'region'],
      ['33068119900101123', 'format'],
      ['33068119900101123Y', 'format'],
      ['330681900230123', 'birth_date'],
    ];
    const before = await countPeople();
    for (const [idNumber, reason] of cases) {
      const res = await register(clerk, { orgId: county.id, name: '错号', idNumber });
      expectError(res, 400, 'INVALID_ID_NUMBER');
      expect(res.json().error.details, idNumber).toMatchObject({ field: 'idNumber', reason });
    }
    expect(await countPeople()).toBe(before);
  });

  it('registers a 15-digit legacy ID and refuses the same person later given in 18-digit form', async () => {
    const { county, clerk } = await countyWithClerk();
    const modern = residentId({ birth: '19720815', male: false });
    const legacy = `${modern.slice(0, 6)}${modern.slice(8, 17)}`;
    expect(legacy).toHaveLength(15);

    const first = await registered(clerk, { orgId: county.id, name: '老证件', idNumber: legacy });
    expect(first).toMatchObject({
      gender: 'female',
      birthYear: 1972,
      idNumberMasked: `330***********${modern.slice(-4)}`,
    });

    const again = await register(clerk, { orgId: county.id, name: '新证件', idNumber: modern });
    expectError(again, 409, 'PERSON_DUPLICATE_ID');
    expect(again.json().error.details).toMatchObject({ existingId: first.id });
    expect((await search(clerk, legacy)).items.map((p) => p.id)).toEqual([first.id]);
    expect((await search(clerk, modern)).items.map((p) => p.id)).toEqual([first.id]);
  });

  it('refuses an ID number registered before, anywhere in the tree, with 409 PERSON_DUPLICATE_ID and its record id', async () => {
    const { county, clerk } = await countyWithClerk();
    const elsewhere = await countyWithClerk();
    // An ID whose check character is X, typed once in lower case and once in upper case.
    let idNumber = residentId();
    while (!idNumber.endsWith('X')) {
      idNumber = residentId();
    }
    const first = await registered(clerk, { orgId: county.id, name: '赵六', idNumber: idNumber.toLowerCase() });
    const before = await countPeople();

    const same = await register(clerk, { orgId: county.id, name: '赵六', idNumber });
    expectError(same, 409, 'PERSON_DUPLICATE_ID');
    expect(same.json().error.details).toMatchObject({ existingId: first.id, existingName: '赵*' });

    const otherRegion = await register(elsewhere.clerk, { orgId: elsewhere.county.id, name: '赵六', idNumber });
    expectError(otherRegion, 409, 'PERSON_DUPLICATE_ID');
    expect(otherRegion.json().error.details).toMatchObject({ existingId: first.id });
    expect(await countPeople()).toBe(before);
  });

  it('refuses phones that are not a mainland mobile or E.164 with 400 INVALID_PHONE, and accepts the rest', async () => {
    const { county, clerk } = await countyWithClerk();
    const before = await countPeople();
    for (const phone of [
      '12345678901',
      '010-12345678',
      '+86 10 1234 5678',
      '1381234567',
      '555-1234',
      '+0123456789',
      '电话',
    ]) {
      const res = await register(clerk, { orgId: county.id, name: '错号码', phone });
      expectError(res, 400, 'INVALID_PHONE');
    }
    expect(await countPeople()).toBe(before);

    const spaced = await registered(clerk, { orgId: county.id, name: '国内', phone: '0086 139-1234-0000' });
    expect(spaced.phoneMasked).toBe('139****0000');
    const foreign = await registered(clerk, { orgId: county.id, name: 'John Smith', phone: '+44 20 7946 0958' });
    expect(foreign.phoneMasked).toBe('+44******0958');
  });
});

describe('searching people', () => {
  it('finds a person by full ID number, phone, masked ID, last four digits, name and pinyin prefix', async () => {
    const { county, clerk } = await countyWithClerk();
    const idNumber = residentId({ birth: '19660909' });
    let decoyId = residentId({ birth: '19660909' });
    while (decoyId.slice(-4) === idNumber.slice(-4)) {
      decoyId = residentId({ birth: '19660909' });
    }
    const person = await registered(clerk, { orgId: county.id, name: '张三丰', idNumber, phone: '13912345678' });
    await registered(clerk, { orgId: county.id, name: '李四', idNumber: decoyId, phone: '13987654321' });

    const queries = [
      idNumber,
      idNumber.toLowerCase(),
      '13912345678',
      '+86 139 1234 5678',
      `330***${idNumber.slice(-4)}`,
      `330***********${idNumber.slice(-4)}`,
      `${idNumber.slice(0, 6)}***${idNumber.slice(-4)}`,
      idNumber.slice(-4),
      '张三丰',
      '三丰',
      'zhang',
      'zhang san',
      'zhangsanf',
      'ZHANG',
    ];
    for (const q of queries) {
      const found = await search(clerk, q);
      expect(
        found.items.map((p) => p.id),
        q,
      ).toEqual([person.id]);
      expect(found.total, q).toBe(1);
    }
    for (const q of ['王', 'wang', '13900000000', `330***0000`, '110101199001011237']) {
      expect((await search(clerk, q)).total, q).toBe(0);
    }
  });

  it('lists names in pinyin order, reading surnames as surnames (曾 zeng, 单 shan)', async () => {
    const { county, clerk } = await countyWithClerk();
    for (const name of ['张伟', '曾志', '单田', '陈晨', '安然', '杜甫', '白云']) {
      await registered(clerk, { orgId: county.id, name });
    }
    const res = await t.inject(clerk, { method: 'GET', url: `/api/people?orgId=${county.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: PersonView) => p.name)).toEqual([
      '安然',
      '白云',
      '陈晨',
      '杜甫',
      '单田',
      '曾志',
      '张伟',
    ]);
    const page = await t.inject(clerk, { method: 'GET', url: `/api/people?orgId=${county.id}&page=2&pageSize=3` });
    expect(page.json()).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(page.json().items.map((p: PersonView) => p.name)).toEqual(['杜甫', '单田', '曾志']);
  });

  it('keeps people outside the viewer subtree out of reach: 404 on read, edit and unmask, absent from search', async () => {
    const { city, county } = await createBranchChain(t);
    const otherCounty = await createOrgUnder(t, city, 'county');
    const viewer = await createStaff(t, { orgId: county.id, permissions: [...clerkPermissions, 'pii:view'] });
    const otherClerk = await createStaff(t, { orgId: otherCounty.id, permissions: clerkPermissions });
    const idNumber = residentId();
    const mine = await registered(viewer, { orgId: county.id, name: '钱七' });
    const theirs = await registered(otherClerk, {
      orgId: otherCounty.id,
      name: '钱七',
      idNumber,
      phone: '13700001111',
    });

    for (const req of [
      { method: 'GET' as const, url: `/api/people/${theirs.id}` },
      { method: 'PATCH' as const, url: `/api/people/${theirs.id}`, payload: { name: '改名' } },
      { method: 'POST' as const, url: `/api/people/${theirs.id}/unmask`, payload: { reason: '越权查看' } },
    ]) {
      expectError(await t.inject(viewer, req), 404, 'NOT_FOUND');
    }
    expect((await search(viewer, '钱七')).items.map((p) => p.id)).toEqual([mine.id]);
    for (const q of [idNumber, '13700001111', idNumber.slice(-4)]) {
      expect((await search(viewer, q)).total, q).toBe(0);
    }
    const everyone = await t.inject(viewer, { method: 'GET', url: '/api/people?pageSize=200' });
    expect(everyone.json().items.map((p: PersonView) => p.id)).toEqual([mine.id]);
    const byOrg = await t.inject(viewer, { method: 'GET', url: `/api/people?orgId=${otherCounty.id}` });
    expectError(byOrg, 403, 'OUT_OF_SCOPE');
    expect(await auditRows('person.unmasked', theirs.id)).toHaveLength(0);

    const own = await t.inject(viewer, { method: 'GET', url: `/api/people/${mine.id}` });
    expect(own.json()).toMatchObject({ id: mine.id, name: '钱七' });
    const fromCity = await createStaff(t, { orgId: city.id, permissions: ['people:view'] });
    expect((await search(fromCity, '钱七')).total).toBe(2);
  });

  it('changes a phone number: the new one finds the person, the old one no longer does', async () => {
    const { county, clerk } = await countyWithClerk();
    const person = await registered(clerk, { orgId: county.id, name: '孙八', phone: '13600002222' });
    const res = await t.inject(clerk, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { phone: '13600003333' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phoneMasked).toBe('136****3333');
    expect((await search(clerk, '13600003333')).items.map((p) => p.id)).toEqual([person.id]);
    expect((await search(clerk, '13600002222')).total).toBe(0);
    const bad = await t.inject(clerk, { method: 'PATCH', url: `/api/people/${person.id}`, payload: { phone: '123' } });
    expectError(bad, 400, 'INVALID_PHONE');
  });
});

describe('unmasking personal data', () => {
  it('shows the full ID number and phone to a holder of pii:view and records who looked and why', async () => {
    const { county, clerk } = await countyWithClerk([...clerkPermissions, 'pii:view']);
    const idNumber = residentId({ birth: '19850317' });
    const person = await registered(clerk, { orgId: county.id, name: '周九', idNumber, phone: '13812345678' });
    const reason = '核对救助申请材料';

    const res = await t.inject(clerk, { method: 'POST', url: `/api/people/${person.id}/unmask`, payload: { reason } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: person.id, idNumber, phone: '+8613812345678', birthDate: '1985-03-17' });
    const audit = await auditRows('person.unmasked', person.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: clerk.userId, reason });
    expect(JSON.stringify(audit[0])).not.toContain(idNumber);
  });

  it('refuses to unmask without pii:view (403) or without a reason (400), and records nothing', async () => {
    const { county, clerk } = await countyWithClerk();
    const person = await registered(clerk, { orgId: county.id, name: '吴十', idNumber: residentId() });
    const res = await t.inject(clerk, {
      method: 'POST',
      url: `/api/people/${person.id}/unmask`,
      payload: { reason: '想看看' },
    });
    expectError(res, 403, 'FORBIDDEN');
    expect(res.body).not.toContain('idNumber');

    const piiViewer = await createStaff(t, { orgId: county.id, permissions: ['people:view', 'pii:view'] });
    for (const payload of [{}, { reason: '' }, { reason: 'x' }]) {
      const noReason = await t.inject(piiViewer, { method: 'POST', url: `/api/people/${person.id}/unmask`, payload });
      expectError(noReason, 400, 'VALIDATION_FAILED');
    }
    expect(await auditRows('person.unmasked', person.id)).toHaveLength(0);
  });
});

describe('personal data at rest', () => {
  it('stores the ID number and phone only encrypted, next to a keyed blind index', async () => {
    const { county, clerk } = await countyWithClerk();
    const idNumber = residentId({ birth: '19931224' });
    const person = await registered(clerk, { orgId: county.id, name: '郑十一', idNumber, phone: '13566667777' });

    const [row] = await queryRows<Record<string, string | null>>(
      t.db,
      sql`SELECT * FROM people WHERE id = ${person.id}`,
    );
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain(idNumber.slice(6, 14));
    expect(stored).not.toContain('13566667777');
    expect(row.id_number_enc).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(row.phone_enc).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(row.id_number_masked).toBe(`330***********${idNumber.slice(-4)}`);
    expect(row.phone_masked).toBe('135****7777');
    expect(row.id_number_hash).not.toBe(idNumber);
    // A keyed index: not a bare SHA-256 of the number that anyone could recompute from a guess.
    for (const encoding of ['hex', 'base64url'] as const) {
      for (const input of [idNumber, `resident_id:${idNumber}`, `id:resident_id:${idNumber}`]) {
        expect(row.id_number_hash).not.toBe(crypto.createHash('sha256').update(input).digest(encoding));
      }
    }
    expect(row.id_number_hash).not.toBe(row.phone_hash);
  });
});

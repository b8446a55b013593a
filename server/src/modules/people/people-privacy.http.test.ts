// Personal-data requests over HTTP on a real database: a person with records in several modules gets a full copy
// (and nothing of anyone else); erasure is previewed, refused while a relief case is open, then run in one
// transaction — the person is no longer findable, the books keep their amounts with the donor anonymised, the fund
// balances and the public ledger are untouched, and the audit trail records it.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import {
  createBranchChain,
  createOpenProject,
  createPerson,
  createStaff,
  giveOnline,
  signInByPhone,
  uniqueIdNumber,
} from '../../test/factories';
import { uniquePhone } from '../../test/member-factory';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { anonymisedValues, privacyDeclarations } from './people-privacy';
import { updateRows } from './people-privacy.repo';
import type { ErasurePlan, PersonalDataExport, PrivacyRequestView } from './people-privacy.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code } });
}

type Subject = Awaited<ReturnType<typeof createSubject>>;

/** A person registered in a county, a member, a volunteer with hours, a donor by phone, with a public account. */
async function createSubject(countyId: number, projectCode: string, name: string) {
  const phone = uniquePhone();
  const idNumber = uniqueIdNumber();
  const person = await createPerson(t, countyId, { name, phone, idNumber, address: '浙江省某县某街道1号' });
  const [{ regionId }] = await queryRows<{ regionId: number }>(
    t.db,
    sql`SELECT region_id AS "regionId" FROM people WHERE id = ${person.id}`,
  );
  const normal = normalizePhone(phone);
  const stored = normal.ok ? normal.value : phone;
  const phoneHash = pii().blindIndex('phone', stored);
  const memberId = crypto.randomUUID();
  await t.db.execute(sql`
    INSERT INTO members (region_id, id, org_id, member_no, kind, category, tier, status, person_id, name, phone_hash,
                         phone_masked, channel, joined_on)
    VALUES (${regionId}, ${memberId}, ${countyId}, ${`M${crypto.randomInt(1e9)}`}, 'individual', 'ordinary', 'ordinary',
            'active', ${person.id}, ${name}, ${phoneHash}, ${maskPhone(phone)}, 'staff', '2024-01-01')`);
  await t.db.execute(sql`
    INSERT INTO member_dues_payments (region_id, id, member_id, org_id, receipt_no, from_year, to_year, amount_fen,
                                      method, payer_name, paid_on, recorded_by, recorded_at)
    VALUES (${regionId}, ${crypto.randomUUID()}, ${memberId}, ${countyId}, ${`R${crypto.randomInt(1e9)}`}, 2024, 2024,
            5000, 'cash', ${name}, '2024-01-02', 'test', now())`);
  const volunteerId = crypto.randomUUID();
  await t.db.execute(sql`
    INSERT INTO volunteers (region_id, id, org_id, person_id, name, status, phone_enc, phone_hash, phone_masked, skills,
                            languages, availability, emergency_name, emergency_phone_enc, emergency_phone_masked,
                            registered_via, created_by)
    VALUES (${regionId}, ${volunteerId}, ${countyId}, ${person.id}, ${name}, 'approved', ${pii().encrypt(stored)},
            ${phoneHash}, ${maskPhone(phone)}, ARRAY['first_aid'], ARRAY['zh'], ARRAY[0,0,0,0,0,1,1], '紧急联系人',
            ${pii().encrypt('13900000000')}, '139****0000', 'staff', 'test')`);
  await t.db.execute(sql`
    INSERT INTO volunteer_service_records (region_id, id, activity_id, volunteer_id, person_id, org_id, started_at,
                                           ended_at, minutes, status, approved_by)
    VALUES (${regionId}, ${crypto.randomUUID()}, ${crypto.randomUUID()}, ${volunteerId}, ${person.id}, ${countyId},
            '2025-05-01T01:00:00Z', '2025-05-01T04:00:00Z', 180, 'approved', 'test')`);
  const gift = await giveOnline(t, projectCode, 5000, { donorName: name, phone });
  expect(gift.paid.statusCode, gift.paid.body).toBeLessThan(400);
  const publicUser = await signInByPhone(t, phone);
  return { person, regionId, phone, stored, phoneHash, idNumber, name, memberId, publicUser };
}

async function openReliefCase(s: Subject, countyId: number, status: string): Promise<string> {
  const id = crypto.randomUUID();
  await t.db.execute(sql`
    INSERT INTO relief_cases (region_id, id, case_no, kind, status, org_id, person_id, applicant_name, household_size,
                              cause_category, cause_text, requested_fen, filed_via, filed_by, submitted_at,
                              decision_due_at)
    VALUES (${s.regionId}, ${id}, ${`C${crypto.randomInt(1e9)}`}, 'hardship', ${status}, ${countyId}, ${s.person.id},
            ${s.name}, 3, 'illness', ${`${s.name}家中因病致贫`}, 200000, 'staff', 'test', now(), now())`);
  return id;
}

/** Rows of every table a snapshot compares: what refusals must leave exactly as they were. */
async function snapshot(s: Subject) {
  const [people] = await queryRows(t.db, sql`SELECT * FROM people WHERE id = ${s.person.id}`);
  const donations = await queryRows(t.db, sql`SELECT * FROM donations WHERE donor_phone_hash = ${s.phoneHash}`);
  const volunteers = await queryRows(t.db, sql`SELECT * FROM volunteers WHERE person_id = ${s.person.id}`);
  const accounts = await queryRows(t.db, sql`SELECT * FROM public_accounts WHERE phone_hash = ${s.phoneHash}`);
  const requests = await queryRows(t.db, sql`SELECT id, status FROM privacy_requests ORDER BY id`);
  return JSON.stringify({ people, donations, volunteers, accounts, requests });
}

async function ledgerSnapshot() {
  return queryRows<{ index: number; leaf: string; h: string }>(
    t.db,
    sql`SELECT index, leaf, encode(leaf_hash, 'hex') AS h FROM ledger_entries ORDER BY index`,
  );
}

async function fundBalances() {
  return queryRows<{ fundId: number; balance: string }>(
    t.db,
    sql`SELECT fund_id AS "fundId", sum(amount_fen)::text AS balance FROM fund_entries GROUP BY fund_id ORDER BY fund_id`,
  );
}

async function recordRequest(caller: Caller, payload: Record<string, unknown>): Promise<PrivacyRequestView> {
  const res = await t.inject(caller, { method: 'POST', url: '/api/privacy/requests', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const erase = (caller: Caller, id: string, dryRun: boolean) =>
  t.inject(caller, { method: 'POST', url: `/api/privacy/requests/${id}/erase`, payload: { dryRun } });

describe('personal-data declarations on the database', () => {
  it('writes values of the right type into every anonymised column (the database accepts each update)', async () => {
    const failures: string[] = [];
    for (const d of privacyDeclarations) {
      for (const rule of d.tables.filter((r) => r.erase.action === 'anonymise')) {
        try {
          await updateRows(t.db, rule.table, sql`false`, anonymisedValues(rule, '已删除PR20260101ABCDEF'));
        } catch (error) {
          failures.push(`${d.module}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('personal-data requests', () => {
  let chain: Awaited<ReturnType<typeof createBranchChain>>;
  let admin: Caller;
  let subject: Subject;
  let other: Subject;

  beforeAll(async () => {
    chain = await createBranchChain(t);
    admin = await createStaff(t, { orgId: chain.city.id, roleId: 'branch_admin' });
    const project = await createOpenProject(t, chain.county.id);
    subject = await createSubject(chain.county.id, project.code, '欧阳隐私');
    other = await createSubject(chain.county.id, project.code, '司马旁人');
  });

  it('exports every module’s rows of the person, decrypted, and nothing of another person (audited)', async () => {
    const res = await t.inject(admin, { method: 'GET', url: `/api/privacy/people/${subject.person.id}/export` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const copy: PersonalDataExport = res.json();
    const tables = copy.sections.map((s) => s.table);
    for (const table of ['people', 'members', 'member_dues_payments', 'volunteers', 'volunteer_service_records']) {
      expect(tables).toContain(table);
    }
    for (const table of ['donations', 'donation_orders', 'public_accounts']) {
      expect(tables).toContain(table);
    }
    const people = copy.sections.find((s) => s.table === 'people')!;
    expect(people.rows[0]).toMatchObject({ name: subject.name, idNumber: subject.idNumber, phone: subject.stored });
    const donations = copy.sections.find((s) => s.table === 'donations')!;
    expect(donations.rows).toEqual([expect.objectContaining({ amountFen: 5000, donorName: subject.name })]);
    expect(donations.onErasure).toBe('anonymise');
    // Blind indexes, salts and token hashes never leave the server.
    expect(res.body).not.toContain(subject.phoneHash);
    expect(res.body).not.toMatch(/"\w*(Hash|saltEnc|SaltEnc)"/);
    // Nothing of the other person.
    expect(res.body).not.toContain(other.name);
    expect(res.body).not.toContain(other.phone);
    expect(res.body).not.toContain(other.idNumber);

    const [audit] = await queryRows<{ after: unknown; reason: string }>(
      t.db,
      sql`SELECT after, reason FROM audit_log WHERE action = 'privacy.exported' AND entity_id = ${subject.person.id}`,
    );
    expect(audit.reason).toContain('Art. 45');
    expect(JSON.stringify(audit.after)).not.toContain(subject.phone);
  });

  it('gives a signed-in public user their own copy, and refuses it to staff', async () => {
    const res = await t.inject(subject.publicUser, { method: 'GET', url: '/api/me/data' });
    expect(res.statusCode, res.body).toBe(200);
    const copy: PersonalDataExport = res.json();
    expect(copy.sections.map((s) => s.table)).toEqual(
      expect.arrayContaining(['people', 'donations', 'public_accounts']),
    );
    // A phone code proves the phone, not the ID card: the full ID number stays masked in the self-service copy.
    expect(res.body).not.toContain(subject.idNumber);
    expect(copy.sections.find((x) => x.table === 'people')?.rows[0]).toMatchObject({
      name: subject.name,
      phone: subject.stored,
      idNumberMasked: expect.stringMatching(/\*{4}/),
    });
    expect(res.body).not.toContain(other.phone);
    expectError(await t.inject(admin, { method: 'GET', url: '/api/me/data' }), 403, 'FORBIDDEN');
    expectError(await t.inject(null, { method: 'GET', url: '/api/me/data' }), 401, 'UNAUTHENTICATED');
  });

  it('records a request with a masked subject and a deadline of 15 working days', async () => {
    const req = await recordRequest(admin, {
      kind: 'export',
      orgId: chain.county.id,
      phone: subject.phone,
      receivedOn: '2025-03-03',
    });
    // 2025-03-03 is a Monday with no holiday in the next three weeks: 15 working days later is 2025-03-24.
    expect(req).toMatchObject({
      status: 'open',
      dueOn: '2025-03-24',
      isOverdue: true,
      subjectMasked: maskPhone(subject.phone),
    });
    const list = await t.inject(admin, { method: 'GET', url: '/api/privacy/requests?status=open' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(subject.phone);
    expect(list.json().items.map((r: PrivacyRequestView) => r.id)).toContain(req.id);

    // An export request is answered with the copy and closed; it cannot be erased.
    expectError(await erase(admin, req.id, true), 409, 'PRIVACY_REQUEST_KIND');
    const copy = await t.inject(admin, { method: 'POST', url: `/api/privacy/requests/${req.id}/export` });
    expect(copy.statusCode, copy.body).toBe(200);
    expect(copy.body).toContain(subject.idNumber);
    const after = await t.inject(admin, { method: 'GET', url: `/api/privacy/requests/${req.id}` });
    expect(after.json()).toMatchObject({ status: 'completed' });
  });

  it('refuses without the permission (403) and outside the subtree (OUT_OF_SCOPE)', async () => {
    const clerk = await createStaff(t, { orgId: chain.county.id, permissions: ['people:view', 'pii:view'] });
    expectError(
      await t.inject(clerk, { method: 'GET', url: `/api/privacy/people/${subject.person.id}/export` }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.inject(clerk, {
        method: 'POST',
        url: '/api/privacy/requests',
        payload: { kind: 'erase', orgId: chain.county.id, phone: subject.phone },
      }),
      403,
      'FORBIDDEN',
    );
    const elsewhere = await createBranchChain(t);
    const stranger = await createStaff(t, { orgId: elsewhere.city.id, roleId: 'branch_admin' });
    expectError(
      await t.inject(stranger, { method: 'GET', url: `/api/privacy/people/${subject.person.id}/export` }),
      403,
      'OUT_OF_SCOPE',
    );
    const req = await recordRequest(admin, { kind: 'erase', orgId: chain.county.id, phone: other.phone });
    for (const [method, url] of [
      ['GET', `/api/privacy/requests/${req.id}`],
      ['POST', `/api/privacy/requests/${req.id}/export`],
    ] as const) {
      expectError(await t.inject(stranger, { method, url }), 403, 'OUT_OF_SCOPE');
    }
    expectError(await erase(stranger, req.id, false), 403, 'OUT_OF_SCOPE');
    expectError(
      await t.inject(stranger, {
        method: 'POST',
        url: '/api/privacy/requests',
        payload: { kind: 'erase', orgId: chain.county.id, phone: other.phone },
      }),
      403,
      'OUT_OF_SCOPE',
    );
    const theirs = await t.inject(stranger, { method: 'GET', url: '/api/privacy/requests' });
    expect(theirs.json().items.map((r: PrivacyRequestView) => r.id)).not.toContain(req.id);
  });

  it('previews, refuses while a relief case is open (nothing changes), then erases in one transaction', async () => {
    const self = await t.inject(subject.publicUser, {
      method: 'POST',
      url: '/api/me/data/erase-request',
      payload: { note: '请删除我的信息' },
    });
    expect(self.statusCode, self.body).toBe(201);
    expect(self.json()).toMatchObject({ channel: 'self_service', kind: 'erase', orgId: chain.county.id });
    expectError(
      await t.inject(subject.publicUser, { method: 'POST', url: '/api/me/data/erase-request', payload: {} }),
      409,
      'PRIVACY_REQUEST_OPEN',
    );
    // Staff record the same person's request by ID number as well (the one they will run).
    const req = await recordRequest(admin, { kind: 'erase', orgId: chain.county.id, idNumber: subject.idNumber });
    const caseId = await openReliefCase(subject, chain.county.id, 'submitted');

    const before = await snapshot(subject);
    const ledgerBefore = await ledgerSnapshot();
    const balancesBefore = await fundBalances();
    expect(ledgerBefore.length).toBeGreaterThan(0);

    const preview = await erase(admin, req.id, true);
    expect(preview.statusCode, preview.body).toBe(200);
    const plan: ErasurePlan = preview.json();
    expect(plan.executed).toBe(false);
    expect(plan.holds).toEqual([expect.objectContaining({ code: 'open_relief_case', count: 1 })]);
    const actions = Object.fromEntries(plan.tables.map((x) => [x.table, x.action]));
    expect(actions).toMatchObject({
      people: 'anonymise',
      donations: 'anonymise',
      volunteers: 'anonymise',
      volunteer_service_records: 'retain',
      public_accounts: 'delete',
      sessions: 'delete',
      relief_cases: 'anonymise',
    });
    expect(plan.tables.every((x) => x.why.length > 10)).toBe(true);

    expectError(await erase(admin, req.id, false), 409, 'PRIVACY_LEGAL_HOLD');
    expect(await snapshot(subject)).toBe(before);
    expect(
      await queryRows(t.db, sql`SELECT 1 FROM audit_log WHERE action = 'privacy.erased' AND entity_id = ${req.id}`),
    ).toEqual([]);

    await t.db.execute(sql`UPDATE relief_cases SET status = 'closed' WHERE id = ${caseId}`);
    const done = await erase(admin, req.id, false);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ executed: true, holds: [] });

    // The person can no longer be found by name, ID number or phone.
    for (const q of [subject.name, subject.idNumber, subject.phone]) {
      const found = await t.inject(admin, { method: 'GET', url: `/api/people?q=${encodeURIComponent(q)}` });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items.map((p: { id: string }) => p.id)).not.toContain(subject.person.id);
    }
    const [person] = await queryRows<Record<string, unknown>>(
      t.db,
      sql`SELECT name, id_number_enc, id_number_hash, phone_enc, phone_hash, address, birth_date FROM people WHERE id = ${subject.person.id}`,
    );
    expect(person).toMatchObject({
      id_number_enc: null,
      id_number_hash: null,
      phone_enc: null,
      phone_hash: null,
      address: null,
      birth_date: null,
    });
    expect(String(person.name)).toMatch(/^已删除PR/);

    // The books keep the gift with its amount; the donor is anonymised and the ledger entry unlinked.
    const gifts = await queryRows<Record<string, unknown>>(
      t.db,
      sql`SELECT amount_fen::int AS amount, donor_name, display_name, donor_phone_hash, salt_enc, access_token_hash
          FROM donations WHERE donor_name LIKE '已删除%'`,
    );
    expect(gifts).toEqual([
      {
        amount: 5000,
        donor_name: person.name,
        display_name: '爱心人士',
        donor_phone_hash: null,
        salt_enc: null,
        access_token_hash: null,
      },
    ]);
    const [dues] = await queryRows<{ amount: number; payer: string }>(
      t.db,
      sql`SELECT amount_fen::int AS amount, payer_name AS payer FROM member_dues_payments WHERE member_id = ${subject.memberId}`,
    );
    expect(dues).toEqual({ amount: 5000, payer: person.name });
    const [relief] = await queryRows<{ fen: number; name: string; cause: string }>(
      t.db,
      sql`SELECT requested_fen::int AS fen, applicant_name AS name, cause_text AS cause FROM relief_cases WHERE id = ${caseId}`,
    );
    expect(relief).toEqual({ fen: 200000, name: person.name, cause: '' });
    const [hours] = await queryRows<{ minutes: number }>(
      t.db,
      sql`SELECT minutes FROM volunteer_service_records WHERE person_id = ${subject.person.id}`,
    );
    expect(hours.minutes).toBe(180);
    expect(await queryRows(t.db, sql`SELECT 1 FROM public_accounts WHERE phone_hash = ${subject.phoneHash}`)).toEqual(
      [],
    );
    // No table still holds the phone or ID blind index (apart from the request records themselves).
    for (const table of ['donations', 'donation_orders', 'members', 'volunteers', 'people', 'otp_codes']) {
      const col = table === 'donations' || table === 'donation_orders' ? 'donor_phone_hash' : 'phone_hash';
      const left = await queryRows(
        t.db,
        sql`SELECT 1 FROM ${sql.identifier(table)} WHERE ${sql.identifier(col)} = ${subject.phoneHash}`,
      );
      expect(left, table).toEqual([]);
    }

    // Fund balances and the public ledger are exactly as before.
    expect(await fundBalances()).toEqual(balancesBefore);
    expect(await ledgerSnapshot()).toEqual(ledgerBefore);
    for (const e of ledgerBefore) {
      const h = crypto
        .createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(e.leaf, 'utf8')]))
        .digest('hex');
      expect(h).toBe(e.h);
      expect(e.leaf).not.toContain(subject.name);
    }

    // The audit trail has the erasure; the public user's session is gone with the account.
    const [audit] = await queryRows<{ after: { tables: { table: string; action: string }[] } }>(
      t.db,
      sql`SELECT after FROM audit_log WHERE action = 'privacy.erased' AND entity_id = ${req.id}`,
    );
    expect(audit.after.tables.map((x) => x.table)).toEqual(expect.arrayContaining(['people', 'donations']));
    expect(JSON.stringify(audit.after)).not.toContain(subject.phone);
    expectError(await t.inject(subject.publicUser, { method: 'GET', url: '/api/me/data' }), 401, 'UNAUTHENTICATED');

    // The other person is untouched.
    const still = await t.inject(admin, { method: 'GET', url: `/api/people?q=${encodeURIComponent(other.idNumber)}` });
    expect(still.json().items.map((p: { id: string }) => p.id)).toEqual([other.person.id]);
    const [otherGift] = await queryRows<{ donor_name: string }>(
      t.db,
      sql`SELECT donor_name FROM donations WHERE donor_phone_hash = ${other.phoneHash}`,
    );
    expect(otherGift.donor_name).toBe(other.name);

    // A closed request is not run again.
    expectError(await erase(admin, req.id, false), 409, 'PRIVACY_REQUEST_CLOSED');
  });
});

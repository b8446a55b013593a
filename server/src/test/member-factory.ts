// Test members for the points, orders and kits tests: an active individual member of a unit, on a person with a
// phone, inserted directly (the members core has its own joining and admission tests).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getOrg } from '../modules/orgs/orgs.service';
import { normalizePhone } from '../platform/identity/phone';
import { pii } from '../platform/pii';
import { createPerson, uniqueIdNumber } from './factories';
import type { TestApp } from './test-app';

let seq = 0;

/** A fresh mainland mobile number no other call returns. */
export function uniquePhone(): string {
  seq++;
  return `139${String(Date.now() % 100_000).padStart(5, '0')}${String(seq % 1000).padStart(3, '0')}`;
}

export async function createMember(
  t: TestApp,
  orgId: number,
  opts: { name?: string; phone?: string; status?: 'active' | 'lapsed' | 'applied' } = {},
) {
  const phone = opts.phone ?? uniquePhone();
  const name = opts.name ?? '测试会员';
  const person = await createPerson(t, orgId, { name, phone, idNumber: uniqueIdNumber() });
  const { regionId } = await getOrg(t.db, orgId);
  const normal = normalizePhone(phone);
  const phoneHash = normal.ok ? pii().blindIndex('phone', normal.value) : null;
  const id = crypto.randomUUID();
  const memberNo = `T${crypto.randomInt(0, 1e9).toString().padStart(9, '0')}`;
  await t.db.execute(sql`
    INSERT INTO members (region_id, id, org_id, member_no, kind, category, tier, status, person_id, name, phone_hash,
                         channel, joined_on)
    VALUES (${regionId}, ${id}, ${orgId}, ${memberNo}, 'individual', 'ordinary', 'ordinary',
            ${opts.status ?? 'active'}, ${person.id}, ${name}, ${phoneHash}, 'staff', '2024-01-01')`);
  return { id, regionId, personId: person.id, phone, memberNo, name };
}

// People: registration with ID checks and duplicate refusal, masked views, audited unmasking, scoped search.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import {
  type IdType,
  upgradeLegacyIdNumber,
  validateIdByType,
  validateIdNumber,
} from '../../platform/identity/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { toPinyinKey } from '../../platform/pinyin';
import { assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './people.repo';
import type { CreatePerson, PeopleQuery, PersonView, UpdatePerson } from './people.schemas';

export type { PersonRow } from './people.repo';

/** Normalises an ID number for storage and lookup: 15-digit resident IDs become their 18-digit form. */
export function normaliseIdNumber(
  idType: IdType,
  input: string,
): { value: string; birthDate?: string; gender?: 'male' | 'female' } {
  const result = validateIdByType(idType, input);
  if (!result.ok) {
    throw new AppError('INVALID_ID_NUMBER', { field: 'idNumber', reason: result.reason });
  }
  const value =
    idType === 'resident_id' && result.value.length === 15 ? upgradeLegacyIdNumber(result.value) : result.value;
  return { value, birthDate: result.birthDate, gender: result.gender };
}

function normalisePhoneOrThrow(input: string): string {
  const phone = normalizePhone(input);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'phone' });
  }
  return phone.value;
}

export function toPersonView(row: repo.PersonRow, orgName: string): PersonView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    name: row.name,
    idType: row.idType as PersonView['idType'],
    idNumberMasked: row.idNumberMasked,
    phoneMasked: row.phoneMasked,
    gender: row.gender as PersonView['gender'],
    birthYear: row.birthDate ? Number(row.birthDate.slice(0, 4)) : null,
    address: row.address,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The encrypted, indexed and masked columns for an ID number and a phone. */
export function piiColumns(idType: IdType, idNumber: string | undefined, phone: string | undefined | null) {
  const cols: Partial<repo.PersonInsert> & { derivedBirthDate?: string; derivedGender?: string } = {};
  if (idNumber) {
    const id = normaliseIdNumber(idType, idNumber);
    cols.idNumberEnc = pii().encrypt(id.value);
    cols.idNumberHash = pii().blindIndex('id', `${idType}:${id.value}`);
    cols.idNumberMasked = maskIdNumber(id.value);
    cols.derivedBirthDate = id.birthDate;
    cols.derivedGender = id.gender;
  }
  if (phone) {
    const value = normalisePhoneOrThrow(phone);
    cols.phoneEnc = pii().encrypt(value);
    cols.phoneHash = pii().blindIndex('phone', value);
    cols.phoneMasked = maskPhone(value);
  } else if (phone === null) {
    cols.phoneEnc = null;
    cols.phoneHash = null;
    cols.phoneMasked = null;
  }
  return cols;
}

/**
 * Registers a person in a unit the actor manages. A mainland ID fixes gender and birth date. The same ID number
 * registered anywhere is refused with PERSON_DUPLICATE_ID and a pointer to the existing record.
 */
export async function registerPerson(db: Db, ctx: Ctx, input: CreatePerson): Promise<PersonView> {
  const cols = piiColumns(input.idType, input.idNumber, input.phone);
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, 'people:manage', org.path);
    if (cols.idNumberHash) {
      await repo.lockIdNumber(tx, cols.idNumberHash);
      const existing = await repo.findByIdHash(tx, input.idType, cols.idNumberHash);
      if (existing) {
        throw new AppError('PERSON_DUPLICATE_ID', {
          existingId: existing.id,
          existingName: maskName(existing.name),
          existingOrgId: existing.orgId,
        });
      }
    }
    const { derivedBirthDate, derivedGender, ...piiCols } = cols;
    const row = await repo.insertPerson(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      name: input.name,
      namePinyin: toPinyinKey(input.name, { personName: true }),
      idType: input.idType,
      gender: derivedGender ?? input.gender ?? null,
      birthDate: derivedBirthDate ?? input.birthDate ?? null,
      address: input.address ?? null,
      ...piiCols,
    });
    await recordAudit(tx, ctx, {
      action: 'person.registered',
      entityType: 'person',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: toPersonView(row, org.name),
    });
    return toPersonView(row, org.name);
  });
}

async function getPersonInScope(
  db: Db,
  ctx: Ctx,
  id: string,
  permission: 'people:view' | 'people:manage' | 'pii:view',
) {
  const row = await repo.findPersonById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'person', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  if (!canAt(ctx.actor, 'people:view', org.path)) {
    // Outside the viewer's subtree a person does not exist for them.
    throw new AppError('NOT_FOUND', { entity: 'person', id });
  }
  assertCanAt(ctx.actor, permission, org.path);
  return { row, org };
}

export async function viewPerson(db: Db, ctx: Ctx, id: string): Promise<PersonView> {
  const { row, org } = await getPersonInScope(db, ctx, id, 'people:view');
  return toPersonView(row, org.name);
}

/** Changes name, phone, address or unit (a move needs people:manage on both units). */
export async function updatePerson(db: Db, ctx: Ctx, id: string, patch: UpdatePerson): Promise<PersonView> {
  return db.transaction(async (tx) => {
    const { row: before, org } = await getPersonInScope(tx, ctx, id, 'people:manage');
    let targetOrg = org;
    if (patch.orgId !== undefined && patch.orgId !== before.orgId) {
      targetOrg = await orgs.getOrg(tx, patch.orgId);
      assertCanAt(ctx.actor, 'people:manage', targetOrg.path);
    }
    const next: Partial<repo.PersonInsert> = {};
    if (patch.name !== undefined) {
      next.name = patch.name;
      next.namePinyin = toPinyinKey(patch.name, { personName: true });
    }
    if (patch.phone !== undefined) {
      Object.assign(next, piiColumns(before.idType as IdType, undefined, patch.phone));
    }
    if (patch.address !== undefined) {
      next.address = patch.address;
    }
    if (targetOrg.id !== before.orgId) {
      // The row stays on its home region shard; scope follows org_id.
      next.orgId = targetOrg.id;
    }
    const after = await repo.updatePerson(tx, before.regionId, id, next);
    await recordAudit(tx, ctx, {
      action: 'person.updated',
      entityType: 'person',
      entityId: id,
      orgId: after.orgId,
      regionId: after.regionId,
      before: toPersonView(before, org.name),
      after: toPersonView(after, targetOrg.name),
    });
    return toPersonView(after, targetOrg.name);
  });
}

/** Shows one person's full ID number and phone to a holder of pii:view, recording who looked and why. */
export async function unmaskPerson(db: Db, ctx: Ctx, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const { row } = await getPersonInScope(tx, ctx, id, 'pii:view');
    await recordAudit(tx, ctx, {
      action: 'person.unmasked',
      entityType: 'person',
      entityId: id,
      orgId: row.orgId,
      regionId: row.regionId,
      reason,
    });
    return {
      id: row.id,
      idNumber: row.idNumberEnc ? pii().decrypt(row.idNumberEnc) : null,
      phone: row.phoneEnc ? pii().decrypt(row.phoneEnc) : null,
      birthDate: row.birthDate,
    };
  });
}

/** Classifies a search string: full ID, full phone, masked ID pattern, or a name. */
export function parsePeopleQuery(
  q: string,
): Pick<repo.PeopleFilter, 'idHash' | 'phoneHash' | 'maskedPrefix' | 'maskedSuffix' | 'name'> {
  const trimmed = q.trim();
  const id = validateIdNumber(trimmed);
  if (id.ok) {
    const value = id.value.length === 15 ? upgradeLegacyIdNumber(id.value) : id.value;
    return { idHash: pii().blindIndex('id', `resident_id:${value}`) };
  }
  if (/^[+\d][\d\s-]{6,}$/.test(trimmed)) {
    const phone = normalizePhone(trimmed);
    if (phone.ok) {
      return { phoneHash: pii().blindIndex('phone', phone.value) };
    }
  }
  const masked = /^(\d{0,6})\*+(\d{1,4}[\dXx]?)$/.exec(trimmed);
  if (masked) {
    // Stored masks keep only the first 3 characters (330***********1234), so a longer typed prefix is cut to 3.
    return { maskedPrefix: masked[1].slice(0, 3), maskedSuffix: masked[2].toUpperCase() };
  }
  if (/^\d{3}[\dXx]$/.test(trimmed)) {
    return { maskedSuffix: trimmed.toUpperCase() };
  }
  return { name: trimmed };
}

/** People in the actor's people:view scope, in pinyin order, optionally under one unit. */
export async function searchPeople(db: Db, ctx: Ctx, q: PeopleQuery) {
  let underPath: string | undefined;
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'people:view', org.path);
    underPath = org.path;
  }
  const { rows, total } = await repo.searchPeople(db, {
    scope: (col) => orgs.orgScopeCondition(col, ctx, 'people:view'),
    orgCondition: underPath ? (col) => orgs.orgUnderCondition(col, underPath) : undefined,
    ...(q.q ? parsePeopleQuery(q.q) : {}),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const names = new Map(units.map((u) => [u.id, u.name]));
  return {
    items: rows.map((r) => toPersonView(r, names.get(r.orgId) ?? '')),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The person holding this ID number, registered in `orgId` when none does (for modules that open records for an
 * applicant, e.g. a relief case: the caller has already checked the actor may act at that unit). A known person's
 * record is left as it is. Runs in the caller's transaction; throws INVALID_ID_NUMBER, INVALID_PHONE.
 */
export async function findOrRegisterPerson(
  tx: Db,
  ctx: Ctx,
  input: { orgId: number; name: string; idType?: IdType; idNumber: string; phone?: string; address?: string },
): Promise<{ person: repo.PersonRow; isNew: boolean }> {
  const idType = input.idType ?? 'resident_id';
  const cols = piiColumns(idType, input.idNumber, input.phone);
  await repo.lockIdNumber(tx, cols.idNumberHash!);
  const existing = await repo.findByIdHash(tx, idType, cols.idNumberHash!);
  if (existing) {
    return { person: existing, isNew: false };
  }
  const org = await orgs.getOrg(tx, input.orgId);
  const { derivedBirthDate, derivedGender, ...piiCols } = cols;
  const row = await repo.insertPerson(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    orgId: org.id,
    name: input.name,
    namePinyin: toPinyinKey(input.name, { personName: true }),
    idType,
    gender: derivedGender ?? null,
    birthDate: derivedBirthDate ?? null,
    address: input.address ?? null,
    ...piiCols,
  });
  await recordAudit(tx, ctx, {
    action: 'person.registered',
    entityType: 'person',
    entityId: row.id,
    orgId: org.id,
    regionId: row.regionId,
    after: toPersonView(row, org.name),
  });
  return { person: row, isNew: true };
}

/** The person holding this ID number, if any (by blind index; throws INVALID_ID_NUMBER for a bad number). */
export async function findPersonByIdNumber(
  db: Db,
  idNumber: string,
  idType: IdType = 'resident_id',
): Promise<repo.PersonRow | undefined> {
  const cols = piiColumns(idType, idNumber, undefined);
  return repo.findByIdHash(db, idType, cols.idNumberHash!);
}

/** A person record by id, unscoped (the calling module checks scope on its own record). */
export const findPersonRow = repo.findPersonById;

export const peopleRepo = { insertPeople: repo.insertPeople };

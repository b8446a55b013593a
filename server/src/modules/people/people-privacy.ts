// Personal-data requests (PIPL Art. 44–47): every module's declaration in one registry, a person's copy across
// modules, and erasure — previewed, refused while legal holds apply, then run in one transaction with its audit row.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { auditPrivacy } from '../../platform/audit/audit.privacy';
import { recordAudit } from '../../platform/audit/audit.service';
import { authPrivacy } from '../../platform/auth/auth.privacy';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { filesPrivacy } from '../../platform/files/files.privacy';
import type { Ctx } from '../../platform/http/context';
import { maskIdNumber, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { jobsPrivacy } from '../../platform/jobs/jobs.privacy';
import { notifyPrivacy } from '../../platform/notify/notify.privacy';
import { pii } from '../../platform/pii';
import { piiRotationPrivacy } from '../../platform/pii-rotation.privacy';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import { aedPrivacy } from '../aed/aed.privacy';
import { donationsPrivacy } from '../donations/donations.privacy';
import { goodsPrivacy } from '../goods/goods.privacy';
import { grievancesPrivacy } from '../grievances/grievances.privacy';
import { kpiPrivacy } from '../kpi/kpi.privacy';
import { ledgerPrivacy } from '../ledger/ledger.privacy';
import { membersPrivacy } from '../members/members.privacy';
import { mutualaidPrivacy } from '../mutualaid/mutualaid.privacy';
import { orgsPrivacy } from '../orgs/orgs.privacy';
import * as orgs from '../orgs/orgs.service';
import { receiptsPrivacy } from '../receipts/receipts.privacy';
import { registryPrivacy } from '../registry/registry.privacy';
import { reliefPrivacy } from '../relief/relief.privacy';
import { rescuePrivacy } from '../rescue/rescue.privacy';
import { responsePrivacy } from '../response/response.privacy';
import { loadCalendar } from '../services/catalogue';
import { servicesPrivacy } from '../services/services.privacy';
import { addWorkingDays } from '../services/working-days';
import { trainingPrivacy } from '../training/training.privacy';
import { volunteersPrivacy } from '../volunteers/volunteers.privacy';
import { peoplePrivacy } from './people.privacy';
import { normaliseIdNumber } from './people.service';
import * as repo from './people-privacy.repo';
import type {
  CreatePrivacyRequest,
  ErasurePlan,
  PersonalDataExport,
  PrivacyRequestQuery,
  PrivacyRequestView,
} from './people-privacy.schemas';
import { type Hold, type PrivacyDeclaration, type SubjectKeys, type TableRule, tableName } from './privacy-declaration';

/**
 * Every module's declaration. Order matters for erasure: within a module, child tables come before their parents
 * (their `via` conditions read the parent); the people record goes last but one so other modules still find it.
 */
export const privacyDeclarations: readonly PrivacyDeclaration[] = [
  registryPrivacy,
  responsePrivacy,
  membersPrivacy,
  volunteersPrivacy,
  trainingPrivacy,
  reliefPrivacy,
  mutualaidPrivacy,
  grievancesPrivacy,
  rescuePrivacy,
  servicesPrivacy,
  donationsPrivacy,
  receiptsPrivacy,
  aedPrivacy,
  goodsPrivacy,
  orgsPrivacy,
  ledgerPrivacy,
  kpiPrivacy,
  auditPrivacy,
  filesPrivacy,
  jobsPrivacy,
  notifyPrivacy,
  piiRotationPrivacy,
  authPrivacy,
  peoplePrivacy,
];

/**
 * The working days a request must be answered in: PIPL Art. 50 says "promptly"; the regulators' practice for apps
 * (App违法违规收集使用个人信息行为认定方法, 2019) is at most 15 working days for deletion and correction.
 */
export const responseWorkingDays = 15;

function rules(): { module: string; rule: TableRule }[] {
  return privacyDeclarations.flatMap((d) => d.tables.map((rule) => ({ module: d.module, rule })));
}

const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * Everything that identifies the person, one hop out: people rows found by id or blind index add their own ID and
 * phone indexes; phone indexes find public accounts (phone sign-in) and accounts add their phone.
 */
export async function resolveSubject(
  db: Db,
  seed: Partial<SubjectKeys>,
): Promise<SubjectKeys & { people: repo.PersonRef[] }> {
  const byId = await Promise.all((seed.personIds ?? []).map((id) => repo.findPerson(db, id)));
  const accounts0 = await repo.findAccounts(db, [], seed.accountIds ?? []);
  const phone0 = uniq([...(seed.phoneHashes ?? []), ...accounts0.map((a) => a.phoneHash)]);
  const byHash = await repo.findPeopleByHashes(db, uniq(seed.idHashes ?? []), phone0);
  const found = [...byId.filter((p) => p !== undefined), ...byHash];
  const people = [...new Map(found.map((p) => [p.id, p])).values()];
  const phoneHashes = uniq([...phone0, ...people.map((p) => p.phoneHash)]);
  const accounts = await repo.findAccounts(db, phoneHashes, seed.accountIds ?? []);
  return {
    people,
    personIds: people.map((p) => p.id),
    idHashes: uniq([...(seed.idHashes ?? []), ...people.map((p) => p.idNumberHash)]),
    phoneHashes,
    accountIds: uniq(accounts.map((a) => a.id)),
  };
}

/** A row as the person sees it in their copy: encrypted columns decrypted, blind indexes and secrets left out. */
export function exportRow(
  row: Record<string, unknown>,
  omit: readonly string[] = [],
  opts: { idNumbers: boolean } = { idNumbers: true },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key) || /Hash$/.test(key) || /SaltEnc$|^saltEnc$/.test(key)) {
      continue;
    }
    if (!opts.idNumbers && /^(idNumber|payerId)Enc$/.test(key)) {
      continue;
    }
    if (key.endsWith('Enc')) {
      out[key.slice(0, -3)] = typeof value === 'string' && /^v[12]\./.test(value) ? pii().decrypt(value) : null;
    } else {
      out[key] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return out;
}

/** The person's copy across every declared table (Art. 45). */
export async function collectExport(
  db: Db,
  keys: SubjectKeys,
  opts: { idNumbers: boolean } = { idNumbers: true },
): Promise<PersonalDataExport> {
  const sections: PersonalDataExport['sections'] = [];
  for (const { module, rule } of rules()) {
    const where = repo.subjectCondition(rule, keys);
    if (!where) {
      continue;
    }
    const rows = await repo.selectRows(db, rule.table, where);
    if (rows.length > 0) {
      sections.push({
        module,
        table: tableName(rule.table),
        label: rule.label,
        onErasure: rule.erase.action,
        rows: rows.map((r) => exportRow(r, rule.exportOmit, opts)),
      });
    }
  }
  return { generatedAt: new Date().toISOString(), sections };
}

/** The column values anonymisation writes, from a rule's declaration. */
export function anonymisedValues(rule: TableRule, pseudonym: string): Record<string, unknown> {
  const e = rule.erase;
  if (e.action !== 'anonymise') {
    return {};
  }
  const set: Record<string, unknown> = {};
  for (const p of e.pseudonym ?? []) {
    set[p] = pseudonym;
  }
  for (const p of e.clear ?? []) {
    set[p] = null;
  }
  for (const p of e.blank ?? []) {
    // A NOT NULL encrypted column gets an encrypted empty value, so readers that decrypt it still work.
    set[p] = p.endsWith('Enc') && !/SaltEnc$/.test(p) ? pii().encrypt('') : '';
  }
  Object.assign(set, e.fixed ?? {});
  return set;
}

async function holdsFor(db: Db, keys: SubjectKeys): Promise<Hold[]> {
  const all = await Promise.all(privacyDeclarations.map((d) => d.holds?.(db, keys) ?? Promise.resolve([])));
  return all.flat();
}

// ------------------------------------------------------------------------------------------------ requests

function toView(r: repo.PrivacyRequestRow): PrivacyRequestView {
  return {
    id: r.id,
    requestNo: r.requestNo,
    kind: r.kind as PrivacyRequestView['kind'],
    status: r.status as PrivacyRequestView['status'],
    channel: r.channel as PrivacyRequestView['channel'],
    orgId: r.orgId,
    subjectMasked: r.subjectMasked,
    receivedOn: r.receivedOn,
    dueOn: r.dueOn,
    isOverdue: r.status === 'open' && toChinaDate() > r.dueOn,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    outcome: r.outcome ?? null,
  };
}

async function dueOn(db: Db, receivedOn: string): Promise<string> {
  return addWorkingDays(receivedOn, responseWorkingDays, await loadCalendar(db));
}

function requestNo(): string {
  return `PR${toChinaDate().replaceAll('-', '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
}

/** Records a copy or erasure request received by a unit (in person, by letter, by phone). */
export async function createRequest(db: Db, ctx: Ctx, input: CreatePrivacyRequest): Promise<PrivacyRequestView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'privacy:manage', org.path);
  let idHash: string | null = null;
  let phoneHash: string | null = null;
  const masked: string[] = [];
  if (input.idNumber) {
    const id = normaliseIdNumber(input.idType, input.idNumber);
    idHash = pii().blindIndex('id', `${input.idType}:${id.value}`);
    masked.push(maskIdNumber(id.value));
  }
  if (input.phone) {
    const phone = normalizePhone(input.phone);
    if (!phone.ok) {
      throw new AppError('INVALID_PHONE', { field: 'phone' });
    }
    phoneHash = pii().blindIndex('phone', phone.value);
    masked.push(maskPhone(phone.value));
  }
  const receivedOn = input.receivedOn ?? toChinaDate();
  if (receivedOn > toChinaDate()) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'receivedOn', message: 'in the future' }] });
  }
  const due = await dueOn(db, receivedOn);
  return db.transaction(async (tx) => {
    return openRequest(tx, ctx, org, {
      kind: input.kind,
      channel: 'staff',
      subjectIdHash: idHash,
      subjectPhoneHash: phoneHash,
      subjectMasked: masked.join(' / '),
      receivedOn,
      dueOn: due,
      note: input.note ?? null,
    });
  });
}

/** Inserts an open request with its audit record (inside the caller's transaction). */
async function openRequest(
  tx: Db,
  ctx: Ctx,
  org: Pick<Awaited<ReturnType<typeof orgs.getOrg>>, 'id' | 'regionId'>,
  fields: Pick<
    repo.NewPrivacyRequest,
    | 'kind'
    | 'channel'
    | 'subjectIdHash'
    | 'subjectPhoneHash'
    | 'subjectMasked'
    | 'publicAccountId'
    | 'receivedOn'
    | 'dueOn'
    | 'note'
  >,
): Promise<PrivacyRequestView> {
  const row = await repo.insertRequest(tx, {
    ...fields,
    id: crypto.randomUUID(),
    requestNo: requestNo(),
    status: 'open',
    orgId: org.id,
    createdBy: actorLabel(ctx.actor),
  });
  await recordAudit(tx, ctx, {
    action: 'privacy.request_recorded',
    entityType: 'privacy_request',
    entityId: row.id,
    orgId: org.id,
    regionId: org.regionId,
    after: toView(row),
  });
  return toView(row);
}

async function getRequestInScope(db: Db, ctx: Ctx, id: string, lock = false) {
  const row = await repo.findRequest(db, id, lock);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'privacy_request', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, 'privacy:manage', org.path);
  return { row, org };
}

/**
 * A request of this kind (404/403 as for viewing it), the person it names found by its ID-number and phone indexes,
 * and every people row of that person inside the caller's privacy scope. An erasure must still be open.
 */
async function subjectOfRequest(tx: Db, ctx: Ctx, id: string, kind: 'export' | 'erase', lock: boolean) {
  const { row, org } = await getRequestInScope(tx, ctx, id, lock);
  if (row.kind !== kind) {
    throw new AppError('PRIVACY_REQUEST_KIND', { kind: row.kind });
  }
  if (kind === 'erase' && row.status !== 'open') {
    throw new AppError('PRIVACY_REQUEST_CLOSED', { status: row.status });
  }
  const keys = await resolveSubject(tx, {
    idHashes: uniq([row.subjectIdHash]),
    phoneHashes: uniq([row.subjectPhoneHash]),
  });
  await assertPeopleInScope(tx, ctx, keys.people);
  return { row, org, keys };
}

export async function viewRequest(db: Db, ctx: Ctx, id: string): Promise<PrivacyRequestView> {
  return toView((await getRequestInScope(db, ctx, id)).row);
}

export async function listRequests(db: Db, ctx: Ctx, q: PrivacyRequestQuery) {
  const scope = orgs.orgScopeCondition(repo.requestColumns.orgId, ctx, 'privacy:manage');
  const where = q.status ? repo.and(scope, repo.eqStatus(q.status)) : scope;
  return { items: (await repo.listRequests(db, where, q.limit)).map(toView) };
}

async function assertPeopleInScope(db: Db, ctx: Ctx, people: repo.PersonRef[]) {
  for (const p of people) {
    assertCanAt(ctx.actor, 'privacy:manage', (await orgs.getOrg(db, p.orgId)).path);
  }
}

/** The copy for a request (by the ID number or phone it names); closes an export request. Audited as PII access. */
export async function exportForRequest(db: Db, ctx: Ctx, id: string): Promise<PersonalDataExport> {
  return db.transaction(async (tx) => {
    const { row, org, keys } = await subjectOfRequest(tx, ctx, id, 'export', true);
    const copy = await collectExport(tx, keys);
    const outcome = { sections: copy.sections.map((s) => ({ table: s.table, rows: s.rows.length })) };
    if (row.status === 'open') {
      await repo.completeRequest(tx, row.id, {
        status: 'completed',
        completedBy: actorLabel(ctx.actor),
        completedAt: new Date(),
        outcome,
      });
    }
    await recordAudit(tx, ctx, {
      action: 'privacy.exported',
      entityType: 'privacy_request',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: outcome,
      reason: `personal-data copy for request ${row.requestNo} (PIPL Art. 45)`,
    });
    return copy;
  });
}

/** The copy of one person's data, by their people record (staff). Audited as PII access. */
export async function exportPerson(db: Db, ctx: Ctx, personId: string): Promise<PersonalDataExport> {
  const person = await repo.findPerson(db, personId);
  if (!person) {
    throw new AppError('NOT_FOUND', { entity: 'person', id: personId });
  }
  const org = await orgs.getOrg(db, person.orgId);
  assertCanAt(ctx.actor, 'privacy:manage', org.path);
  const keys = await resolveSubject(db, { personIds: [personId] });
  const copy = await collectExport(db, keys);
  await recordAudit(db, ctx, {
    action: 'privacy.exported',
    entityType: 'person',
    entityId: personId,
    orgId: org.id,
    regionId: person.regionId,
    after: { sections: copy.sections.map((s) => ({ table: s.table, rows: s.rows.length })) },
    reason: 'personal-data copy (PIPL Art. 45)',
  });
  return copy;
}

/**
 * Previews (dryRun) or runs an erasure request. The run is one transaction: the request row is locked, holds are
 * checked again (PRIVACY_LEGAL_HOLD, nothing changed), every declared table is deleted / anonymised / left as
 * declared, the request is closed with the counts and one audit row records it.
 */
export async function eraseForRequest(db: Db, ctx: Ctx, id: string, dryRun: boolean): Promise<ErasurePlan> {
  const run = async (tx: Db): Promise<ErasurePlan> => {
    const { row, org, keys } = await subjectOfRequest(tx, ctx, id, 'erase', !dryRun);
    const holds = await holdsFor(tx, keys);
    const tables: ErasurePlan['tables'] = [];
    for (const { module, rule } of rules()) {
      const where = repo.subjectCondition(rule, keys);
      const rows = where ? await repo.countRows(tx, rule.table, where) : 0;
      if (rows > 0) {
        tables.push({
          module,
          table: tableName(rule.table),
          label: rule.label,
          action: rule.erase.action,
          rows,
          why: rule.erase.why,
        });
      }
    }
    if (dryRun) {
      return { requestId: row.id, executed: false, holds, tables };
    }
    if (holds.length > 0) {
      throw new AppError('PRIVACY_LEGAL_HOLD', { holds });
    }
    const pseudonym = `已删除${row.requestNo}`;
    const done: ErasurePlan['tables'] = [];
    for (const { module, rule } of rules()) {
      const where = repo.subjectCondition(rule, keys);
      if (!where || rule.erase.action === 'retain') {
        continue;
      }
      const rows =
        rule.erase.action === 'delete'
          ? await repo.deleteRows(tx, rule.table, where)
          : await repo.updateRows(tx, rule.table, where, anonymisedValues(rule, pseudonym));
      if (rows > 0) {
        done.push({
          module,
          table: tableName(rule.table),
          label: rule.label,
          action: rule.erase.action,
          rows,
          why: rule.erase.why,
        });
      }
    }
    for (const t of tables.filter((t) => t.action === 'retain')) {
      done.push(t);
    }
    const outcome = { pseudonym, tables: done.map((t) => ({ table: t.table, action: t.action, rows: t.rows })) };
    await repo.completeRequest(tx, row.id, {
      status: 'completed',
      completedBy: actorLabel(ctx.actor),
      completedAt: new Date(),
      outcome,
    });
    await recordAudit(tx, ctx, {
      action: 'privacy.erased',
      entityType: 'privacy_request',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { ...outcome, personIds: keys.personIds },
      reason: `erasure request ${row.requestNo} (PIPL Art. 47)`,
    });
    return { requestId: row.id, executed: true, holds: [], tables: done };
  };
  return dryRun ? run(db) : db.transaction(run);
}

// ------------------------------------------------------------------------------------------------ self-service

function publicAccountOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'signed-in public account only' });
  }
  return ctx.actor.accountId;
}

/**
 * The signed-in person's own copy, found by their account and its phone. A phone code proves the phone, not the
 * identity card: full ID numbers stay masked here (a phone shared in a family must not reveal another member's ID
 * number); the full copy is given by staff after checking the ID card.
 */
export async function exportOwnData(db: Db, ctx: Ctx): Promise<PersonalDataExport> {
  const accountId = publicAccountOf(ctx);
  const keys = await resolveSubject(db, { accountIds: [accountId] });
  const copy = await collectExport(db, keys, { idNumbers: false });
  await recordAudit(db, ctx, {
    action: 'privacy.self_exported',
    entityType: 'public_account',
    entityId: accountId,
    after: { sections: copy.sections.map((s) => ({ table: s.table, rows: s.rows.length })) },
  });
  return copy;
}

/** A signed-in person asks for erasure: a request for staff of their unit (or the top unit when none is known). */
export async function requestOwnErasure(db: Db, ctx: Ctx, note: string | undefined): Promise<PrivacyRequestView> {
  const accountId = publicAccountOf(ctx);
  const [account] = await repo.findAccounts(db, [], [accountId]);
  if (!account) {
    throw new AppError('NOT_FOUND', { entity: 'public_account', id: accountId });
  }
  const keys = await resolveSubject(db, { accountIds: [accountId] });
  const orgId = keys.people[0]?.orgId ?? (await repo.topOrgId(db));
  if (orgId === undefined) {
    throw new AppError('NOT_FOUND', { entity: 'org' });
  }
  const org = await orgs.getOrg(db, orgId);
  const receivedOn = toChinaDate();
  const due = await dueOn(db, receivedOn);
  return db.transaction(async (tx) => {
    const open = await repo.findOpenSelfRequest(tx, accountId);
    if (open) {
      throw new AppError('PRIVACY_REQUEST_OPEN', { requestNo: open.requestNo });
    }
    return openRequest(tx, ctx, org, {
      kind: 'erase',
      channel: 'self_service',
      subjectIdHash: null,
      subjectPhoneHash: account.phoneHash,
      subjectMasked: ctx.actor.kind === 'public' ? ctx.actor.phoneMasked : '',
      publicAccountId: accountId,
      receivedOn,
      dueOn: due,
      note: note ?? null,
    });
  });
}

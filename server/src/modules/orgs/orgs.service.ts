// The org tree's rules: where a unit may sit, codes, subtree moves, deactivation; the module's API for other modules.
import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { enqueueJob } from '../../platform/jobs/jobs.service';
import { toPinyinKey } from '../../platform/pinyin';
import { actorLabel, assertCanAt, canAt, scopePaths } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as repo from './orgs.repo';
import {
  allowedParents,
  type CreateOrg,
  type MergeOrg,
  type MergeResult,
  type OrgHistory,
  type OrgListQuery,
  type OrgType,
  type OrgView,
  type SuccessionView,
  type UpdateOrg,
} from './orgs.schemas';

export type { OrgRow } from './orgs.repo';

export { allowedParents } from './orgs.schemas';

/** GB/T 2260-style code shapes for administrative units; other units may carry any 6–18 character code. */
const codeShapes: Partial<Record<OrgType, RegExp>> = {
  province: /^[1-9]\d0000$/,
  city: /^[1-9]\d(?!00)\d\d00$/,
  county: /^[1-9]\d{3}(?!00)\d\d$/,
  township: /^\d{9}$/,
  village: /^\d{12}$/,
};

export function toOrgView(row: repo.OrgRow & { childCount?: number }): OrgView {
  return {
    id: row.id,
    name: row.name,
    type: row.type as OrgType,
    code: row.code,
    parentId: row.parentId,
    path: row.path,
    depth: row.depth,
    regionId: row.regionId,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    isActive: row.isActive,
    childCount: row.childCount ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Returns the unit or throws NOT_FOUND. */
export async function getOrg(db: Db, id: number): Promise<repo.OrgRow> {
  const row = await repo.findOrgById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'org', id });
  }
  return row;
}

export const findOrgById = repo.findOrgById;
export const findOrgsByIds = repo.findOrgsByIds;
export const findOrgByCode = repo.findOrgByCode;
export const countOrgs = repo.countOrgs;
export const listRootUnits = repo.listRootRows;
/** The direct children of a unit, inactive ones included (figures of a merged unit stay visible). */
export const listAllChildUnits = repo.listAllChildRows;
export const countChildrenByParent = repo.countChildrenByParent;
export const listSubtreeUnitsOfType = repo.listSubtreeOfType;

/** SQL condition other modules use to scope rows by their org column to the actor's subtrees. */
export function orgScopeCondition(column: SQLWrapper, ctx: Ctx, permission: Permission): SQL {
  return repo.orgInSubtrees(column, scopePaths(ctx.actor, permission));
}

/** SQL condition: `column` (an org id) lies under the unit at `path`. */
export function orgUnderCondition(column: SQLWrapper, path: string): SQL {
  return repo.orgInSubtrees(column, [path]);
}

/** The region (city-level branch, or the province for province-level units) a unit under `parent` belongs to. */
function regionFor(type: OrgType, id: number, parent: repo.OrgRow | undefined): number {
  if (type === 'province' || type === 'city' || !parent) {
    return id;
  }
  return parent.regionId;
}

function checkPlacement(type: OrgType, code: string | null | undefined, parent: repo.OrgRow | undefined): void {
  if (!parent) {
    if (type !== 'province') {
      throw new AppError('ORG_PARENT_TYPE', { type, parentType: null });
    }
  } else {
    if (!allowedParents[type].includes(parent.type as OrgType)) {
      throw new AppError('ORG_PARENT_TYPE', { type, parentType: parent.type });
    }
    if (!parent.isActive) {
      throw new AppError('ORG_INACTIVE_PARENT', { parentId: parent.id });
    }
  }
  checkCode(type, code, parent);
}

function checkCode(type: OrgType, code: string | null | undefined, parent: repo.OrgRow | undefined): void {
  const shape = codeShapes[type];
  if (type === 'province' || type === 'city' || type === 'county') {
    if (!code) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'body.code', message: 'branches need a GB/T 2260 code' }],
      });
    }
  }
  if (!code || !shape) {
    return;
  }
  if (!shape.test(code)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.code', message: `not a valid ${type} code` }] });
  }
  // GB/T 2260: a city's code starts with its province's 2 digits, a county's with its city's 4, and so on.
  const prefixLength: Partial<Record<OrgType, number>> = {
    city: 2,
    county: parent?.type === 'city' ? 4 : 2,
    township: 6,
    village: 9,
  };
  const n = prefixLength[type];
  if (n && parent?.code && /^\d+$/.test(parent.code) && parent.code.slice(0, n) !== code.slice(0, n)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.code', message: `code must start with the parent's ${parent.code.slice(0, n)}` }],
    });
  }
}

async function assertCodeFree(db: Db, code: string | null | undefined, exceptId?: number): Promise<void> {
  if (!code) {
    return;
  }
  const existing = await repo.findOrgByCode(db, code);
  if (existing && existing.id !== exceptId) {
    throw new AppError('ORG_CODE_TAKEN', { code, existingId: existing.id, existingName: existing.name });
  }
}

/**
 * Creates a unit under a parent the actor manages (a province only with system-wide scope).
 * Throws ORG_PARENT_TYPE, ORG_INACTIVE_PARENT, ORG_CODE_TAKEN, OUT_OF_SCOPE.
 */
export async function createOrg(db: Db, ctx: Ctx, input: CreateOrg): Promise<OrgView> {
  return db.transaction(async (tx) => {
    const parent = input.parentId ? await getOrg(tx, input.parentId) : undefined;
    if (parent) {
      assertCanAt(ctx.actor, 'orgs:manage', parent.path);
    } else if (scopePaths(ctx.actor, 'orgs:manage') !== null) {
      // Only the system (seed, CLI) creates new roots.
      throw new AppError('OUT_OF_SCOPE', { permission: 'orgs:manage' });
    }
    checkPlacement(input.type, input.code, parent);
    await assertCodeFree(tx, input.code);
    const id = await repo.nextOrgId(tx);
    const row = await repo.insertOrg(tx, {
      id,
      name: input.name,
      namePinyin: toPinyinKey(input.name),
      type: input.type,
      code: input.code ?? null,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? ''}${id}.`,
      depth: (parent?.depth ?? -1) + 1,
      regionId: regionFor(input.type, id, parent),
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      address: input.address ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
    });
    if (row.code) {
      await repo.insertCodeHistory(tx, { orgId: row.id, code: row.code, name: row.name, validFrom: today() });
    }
    await recordAudit(tx, ctx, {
      action: 'org.created',
      entityType: 'org',
      entityId: row.id,
      orgId: row.id,
      regionId: row.regionId,
      after: row,
    });
    return toOrgView(row);
  });
}

function today(): string {
  return toChinaDate();
}

/** Renames a unit, changes its code (the old code is kept with its end date) or its contact details. */
export async function updateOrg(db: Db, ctx: Ctx, id: number, patch: UpdateOrg): Promise<OrgView> {
  return db.transaction(async (tx) => {
    const before = await getOrg(tx, id);
    assertCanAt(ctx.actor, 'orgs:manage', before.path);
    const parent = before.parentId ? await repo.findOrgById(tx, before.parentId) : undefined;
    const codeChanged = patch.code !== undefined && (patch.code ?? null) !== before.code;
    if (codeChanged) {
      checkCode(before.type as OrgType, patch.code, parent);
      await assertCodeFree(tx, patch.code, id);
    }
    const next: Partial<repo.OrgInsert> = {};
    if (patch.name !== undefined) {
      next.name = patch.name;
      next.namePinyin = toPinyinKey(patch.name);
    }
    if (codeChanged) {
      next.code = patch.code ?? null;
    }
    for (const key of ['contactName', 'contactPhone', 'address', 'lat', 'lng'] as const) {
      if (patch[key] !== undefined) {
        (next as Record<string, unknown>)[key] = patch[key] ?? null;
      }
    }
    const after = await repo.updateOrg(tx, id, next);
    if (codeChanged || (patch.name !== undefined && patch.name !== before.name && after.code)) {
      await closeCodeHistory(tx, before);
      if (after.code) {
        await repo.insertCodeHistory(tx, { orgId: id, code: after.code, name: after.name, validFrom: today() });
      }
    }
    await recordAudit(tx, ctx, {
      action: patch.name !== undefined && patch.name !== before.name ? 'org.renamed' : 'org.updated',
      entityType: 'org',
      entityId: id,
      orgId: id,
      regionId: after.regionId,
      before,
      after,
    });
    return toOrgView({ ...after, childCount: await repo.countChildren(tx, id, true) });
  });
}

async function closeCodeHistory(db: Db, before: repo.OrgRow): Promise<void> {
  const closed = await repo.closeCodeHistory(db, before.id, today());
  if (closed === 0 && before.code) {
    // Units created before history was kept: record the span that just ended.
    await repo.insertCodeHistory(db, { orgId: before.id, code: before.code, name: before.name, validTo: today() });
  }
}

/**
 * Moves a unit and its whole subtree under a new parent; paths, depths and regions follow.
 * Needs orgs:manage on both the unit and the new parent. Throws ORG_CYCLE, ORG_PARENT_TYPE, ORG_ROOT_LOCKED.
 */
export async function moveOrg(db: Db, ctx: Ctx, id: number, newParentId: number): Promise<OrgView> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, id);
    const newParent = await getOrg(tx, newParentId);
    assertCanAt(ctx.actor, 'orgs:manage', org.path);
    assertCanAt(ctx.actor, 'orgs:manage', newParent.path);
    if (!org.parentId) {
      throw new AppError('ORG_ROOT_LOCKED', { id });
    }
    if (newParent.path.startsWith(org.path)) {
      throw new AppError('ORG_CYCLE', { id, parentId: newParentId });
    }
    if (!allowedParents[org.type as OrgType].includes(newParent.type as OrgType)) {
      throw new AppError('ORG_PARENT_TYPE', { type: org.type, parentType: newParent.type });
    }
    if (!newParent.isActive) {
      throw new AppError('ORG_INACTIVE_PARENT', { parentId: newParentId });
    }
    if (org.parentId === newParentId) {
      return toOrgView({ ...org, childCount: await repo.countChildren(tx, id, true) });
    }
    const newPath = `${newParent.path}${id}.`;
    await repo.rewriteSubtree(tx, org.path, newPath, newParent.depth + 1 - org.depth);
    await reassignRegions(tx, id, newParent);
    const after = await getOrg(tx, id);
    await recordAudit(tx, ctx, {
      action: 'org.moved',
      entityType: 'org',
      entityId: id,
      orgId: id,
      regionId: after.regionId,
      before: { parentId: org.parentId, path: org.path, regionId: org.regionId },
      after: { parentId: newParentId, path: after.path, regionId: after.regionId },
    });
    return toOrgView({ ...after, childCount: await repo.countChildren(tx, id, true) });
  });
}

async function reassignRegions(db: Db, rootId: number, newParent: repo.OrgRow): Promise<void> {
  const root = await getOrg(db, rootId);
  await repo.updateOrg(db, rootId, { parentId: newParent.id });
  const subtree = await repo.listSubtree(db, root.path);
  const regionOf = new Map<number, number>();
  const byRegion = new Map<number, number[]>();
  for (const node of subtree) {
    const parentRegion = node.id === rootId ? newParent.regionId : regionOf.get(node.parentId ?? -1);
    const region = node.type === 'province' || node.type === 'city' ? node.id : (parentRegion ?? node.regionId);
    regionOf.set(node.id, region);
    if (region !== node.regionId) {
      byRegion.set(region, [...(byRegion.get(region) ?? []), node.id]);
    }
  }
  for (const [region, ids] of byRegion) {
    await repo.setRegion(db, ids, region);
  }
}

/** Deactivates a unit; units are never deleted because records refer to them. Throws ORG_HAS_ACTIVE_CHILDREN. */
export async function setOrgActive(db: Db, ctx: Ctx, id: number, isActive: boolean): Promise<OrgView> {
  return db.transaction(async (tx) => {
    const before = await getOrg(tx, id);
    assertCanAt(ctx.actor, 'orgs:manage', before.path);
    if (!isActive && (await repo.countChildren(tx, id, true)) > 0) {
      throw new AppError('ORG_HAS_ACTIVE_CHILDREN', { id });
    }
    if (isActive && before.parentId) {
      const parent = await getOrg(tx, before.parentId);
      if (!parent.isActive) {
        throw new AppError('ORG_INACTIVE_PARENT', { parentId: parent.id });
      }
    }
    const after = await repo.updateOrg(tx, id, { isActive });
    await recordAudit(tx, ctx, {
      action: isActive ? 'org.reactivated' : 'org.deactivated',
      entityType: 'org',
      entityId: id,
      orgId: id,
      regionId: after.regionId,
      before: { isActive: before.isActive },
      after: { isActive },
    });
    return toOrgView({ ...after, childCount: await repo.countChildren(tx, id, true) });
  });
}

/** Reads one unit inside the actor's orgs:view scope. */
export async function viewOrg(db: Db, ctx: Ctx, id: number): Promise<OrgView> {
  const row = await getOrg(db, id);
  assertCanAt(ctx.actor, 'orgs:view', row.path);
  return toOrgView({ ...row, childCount: await repo.countChildren(db, id, true) });
}

export async function listOrgs(db: Db, ctx: Ctx, q: OrgListQuery) {
  let underPath: string | undefined;
  if (q.under) {
    underPath = (await getOrg(db, q.under)).path;
  }
  const { rows, total } = await repo.listOrgs(db, {
    scope: scopePaths(ctx.actor, 'orgs:view'),
    q: q.q,
    type: q.type,
    parentId: q.parentId,
    underPath,
    includeInactive: q.includeInactive === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(toOrgView), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Children of a unit for the lazy tree; without a parent, the roots of the actor's scope
 * (the units their grants sit on, or the provinces for system-wide scope).
 */
export async function listOrgChildren(
  db: Db,
  ctx: Ctx,
  parentId: number | undefined,
  includeInactive: boolean,
): Promise<OrgView[]> {
  const scope = scopePaths(ctx.actor, 'orgs:view');
  if (parentId !== undefined) {
    const parent = await getOrg(db, parentId);
    if (!canAt(ctx.actor, 'orgs:view', parent.path)) {
      throw new AppError('OUT_OF_SCOPE', { permission: 'orgs:view' });
    }
    return (await repo.listChildren(db, parentId, null, includeInactive)).map(toOrgView);
  }
  if (scope === null) {
    return (await repo.listChildren(db, null, null, includeInactive)).filter((o) => o.parentId === null).map(toOrgView);
  }
  const rootIds = scope.map((p) => Number(p.split('.').at(-2)));
  const roots = await repo.findOrgsByIds(db, rootIds);
  const withCounts = await Promise.all(
    roots.map(async (r) => ({ ...r, childCount: await repo.countChildren(db, r.id, !includeInactive) })),
  );
  return withCounts.sort((a, b) => a.path.localeCompare(b.path)).map(toOrgView);
}

/** The chain from the root to the unit, for breadcrumbs. */
export async function listAncestors(db: Db, ctx: Ctx, id: number) {
  const org = await getOrg(db, id);
  assertCanAt(ctx.actor, 'orgs:view', org.path);
  const ids = org.path.split('.').filter(Boolean).map(Number);
  const rows = await repo.findOrgsByIds(db, ids);
  return ids
    .map((i) => rows.find((r) => r.id === i)!)
    .map((r) => ({ id: r.id, name: r.name, type: r.type as OrgType }));
}

// ------------------------------------------------------------------------------------------------ merges

async function toSuccessionView(db: Db, row: repo.SuccessionRow): Promise<SuccessionView> {
  const units = await repo.findOrgsByIds(db, [row.predecessorId, row.successorId]);
  const name = (id: number) => units.find((u) => u.id === id)?.name ?? '';
  return {
    id: row.id,
    predecessorId: row.predecessorId,
    predecessorName: name(row.predecessorId),
    successorId: row.successorId,
    successorName: name(row.successorId),
    effectiveOn: row.effectiveOn,
    kind: 'merge',
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Merges a unit into another of the same type (two townships become one) from `effectiveDate`: the unit is
 * deactivated (its code history closes that day), its active children move under the successor, and the succession
 * is recorded so the successor's series can be compared across the change. The unit's own records keep its id, so its
 * past figures stay its own. Needs orgs:manage on both units. Throws ORG_MERGE_SELF, ORG_MERGE_TYPE_MISMATCH,
 * ORG_MERGE_FUTURE, ORG_MERGE_INACTIVE, ORG_MERGE_INSIDE, ORG_ROOT_LOCKED; nothing is written when refused.
 */
export async function mergeOrg(db: Db, ctx: Ctx, id: number, input: MergeOrg): Promise<MergeResult> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, id);
    const into = await getOrg(tx, input.intoOrgId);
    assertCanAt(ctx.actor, 'orgs:manage', org.path);
    assertCanAt(ctx.actor, 'orgs:manage', into.path);
    if (org.id === into.id) {
      throw new AppError('ORG_MERGE_SELF', { id });
    }
    if (!org.parentId) {
      throw new AppError('ORG_ROOT_LOCKED', { id });
    }
    if (org.type !== into.type) {
      throw new AppError('ORG_MERGE_TYPE_MISMATCH', { type: org.type, intoType: into.type });
    }
    if (input.effectiveDate > today()) {
      throw new AppError('ORG_MERGE_FUTURE', { effectiveDate: input.effectiveDate, today: today() });
    }
    if (!org.isActive || !into.isActive) {
      throw new AppError('ORG_MERGE_INACTIVE', { id: org.isActive ? into.id : org.id });
    }
    if (into.path.startsWith(org.path)) {
      throw new AppError('ORG_MERGE_INSIDE', { id, intoOrgId: into.id });
    }
    const children = await repo.listChildRows(tx, org.id);
    for (const child of children) {
      await moveOrg(tx, ctx, child.id, into.id);
    }
    const after = await repo.updateOrg(tx, org.id, { isActive: false });
    if (org.code) {
      const closed = await repo.closeCodeHistory(tx, org.id, input.effectiveDate);
      if (closed === 0) {
        await repo.insertCodeHistory(tx, {
          orgId: org.id,
          code: org.code,
          name: org.name,
          validTo: input.effectiveDate,
        });
      }
    }
    const succession = await repo.insertSuccession(tx, {
      predecessorId: org.id,
      successorId: into.id,
      effectiveOn: input.effectiveDate,
      kind: 'merge',
      note: input.note ?? null,
      createdBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'org.merged',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      regionId: org.regionId,
      before: { isActive: true, parentId: org.parentId },
      after: {
        isActive: false,
        successorId: into.id,
        effectiveOn: input.effectiveDate,
        movedChildIds: children.map((c) => c.id),
      },
      reason: input.note ?? null,
    });
    // Children moved: the figures of the years since the merge are recomputed along the new tree.
    const fromYear = Number(input.effectiveDate.slice(0, 4));
    for (let year = fromYear; year <= Number(today().slice(0, 4)); year++) {
      await enqueueJob(tx, 'kpi.refresh-year', { year }, { singletonKey: `kpi.refresh-year:${year}` });
    }
    const successor = await getOrg(tx, into.id);
    return {
      succession: await toSuccessionView(tx, succession),
      predecessor: toOrgView({ ...after, childCount: await repo.countChildren(tx, org.id, true) }),
      successor: toOrgView({ ...successor, childCount: await repo.countChildren(tx, into.id, true) }),
      movedChildIds: children.map((c) => c.id),
    };
  });
}

/** Every unit merged into this one, directly or through units merged into those, each with its own merge date. */
export async function listPredecessors(
  db: Db,
  orgId: number,
): Promise<{ orgId: number; name: string; effectiveOn: string }[]> {
  const found: { orgId: number; name: string; effectiveOn: string }[] = [];
  const queue = [orgId];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const s of await repo.listSuccessionsInto(db, next)) {
      if (seen.has(s.predecessorId)) {
        continue;
      }
      seen.add(s.predecessorId);
      queue.push(s.predecessorId);
      const [unit] = await repo.findOrgsByIds(db, [s.predecessorId]);
      found.push({ orgId: s.predecessorId, name: unit?.name ?? '', effectiveOn: s.effectiveOn });
    }
  }
  return found;
}

/** A unit's history: the codes it has held, the units merged into it, and the unit it merged into. orgs:view. */
export async function viewOrgHistory(db: Db, ctx: Ctx, id: number): Promise<OrgHistory> {
  const org = await getOrg(db, id);
  assertCanAt(ctx.actor, 'orgs:view', org.path);
  const [codes, into, from] = await Promise.all([
    repo.listCodeHistory(db, id),
    repo.listSuccessionsInto(db, id),
    repo.findSuccessionFrom(db, id),
  ]);
  return {
    codes: codes.map((c) => ({ code: c.code, name: c.name, validFrom: c.validFrom, validTo: c.validTo })),
    predecessors: await Promise.all(into.map((s) => toSuccessionView(db, s))),
    successor: from ? await toSuccessionView(db, from) : null,
  };
}

export const orgsRepo = {
  listAllForExport: repo.listAllForExport,
  insertOrgs: repo.insertOrgs,
  nextOrgId: repo.nextOrgId,
  nextOrgIds: repo.nextOrgIds,
  findOrgsByCodes: repo.findOrgsByCodes,
};
export { checkPlacement, regionFor };

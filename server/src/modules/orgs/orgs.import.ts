// Excel import and export of units: template, all-or-nothing import with every bad row listed, progress, export.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import * as imports from '../../platform/imports/imports.service';
import { toPinyinKey } from '../../platform/pinyin';
import { canAt, scopePaths } from '../../platform/rbac/actor';
import * as repo from './orgs.repo';
import { type OrgImportView, type OrgType, orgTypeLabels, orgTypes } from './orgs.schemas';
import { allowedParents, checkPlacement, regionFor } from './orgs.service';

export const maxImportRows = 50_000;

export const importColumns: SheetColumn[] = [
  { key: 'name', header: '单位名称', width: 28, note: '必填,最多 100 字' },
  { key: 'type', header: '单位类型', width: 16, note: `必填:${orgTypes.map((t) => orgTypeLabels[t].zh).join('、')}` },
  {
    key: 'code',
    header: '单位代码',
    width: 16,
    note: '省市县红十字会必填 GB/T 2260 代码;乡镇 9 位、村 12 位统计代码;其他单位可空',
  },
  { key: 'parentCode', header: '上级单位代码', width: 16, note: '上级单位的代码(可以是本文件中其他行的代码)' },
  { key: 'parentId', header: '上级单位ID', width: 12, note: '上级单位没有代码时填写其系统 ID' },
  { key: 'contactName', header: '联系人', width: 12 },
  { key: 'contactPhone', header: '联系电话', width: 16 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'lat', header: '纬度', width: 12, note: 'WGS-84,-90 至 90' },
  { key: 'lng', header: '经度', width: 12, note: 'WGS-84,-180 至 180' },
];

export async function buildTemplate(): Promise<Buffer> {
  return writeSheet('组织机构', importColumns, [
    {
      name: '示例街道红十字会',
      type: '乡镇(街道)',
      code: '',
      parentCode: '330681',
      parentId: '',
      contactName: '张三',
      contactPhone: '0575-87000000',
      address: '浙江省诸暨市',
      lat: '29.71',
      lng: '120.24',
    },
  ]);
}

export async function exportOrgs(db: Db, ctx: Ctx, includeInactive: boolean): Promise<Buffer> {
  const rows = await repo.listAllForExport(db, scopePaths(ctx.actor, 'orgs:view'), includeInactive);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const columns: SheetColumn[] = [
    { key: 'id', header: 'ID', width: 8 },
    ...importColumns,
    { key: 'status', header: '状态', width: 8 },
  ];
  return writeSheet(
    '组织机构',
    columns,
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: orgTypeLabels[r.type as OrgType]?.zh ?? r.type,
      code: r.code ?? '',
      parentCode: r.parentId ? (byId.get(r.parentId)?.code ?? '') : '',
      parentId: r.parentId ?? '',
      contactName: r.contactName ?? '',
      contactPhone: r.contactPhone ?? '',
      address: r.address ?? '',
      lat: r.lat ?? '',
      lng: r.lng ?? '',
      status: r.isActive ? '启用' : '停用',
    })),
  );
}

type PlannedOrg = repo.OrgInsert & { id: number; path: string; rowNumber: number };

const parseType = imports.choiceParser(
  Object.fromEntries(orgTypes.map((t) => [t, [orgTypeLabels[t].zh, orgTypeLabels[t].en]])) as Record<OrgType, string[]>,
);

export function getImport(db: Db, ctx: Ctx, id: string): Promise<OrgImportView> {
  return imports.getImport(db, ctx, repo.importRecords, id);
}

/**
 * Checks every row (types, codes, parents, scope, duplicates) and refuses the whole file with every bad row listed
 * (IMPORT_ROWS_INVALID). A valid file is then imported in one transaction in the background; poll getImport.
 */
export async function startImport(db: Db, ctx: Ctx, fileName: string, buffer: Buffer): Promise<OrgImportView> {
  const { rows, errors } = await imports.readImportFile(ctx, buffer, importColumns, maxImportRows);
  const planned = await planImport(db, ctx, rows, errors);
  imports.refuseBadRows(errors);
  return imports.startImport(db, ctx, repo.importRecords, {
    fileName,
    totalRows: rows.length,
    run: async (tx, { importId, report }) => {
      for (let i = 0; i < planned.length; i += 500) {
        const batch = planned.slice(i, i + 500);
        await repo.insertOrgs(
          tx,
          batch.map(({ rowNumber: _r, ...row }) => row),
        );
        report(i + batch.length);
      }
      for (const org of planned.filter((o) => o.code)) {
        await repo.insertCodeHistory(tx, {
          orgId: org.id,
          code: org.code!,
          name: org.name,
          validFrom: toChinaDate(),
        });
      }
      await recordAudit(tx, ctx, {
        action: 'org.imported',
        entityType: 'org_import',
        entityId: importId,
        after: { count: planned.length, ids: planned.slice(0, 100).map((p) => p.id) },
      });
      return planned.length;
    },
  });
}

function parseCoordinate(text: string, min: number, max: number): number | null | 'bad' {
  if (text === '') {
    return null;
  }
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : 'bad';
}

async function planImport(
  db: Db,
  ctx: Ctx,
  rows: { rowNumber: number; values: Record<string, string> }[],
  errors: imports.RowErrors,
): Promise<PlannedOrg[]> {
  const err = errors.add;
  const fileCodes = new Map<string, number>();
  for (const { rowNumber, values } of rows) {
    if (values.code) {
      if (fileCodes.has(values.code)) {
        err(
          rowNumber,
          'code',
          'DUPLICATE_IN_FILE',
          `单位代码 ${values.code} 与第 ${fileCodes.get(values.code)} 行重复`,
          `code ${values.code} repeats row ${fileCodes.get(values.code)}`,
        );
      } else {
        fileCodes.set(values.code, rowNumber);
      }
    }
  }
  const existingByCode = new Map(
    (
      await repo.findOrgsByCodes(db, [
        ...new Set([...fileCodes.keys(), ...rows.map((r) => r.values.parentCode).filter(Boolean)]),
      ])
    ).map((o) => [o.code!, o]),
  );
  const parentIds = [
    ...new Set(rows.map((r) => Number(r.values.parentId)).filter((n) => Number.isInteger(n) && n > 0)),
  ];
  const existingById = new Map((await repo.findOrgsByIds(db, parentIds)).map((o) => [o.id, o]));

  // Rows are placed parents-first: a row may name a parent that appears later in the file.
  const pending = new Map(rows.map((r) => [r.rowNumber, r]));
  const plannedByCode = new Map<string, PlannedOrg>();
  const planned: PlannedOrg[] = [];
  const checkRow = (
    rowNumber: number,
    v: Record<string, string>,
  ): { type: OrgType; lat: number | null; lng: number | null } | undefined => {
    let ok = true;
    if (!v.name || v.name.length > 100) {
      err(rowNumber, 'name', 'REQUIRED', '单位名称必填且不超过 100 字', 'a name of at most 100 characters is required');
      ok = false;
    }
    const type = parseType(v.type);
    if (!type) {
      err(rowNumber, 'type', 'INVALID_TYPE', `未知的单位类型“${v.type}”`, `unknown unit type "${v.type}"`);
      ok = false;
    }
    if (v.code && existingByCode.has(v.code)) {
      err(
        rowNumber,
        'code',
        'ORG_CODE_TAKEN',
        `单位代码 ${v.code} 已被“${existingByCode.get(v.code)!.name}”使用`,
        `code ${v.code} is already used by ${existingByCode.get(v.code)!.name}`,
      );
      ok = false;
    }
    if (v.code && !/^[0-9A-Z]{6,18}$/.test(v.code)) {
      err(
        rowNumber,
        'code',
        'INVALID_CODE',
        '单位代码须为 6–18 位数字或大写字母',
        'a code has 6–18 digits or capital letters',
      );
      ok = false;
    }
    for (const [key, max] of [
      ['contactName', 50],
      ['contactPhone', 30],
      ['address', 200],
    ] as const) {
      if (v[key].length > max) {
        err(rowNumber, key, 'TOO_LONG', `最多 ${max} 字`, `at most ${max} characters`);
        ok = false;
      }
    }
    const lat = parseCoordinate(v.lat, -90, 90);
    const lng = parseCoordinate(v.lng, -180, 180);
    if (lat === 'bad') {
      err(rowNumber, 'lat', 'INVALID_COORDINATE', '纬度须在 -90 到 90 之间', 'latitude must be between -90 and 90');
      ok = false;
    }
    if (lng === 'bad') {
      err(
        rowNumber,
        'lng',
        'INVALID_COORDINATE',
        '经度须在 -180 到 180 之间',
        'longitude must be between -180 and 180',
      );
      ok = false;
    }
    if ((lat === null) !== (lng === null)) {
      err(
        rowNumber,
        'lat',
        'INCOMPLETE_COORDINATE',
        '经纬度须同时填写',
        'give both latitude and longitude, or neither',
      );
      ok = false;
    }
    if (!v.parentCode && !v.parentId) {
      err(
        rowNumber,
        'parentCode',
        'REQUIRED',
        '须填写上级单位代码或上级单位ID',
        'a parent code or parent ID is required',
      );
      ok = false;
    }
    return ok && type ? { type, lat: lat as number | null, lng: lng as number | null } : undefined;
  };
  const checked = new Map<number, { type: OrgType; lat: number | null; lng: number | null }>();
  for (const { rowNumber, values } of rows) {
    const c = checkRow(rowNumber, values);
    if (c) {
      checked.set(rowNumber, c);
    } else {
      pending.delete(rowNumber);
    }
  }
  let progressMade = true;
  while (pending.size > 0 && progressMade) {
    progressMade = false;
    for (const [rowNumber, { values: v }] of pending) {
      let parent: (repo.OrgRow | PlannedOrg) | undefined;
      if (v.parentId) {
        parent = existingById.get(Number(v.parentId));
        if (!parent) {
          err(
            rowNumber,
            'parentId',
            'PARENT_NOT_FOUND',
            `上级单位ID ${v.parentId} 不存在`,
            `no unit has ID ${v.parentId}`,
          );
          pending.delete(rowNumber);
          continue;
        }
      } else {
        parent = existingByCode.get(v.parentCode) ?? plannedByCode.get(v.parentCode);
        if (!parent) {
          if (fileCodes.has(v.parentCode) && pending.has(fileCodes.get(v.parentCode)!)) {
            continue; // its parent row is placed in a later round
          }
          err(
            rowNumber,
            'parentCode',
            'PARENT_NOT_FOUND',
            `找不到代码为 ${v.parentCode} 的上级单位`,
            `no unit has code ${v.parentCode}`,
          );
          pending.delete(rowNumber);
          continue;
        }
      }
      pending.delete(rowNumber);
      progressMade = true;
      const c = checked.get(rowNumber)!;
      if (!canAt(ctx.actor, 'orgs:manage', parent.path)) {
        err(
          rowNumber,
          'parentCode',
          'OUT_OF_SCOPE',
          '上级单位超出您的管辖范围',
          'the parent unit is outside the units you manage',
        );
        continue;
      }
      try {
        checkPlacement(c.type, v.code || null, { ...parent, isActive: parent.isActive ?? true } as repo.OrgRow);
      } catch (e) {
        const code = e instanceof AppError ? e.code : 'INVALID';
        const detail = ((e as AppError).details?.issues as { message: string }[] | undefined)?.[0]?.message ?? code;
        const label = (t: OrgType, lang: 'zh' | 'en') => orgTypeLabels[t]?.[lang] ?? t;
        const allowed = (lang: 'zh' | 'en') =>
          allowedParents[c.type].map((t) => label(t, lang)).join(lang === 'zh' ? '、' : ', ');
        if (code === 'ORG_PARENT_TYPE') {
          err(
            rowNumber,
            'type',
            code,
            `${label(c.type, 'zh')}不能设在${label(parent.type as OrgType, 'zh')}之下(允许:${allowed('zh') || '无'})`,
            `a ${label(c.type, 'en')} cannot sit under a ${label(parent.type as OrgType, 'en')} (allowed: ${allowed('en') || 'none'})`,
          );
        } else if (code === 'ORG_INACTIVE_PARENT') {
          err(rowNumber, 'parentCode', code, '上级单位已停用', 'the parent unit is inactive');
        } else {
          err(rowNumber, 'code', code, detail, detail);
        }
        continue;
      }
      // A provisional negative id while planning; real ids are reserved only for a file that passes every check.
      const id = -(planned.length + 1);
      const org: PlannedOrg = {
        id,
        rowNumber,
        name: v.name,
        namePinyin: toPinyinKey(v.name),
        type: c.type,
        code: v.code || null,
        parentId: parent.id,
        path: `${parent.path}${id}.`,
        depth: (parent.depth ?? 0) + 1,
        regionId: regionFor(c.type, id, parent as repo.OrgRow),
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
        address: v.address || null,
        lat: c.lat,
        lng: c.lng,
        isActive: true,
      };
      planned.push(org);
      if (org.code) {
        plannedByCode.set(org.code, org);
      }
    }
  }
  for (const [rowNumber] of pending) {
    err(rowNumber, 'parentCode', 'PARENT_CYCLE', '上级单位引用形成循环', 'parent references form a loop');
  }
  if (errors.list.length > 0) {
    return [];
  }
  const ids = await repo.nextOrgIds(db, planned.length);
  const real = (provisional: number) => (provisional < 0 ? ids[-provisional - 1] : provisional);
  return planned.map((o) => ({
    ...o,
    id: real(o.id),
    parentId: o.parentId === null || o.parentId === undefined ? null : real(o.parentId),
    regionId: real(o.regionId),
    path: o.path
      .split('.')
      .filter(Boolean)
      .map((segment) => real(Number(segment)))
      .join('.')
      .concat('.'),
  }));
}

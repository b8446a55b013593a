// Excel import and export of units over HTTP: the template round trip, an all-or-nothing import with every bad row
// listed, files that are not workbooks, and an export limited to the caller's scope.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOrgUnder, createStaff } from '../../test/factories';
import {
  type Cell,
  downloadTemplate,
  multipart,
  waitForImport as waitFor,
  workbook,
  xlsxType,
  zipOf,
} from '../../test/imports';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from './orgs.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The template's header row: the contract with every file our users fill in. */
const templateHeaders = [
  '单位名称',
  '单位类型',
  '单位代码',
  '上级单位代码',
  '上级单位ID',
  '联系人',
  '联系电话',
  '地址',
  '纬度',
  '经度',
];

const manager = (orgId: number) => createStaff(t, { orgId, permissions: ['orgs:view', 'orgs:manage'] });

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

async function readWorkbook(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push(
      Array.from(row.values as ExcelJS.CellValue[])
        .slice(1)
        .map((v) => (v == null ? '' : String(v))),
    );
  });
  return rows;
}

const upload = (caller: Caller, file: Buffer, fileName = 'orgs.xlsx', contentType?: string) =>
  t.inject(caller, { method: 'POST', url: '/api/orgs/import', ...multipart(file, fileName, contentType) });

const waitForImport = (caller: Caller, id: string) => waitFor(t, caller, `/api/orgs/import/${id}`);

type UnitRow = {
  id: number;
  name: string;
  type: string;
  code: string | null;
  parent_id: number | null;
  path: string;
  depth: number;
  region_id: number;
  lat: number | null;
  contact_name: string | null;
};

async function unitsUnder(path: string): Promise<UnitRow[]> {
  const rows = await queryRows<UnitRow>(
    t.db,
    sql`SELECT id, name, type, code, parent_id, path, depth, region_id, lat, contact_name
        FROM orgs WHERE path LIKE ${`${path}%`} ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), depth: Number(r.depth), region_id: Number(r.region_id) }));
}

async function countUnits(): Promise<{ units: number; history: number; imports: number }> {
  const [row] = await queryRows<{ units: number; history: number; imports: number }>(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM orgs) AS units, (SELECT count(*)::int FROM org_code_history) AS history,
               (SELECT count(*)::int FROM org_imports) AS imports`,
  );
  return row;
}

/** A 2-digit county suffix under `city` that no unit uses yet, avoiding `avoid`. */
async function freeCountyCode(cityCode: string, avoid: string[] = []): Promise<string> {
  for (let n = 95; n > 20; n--) {
    const code = `${cityCode.slice(0, 4)}${n}`;
    const [row] = await queryRows(t.db, sql`SELECT 1 FROM orgs WHERE code = ${code}`);
    if (!row && !avoid.includes(code)) {
      return code;
    }
  }
  throw new Error('no free county code');
}

describe('the import template', () => {
  it('downloads a template with the documented columns, which imports once filled in', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);

    const { wb, ws, headers } = await downloadTemplate(t, admin, '/api/orgs/import/template.xlsx');
    expect(headers).toEqual(templateHeaders);
    const townshipCode = `${county.code}777`;
    // Replace the example row with real data, and add a second row that hangs under the first by its code.
    ws.getRow(2).values = [
      '模板街道',
      '乡镇(街道)',
      townshipCode,
      county.code,
      '',
      '李四',
      '0575-1234567',
      '某路 1 号',
      29.7,
      120.2,
    ];
    ws.addRow(['模板社区', '村(社区)', `${townshipCode}001`, townshipCode, '', '', '', '', '', '']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const started = await upload(admin, filled, '组织机构-已填写.xlsx');
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ fileName: '组织机构-已填写.xlsx', totalRows: 2, errors: [] });
    const done = await waitForImport(admin, started.json().id);
    expect(done).toMatchObject({ status: 'done', createdCount: 2, processedRows: 2, finishedAt: expect.any(String) });

    const units = await unitsUnder(county.path);
    const township = units.find((u) => u.code === townshipCode)!;
    const village = units.find((u) => u.code === `${townshipCode}001`)!;
    expect(township).toMatchObject({
      name: '模板街道',
      type: 'township',
      parent_id: county.id,
      path: `${county.path}${township.id}.`,
      lat: 29.7,
      contact_name: '李四',
    });
    expect(village).toMatchObject({ name: '模板社区', type: 'village', path: `${township.path}${village.id}.` });
  });
});

describe('importing units from Excel', () => {
  it('imports 30 rows whose parents come later in the file or by ID, with correct paths, depths and regions', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const before = await countUnits();
    const countyA = await freeCountyCode(city.code!);
    const countyB = await freeCountyCode(city.code!, [countyA]);

    const rows: Cell[][] = [];
    for (const [i, code] of [countyA, countyB].entries()) {
      rows.push([`导入县${i}`, '县级红十字会', code, city.code, '', '', '', '', '', '']);
      for (let s = 1; s <= 3; s++) {
        const township = `${code}00${s}`;
        // Codes as Excel numbers, the way a typed-in code is stored.
        rows.push([`导入街道${i}-${s}`, 'township', Number(township), code, '', '', '', '', 30 + s / 10, 120]);
        for (let v = 1; v <= 2; v++) {
          rows.push([`导入社区${i}-${s}-${v}`, 'village', `${township}00${v}`, township, '', '', '', '', '', '']);
        }
      }
    }
    for (let s = 1; s <= 5; s++) {
      rows.push([`按ID街道${s}`, '乡镇(街道)', `${county.code}1${s}0`, '', county.id, `联系人${s}`, '', '', '', '']);
    }
    for (let h = 1; h <= 5; h++) {
      rows.push([
        `导入博爱家园${h}`,
        '博爱家园',
        '',
        `${countyA}00${(h % 3) + 1}00${(h % 2) + 1}`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
    }
    expect(rows).toHaveLength(30);
    // Children before parents: the whole file reversed, with the parentId rows in the middle.
    const file = await workbook(templateHeaders, rows.reverse());

    const started = await upload(admin, file);

    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'importing', totalRows: 30, errors: [] });
    const done = await waitForImport(admin, started.json().id);
    expect(done).toMatchObject({ status: 'done', totalRows: 30, processedRows: 30, createdCount: 30, errors: [] });
    expect((await countUnits()).units).toBe(before.units + 30);

    const units = await unitsUnder(city.path);
    const byId = new Map(units.map((u) => [u.id, u]));
    const imported = units.filter((u) => /^(导入|按ID)/.test(u.name));
    expect(imported).toHaveLength(30);
    for (const unit of imported) {
      const parent = byId.get(unit.parent_id!)!;
      expect(unit.path, unit.name).toBe(`${parent.path}${unit.id}.`);
      expect(unit.depth, unit.name).toBe(parent.depth + 1);
      expect(unit.region_id, unit.name).toBe(city.id);
    }
    const named = (name: string) => imported.find((u) => u.name === name)!;
    expect(named('导入县0')).toMatchObject({ type: 'county', code: countyA, parent_id: city.id, depth: 2 });
    expect(named('导入街道0-2')).toMatchObject({ code: `${countyA}002`, parent_id: named('导入县0').id, lat: 30.2 });
    expect(named('导入社区1-3-2')).toMatchObject({ type: 'village', parent_id: named('导入街道1-3').id, depth: 4 });
    expect(named('按ID街道3')).toMatchObject({ parent_id: county.id, contact_name: '联系人3', depth: 3 });
    expect(named('导入博爱家园1')).toMatchObject({
      type: 'boai_home',
      code: null,
      parent_id: named('导入社区0-2-2').id,
    });
    const history = await queryRows(t.db, sql`SELECT 1 FROM org_code_history WHERE code = ${countyA}`);
    expect(history).toHaveLength(1);
  });

  it('shows an import only to the account that uploaded it', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const colleague = await manager(city.id);
    const file = await workbook(templateHeaders, [['私有导入街道', 'township', '', '', county.id, '', '', '', '', '']]);
    const started = await upload(admin, file);
    expect(started.statusCode, started.body).toBe(202);
    await waitForImport(admin, started.json().id);
    const res = await t.inject(colleague, { method: 'GET', url: `/api/orgs/import/${started.json().id}` });
    expectError(res, 404, 'NOT_FOUND');
  });

  it('refuses a file with several bad rows with 422 IMPORT_ROWS_INVALID listing every one, and imports nothing', async () => {
    const { province, city, county } = await createBranchChain(t);
    const otherCity = await createOrgUnder(t, province, 'city');
    const admin = await manager(city.id);
    const newCounty = await freeCountyCode(city.code!);
    const rows: Cell[][] = [
      /* 2 */ ['好街道', 'township', `${county.code}501`, county.code, '', '', '', '', '', ''],
      /* 3 */ ['未知类型', '火星基地', '', county.code, '', '', '', '', '', ''],
      /* 4 */ ['重复代码一', 'township', `${county.code}502`, county.code, '', '', '', '', '', ''],
      /* 5 */ ['重复代码二', 'township', `${county.code}502`, county.code, '', '', '', '', '', ''],
      /* 6 */ ['代码已被使用', 'county', county.code, city.code, '', '', '', '', '', ''],
      /* 7 */ ['找不到上级', 'township', '', '999999999', '', '', '', '', '', ''],
      /* 8 */ ['县下设县', 'county', newCounty, county.code, '', '', '', '', '', ''],
      /* 9 */ ['纬度越界', 'township', '', county.code, '', '', '', '', 95, 120],
      /* 10 */ ['越权上级', 'county', `${otherCity.code!.slice(0, 4)}77`, otherCity.code, '', '', '', '', '', ''],
      /* 11 */ ['上级ID不存在', 'school', '', '', 2_000_000_000, '', '', '', '', ''],
      /* 12 */ ['好社区', 'village', `${county.code}501001`, `${county.code}501`, '', '', '', '', '', ''],
    ];
    const before = await countUnits();
    const snapshot = await unitsUnder(province.path);

    const res = await upload(admin, await workbook(templateHeaders, rows));

    expectError(res, 422, 'IMPORT_ROWS_INVALID');
    const errors = res.json().error.details.errors as { row: number; field: string; code: string; message: string }[];
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'INVALID_TYPE'],
      [5, 'DUPLICATE_IN_FILE'],
      [6, 'ORG_CODE_TAKEN'],
      [7, 'PARENT_NOT_FOUND'],
      [8, 'ORG_PARENT_TYPE'],
      [9, 'INVALID_COORDINATE'],
      [10, 'OUT_OF_SCOPE'],
      [11, 'PARENT_NOT_FOUND'],
    ]);
    expect(res.json().error.details.errorCount).toBe(8);
    for (const e of errors) {
      expect(e.message.length, `row ${e.row}`).toBeGreaterThan(0);
    }
    expect(errors.find((e) => e.row === 6)!.message).toContain(county.name);
    expect(errors.find((e) => e.row === 5)!.message).toContain('4');
    expect(errors.find((e) => e.row === 9)!.field).toBe('lat');
    expect(await countUnits()).toEqual(before);
    expect(await unitsUnder(province.path)).toEqual(snapshot);
  });

  it('names each bad row by its column header and answers an English caller in English', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const file = await workbook(templateHeaders, [['纬度越界', 'township', '', county.code, '', '', '', '', 95, 120]]);
    const res = await t.inject(admin, { method: 'POST', url: '/api/orgs/import?lang=en', ...multipart(file) });
    expectError(res, 422, 'IMPORT_ROWS_INVALID');
    expect(res.json().error.message).toBe('Some rows are invalid; nothing was imported');
    expect(res.json().error.details.errors).toEqual([
      {
        row: 2,
        field: 'lat',
        column: '纬度',
        code: 'INVALID_COORDINATE',
        message: 'latitude must be between -90 and 90',
      },
    ]);
  });

  it('refuses a file whose columns differ from the template with 400 IMPORT_WRONG_COLUMNS', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const before = await countUnits();
    const swapped = [templateHeaders[1], templateHeaders[0], ...templateHeaders.slice(2)];
    for (const headers of [
      ['名称', '类型', '上级'],
      swapped,
      templateHeaders.slice(0, 9),
      [...templateHeaders, '备注'],
    ]) {
      const file = await workbook(headers, [['街道', 'township', '', '', county.id, '', '', '', '', '']]);
      const res = await upload(admin, file);
      expectError(res, 400, 'IMPORT_WRONG_COLUMNS');
      expect(res.json().error.details).toMatchObject({ expected: templateHeaders, actual: headers });
    }
    expect(await countUnits()).toEqual(before);
  });

  it('refuses files that are not Excel workbooks with 400 IMPORT_INVALID_FILE', async () => {
    const { city } = await createBranchChain(t);
    const admin = await manager(city.id);
    const before = await countUnits();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
    ]);
    const notXlsx = zipOf({ 'hello.txt': 'not a workbook', '[Content_Types].xml': '<Types/>' });
    const files: [Buffer, string, string][] = [
      [png, 'photo.xlsx', 'image/png'],
      [notXlsx, 'archive.xlsx', 'application/zip'],
      [Buffer.from('单位名称,单位类型\n某街道,乡镇\n'), 'units.xlsx', 'text/plain'],
      [Buffer.alloc(0), 'empty.xlsx', xlsxType],
    ];
    for (const [file, name, type] of files) {
      const res = await upload(admin, file, name, type);
      expectError(res, 400, 'IMPORT_INVALID_FILE');
    }
    expect(await countUnits()).toEqual(before);
  });

  it('refuses an upload that is not multipart/form-data with 415', async () => {
    const { city } = await createBranchChain(t);
    const admin = await manager(city.id);
    const before = await countUnits();
    const json = await t.inject(admin, { method: 'POST', url: '/api/orgs/import', payload: { file: 'x' } });
    expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const raw = await t.inject(admin, {
      method: 'POST',
      url: '/api/orgs/import',
      payload: await workbook(templateHeaders, []),
      headers: { 'content-type': xlsxType },
    });
    expectError(raw, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await countUnits()).toEqual(before);
  });

  it('refuses imports from staff without orgs:manage with 403', async () => {
    const { city, county } = await createBranchChain(t);
    const viewer = await createStaff(t, { orgId: city.id, permissions: ['orgs:view'] });
    const before = await countUnits();
    const file = await workbook(templateHeaders, [['无权街道', 'township', '', '', county.id, '', '', '', '', '']]);
    expectError(await upload(viewer, file), 403, 'FORBIDDEN');
    expectError(await upload(null, file), 401, 'UNAUTHENTICATED');
    expect(await countUnits()).toEqual(before);
  });
});

describe('exporting units to Excel', () => {
  it('exports the units in the caller scope only, in a workbook that re-reads with the template columns', async () => {
    const { province, city, county } = await createBranchChain(t);
    const township = await createOrgUnder(t, county, 'township', { name: '导出街道' });
    const otherCity = await createOrgUnder(t, province, 'city');
    await createOrgUnder(t, otherCity, 'county');
    const viewer = await createStaff(t, { orgId: city.id, permissions: ['orgs:view'] });

    const res = await t.inject(viewer, { method: 'GET', url: '/api/orgs/export.xlsx' });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(xlsxType);
    const [header, ...rows] = await readWorkbook(res.rawPayload);
    expect(header).toEqual(['ID', ...templateHeaders, '状态']);
    const ids = rows.map((r) => Number(r[0])).sort((a, b) => a - b);
    expect(ids).toEqual([city.id, county.id, township.id].sort((a, b) => a - b));
    const row = rows.find((r) => Number(r[0]) === township.id)!;
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('单位名称')).toBe('导出街道');
    expect(cell('单位类型')).toBe('乡镇(街道)');
    expect(cell('单位代码')).toBe(township.code);
    expect(cell('上级单位代码')).toBe(county.code);
    expect(cell('上级单位ID')).toBe(String(county.id));
    expect(cell('状态')).toBe('启用');
    expect(header.slice(1, -1)).toEqual(templateHeaders);
    const unrelated = await t.inject(viewer, { method: 'GET', url: `/api/orgs/${otherCity.id}` });
    expect(unrelated.statusCode).toBe(403);
    const asOrgs = (await t.inject(viewer, { method: 'GET', url: '/api/orgs?pageSize=200' })).json().items as OrgView[];
    expect(asOrgs.map((o) => o.id).sort((a, b) => a - b)).toEqual(ids);
  });

  it('leaves deactivated units out of the export unless includeInactive=true', async () => {
    const { city, county } = await createBranchChain(t);
    const township = await createOrgUnder(t, county, 'township');
    const admin = await manager(city.id);
    const off = await t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/deactivate` });
    expect(off.statusCode).toBe(200);

    const active = await readWorkbook(
      (await t.inject(admin, { method: 'GET', url: '/api/orgs/export.xlsx' })).rawPayload,
    );
    expect(active.slice(1).map((r) => Number(r[0]))).not.toContain(township.id);
    const all = await readWorkbook(
      (await t.inject(admin, { method: 'GET', url: '/api/orgs/export.xlsx?includeInactive=true' })).rawPayload,
    );
    const row = all.find((r) => Number(r[0]) === township.id);
    expect(row?.at(-1)).toBe('停用');
  });
});

// The AED registry over HTTP: register (WGS-84 and GCJ-02), codes, guardians (encrypted, masked), hours, edit, list
// filters, status transitions with audit, scope (a county user cannot see or touch another county's device), bad
// locations and duplicate serials refused with nothing written, and the Excel template / import / export.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { writeSheet } from '../../platform/excel';
import { distanceM, wgs84ToGcj02 } from '../../platform/geo';
import { createBranchChain, createOrgUnder, createStaff } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import type { AedView } from './aed.schemas';
import { formatHours, importColumns, parseHoursText } from './aed-excel';

let t: TestApp;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let school: OrgView;
let manager: Caller;
let viewerA: Caller;
let managerB: Caller;

const weekdays = (from: number, to: number) => [...Array.from({ length: 5 }, () => [{ from, to }]), [], []];

function device(orgId: number, extra: Record<string, unknown> = {}) {
  return {
    orgId,
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    serialNo: `SN-${Math.random().toString(36).slice(2, 10)}`,
    lat: 29.7136,
    lng: 120.2423,
    address: '浙江省诸暨市暨阳街道大桥路 1 号',
    building: '万达广场',
    floor: '1F',
    spot: '服务台左侧',
    is24h: false,
    weekHours: weekdays(8, 18),
    openHoursText: '周一至周五 8:00-18:00',
    batteryExpiresOn: '2029-01-01',
    padsExpiresOn: '2027-06-01',
    guardians: [{ name: '张三', phone: '13800138001' }],
    ...extra,
  };
}

async function register(caller: Caller, body: Record<string, unknown>) {
  return t.inject(caller, { method: 'POST', url: '/api/aed/devices', payload: body });
}

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return row.n;
}

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  city = chain.city;
  countyA = chain.county;
  countyB = await createOrgUnder(t, city, 'county');
  school = await createOrgUnder(t, countyA, 'school', { name: '暨阳小学' });
  manager = await createStaff(t, { orgId: countyA.id, roleId: 'aed_admin' });
  viewerA = await createStaff(t, { orgId: countyA.id, permissions: ['aed:view'] });
  managerB = await createStaff(t, { orgId: countyB.id, roleId: 'aed_admin' });
});
afterAll(() => t.close());

describe('registering a device', () => {
  it('stores the device with a code from the nearest administrative code, guardians encrypted and masked', async () => {
    const res = await register(manager, device(school.id));
    expect(res.statusCode).toBe(201);
    const aed = res.json() as AedView;
    expect(aed.code).toMatch(new RegExp(`^AED-${countyA.code}-\\d{6}$`));
    expect(aed.status).toBe('ready');
    expect(aed.guardians).toEqual([{ id: expect.any(String), name: '张三', phoneMasked: '138****8001' }]);
    expect(aed.weekHours[0]).toEqual([{ from: 8, to: 18 }]);
    expect(aed.weekHours[5]).toEqual([]);
    expect(distanceM(aed.gcj02, wgs84ToGcj02({ lat: aed.lat, lng: aed.lng }))).toBeLessThan(0.01);
    const [g] = await queryRows<{ phone_enc: string; phone_hash: string }>(
      t.db,
      sql`SELECT phone_enc, phone_hash FROM aed_guardians WHERE aed_id = ${aed.id}`,
    );
    expect(g.phone_enc).not.toContain('13800138001');
    expect(g.phone_hash.length).toBeGreaterThan(20);
    const [audit] = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${aed.id} AND action = 'aed.registered'`,
    );
    expect(audit?.action).toBe('aed.registered');
    const second = (await register(manager, device(countyA.id))).json() as AedView;
    expect(Number(second.code.slice(-6))).toBe(Number(aed.code.slice(-6)) + 1);
  });

  it('converts a GCJ-02 point to WGS-84 and shows the GCJ-02 copy back', async () => {
    const wgs = { lat: 29.70795, lng: 120.23583 };
    const gcj = wgs84ToGcj02(wgs);
    const res = await register(manager, device(countyA.id, { ...gcj, datum: 'gcj02' }));
    expect(res.statusCode).toBe(201);
    const aed = res.json() as AedView;
    expect(distanceM(aed, wgs)).toBeLessThan(0.5);
    expect(distanceM(aed.gcj02, gcj)).toBeLessThan(0.5);
  });

  it('marks a 24h device open every hour', async () => {
    const aed = (await register(manager, device(countyA.id, { is24h: true, weekHours: undefined }))).json() as AedView;
    expect(aed.is24h).toBe(true);
    expect(aed.openNow).toBe(true);
    expect(aed.openHours.every((m) => m === 0xffffff)).toBe(true);
  });

  it.each([
    ['(0,0)', { lat: 0, lng: 0 }, 'null_island'],
    ['swapped', { lat: 120.2423, lng: 29.7136 }, 'swapped'],
    ['out of range', { lat: 95, lng: 120 }, 'out_of_range'],
    ['outside China', { lat: 48.85, lng: 2.35 }, 'outside_china'],
  ])('refuses a %s point with INVALID_LOCATION and writes nothing', async (_label, point, reason) => {
    const before = await count('aeds');
    const res = await register(manager, device(countyA.id, point));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_LOCATION', details: { reason } });
    expect(await count('aeds')).toBe(before);
  });

  it('refuses a serial already registered for the brand with AED_SERIAL_TAKEN', async () => {
    const body = device(countyA.id, { serialNo: 'DUP-001' });
    expect((await register(manager, body)).statusCode).toBe(201);
    const before = await count('aeds');
    const res = await register(manager, body);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('AED_SERIAL_TAKEN');
    expect(await count('aeds')).toBe(before);
  });

  it('refuses a device without hours unless it is 24h, and a bad guardian phone', async () => {
    const res = await register(manager, device(countyA.id, { weekHours: undefined }));
    expect(res.statusCode).toBe(400);
    const bad = await register(manager, device(countyA.id, { guardians: [{ name: '李四', phone: '12345' }] }));
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a unit outside the caller’s scope (OUT_OF_SCOPE) and a viewer (FORBIDDEN)', async () => {
    const out = await register(managerB, device(countyA.id));
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('OUT_OF_SCOPE');
    const viewer = await register(viewerA, device(countyA.id));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe('FORBIDDEN');
  });
});

describe('editing, listing and status', () => {
  let aed: AedView;
  beforeAll(async () => {
    aed = (await register(manager, device(countyA.id, { address: '诸暨市火车站候车大厅' }))).json();
  });

  it('edits fields, hours and guardians, audited with before and after', async () => {
    const res = await t.inject(manager, {
      method: 'PATCH',
      url: `/api/aed/devices/${aed.id}`,
      payload: {
        floor: '2F',
        weekHours: Array.from({ length: 7 }, () => [{ from: 6, to: 23 }]),
        guardians: [
          { name: '王五', phone: '13900139002' },
          { name: '赵六', phone: '+86 139 0013 9003' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const v = res.json() as AedView;
    expect(v.floor).toBe('2F');
    expect(v.weekHours[6]).toEqual([{ from: 6, to: 23 }]);
    expect(v.guardians.map((g) => g.phoneMasked)).toEqual(['139****9002', '139****9003']);
    const [audit] = await queryRows<{ before: { floor: string }; after: { floor: string } }>(
      t.db,
      sql`SELECT before, after FROM audit_log WHERE entity_id = ${aed.id} AND action = 'aed.updated'`,
    );
    expect(audit.before.floor).toBe('1F');
    expect(audit.after.floor).toBe('2F');
  });

  it('refuses an edit to a bad point and changes nothing', async () => {
    const res = await t.inject(manager, {
      method: 'PATCH',
      url: `/api/aed/devices/${aed.id}`,
      payload: { lat: 0, lng: 0, floor: '9F' },
    });
    expect(res.statusCode).toBe(422);
    const v = (await t.inject(viewerA, { method: 'GET', url: `/api/aed/devices/${aed.id}` })).json() as AedView;
    expect(v.floor).toBe('2F');
    expect(v.lat).toBeCloseTo(29.7136, 6);
  });

  it('lists by unit, status and text; a viewer of another county sees none of them', async () => {
    const all = (await t.inject(viewerA, { method: 'GET', url: `/api/aed/devices?orgId=${countyA.id}` })).json();
    expect(all.total).toBeGreaterThanOrEqual(5);
    const text = (await t.inject(viewerA, { method: 'GET', url: '/api/aed/devices?q=火车站' })).json();
    expect(text.items.map((i: AedView) => i.id)).toEqual([aed.id]);
    const bySchool = (await t.inject(viewerA, { method: 'GET', url: `/api/aed/devices?orgId=${school.id}` })).json();
    expect(bySchool.items.every((i: AedView) => i.orgId === school.id)).toBe(true);
    const other = (await t.inject(managerB, { method: 'GET', url: '/api/aed/devices' })).json();
    expect(other.total).toBe(0);
    const direct = await t.inject(managerB, { method: 'GET', url: `/api/aed/devices/${aed.id}` });
    expect(direct.statusCode).toBe(403);
    expect(direct.json().error.code).toBe('OUT_OF_SCOPE');
    const patch = await t.inject(managerB, {
      method: 'PATCH',
      url: `/api/aed/devices/${aed.id}`,
      payload: { floor: 'X' },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('follows ready ⇄ needs_service ⇄ out_of_service, any → removed, removed final; each change audited', async () => {
    const go = (status: string) =>
      t.inject(manager, {
        method: 'POST',
        url: `/api/aed/devices/${aed.id}/status`,
        payload: { status, reason: '测试' },
      });
    const skip = await go('out_of_service');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('AED_STATUS_TRANSITION');
    expect((await go('needs_service')).json().status).toBe('needs_service');
    expect((await go('out_of_service')).json().status).toBe('out_of_service');
    expect((await go('needs_service')).json().status).toBe('needs_service');
    expect((await go('ready')).json().status).toBe('ready');
    expect((await go('removed')).json().status).toBe('removed');
    const back = await go('ready');
    expect(back.statusCode).toBe(409);
    const edit = await t.inject(manager, {
      method: 'PATCH',
      url: `/api/aed/devices/${aed.id}`,
      payload: { floor: '3F' },
    });
    expect(edit.statusCode).toBe(409);
    const [n] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${aed.id} AND action = 'aed.status_changed'`,
    );
    expect(n.n).toBe(5);
    const listed = (await t.inject(viewerA, { method: 'GET', url: '/api/aed/devices?q=火车站' })).json();
    expect(listed.total).toBe(0);
  });
});

describe('Excel', () => {
  const header = importColumns.map((c) => c.header);
  const row = (values: Partial<Record<string, unknown>>) => ({
    unitCode: countyA.code,
    brand: '飞利浦',
    model: 'HeartStart HS1',
    serialNo: `X-${Math.random().toString(36).slice(2, 9)}`,
    lat: 29.72,
    lng: 120.25,
    datum: 'WGS-84',
    address: '诸暨市测试路',
    building: '',
    floor: '',
    spot: '',
    is24h: '否',
    hours: '周一至周五 08:00-18:00;周六 09:00-12:00',
    accessNotes: '',
    keyHolder: '',
    installedOn: '',
    batteryExpiresOn: '2029-01-01',
    padsExpiresOn: '2027-01-01',
    guardianNames: '',
    guardianPhones: '',
    ...values,
  });
  const upload = async (rows: Record<string, unknown>[]) => {
    const buffer = await writeSheet('AED', importColumns, rows);
    const boundary = '----aedtest';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="aed.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      buffer,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.inject(manager, {
      method: 'POST',
      url: '/api/aed/devices/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };
  const waitDone = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const res = await t.inject(manager, { method: 'GET', url: `/api/aed/devices/imports/${id}` });
      if (res.json().status !== 'importing') {
        return res.json();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  };

  it('serves a template with the import columns', async () => {
    const res = await t.inject(manager, { method: 'GET', url: '/api/aed/devices/template.xlsx' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(header);
  });

  it('lists every bad row (outside China, swapped, (0,0), duplicate serial, unknown unit, out of scope) and imports nothing', async () => {
    const before = await count('aeds');
    const dup = row({});
    const res = await upload([
      row({}),
      row({ lat: 48.85, lng: 2.35 }),
      row({ lat: 120.25, lng: 29.72 }),
      row({ lat: 0, lng: 0 }),
      dup,
      { ...dup },
      row({ unitCode: '999999' }),
      row({ unitCode: countyB.code }),
      row({ hours: '随时' }),
      row({ guardianNames: '甲', guardianPhones: '' }),
    ]);
    expect(res.statusCode).toBe(422);
    const errors = res.json().error.details.errors as { row: number; code: string }[];
    const byRow = new Map(errors.map((e) => [e.row, e.code]));
    expect(byRow.get(2)).toBeUndefined();
    expect(byRow.get(3)).toBe('INVALID_LOCATION');
    expect(byRow.get(4)).toBe('INVALID_LOCATION');
    expect(byRow.get(5)).toBe('INVALID_LOCATION');
    expect(byRow.get(7)).toBe('DUPLICATE_IN_FILE');
    expect(byRow.get(8)).toBe('UNKNOWN_UNIT');
    expect(byRow.get(9)).toBe('OUT_OF_SCOPE');
    expect(byRow.get(10)).toBe('INVALID_VALUE');
    expect(byRow.get(11)).toBe('INVALID_VALUE');
    expect(await count('aeds')).toBe(before);
  });

  it('imports 1,000 rows (GCJ-02 converted) quickly in batches, then exports them', async () => {
    const before = await count('aeds');
    const wgs = { lat: 29.71, lng: 120.24 };
    const gcj = wgs84ToGcj02(wgs);
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row({
        lat: i === 0 ? gcj.lat : 29.6 + (i % 100) * 0.002,
        lng: i === 0 ? gcj.lng : 120.1 + Math.floor(i / 100) * 0.01,
        datum: i === 0 ? 'GCJ-02' : 'WGS-84',
        serialNo: `BULK-${i}`,
        guardianNames: '钱七',
        guardianPhones: '13700137000',
      }),
    );
    const started = Date.now();
    const res = await upload(rows);
    expect(res.statusCode).toBe(202);
    const done = await waitDone(res.json().id);
    const ms = Date.now() - started;
    expect(done).toMatchObject({ status: 'done', createdCount: 1000 });
    expect(ms).toBeLessThan(30_000);
    console.info(`AED import of 1,000 rows: ${ms} ms (${t.kind})`);
    expect(await count('aeds')).toBe(before + 1000);
    const [first] = await queryRows<{ lat: number; lng: number }>(
      t.db,
      sql`SELECT lat, lng FROM aeds WHERE serial_no = 'BULK-0'`,
    );
    expect(distanceM(first, wgs)).toBeLessThan(0.5);
    const exported = await t.inject(viewerA, {
      method: 'GET',
      url: `/api/aed/devices/export.xlsx?orgId=${countyA.id}`,
    });
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBeGreaterThan(1000);
    const texts: string[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => texts.push(String(c.text))));
    expect(texts.some((x) => x.includes('13700137000'))).toBe(false);
    expect(texts).toContain('137****7000');
    const otherCounty = await t.inject(managerB, { method: 'GET', url: '/api/aed/devices/export.xlsx' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(otherCounty.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0].rowCount).toBe(1);
  });

  it('reads opening hours as people write them, and writes them back the same way', () => {
    const m = parseHoursText('周一至周五 08:00-18:00;周六 09:30-12:00')!;
    expect(m[0]).toBe(((1 << 18) - 1) & ~((1 << 8) - 1));
    expect(m[5]).toBe(((1 << 12) - 1) & ~((1 << 10) - 1));
    expect(m[6]).toBe(0);
    expect(parseHoursText(formatHours(m))).toEqual(m);
    expect(parseHoursText('每天 7:00-22:00')!.every((d) => d === m[0] || d !== 0)).toBe(true);
    expect(parseHoursText('24小时')!.every((d) => d === 0xffffff)).toBe(true);
    expect(parseHoursText('工作日 8-17')![4]).not.toBe(0);
    expect(parseHoursText('随时')).toBeUndefined();
  });
});

// A device's public page (status in plain words, photo), problem reports from the public (stored with the phone
// encrypted, an upkeep task raised, refusals that change nothing, the per-IP limit), place search, and the printable
// QR sticker (Chinese heading and code in the PDF text, a QR code that decodes to the device's page, scope).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { decodeQr, hasPoppler, pdfText, rasterizePdf, squeeze } from '../../platform/documents/pdf-inspect';
import { storeFile } from '../../platform/files/files.service';
import { alwaysOpen, chinaWeekHour } from '../../platform/geo';
import { createBranchChain, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testPublicUrl } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { aeds } from './aed.tables';

let t: TestApp;
let county: OrgView;
let otherCounty: OrgView;
let viewer: Caller;
let outsider: Caller;
let readyId: string;
const tag = crypto.randomUUID().slice(0, 6).toUpperCase();
const code = (s: string) => `AED-${tag}-${s}`;

/** A 1×1 PNG. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

async function addAed(unit: OrgView, c: string, extra: Partial<typeof aeds.$inferInsert> = {}): Promise<string> {
  const id = crypto.randomUUID();
  await t.db.insert(aeds).values({
    regionId: unit.regionId,
    id,
    code: c,
    orgId: unit.id,
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    serialNo: `SN-${c}`,
    lat: 29.7158,
    lng: 120.2365,
    address: '浙江省诸暨市暨阳街道万达广场',
    building: '万达广场',
    floor: '1F',
    spot: '南门服务台旁',
    accessNotes: '商场营业时间内可取用',
    is24h: true,
    openHours: alwaysOpen,
    openHoursText: '24小时',
    status: 'ready',
    createdBy: 'test',
    ...extra,
  });
  return id;
}

const counts = async () => {
  const [r] = await queryRows<{ reports: number; tasks: number; files: number }>(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM aed_reports) AS reports, (SELECT count(*)::int FROM aed_tasks) AS tasks,
      (SELECT count(*)::int FROM stored_files WHERE purpose = 'aed_report') AS files`,
  );
  return r;
};

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  ({ county: otherCounty } = await createBranchChain(t));
  viewer = await createStaff(t, { orgId: county.id, permissions: ['aed:view'] });
  outsider = await createStaff(t, { orgId: otherCounty.id, permissions: ['aed:view'] });
  const photo = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'aed.png', bytes: tinyPng }),
  );
  readyId = await addAed(county, code('READY'), { photoFileId: photo.id });
  await addAed(county, code('SERVICE'), { status: 'needs_service', statusReason: '电池电量低(内部备注)' });
  await addAed(county, code('OUT'), { status: 'out_of_service' });
  await addAed(county, code('GONE'), { status: 'removed' });
  const { dow, hour } = chinaWeekHour();
  // Closed at this very hour of this weekday, open at every other hour.
  const closedNow = alwaysOpen.map((m, d) => (d === dow ? m & ~(1 << hour) : m));
  await addAed(county, code('CLOSED'), { is24h: false, openHours: closedNow, openHoursText: '不含当前时段' });
});
afterAll(() => t.close());

describe('GET /api/aed/public/:code', () => {
  it('shows a ready device as available, with its place, hours, unit and photo', async () => {
    const res = await t.inject(null, { method: 'GET', url: `/api/aed/public/${code('READY')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: code('READY'),
      building: '万达广场',
      floor: '1F',
      spot: '南门服务台旁',
      accessNotes: '商场营业时间内可取用',
      status: 'ready',
      available: true,
      openNow: true,
      unavailableReason: null,
      unitName: county.name,
      hasPhoto: true,
    });
    expect(res.json().openHours).toHaveLength(7);
    const photo = await t.inject(null, { method: 'GET', url: `/api/aed/public/${code('READY')}/photo` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(tinyPng)).toBe(true);
  });

  it.each([
    ['SERVICE', 'needs_service'],
    ['OUT', 'out_of_service'],
    ['GONE', 'removed'],
    ['CLOSED', 'closed_now'],
  ])('shows %s as not available, with the reason as a code the page words plainly', async (suffix, reason) => {
    const res = await t.inject(null, { method: 'GET', url: `/api/aed/public/${code(suffix)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ available: false, unavailableReason: reason });
    // Staff's internal status notes never reach the public.
    expect(res.body).not.toContain('内部备注');
  });

  it('answers 404 for an unknown code and for a device without a photo', async () => {
    expect((await t.inject(null, { method: 'GET', url: '/api/aed/public/AED-NOPE' })).statusCode).toBe(404);
    expect((await t.inject(null, { method: 'GET', url: `/api/aed/public/${code('OUT')}/photo` })).statusCode).toBe(404);
  });
});

describe('GET /api/aed/places', () => {
  it('finds registered devices by building or address, never removed ones', async () => {
    const res = await t.inject(null, { method: 'GET', url: `/api/aed/places?q=${encodeURIComponent('万达')}` });
    expect(res.statusCode).toBe(200);
    const hits = res.json() as { kind: string; name: string; detail: string; lat: number }[];
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(hits.every((h) => h.kind === 'aed' && h.lat > 29)).toBe(true);
    expect(hits.some((h) => h.detail.includes(code('GONE')))).toBe(false);
  });
});

describe('POST /api/aed/public/:code/reports', () => {
  it('stores a report with the phone encrypted and masked, the photo for staff, and raises an upkeep task', async () => {
    const before = await counts();
    const res = await t.inject(null, {
      method: 'POST',
      url: `/api/aed/public/${code('READY')}/reports`,
      payload: {
        kind: 'inaccessible',
        note: '柜门上锁,保安不在',
        phone: '13812345678',
        photo: { name: 'p.png', base64: tinyPng.toString('base64') },
      },
    });
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(receipt).toMatchObject({ code: code('READY'), kind: 'inaccessible' });
    const after = await counts();
    expect(after).toEqual({ reports: before.reports + 1, tasks: before.tasks + 1, files: before.files + 1 });
    const [row] = await queryRows<{ phone_enc: string; phone_masked: string; task_id: string; photo_file_id: string }>(
      t.db,
      sql`SELECT phone_enc, phone_masked, task_id, photo_file_id FROM aed_reports WHERE id = ${receipt.id}`,
    );
    expect(row.phone_enc).not.toContain('13812345678');
    expect(row.phone_masked).toBe('138****5678');
    const [task] = await queryRows<{ kind: string; status: string; detail: string; aed_id: string; org_id: number }>(
      t.db,
      sql`SELECT kind, status, detail, aed_id, org_id FROM aed_tasks WHERE id = ${row.task_id}`,
    );
    expect(task).toMatchObject({ kind: 'public_report', status: 'open', aed_id: readyId, org_id: county.id });
    expect(task.detail).toContain('柜门上锁');
    const [audit] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${receipt.id} AND action = 'aed-report.filed'`,
    );
    expect(audit.n).toBe(1);
    // Staff of the unit see the report and its photo; staff elsewhere do not.
    const list = await t.inject(viewer, { method: 'GET', url: `/api/aed/reports?orgId=${county.id}` });
    expect(list.json()[0]).toMatchObject({
      id: receipt.id,
      phoneMasked: '138****5678',
      hasPhoto: true,
      taskId: row.task_id,
    });
    expect((await t.inject(viewer, { method: 'GET', url: `/api/files/${row.photo_file_id}` })).statusCode).toBe(200);
    expect((await t.inject(outsider, { method: 'GET', url: `/api/files/${row.photo_file_id}` })).statusCode).toBe(403);
    const refused = await t.inject(outsider, { method: 'GET', url: `/api/aed/reports?orgId=${county.id}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it.each([
    ['an unknown code', 'AED-NOPE', { kind: 'missing' }, 404, 'NOT_FOUND'],
    ['a removed device', 'GONE', { kind: 'missing' }, 404, 'NOT_FOUND'],
    ['a bad kind', 'READY', { kind: 'stolen' }, 400, 'VALIDATION_FAILED'],
    ['a note over 500 characters', 'READY', { kind: 'other', note: '很'.repeat(501) }, 400, 'VALIDATION_FAILED'],
    ['a bad phone', 'READY', { kind: 'other', phone: '12345' }, 400, 'VALIDATION_FAILED'],
    ['an extra field', 'READY', { kind: 'other', orgId: 1 }, 400, 'VALIDATION_FAILED'],
    [
      'a photo that is not an image',
      'READY',
      {
        kind: 'damaged',
        photo: { name: 'x.txt', base64: Buffer.from('hello world, not an image').toString('base64') },
      },
      400,
      'FILE_INVALID',
    ],
  ])('refuses %s and changes nothing', async (_name, c, body, status, errorCode) => {
    const before = await counts();
    const target = c.startsWith('AED-') ? c : code(c);
    const res = await t.inject(null, { method: 'POST', url: `/api/aed/public/${target}/reports`, payload: body });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(errorCode);
    expect(await counts()).toEqual(before);
  });

  it('answers 429 after five reports in ten minutes from one address', async () => {
    const limited = await createTestApp({ rateLimits: true });
    try {
      const { county: unit } = await createBranchChain(limited);
      const saved = t;
      t = limited;
      await addAed(unit, code('LIMIT'));
      t = saved;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await limited.inject(null, {
          method: 'POST',
          url: `/api/aed/public/${code('LIMIT')}/reports`,
          payload: { kind: 'other', note: `第${i + 1}次` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
      const [n] = await queryRows<{ n: number }>(limited.db, sql`SELECT count(*)::int AS n FROM aed_reports`);
      expect(n.n).toBe(5);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /api/aed/:id/sticker.pdf', () => {
  it('prints the heading, the code and the place, with a QR code of the device page', async () => {
    const res = await t.inject(viewer, { method: 'GET', url: `/api/aed/${readyId}/sticker.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler) {
      const text = squeeze(pdfText(pdf));
      expect(text).toContain('AED');
      expect(text).toContain('自动体外除颤器');
      expect(text).toContain(code('READY'));
      expect(text).toContain('南门服务台旁');
      const [page] = rasterizePdf(pdf, 150);
      expect(decodeQr(page)).toBe(`${testPublicUrl}/aed/d/${code('READY')}`);
    }
  });

  it('refuses staff of another unit and an unknown device', async () => {
    const res = await t.inject(outsider, { method: 'GET', url: `/api/aed/${readyId}/sticker.pdf` });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const unknown = await t.inject(viewer, { method: 'GET', url: `/api/aed/${crypto.randomUUID()}/sticker.pdf` });
    expect(unknown.statusCode).toBe(404);
  });
});

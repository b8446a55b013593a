// The registry in Excel: the template, the export of the devices in scope, and the all-or-nothing import with per-row
// errors (unknown unit code, unit outside the uploader's scope, coordinates out of range, (0,0), swapped or outside
// China, serials repeated in the file or already registered, bad dates, hours or phones). GCJ-02 rows (from Chinese
// map pickers) are converted to WGS-84. A good file is inserted in batches in one transaction.
import crypto from 'node:crypto';
import { and, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import { alwaysOpen, hoursMask, pointProblem, toWgs84, type WeekHours } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { normalizePhone } from '../../platform/identity/phone';
import type { ImportView } from '../../platform/imports/imports.schemas';
import * as imports from '../../platform/imports/imports.service';
import { actorLabel, assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './aed.repo';
import { guardianRows, nextCodes, toIntervals } from './aed-registry';

const text = (zh: string, en: string) => ({ zh, en });
type Column = SheetColumn & { rule: { zh: string; en: string } };

export const importColumns: Column[] = [
  {
    key: 'unitCode',
    header: '单位编码',
    aliases: ['Unit code'],
    width: 12,
    isText: true,
    rule: text('必填,所属单位的行政区划代码或单位编码', 'required, the owner unit’s code'),
  },
  { key: 'brand', header: '品牌', aliases: ['Brand'], width: 12, rule: text('必填', 'required') },
  { key: 'model', header: '型号', aliases: ['Model'], width: 12, rule: text('必填', 'required') },
  {
    key: 'serialNo',
    header: '序列号',
    aliases: ['Serial'],
    width: 16,
    isText: true,
    rule: text('必填,同一品牌下不得重复', 'required, unique per brand'),
  },
  {
    key: 'lat',
    header: '纬度',
    aliases: ['Latitude'],
    width: 12,
    rule: text('必填,中国境内的纬度,如 29.7136', 'required, a latitude in China, e.g. 29.7136'),
  },
  {
    key: 'lng',
    header: '经度',
    aliases: ['Longitude'],
    width: 12,
    rule: text('必填,中国境内的经度,如 120.2423', 'required, a longitude in China, e.g. 120.2423'),
  },
  {
    key: 'datum',
    header: '坐标系',
    aliases: ['Datum'],
    width: 10,
    rule: text(
      'WGS-84 或 GCJ-02(高德、腾讯地图拾取的坐标);空为 WGS-84',
      'WGS-84 or GCJ-02 (from Amap / Tencent pickers); blank = WGS-84',
    ),
  },
  { key: 'address', header: '地址', aliases: ['Address'], width: 28, rule: text('必填', 'required') },
  { key: 'building', header: '楼宇', aliases: ['Building'], width: 14, rule: text('选填', 'optional') },
  { key: 'floor', header: '楼层', aliases: ['Floor'], width: 8, rule: text('选填', 'optional') },
  { key: 'spot', header: '具体位置', aliases: ['Spot'], width: 20, rule: text('选填', 'optional') },
  { key: 'is24h', header: '24小时开放', aliases: ['24h'], width: 10, rule: text('是 / 否', 'yes / no') },
  {
    key: 'hours',
    header: '开放时间',
    aliases: ['Opening hours'],
    width: 24,
    rule: text(
      '非24小时必填,如 周一至周五 08:00-18:00;周六 09:00-12:00',
      'required unless 24h, e.g. 周一至周五 08:00-18:00;周六 09:00-12:00',
    ),
  },
  { key: 'accessNotes', header: '取用说明', aliases: ['Access notes'], width: 20, rule: text('选填', 'optional') },
  { key: 'keyHolder', header: '钥匙保管人', aliases: ['Key holder'], width: 12, rule: text('选填', 'optional') },
  {
    key: 'installedOn',
    header: '安装日期',
    aliases: ['Installed on'],
    width: 12,
    isText: true,
    rule: text('选填,YYYY-MM-DD', 'optional, YYYY-MM-DD'),
  },
  {
    key: 'batteryExpiresOn',
    header: '电池有效期',
    aliases: ['Battery expires'],
    width: 12,
    isText: true,
    rule: text('选填,YYYY-MM-DD', 'optional, YYYY-MM-DD'),
  },
  {
    key: 'padsExpiresOn',
    header: '电极片有效期',
    aliases: ['Pads expire'],
    width: 12,
    isText: true,
    rule: text('选填,YYYY-MM-DD', 'optional, YYYY-MM-DD'),
  },
  {
    key: 'guardianNames',
    header: '责任人姓名',
    aliases: ['Guardians'],
    width: 14,
    rule: text('选填,多人用、分隔', 'optional, several separated by 、'),
  },
  {
    key: 'guardianPhones',
    header: '责任人手机',
    aliases: ['Guardian phones'],
    width: 16,
    isText: true,
    rule: text('与姓名一一对应,用、分隔', 'one per name, separated by 、'),
  },
].map((c) => ({ ...c, note: c.rule.zh }));

const exportColumns: SheetColumn[] = [
  { key: 'code', header: '设备编号', width: 20 },
  ...importColumns.map(({ rule: _r, note: _n, ...c }) => c),
  { key: 'status', header: '状态', width: 10 },
  { key: 'statusReason', header: '状态说明', width: 20 },
  { key: 'lastInspectedAt', header: '最近巡检', width: 12 },
];

export const maxImportRows = 5000;

export function buildTemplate(): Promise<Buffer> {
  return writeSheet('AED登记', importColumns, [
    {
      unitCode: '330681',
      brand: '迈瑞',
      model: 'BeneHeart C1A',
      serialNo: 'EXAMPLE-0001',
      lat: 29.7136,
      lng: 120.2423,
      datum: 'WGS-84',
      address: '浙江省诸暨市暨阳街道示例路 1 号',
      building: '示例大厦',
      floor: '1F',
      spot: '大堂服务台左侧',
      is24h: '否',
      hours: '周一至周五 08:00-18:00;周六 09:00-12:00',
      accessNotes: '',
      keyHolder: '',
      installedOn: '2025-01-01',
      batteryExpiresOn: '2029-01-01',
      padsExpiresOn: '2027-01-01',
      guardianNames: '张三',
      guardianPhones: '13800000000',
    },
  ]);
}

// ------------------------------------------------------------------------------------------------ hours text

const dayIndex: Record<string, number> = {
  一: 0,
  二: 1,
  三: 2,
  四: 3,
  五: 4,
  六: 5,
  日: 6,
  天: 6,
  1: 0,
  2: 1,
  3: 2,
  4: 3,
  5: 4,
  6: 5,
  7: 6,
};

function parseDays(spec: string): number[] | undefined {
  const s = spec.replace(/\s/g, '');
  if (s === '' || /^(每天|每日|全周|周一至周日|天天)$/.test(s)) {
    return [0, 1, 2, 3, 4, 5, 6];
  }
  if (s === '工作日') {
    return [0, 1, 2, 3, 4];
  }
  if (s === '周末' || s === '双休日') {
    return [5, 6];
  }
  const days = new Set<number>();
  for (const part of s.split(/[、,，]/)) {
    const m = /^(?:周|星期)?([一二三四五六日天1-7])(?:(?:至|到|-|~|—)(?:周|星期)?([一二三四五六日天1-7]))?$/.exec(part);
    if (!m) {
      return undefined;
    }
    const a = dayIndex[m[1]];
    const b = m[2] ? dayIndex[m[2]] : a;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) {
        break;
      }
    }
  }
  return [...days];
}

/**
 * Weekly hours from text as people write them: `周一至周五 08:00-18:00;周六 09:00-12:00`, `每天 7:00-22:00`,
 * `24小时`. Whole hours only count when the device is reachable all that hour (08:30 opens at 09). Undefined when
 * the text cannot be read.
 */
export function parseHoursText(input: string): WeekHours | undefined {
  const s = input.normalize('NFKC').trim();
  if (/^(24小时|24h|全天|全天候|24\/7)$/i.test(s)) {
    return [...alwaysOpen];
  }
  const masks = [0, 0, 0, 0, 0, 0, 0];
  const segments = s
    .split(/[;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (segments.length === 0) {
    return undefined;
  }
  for (const seg of segments) {
    const m = /^(.*?)\s*(\d{1,2})(?:[:：](\d{2}))?\s*[-~—至到]\s*(\d{1,2})(?:[:：](\d{2}))?$/.exec(seg);
    if (!m) {
      return undefined;
    }
    const days = parseDays(m[1]);
    const start = Number(m[2]) + Number(m[3] ?? 0) / 60;
    const end = Number(m[4]) + Number(m[5] ?? 0) / 60;
    if (!days || start > 24 || end > 24 || start === end) {
      return undefined;
    }
    const from = Math.ceil(start) % 24;
    const to = Math.floor(end);
    if (end > start && to <= from && !(to === 24 && from === 0)) {
      continue; // shorter than a whole hour
    }
    const mask = hoursMask(from, to % 24 === from ? (from + 1) % 24 : to % 24);
    for (const d of days) {
      masks[d] |= end > start && to - from >= 24 ? alwaysOpen[0] : mask;
    }
  }
  return masks;
}

/** int[7] masks as text: `周一至周五 08:00-18:00;周六 09:00-12:00` (what parseHoursText reads back). */
export function formatHours(masks: WeekHours): string {
  const names = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  if (masks.every((m) => m === alwaysOpen[0])) {
    return '24小时';
  }
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const parts: string[] = [];
  const intervals = toIntervals(masks);
  let d = 0;
  while (d < 7) {
    let e = d;
    while (e + 1 < 7 && masks[e + 1] === masks[d]) {
      e++;
    }
    if (masks[d] !== 0) {
      const days = d === e ? names[d] : `${names[d]}至${names[e]}`;
      parts.push(`${days} ${intervals[d].map((iv) => `${pad(iv.from)}-${pad(iv.to)}`).join(',')}`);
    }
    d = e + 1;
  }
  return parts.join(';');
}

// ------------------------------------------------------------------------------------------------ import

const datumOf = imports.choiceParser({
  wgs84: ['WGS-84', 'WGS84', 'GPS', ''],
  gcj02: ['GCJ-02', 'GCJ02', '火星坐标', '高德', '腾讯'],
});

const dateOk = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/**
 * Reads an Excel registry (aed:manage at each row's unit) and starts importing it. Every bad row is listed
 * (IMPORT_ROWS_INVALID) and nothing is imported. Returns the import's progress record.
 */
export async function uploadRegistry(
  db: Db,
  ctx: Ctx,
  file: { fileName: string; buffer: Buffer },
): Promise<ImportView> {
  const sheet = await imports.readImportFile(ctx, file.buffer, importColumns, maxImportRows);
  const { errors } = sheet;
  const rules = new Map(importColumns.map((c) => [c.key, c.rule]));
  const bad = (row: number, field: string, code = 'INVALID_VALUE', t?: { zh: string; en: string }) => {
    const m = t ?? rules.get(field)!;
    errors.add(row, field, code, m.zh, m.en);
  };
  const unitCodes = [...new Set(sheet.rows.map((r) => (r.values.unitCode ?? '').trim()).filter(Boolean))];
  const units = new Map<string, orgs.OrgRow>();
  for (const code of unitCodes) {
    const org = await orgs.findOrgByCode(db, code);
    if (org) {
      units.set(code, org);
    }
  }
  type Parsed = {
    rowNumber: number;
    org: orgs.OrgRow;
    values: Record<string, string>;
    lat: number;
    lng: number;
    openHours: WeekHours;
    is24h: boolean;
    guardians: { name: string; phone: string }[];
  };
  const parsed: Parsed[] = [];
  const firstRowOfSerial = new Map<string, number>();
  for (const { rowNumber, values: raw } of sheet.rows) {
    const v = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, (x ?? '').trim()]));
    let ok = true;
    const fail = (field: string, code?: string, t?: { zh: string; en: string }) => {
      bad(rowNumber, field, code, t);
      ok = false;
    };
    const org = units.get(v.unitCode ?? '');
    if (!v.unitCode) {
      fail('unitCode');
    } else if (!org) {
      fail('unitCode', 'UNKNOWN_UNIT', text(`没有编码为 ${v.unitCode} 的单位`, `no unit has the code ${v.unitCode}`));
    } else if (!canAt(ctx.actor, 'aed:manage', org.path)) {
      fail('unitCode', 'OUT_OF_SCOPE', text('该单位不在您的管辖范围内', 'this unit is outside your scope'));
    }
    for (const f of ['brand', 'model', 'serialNo', 'address'] as const) {
      if (!v[f] || [...v[f]].length > (f === 'address' ? 200 : 60)) {
        fail(f);
      }
    }
    if (v.brand && v.serialNo) {
      const key = `${v.brand.toLowerCase()}\u0000${v.serialNo}`;
      const first = firstRowOfSerial.get(key);
      if (first) {
        fail('serialNo', 'DUPLICATE_IN_FILE', text(`与第 ${first} 行序列号重复`, `the same serial as row ${first}`));
      } else {
        firstRowOfSerial.set(key, rowNumber);
      }
    }
    const datum = datumOf(v.datum ?? '');
    if (!datum) {
      fail('datum');
    }
    const lat = Number(v.lat);
    const lng = Number(v.lng);
    let point = { lat, lng };
    if (!v.lat || !v.lng || !Number.isFinite(lat) || !Number.isFinite(lng)) {
      fail(v.lat && Number.isFinite(lat) ? 'lng' : 'lat');
    } else {
      const problem = pointProblem({ lat, lng }, { china: true });
      const messages = {
        out_of_range: text(
          '经纬度超出范围(纬度 -90~90,经度 -180~180)',
          'out of range (latitude -90..90, longitude -180..180)',
        ),
        null_island: text('坐标为 (0,0),疑为未定位', 'the point is (0,0): no fix'),
        swapped: text('经纬度疑似颠倒(纬度应在前,约 3.5~53.6)', 'latitude and longitude look swapped'),
        outside_china: text('坐标不在中国境内', 'the point lies outside China'),
      } as const;
      if (problem) {
        fail('lat', 'INVALID_LOCATION', messages[problem]);
      } else if (datum) {
        point = toWgs84({ lat, lng }, datum);
      }
    }
    const is24h = imports.parseYesNo(v.is24h ?? '');
    if (is24h === undefined) {
      fail('is24h');
    }
    let openHours: WeekHours | undefined = is24h ? [...alwaysOpen] : undefined;
    if (!is24h) {
      openHours = v.hours ? parseHoursText(v.hours) : undefined;
      if (!openHours) {
        fail('hours');
      }
    }
    for (const f of ['installedOn', 'batteryExpiresOn', 'padsExpiresOn'] as const) {
      if (v[f] && !dateOk(v[f])) {
        fail(f);
      }
    }
    const names = (v.guardianNames ?? '')
      .split(/[、,，;；]/)
      .map((x) => x.trim())
      .filter(Boolean);
    const phones = (v.guardianPhones ?? '')
      .split(/[、,，;；]/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (names.length !== phones.length || names.length > 10) {
      fail('guardianPhones');
    } else if (phones.some((p) => !normalizePhone(p).ok)) {
      fail('guardianPhones', 'INVALID_PHONE');
    }
    if (ok && org && openHours) {
      parsed.push({
        rowNumber,
        org,
        values: v,
        lat: Math.round(point.lat * 1e7) / 1e7,
        lng: Math.round(point.lng * 1e7) / 1e7,
        openHours,
        is24h: !!is24h,
        guardians: names.map((name, i) => ({ name, phone: phones[i] })),
      });
    }
  }
  const taken = await repo.findSerials(
    db,
    parsed.map((p) => ({ brand: p.values.brand, serialNo: p.values.serialNo })),
  );
  for (const p of parsed) {
    const t = taken.find(
      (r) => r.brand.toLowerCase() === p.values.brand.toLowerCase() && r.serialNo === p.values.serialNo,
    );
    if (t) {
      bad(p.rowNumber, 'serialNo', 'AED_SERIAL_TAKEN', text(`已登记为 ${t.code}`, `already registered as ${t.code}`));
    }
  }
  imports.refuseBadRows(errors);
  return imports.startImport(db, ctx, repo.importRecords, {
    fileName: file.fileName,
    totalRows: parsed.length,
    run: async (tx, { importId, report }) => {
      const byOrg = new Map<number, Parsed[]>();
      for (const p of parsed) {
        byOrg.set(p.org.id, [...(byOrg.get(p.org.id) ?? []), p]);
      }
      let done = 0;
      for (const group of byOrg.values()) {
        const codes = await nextCodes(tx, group[0].org, group.length);
        const rows = group.map((p, i) => ({
          id: crypto.randomUUID(),
          p,
          code: codes[i],
        }));
        await repo.insertAeds(
          tx,
          rows.map(({ id, p, code }) => ({
            regionId: p.org.regionId,
            id,
            code,
            orgId: p.org.id,
            brand: p.values.brand,
            model: p.values.model,
            serialNo: p.values.serialNo,
            lat: p.lat,
            lng: p.lng,
            address: p.values.address,
            building: p.values.building ?? '',
            floor: p.values.floor ?? '',
            spot: p.values.spot ?? '',
            accessNotes: p.values.accessNotes ?? '',
            keyHolder: p.values.keyHolder ?? '',
            is24h: p.is24h,
            openHours: p.openHours,
            openHoursText: p.is24h ? '24小时' : p.values.hours,
            installedOn: p.values.installedOn || null,
            batteryExpiresOn: p.values.batteryExpiresOn || null,
            padsExpiresOn: p.values.padsExpiresOn || null,
            status: 'ready',
            createdBy: actorLabel(ctx.actor),
          })),
        );
        await repo.insertGuardians(
          tx,
          rows.flatMap(({ id, p }) => guardianRows(p.org.regionId, id, p.guardians)),
        );
        done += group.length;
        report(done);
        await recordAudit(tx, ctx, {
          action: 'aed.imported',
          entityType: 'org',
          entityId: group[0].org.id,
          orgId: group[0].org.id,
          regionId: group[0].org.regionId,
          after: { importId, fileName: file.fileName, count: group.length, codes: [codes[0], codes[codes.length - 1]] },
        });
      }
      return parsed.length;
    },
  });
}

export function getRegistryImport(db: Db, ctx: Ctx, importId: string): Promise<ImportView> {
  return imports.getImport(db, ctx, repo.importRecords, importId);
}

const statusZh: Record<string, string> = {
  ready: '可用',
  needs_service: '待维护',
  out_of_service: '停用',
  removed: '已撤除',
};

/** The devices in the caller's aed:view scope (under `orgId` when given) as a workbook in the import's columns. */
export async function exportRegistry(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<Buffer> {
  const a = repo.columns.aed;
  const conds = [orgs.orgScopeCondition(a.orgId, ctx, 'aed:view'), ne(a.status, 'removed')];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'aed:view', org.path);
    conds.push(orgs.orgUnderCondition(a.orgId, org.path));
  }
  const { rows } = await repo.listAeds(db, and(...conds), { limit: 100_000, offset: 0 });
  const unitIds = [...new Set(rows.map((r) => r.orgId))];
  const codes = new Map((await orgs.findOrgsByIds(db, unitIds)).map((o) => [o.id, o.code ?? '']));
  const guardians = new Map<string, { name: string; phoneMasked: string }[]>();
  const byRegion = new Map<number, string[]>();
  for (const r of rows) {
    byRegion.set(r.regionId, [...(byRegion.get(r.regionId) ?? []), r.id]);
  }
  for (const [regionId, ids] of byRegion) {
    for (const g of await repo.listGuardians(db, regionId, ids)) {
      guardians.set(g.aedId, [...(guardians.get(g.aedId) ?? []), g]);
    }
  }
  return writeSheet(
    'AED登记',
    exportColumns,
    rows.map((r) => ({
      code: r.code,
      unitCode: codes.get(r.orgId) ?? '',
      brand: r.brand,
      model: r.model,
      serialNo: r.serialNo,
      lat: r.lat,
      lng: r.lng,
      datum: 'WGS-84',
      address: r.address,
      building: r.building,
      floor: r.floor,
      spot: r.spot,
      is24h: r.is24h ? '是' : '否',
      hours: r.is24h ? '' : formatHours(r.openHours),
      accessNotes: r.accessNotes,
      keyHolder: r.keyHolder,
      installedOn: r.installedOn ?? '',
      batteryExpiresOn: r.batteryExpiresOn ?? '',
      padsExpiresOn: r.padsExpiresOn ?? '',
      guardianNames: (guardians.get(r.id) ?? []).map((g) => g.name).join('、'),
      // Phones leave the system masked: an export is not a way around PII protection.
      guardianPhones: (guardians.get(r.id) ?? []).map((g) => g.phoneMasked).join('、'),
      status: statusZh[r.status] ?? r.status,
      statusReason: r.statusReason,
      lastInspectedAt: r.lastInspectedAt ? r.lastInspectedAt.toISOString().slice(0, 10) : '',
    })),
  );
}

// Excel for members: the export of a list (masked personal data) and the all-or-nothing import of individual members
// into one unit (a school enrolling a class), checked row by row before anything is written.
import type { Db } from '../../db/client';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import { normalizePhone } from '../../platform/identity/phone';
import type { ImportView } from '../../platform/imports/imports.schemas';
import * as imports from '../../platform/imports/imports.service';
import { assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './members.repo';
import type { MemberListQuery } from './members.schemas';
import { admitInTx, ageOn, enrolInTx, listMembers } from './members.service';

const categoryText = { ordinary: '普通会员', youth: '青少年会员', group: '团体会员' } as const;
const statusText = { applied: '审核中', active: '有效', lapsed: '已失效', rejected: '未通过', withdrawn: '已退会' };
const tierText = { ordinary: '普通', special: '特别', life: '终身' };

const exportColumns: SheetColumn[] = [
  { key: 'memberNo', header: '会员证号', width: 22 },
  { key: 'name', header: '姓名/团体名称', width: 20 },
  { key: 'category', header: '会员类别', width: 12 },
  { key: 'tier', header: '会员级别', width: 10 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'idNumber', header: '证件号码(脱敏)', width: 22 },
  { key: 'phone', header: '手机(脱敏)', width: 16 },
  { key: 'org', header: '所属单位', width: 24 },
  { key: 'joinedOn', header: '入会日期', width: 12 },
  { key: 'paidThrough', header: '会费缴至(年)', width: 12 },
  { key: 'headcount', header: '团体人数', width: 10 },
];

/** The member list as a workbook (at most 50,000 rows, masked ID numbers and phones). */
export async function exportMembers(db: Db, ctx: Ctx, q: Omit<MemberListQuery, 'limit' | 'offset'>): Promise<Buffer> {
  const rows: Record<string, string | number | null>[] = [];
  for (let offset = 0; offset < 50_000; offset += 200) {
    const page = await listMembers(db, ctx, { ...q, limit: 200, offset });
    for (const m of page.items) {
      rows.push({
        memberNo: m.memberNo ?? '',
        name: m.name,
        category: categoryText[m.category],
        tier: tierText[m.tier],
        status: statusText[m.status],
        idNumber: m.idNumberMasked ?? '',
        phone: m.phoneMasked ?? '',
        org: m.orgName,
        joinedOn: m.joinedOn ?? '',
        paidThrough: m.paidThroughYear,
        headcount: m.headcount,
      });
    }
    if (page.items.length < 200) {
      break;
    }
  }
  return writeSheet('会员', exportColumns, rows);
}

export const importColumns: SheetColumn[] = [
  { key: 'name', header: '姓名', width: 12, note: '必填' },
  { key: 'idNumber', header: '身份证号', width: 22, note: '必填,18 位居民身份证号' },
  { key: 'phone', header: '手机号', width: 16, note: '必填(未成年人填监护人手机)' },
  { key: 'category', header: '会员类别', width: 12, note: '普通会员 或 青少年会员;未满 18 周岁须为青少年会员' },
  { key: 'workplace', header: '工作单位或学校', width: 20 },
  { key: 'address', header: '地址', width: 28 },
];

export function buildImportTemplate(): Promise<Buffer> {
  return writeSheet('会员导入', importColumns, []);
}

const parseCategory = imports.choiceParser({
  ordinary: ['普通会员', '普通', '成人'],
  youth: ['青少年会员', '青少年', '学生'],
});

/**
 * Imports individual members into one unit (members:manage there), admitted at once: every row is checked first
 * (ID number, phone, category by age, duplicates in the file and with existing members) and one bad row refuses the
 * whole file (IMPORT_ROWS_INVALID) before anything is written. Members under 14 need a guardian's consent and are
 * enrolled one by one, not by import.
 */
export async function uploadMembers(
  db: Db,
  ctx: Ctx,
  orgId: number,
  file: { fileName: string; buffer: Buffer },
): Promise<ImportView> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  const sheet = await imports.readImportFile(ctx, file.buffer, importColumns, 5000);
  const { errors } = sheet;
  const today = new Date().toISOString().slice(0, 10);
  const seen = new Map<string, number>();
  const rows: {
    name: string;
    idNumber: string;
    phone: string;
    category: 'ordinary' | 'youth';
    workplace?: string;
    address?: string;
  }[] = [];
  for (const { rowNumber, values: raw } of sheet.rows) {
    const v = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, (x ?? '').trim()]));
    let ok = true;
    const fail = (field: string, code: string, zh: string, en: string) => {
      errors.add(rowNumber, field, code, zh, en);
      ok = false;
    };
    if (!v.name || [...v.name].length > 50) {
      fail('name', 'INVALID_VALUE', '姓名必填,最多 50 字', 'a name of at most 50 characters is required');
    }
    const id = validateIdNumber(v.idNumber ?? '');
    if (!id.ok) {
      fail('idNumber', 'INVALID_ID_NUMBER', '身份证号无效', 'not a valid ID number');
    }
    const phone = normalizePhone(v.phone ?? '');
    if (!phone.ok) {
      fail('phone', 'INVALID_PHONE', '手机号无效', 'not a valid phone number');
    }
    const category = parseCategory(v.category ?? '');
    if (!category) {
      fail('category', 'INVALID_VALUE', '会员类别应为 普通会员 或 青少年会员', 'ordinary or youth');
    }
    if (id.ok && category) {
      const age = ageOn(id.birthDate, today);
      if (age < 14) {
        fail(
          'idNumber',
          'MEMBER_GUARDIAN_REQUIRED',
          '未满 14 周岁须单独办理(监护人同意书)',
          'under 14: enrol one by one with consent',
        );
      } else if (age < 18 && category !== 'youth') {
        fail('category', 'MEMBER_CATEGORY_AGE', '未满 18 周岁应为青少年会员', 'under 18 joins as a youth member');
      }
      const first = seen.get(id.value);
      if (first) {
        fail('idNumber', 'DUPLICATE_IN_FILE', `与第 ${first} 行身份证号重复`, `the same ID number as row ${first}`);
      } else {
        seen.set(id.value, rowNumber);
        const person = await people.findPersonByIdNumber(db, id.value);
        if (person && (await repo.findLiveMemberOfPerson(db, person.id))) {
          fail('idNumber', 'MEMBER_ALREADY_APPLIED', '已是会员或入会申请在办理中', 'already a member or applying');
        }
      }
    }
    if (ok && id.ok && phone.ok && category) {
      rows.push({
        name: v.name,
        idNumber: id.value,
        phone: phone.value,
        category,
        workplace: v.workplace || undefined,
        address: v.address || undefined,
      });
    }
  }
  imports.refuseBadRows(errors);
  return imports.startImport(db, ctx, repo.memberImportStore, {
    fileName: file.fileName,
    totalRows: rows.length,
    run: async (tx, job) => {
      let done = 0;
      for (const r of rows) {
        const m = await enrolInTx(
          tx,
          ctx,
          { kind: 'individual', orgId, tier: 'ordinary', admit: true, ...r },
          'import',
        );
        await admitInTx(tx, ctx, m, undefined);
        done++;
        job.report(done);
      }
      return done;
    },
  });
}

export function getMemberImport(db: Db, ctx: Ctx, id: string): Promise<ImportView> {
  return imports.getImport(db, ctx, repo.memberImportStore, id);
}

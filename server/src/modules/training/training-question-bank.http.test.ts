// The question bank through the HTTP routes: the starter bank is there, questions are added, changed and retired with
// their checks and duplicate refusal, listed with filters and counts, exported and imported from Excel — a file with
// any bad row (missing answer, answer not an option, unknown unit, bad kind, duplicate) is refused whole with the list.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { writeSheet } from '../../platform/excel';
import { createBranchChain, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { ensureQuestionBank, questionColumns } from './training-question-bank';

let t: TestApp;
let admin: Caller;
let examiner: Caller;

const countQuestions = async () =>
  Number((await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM training_questions`))[0].n);
const countAudit = async (action: string) =>
  Number(
    (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`))[0].n,
  );

function upload(caller: Caller, bytes: Buffer, name = 'questions.xlsx') {
  const boundary = '----boai-questions';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject(caller, {
    method: 'POST',
    url: '/api/training/questions/import',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const uniq = () => Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  t = await createTestApp();
  const { county } = await createBranchChain(t);
  admin = await createStaff(t, { orgId: county.id, roleId: 'training_admin' });
  examiner = await createStaff(t, { orgId: county.id, roleId: 'examiner' });
});
afterAll(() => t?.close());

describe('the starter bank', () => {
  it('is seeded with ≥60 single, ≥30 multiple, ≥45 judge questions over six units, and seeding again adds nothing', async () => {
    const res = await t.inject(admin, { method: 'GET', url: '/api/training/questions?limit=5' });
    expect(res.statusCode, res.body).toBe(200);
    const counts: { unitCode: string; kind: string; count: number }[] = res.json().counts;
    const byKind = (k: string) => counts.filter((c) => c.kind === k).reduce((s, c) => s + c.count, 0);
    expect(byKind('single')).toBeGreaterThanOrEqual(60);
    expect(byKind('multiple')).toBeGreaterThanOrEqual(30);
    expect(byKind('judge')).toBeGreaterThanOrEqual(45);
    expect(new Set(counts.map((c) => c.unitCode)).size).toBe(6);
    const before = await countQuestions();
    await ensureQuestionBank(t.db);
    expect(await countQuestions()).toBe(before);
  });

  it('filters by unit, kind and text', async () => {
    const res = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/questions?unitCode=cpr&kind=single&q=${encodeURIComponent('按压')}`,
    });
    const items = res.json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((q: { unitCode: string; kind: string }) => q.unitCode === 'cpr' && q.kind === 'single')).toBe(
      true,
    );
  });

  it('is for training managers only', async () => {
    expect((await t.inject(examiner, { method: 'GET', url: '/api/training/questions' })).statusCode).toBe(403);
    const learner = await signInByPhone(t, '13911112222');
    expect((await t.inject(learner, { method: 'GET', url: '/api/training/questions' })).statusCode).toBe(403);
  });
});

describe('editing questions', () => {
  it('adds, refuses a duplicate (other option order, full-width), changes and retires a question', async () => {
    const stem = `测试题干${uniq()}:AED 电极片应贴在`;
    const body = {
      unitCode: 'aed',
      kind: 'single',
      stem,
      options: [
        { key: 'A', text: '右锁骨下方与左乳头外侧' },
        { key: 'B', text: '背部' },
        { key: 'C', text: '腹部' },
      ],
      answer: ['A'],
      explanation: '前—侧位',
      tags: ['AED'],
    };
    const created = await t.inject(admin, { method: 'POST', url: '/api/training/questions', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const before = await countQuestions();
    const dup = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/questions',
      payload: { ...body, stem: ` ${stem}?`, options: [...body.options].reverse() },
    });
    expect(dup.statusCode).toBe(409);
    expect(await countQuestions()).toBe(before);

    const changed = await t.inject(admin, {
      method: 'PUT',
      url: `/api/training/questions/${id}`,
      payload: { ...body, answer: ['A'], explanation: '右胸上部锁骨下方、左胸乳头外侧腋中线' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().explanation).toContain('腋中线');
    const retired = await t.inject(admin, { method: 'DELETE', url: `/api/training/questions/${id}` });
    expect(retired.json().isActive).toBe(false);
    expect(await countAudit('training_question.retired')).toBe(1);
  });

  it.each([
    ['single with two answers', { kind: 'single', answer: ['A', 'B'] }],
    ['multiple with one answer', { kind: 'multiple', answer: ['A'] }],
    ['answer not an option', { kind: 'single', answer: ['E'] }],
    [
      'multiple with two options',
      {
        kind: 'multiple',
        answer: ['A', 'B'],
        options: [
          { key: 'A', text: '甲' },
          { key: 'B', text: '乙' },
        ],
      },
    ],
    ['judge answered A', { kind: 'judge', answer: ['A'], options: [] }],
  ])('refuses %s (400, nothing written)', async (_name, patch) => {
    const before = await countQuestions();
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/questions',
      payload: {
        unitCode: 'cpr',
        stem: `题${uniq()}`,
        options: [
          { key: 'A', text: '甲' },
          { key: 'B', text: '乙' },
          { key: 'C', text: '丙' },
        ],
        ...patch,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await countQuestions()).toBe(before);
  });

  it('stores judge questions with the fixed T / F options', async () => {
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/questions',
      payload: { unitCode: 'cpr', kind: 'judge', stem: `判断题${uniq()}`, answer: ['T'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().options.map((o: { key: string }) => o.key)).toEqual(['T', 'F']);
  });
});

describe('Excel', () => {
  const row = (extra: Record<string, string> = {}) => ({
    unit: '心肺复苏',
    kind: '单选',
    stem: `导入题${uniq()}`,
    optA: '甲',
    optB: '乙',
    optC: '丙',
    answer: 'A',
    explanation: '解析',
    tags: '导入',
    ...extra,
  });

  it('exports the bank in the template’s columns, and the template downloads', async () => {
    const res = await t.inject(admin, { method: 'GET', url: '/api/training/questions/export.xlsx' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('单元');
    expect(ws.rowCount - 1).toBeGreaterThanOrEqual(135);
    const tpl = await t.inject(admin, { method: 'GET', url: '/api/training/questions/template.xlsx' });
    expect(tpl.statusCode).toBe(200);
  });

  it('refuses a file with bad rows, listing each, and imports nothing', async () => {
    const [existing] = await queryRows<{ stem: string; options: { text: string }[] }>(
      t.db,
      sql`SELECT stem, options FROM training_questions WHERE kind = 'single' LIMIT 1`,
    );
    const same = row();
    const file = await writeSheet('题库', questionColumns, [
      row(),
      row({ answer: '' }),
      row({ answer: 'E' }),
      row({ unit: '游泳' }),
      row({ kind: '问答' }),
      same,
      { ...same },
      row({
        stem: existing.stem,
        optA: existing.options[0].text,
        optB: existing.options[1].text,
        optC: existing.options[2].text,
        optD: existing.options[3]?.text ?? '',
      }),
      row({ kind: '判断', optA: '', optB: '', optC: '', answer: '对' }),
    ]);
    const before = await countQuestions();
    const res = await upload(admin, file);
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.code).toBe('IMPORT_ROWS_INVALID');
    expect(body.details.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'MISSING_ANSWER'],
      [4, 'ANSWER_NOT_AN_OPTION'],
      [5, 'UNKNOWN_UNIT'],
      [6, 'BAD_KIND'],
      [8, 'DUPLICATE_IN_FILE'],
      [9, 'DUPLICATE_OF_EXISTING'],
    ]);
    expect(await countQuestions()).toBe(before);
  });

  it('imports a clean file in one go (with one audit row), and the same file again is refused as duplicates', async () => {
    const file = await writeSheet('题库', questionColumns, [
      row(),
      row({ kind: '多选', optD: '丁', answer: 'A,C' }),
      row({ kind: '判断', optA: '', optB: '', optC: '', answer: '错误' }),
    ]);
    const before = await countQuestions();
    const res = await upload(admin, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3 });
    expect(await countQuestions()).toBe(before + 3);
    expect(await countAudit('training_question.imported')).toBe(1);
    const [multi] = await queryRows<{ answer: string[] }>(
      t.db,
      sql`SELECT answer FROM training_questions WHERE kind = 'multiple' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(multi.answer).toEqual(['A', 'C']);
    const again = await upload(admin, file);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.errors).toHaveLength(3);
    expect(await countQuestions()).toBe(before + 3);
  });

  it('refuses a file that is not the template', async () => {
    const res = await upload(admin, Buffer.from('not a workbook'));
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

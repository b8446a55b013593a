// The question bank (题库): questions per syllabus unit, Excel import/export, the starter bank seeded for every install.
// The bank is network-wide reference data (training:manage edits it, every change audited). A question's content
// hash (normalised stem + sorted option texts) refuses duplicates; a question is retired (inactive), never deleted,
// because papers already drawn name it.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { choiceParser, readImportFile, refuseBadRows } from '../../platform/imports/imports.service';
import { actorId, actorLabel, hasPermission } from '../../platform/rbac/actor';
import {
  judgeOptions,
  optionLetters,
  type QuestionKind,
  type QuestionOption,
  questionContentHash,
  questionProblems,
} from './training-exam-paper';
import { forgetDrawablePool } from './training-exams';
import * as repo from './training-exams.repo';
import type { QuestionInput, QuestionListQuery, QuestionPage, QuestionView } from './training-exams.schemas';
import { questionKindValues, unitCodeValues, unitLabels } from './training-exams.schemas';
import { starterQuestions } from './training-question-seed';

const whoIs = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);

export function toQuestionView(row: repo.QuestionRow): QuestionView {
  return {
    id: row.id,
    unitCode: row.unitCode,
    kind: row.kind as QuestionKind,
    stem: row.stem,
    options: row.options as QuestionOption[],
    answer: row.answer as string[],
    explanation: row.explanation,
    tags: row.tags as string[],
    isActive: row.isActive,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function assertManages(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'training:manage')) {
    throw new AppError('FORBIDDEN', { permission: 'training:manage' });
  }
}

/** The question's options as stored: judge questions always carry T / F. */
function normalisedOptions(kind: string, options: QuestionOption[]): QuestionOption[] {
  return kind === 'judge' ? judgeOptions : options.map((o) => ({ key: o.key.toUpperCase(), text: o.text.trim() }));
}

/** Checks a question (VALIDATION_FAILED listing the problems) and returns its stored form. */
function checkedQuestion(input: QuestionInput) {
  const options = normalisedOptions(input.kind, input.options);
  const answer = [...new Set(input.answer.map((k) => k.toUpperCase()))].sort();
  const problems = questionProblems({ kind: input.kind, stem: input.stem, options, answer });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: problems.map((p) => ({ field: p.field, code: p.code, message: p.en })),
    });
  }
  return {
    unitCode: input.unitCode,
    kind: input.kind,
    stem: input.stem.trim(),
    options,
    answer,
    explanation: input.explanation.trim(),
    tags: [...new Set(input.tags)],
    contentHash: questionContentHash(input.stem, options),
  };
}

// ------------------------------------------------------------------------------------------------ seed

/** Seeds the starter question bank for every install; idempotent (content hashes). */
export async function ensureQuestionBank(db: Db): Promise<void> {
  const rows = starterQuestions.map(([unitCode, kind, stem, texts, answer, explanation]) => {
    const options = kind === 'judge' ? judgeOptions : texts.map((text, i) => ({ key: optionLetters[i], text }));
    return {
      id: crypto.randomUUID(),
      unitCode,
      kind,
      stem,
      options,
      answer: answer.split('').sort(),
      explanation,
      tags: ['starter'],
      contentHash: questionContentHash(stem, options),
      createdBy: 'system:seed',
    };
  });
  const known = await repo.existingHashes(
    db,
    rows.map((r) => r.contentHash),
  );
  await repo.insertQuestions(
    db,
    rows.filter((r) => !known.has(r.contentHash)),
  );
}

// ------------------------------------------------------------------------------------------------ CRUD

export async function listQuestions(db: Db, ctx: Ctx, q: QuestionListQuery): Promise<QuestionPage> {
  assertManages(ctx);
  const { rows, total } = await repo.listQuestions(db, {
    unitCode: q.unitCode,
    kind: q.kind,
    q: q.q,
    includeInactive: q.includeInactive === 'true',
    limit: q.limit,
    offset: q.offset,
  });
  return { items: rows.map(toQuestionView), total, counts: await repo.countQuestions(db) };
}

async function assertNotDuplicate(db: Db, hash: string, exceptId?: string): Promise<void> {
  const dup = await repo.findQuestionByHash(db, hash, exceptId);
  if (dup) {
    throw new AppError('CONFLICT', { reason: 'duplicate_question', questionId: dup.id });
  }
}

export async function createQuestion(db: Db, ctx: Ctx, input: QuestionInput): Promise<QuestionView> {
  assertManages(ctx);
  const q = checkedQuestion(input);
  return db.transaction(async (tx) => {
    await assertNotDuplicate(tx, q.contentHash);
    const id = crypto.randomUUID();
    const inserted = await repo.insertQuestions(tx, [{ id, ...q, createdBy: whoIs(ctx) }]);
    if (inserted === 0) {
      throw new AppError('CONFLICT', { reason: 'duplicate_question' });
    }
    const row = (await repo.findQuestion(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'training_question.created',
      entityType: 'training_question',
      entityId: id,
      after: toQuestionView(row),
    });
    forgetDrawablePool();
    return toQuestionView(row);
  });
}

export async function updateQuestion(db: Db, ctx: Ctx, id: string, input: QuestionInput): Promise<QuestionView> {
  assertManages(ctx);
  const q = checkedQuestion(input);
  return db.transaction(async (tx) => {
    const before = await repo.findQuestion(tx, id);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'training_question', id });
    }
    await assertNotDuplicate(tx, q.contentHash, id);
    const after = await repo.updateQuestion(tx, id, { ...q, isActive: true });
    await recordAudit(tx, ctx, {
      action: 'training_question.updated',
      entityType: 'training_question',
      entityId: id,
      before: toQuestionView(before),
      after: toQuestionView(after),
    });
    forgetDrawablePool();
    return toQuestionView(after);
  });
}

/** Retires a question: new papers no longer draw it; papers already drawn keep it. */
export async function retireQuestion(db: Db, ctx: Ctx, id: string): Promise<QuestionView> {
  assertManages(ctx);
  return db.transaction(async (tx) => {
    const before = await repo.findQuestion(tx, id);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'training_question', id });
    }
    const after = await repo.updateQuestion(tx, id, { isActive: false });
    await recordAudit(tx, ctx, {
      action: 'training_question.retired',
      entityType: 'training_question',
      entityId: id,
      before: { isActive: before.isActive },
      after: { isActive: false },
    });
    forgetDrawablePool();
    return toQuestionView(after);
  });
}

// ------------------------------------------------------------------------------------------------ Excel

const optionCols = optionLetters.slice(0, 6);
export const questionColumns: SheetColumn[] = [
  {
    key: 'unit',
    header: '单元',
    aliases: ['Unit'],
    width: 14,
    note: unitCodeValues.map((u) => `${unitLabels[u].zh}(${u})`).join('、'),
  },
  { key: 'kind', header: '题型', aliases: ['Kind'], width: 8, note: '单选 / 多选 / 判断' },
  { key: 'stem', header: '题干', aliases: ['Stem'], width: 50 },
  ...optionCols.map((k) => ({ key: `opt${k}`, header: `选项${k}`, aliases: [`Option ${k}`], width: 24 })),
  { key: 'answer', header: '答案', aliases: ['Answer'], width: 8, note: '单选如 B;多选如 ABD;判断填 正确 或 错误' },
  { key: 'explanation', header: '解析', aliases: ['Explanation'], width: 40 },
  { key: 'tags', header: '标签', aliases: ['Tags'], width: 16, note: '多个标签用逗号分隔' },
];

const kindLabels: Record<QuestionKind, string> = { single: '单选', multiple: '多选', judge: '判断' };
const parseKind = choiceParser<QuestionKind>({
  single: ['单选', '单选题', 'single choice'],
  multiple: ['多选', '多选题', 'multiple choice'],
  judge: ['判断', '判断题', 'true/false', 'tf'],
});
const parseUnit = choiceParser(
  Object.fromEntries(unitCodeValues.map((u) => [u, [unitLabels[u].zh, unitLabels[u].en]])) as Record<
    (typeof unitCodeValues)[number],
    string[]
  >,
);
const parseJudge = choiceParser({ T: ['正确', '对', '是', '√', 'true'], F: ['错误', '错', '否', '×', 'false'] });

function toRow(q: repo.QuestionRow): Record<string, string> {
  const options = q.options as QuestionOption[];
  const answer = q.answer as string[];
  const out: Record<string, string> = {
    unit: unitLabels[q.unitCode as keyof typeof unitLabels]?.zh ?? q.unitCode,
    kind: kindLabels[q.kind as QuestionKind],
    stem: q.stem,
    answer: q.kind === 'judge' ? (answer[0] === 'T' ? '正确' : '错误') : answer.join(''),
    explanation: q.explanation,
    tags: (q.tags as string[]).join(','),
  };
  if (q.kind !== 'judge') {
    for (const o of options) {
      out[`opt${o.key}`] = o.text;
    }
  }
  return out;
}

export async function exportQuestions(db: Db, ctx: Ctx): Promise<Buffer> {
  assertManages(ctx);
  return writeSheet('题库', questionColumns, (await repo.allQuestions(db)).map(toRow));
}

export function questionTemplate(): Promise<Buffer> {
  return writeSheet('题库', questionColumns, [
    {
      unit: '心肺复苏',
      kind: '单选',
      stem: '成人胸外按压的深度应为',
      optA: '2~3 cm',
      optB: '5~6 cm',
      optC: '7~8 cm',
      answer: 'B',
      explanation: '成人按压深度为5~6 cm。',
      tags: '按压',
    },
  ]);
}

export const maxImportRows = 2000;

/**
 * Imports questions from the template. Every bad row is listed (missing answer, answer not among the options, unknown
 * unit, bad kind, a duplicate inside the file or of a question in the bank) and then nothing is imported
 * (IMPORT_ROWS_INVALID); a clean file is inserted in one transaction with one audit row.
 */
export async function importQuestions(
  db: Db,
  ctx: Ctx,
  fileName: string,
  buffer: Buffer,
): Promise<{ created: number }> {
  assertManages(ctx);
  const { rows, errors } = await readImportFile(ctx, buffer, questionColumns, maxImportRows);
  const drafts: (repo.QuestionInsert & { row: number })[] = [];
  const seenInFile = new Map<string, number>();
  for (const { rowNumber, values } of rows) {
    const unitCode = parseUnit(values.unit);
    const kind = parseKind(values.kind);
    if (!unitCode) {
      errors.add(rowNumber, 'unit', 'UNKNOWN_UNIT', `未知的单元"${values.unit}"`, `unknown unit "${values.unit}"`);
    }
    if (!kind) {
      errors.add(rowNumber, 'kind', 'BAD_KIND', '题型应为单选、多选或判断', 'kind must be single, multiple or judge');
    }
    if (!unitCode || !kind) {
      continue;
    }
    const options: QuestionOption[] =
      kind === 'judge'
        ? judgeOptions
        : optionCols.filter((k) => values[`opt${k}`] !== '').map((k) => ({ key: k, text: values[`opt${k}`] }));
    let answer: string[];
    if (kind === 'judge') {
      const a = values.answer === '' ? undefined : parseJudge(values.answer);
      answer = a ? [a] : values.answer === '' ? [] : ['?'];
    } else {
      answer = [
        ...new Set(
          values.answer
            .toUpperCase()
            .replace(/[\s,,、;;]/g, '')
            .split('')
            .filter(Boolean),
        ),
      ].sort();
    }
    const problems = questionProblems({ kind, stem: values.stem, options, answer });
    for (const p of problems) {
      const field = p.field === 'options' ? 'optA' : p.field === 'kind' ? 'kind' : p.field;
      errors.add(rowNumber, field, p.code, p.zh, p.en);
    }
    if (problems.length > 0) {
      continue;
    }
    const contentHash = questionContentHash(values.stem, options);
    const first = seenInFile.get(contentHash);
    if (first !== undefined) {
      errors.add(rowNumber, 'stem', 'DUPLICATE_IN_FILE', `与第${first}行重复`, `duplicates row ${first}`);
      continue;
    }
    seenInFile.set(contentHash, rowNumber);
    drafts.push({
      row: rowNumber,
      id: crypto.randomUUID(),
      unitCode,
      kind,
      stem: values.stem.trim(),
      options,
      answer,
      explanation: values.explanation,
      tags: values.tags
        .split(/[,,、;;]/)
        .map((t) => t.trim())
        .filter(Boolean)
        .slice(0, 10),
      contentHash,
      createdBy: whoIs(ctx),
    });
  }
  const existing = await repo.existingHashes(
    db,
    drafts.map((d) => d.contentHash),
  );
  for (const d of drafts) {
    if (existing.has(d.contentHash)) {
      errors.add(d.row, 'stem', 'DUPLICATE_OF_EXISTING', '题库中已有相同的题目', 'the bank already has this question');
    }
  }
  refuseBadRows(errors);
  return db.transaction(async (tx) => {
    const created = await repo.insertQuestions(
      tx,
      drafts.map(({ row: _row, ...d }) => d),
    );
    if (created !== drafts.length) {
      // A question with the same content landed between the check and the insert: refuse the whole file.
      throw new AppError('CONFLICT', { reason: 'duplicate_question' });
    }
    await recordAudit(tx, ctx, {
      action: 'training_question.imported',
      entityType: 'training_question',
      after: { fileName, created },
    });
    forgetDrawablePool();
    return { created };
  });
}

export const questionKinds = questionKindValues;

// Pure rules of the theory exam: question checks and content hashes, drawing a paper from a course's blueprint,
// shuffling options per learner, mapping the learner's option keys to the question's, grading, study heartbeats and
// the "faster than possible" flag. No database here: table tests in training-exam-paper.test.ts.
import crypto from 'node:crypto';

export type QuestionKind = 'single' | 'multiple' | 'judge';
export type QuestionOption = { key: string; text: string };
export type BlueprintRow = { unitCode: string | null; questionKind: QuestionKind; count: number; points: number };
/** One question of a learner's paper: optionOrder lists the question's own option keys in the order shown. */
export type PaperQuestion = { questionId: string; kind: QuestionKind; optionOrder: string[]; points: number };
export type DrawableQuestion = { id: string; unitCode: string; kind: QuestionKind; options: QuestionOption[] };
export type Shortfall = { unitCode: string | null; questionKind: QuestionKind; needed: number; available: number };

/** The judge (true/false) options every judge question carries, in this order, never shuffled. */
export const judgeOptions: QuestionOption[] = [
  { key: 'T', text: '正确' },
  { key: 'F', text: '错误' },
];
export const optionLetters = 'ABCDEFGH'.split('');
export const maxOptions = optionLetters.length;

/** Text as compared for duplicates: NFKC (full-width forms), whitespace collapsed, case and end punctuation ignored. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[。.?？!！;;::,,、\s]+$/u, '')
    .toLowerCase();
}

/** SHA-256 (hex) of the normalised stem and the sorted normalised option texts: the same question typed twice. */
export function questionContentHash(stem: string, options: QuestionOption[]): string {
  const texts = options.map((o) => normaliseText(o.text)).sort();
  return crypto
    .createHash('sha256')
    .update([normaliseText(stem), ...texts].join('\u001f'))
    .digest('hex');
}

export type QuestionDraft = { kind: string; stem: string; options: QuestionOption[]; answer: string[] };
export type QuestionProblem = { field: 'kind' | 'stem' | 'options' | 'answer'; code: string; zh: string; en: string };

/**
 * What is wrong with a question, empty when nothing: single = exactly one answer among ≥2 options; multiple = ≥2
 * answers among ≥3 options; judge = options T/F (fixed) and one answer T or F; option keys and texts unique; every
 * answer key names an option.
 */
export function questionProblems(q: QuestionDraft): QuestionProblem[] {
  const out: QuestionProblem[] = [];
  const add = (field: QuestionProblem['field'], code: string, zh: string, en: string) =>
    out.push({ field, code, zh, en });
  if (!['single', 'multiple', 'judge'].includes(q.kind)) {
    add('kind', 'BAD_KIND', '题型应为单选、多选或判断', 'kind must be single, multiple or judge');
    return out;
  }
  if (normaliseText(q.stem) === '') {
    add('stem', 'MISSING_STEM', '缺少题干', 'the stem is missing');
  }
  const keys = q.options.map((o) => o.key);
  if (q.kind === 'judge') {
    if (keys.join() !== 'T,F') {
      add('options', 'JUDGE_OPTIONS', '判断题的选项固定为"正确/错误"', 'a true/false question has the options T and F');
    }
  } else {
    const min = q.kind === 'multiple' ? 3 : 2;
    if (q.options.length < min || q.options.length > maxOptions) {
      add(
        'options',
        'OPTION_COUNT',
        `${q.kind === 'multiple' ? '多选' : '单选'}题需要${min}–${maxOptions}个选项`,
        `a ${q.kind} question needs ${min} to ${maxOptions} options`,
      );
    }
    if (new Set(keys).size !== keys.length || keys.some((k) => !optionLetters.includes(k))) {
      add('options', 'OPTION_KEYS', '选项代号应为不重复的字母 A–H', 'option keys must be distinct letters A–H');
    }
    const texts = q.options.map((o) => normaliseText(o.text));
    if (texts.some((t) => t === '')) {
      add('options', 'EMPTY_OPTION', '有选项内容为空', 'an option is empty');
    } else if (new Set(texts).size !== texts.length) {
      add('options', 'DUPLICATE_OPTION', '有两个选项内容相同', 'two options have the same text');
    }
  }
  if (q.answer.length === 0) {
    add('answer', 'MISSING_ANSWER', '缺少答案', 'the answer is missing');
    return out;
  }
  if (new Set(q.answer).size !== q.answer.length || q.answer.some((k) => !keys.includes(k))) {
    add('answer', 'ANSWER_NOT_AN_OPTION', '答案不在选项之中', 'the answer names an option that does not exist');
    return out;
  }
  if ((q.kind === 'single' || q.kind === 'judge') && q.answer.length !== 1) {
    add(
      'answer',
      'ANSWER_COUNT',
      '单选题和判断题只能有一个答案',
      'single-choice and true/false questions have one answer',
    );
  }
  if (q.kind === 'multiple' && q.answer.length < 2) {
    add('answer', 'ANSWER_COUNT', '多选题至少有两个答案', 'a multiple-choice question has at least two answers');
  }
  return out;
}

/** A random number in [0, 1) from the system's CSPRNG (papers are not guessable from one another). */
export const secureRandom = (): number => crypto.randomInt(0, 2 ** 32) / 2 ** 32;

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number = secureRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Draws a paper: for each blueprint row `count` questions of its kind from its unit (null: any unit of `units`),
 * never the same question twice; rows naming a unit draw first so "any unit" rows take what is left. Options are
 * shuffled per question (judge questions keep T, F). Questions come out shuffled. Returns the shortfalls instead when
 * the bank has too few.
 */
export function drawPaper(
  blueprint: BlueprintRow[],
  pool: DrawableQuestion[],
  units: string[] | null,
  random: () => number = secureRandom,
): { ok: true; paper: PaperQuestion[] } | { ok: false; shortfalls: Shortfall[] } {
  const used = new Set<string>();
  const picked: PaperQuestion[] = [];
  const shortfalls: Shortfall[] = [];
  const rows = [...blueprint].sort((a, b) => Number(a.unitCode === null) - Number(b.unitCode === null));
  for (const row of rows) {
    if (row.count <= 0) {
      continue;
    }
    const candidates = pool.filter(
      (q) =>
        q.kind === row.questionKind &&
        !used.has(q.id) &&
        (row.unitCode === null ? units === null || units.includes(q.unitCode) : q.unitCode === row.unitCode),
    );
    if (candidates.length < row.count) {
      shortfalls.push({
        unitCode: row.unitCode,
        questionKind: row.questionKind,
        needed: row.count,
        available: candidates.length,
      });
      continue;
    }
    for (const q of shuffled(candidates, random).slice(0, row.count)) {
      used.add(q.id);
      const keys = q.options.map((o) => o.key);
      picked.push({
        questionId: q.id,
        kind: q.kind,
        optionOrder: q.kind === 'judge' ? keys : shuffled(keys, random),
        points: row.points,
      });
    }
  }
  if (shortfalls.length > 0) {
    return { ok: false, shortfalls };
  }
  return { ok: true, paper: shuffled(picked, random) };
}

/** The keys the learner sees for a paper question: A, B, C … by position; T and F for judge questions. */
export function displayKeys(pq: PaperQuestion): string[] {
  return pq.kind === 'judge' ? [...pq.optionOrder] : pq.optionOrder.map((_, i) => optionLetters[i]);
}

/**
 * The learner's chosen keys (as shown) in the question's own keys, sorted; null when a key was not shown, a key
 * repeats, or a single/judge question gets more than one. An empty choice (cleared) stays empty.
 */
export function toQuestionKeys(pq: PaperQuestion, shown: string[]): string[] | null {
  const keys = displayKeys(pq);
  if (new Set(shown).size !== shown.length || (pq.kind !== 'multiple' && shown.length > 1)) {
    return null;
  }
  const out: string[] = [];
  for (const k of shown) {
    const i = keys.indexOf(k);
    if (i < 0) {
      return null;
    }
    out.push(pq.optionOrder[i]);
  }
  return out.sort();
}

/** The question's own keys as the learner sees them (sorted by position). */
export function toShownKeys(pq: PaperQuestion, questionKeys: string[]): string[] {
  const keys = displayKeys(pq);
  return pq.optionOrder
    .map((k, i) => (questionKeys.includes(k) ? keys[i] : null))
    .filter((k): k is string => k !== null);
}

/** All or nothing: the chosen keys are exactly the correct ones (a multiple-choice answer with one missing is wrong). */
export function isCorrect(correct: string[], given: string[] | undefined): boolean {
  if (!given || given.length !== correct.length) {
    return false;
  }
  const set = new Set(correct);
  return given.every((k) => set.has(k));
}

export type Graded = { score: number; maxScore: number; correct: Map<string, boolean> };

/** Grades a paper against the saved answers (question keys) and the answer keys. */
export function gradePaper(
  paper: PaperQuestion[],
  saved: Map<string, string[]>,
  answerKeys: Map<string, string[]>,
): Graded {
  let score = 0;
  const correct = new Map<string, boolean>();
  for (const pq of paper) {
    const ok = isCorrect(answerKeys.get(pq.questionId) ?? [], saved.get(pq.questionId));
    correct.set(pq.questionId, ok);
    if (ok) {
      score += pq.points;
    }
  }
  return { score, maxScore: paperMaxScore(paper), correct };
}

export const paperMaxScore = (paper: PaperQuestion[]) => paper.reduce((s, q) => s + q.points, 0);

/** Passed when the score reaches the pass percent of the paper's points (integers: no rounding surprises). */
export const isPassing = (score: number, maxScore: number, passPercent: number) =>
  maxScore > 0 && score * 100 >= maxScore * passPercent;

/**
 * Less time than this per question on average is faster than anyone can read and answer (3 s by default; a province
 * sets its own with BOAI_EXAM_MIN_SECONDS_PER_QUESTION, applied at start-up by `configureExamPace`).
 */
export const examPace = { minSecondsPerQuestion: 3 };

export function configureExamPace(patch: Partial<typeof examPace>): void {
  Object.assign(examPace, patch);
}

export function isTooFast(startedAt: Date, submittedAt: Date, questionCount: number): boolean {
  return (submittedAt.getTime() - startedAt.getTime()) / 1000 < questionCount * examPace.minSecondsPerQuestion;
}

/** The most one study heartbeat counts (the page beats every ~15 s). */
export const maxBeatSeconds = 30;

/**
 * Seconds one heartbeat adds: the real time since the previous beat, at most maxBeatSeconds; the first beat of a
 * lesson (no previous beat) starts the clock and counts nothing. A clock going backwards counts nothing.
 */
export function beatSeconds(lastBeatAt: Date | null, now: Date): number {
  if (!lastBeatAt) {
    return 0;
  }
  return Math.max(0, Math.min(maxBeatSeconds, Math.floor((now.getTime() - lastBeatAt.getTime()) / 1000)));
}

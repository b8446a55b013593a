// Table tests of the exam's pure rules: question checks and hashes, drawing from a blueprint, key mapping, grading,
// heartbeats, and the starter bank itself (valid, no duplicates, enough for the default blueprint).
import { describe, expect, it } from 'vitest';
import {
  beatSeconds,
  type DrawableQuestion,
  displayKeys,
  drawPaper,
  gradePaper,
  isCorrect,
  isPassing,
  isTooFast,
  judgeOptions,
  optionLetters,
  type PaperQuestion,
  questionContentHash,
  questionProblems,
  shuffled,
  toQuestionKeys,
  toShownKeys,
} from './training-exam-paper';
import { starterQuestions } from './training-question-seed';

const abcd = ['甲', '乙', '丙', '丁'].map((text, i) => ({ key: optionLetters[i], text }));

/** A deterministic generator for reproducible draws. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('questionProblems', () => {
  it.each([
    ['a good single', { kind: 'single', stem: '题', options: abcd, answer: ['B'] }, []],
    ['a good multiple', { kind: 'multiple', stem: '题', options: abcd, answer: ['A', 'C'] }, []],
    ['a good judge', { kind: 'judge', stem: '题', options: judgeOptions, answer: ['F'] }, []],
    ['bad kind', { kind: 'essay', stem: '题', options: abcd, answer: ['A'] }, ['BAD_KIND']],
    ['no answer', { kind: 'single', stem: '题', options: abcd, answer: [] }, ['MISSING_ANSWER']],
    ['answer not an option', { kind: 'single', stem: '题', options: abcd, answer: ['E'] }, ['ANSWER_NOT_AN_OPTION']],
    ['single with two answers', { kind: 'single', stem: '题', options: abcd, answer: ['A', 'B'] }, ['ANSWER_COUNT']],
    ['multiple with one answer', { kind: 'multiple', stem: '题', options: abcd, answer: ['A'] }, ['ANSWER_COUNT']],
    [
      'multiple with two options',
      { kind: 'multiple', stem: '题', options: abcd.slice(0, 2), answer: ['A', 'B'] },
      ['OPTION_COUNT'],
    ],
    ['judge with A/B', { kind: 'judge', stem: '题', options: abcd.slice(0, 2), answer: ['A'] }, ['JUDGE_OPTIONS']],
    [
      'duplicate option texts',
      { kind: 'single', stem: '题', options: [abcd[0], { key: 'B', text: ' 甲 ' }], answer: ['A'] },
      ['DUPLICATE_OPTION'],
    ],
    ['empty stem', { kind: 'single', stem: '  ', options: abcd, answer: ['A'] }, ['MISSING_STEM']],
  ])('%s', (_name, draft, codes) => {
    expect(questionProblems(draft).map((p) => p.code)).toEqual(codes);
  });
});

describe('questionContentHash', () => {
  it('ignores option order, width, spacing and end punctuation, but not the stem', () => {
    const h = questionContentHash('成人按压深度为?', abcd);
    expect(questionContentHash(' 成人按压深度为 ', [...abcd].reverse())).toBe(h);
    expect(questionContentHash('成人按压深度为?', abcd)).toBe(h);
    expect(questionContentHash('儿童按压深度为', abcd)).not.toBe(h);
    expect(questionContentHash('成人按压深度为', abcd.slice(0, 3))).not.toBe(h);
  });
});

function bank(): DrawableQuestion[] {
  const out: DrawableQuestion[] = [];
  for (const unitCode of ['cpr', 'aed']) {
    for (let i = 0; i < 5; i++) {
      out.push({ id: `${unitCode}-s${i}`, unitCode, kind: 'single', options: abcd });
      out.push({ id: `${unitCode}-j${i}`, unitCode, kind: 'judge', options: judgeOptions });
    }
  }
  return out;
}

describe('drawPaper', () => {
  it('draws the blueprint without repeats, unit rows before any-unit rows', () => {
    const r = drawPaper(
      [
        { unitCode: null, questionKind: 'single', count: 5, points: 2 },
        { unitCode: 'cpr', questionKind: 'single', count: 5, points: 3 },
        { unitCode: 'aed', questionKind: 'judge', count: 2, points: 1 },
      ],
      bank(),
      ['cpr', 'aed'],
      seeded(1),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    const ids = r.paper.map((p) => p.questionId);
    expect(new Set(ids).size).toBe(12);
    expect(r.paper.filter((p) => p.questionId.startsWith('cpr-s')).every((p) => p.points === 3)).toBe(true);
    expect(r.paper.filter((p) => p.questionId.startsWith('aed-s'))).toHaveLength(5);
    expect(r.paper.filter((p) => p.kind === 'judge').every((p) => p.optionOrder.join() === 'T,F')).toBe(true);
  });

  it('lists the shortfalls when the bank is short', () => {
    const r = drawPaper([{ unitCode: 'cpr', questionKind: 'multiple', count: 1, points: 1 }], bank(), null, seeded(2));
    expect(r).toEqual({
      ok: false,
      shortfalls: [{ unitCode: 'cpr', questionKind: 'multiple', needed: 1, available: 0 }],
    });
  });

  it('keeps any-unit rows to the course units', () => {
    const r = drawPaper([{ unitCode: null, questionKind: 'single', count: 6, points: 1 }], bank(), ['cpr'], seeded(3));
    expect(r.ok).toBe(false);
  });

  it('gives different learners different papers and option orders', () => {
    const blueprint = [{ unitCode: null, questionKind: 'single' as const, count: 5, points: 1 }];
    const a = drawPaper(blueprint, bank(), null, seeded(4));
    const b = drawPaper(blueprint, bank(), null, seeded(5));
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) {
      return;
    }
    expect(JSON.stringify(a.paper)).not.toBe(JSON.stringify(b.paper));
  });

  it('shuffles every permutation (Fisher–Yates, no bias to the first item)', () => {
    const firsts = new Map<string, number>();
    const random = seeded(9);
    for (let i = 0; i < 4000; i++) {
      const f = shuffled(['A', 'B', 'C', 'D'], random)[0];
      firsts.set(f, (firsts.get(f) ?? 0) + 1);
    }
    for (const k of ['A', 'B', 'C', 'D']) {
      expect(firsts.get(k)).toBeGreaterThan(850);
    }
  });
});

describe('option keys as shown and as stored', () => {
  const pq: PaperQuestion = { questionId: 'q', kind: 'multiple', optionOrder: ['C', 'A', 'D', 'B'], points: 1 };
  it.each([
    [['A'], ['C']],
    [
      ['B', 'D'],
      ['A', 'B'],
    ],
    [[], []],
    [['E'], null],
    [['A', 'A'], null],
  ])('shown %j → stored %j', (shown, stored) => {
    expect(toQuestionKeys(pq, shown)).toEqual(stored);
  });
  it('round-trips', () => {
    expect(toShownKeys(pq, ['A', 'B'])).toEqual(['B', 'D']);
    expect(displayKeys(pq)).toEqual(['A', 'B', 'C', 'D']);
  });
  it('refuses two keys for a single or judge question', () => {
    expect(toQuestionKeys({ ...pq, kind: 'single' }, ['A', 'B'])).toBeNull();
    expect(toQuestionKeys({ questionId: 'j', kind: 'judge', optionOrder: ['T', 'F'], points: 1 }, ['T'])).toEqual([
      'T',
    ]);
  });
});

describe('grading', () => {
  it.each([
    [['A'], ['A'], true],
    [['A', 'C'], ['C', 'A'], true],
    [['A', 'C'], ['A'], false],
    [['A', 'C'], ['A', 'B', 'C'], false],
    [['T'], undefined, false],
  ])('correct %j, given %j → %s', (correct, given, ok) => {
    expect(isCorrect(correct, given)).toBe(ok);
  });

  it('adds the points of the right answers', () => {
    const paper: PaperQuestion[] = [
      { questionId: 'a', kind: 'single', optionOrder: ['A', 'B'], points: 2 },
      { questionId: 'b', kind: 'multiple', optionOrder: ['A', 'B', 'C'], points: 3 },
      { questionId: 'c', kind: 'judge', optionOrder: ['T', 'F'], points: 1 },
    ];
    const g = gradePaper(
      paper,
      new Map([
        ['a', ['A']],
        ['b', ['A']],
      ]),
      new Map([
        ['a', ['A']],
        ['b', ['A', 'B']],
        ['c', ['T']],
      ]),
    );
    expect(g.score).toBe(2);
    expect(g.maxScore).toBe(6);
    expect([...g.correct.values()]).toEqual([true, false, false]);
  });

  it.each([
    [80, 100, 80, true],
    [79, 100, 80, false],
    [48, 60, 80, true],
    [47, 60, 80, false],
    [0, 0, 80, false],
  ])('%i of %i at %i%% → %s', (score, max, pct, ok) => {
    expect(isPassing(score, max, pct)).toBe(ok);
  });

  it('flags a submission under 3 s per question', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(isTooFast(t0, new Date(t0.getTime() + 59_000), 20)).toBe(true);
    expect(isTooFast(t0, new Date(t0.getTime() + 60_000), 20)).toBe(false);
  });
});

describe('beatSeconds', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it.each([
    [null, 15_000, 0],
    [t0, 15_000, 15],
    [t0, 600_000, 30],
    [t0, -5_000, 0],
  ])('last %s, after %i ms → %i s', (last, ms, s) => {
    expect(beatSeconds(last, new Date(t0.getTime() + ms))).toBe(s);
  });
});

describe('the starter bank', () => {
  const rows = starterQuestions.map(([unitCode, kind, stem, texts, answer]) => ({
    unitCode,
    kind,
    stem,
    options: kind === 'judge' ? judgeOptions : texts.map((text, i) => ({ key: optionLetters[i], text })),
    answer: answer.split(''),
  }));
  it('has every question valid and none twice', () => {
    for (const q of rows) {
      expect(questionProblems(q), q.stem).toEqual([]);
    }
    expect(new Set(rows.map((q) => questionContentHash(q.stem, q.options))).size).toBe(rows.length);
  });
  it('has ≥60 single, ≥30 multiple, ≥45 judge over the six units', () => {
    const n = (k: string) => rows.filter((q) => q.kind === k).length;
    expect([n('single') >= 60, n('multiple') >= 30, n('judge') >= 45]).toEqual([true, true, true]);
    for (const u of ['basics', 'cpr', 'aed', 'choking', 'trauma', 'emergencies']) {
      expect(rows.filter((q) => q.unitCode === u).length).toBeGreaterThanOrEqual(20);
    }
  });
  it('fills a typical 40-question blueprint', () => {
    const pool = rows.map((q, i) => ({ id: String(i), unitCode: q.unitCode, kind: q.kind, options: q.options }));
    const r = drawPaper(
      [
        { unitCode: 'cpr', questionKind: 'single', count: 6, points: 2 },
        { unitCode: null, questionKind: 'single', count: 14, points: 2 },
        { unitCode: null, questionKind: 'multiple', count: 10, points: 3 },
        { unitCode: null, questionKind: 'judge', count: 10, points: 1 },
      ],
      pool,
      null,
    );
    expect(r.ok).toBe(true);
  });
});

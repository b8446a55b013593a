// /training/exam/:enrolmentId — the theory exam on the phone: the rules and attempts, start or resume, one question
// per screen with an answer card, a countdown from the server's clock (a reload keeps it), autosave on every choice
// (kept on the phone and retried while the connection is down; restored from the server on reload), submission with
// a confirmation listing unanswered questions, and the result with each question's answer and explanation.
import {
  CheckCircleFilled,
  CloseCircleFilled,
  CloudSyncOutlined,
  ExclamationCircleOutlined,
  LeftOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import {
  type AttemptQuestion,
  type AttemptView,
  examKeys,
  loadPending,
  saveAnswer,
  storePending,
  useAttempt,
  useExamState,
  useStartAttempt,
  useSubmitAttempt,
} from '../exams-api';
import './exams.css';
import { formatDateMinute } from '../../../lib/china-time';
import { LearnerGate } from './study-page';

const pad = (n: number) => String(n).padStart(2, '0');
function formatLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
const chinaTime = (iso: string) => formatDateMinute(iso, 'zh');

export function ExamPage() {
  const { enrolmentId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation('trainingExams');
  const { data: me } = useMe();
  const signedIn = me?.kind === 'public';
  const state = useExamState(enrolmentId, signedIn);
  const attemptId = params.get('attempt') ?? state.data?.inProgressId ?? null;
  const attempt = useAttempt(attemptId);
  const open = useCallback((id: string | null) => setParams(id ? { attempt: id } : {}, { replace: true }), [setParams]);
  // Resuming an attempt in progress pins it in the address: after submission the page stays on its result.
  const inProgressId = state.data?.inProgressId ?? null;
  const pinned = params.get('attempt');
  useEffect(() => {
    if (!pinned && inProgressId) {
      open(inProgressId);
    }
  }, [pinned, inProgressId, open]);

  return (
    <LearnerGate
      title={t('exam.title')}
      next={`/training/exam/${enrolmentId}`}
      loading={state.isLoading || (attemptId !== null && attempt.isLoading)}
      missing={!state.data}
    >
      {state.data &&
        (attempt.data && attempt.data.status === 'in_progress' ? (
          <AttemptRunner key={attempt.data.id} view={attempt.data} enrolmentId={enrolmentId} />
        ) : attempt.data ? (
          <AttemptResult view={attempt.data} canRetry={state.data.blockedBy === null} onRetry={() => open(null)} />
        ) : (
          <ExamHome enrolmentId={enrolmentId} onOpen={open} />
        ))}
    </LearnerGate>
  );
}

function ExamHome({ enrolmentId, onOpen }: { enrolmentId: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation('trainingExams');
  const { message } = App.useApp();
  const state = useExamState(enrolmentId).data!;
  const start = useStartAttempt(enrolmentId);
  const begin = () =>
    start.mutate(undefined, {
      onSuccess: (view) => onOpen(view.id),
      onError: (error) => {
        const id = isApiError(error) ? (error.details?.attemptId as string | undefined) : undefined;
        if (id) {
          onOpen(id);
        } else {
          void message.error(error.message);
        }
      },
    });
  return (
    <div className="tx-page" data-testid="exam-home">
      <div>
        <h1 className="tx-title">{t('exam.title')}</h1>
        <div className="tx-muted" style={{ marginTop: 4 }}>
          {state.courseName} · {state.classTitle}
        </div>
      </div>
      <section className="tx-card">
        <p style={{ marginTop: 0, lineHeight: 1.7 }}>
          {t('exam.rules', {
            count: state.questionCount,
            max: state.maxScore,
            pass: state.passPercent,
            minutes: state.theoryMinutes,
            attempts: state.maxAttempts,
            used: state.attemptsUsed,
          })}
        </p>
        {(state.opensAt || state.closesAt) && (
          <p className="tx-muted">
            {t('exam.window', {
              from: state.opensAt ? chinaTime(state.opensAt) : '—',
              to: state.closesAt ? chinaTime(state.closesAt) : '—',
            })}
          </p>
        )}
        {state.blockedBy && state.blockedBy !== 'ATTEMPT_IN_PROGRESS' ? (
          <Alert
            type={state.blockedBy === 'CONFLICT' ? 'success' : 'warning'}
            showIcon
            title={t(`exam.blocked.${state.blockedBy}`, { defaultValue: state.blockedBy })}
            action={
              state.blockedBy === 'LESSONS_UNFINISHED' ? (
                <Link to={`/training/study/${enrolmentId}`}>
                  <Button size="small">{t('study.title')}</Button>
                </Link>
              ) : undefined
            }
          />
        ) : (
          <Button
            type="primary"
            size="large"
            block
            loading={start.isPending}
            onClick={state.inProgressId ? () => onOpen(state.inProgressId!) : begin}
            data-testid="exam-start"
          >
            {state.inProgressId ? t('exam.resume') : start.isPending ? t('exam.starting') : t('exam.start')}
          </Button>
        )}
      </section>
      {state.attempts.length > 0 && (
        <section className="tx-card">
          <h2>{t('exam.history')}</h2>
          {state.attempts.map((a) => (
            <button
              type="button"
              key={a.id}
              className="tx-lesson-row"
              style={{ width: '100%', background: 'none', border: 0, textAlign: 'left', cursor: 'pointer' }}
              onClick={() => onOpen(a.id)}
            >
              <div className="tx-grow">
                <div className="tx-name">{t('exam.attemptNo', { n: a.attemptNo })}</div>
                <div className="tx-muted">{chinaTime(a.startedAt)}</div>
              </div>
              <Tag>{t(`statuses.${a.status}`)}</Tag>
              {a.score !== null && (
                <Tag color={a.isPassed ? 'green' : 'red'}>
                  {a.score}/{a.maxScore}
                </Tag>
              )}
              {a.review !== 'none' && <Tag color="orange">{t(`reviewStates.${a.review}`)}</Tag>}
              <RightOutlined style={{ color: '#bfbfbf' }} />
            </button>
          ))}
        </section>
      )}
      <Link to="/training/mine" className="tx-muted">
        {t('common.back')}
      </Link>
    </div>
  );
}

type Pending = Record<string, { answer: string[]; seq: number }>;

/** What the phone kept but the server does not have yet (newer than the server's clientSeq), and the last seq used. */
function restorePending(view: AttemptView): { keep: Pending; maxSeq: number } {
  const local = loadPending(view.id);
  const byId = new Map(view.questions.map((q) => [q.questionId, q]));
  const keep: Pending = {};
  let maxSeq = 0;
  for (const q of view.questions) {
    maxSeq = Math.max(maxSeq, q.clientSeq ?? 0);
  }
  for (const [qid, p] of Object.entries(local)) {
    maxSeq = Math.max(maxSeq, p.seq);
    const q = byId.get(qid);
    if (q && p.seq > (q.clientSeq ?? -1)) {
      keep[qid] = p;
    }
  }
  return { keep, maxSeq };
}

/** Answers as the learner sees them, saved one by one; unsent ones are kept on the phone and retried. */
function useAutosave(view: AttemptView, onClosed: () => void) {
  const [answers, setAnswers] = useState<Record<string, string[]>>(() => {
    const out: Record<string, string[]> = {};
    const pending = loadPending(view.id);
    for (const q of view.questions) {
      const local = pending[q.questionId];
      out[q.questionId] = local && local.seq > (q.clientSeq ?? -1) ? local.answer : q.answer;
    }
    return out;
  });
  const [restored] = useState(() => restorePending(view));
  const pending = useRef<Pending>(restored.keep);
  const seq = useRef(restored.maxSeq);
  const [pendingCount, setPendingCount] = useState(Object.keys(restored.keep).length);
  const [saving, setSaving] = useState(false);
  const [offline, setOffline] = useState(false);
  const flushing = useRef(false);
  const retry = useRef<number | undefined>(undefined);

  const flush = useCallback(async () => {
    if (flushing.current) {
      return;
    }
    flushing.current = true;
    setSaving(true);
    window.clearTimeout(retry.current);
    let networkDown = false;
    try {
      for (const [qid, p] of Object.entries(pending.current)) {
        try {
          await saveAnswer(view.id, qid, p.answer, p.seq);
          if (pending.current[qid]?.seq === p.seq) {
            delete pending.current[qid];
          }
          setOffline(false);
        } catch (error) {
          if (isApiError(error) && error.code === 'EXAM_CLOSED') {
            pending.current = {};
            onClosed();
            break;
          }
          if (isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) {
            delete pending.current[qid];
            continue;
          }
          networkDown = true;
          break;
        }
      }
    } finally {
      storePending(view.id, pending.current);
      setPendingCount(Object.keys(pending.current).length);
      setOffline(networkDown);
      setSaving(false);
      flushing.current = false;
      if (Object.keys(pending.current).length > 0) {
        retry.current = window.setTimeout(() => void flush(), networkDown ? 3000 : 0);
      }
    }
  }, [view.id, onClosed]);

  useEffect(() => {
    if (Object.keys(pending.current).length > 0) {
      void flush();
    }
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearTimeout(retry.current);
    };
  }, [flush]);

  const choose = (qid: string, answer: string[]) => {
    setAnswers((a) => ({ ...a, [qid]: answer }));
    seq.current += 1;
    pending.current[qid] = { answer, seq: seq.current };
    storePending(view.id, pending.current);
    setPendingCount(Object.keys(pending.current).length);
    void flush();
  };
  /** Sends what is still pending (waiting for a save under way); true when the server has every answer. */
  const settle = async (): Promise<boolean> => {
    for (let i = 0; i < 40 && (flushing.current || Object.keys(pending.current).length > 0); i++) {
      if (flushing.current) {
        await new Promise((r) => setTimeout(r, 100));
      } else {
        await flush();
        if (Object.keys(pending.current).length > 0) {
          return false;
        }
      }
    }
    return Object.keys(pending.current).length === 0;
  };
  return { answers, choose, pendingCount, saving, offline, pending, settle };
}

function AttemptRunner({ view, enrolmentId }: { view: AttemptView; enrolmentId: string }) {
  const { t } = useTranslation('trainingExams');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const refetch = useCallback(
    () => queryClient.invalidateQueries({ queryKey: examKeys.attempt(view.id) }),
    [queryClient, view.id],
  );
  const { answers, choose, pendingCount, saving, offline, pending, settle } = useAutosave(view, refetch);
  const submit = useSubmitAttempt(view.id, enrolmentId);
  const [index, setIndex] = useState(0);
  const [cardOpen, setCardOpen] = useState(false);
  // The server's clock: the offset between it and the phone's, taken when the attempt was read.
  const offset = useMemo(() => Date.parse(view.now) - Date.now(), [view.now]);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now() + offset), 500);
    return () => window.clearInterval(timer);
  }, [offset]);
  const left = Date.parse(view.deadlineAt) - now;
  const timeUp = left <= 0;
  useEffect(() => {
    if (timeUp) {
      void message.warning(t('exam.timeUp'));
      // Reading an attempt whose time ran out grades it on the server.
      const timer = window.setTimeout(() => void refetch(), 1500);
      return () => window.clearTimeout(timer);
    }
  }, [timeUp, refetch, message, t]);

  const q = view.questions[index];
  const total = view.questions.length;
  const answeredCount = view.questions.filter((x) => (answers[x.questionId] ?? []).length > 0).length;
  const unanswered = view.questions.filter((x) => (answers[x.questionId] ?? []).length === 0).map((x) => x.seq);

  const pick = (key: string) => {
    const current = answers[q.questionId] ?? [];
    if (q.kind === 'multiple') {
      const next = current.includes(key) ? current.filter((k) => k !== key) : [...current, key].sort();
      choose(q.questionId, next);
    } else {
      choose(q.questionId, [key]);
    }
  };

  const confirmSubmit = () => {
    const lines: string[] = [];
    lines.push(
      unanswered.length === 0
        ? t('exam.confirmAll')
        : t('exam.confirmMissing', { n: unanswered.length, list: unanswered.join('、') }),
    );
    if (pendingCount > 0) {
      lines.push(t('exam.confirmPending', { n: pendingCount }));
    }
    modal.confirm({
      title: t('exam.confirmTitle'),
      icon: <ExclamationCircleOutlined />,
      content: (
        <div data-testid="exam-confirm">
          {lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
        </div>
      ),
      okText: t('exam.confirmOk'),
      cancelText: t('exam.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        // Every answer reaches the server before the paper is graded; offline, the learner is told and stays.
        if (!(await settle())) {
          void message.error(t('exam.unsaved', { n: Object.keys(pending.current).length }));
          return;
        }
        await submit.mutateAsync().catch((error) => {
          if (isApiError(error) && error.code === 'EXAM_CLOSED') {
            void refetch();
          } else {
            void message.error(error.message);
          }
        });
      },
    });
  };

  const saveLine = offline ? (
    <span className="tx-save" style={{ color: '#d46b08' }} data-testid="exam-save-state">
      <CloudSyncOutlined /> {t('exam.unsaved', { n: pendingCount })}
    </span>
  ) : saving || pendingCount > 0 ? (
    <span className="tx-save tx-muted" data-testid="exam-save-state">
      <CloudSyncOutlined spin /> {t('exam.saving')}
    </span>
  ) : (
    <span className="tx-save" style={{ color: '#389e0d' }} data-testid="exam-save-state">
      <CheckCircleFilled /> {t('exam.saved')}
    </span>
  );

  const chosen = answers[q.questionId] ?? [];
  return (
    <div className="tx-page has-bar" data-testid="exam-runner">
      <div className="tx-timer">
        <div>
          <div className="tx-muted">{t('exam.timeLeft')}</div>
          <div className={`tx-clock${left > 5 * 60_000 ? ' is-calm' : ''}`} data-testid="exam-clock">
            {formatLeft(left)}
          </div>
        </div>
        <div style={{ textAlign: 'right' }}>
          <div className="tx-muted">{t('exam.answered', { n: answeredCount, total })}</div>
          {saveLine}
        </div>
      </div>
      <section className="tx-card" data-testid="exam-question">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <span>
            <strong>{t('exam.question', { n: q.seq })}</strong>{' '}
            <span className="tx-muted">{t('exam.of', { total })}</span>
          </span>
          <span>
            <Tag color="red">{t(`kinds.${q.kind}`)}</Tag>
            <span className="tx-muted">{t('exam.points', { n: q.points })}</span>
          </span>
        </div>
        <p className="tx-stem">{q.stem}</p>
        {q.kind === 'multiple' && <p className="tx-muted">{t('exam.multipleHint')}</p>}
        {q.options.map((o) => (
          <button
            type="button"
            key={o.key}
            className={`tx-option${chosen.includes(o.key) ? ' is-chosen' : ''}`}
            onClick={() => pick(o.key)}
            disabled={timeUp}
            aria-pressed={chosen.includes(o.key)}
            data-testid="exam-option"
          >
            <span className="tx-key">{q.kind === 'judge' ? (o.key === 'T' ? '✓' : '✗') : o.key}</span>
            <span>{q.kind === 'judge' ? (o.key === 'T' ? t('exam.judgeT') : t('exam.judgeF')) : o.text}</span>
          </button>
        ))}
        {pending.current[q.questionId] && offline && <div className="tx-muted">{t('exam.savedLocally')}</div>}
      </section>
      <div className="tx-bar">
        <div className="tx-bar-inner">
          <div style={{ display: 'flex', gap: 8 }}>
            <Button size="large" icon={<LeftOutlined />} disabled={index === 0} onClick={() => setIndex(index - 1)}>
              {t('exam.prev')}
            </Button>
            <Button size="large" style={{ flex: 1 }} onClick={() => setCardOpen(true)} data-testid="exam-card-open">
              {t('exam.navigator')} {answeredCount}/{total}
            </Button>
            {index < total - 1 ? (
              <Button size="large" type="primary" onClick={() => setIndex(index + 1)} data-testid="exam-next">
                {t('exam.next')} <RightOutlined />
              </Button>
            ) : (
              <Button size="large" type="primary" danger onClick={confirmSubmit} data-testid="exam-submit">
                {t('exam.submit')}
              </Button>
            )}
          </div>
        </div>
      </div>
      <Drawer
        placement="bottom"
        open={cardOpen}
        onClose={() => setCardOpen(false)}
        title={t('exam.answered', { n: answeredCount, total })}
        size="auto"
      >
        <div className="tx-grid">
          {view.questions.map((x, i) => (
            <button
              type="button"
              key={x.questionId}
              className={`tx-cell${(answers[x.questionId] ?? []).length > 0 ? ' is-answered' : ''}${
                i === index ? ' is-current' : ''
              }${pending.current[x.questionId] ? ' is-pending' : ''}`}
              onClick={() => {
                setIndex(i);
                setCardOpen(false);
              }}
            >
              {x.seq}
            </button>
          ))}
        </div>
        <Button
          type="primary"
          danger
          block
          size="large"
          style={{ marginTop: 16 }}
          data-testid="exam-card-submit"
          onClick={() => {
            setCardOpen(false);
            confirmSubmit();
          }}
        >
          {t('exam.submit')}
        </Button>
      </Drawer>
    </div>
  );
}

function shownAnswer(
  q: AttemptQuestion,
  keys: string[],
  t: (k: 'result.none' | 'exam.judgeT' | 'exam.judgeF') => string,
): string {
  if (keys.length === 0) {
    return t('result.none');
  }
  return q.kind === 'judge' ? (keys[0] === 'T' ? t('exam.judgeT') : t('exam.judgeF')) : keys.join('');
}

function AttemptResult({ view, canRetry, onRetry }: { view: AttemptView; canRetry: boolean; onRetry: () => void }) {
  const { t } = useTranslation('trainingExams');
  return (
    <div className="tx-page" data-testid="exam-result">
      <h1 className="tx-title">{t('result.title')}</h1>
      <section className="tx-card" style={{ textAlign: 'center' }}>
        {view.isPassed ? (
          <CheckCircleFilled style={{ fontSize: 44, color: '#52c41a' }} />
        ) : (
          <CloseCircleFilled style={{ fontSize: 44, color: '#ff4d4f' }} />
        )}
        <div className="tx-score" data-testid="exam-score">
          {view.score ?? 0}
        </div>
        <div style={{ fontSize: 17, fontWeight: 600 }}>{view.isPassed ? t('result.passed') : t('result.failed')}</div>
        <div className="tx-muted" style={{ marginTop: 4 }}>
          {t('result.score', { score: view.score ?? 0, max: view.maxScore, pass: view.passPercent })}
        </div>
        {view.status === 'expired' && (
          <Alert type="info" showIcon title={t('result.expired')} style={{ marginTop: 12 }} />
        )}
        {view.review === 'pending' && (
          <Alert type="warning" showIcon title={t('result.review')} style={{ marginTop: 12 }} />
        )}
        {view.review === 'voided' && (
          <Alert type="error" showIcon title={t('reviewStates.voided')} style={{ marginTop: 12 }} />
        )}
        {!view.isPassed && canRetry && (
          <Button type="primary" size="large" block style={{ marginTop: 12 }} onClick={onRetry}>
            {t('result.retry')}
          </Button>
        )}
        {view.isPassed && (
          <Link to="/training/mine">
            <Button size="large" block style={{ marginTop: 12 }}>
              {t('common.back')}
            </Button>
          </Link>
        )}
      </section>
      {view.questions.map((q) => (
        <section key={q.questionId} className="tx-card" data-testid="exam-result-question">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <strong>{t('exam.question', { n: q.seq })}</strong>
            {q.isCorrect ? (
              <Tag color="green" icon={<CheckCircleFilled />}>
                {t('result.right')}
              </Tag>
            ) : (
              <Tag color="red" icon={<CloseCircleFilled />}>
                {t('result.wrong')}
              </Tag>
            )}
          </div>
          <p className="tx-stem">{q.stem}</p>
          {q.kind !== 'judge' &&
            q.options.map((o) => {
              const right = q.correctAnswer?.includes(o.key);
              const mine = q.answer.includes(o.key);
              return (
                <div
                  key={o.key}
                  className={`tx-option${right ? ' is-right' : mine ? ' is-wrong' : ''}`}
                  style={{ cursor: 'default' }}
                >
                  <span className="tx-key">{o.key}</span>
                  <span>{o.text}</span>
                </div>
              );
            })}
          <div>
            {t('result.yourAnswer')}: <strong>{shownAnswer(q, q.answer, t)}</strong> · {t('result.correctAnswer')}:{' '}
            <strong style={{ color: '#389e0d' }}>{shownAnswer(q, q.correctAnswer ?? [], t)}</strong>
          </div>
          {q.explanation && (
            <div className="tx-explain">
              {t('result.explanation')}: {q.explanation}
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

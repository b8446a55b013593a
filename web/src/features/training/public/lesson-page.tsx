// /training/study/:enrolmentId/lessons/:lessonId — one online lesson on the phone: sanitised text, images, the video
// by URL, and a study clock. The page sends a heartbeat every ~15 s while it is visible and online; the server counts
// the real time between beats (30 s at most) and completes the lesson after its minimum time.
import { CheckCircleFilled, LeftOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../app/session';
import { examKeys, studyBeat, useLesson } from '../exams-api';
import './exams.css';
import { LearnerGate, minSec } from './study-page';

type Clock = { seconds: number; completedAt: string | null; lessonsDoneAt: string | null };

function useStudyClock(enrolmentId: string, lessonId: string, everySeconds: number, start: Clock | null) {
  const queryClient = useQueryClient();
  const [clock, setClock] = useState<Clock | null>(start);
  const [offline, setOffline] = useState(false);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const lastServer = useRef<number>(Date.now());

  useEffect(() => setClock(start), [start]);
  useEffect(() => {
    const onVis = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);

  // Heartbeats: one at once (it starts the server's clock), then every `everySeconds` while visible.
  useEffect(() => {
    if (!start || !visible) {
      return;
    }
    let stopped = false;
    const beat = async () => {
      try {
        const r = await studyBeat(enrolmentId, lessonId);
        if (stopped) {
          return;
        }
        lastServer.current = Date.now();
        setOffline(false);
        setClock((c) => {
          if (c && !c.completedAt && r.completedAt) {
            void queryClient.invalidateQueries({ queryKey: examKeys.study(enrolmentId) });
          }
          return { seconds: r.secondsSpent, completedAt: r.completedAt, lessonsDoneAt: r.lessonsDoneAt };
        });
      } catch {
        if (!stopped) {
          setOffline(true);
        }
      }
    };
    void beat();
    const timer = window.setInterval(beat, everySeconds * 1000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [enrolmentId, lessonId, everySeconds, visible, start, queryClient]);

  // The shown clock ticks between beats (display only; the server decides).
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const drift = visible && !offline ? Math.min(30, Math.floor((Date.now() - lastServer.current) / 1000)) : 0;
  return { clock, offline, visible, shown: (clock?.seconds ?? 0) + (clock?.completedAt ? 0 : drift) };
}

export function LessonPage() {
  const { enrolmentId = '', lessonId = '' } = useParams();
  const { t } = useTranslation('trainingExams');
  const { data: me } = useMe();
  const lesson = useLesson(enrolmentId, lessonId, me?.kind === 'public');
  const l = lesson.data;
  const [start, setStart] = useState<Clock | null>(null);
  useEffect(() => {
    if (l) {
      setStart({ seconds: l.secondsSpent, completedAt: l.completedAt, lessonsDoneAt: null });
    }
  }, [l]);
  const { clock, offline, visible, shown } = useStudyClock(enrolmentId, lessonId, l?.beatSeconds ?? 15, start);
  const need = (l?.minMinutes ?? 0) * 60;
  const done = Boolean(clock?.completedAt);

  return (
    <LearnerGate
      title={t('study.title')}
      next={`/training/study/${enrolmentId}/lessons/${lessonId}`}
      loading={lesson.isLoading}
      missing={!l}
    >
      {l && (
        <div className="tx-page has-bar" data-testid="lesson-page">
          <div>
            <div className="tx-muted">{t(`units.${l.unitCode}`, { defaultValue: l.unitCode })}</div>
            <h1 className="tx-title">{l.title}</h1>
          </div>
          {l.videoUrl && (
            <section>
              {/* biome-ignore lint/a11y/useMediaCaption: lesson videos come from trainers without caption tracks */}
              <video className="tx-video" src={l.videoUrl} controls playsInline preload="metadata" />
              <a href={l.videoUrl} target="_blank" rel="noreferrer" className="tx-muted">
                {t('lesson.videoFallback')}
              </a>
            </section>
          )}
          <article
            className="tx-card tx-body"
            // The server sanitises lesson HTML on save and again on read (no scripts, handlers or script URLs).
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server
            dangerouslySetInnerHTML={{ __html: l.body }}
          />
          {l.imageUrls.map((src) => (
            <figure key={src} className="tx-figure" style={{ margin: 0 }}>
              <img src={src} alt="" loading="lazy" />
            </figure>
          ))}
          {clock?.lessonsDoneAt && (
            <Alert
              type="success"
              showIcon
              title={t('lesson.allDone')}
              action={
                <Link to={`/training/exam/${enrolmentId}`}>
                  <Button type="primary">{t('study.toExam')}</Button>
                </Link>
              }
            />
          )}
          <div style={{ display: 'flex', gap: 8 }}>
            <Link
              to={l.previousId ? `/training/study/${enrolmentId}/lessons/${l.previousId}` : '#'}
              style={{ flex: 1 }}
            >
              <Button block icon={<LeftOutlined />} disabled={!l.previousId}>
                {t('lesson.prev')}
              </Button>
            </Link>
            <Link to={`/training/study/${enrolmentId}`} style={{ flex: 1 }}>
              <Button block icon={<UnorderedListOutlined />}>
                {t('lesson.list')}
              </Button>
            </Link>
            <Link to={l.nextId ? `/training/study/${enrolmentId}/lessons/${l.nextId}` : '#'} style={{ flex: 1 }}>
              <Button block disabled={!l.nextId}>
                {t('lesson.next')} <RightOutlined />
              </Button>
            </Link>
          </div>
          <div className="tx-bar">
            <div className="tx-bar-inner" data-testid="lesson-clock">
              {done ? (
                <strong style={{ color: '#389e0d' }}>
                  <CheckCircleFilled /> {t('lesson.completed')}
                </strong>
              ) : (
                <>
                  <span>{t('lesson.timer', { ...minSec(shown), min: l.minMinutes })}</span>
                  <Progress
                    percent={need === 0 ? 100 : Math.min(99, Math.round((shown / need) * 100))}
                    showInfo={false}
                    strokeColor="#c8102e"
                    size="small"
                  />
                  {offline && <span className="tx-muted">{t('lesson.offline')}</span>}
                  {!visible && <span className="tx-muted">{t('lesson.paused')}</span>}
                </>
              )}
            </div>
          </div>
        </div>
      )}
    </LearnerGate>
  );
}

// /training/study/:enrolmentId — the learner's online lessons on the phone: progress of the required lessons, each
// lesson with its minimum study time and time studied, and the way to the theory exam once the study is done.
import { CheckCircleFilled, LoginOutlined, PlayCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Result, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { useStudy } from '../exams-api';
import './exams.css';

export function SignInFirst({ next }: { next: string }) {
  const { t } = useTranslation('trainingExams');
  return (
    <div className="tx-card" data-testid="tx-sign-in">
      <p className="tx-muted">{t('common.signIn')}</p>
      <Link to={`/login?next=${encodeURIComponent(next)}`}>
        <Button type="primary" block size="large" icon={<LoginOutlined />}>
          {t('common.signInButton')}
        </Button>
      </Link>
    </div>
  );
}

export const minSec = (seconds: number) => ({ m: Math.floor(seconds / 60), s: seconds % 60 });

export function LearnerGate({
  title,
  next,
  loading,
  missing,
  children,
}: {
  title: string;
  next: string;
  loading: boolean;
  missing: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation('trainingExams');
  const { data: me, isLoading } = useMe();
  if (isLoading || (me?.kind === 'public' && loading)) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (me?.kind !== 'public') {
    return (
      <PublicShell>
        <div className="tx-page">
          <h1 className="tx-title">{title}</h1>
          <SignInFirst next={next} />
        </div>
      </PublicShell>
    );
  }
  if (missing) {
    return (
      <PublicShell>
        <Result
          status="404"
          title={t('common.notFound')}
          extra={
            <Link to="/training/mine">
              <Button type="primary">{t('common.back')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  return <PublicShell>{children}</PublicShell>;
}

export function StudyPage() {
  const { enrolmentId = '' } = useParams();
  const { t } = useTranslation('trainingExams');
  const { data: me } = useMe();
  const study = useStudy(enrolmentId, me?.kind === 'public');
  const s = study.data;
  const next = s?.lessons.find((l) => l.isRequired && !l.completedAt) ?? s?.lessons.find((l) => !l.completedAt);
  return (
    <LearnerGate
      title={t('study.title')}
      next={`/training/study/${enrolmentId}`}
      loading={study.isLoading}
      missing={!s}
    >
      {s && (
        <div className="tx-page" data-testid="study-page">
          <div>
            <h1 className="tx-title">{t('study.title')}</h1>
            <div className="tx-muted" style={{ marginTop: 4 }}>
              {s.courseName} · {s.classTitle}
            </div>
          </div>
          <section className="tx-card">
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <strong>{t('study.progress', { done: s.completedRequired, total: s.requiredCount })}</strong>
            </div>
            <Progress
              percent={s.requiredCount === 0 ? 100 : Math.round((s.completedRequired / s.requiredCount) * 100)}
              strokeColor="#c8102e"
              showInfo={false}
            />
            {s.lessonsDoneAt ? (
              <>
                <Alert type="success" showIcon title={t('study.allDone')} style={{ marginTop: 8 }} />
                <Link to={`/training/exam/${enrolmentId}`}>
                  <Button type="primary" size="large" block style={{ marginTop: 12 }} data-testid="study-to-exam">
                    {t('study.toExam')}
                  </Button>
                </Link>
              </>
            ) : (
              next && (
                <Link to={`/training/study/${enrolmentId}/lessons/${next.id}`}>
                  <Button type="primary" size="large" block style={{ marginTop: 12 }} icon={<PlayCircleOutlined />}>
                    {next.secondsSpent > 0 ? t('study.continue') : t('study.start')}
                  </Button>
                </Link>
              )
            )}
          </section>
          <section className="tx-card">
            {s.lessons.length === 0 && <p className="tx-muted">{t('study.empty')}</p>}
            {s.lessons.map((l) => {
              const spent = minSec(l.secondsSpent);
              return (
                <Link
                  key={l.id}
                  to={`/training/study/${enrolmentId}/lessons/${l.id}`}
                  className="tx-lesson-row"
                  data-testid="study-lesson"
                >
                  {l.completedAt ? (
                    <CheckCircleFilled style={{ color: '#52c41a', fontSize: 22 }} />
                  ) : (
                    <PlayCircleOutlined style={{ color: '#c8102e', fontSize: 22 }} />
                  )}
                  <div className="tx-grow">
                    <div className="tx-name">{l.title}</div>
                    <div className="tx-muted">
                      {t(`units.${l.unitCode}`, { defaultValue: l.unitCode })} ·{' '}
                      {t('study.minutes', { n: l.minMinutes })}
                      {l.secondsSpent > 0 && !l.completedAt && ` · ${t('study.spent', spent)}`}
                    </div>
                    <div style={{ marginTop: 4 }}>
                      <Tag color={l.isRequired ? 'red' : 'default'}>
                        {l.isRequired ? t('study.required') : t('study.optional')}
                      </Tag>
                      {l.hasVideo && <Tag>{t('study.video')}</Tag>}
                      {l.completedAt && <Tag color="green">{t('study.done')}</Tag>}
                    </div>
                  </div>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </Link>
              );
            })}
          </section>
          <Link to="/training/mine" className="tx-muted">
            {t('common.back')}
          </Link>
        </div>
      )}
    </LearnerGate>
  );
}

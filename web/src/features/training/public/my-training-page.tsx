// /training/mine: the signed-in learner's enrolments with where each stands (waitlist, study, theory exam, practical,
// certificate) and the button for the next step.
import { LoginOutlined } from '@ant-design/icons';
import { App, Button, Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { type MyEnrolment, useCancelMine, useMyEnrolments } from '../classes-api';
import { dateRange, EnrolStatusTag, ResultTag } from '../components/labels';
import '../components/training.css';

function NextStep({ e }: { e: MyEnrolment }) {
  const { t } = useTranslation('trainingClasses');
  switch (e.nextStep) {
    case 'study':
      return (
        <Link to={`/training/study/${e.id}`}>
          <Button type="primary" block size="large" data-testid="next-study">
            {t('public.study')}
          </Button>
        </Link>
      );
    case 'theory_exam':
      return (
        <Link to={`/training/exam/${e.id}`}>
          <Button type="primary" block size="large" data-testid="next-exam">
            {t('public.exam')}
          </Button>
        </Link>
      );
    case 'certificate':
      return (
        <Link to={`/training/certificates/${e.certificateId}`} data-testid="my-certificate-link">
          <Button type="primary" block size="large">
            {t('public.viewCertificate')}
          </Button>
        </Link>
      );
    default:
      return null;
  }
}

export function MyTrainingPage() {
  const { t } = useTranslation('trainingClasses');
  const { modal } = App.useApp();
  const { data: me, isLoading } = useMe();
  const signedIn = me?.kind === 'public';
  const mine = useMyEnrolments(signedIn);
  const cancel = useCancelMine();
  if (isLoading || (signedIn && mine.isLoading)) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <div className="tc-page" data-testid="my-training">
        <h1 className="tc-title">{t('public.mineTitle')}</h1>
        {!signedIn ? (
          <div className="tc-card">
            <p className="tc-muted">{t('public.signInToSee')}</p>
            <Link to={`/login?next=${encodeURIComponent('/training/mine')}`}>
              <Button type="primary" block size="large" icon={<LoginOutlined />}>
                {t('public.signInToEnrol')}
              </Button>
            </Link>
          </div>
        ) : null}
        {signedIn && mine.data?.length === 0 ? (
          <Empty description={t('public.mineEmpty')}>
            <Link to="/training">
              <Button type="primary">{t('public.openClasses')}</Button>
            </Link>
          </Empty>
        ) : null}
        {mine.data?.map((e) => (
          <div key={e.id} className="tc-card" data-testid="my-enrolment">
            <div className="tc-row">
              <strong style={{ fontSize: 16 }}>{e.classTitle}</strong>
              <EnrolStatusTag status={e.status} />
            </div>
            <div className="tc-meta">
              <span>
                <Tag color="red">{e.courseName}</Tag>
                {dateRange(e.startsOn, e.endsOn)}
              </span>
              <span className="tc-muted">{e.venue}</span>
              {e.status === 'waitlisted' && e.waitlistPosition ? (
                <span>{t('detail.waitlistPlace', { n: e.waitlistPosition })}</span>
              ) : null}
              {e.hasTheoryExam || e.hasPracticalExam ? (
                <span>
                  {e.hasTheoryExam ? (
                    <>
                      {t('detail.theory')} <ResultTag result={e.theoryResult} score={e.theoryScore} />
                    </>
                  ) : null}
                  {e.hasPracticalExam ? (
                    <>
                      {t('detail.practical')} <ResultTag result={e.practicalResult} score={e.practicalScore} />
                    </>
                  ) : null}
                </span>
              ) : null}
              {e.attendanceCount > 0 ? (
                <span className="tc-muted">{t('public.attendance', { n: e.attendanceCount })}</span>
              ) : null}
            </div>
            {t(`public.next.${e.nextStep}`) ? <div className="tc-step">{t(`public.next.${e.nextStep}`)}</div> : null}
            <div style={{ marginTop: 10, display: 'flex', flexDirection: 'column', gap: 8 }}>
              <NextStep e={e} />
              {(e.status === 'enrolled' || e.status === 'waitlisted') && e.theoryResult === 'pending' ? (
                <Button
                  type="link"
                  danger
                  onClick={() =>
                    modal.confirm({ title: t('public.cancelConfirm'), onOk: () => cancel.mutateAsync(e.id) })
                  }
                >
                  {t('public.cancelMine')}
                </Button>
              ) : null}
            </div>
          </div>
        ))}
      </div>
    </PublicShell>
  );
}

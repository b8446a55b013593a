// /training: the public training home on a phone — what the training is, the open classes to enrol in, my training,
// and certificate verification.
import { RightOutlined, SafetyCertificateOutlined, SolutionOutlined } from '@ant-design/icons';
import { Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { usePublicClasses } from '../classes-api';
import { dateRange } from '../components/labels';
import '../components/training.css';

export function TrainingHomePage() {
  const { t } = useTranslation('trainingClasses');
  const classes = usePublicClasses();
  return (
    <PublicShell>
      <div className="tc-page" data-testid="training-home">
        <section className="tc-hero">
          <h1>{t('public.homeTitle')}</h1>
          <p>{t('public.homeLead')}</p>
        </section>
        <div className="tc-links">
          <Link to="/training/mine" className="tc-link" data-testid="to-mine">
            <SolutionOutlined style={{ fontSize: 20, color: '#c8102e' }} />
            <strong>{t('public.myTraining')}</strong>
          </Link>
          <Link to="/certificates/verify" className="tc-link">
            <SafetyCertificateOutlined style={{ fontSize: 20, color: '#c8102e' }} />
            <strong>{t('public.verify')}</strong>
            <span className="tc-muted">{t('public.verifyHint')}</span>
          </Link>
        </div>
        <h2 style={{ margin: '6px 0 0', fontSize: 18 }}>{t('public.openClasses')}</h2>
        {classes.isLoading ? <Spin /> : null}
        {classes.data?.length === 0 ? <Empty description={t('public.noClasses')} /> : null}
        {classes.data?.map((c) => {
          const left = c.capacity - c.enrolledCount;
          return (
            <Link key={c.token} to={`/training/classes/${c.token}`} className="tc-card" data-testid="open-class">
              <div className="tc-row">
                <strong style={{ fontSize: 16, color: '#1f1f1f' }}>{c.title}</strong>
                <RightOutlined style={{ color: '#bfbfbf' }} />
              </div>
              <div className="tc-meta">
                <span>
                  <Tag color="red">{c.courseName}</Tag>
                  {dateRange(c.startsOn, c.endsOn)}
                </span>
                <span className="tc-muted">{c.venue}</span>
                <span style={{ color: left > 0 ? '#389e0d' : '#d46b08' }}>
                  {left > 0 ? t('public.places', { n: left }) : t('public.full')}
                </span>
              </div>
            </Link>
          );
        })}
      </div>
    </PublicShell>
  );
}

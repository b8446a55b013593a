// /relief/cases/:caseNo and /relief/mine: the applicant follows their relief application like a parcel — the seven
// steps with dates, the decision deadline, what is missing, and every event with its unit; and the list of their own
// applications. Only the signed-in applicant sees their cases (the server checks).
import { FileAddOutlined, LoginOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { chinaDay } from '../../../lib/china-time';
import { useMyReliefCase, useMyReliefCases } from '../api';
import { CaseSteps, CaseTimeline } from '../components/case-progress';
import { CaseStatusTag, useReliefLabels } from '../components/labels';
import '../components/relief.css';
import { formatFen } from '../../../lib/money';
import { ResubmitCard } from './resubmit-card';

function SignInFirst({ next }: { next: string }) {
  const { t } = useTranslation('relief');
  return (
    <div className="relief-card" data-testid="status-sign-in">
      <p className="relief-muted">{t('status.signInToSee')}</p>
      <Link to={`/login?next=${encodeURIComponent(next)}`}>
        <Button type="primary" block size="large" icon={<LoginOutlined />}>
          {t('apply.signIn')}
        </Button>
      </Link>
    </div>
  );
}

export function ReliefCaseStatusPage() {
  const { caseNo = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const { data: me, isLoading: meLoading } = useMe();
  const signedIn = me?.kind === 'public';
  const found = useMyReliefCase(caseNo, signedIn);

  if (meLoading || found.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!signedIn) {
    return (
      <PublicShell>
        <div className="relief-page">
          <h1 className="relief-title">{t('status.title')}</h1>
          <SignInFirst next={`/relief/cases/${caseNo}`} />
        </div>
      </PublicShell>
    );
  }
  const c = found.data;
  if (!c) {
    return (
      <PublicShell>
        <Result
          status="404"
          title={t('status.notFound')}
          extra={
            <Link to="/relief/mine">
              <Button type="primary">{t('status.mine')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  const isOpen = !['paid', 'followed_up', 'closed', 'rejected'].includes(c.status);
  const isOverdue =
    isOpen &&
    !['approved', 'on_notice', 'payout_requested'].includes(c.status) &&
    new Date(c.decisionDueAt) < new Date();

  return (
    <PublicShell>
      <div className="relief-page" data-testid="relief-status">
        {params.get('new') && (
          <Alert
            type="success"
            showIcon
            title={t('apply.submitted')}
            description={t('apply.submittedHint', { no: c.caseNo })}
          />
        )}
        <div>
          <h1 className="relief-title">{t('status.title')}</h1>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 6, flexWrap: 'wrap' }}>
            <span className="relief-muted">
              {t('status.caseNo')} <span data-testid="status-case-no">{c.caseNo}</span>
            </span>
            <CaseStatusTag status={c.status} />
            {isOverdue && <Tag color="red">{t('status.overdue')}</Tag>}
          </div>
        </div>

        {c.decisionNote && (c.status === 'returned' || c.status === 'rejected') && (
          <Alert
            type={c.status === 'rejected' ? 'error' : 'warning'}
            showIcon
            title={labels.status(c.status)}
            description={c.decisionNote}
            data-testid="status-decision-note"
          />
        )}
        {c.missingMaterials.length > 0 && (
          <Alert type="warning" showIcon title={`${t('status.missing')}: ${c.missingMaterials.join('、')}`} />
        )}

        {c.status === 'returned' && <ResubmitCard c={c} />}

        <section className="relief-card relief-steps-phone">
          <h2>{t('status.timeline')}</h2>
          <CaseSteps status={c.status} timeline={c.timeline} vertical />
        </section>

        <section className="relief-card">
          <dl className="relief-facts">
            <dt>{t('status.kind')}</dt>
            <dd>{labels.kindName(c.kind, c.kindName)}</dd>
            <dt>{t('status.village')}</dt>
            <dd>{c.orgName}</dd>
            <dt>{t('status.household')}</dt>
            <dd>
              {c.householdSize} {t('apply.householdUnit')}
            </dd>
            <dt>{t('status.requested')}</dt>
            <dd className="relief-amount">{formatFen(c.requestedFen)}</dd>
            {c.approvedFen !== null && (
              <>
                <dt>{t('status.approved')}</dt>
                <dd className="relief-amount" data-testid="status-approved">
                  {formatFen(c.approvedFen)}
                </dd>
              </>
            )}
            <dt>{t('status.submittedAt')}</dt>
            <dd>{chinaDay(c.submittedAt)}</dd>
            <dt>{t('status.dueAt')}</dt>
            <dd data-testid="status-due">{chinaDay(c.decisionDueAt)}</dd>
            {c.noticeEndsAt && (
              <>
                <dt>{t('status.noticeEndsAt')}</dt>
                <dd>{chinaDay(c.noticeEndsAt)}</dd>
              </>
            )}
            {c.paidAt && (
              <>
                <dt>{t('status.paidAt')}</dt>
                <dd>{chinaDay(c.paidAt)}</dd>
              </>
            )}
          </dl>
        </section>

        <section className="relief-card">
          <h2>{t('status.events')}</h2>
          <CaseTimeline timeline={c.timeline} />
        </section>

        <Link to="/relief/mine">
          <Button block size="large">
            {t('status.mine')}
          </Button>
        </Link>
      </div>
    </PublicShell>
  );
}

export function MyReliefCasesPage() {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const { data: me, isLoading: meLoading } = useMe();
  const signedIn = me?.kind === 'public';
  const mine = useMyReliefCases(signedIn);

  return (
    <PublicShell>
      <div className="relief-page" data-testid="relief-mine">
        <h1 className="relief-title">{t('status.mine')}</h1>
        {meLoading || mine.isLoading ? (
          <Spin style={{ display: 'block', marginTop: 32 }} />
        ) : !signedIn ? (
          <SignInFirst next="/relief/mine" />
        ) : (
          <section className="relief-card">
            {(mine.data ?? []).length === 0 ? (
              <p className="relief-muted">{t('status.mineEmpty')}</p>
            ) : (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {(mine.data ?? []).map((c) => (
                  <li key={c.id} className="relief-material">
                    <Link
                      to={`/relief/cases/${encodeURIComponent(c.caseNo)}`}
                      className="relief-notice"
                      style={{ color: 'inherit' }}
                      data-testid="my-case"
                    >
                      <div className="relief-notice-main">
                        <div className="relief-notice-name">{labels.kindName(c.kind, c.kindName)}</div>
                        <div className="relief-notice-meta">
                          {c.caseNo} · {chinaDay(c.submittedAt)} · {formatFen(c.approvedFen ?? c.requestedFen)}
                        </div>
                      </div>
                      <CaseStatusTag status={c.status} />
                      <RightOutlined style={{ color: '#bfbfbf', alignSelf: 'center' }} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <Link to="/relief/apply">
          <Button type="primary" block size="large" icon={<FileAddOutlined />}>
            {t('status.applyNew')}
          </Button>
        </Link>
      </div>
    </PublicShell>
  );
}

// /training/checkin/:token: the page a session's QR code opens — the signed-in learner confirms their presence (the
// server accepts it within the session's time ± 30 minutes; a second scan just says so).
import { LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { chinaMinute } from '../../../lib/china-time';
import { useCheckIn } from '../classes-api';
import '../components/training.css';

export function TrainingCheckinPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation('trainingClasses');
  const { data: me, isLoading } = useMe();
  const checkIn = useCheckIn();
  if (isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  const done = checkIn.data;
  if (done) {
    return (
      <PublicShell>
        <Result
          status="success"
          title={done.alreadyPresent ? t('public.checkinAgain') : t('public.checkinOk')}
          subTitle={`${done.learnerName} · ${done.classTitle} · ${done.sessionTitle} · ${chinaMinute(done.checkedInAt)}`}
          extra={
            <Link to="/training/mine">
              <Button size="large">{t('public.toMine')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  const error = checkIn.error && isApiError(checkIn.error) ? checkIn.error : null;
  return (
    <PublicShell>
      <div className="tc-page" data-testid="checkin-page">
        <h1 className="tc-title">{t('public.checkinTitle')}</h1>
        {me?.kind === 'public' ? (
          <div className="tc-card">
            <p className="tc-muted">{me.phoneMasked}</p>
            {error ? <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} /> : null}
            <Button
              type="primary"
              size="large"
              block
              loading={checkIn.isPending}
              onClick={() => checkIn.mutate(token)}
              data-testid="checkin-button"
            >
              {t('public.checkinButton')}
            </Button>
          </div>
        ) : (
          <Link to={`/login?next=${encodeURIComponent(`/training/checkin/${token}`)}`}>
            <Button type="primary" size="large" block icon={<LoginOutlined />}>
              {t('public.checkinSignIn')}
            </Button>
          </Link>
        )}
      </div>
    </PublicShell>
  );
}

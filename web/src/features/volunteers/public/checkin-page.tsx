// /v/checkin/:id?t=…: the page the coordinator's QR opens. The phone's position goes with the code; each refusal
// (too far — and how far —, outside the time, stale code, twice, not signed up) is said in words.
import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import { useCheckIn, useOpenActivity } from '../api';
import { checkinErrorText } from './error-text';
import '../volunteers.css';

function currentPosition(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      reject,
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}

export function VolunteerCheckinPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const { t, i18n } = useTranslation('volunteers');
  const { data: me, isLoading } = useMe();
  const activity = useOpenActivity(id);
  const checkIn = useCheckIn(id);
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState(false);

  const run = async (kind: 'in' | 'out') => {
    setLocationError(false);
    setLocating(true);
    try {
      const p = await currentPosition();
      checkIn.mutate({ kind, token, ...p });
    } catch {
      setLocationError(true);
    } finally {
      setLocating(false);
    }
  };

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
          title={done.kind === 'in' ? t('public.checkedIn') : t('public.checkedOut')}
          subTitle={`${done.activityTitle} · ${formatDateTime(done.at, i18n.language)} · ${t('public.distance', { m: done.distanceM })}`}
          extra={
            <div className="vol-actions">
              {done.kind === 'in' ? (
                <Button size="large" onClick={() => checkIn.reset()} data-testid="to-checkout">
                  {t('public.doCheckOut')}
                </Button>
              ) : null}
              <Link to="/v/me">
                <Button size="large" type="primary">
                  {t('public.myRecord')}
                </Button>
              </Link>
            </div>
          }
          data-testid="checkin-done"
        />
      </PublicShell>
    );
  }
  const error = checkinErrorText(checkIn.error, t, i18n.language);
  return (
    <PublicShell>
      <div className="vol-page" data-testid="volunteer-checkin">
        <h1 className="vol-title">{t('public.checkinTitle')}</h1>
        {activity.data ? (
          <div className="vol-card">
            <h3>{activity.data.title}</h3>
            <div className="vol-muted">{activity.data.place}</div>
          </div>
        ) : null}
        {!token ? <Alert type="warning" showIcon message={t('public.noToken')} /> : null}
        <p className="vol-muted">{t('public.checkinIntro')}</p>
        {me?.kind !== 'public' ? (
          <Link to={`/login?next=${encodeURIComponent(`/v/checkin/${id}?t=${token}`)}`}>
            <Button type="primary" size="large" block>
              {t('public.signIn')}
            </Button>
          </Link>
        ) : (
          <>
            {locationError ? <Alert type="warning" showIcon message={t('public.locationDenied')} /> : null}
            {error ? <Alert type="error" showIcon message={error} data-testid="checkin-error" /> : null}
            <div className="vol-actions">
              <Button
                type="primary"
                size="large"
                block
                icon={<EnvironmentOutlined />}
                loading={locating || checkIn.isPending}
                disabled={!token}
                onClick={() => run('in')}
                data-testid="checkin-in"
              >
                {locating ? t('public.locating') : t('public.doCheckIn')}
              </Button>
              <Button
                size="large"
                block
                loading={locating || checkIn.isPending}
                disabled={!token}
                onClick={() => run('out')}
                data-testid="checkin-out"
              >
                {t('public.doCheckOut')}
              </Button>
            </div>
          </>
        )}
      </div>
    </PublicShell>
  );
}

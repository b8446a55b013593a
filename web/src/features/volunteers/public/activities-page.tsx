// /v: the volunteer's home on a phone — my registration status and the activities open for sign-up.
import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatDateMinute } from '../../../lib/china-time';
import { type PublicActivity, useMyVolunteer, useOpenActivities } from '../api';
import '../volunteers.css';

export function ActivityCard({ a }: { a: PublicActivity }) {
  const { t, i18n } = useTranslation('volunteers');
  return (
    <Link to={`/v/activities/${a.id}`} className="vol-card" style={{ display: 'block', color: 'inherit' }}>
      <div className="vol-row">
        <h3>{a.title}</h3>
        {a.mySignup ? (
          <Tag color={a.mySignup === 'confirmed' ? 'green' : 'orange'}>{t(`signup.${a.mySignup}`)}</Tag>
        ) : null}
      </div>
      <div className="vol-muted">{formatDateMinute(a.startsAt, i18n.language)}</div>
      <div className="vol-muted">{a.place}</div>
      <div className="vol-tags">
        <Tag>{t('public.places', { taken: a.confirmedCount, capacity: a.capacity })}</Tag>
        {a.waitlisted > 0 ? <Tag>{t('public.waitlist', { n: a.waitlisted })}</Tag> : null}
        {a.allowWalkIns ? <Tag color="blue">{t('public.walkIns')}</Tag> : null}
      </div>
    </Link>
  );
}

export function VolunteerHomePage() {
  const { t } = useTranslation('volunteers');
  const { data: me } = useMe();
  const signedIn = me?.kind === 'public';
  const mine = useMyVolunteer(signedIn);
  const list = useOpenActivities();
  const v = mine.data;
  return (
    <PublicShell>
      <div className="vol-page" data-testid="volunteer-home">
        <h1 className="vol-title">{t('public.title')}</h1>
        <p className="vol-muted">{t('public.intro')}</p>
        {!signedIn ? (
          <Link to="/login?next=%2Fv">
            <Button type="primary" size="large" block>
              {t('public.signIn')}
            </Button>
          </Link>
        ) : v === null ? (
          <Link to="/v/register">
            <Button type="primary" size="large" block data-testid="volunteer-register">
              {t('public.register')}
            </Button>
          </Link>
        ) : v?.status === 'pending' ? (
          <Alert type="info" showIcon message={t('public.pending')} />
        ) : v?.status === 'rejected' ? (
          <Alert type="warning" showIcon message={t('public.rejected')} />
        ) : v ? (
          <Link to="/v/me">
            <Button size="large" block data-testid="volunteer-my-record">
              {t('public.myRecord')} · {v.name} · {t('public.hours', { h: (v.minutesThisYear / 60).toFixed(1) })}
            </Button>
          </Link>
        ) : null}
        <h2 style={{ fontSize: 18, marginTop: 20 }}>{t('public.activities')}</h2>
        {list.isLoading ? <Spin /> : null}
        {list.data?.length === 0 ? <Empty description={t('public.none')} /> : null}
        {list.data?.map((a) => (
          <ActivityCard key={a.id} a={a} />
        ))}
      </div>
    </PublicShell>
  );
}

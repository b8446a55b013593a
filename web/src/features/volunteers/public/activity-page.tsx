// /v/activities/:id: an activity on a phone — when, where, places left — with sign-up and cancellation.
import { Alert, Button, Descriptions, Result, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatClockMinute, formatDateMinute } from '../../../lib/china-time';
import { useMyVolunteer, useOpenActivity, useSignUp } from '../api';
import '../volunteers.css';

export function VolunteerActivityPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('volunteers');
  const { data: me } = useMe();
  const signedIn = me?.kind === 'public';
  const a = useOpenActivity(id);
  const mine = useMyVolunteer(signedIn);
  const signUp = useSignUp(id);
  if (a.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!a.data) {
    return (
      <PublicShell>
        <Result status="404" title={isApiError(a.error) ? a.error.message : ''} />
      </PublicShell>
    );
  }
  const act = a.data;
  const approved = mine.data?.status === 'approved';
  const when = `${formatDateMinute(act.startsAt, i18n.language)} – ${formatClockMinute(act.endsAt)}`;
  return (
    <PublicShell>
      <div className="vol-page" data-testid="volunteer-activity">
        <Link to="/v" className="vol-muted">
          ← {t('public.back')}
        </Link>
        <h1 className="vol-title">{act.title}</h1>
        <div className="vol-tags">
          <Tag>{t('public.places', { taken: act.confirmedCount, capacity: act.capacity })}</Tag>
          {act.waitlisted > 0 ? <Tag>{t('public.waitlist', { n: act.waitlisted })}</Tag> : null}
          {act.allowWalkIns ? <Tag color="blue">{t('public.walkIns')}</Tag> : null}
          {act.status !== 'published' ? <Tag color="red">{t(`activityStatus.${act.status}`)}</Tag> : null}
        </div>
        <div className="vol-card">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('public.time')}>{when}</Descriptions.Item>
            <Descriptions.Item label={t('public.place')}>{act.place}</Descriptions.Item>
            <Descriptions.Item label={t('public.org')}>{act.orgName}</Descriptions.Item>
            {act.teamName ? <Descriptions.Item label={t('public.team')}>{act.teamName}</Descriptions.Item> : null}
            {act.skills.length > 0 ? (
              <Descriptions.Item label={t('public.skillsNeeded')}>
                {act.skills.map((s) => t(`skills.${s}` as 'skills.other')).join('、')}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {act.description ? <p style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{act.description}</p> : null}
        </div>
        {signUp.error ? <Alert type="error" showIcon message={(signUp.error as Error).message} /> : null}
        {act.mySignup === 'confirmed' ? (
          <Alert type="success" showIcon message={t('public.signedUp')} data-testid="signed-up" />
        ) : null}
        {act.mySignup === 'waitlisted' ? <Alert type="warning" showIcon message={t('public.waitlisted')} /> : null}
        <div className="vol-actions">
          {!signedIn ? (
            <Link to={`/login?next=${encodeURIComponent(`/v/activities/${id}`)}`}>
              <Button type="primary" size="large" block>
                {t('public.signIn')}
              </Button>
            </Link>
          ) : !approved ? (
            <Alert type="info" showIcon message={t('public.needApproval')} />
          ) : act.mySignup === 'confirmed' || act.mySignup === 'waitlisted' ? (
            <Button size="large" block danger loading={signUp.isPending} onClick={() => signUp.mutate('cancel')}>
              {t('public.cancel')}
            </Button>
          ) : (
            <Button
              type="primary"
              size="large"
              block
              loading={signUp.isPending}
              disabled={act.status !== 'published'}
              onClick={() => signUp.mutate('signup')}
              data-testid="signup-button"
            >
              {t('public.signUp')}
            </Button>
          )}
        </div>
      </div>
    </PublicShell>
  );
}

// /training/classes/:token: the page a class's QR poster opens — the class, its sessions and places, and the
// enrolment form for the signed-in learner (name and ID number; the phone is the account's). A full class takes the
// learner onto the waitlist; after enrolling, the next step is studying online.
import { LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Result, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { EnrolResult } from '../../../../../server/src/modules/training/training-classes.schemas';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { chinaMinute, formatClockMinute } from '../../../lib/china-time';
import { useEnrolSelf, usePublicClass } from '../classes-api';
import { dateRange } from '../components/labels';
import '../components/training.css';

export function TrainingClassPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation('trainingClasses');
  const { data: me } = useMe();
  const found = usePublicClass(token);
  const enrol = useEnrolSelf(token);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [workplace, setWorkplace] = useState('');
  const [done, setDone] = useState<EnrolResult | null>(null);
  const signedIn = me?.kind === 'public';

  if (found.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  const c = found.data;
  if (!c) {
    return (
      <PublicShell>
        <Result status="404" title={t('public.notFound')} />
      </PublicShell>
    );
  }
  if (done) {
    return (
      <PublicShell>
        <Result
          status={done.waitlisted ? 'info' : 'success'}
          title={done.waitlisted ? t('public.waitlisted', { n: done.waitlistPosition }) : t('public.enrolled')}
          subTitle={c.title}
          extra={[
            done.waitlisted ? null : (
              <Link key="study" to={`/training/study/${done.enrolment.id}`}>
                <Button type="primary" size="large" data-testid="start-study">
                  {t('public.startStudy')}
                </Button>
              </Link>
            ),
            <Link key="mine" to="/training/mine">
              <Button size="large">{t('public.toMine')}</Button>
            </Link>,
          ]}
        />
      </PublicShell>
    );
  }
  const left = c.capacity - c.enrolledCount;
  const submit = () =>
    enrol.mutate(
      { name: name.trim(), idNumber: idNumber.trim(), workplace: workplace.trim() || null },
      { onSuccess: setDone },
    );
  const error = enrol.error && isApiError(enrol.error) ? enrol.error : null;

  return (
    <PublicShell>
      <div className="tc-page" data-testid="class-page">
        <div>
          <Tag color="red">{c.courseName}</Tag>
          {c.kind === 'order' ? <Tag>{c.orderOrgName}</Tag> : null}
          <h1 className="tc-title">{c.title}</h1>
        </div>
        <div className="tc-card">
          <div className="tc-meta">
            <span>{dateRange(c.startsOn, c.endsOn)}</span>
            <span>{c.venue}</span>
            <span className="tc-muted">{c.orgName}</span>
            <span>{t('public.hours', { online: c.onlineHours, offline: c.offlineHours })}</span>
            <span style={{ color: left > 0 ? '#389e0d' : '#d46b08' }}>
              {left > 0 ? t('public.places', { n: left }) : t('public.full')}
            </span>
          </div>
          <p className="tc-lead" style={{ marginTop: 10 }}>
            {c.courseDescription}
          </p>
        </div>
        {c.sessions.length > 0 ? (
          <div className="tc-card">
            <h2>{t('public.schedule')}</h2>
            {c.sessions.map((s) => (
              <div key={s.seq} className="tc-meta">
                <strong>{s.title}</strong>
                <span className="tc-muted">
                  {chinaMinute(s.startsAt)} – {formatClockMinute(s.endsAt)}
                </span>
              </div>
            ))}
          </div>
        ) : null}
        {!c.isEnrolling ? <Alert type="warning" showIcon message={t('public.closed')} /> : null}
        {c.isEnrolling && !signedIn ? (
          <Link to={`/login?next=${encodeURIComponent(`/training/classes/${token}`)}`}>
            <Button type="primary" size="large" block icon={<LoginOutlined />} data-testid="sign-in-to-enrol">
              {t('public.signInToEnrol')}
            </Button>
          </Link>
        ) : null}
        {c.isEnrolling && signedIn ? (
          <div className="tc-card" data-testid="enrol-form">
            <h2>{t('public.enrolNow')}</h2>
            <div className="tc-field">
              <label htmlFor="tc-name">{t('public.name')}</label>
              <Input id="tc-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} />
            </div>
            <div className="tc-field">
              <label htmlFor="tc-id">{t('public.idNumber')}</label>
              <Input
                id="tc-id"
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
                maxLength={18}
                inputMode="text"
              />
              <div className="tc-muted">{t('public.idHint')}</div>
            </div>
            <div className="tc-field">
              <label htmlFor="tc-work">{t('public.workplace')}</label>
              <Input id="tc-work" value={workplace} onChange={(e) => setWorkplace(e.target.value)} maxLength={100} />
            </div>
            <p className="tc-muted" style={{ marginTop: 10 }}>
              {t('public.phoneNote')} {me?.kind === 'public' ? me.phoneMasked : ''}
            </p>
            {error ? <Alert type="error" showIcon message={error.message} style={{ marginBottom: 10 }} /> : null}
            <Button
              type="primary"
              size="large"
              block
              loading={enrol.isPending}
              disabled={!name.trim() || idNumber.trim().length < 15}
              onClick={submit}
              data-testid="enrol-submit"
            >
              {left > 0 ? t('public.submit') : t('public.full')}
            </Button>
          </div>
        ) : null}
      </div>
    </PublicShell>
  );
}

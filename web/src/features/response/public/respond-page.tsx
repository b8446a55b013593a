// /respond: the certified responder's phone page. Sign in by SMS, the certificate check, the consent, notification
// preferences and quiet hours, the big on-call switch with position sharing (phone GPS, or a point on the map when
// the phone gives none), and the live alerts (WebSocket `responder:<id>` events; reload-safe via GET /me/alerts).
import { LoginOutlined, SoundOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Result, Select, Spin, Switch } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import {
  type AlertView,
  formatClock,
  type MaxDistance,
  maxDistances,
  mergeAlert,
  type QuietHours,
  type ResponderPrefs,
  type ResponderView,
  type ResponseMe,
  responseKeys,
  useEnrol,
  useGoOffCall,
  useGoOnCall,
  useMyAlerts,
  useResponseMe,
  useUpdateResponder,
} from '../api';
import { alarmReady, ringAlarm, unlockAlarm } from '../components/alarm';
import { ResponseMap } from '../components/response-map';
import '../components/response.css';
import { type RealtimeClient, useRealtime, useSocketStatus, useTopicEvents } from '../realtime';
import { AlertCard } from './alert-card';
import { currentPosition, usePositionSharing } from './use-position-sharing';

const defaultPrefs: ResponderPrefs = { sms: true, sound: true, maxDistanceM: 1000 };

function SocketBadge({ client }: { client: RealtimeClient }) {
  const { t } = useTranslation('response');
  const { status } = useSocketStatus(client);
  return (
    <span className={`rs-live is-${status}`} data-testid="socket-status" data-status={status}>
      {t(`socket.${status}`)}
    </span>
  );
}

/** Preferences and quiet hours: part of joining, and editable afterwards. */
function PrefsFields({
  prefs,
  quiet,
  onPrefs,
  onQuiet,
}: {
  prefs: ResponderPrefs;
  quiet: QuietHours;
  onPrefs: (p: ResponderPrefs) => void;
  onQuiet: (q: QuietHours) => void;
}) {
  const { t, i18n } = useTranslation('response');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
      <Checkbox checked={prefs.sound} onChange={(e) => onPrefs({ ...prefs, sound: e.target.checked })}>
        {t('respond.sound')}
      </Checkbox>
      <Checkbox checked={prefs.sms} onChange={(e) => onPrefs({ ...prefs, sms: e.target.checked })}>
        {t('respond.sms')}
      </Checkbox>
      <div className="rs-row">
        <span>{t('respond.maxDistance')}</span>
        <Select<MaxDistance>
          value={prefs.maxDistanceM}
          onChange={(v) => onPrefs({ ...prefs, maxDistanceM: v })}
          style={{ width: 130 }}
          options={maxDistances.map((m) => ({
            value: m,
            label:
              m >= 1000
                ? i18n.language === 'en'
                  ? `${m / 1000} km`
                  : `${m / 1000} 公里`
                : `${m} ${i18n.language === 'en' ? 'm' : '米'}`,
          }))}
          data-testid="pref-distance"
        />
      </div>
      <div className="rs-row">
        <span>{t('respond.quietOn')}</span>
        <Switch checked={quiet !== null} onChange={(on) => onQuiet(on ? { from: '22:00', to: '07:00' } : null)} />
      </div>
      {quiet ? (
        <div className="rs-row" style={{ justifyContent: 'flex-start' }}>
          <span>{t('respond.quietFrom')}</span>
          <Input
            type="time"
            value={quiet.from}
            onChange={(e) => onQuiet({ ...quiet, from: e.target.value })}
            style={{ width: 110 }}
          />
          <span>{t('respond.quietTo')}</span>
          <Input
            type="time"
            value={quiet.to}
            onChange={(e) => onQuiet({ ...quiet, to: e.target.value })}
            style={{ width: 110 }}
          />
        </div>
      ) : null}
      <span className="rs-muted">{t('respond.quietHint')}</span>
    </div>
  );
}

function JoinCard({ me }: { me: ResponseMe }) {
  const { t, i18n } = useTranslation('response');
  const { message } = App.useApp();
  const enrol = useEnrol();
  const [agreed, setAgreed] = useState(false);
  const [prefs, setPrefs] = useState<ResponderPrefs>(defaultPrefs);
  const [quiet, setQuiet] = useState<QuietHours>(null);
  return (
    <>
      <section className="rs-card" data-testid="consent-card">
        <h2>{t('respond.consentTitle')}</h2>
        <div className="rs-consent">{i18n.language === 'en' ? me.consent.textEn : me.consent.textZh}</div>
        <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="consent-agree">
          {t('respond.consentAgree')}
        </Checkbox>
      </section>
      <section className="rs-card">
        <h2>{t('respond.prefsTitle')}</h2>
        <PrefsFields prefs={prefs} quiet={quiet} onPrefs={setPrefs} onQuiet={setQuiet} />
      </section>
      <Button
        type="primary"
        danger
        block
        className="rs-big"
        disabled={!agreed}
        loading={enrol.isPending}
        onClick={() =>
          enrol.mutate(
            { consentVersion: me.consent.version, prefs, quietHours: quiet },
            { onError: (e) => message.error(e.message) },
          )
        }
        data-testid="join"
      >
        {t('respond.join')}
      </Button>
    </>
  );
}

function PrefsCard({ responder }: { responder: ResponderView }) {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const update = useUpdateResponder();
  const [prefs, setPrefs] = useState<ResponderPrefs>({
    ...responder.prefs,
    maxDistanceM: (maxDistances as number[]).includes(responder.prefs.maxDistanceM)
      ? (responder.prefs.maxDistanceM as MaxDistance)
      : 1000,
  });
  const [quiet, setQuiet] = useState(responder.quietHours);
  const dirty = JSON.stringify([prefs, quiet]) !== JSON.stringify([responder.prefs, responder.quietHours]);
  return (
    <section className="rs-card" data-testid="prefs-card">
      <h2>{t('respond.prefsTitle')}</h2>
      <PrefsFields prefs={prefs} quiet={quiet} onPrefs={setPrefs} onQuiet={setQuiet} />
      <Button
        style={{ marginTop: 12 }}
        block
        disabled={!dirty}
        loading={update.isPending}
        onClick={() =>
          update.mutate(
            { prefs, quietHours: quiet },
            { onSuccess: () => message.success(t('respond.saved')), onError: (e) => message.error(e.message) },
          )
        }
      >
        {t('respond.save')}
      </Button>
    </section>
  );
}

function ResponderPanel({ me, responder }: { me: ResponseMe; responder: ResponderView }) {
  const { t, i18n } = useTranslation('response');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const client = useRealtime(true);
  const { opened } = useSocketStatus(client);
  const alerts = useMyAlerts(true);
  const onCall = useGoOnCall();
  const offCall = useGoOffCall();
  const [soundReady, setSoundReady] = useState(alarmReady());
  const acked = useRef(new Set<string>());
  const lang = i18n.language;

  const refetchMe = useCallback(() => void qc.invalidateQueries({ queryKey: responseKeys.me }), [qc]);
  const sharing = usePositionSharing(client, responder.onCall, refetchMe);

  // Any tap unlocks the alert sound (browsers refuse audio before a user gesture).
  useEffect(() => {
    const unlock = () => {
      unlockAlarm();
      window.setTimeout(() => setSoundReady(alarmReady()), 50);
    };
    window.addEventListener('pointerdown', unlock);
    return () => window.removeEventListener('pointerdown', unlock);
  }, []);

  // After a reconnect, fetch what may have been missed while the socket was down.
  useEffect(() => {
    if (opened > 1) {
      void qc.invalidateQueries({ queryKey: responseKeys.myAlerts });
      refetchMe();
    }
  }, [opened, qc, refetchMe]);

  const ack = useCallback(
    (a: AlertView) => {
      if (!acked.current.has(a.id) && client.send({ type: 'alert.ack', alertId: a.id })) {
        acked.current.add(a.id);
      }
    },
    [client],
  );

  const isMine = useCallback((topic: string) => topic === `responder:${responder.id}`, [responder.id]);
  useTopicEvents(
    client,
    null,
    (e) => {
      if (e.event === 'alert') {
        const a = e.data as AlertView;
        mergeAlert(qc, a);
        ack(a);
        ringAlarm(responder.prefs.sound);
      } else if (e.event === 'alert.updated') {
        mergeAlert(qc, e.data as AlertView);
      } else if (e.event === 'status') {
        qc.setQueryData<ResponseMe>(responseKeys.me, (old) =>
          old ? { ...old, responder: e.data as ResponderView } : old,
        );
      }
    },
    isMine,
  );

  // Alerts loaded over HTTP (after a reload) are acknowledged too: the phone shows them, no SMS needed; again after a
  // reconnect, when the socket can carry the ack.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `opened` re-runs it once the socket is back
  useEffect(() => {
    for (const a of alerts.data ?? []) {
      if (a.status === 'alerted' && a.emergency.status === 'active') {
        ack(a);
      }
    }
  }, [alerts.data, ack, opened]);

  // Cards: every alert of an active emergency but the declined ones (stood down says why), and for two hours the
  // ones this responder went to (the ended state thanks them); the rest is history.
  const recent = Date.now() - 2 * 3_600_000;
  const live = (alerts.data ?? []).filter(
    (a) =>
      (a.emergency.status === 'active' && a.status !== 'declined') ||
      (a.role !== null && new Date(a.alertedAt).getTime() > recent),
  );
  const waiting = live.filter((a) => a.emergency.status === 'active' && a.status !== 'stood_down');
  const past = (alerts.data ?? []).filter((a) => !live.includes(a));
  const myPoint = sharing.fix ? { lat: sharing.fix.lat, lng: sharing.fix.lng } : (responder.position ?? null);

  const toggle = async (on: boolean) => {
    unlockAlarm();
    setSoundReady(alarmReady());
    const onError = (e: Error) => message.error(e.message);
    if (on) {
      const p = await currentPosition();
      onCall.mutate(p ?? undefined, { onError });
    } else {
      offCall.mutate(undefined, { onError });
    }
  };

  const reason =
    !responder.onCall && responder.offCallReason
      ? t(`respond.offReason.${responder.offCallReason}` as 'respond.offReason.self', { defaultValue: '' })
      : '';

  return (
    <>
      {live.map((a) => (
        <AlertCard key={a.id} alert={a} me={myPoint} />
      ))}
      <section className={`rs-switch${responder.onCall ? ' is-on' : ''}`} data-testid="on-call-card">
        <div>
          <div className="rs-switch-state" data-testid="on-call-state">
            {responder.onCall ? t('respond.onCall') : t('respond.offCall')}
          </div>
          <div className="rs-muted">
            {responder.onCall && responder.onCallSince
              ? t('respond.onCallSince', { time: formatDateTime(responder.onCallSince, lang) })
              : t('respond.onCallHint')}
          </div>
          <SocketBadge client={client} />
        </div>
        <Switch
          checked={responder.onCall}
          loading={onCall.isPending || offCall.isPending}
          onChange={(v) => void toggle(v)}
          style={{ transform: 'scale(1.5)', marginRight: 10 }}
          aria-label={responder.onCall ? t('respond.goOffCall') : t('respond.goOnCall')}
          data-testid="on-call-switch"
        />
      </section>
      {reason ? <Alert type="warning" showIcon title={reason} data-testid="off-call-reason" /> : null}
      {responder.onCall && responder.prefs.sound && !soundReady ? (
        <Button block icon={<SoundOutlined />} onClick={() => unlockAlarm()}>
          {t('respond.enableSound')}
        </Button>
      ) : null}
      {responder.onCall ? (
        <section className="rs-card" data-testid="position-card">
          <h2>{t('respond.positionTitle')}</h2>
          {sharing.geo === 'locating' && !sharing.fix ? <Spin size="small" /> : null}
          {sharing.geo === 'locating' && !sharing.fix ? (
            <span className="rs-muted"> {t('respond.locating')}</span>
          ) : null}
          {sharing.geo === 'denied' && !sharing.fix?.manual ? (
            <Alert type="warning" showIcon title={t('respond.geoDenied')} style={{ marginBottom: 10 }} />
          ) : null}
          {sharing.fix ? (
            <div className="rs-muted" style={{ marginBottom: 8 }} data-testid="position-status">
              {sharing.fix.manual
                ? t('respond.pickedManually')
                : t('respond.accuracy', { n: Math.round(sharing.fix.accuracyM ?? 0) })}
              {' · '}
              {sharing.lastSentAt
                ? t('respond.lastSent', { time: formatClock(sharing.lastSentAt, lang) })
                : t('respond.notSent')}
            </div>
          ) : null}
          {sharing.sendError ? <Alert type="error" showIcon title={sharing.sendError} /> : null}
          {sharing.geo === 'denied' || sharing.fix || responder.position ? (
            <>
              <ResponseMap
                center={myPoint ?? { lat: 29.7135, lng: 120.2448 }}
                markers={myPoint ? [{ id: 'me', kind: 'me', position: myPoint }] : []}
                circles={
                  myPoint
                    ? [{ id: 'range', center: myPoint, radiusM: responder.prefs.maxDistanceM, color: '#1677ff' }]
                    : []
                }
                onPick={sharing.geo === 'denied' ? sharing.setManual : undefined}
                height={200}
                fitKey={sharing.fix?.manual ? 'manual' : myPoint ? 'me' : 'none'}
                testId="position-map"
              />
              {sharing.geo === 'denied' ? <div className="rs-muted">{t('respond.pickHint')}</div> : null}
            </>
          ) : null}
        </section>
      ) : null}
      {responder.onCall && waiting.length === 0 ? (
        <div className="rs-muted" style={{ textAlign: 'center' }}>
          {t('alert.none')}
        </div>
      ) : null}
      {past.length > 0 ? (
        <section className="rs-card">
          <h2>{t('alert.history')}</h2>
          <ul className="rs-list">
            {past.map((a) => (
              <li key={a.id}>
                <span>{a.emergency.address || a.emergency.id.slice(0, 8)}</span>
                <span className="rs-muted">{formatDateTime(a.alertedAt, lang)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <PrefsCard
        key={`${responder.id}-${JSON.stringify([responder.prefs, responder.quietHours])}`}
        responder={responder}
      />
      {me.certificate ? (
        <div className="rs-muted" style={{ textAlign: 'center' }}>
          {t('respond.certificate', {
            certNo: me.certificate.certNo,
            name: me.certificate.holderNameMasked,
            date: me.certificate.validUntil,
          })}
        </div>
      ) : null}
    </>
  );
}

export function RespondPage() {
  const { t } = useTranslation('response');
  const { data: account, isLoading } = useMe();
  const signedIn = account?.kind === 'public';
  const me = useResponseMe(signedIn);

  let body: React.ReactNode;
  if (isLoading || (signedIn && me.isLoading)) {
    body = <Spin style={{ display: 'block', marginTop: 48 }} />;
  } else if (!account) {
    body = (
      <section className="rs-card" data-testid="respond-sign-in">
        <p className="rs-lead" style={{ marginBottom: 12 }}>
          {t('respond.signIn')}
        </p>
        <Link to={`/login?next=${encodeURIComponent('/respond')}`}>
          <Button type="primary" danger block className="rs-big" icon={<LoginOutlined />}>
            {t('respond.signInButton')}
          </Button>
        </Link>
      </section>
    );
  } else if (!signedIn) {
    body = <Alert type="warning" showIcon title={t('respond.staffOnly')} />;
  } else if (me.error || !me.data) {
    body = <Alert type="error" showIcon title={me.error?.message} />;
  } else if (!me.data.eligible) {
    body = (
      <>
        {me.data.responder?.offCallReason && me.data.responder.offCallReason !== 'self' ? (
          <Alert
            type="warning"
            showIcon
            title={t(`respond.offReason.${me.data.responder.offCallReason}` as 'respond.offReason.self', {
              defaultValue: '',
            })}
          />
        ) : null}
        <div data-testid="no-certificate">
          <Result
            status="warning"
            title={t('respond.noCertTitle')}
            subTitle={t('respond.noCert')}
            extra={
              <Link to="/training">
                <Button type="primary" danger>
                  {t('respond.toTraining')}
                </Button>
              </Link>
            }
          />
        </div>
      </>
    );
  } else if (!me.data.responder || me.data.responder.consentVersion !== me.data.consent.version) {
    body = <JoinCard me={me.data} />;
  } else {
    body = <ResponderPanel me={me.data} responder={me.data.responder} />;
  }

  return (
    <PublicShell>
      <div className="rs-page" data-testid="respond-page">
        <h1 className="rs-title">{t('respond.title')}</h1>
        <p className="rs-lead">{t('respond.lead')}</p>
        {body}
      </div>
    </PublicShell>
  );
}

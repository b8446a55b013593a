// /emergency: the bystander's one-button page. "拨打 120" stays on top and never waits for anything; the phone's position
// (or a tap on the map), the caller's number and an optional note raise the emergency; then who is coming (live over
// `emergency:<id>:<followToken>`), the nearest ready AEDs (each linking to its page /aed/d/:code) and CPR guidance.
// The raised call survives a reload (id and token kept in sessionStorage).
import { AimOutlined, AlertOutlined, PhoneFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicShell } from '../../../components/public-shell';
import {
  type AedBrief,
  formatDistance,
  formatWalk,
  type LatLng,
  type PublicEmergency,
  type PublicResponder,
  responseKeys,
  usePublicEmergency,
  useRaisePublic,
} from '../api';
import { type MapMarker, ResponseMap, responderColor } from '../components/response-map';
import '../components/response.css';
import { useRealtime, useTopicEvents } from '../realtime';
import { currentPosition } from './use-position-sharing';

const storageKey = 'boai_emergency';
const phonePattern = /^1\d{10}$/;
/** Where the map opens before a position is known: 诸暨 city centre. */
const fallbackCenter = { lat: 29.7135, lng: 120.2448 };

type Raised = { id: string; token: string };

function loadRaised(): Raised | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Raised | null;
    return v?.id && v.token ? v : null;
  } catch {
    return null;
  }
}

function Call120() {
  const { t } = useTranslation('response');
  return (
    <a className="rs-call120" href="tel:120" data-testid="call-120">
      <PhoneFilled /> {t('emergency.call120')}
    </a>
  );
}

function AedList({ aeds }: { aeds: AedBrief[] }) {
  const { t, i18n } = useTranslation('response');
  return (
    <section className="rs-card" data-testid="nearest-aeds">
      <h2>{t('emergency.aeds')}</h2>
      {aeds.length === 0 ? <div className="rs-muted">{t('emergency.noAeds')}</div> : null}
      <ul className="rs-list">
        {aeds.map((a) => (
          <li key={a.id} data-testid="nearest-aed">
            <div>
              <strong>{a.building || a.address}</strong>
              <div className="rs-muted">
                {[a.floor, a.spot].filter(Boolean).join(' · ')}
                {a.openHoursText ? ` · ${a.openHoursText}` : ''}
              </div>
              <a href={`/aed/d/${encodeURIComponent(a.code)}`}>{t('emergency.aedLink')}</a>
            </div>
            <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
              <strong>{formatDistance(a.distanceM, i18n.language)}</strong>
              <div className="rs-muted">{formatWalk(a.walkingSeconds, i18n.language)}</div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Coming({ e }: { e: PublicEmergency }) {
  const { t, i18n } = useTranslation('response');
  const going = e.responders.filter((r) => r.status === 'accepted' || r.status === 'arrived');
  return (
    <section className="rs-card" data-testid="coming">
      {e.status === 'ended' ? <Alert type="info" showIcon title={t('emergency.ended')} /> : null}
      <div className="rs-muted">{t('emergency.number', { no: e.number })}</div>
      <div className="rs-count" data-testid="coming-count" data-count={going.length}>
        {going.length > 0 ? t('emergency.coming', { n: going.length }) : t('emergency.notifying')}
      </div>
      <div className="rs-muted" data-testid="alerted-count">
        {t('emergency.alerted', { n: e.alerted })}
      </div>
      {going.length === 0 && e.alerted > 0 ? <div className="rs-muted">{t('emergency.noneYet')}</div> : null}
      <ul className="rs-list">
        {going.map((r) => (
          <li key={r.alertId}>
            <span>
              {r.role ? t(`emergency.responderRole.${r.role}`) : ''}
              {r.status === 'arrived' ? ` · ${t('emergency.arrived')}` : ''}
            </span>
            <strong>{formatDistance(r.distanceM, i18n.language)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RaisedView({ raised, onReset }: { raised: Raised; onReset: () => void }) {
  const { t } = useTranslation('response');
  const qc = useQueryClient();
  const e = usePublicEmergency(raised.id, raised.token);
  const client = useRealtime(true);
  const refetch = useCallback(
    () => void qc.invalidateQueries({ queryKey: responseKeys.publicEmergency(raised.id, raised.token) }),
    [qc, raised],
  );
  // The public view carries no names: any live change just refreshes it.
  useTopicEvents(client, `emergency:${raised.id}:${raised.token}`, refetch);

  if (e.isLoading) {
    return <Spin style={{ display: 'block', marginTop: 24 }} />;
  }
  if (e.error || !e.data) {
    return (
      <>
        <Alert type="error" showIcon title={e.error?.message} />
        <Button onClick={onReset}>{t('emergency.raise')}</Button>
      </>
    );
  }
  const data = e.data;
  const markers: MapMarker[] = [
    { id: 'patient', kind: 'patient', position: { lat: data.lat, lng: data.lng } },
    ...data.aeds.map((a) => ({ id: `aed-${a.id}`, kind: 'aed' as const, position: a, tooltip: a.building || a.code })),
    ...data.responders
      .filter((r): r is PublicResponder & { position: LatLng } => !!r.position)
      .map((r) => ({
        id: `r-${r.alertId}`,
        kind: 'responder' as const,
        position: r.position,
        color: responderColor(r.status, r.role),
        status: r.status,
      })),
  ];
  return (
    <>
      <Coming e={data} />
      <ResponseMap
        center={{ lat: data.lat, lng: data.lng }}
        markers={markers}
        height={240}
        fitKey={`${data.id}-${data.aeds.length}`}
      />
      <Alert type="warning" showIcon title={t('emergency.cpr')} />
      <AedList aeds={data.aeds} />
    </>
  );
}

export function EmergencyPage() {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone: string; address: string; note: string }>();
  const [raised, setRaised] = useState<Raised | null>(loadRaised);
  const [point, setPoint] = useState<LatLng | null>(null);
  const [accuracy, setAccuracy] = useState<number | null>(null);
  const [geo, setGeo] = useState<'idle' | 'locating' | 'ok' | 'denied'>('idle');
  const raise = useRaisePublic();

  const locate = useCallback(async () => {
    setGeo('locating');
    const p = await currentPosition(10_000);
    if (p) {
      setPoint({ lat: p.lat, lng: p.lng });
      setAccuracy(p.accuracyM ?? null);
      setGeo('ok');
    } else {
      setGeo('denied');
    }
  }, []);

  // Ask for the position at once: every second counts.
  useEffect(() => {
    if (!raised) {
      void locate();
    }
  }, [raised, locate]);

  const onSubmit = (v: { phone: string; address: string; note: string }) => {
    if (!point) {
      message.warning(t('emergency.needPoint'));
      return;
    }
    raise.mutate(
      {
        lat: point.lat,
        lng: point.lng,
        callerPhone: v.phone.replace(/[\s-]/g, ''),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      {
        onSuccess: (r) => {
          const next = { id: r.emergency.id, token: r.followToken };
          sessionStorage.setItem(storageKey, JSON.stringify(next));
          setRaised(next);
        },
        onError: (e) => message.error(e.message),
      },
    );
  };

  return (
    <PublicShell>
      <div className="rs-page" data-testid="emergency-page">
        <h1 className="rs-title">{t('emergency.title')}</h1>
        <Call120 />
        {raised ? (
          <RaisedView
            raised={raised}
            onReset={() => {
              sessionStorage.removeItem(storageKey);
              setRaised(null);
            }}
          />
        ) : (
          <>
            <p className="rs-lead">{t('emergency.lead')}</p>
            <section className="rs-card">
              <div className="rs-row" style={{ marginBottom: 8 }}>
                <span className="rs-muted" data-testid="geo-status">
                  {geo === 'locating'
                    ? t('emergency.locating')
                    : geo === 'ok' && accuracy !== null
                      ? t('emergency.located', { n: Math.round(accuracy) })
                      : t('emergency.pickHint')}
                </span>
                <Button icon={<AimOutlined />} onClick={() => void locate()} loading={geo === 'locating'}>
                  {t('emergency.locate')}
                </Button>
              </div>
              {geo === 'denied' ? (
                <Alert type="warning" showIcon title={t('emergency.geoDenied')} style={{ marginBottom: 8 }} />
              ) : null}
              <ResponseMap
                center={point ?? fallbackCenter}
                markers={point ? [{ id: 'pick', kind: 'pick', position: point }] : []}
                onPick={(p) => {
                  setPoint(p);
                  setAccuracy(null);
                }}
                height={220}
                fitKey={geo === 'ok' ? `geo-${point?.lat}` : 'pick'}
                testId="emergency-map"
              />
            </section>
            <section className="rs-card">
              <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false}>
                <Form.Item
                  name="phone"
                  label={t('emergency.phone')}
                  extra={t('emergency.phoneHint')}
                  rules={[
                    {
                      required: true,
                      transform: (v: string) => v?.replace(/[\s-]/g, ''),
                      pattern: phonePattern,
                      message: t('emergency.phoneInvalid'),
                    },
                  ]}
                >
                  <Input type="tel" inputMode="tel" size="large" maxLength={13} autoComplete="tel" />
                </Form.Item>
                <Form.Item name="address" label={t('emergency.address')}>
                  <Input size="large" maxLength={200} placeholder={t('emergency.addressPlaceholder')} />
                </Form.Item>
                <Form.Item name="note" label={t('emergency.note')}>
                  <Input.TextArea rows={2} maxLength={500} placeholder={t('emergency.notePlaceholder')} />
                </Form.Item>
                <Button
                  type="primary"
                  danger
                  htmlType="submit"
                  block
                  className="rs-big"
                  icon={<AlertOutlined />}
                  loading={raise.isPending}
                  data-testid="raise"
                >
                  {t('emergency.raise')}
                </Button>
              </Form>
            </section>
            <Alert type="warning" showIcon title={t('emergency.cpr')} />
          </>
        )}
      </div>
    </PublicShell>
  );
}

// One alert on the responder's phone: the red card with distance and accept/decline; after accepting, the role, the
// instruction, the AED to fetch (floor, spot, access notes), a small map (me, patient, AED) and "已到达"; then the
// arrived, stood-down, declined and ended states.
import { CheckOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/china-time';
import type { LatLng } from '../../../lib/geo';
import {
  type AedBrief,
  type AlertView,
  formatDistance,
  formatWalk,
  useAcceptAlert,
  useArrived,
  useDeclineAlert,
} from '../api';
import { type MapMarker, ResponseMap } from '../components/response-map';

function AedFacts({ aed, title }: { aed: AedBrief; title: string }) {
  const { t, i18n } = useTranslation('response');
  return (
    <div className="rs-aed" data-testid="alert-aed">
      <strong>
        {title} · {aed.code}
      </strong>
      <div>
        {aed.address} {aed.building}
      </div>
      <dl>
        <dt>{t('alert.floor')}</dt>
        <dd>{aed.floor || '—'}</dd>
        <dt>{t('alert.spot')}</dt>
        <dd>{aed.spot || '—'}</dd>
        {aed.accessNotes ? (
          <>
            <dt>{t('alert.access')}</dt>
            <dd>{aed.accessNotes}</dd>
          </>
        ) : null}
        {aed.openHoursText ? (
          <>
            <dt>{t('alert.hours')}</dt>
            <dd>{aed.openHoursText}</dd>
          </>
        ) : null}
      </dl>
      <div className="rs-muted">
        {formatDistance(aed.distanceM, i18n.language)} · {formatWalk(aed.walkingSeconds, i18n.language)}
      </div>
    </div>
  );
}

export function AlertCard({ alert, me }: { alert: AlertView; me: LatLng | null }) {
  const { t, i18n } = useTranslation('response');
  const { message, modal } = App.useApp();
  const accept = useAcceptAlert();
  const decline = useDeclineAlert();
  const arrived = useArrived();
  const [fetchedAed, setFetchedAed] = useState(false);
  const lang = i18n.language;
  const e = alert.emergency;
  const ended = e.status === 'ended' || alert.status === 'ended';
  const onError = (error: Error) => message.error(error.message);

  const facts = (
    <dl>
      <dt>{t('alert.address')}</dt>
      <dd data-testid="alert-address">{e.address || `${e.lat.toFixed(5)}, ${e.lng.toFixed(5)}`}</dd>
      {e.note ? (
        <>
          <dt>{t('alert.note')}</dt>
          <dd>{e.note}</dd>
        </>
      ) : null}
    </dl>
  );

  if (ended || alert.status === 'stood_down' || alert.status === 'declined') {
    const text = ended ? t('alert.ended') : alert.status === 'stood_down' ? t('alert.stoodDown') : t('alert.declined');
    return (
      <section className="rs-alert is-done" data-testid="alert-card" data-status={ended ? 'ended' : alert.status}>
        <h2>{text}</h2>
        <div className="rs-muted">
          {e.address} · {t('alert.raisedAt', { time: formatDateTime(alert.alertedAt, lang) })}
        </div>
      </section>
    );
  }

  if (alert.status === 'alerted') {
    return (
      <section className="rs-alert is-new" data-testid="alert-card" data-status="alerted" role="alert">
        <h2>{t('alert.title')}</h2>
        <div className="rs-alert-distance" data-testid="alert-distance">
          {t('alert.distance', {
            d: formatDistance(alert.distanceM, lang),
            walk: formatWalk(alert.walkingSeconds, lang),
          })}
        </div>
        {facts}
        <div className="rs-alert-actions">
          <Button
            size="large"
            icon={<CheckOutlined />}
            loading={accept.isPending}
            onClick={() => accept.mutate(alert.id, { onError })}
            data-testid="alert-accept"
          >
            {t('alert.accept')}
          </Button>
          <Button
            size="large"
            ghost
            loading={decline.isPending}
            onClick={() =>
              modal.confirm({
                title: t('alert.declineConfirm'),
                onOk: () => decline.mutateAsync(alert.id).catch(onError),
              })
            }
            data-testid="alert-decline"
          >
            {t('alert.decline')}
          </Button>
        </div>
        <div style={{ marginTop: 10, fontSize: 13, opacity: 0.9 }}>{t('alert.call120')}</div>
      </section>
    );
  }

  // accepted or arrived
  const markers: MapMarker[] = [
    { id: 'patient', kind: 'patient', position: { lat: e.lat, lng: e.lng }, tooltip: t('alert.mapPatient') },
  ];
  if (alert.aed) {
    markers.push({ id: `aed-${alert.aed.id}`, kind: 'aed', position: alert.aed, tooltip: alert.aed.code });
  }
  if (me) {
    markers.push({ id: 'me', kind: 'me', position: me, tooltip: t('alert.mapMe') });
  }
  return (
    <section className="rs-alert is-accepted" data-testid="alert-card" data-status={alert.status}>
      {alert.status === 'arrived' ? (
        <Alert type="success" showIcon title={t('alert.arrivedState')} style={{ marginBottom: 10 }} />
      ) : (
        <h2>{t('alert.accepted')}</h2>
      )}
      {alert.role ? (
        <div className="rs-role" data-testid="alert-role" data-role={alert.role}>
          {t(`alert.role.${alert.role}`)}
        </div>
      ) : null}
      {alert.instruction ? (
        <p style={{ fontSize: 16, fontWeight: 600, margin: '0 0 8px' }} data-testid="alert-instruction">
          {alert.instruction}
        </p>
      ) : null}
      {facts}
      {alert.aed ? (
        <AedFacts aed={alert.aed} title={alert.role === 'fetch_aed' ? t('alert.aedTitle') : t('alert.nearestAed')} />
      ) : null}
      <ResponseMap center={{ lat: e.lat, lng: e.lng }} markers={markers} height={220} testId="alert-map" />
      <Button
        block
        icon={<EnvironmentOutlined />}
        href={`https://uri.amap.com/navigation?to=${e.lng},${e.lat},${encodeURIComponent(e.address || '')}&mode=walk&coordinate=wgs84`}
        target="_blank"
        rel="noreferrer"
        style={{ marginTop: 10 }}
      >
        {t('alert.navigate')}
      </Button>
      {alert.status === 'accepted' ? (
        <div style={{ marginTop: 12 }}>
          {alert.role === 'fetch_aed' ? (
            <Checkbox
              checked={fetchedAed}
              onChange={(x) => setFetchedAed(x.target.checked)}
              style={{ marginBottom: 8 }}
            >
              {t('alert.fetchedAed')}
            </Checkbox>
          ) : null}
          <Button
            type="primary"
            danger
            block
            className="rs-big"
            loading={arrived.isPending}
            onClick={() => arrived.mutate({ id: alert.id, fetchedAed }, { onError })}
            data-testid="alert-arrived"
          >
            {t('alert.arrived')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

// /aed/d/:code — a device's public page (the QR sticker opens it): what and where, when it can be reached, its status in
// plain words, a photo and a map, a directions hint, and a form to report a problem (kind, note, photo, phone).
import { CheckCircleFilled, ExclamationCircleFilled, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Radio, Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import {
  type PublicAedView,
  publicAedPhotoUrl,
  type ReportKind,
  type ReportProblem,
  usePublicAed,
  useReportAedProblem,
} from '../api';
import { EmergencyBox } from './aed-map-page';
import { PublicAedMap } from './public-map';
import './aed-public.css';
import { formatDate } from '../../../lib/china-time';

const kinds: ReportKind[] = ['missing', 'damaged', 'inaccessible', 'expired', 'other'];

/** Shrinks a photo to at most 1280 px on its long side as JPEG, base64 (the report route takes ~600 KB). */
async function shrinkPhoto(file: File): Promise<{ name: string; base64: string }> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.8, 0.6, 0.4]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    const base64 = url.slice(url.indexOf(',') + 1);
    if (base64.length < 780_000) {
      return { name: file.name.replace(/\.[^.]+$/, '.jpg').slice(0, 120), base64 };
    }
  }
  throw new Error('photo too large');
}

/** The weekly hours as one line per day: 周一 08:00–18:00. */
function hoursLines(hours: number[]): string[][] {
  return hours.map((mask) => {
    const spans: string[] = [];
    let h = 0;
    while (h < 24) {
      if ((mask >> h) & 1) {
        const from = h;
        while (h < 24 && (mask >> h) & 1) {
          h++;
        }
        spans.push(`${String(from).padStart(2, '0')}:00–${h === 24 ? '24:00' : `${String(h).padStart(2, '0')}:00`}`);
      } else {
        h++;
      }
    }
    return spans;
  });
}

function ReportForm({ code }: { code: string }) {
  const { t } = useTranslation('aedPublic');
  const report = useReportAedProblem(code);
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [note, setNote] = useState('');
  const [phone, setPhone] = useState('');
  const [photo, setPhoto] = useState<{ name: string; base64: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (report.isSuccess) {
    return <Result status="success" title={t('report.sent')} data-testid="aedp-report-sent" />;
  }
  const submit = () => {
    const p = phone.trim();
    if (p && !/^1[3-9]\d{9}$/.test(p)) {
      setProblem(t('report.badPhone'));
      return;
    }
    setProblem(null);
    if (!kind) {
      return;
    }
    const body: ReportProblem = { kind, note: note.trim(), ...(p ? { phone: p } : {}), ...(photo ? { photo } : {}) };
    report.mutate(body);
  };
  const errorText = report.error
    ? isApiError(report.error) && report.error.status === 429
      ? t('report.tooMany')
      : isApiError(report.error)
        ? report.error.message
        : t('report.failed')
    : null;
  return (
    <section className="aedp-card" data-testid="aedp-report">
      <h2 className="aedp-h2">{t('report.title')}</h2>
      <p className="aedp-muted">{t('report.intro')}</p>
      <div className="aedp-field-label">{t('report.kind')}</div>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} className="aedp-kinds">
        {kinds.map((k) => (
          <Radio key={k} value={k} data-testid={`aedp-kind-${k}`}>
            {t(`report.kinds.${k}`)}
          </Radio>
        ))}
      </Radio.Group>
      <div className="aedp-field-label">{t('report.note')}</div>
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        rows={2}
        placeholder={t('report.notePlaceholder')}
        data-testid="aedp-note"
      />
      <div className="aedp-field-label">{t('report.photo')}</div>
      {photo ? (
        <div className="aedp-photo-row">
          <img src={`data:image/jpeg;base64,${photo.base64}`} alt="" className="aedp-photo-thumb" />
          <Button size="small" onClick={() => setPhoto(null)}>
            {t('report.removePhoto')}
          </Button>
        </div>
      ) : (
        <label className="aedp-file">
          <input
            type="file"
            accept="image/*"
            capture="environment"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) {
                try {
                  setPhoto(await shrinkPhoto(file));
                } catch {
                  setProblem(t('report.photoFailed'));
                }
              }
            }}
          />
          {t('report.addPhoto')}
        </label>
      )}
      <div className="aedp-field-label">{t('report.phone')}</div>
      <Input
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        inputMode="tel"
        maxLength={11}
        data-testid="aedp-phone"
      />
      {problem || errorText ? (
        <Alert type="error" showIcon className="aedp-alert" title={problem ?? errorText} />
      ) : null}
      <Button
        type="primary"
        block
        size="large"
        disabled={!kind}
        loading={report.isPending}
        onClick={submit}
        className="aedp-submit"
        data-testid="aedp-report-submit"
      >
        {t('report.submit')}
      </Button>
    </section>
  );
}

function Device({ a }: { a: PublicAedView }) {
  const { t, i18n } = useTranslation('aedPublic');
  const [reporting, setReporting] = useState(false);
  const days = t('device.weekdays', { returnObjects: true }) as string[];
  const lines = hoursLines(a.openHours);
  const where = [a.building, a.floor, a.spot].filter(Boolean).join(' · ');
  return (
    <>
      <section
        className={`aedp-status ${a.available ? 'is-ok' : 'is-off'}`}
        data-testid="aedp-status"
        data-available={a.available}
      >
        {a.available ? <CheckCircleFilled /> : <ExclamationCircleFilled />}
        <div>
          <div className="aedp-status-word">{a.available ? t('device.available') : t('device.unavailable')}</div>
          {a.unavailableReason ? (
            <div className="aedp-status-reason">{t(`device.reasons.${a.unavailableReason}`)}</div>
          ) : null}
        </div>
      </section>
      <section className="aedp-card">
        <div className="aedp-device-code">
          {t('device.code')} <span className="aedp-mono">{a.code}</span>
        </div>
        <h1 className="aedp-h1">{where || a.address}</h1>
        <dl className="aedp-facts">
          <dt>{t('device.address')}</dt>
          <dd>{a.address}</dd>
          {a.accessNotes ? (
            <>
              <dt>{t('device.access')}</dt>
              <dd className="aedp-access">{a.accessNotes}</dd>
            </>
          ) : null}
          <dt>{t('device.hours')}</dt>
          <dd>
            {a.is24h ? t('item.h24') : a.openHoursText}
            {!a.is24h ? (
              <ul className="aedp-hours" data-testid="aedp-hours">
                {lines.map((spans, i) => (
                  <li key={days[i]}>
                    <span>{days[i]}</span> {spans.length ? spans.join(', ') : t('device.closedDay')}
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
          <dt>{t('device.unit')}</dt>
          <dd>{a.unitName}</dd>
          <dt>{t('device.model')}</dt>
          <dd>
            {a.brand} {a.model}
          </dd>
          {a.padsExpiresOn ? (
            <>
              <dt>{t('device.pads')}</dt>
              <dd>{a.padsExpiresOn}</dd>
            </>
          ) : null}
          {a.lastInspectedAt ? (
            <>
              <dt>{t('device.inspected')}</dt>
              <dd>{formatDate(a.lastInspectedAt, i18n.language)}</dd>
            </>
          ) : null}
        </dl>
        <p className="aedp-directions">
          {a.building
            ? t('device.directions', { building: a.building, floor: a.floor, spot: a.spot })
            : t('device.directionsPlain')}
        </p>
      </section>
      {a.hasPhoto ? (
        <img src={publicAedPhotoUrl(a.code)} alt={t('device.photo')} className="aedp-photo" data-testid="aedp-photo" />
      ) : null}
      <PublicAedMap
        you={null}
        markers={[{ key: a.code, position: { lat: a.lat, lng: a.lng }, label: 'AED', available: a.available }]}
        height={220}
      />
      <div className="aedp-more">
        <Link to={`/aed?lat=${a.lat}&lng=${a.lng}`} data-testid="aedp-near-others">
          {t('device.nearOthers')}
        </Link>
      </div>
      {a.status !== 'removed' ? (
        reporting ? (
          <ReportForm code={a.code} />
        ) : (
          <Button
            icon={<WarningOutlined />}
            block
            size="large"
            onClick={() => setReporting(true)}
            data-testid="aedp-report-open"
          >
            {t('report.open')}
          </Button>
        )
      ) : null}
    </>
  );
}

export function AedDevicePage() {
  const { t } = useTranslation('aedPublic');
  const { code } = useParams();
  const device = usePublicAed(code);
  return (
    <PublicShell>
      <div className="aedp-page" data-testid="aed-device-page">
        {device.isLoading ? <Spin /> : null}
        {device.isError ? (
          <Alert
            type="warning"
            showIcon
            title={t('device.notFound')}
            action={<Link to="/aed">{t('map.title')}</Link>}
            data-testid="aedp-not-found"
          />
        ) : null}
        {device.data ? <Device a={device.data} /> : null}
        <EmergencyBox />
      </div>
    </PublicShell>
  );
}

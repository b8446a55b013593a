// /aed — the public AED map, phone first: the browser's position (or a searched place, or a tap/long-press on the map,
// or ?lat&lng from a device page), the 3 nearest AEDs that can be used now (more on demand) as a list and on a map,
// and a big "call 120 / alert volunteers" area above everything.
import { AimOutlined, EnvironmentOutlined, PhoneFilled, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Spin, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import type { LatLng } from '../../../lib/geo';
import { type NearbyAedView, useNearbyAeds, usePlaceSearch } from '../api';
import { PublicAedMap } from './public-map';
import './aed-public.css';

type Source = { kind: 'gps' } | { kind: 'pick' } | { kind: 'place'; name: string } | { kind: 'link' };

/** "120 m" / "1.2 km". */
export function formatMetres(m: number, lang: string): string {
  if (m < 1000) {
    return `${Math.round(m)}${lang === 'en' ? ' m' : '米'}`;
  }
  return `${(m / 1000).toFixed(1)}${lang === 'en' ? ' km' : '公里'}`;
}

export function EmergencyBox() {
  const { t } = useTranslation('aedPublic');
  return (
    <section className="aedp-emergency" data-testid="aedp-emergency">
      <div className="aedp-emergency-title">{t('emergency.title')}</div>
      <a className="aedp-call" href="tel:120" data-testid="aedp-call-120">
        <PhoneFilled /> {t('emergency.call')}
      </a>
      <Link className="aedp-raise" to="/emergency" data-testid="aedp-raise">
        {t('emergency.raise')}
      </Link>
      <p className="aedp-cpr">{t('emergency.cpr')}</p>
    </section>
  );
}

function AedItem({ a, rank }: { a: NearbyAedView; rank: number }) {
  const { t, i18n } = useTranslation('aedPublic');
  const place = [a.building, a.floor, a.spot].filter(Boolean).join(' · ');
  return (
    <li className="aedp-item" data-testid="aedp-item" data-code={a.code}>
      <div className="aedp-rank">{rank}</div>
      <div className="aedp-item-body">
        <div className="aedp-item-head">
          <Link to={`/aed/d/${encodeURIComponent(a.code)}`} className="aedp-item-title">
            {place || a.address}
          </Link>
        </div>
        <div className="aedp-item-figures">
          <strong data-testid="aedp-distance">
            {t('item.distance', { m: formatMetres(a.distanceM, i18n.language) })}
          </strong>
          <span>{t('item.walk', { min: Math.max(1, Math.ceil(a.walkingSeconds / 60)) })}</span>
        </div>
        <div className="aedp-item-tags">
          <Tag color={a.available ? 'green' : 'orange'}>{t(`status.${a.status}`)}</Tag>
          <Tag color={a.openNow ? 'blue' : 'default'}>
            {a.is24h ? t('item.h24') : a.openNow ? t('item.openNow') : t('item.closedNow')}
          </Tag>
          {!a.is24h && a.openHoursText ? <span className="aedp-muted">{a.openHoursText}</span> : null}
        </div>
        <div className="aedp-muted">{a.address}</div>
        {a.accessNotes ? <div className="aedp-access">{a.accessNotes}</div> : null}
      </div>
    </li>
  );
}

function PlaceSearch({ onPick }: { onPick: (p: LatLng, name: string) => void }) {
  const { t } = useTranslation('aedPublic');
  const [typed, setTyped] = useState('');
  const [asked, setAsked] = useState('');
  const hits = usePlaceSearch(asked);
  return (
    <div className="aedp-search">
      <Input.Search
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(v) => setAsked(v.trim().slice(0, 40))}
        placeholder={t('map.searchPlaceholder')}
        enterButton={<SearchOutlined />}
        maxLength={40}
        data-testid="aedp-search"
        allowClear
      />
      <div className="aedp-muted aedp-hint">{t('map.searchHint')}</div>
      {hits.isFetching ? <Spin size="small" /> : null}
      {asked && hits.data && hits.data.length === 0 ? <div className="aedp-muted">{t('map.noHits')}</div> : null}
      {hits.data && hits.data.length > 0 ? (
        <ul className="aedp-hits" data-testid="aedp-hits">
          {hits.data.map((h) => (
            <li key={`${h.kind}-${h.name}-${h.lat}-${h.lng}`}>
              <button
                type="button"
                onClick={() => {
                  onPick({ lat: h.lat, lng: h.lng }, h.name);
                  setAsked('');
                }}
              >
                <EnvironmentOutlined /> <strong>{h.name}</strong>
                <span className="aedp-muted"> {h.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function AedMapPage() {
  const { t } = useTranslation('aedPublic');
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const linked = useMemo(() => {
    const lat = Number(search.get('lat'));
    const lng = Number(search.get('lng'));
    return search.get('lat') && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
  }, [search]);
  const [point, setPoint] = useState<LatLng | null>(linked);
  const [source, setSource] = useState<Source | null>(linked ? { kind: 'link' } : null);
  const [geo, setGeo] = useState<'idle' | 'asking' | 'denied' | 'unsupported'>('idle');
  const [limit, setLimit] = useState(3);
  const nearby = useNearbyAeds(point, limit);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setGeo('unsupported');
      return;
    }
    setGeo('asking');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGeo('idle');
        setPoint({ lat: pos.coords.latitude, lng: pos.coords.longitude });
        setSource({ kind: 'gps' });
      },
      () => setGeo('denied'),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 30_000 },
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: ask for the position once, unless a link gave a point
  useEffect(() => {
    if (!linked) {
      locate();
    }
  }, []);

  const items = nearby.data?.items ?? [];
  const markers = items.map((a, i) => ({
    key: a.code,
    position: { lat: a.lat, lng: a.lng },
    label: String(i + 1),
    available: a.available,
    onClick: () => navigate(`/aed/d/${encodeURIComponent(a.code)}`),
  }));
  const sourceText =
    source?.kind === 'gps'
      ? t('map.located')
      : source?.kind === 'place'
        ? t('map.placeSet', { name: source.name })
        : source
          ? t('map.pointSet')
          : null;

  return (
    <PublicShell>
      <div className="aedp-page" data-testid="aed-map-page">
        <EmergencyBox />
        <h1 className="aedp-h1">{t('map.title')}</h1>
        <p className="aedp-muted">{t('map.intro')}</p>
        <div className="aedp-locate-row">
          <Button icon={<AimOutlined />} onClick={locate} loading={geo === 'asking'} data-testid="aedp-locate">
            {geo === 'asking' ? t('map.locating') : t('map.locate')}
          </Button>
          {sourceText ? (
            <span className="aedp-muted" data-testid="aedp-source">
              {sourceText}
            </span>
          ) : null}
        </div>
        {geo === 'denied' || geo === 'unsupported' ? (
          <Alert
            type="warning"
            showIcon
            className="aedp-alert"
            data-testid="aedp-geo-denied"
            title={geo === 'denied' ? t('map.denied') : t('map.unsupported')}
          />
        ) : null}
        {!point || geo === 'denied' || geo === 'unsupported' ? (
          <PlaceSearch
            onPick={(p, name) => {
              setPoint(p);
              setSource({ kind: 'place', name });
            }}
          />
        ) : null}
        <PublicAedMap
          you={point}
          markers={markers}
          onSetPoint={(p) => {
            setPoint(p);
            setSource({ kind: 'pick' });
          }}
        />
        <div className="aedp-muted aedp-hint">{t('map.tapHint')}</div>
        {nearby.isError ? <Alert type="error" showIcon className="aedp-alert" title={t('map.loadFailed')} /> : null}
        {point && nearby.isLoading ? <Spin /> : null}
        {point && nearby.data && items.length === 0 ? (
          <Alert type="error" showIcon className="aedp-alert" data-testid="aedp-none" title={t('map.none')} />
        ) : null}
        {items.length > 0 ? (
          <ol className="aedp-list" data-testid="aedp-list">
            {items.map((a, i) => (
              <AedItem key={a.code} a={a} rank={i + 1} />
            ))}
          </ol>
        ) : null}
        {items.length > 0 ? (
          <div className="aedp-more">
            {limit === 3 ? (
              <Button onClick={() => setLimit(10)} disabled={items.length < 3} data-testid="aedp-more">
                {t('map.more')}
              </Button>
            ) : (
              <Button onClick={() => setLimit(3)}>{t('map.fewer')}</Button>
            )}
          </div>
        ) : null}
      </div>
    </PublicShell>
  );
}

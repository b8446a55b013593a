// /my/kits — 我的急救包 on the phone: claim a kit by the code on its sticker, place it (my location or a typed point,
// and a place name), record checks, see its contents with expiry dates and open tasks.
import { AimOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Radio, Result, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { chinaToday, formatDateTime } from '../../../lib/china-time';
import { type KitView, useClaimKit, useHolderCheck, useMyKits, usePlaceKit } from '../points/api';
import '../points/points.css';
import { KitMap } from './kit-map';

export function KitItems({
  items,
}: {
  items: { id: string; name: string; quantity: number; expiresOn: string | null }[];
}) {
  const { t } = useTranslation('memberPoints');
  const soon = chinaToday(new Date(Date.now() + 30 * 86_400_000));
  return (
    <div>
      {items.map((i) => (
        <div className="mp-award" key={i.id}>
          <span>
            {i.name} × {i.quantity}
          </span>
          <span className="mp-entry-meta">
            {i.expiresOn ? (
              <Tag color={i.expiresOn <= soon ? 'warning' : 'default'}>
                {t('kits.expires')} {i.expiresOn}
              </Tag>
            ) : (
              t('kits.noExpiry')
            )}
          </span>
        </div>
      ))}
    </div>
  );
}

function KitCard({ k }: { k: KitView }) {
  const { t, i18n } = useTranslation('memberPoints');
  const { message } = App.useApp();
  const place = usePlaceKit();
  const check = useHolderCheck();
  const [lat, setLat] = useState<number | null>(k.lat);
  const [lng, setLng] = useState<number | null>(k.lng);
  const [placeName, setPlaceName] = useState(k.placeName ?? '');
  const [ok, setOk] = useState(true);
  const [note, setNote] = useState('');
  const locate = () =>
    navigator.geolocation?.getCurrentPosition((p) => {
      setLat(Math.round(p.coords.latitude * 1e6) / 1e6);
      setLng(Math.round(p.coords.longitude * 1e6) / 1e6);
    });
  const open = k.tasks.filter((x) => x.status === 'open');
  return (
    <Card
      size="small"
      className="mp-card"
      data-testid="my-kit"
      title={`${k.code} · ${k.model}`}
      extra={<Tag>{t(`kits.status.${k.status}`)}</Tag>}
    >
      {k.lat !== null && k.lng !== null ? (
        <KitMap
          markers={[
            { id: k.id, position: { lat: k.lat, lng: k.lng }, label: '急救包', tooltip: k.placeName ?? k.code },
          ]}
          height={160}
        />
      ) : null}
      <div className="mp-entry-meta">
        {t('kits.lastChecked')}: {k.lastCheckedAt ? formatDateTime(k.lastCheckedAt, i18n.language) : '—'}
      </div>
      {open.length > 0 ? (
        <Alert type="warning" showIcon style={{ margin: '8px 0' }} title={open.map((x) => x.detail).join(';')} />
      ) : null}
      <h4>{t('kits.items')}</h4>
      <KitItems items={k.items} />
      <h4>{t('kits.place')}</h4>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input
          placeholder={t('kits.placeName')}
          value={placeName}
          onChange={(e) => setPlaceName(e.target.value)}
          maxLength={100}
          data-testid="kit-place-name"
        />
        <Space wrap>
          <InputNumber placeholder={t('kits.lat')} value={lat} onChange={setLat} step={0.0001} style={{ width: 130 }} />
          <InputNumber placeholder={t('kits.lng')} value={lng} onChange={setLng} step={0.0001} style={{ width: 130 }} />
          <Button icon={<AimOutlined />} onClick={locate}>
            {t('kits.locate')}
          </Button>
        </Space>
        {place.error ? <Alert type="error" showIcon title={place.error.message} /> : null}
        <Button
          type="primary"
          disabled={lat === null || lng === null || placeName.trim().length < 2}
          loading={place.isPending}
          onClick={() =>
            place.mutate(
              { id: k.id, input: { lat: lat!, lng: lng!, datum: 'wgs84', placeName: placeName.trim() } },
              { onSuccess: () => void message.success(t('admin.saved')) },
            )
          }
        >
          {t('kits.save')}
        </Button>
      </Space>
      <h4 style={{ marginTop: 12 }}>{t('kits.check')}</h4>
      <Radio.Group value={ok} onChange={(e) => setOk(e.target.value)}>
        <Radio value={true}>{t('kits.checkOk')}</Radio>
        <Radio value={false}>{t('kits.checkBad')}</Radio>
      </Radio.Group>
      <Input.TextArea
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('kits.checkNote')}
        maxLength={300}
        style={{ margin: '6px 0' }}
      />
      <Button
        loading={check.isPending}
        onClick={() =>
          check.mutate({ id: k.id, isOk: ok, note }, { onSuccess: () => void message.success(t('admin.saved')) })
        }
      >
        {t('kits.check')}
      </Button>
    </Card>
  );
}

export function MyKitsPage() {
  const { t } = useTranslation('memberPoints');
  const kits = useMyKits();
  const claim = useClaimKit();
  const [code, setCode] = useState('');
  if (kits.isPending) {
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  }
  if (kits.error) {
    return (
      <PublicShell>
        <Result
          status="info"
          title={t('mine.notMember')}
          extra={<Link to="/login?next=/my/kits">登录 / Sign in</Link>}
        />
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <div className="mp-page">
        <h2>{t('kits.title')}</h2>
        <p className="mp-entry-meta">{t('kits.intro')}</p>
        <Card size="small" title={t('kits.claim')} className="mp-card">
          <Space.Compact style={{ width: '100%' }}>
            <Input placeholder={t('kits.code')} value={code} onChange={(e) => setCode(e.target.value)} />
            <Button
              type="primary"
              loading={claim.isPending}
              disabled={code.trim().length < 3}
              onClick={() => claim.mutate(code.trim(), { onSuccess: () => setCode('') })}
            >
              {t('kits.claimBtn')}
            </Button>
          </Space.Compact>
          {claim.error ? <Alert type="error" showIcon title={claim.error.message} style={{ marginTop: 8 }} /> : null}
        </Card>
        {kits.data.length === 0 ? <Empty description={t('kits.none')} /> : null}
        {kits.data.map((k) => (
          <KitCard key={k.id} k={k} />
        ))}
      </div>
    </PublicShell>
  );
}

// AED覆盖缺口分析 (console, aed:view): for a unit and an hour of the week, the ~200 m grid cells within a 3-minute walk
// of an AED ready and open then (and those reached only by closed or unserviced devices), the devices by state, the
// places (key places and sub-units with coordinates) covered or not, and the uncovered key places by footfall: where
// the next AEDs go. Staff with aed:manage add, edit and remove key places (a click on the map fills the point).
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleMarker, MapContainer, Marker, Rectangle, TileLayer, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { keyPlaceKindValues } from '../../../../../server/src/modules/aed/aed-public.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { type Datum, fromDisplay, type LatLng, toDisplay } from '../../../lib/geo';
import {
  type CoveragePlace,
  type CoverageResult,
  type KeyPlaceView,
  useAddKeyPlace,
  useAedCoverage,
  useAedMapConfig,
  useKeyPlaces,
  useRemoveKeyPlace,
  useUpdateKeyPlace,
} from '../api';
import './aed-admin.css';
import './coverage.css';

type KeyPlaceKind = (typeof keyPlaceKindValues)[number];
const stateColors = { available: '#2e7d32', closed: '#ed6c02', not_ready: '#9e9e9e' } as const;

/** Now in China time: Monday-first weekday and hour. */
function chinaNow(): { dow: number; hour: number } {
  const local = new Date(Date.now() + 8 * 3600_000);
  return { dow: (local.getUTCDay() + 6) % 7, hour: local.getUTCHours() };
}

function Fit({ data }: { data: CoverageResult }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when another unit is shown
  useEffect(() => {
    if (data.rows > 0) {
      const { south, west, dLat, dLng } = data.cell;
      map.fitBounds(
        [
          [south, west],
          [south + data.rows * dLat, west + data.cols * dLng],
        ],
        { padding: [12, 12] },
      );
    }
  }, [data.orgId, map]);
  return null;
}

function ClickToPick({ datum, onPick }: { datum: Datum; onPick: (p: LatLng) => void }) {
  useMapEvents({ click: (e) => onPick(fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng }, datum)) });
  return null;
}

const placeIcon = (p: CoveragePlace) =>
  L.divIcon({
    className: 'aed-admin-icon',
    html: `<div class="aed-cov-place ${p.covered ? 'is-covered' : 'is-gap'}" data-testid="coverage-place" data-covered="${p.covered}">${p.source === 'key_place' ? '★' : '◆'}</div>`,
    iconSize: [18, 18],
    iconAnchor: [9, 9],
  });

function CoverageMap({ data, onPick }: { data: CoverageResult; onPick?: (p: LatLng) => void }) {
  const { t } = useTranslation('aedPublic');
  const config = useAedMapConfig();
  const datum: Datum = config.data?.tileDatum ?? 'wgs84';
  const { south, west, dLat, dLng } = data.cell;
  // Cells are drawn in WGS-84 grid space; on GCJ-02 tiles each cell is shifted by its corner's offset (metres, fine).
  const cellBounds = (r: number, c: number): [[number, number], [number, number]] => {
    const a = toDisplay({ lat: south + r * dLat, lng: west + c * dLng }, datum);
    return [
      [a.lat, a.lng],
      [a.lat + dLat, a.lng + dLng],
    ];
  };
  const center = data.rows
    ? toDisplay({ lat: south + (data.rows * dLat) / 2, lng: west + (data.cols * dLng) / 2 }, datum)
    : { lat: 29.71, lng: 120.24 };
  return (
    <div className="aed-admin-map" style={{ height: 560 }} data-testid="coverage-map">
      <MapContainer center={[center.lat, center.lng]} zoom={13} style={{ height: '100%', width: '100%' }} preferCanvas>
        {config.data?.tileUrl ? <TileLayer url={config.data.tileUrl} attribution={config.data.attribution} /> : null}
        {data.closedCells.map(([r, c]) => (
          <Rectangle
            key={`x${r}-${c}`}
            bounds={cellBounds(r, c)}
            pathOptions={{ color: '#ed6c02', weight: 0, fillOpacity: 0.28 }}
          />
        ))}
        {data.coveredCells.map(([r, c]) => (
          <Rectangle
            key={`c${r}-${c}`}
            bounds={cellBounds(r, c)}
            pathOptions={{ color: '#2e7d32', weight: 0, fillOpacity: 0.35 }}
          />
        ))}
        {data.aeds.map((a) => {
          const p = toDisplay(a, datum);
          return (
            <CircleMarker
              key={a.id}
              center={[p.lat, p.lng]}
              radius={6}
              pathOptions={{ color: '#fff', weight: 2, fillColor: stateColors[a.state], fillOpacity: 1 }}
            >
              <Tooltip>
                {a.code} · {a.address}
              </Tooltip>
            </CircleMarker>
          );
        })}
        {data.places.map((p) => {
          const at = toDisplay(p, datum);
          return (
            <Marker key={`${p.source}-${p.id}`} position={[at.lat, at.lng]} icon={placeIcon(p)}>
              <Tooltip>
                {p.name}
                {p.footfall ? ` · ${p.footfall}${t('coverage.footfall')}` : ''}
                {p.nearestAvailableM !== null ? ` · ${p.nearestAvailableM} m` : ''}
              </Tooltip>
            </Marker>
          );
        })}
        <Fit data={data} />
        {onPick ? <ClickToPick datum={datum} onPick={onPick} /> : null}
      </MapContainer>
    </div>
  );
}

function Legend({ minutes }: { minutes: number }) {
  const { t } = useTranslation('aedPublic');
  const swatch = (color: string, opacity = 1) => (
    <span className="aed-cov-swatch" style={{ background: color, opacity }} />
  );
  return (
    <Space wrap size={16} className="aed-cov-legend">
      <span>
        {swatch('#2e7d32', 0.5)} {t('coverage.legendCovered', { min: minutes })}
      </span>
      <span>
        {swatch('#ed6c02', 0.4)} {t('coverage.legendClosed')}
      </span>
      <span>
        <span className="aed-cov-dot" style={{ background: stateColors.available }} /> {t('coverage.legendAvailable')}
      </span>
      <span>
        <span className="aed-cov-dot" style={{ background: stateColors.closed }} /> {t('coverage.legendClosedAed')}
      </span>
      <span>
        <span className="aed-cov-dot" style={{ background: stateColors.not_ready }} /> {t('coverage.legendNotReady')}
      </span>
      <span>
        <span className="aed-cov-place is-gap aed-cov-inline">★</span> {t('coverage.legendGap')}
      </span>
      <span>
        <span className="aed-cov-place is-covered aed-cov-inline">★</span> {t('coverage.legendCoveredPlace')}
      </span>
    </Space>
  );
}

type PlaceForm = {
  name: string;
  kind: KeyPlaceKind;
  lat: number;
  lng: number;
  datum: 'wgs84' | 'gcj02';
  footfall: number | null;
  note: string;
};

function KeyPlaceModal({
  orgId,
  editing,
  picked,
  onClose,
}: {
  orgId: number;
  editing: KeyPlaceView | null;
  picked: LatLng | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('aedPublic');
  const { message } = App.useApp();
  const [form] = Form.useForm<PlaceForm>();
  const add = useAddKeyPlace();
  const update = useUpdateKeyPlace();
  useEffect(() => {
    if (picked) {
      form.setFieldsValue({ lat: Number(picked.lat.toFixed(6)), lng: Number(picked.lng.toFixed(6)), datum: 'wgs84' });
    }
  }, [picked, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, patch: v });
      } else {
        await add.mutateAsync({ orgId, ...v, note: v.note ?? '', footfall: v.footfall ?? null });
      }
      onClose();
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <Modal
      open
      title={editing ? t('coverage.editPlace') : t('coverage.addPlace')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={add.isPending || update.isPending}
      mask={false}
      style={{ left: 360 }}
    >
      <Typography.Paragraph type="secondary">{t('coverage.pickOnMap')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? { ...editing, datum: 'wgs84' }
            : { kind: 'school', datum: 'wgs84', footfall: null, note: '', ...(picked ?? {}) }
        }
      >
        <Form.Item name="name" label={t('coverage.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('coverage.kind')} rules={[{ required: true }]}>
          <Select options={keyPlaceKindValues.map((k) => ({ value: k, label: t(`coverage.kinds.${k}`) }))} />
        </Form.Item>
        <Space>
          <Form.Item name="lat" label={t('coverage.lat')} rules={[{ required: true }]}>
            <InputNumber step={0.0001} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="lng" label={t('coverage.lng')} rules={[{ required: true }]}>
            <InputNumber step={0.0001} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="datum" label={t('coverage.datum')}>
            <Select
              style={{ width: 200 }}
              options={(['wgs84', 'gcj02'] as const).map((d) => ({ value: d, label: t(`coverage.datums.${d}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="footfall" label={t('coverage.footfall')}>
          <InputNumber min={0} max={10_000_000} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('coverage.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AedCoveragePage() {
  const { t } = useTranslation('aedPublic');
  const can = useCan();
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(unitId ?? undefined);
  const now = useMemo(chinaNow, []);
  const [dow, setDow] = useState(now.dow);
  const [hour, setHour] = useState(now.hour);
  const coverage = useAedCoverage(orgId ?? null, dow, hour);
  const keyPlaces = useKeyPlaces(orgId ?? null);
  const remove = useRemoveKeyPlace();
  const [modal, setModal] = useState<{ editing: KeyPlaceView | null } | null>(null);
  const [picked, setPicked] = useState<LatLng | null>(null);
  const canManage = can('aed:manage');
  const weekdays = t('coverage.weekdays', { returnObjects: true }) as string[];
  const data = coverage.data;
  const minutes = 3;
  const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((a / b) * 100)}%`);

  return (
    <div data-testid="aed-coverage-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('coverage.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('coverage.intro', { min: minutes, m: data ? Math.round(data.radiusM) : 173 })}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('coverage.unit')}</span>
        <OrgPicker value={orgId} onChange={setOrgId} style={{ width: 260 }} />
        <span>{t('coverage.weekday')}</span>
        <Select
          value={dow}
          onChange={setDow}
          style={{ width: 100 }}
          options={weekdays.map((d, i) => ({ value: i, label: d }))}
          data-testid="coverage-dow"
        />
        <span>{t('coverage.hour')}</span>
        <Select
          value={hour}
          onChange={setHour}
          style={{ width: 130 }}
          options={Array.from({ length: 24 }, (_, h) => ({
            value: h,
            label: `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`,
          }))}
          data-testid="coverage-hour"
        />
        {canManage && orgId ? (
          <Button icon={<PlusOutlined />} onClick={() => setModal({ editing: null })} data-testid="coverage-add-place">
            {t('coverage.addPlace')}
          </Button>
        ) : null}
      </Space>
      {!orgId ? <Alert type="info" title={t('coverage.pickUnit')} /> : null}
      {coverage.isError ? (
        <Alert type="error" title={isApiError(coverage.error) ? coverage.error.message : String(coverage.error)} />
      ) : null}
      {data ? (
        <Row gutter={16}>
          <Col span={16}>
            <Card size="small">
              <Row gutter={8} style={{ marginBottom: 8 }} data-testid="coverage-totals">
                <Col span={4}>
                  <Statistic title={t('coverage.totals.aeds')} value={data.totals.aeds} />
                </Col>
                <Col span={4}>
                  <Statistic title={t('coverage.totals.available')} value={data.totals.available} />
                </Col>
                <Col span={4}>
                  <Statistic
                    title={t('coverage.totals.places')}
                    value={`${data.totals.coveredPlaces}/${data.totals.places}`}
                  />
                </Col>
                <Col span={4}>
                  <Statistic
                    title={t('coverage.totals.footfall')}
                    value={pct(data.totals.coveredFootfall, data.totals.footfall)}
                  />
                </Col>
                <Col span={4}>
                  <Statistic title={t('coverage.totals.area')} value={data.totals.coveredKm2} suffix="km²" />
                </Col>
                <Col span={4}>
                  <Statistic title={t('coverage.totals.elapsed')} value={data.totals.elapsedMs} suffix="ms" />
                </Col>
              </Row>
              <CoverageMap data={data} onPick={canManage ? (p) => setPicked(p) : undefined} />
              <Legend minutes={minutes} />
            </Card>
          </Col>
          <Col span={8}>
            <Card size="small" title={t('coverage.gaps')} data-testid="coverage-gaps">
              {data.gaps.length === 0 ? (
                <Typography.Text type="secondary">{t('coverage.noGaps')}</Typography.Text>
              ) : (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={data.gaps}
                  columns={[
                    { title: t('coverage.place'), dataIndex: 'name' },
                    {
                      title: t('coverage.kind'),
                      dataIndex: 'kind',
                      render: (k: KeyPlaceKind) => t(`coverage.kinds.${k}`, { defaultValue: k }),
                    },
                    { title: t('coverage.footfall'), dataIndex: 'footfall', align: 'right' },
                    {
                      title: t('coverage.nearest'),
                      dataIndex: 'nearestAvailableM',
                      align: 'right',
                      render: (m: number | null) => (m === null ? t('coverage.none') : `${m} m`),
                    },
                  ]}
                />
              )}
            </Card>
            <Card
              size="small"
              title={t('coverage.keyPlaces')}
              style={{ marginTop: 12 }}
              data-testid="coverage-key-places"
            >
              <Table
                size="small"
                rowKey="id"
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                dataSource={keyPlaces.data ?? []}
                columns={[
                  {
                    title: t('coverage.place'),
                    dataIndex: 'name',
                    render: (name: string, p: KeyPlaceView) => {
                      const covered = data.places.find((x) => x.source === 'key_place' && x.id === p.id)?.covered;
                      return (
                        <Space size={4}>
                          {name}
                          {covered === undefined ? null : (
                            <Tag color={covered ? 'green' : 'red'}>{covered ? '✓' : '✗'}</Tag>
                          )}
                        </Space>
                      );
                    },
                  },
                  { title: t('coverage.footfall'), dataIndex: 'footfall', align: 'right' },
                  ...(canManage
                    ? [
                        {
                          title: '',
                          key: 'actions',
                          render: (_: unknown, p: KeyPlaceView) => (
                            <Space size={0}>
                              <Button
                                size="small"
                                type="text"
                                icon={<EditOutlined />}
                                onClick={() => setModal({ editing: p })}
                              />
                              <Popconfirm title={t('coverage.removeConfirm')} onConfirm={() => remove.mutate(p.id)}>
                                <Button size="small" type="text" danger icon={<DeleteOutlined />} />
                              </Popconfirm>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      {modal && orgId ? (
        <KeyPlaceModal
          orgId={orgId}
          editing={modal.editing}
          picked={picked}
          onClose={() => {
            setModal(null);
            setPicked(null);
          }}
        />
      ) : null}
    </div>
  );
}

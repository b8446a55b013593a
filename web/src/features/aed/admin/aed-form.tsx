// Register or edit a device: unit, brand/model/serial, the point (click the map, or type it in WGS-84 or GCJ-02),
// place details, photo, access, weekly hours (24h, or from–to per weekday), consumables, intervals and guardians.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { gcj02ToWgs84, type LatLng } from '../../../lib/geo';
import { type AedView, type CreateAed, useCreateAed, useUpdateAed } from '../api';
import { AedMap, useHasTiles } from './aed-map';

type DayHours = { open: boolean; from: number; to: number };
type Values = Omit<
  CreateAed,
  'weekHours' | 'installedOn' | 'batteryExpiresOn' | 'padsExpiresOn' | 'datum' | 'photoFileId'
> & {
  datum: 'wgs84' | 'gcj02';
  photoFileId?: string;
  days: DayHours[];
  installedOn?: Dayjs | null;
  batteryExpiresOn?: Dayjs | null;
  padsExpiresOn?: Dayjs | null;
};

const zhuji: LatLng = { lat: 29.7136, lng: 120.2423 };
const hourOptions = Array.from({ length: 25 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const iso = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);

function daysOf(aed: AedView | undefined): DayHours[] {
  return Array.from({ length: 7 }, (_, i) => {
    const iv = aed?.weekHours[i]?.[0];
    return iv ? { open: true, from: iv.from, to: iv.to } : { open: !aed && i < 5, from: 8, to: 18 };
  });
}

export function AedFormModal({
  aed,
  defaultOrgId,
  onClose,
  onSaved,
}: {
  aed?: AedView;
  defaultOrgId?: number | null;
  onClose: () => void;
  onSaved: (view: AedView) => void;
}) {
  const { t } = useTranslation('aedAdmin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAed();
  const update = useUpdateAed();
  const hasTiles = useHasTiles();
  const [error, setError] = useState<string | null>(null);
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const datum = Form.useWatch('datum', form) ?? 'wgs84';
  const is24h = Form.useWatch('is24h', form);
  const point: LatLng | null =
    typeof lat === 'number' && typeof lng === 'number'
      ? datum === 'gcj02'
        ? gcj02ToWgs84({ lat, lng })
        : { lat, lng }
      : null;

  const initial: Partial<Values> = aed
    ? {
        orgId: aed.orgId,
        brand: aed.brand,
        model: aed.model,
        serialNo: aed.serialNo,
        lat: aed.lat,
        lng: aed.lng,
        datum: 'wgs84',
        address: aed.address,
        building: aed.building,
        floor: aed.floor,
        spot: aed.spot,
        photoFileId: aed.photoFileId ?? undefined,
        accessNotes: aed.accessNotes,
        keyHolder: aed.keyHolder,
        is24h: aed.is24h,
        days: daysOf(aed),
        openHoursText: aed.openHoursText,
        installedOn: aed.installedOn ? dayjs(aed.installedOn) : null,
        batteryExpiresOn: aed.batteryExpiresOn ? dayjs(aed.batteryExpiresOn) : null,
        padsExpiresOn: aed.padsExpiresOn ? dayjs(aed.padsExpiresOn) : null,
        inspectionIntervalDays: aed.inspectionIntervalDays,
        heartbeatIntervalMinutes: aed.heartbeatIntervalMinutes,
        guardians: [],
      }
    : {
        orgId: defaultOrgId ?? undefined,
        datum: 'wgs84',
        is24h: false,
        days: daysOf(undefined),
        inspectionIntervalDays: 30,
        heartbeatIntervalMinutes: 60,
        guardians: [{ name: '', phone: '' }],
      };

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    const body = {
      orgId: v.orgId,
      brand: v.brand,
      model: v.model,
      serialNo: v.serialNo,
      lat: v.lat,
      lng: v.lng,
      datum: v.datum,
      address: v.address,
      building: v.building ?? '',
      floor: v.floor ?? '',
      spot: v.spot ?? '',
      photoFileId: v.photoFileId ?? null,
      accessNotes: v.accessNotes ?? '',
      keyHolder: v.keyHolder ?? '',
      is24h: v.is24h,
      weekHours: v.is24h ? undefined : v.days.map((d) => (d.open ? [{ from: d.from, to: d.to }] : [])),
      openHoursText: v.openHoursText ?? '',
      installedOn: iso(v.installedOn),
      batteryExpiresOn: iso(v.batteryExpiresOn),
      padsExpiresOn: iso(v.padsExpiresOn),
      inspectionIntervalDays: v.inspectionIntervalDays,
      heartbeatIntervalMinutes: v.heartbeatIntervalMinutes,
    };
    const guardians = (v.guardians ?? []).filter((g) => g.name || g.phone);
    try {
      const view = aed
        ? await update.mutateAsync({
            id: aed.id,
            input: { ...body, ...(guardians.length > 0 ? { guardians } : {}) },
          })
        : await create.mutateAsync({ ...body, guardians });
      void message.success(t('form.saved'));
      onSaved(view);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  const required = [{ required: true, message: t('form.required') }];
  return (
    <Modal
      open
      width={980}
      title={aed ? t('form.editTitle', { code: aed.code }) : t('form.addTitle')}
      onOk={submit}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      destroyOnHidden
      styles={{ body: { maxHeight: '72vh', overflowY: 'auto' } }}
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="aed-form">
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="orgId" label={t('fields.unit')} rules={required}>
              <OrgPicker />
            </Form.Item>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item name="brand" label={t('fields.brand')} rules={required}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="model" label={t('fields.model')} rules={required}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="serialNo" label={t('fields.serialNo')} rules={required}>
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="address" label={t('fields.address')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
            <Row gutter={8}>
              <Col span={10}>
                <Form.Item name="building" label={t('fields.building')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="floor" label={t('fields.floor')}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="spot" label={t('fields.spot')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={14}>
                <Form.Item name="accessNotes" label={t('fields.accessNotes')}>
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="keyHolder" label={t('fields.keyHolder')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="photoFileId" label={t('fields.photo')}>
              <EvidenceUpload />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Typography.Text type="secondary">{t('form.pickHint')}</Typography.Text>
            <div style={{ marginTop: 6 }}>
              <AedMap
                height={260}
                center={point ?? zhuji}
                markers={point ? [{ id: 'pick', position: point, status: 'pick', label: '●' }] : []}
                fitKey={point ? 'pick' : 'none'}
                onPick={(p) => {
                  // The picker answers WGS-84 whatever the tiles' datum.
                  form.setFieldsValue({
                    lat: Math.round(p.lat * 1e6) / 1e6,
                    lng: Math.round(p.lng * 1e6) / 1e6,
                    datum: 'wgs84',
                  });
                }}
              />
            </div>
            {!hasTiles ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('registry.noTiles')}
              </Typography.Text>
            ) : null}
            <Row gutter={8} style={{ marginTop: 8 }}>
              <Col span={8}>
                <Form.Item name="lat" label={t('fields.lat')} rules={required}>
                  <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} data-testid="aed-lat" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="lng" label={t('fields.lng')} rules={required}>
                  <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} data-testid="aed-lng" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="datum" label={t('fields.datum')}>
                  <Select
                    options={[
                      { value: 'wgs84', label: t('form.wgs84') },
                      { value: 'gcj02', label: t('form.gcj02') },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Col>
        </Row>

        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="is24h" label={t('fields.is24h')} valuePropName="checked">
              <Switch />
            </Form.Item>
            {!is24h ? (
              <Form.List name="days">
                {(fields) => (
                  <div data-testid="aed-hours">
                    {fields.map((f, i) => (
                      <Space key={f.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                        <span style={{ width: 36, display: 'inline-block' }}>{t(`weekday.d${i}` as 'weekday.d0')}</span>
                        <Form.Item name={[f.name, 'open']} valuePropName="checked" noStyle>
                          <Checkbox />
                        </Form.Item>
                        <Form.Item name={[f.name, 'from']} noStyle>
                          <Select size="small" style={{ width: 90 }} options={hourOptions.slice(0, 24)} />
                        </Form.Item>
                        –
                        <Form.Item name={[f.name, 'to']} noStyle>
                          <Select size="small" style={{ width: 90 }} options={hourOptions.slice(1)} />
                        </Form.Item>
                        {i > 0 ? (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => {
                              const days = form.getFieldValue('days') as DayHours[];
                              form.setFieldValue(['days', i], { ...days[0] });
                            }}
                          >
                            {t('form.sameAsMonday')}
                          </Button>
                        ) : null}
                      </Space>
                    ))}
                  </div>
                )}
              </Form.List>
            ) : null}
            <Form.Item name="openHoursText" label={t('fields.hoursText')} style={{ marginTop: 8 }}>
              <Input maxLength={200} placeholder="周一至周五 08:00-18:00" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item name="installedOn" label={t('fields.installedOn')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="batteryExpiresOn" label={t('fields.batteryExpiresOn')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="padsExpiresOn" label={t('fields.padsExpiresOn')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name="inspectionIntervalDays" label={t('fields.inspectionIntervalDays')}>
                  <InputNumber min={1} max={366} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="heartbeatIntervalMinutes" label={t('fields.heartbeatIntervalMinutes')}>
                  <InputNumber min={1} max={10080} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong>{t('fields.guardians')}</Typography.Text>
            {aed && aed.guardians.length > 0 ? (
              <div style={{ margin: '4px 0 8px' }}>
                <Typography.Text type="secondary">
                  {aed.guardians.map((g) => `${g.name} ${g.phoneMasked}`).join(';')} · {t('form.replaceGuardians')}
                </Typography.Text>
              </div>
            ) : null}
            <Form.List name="guardians">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'name']} style={{ marginBottom: 6 }}>
                        <Input placeholder={t('fields.guardianName')} maxLength={50} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'phone']} style={{ marginBottom: 6 }}>
                        <Input placeholder={t('fields.guardianPhone')} maxLength={20} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: '', phone: '' })}
                  >
                    {t('form.addGuardian')}
                  </Button>
                </>
              )}
            </Form.List>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

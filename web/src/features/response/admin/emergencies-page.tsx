// 急救事件 (response:dispatch): the emergencies of the user's units, active first, and "发起急救呼叫": a map picker (or
// typed coordinates), address, situation and unit; raising opens the dispatcher's live view.
import { AlertOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { showErrorOnFields } from '../../../components/server-errors';
import { formatDateTime } from '../../../lib/china-time';
import {
  type EmergencyStatus,
  type EmergencyView,
  formatSeconds,
  type LatLng,
  type RaiseEmergency,
  useEmergencies,
  useRaiseEmergency,
} from '../api';
import { ResponseMap } from '../components/response-map';
import '../components/response.css';

const zhujiCentre = { lat: 29.7135, lng: 120.2448 };

export function EmergencyStatusTag({ status }: { status: EmergencyStatus }) {
  const { t } = useTranslation('response');
  return <Tag color={status === 'active' ? 'red' : 'default'}>{t(`console.statusValue.${status}`)}</Tag>;
}

const secondsBetween = (from: string, to: string | null) =>
  to ? Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000) : null;

type RaiseForm = { orgId?: number; lat: number; lng: number; address: string; note: string };

function RaiseModal({ onClose, onRaised }: { onClose: () => void; onRaised: (id: string) => void }) {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<RaiseForm>();
  const raise = useRaiseEmergency();
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const point: LatLng | null = typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null;

  const submit = (v: RaiseForm) => {
    const body: RaiseEmergency = {
      lat: v.lat,
      lng: v.lng,
      datum: 'wgs84',
      address: v.address.trim(),
      note: v.note?.trim() ?? '',
      ...(v.orgId ? { orgId: v.orgId } : {}),
    };
    raise.mutate(body, {
      onSuccess: (e) => {
        message.success(t('console.raised'));
        onRaised(e.id);
      },
      onError: (e) => {
        if (!showErrorOnFields(form, e, { INVALID_LOCATION: 'lat' })) {
          message.error(e.message);
        }
      },
    });
  };

  return (
    <Modal
      open
      width={760}
      title={t('console.raiseTitle')}
      okText={t('console.raiseSubmit')}
      okButtonProps={{ danger: true, loading: raise.isPending, 'data-testid': 'raise-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<RaiseForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ orgId: unitId ?? undefined, note: '' }}
        data-testid="raise-form"
      >
        <div className="rs-muted" style={{ marginBottom: 6 }}>
          {t('console.pickOnMap')}
        </div>
        <ResponseMap
          center={point ?? zhujiCentre}
          markers={point ? [{ id: 'pick', kind: 'pick', position: point }] : []}
          onPick={(p) => form.setFieldsValue({ lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) })}
          height={300}
          fitKey="once"
          testId="raise-map"
        />
        <Space style={{ marginTop: 12 }} wrap>
          <Form.Item name="lat" label={t('console.lat')} rules={[{ required: true }]}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="lng" label={t('console.lng')} rules={[{ required: true }]}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="orgId" label={t('console.unit')}>
            <OrgPicker style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('console.address')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('console.note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('console.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EmergenciesPage() {
  const { t, i18n } = useTranslation('response');
  const navigate = useNavigate();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [status, setStatus] = useState<EmergencyStatus | 'all'>('all');
  const [raising, setRaising] = useState(false);
  const list = useEmergencies({ status: status === 'all' ? undefined : status, page, pageSize });
  const lang = i18n.language;

  return (
    <Card
      title={t('console.emergencies')}
      extra={
        <Button
          type="primary"
          danger
          icon={<AlertOutlined />}
          onClick={() => setRaising(true)}
          data-testid="raise-open"
        >
          {t('console.raise')}
        </Button>
      }
      data-testid="emergencies-page"
    >
      <Segmented<EmergencyStatus | 'all'>
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('console.all') },
          { value: 'active', label: t('console.statusValue.active') },
          { value: 'ended', label: t('console.statusValue.ended') },
        ]}
      />
      <Table<EmergencyView>
        rowKey="id"
        tableLayout="fixed"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={pagination(list.data?.total ?? 0)}
        onRow={(r) => ({
          onClick: () => navigate(`/console/response/emergencies/${r.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('console.number'), dataIndex: 'number', width: 175 },
          {
            title: t('console.status'),
            dataIndex: 'status',
            width: 80,
            render: (s: EmergencyStatus) => <EmergencyStatusTag status={s} />,
          },
          {
            title: t('console.source'),
            dataIndex: 'source',
            width: 110,
            render: (s: EmergencyView['source']) => t(`console.sourceValue.${s}`),
          },
          {
            title: t('console.address'),
            dataIndex: 'address',
            render: (v: string, r) => (
              <>
                {v}
                {r.note ? (
                  <div
                    className="rs-muted"
                    style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {r.note}
                  </div>
                ) : null}
              </>
            ),
          },
          { title: t('console.unit'), dataIndex: 'orgName', width: 90 },
          {
            title: t('console.raisedAt'),
            dataIndex: 'raisedAt',
            width: 160,
            render: (v: string) => formatDateTime(v, lang),
          },
          {
            title: `${t('console.alerted')} / ${t('console.accepted')}`,
            width: 105,
            render: (_, r) => `${r.alerted} / ${r.accepted}`,
          },
          {
            title: t('console.firstAccept'),
            width: 100,
            render: (_, r) => formatSeconds(secondsBetween(r.raisedAt, r.firstAcceptedAt), lang),
          },
          {
            title: t('console.firstArrive'),
            width: 100,
            render: (_, r) => formatSeconds(secondsBetween(r.raisedAt, r.firstArrivedAt), lang),
          },
        ]}
      />
      {raising ? (
        <RaiseModal
          onClose={() => setRaising(false)}
          onRaised={(id) => navigate(`/console/response/emergencies/${id}`)}
        />
      ) : null}
    </Card>
  );
}

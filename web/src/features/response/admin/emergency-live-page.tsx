// /console/response/emergencies/:id — the dispatcher's live view: the map (patient, responders coloured by status and
// role at their latest positions, moving live, the ready AEDs), the timeline, the responders table, all updated from
// the WebSocket topic `emergency:<id>` without reloading; "结束并记录结果" records the outcome.
import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime, fromChinaInput } from '../../../lib/china-time';
import {
  type EmergencyDetail,
  type EmergencyResponder,
  formatClock,
  formatDistance,
  formatSeconds,
  type Outcome,
  outcomeResults,
  responseKeys,
  useEmergency,
  useEndEmergency,
} from '../api';
import { type MapMarker, ResponseMap, responderColor } from '../components/response-map';
import '../components/response.css';
import { type EventFrame, useRealtime, useSocketStatus, useTopicEvents } from '../realtime';
import { EmergencyStatusTag } from './emergencies-page';
import { applyEvent } from './live-events';

const statusColor: Record<EmergencyResponder['status'], string> = {
  alerted: 'gold',
  accepted: 'blue',
  arrived: 'green',
  declined: 'default',
  stood_down: 'default',
  ended: 'default',
};

const secondsBetween = (from: string, to: string | null) =>
  to ? Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000) : null;

function OutcomeModal({ detail, onClose }: { detail: EmergencyDetail; onClose: () => void }) {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<Outcome, 'emsArrivedAt'> & { emsArrivedAt?: string }>();
  const end = useEndEmergency(detail.id);
  const aedUsed = Form.useWatch('aedUsed', form);
  return (
    <Modal
      open
      title={t('console.endTitle')}
      okText={t('console.end')}
      okButtonProps={{ danger: true, loading: end.isPending, 'data-testid': 'outcome-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ bystanderCpr: false, aedUsed: false, aedId: null, shocks: null, note: '' }}
        onFinish={(v) =>
          end.mutate(
            {
              result: v.result,
              bystanderCpr: !!v.bystanderCpr,
              aedUsed: !!v.aedUsed,
              aedId: v.aedUsed ? (v.aedId ?? null) : null,
              shocks: v.aedUsed ? (v.shocks ?? null) : null,
              emsArrivedAt: v.emsArrivedAt ? fromChinaInput(v.emsArrivedAt) : null,
              note: v.note?.trim() ?? '',
            },
            {
              onSuccess: () => {
                message.success(t('console.ended'));
                onClose();
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
        data-testid="outcome-form"
      >
        <Form.Item name="result" label={t('console.result')} rules={[{ required: true }]}>
          <Select
            options={outcomeResults.map((r) => ({ value: r, label: t(`console.resultValue.${r}`) }))}
            data-testid="outcome-result"
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="bystanderCpr" label={t('console.bystanderCpr')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="aedUsed" label={t('console.aedUsed')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        {aedUsed ? (
          <Space wrap>
            <Form.Item name="aedId" label={t('console.aedId')}>
              <Select
                allowClear
                style={{ width: 260 }}
                options={detail.aeds.map((a) => ({ value: a.id, label: `${a.code} ${a.building || a.address}` }))}
              />
            </Form.Item>
            <Form.Item name="shocks" label={t('console.shocks')}>
              <InputNumber min={0} max={50} />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item name="emsArrivedAt" label={t('console.emsArrivedAt')}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="note" label={t('console.outcomeNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EmergencyLivePage() {
  const { t, i18n } = useTranslation('response');
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const detail = useEmergency(id);
  const client = useRealtime(true);
  const { status: socket, opened } = useSocketStatus(client);
  const [ending, setEnding] = useState(false);
  const lang = i18n.language;

  const onEvent = useCallback(
    (e: EventFrame) => {
      qc.setQueryData<EmergencyDetail>(responseKeys.emergency(id), (old) => (old ? applyEvent(old, e) : old));
      if (e.event === 'status') {
        void qc.invalidateQueries({ queryKey: responseKeys.emergency(id) });
      }
    },
    [qc, id],
  );
  useTopicEvents(client, id ? `emergency:${id}` : null, onEvent);
  // After a reconnect the cached picture may be behind: read it again.
  useEffect(() => {
    if (opened > 1) {
      void qc.invalidateQueries({ queryKey: responseKeys.emergency(id) });
    }
  }, [opened, qc, id]);

  if (detail.isLoading) {
    return <Spin style={{ display: 'block', marginTop: 64 }} />;
  }
  if (detail.error || !detail.data) {
    return <Result status="error" title={detail.error?.message} />;
  }
  const d = detail.data;
  const markers: MapMarker[] = [
    { id: 'patient', kind: 'patient', position: { lat: d.lat, lng: d.lng }, tooltip: d.address },
    ...d.aeds.map((a) => ({
      id: `aed-${a.id}`,
      kind: 'aed' as const,
      position: { lat: a.lat, lng: a.lng },
      tooltip: `${a.code} ${a.building} ${a.floor} ${a.spot}`,
    })),
    ...d.responders
      .filter((r) => r.position)
      .map((r) => ({
        id: `r-${r.alertId}`,
        kind: 'responder' as const,
        position: { lat: r.position?.lat ?? 0, lng: r.position?.lng ?? 0 },
        color: responderColor(r.status, r.role),
        label: r.nameMasked.slice(0, 1),
        tooltip: `${r.nameMasked} · ${t(`console.alertStatus.${r.status}`)}${r.role ? ` · ${t(`console.roleValue.${r.role}`)}` : ''}`,
        status: r.status,
      })),
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="emergency-live">
      <Card
        title={
          <Space>
            <Link to="/console/response/emergencies">
              <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('console.back')} />
            </Link>
            <span data-testid="emergency-number">{d.number}</span>
            <EmergencyStatusTag status={d.status} />
            <span className={`rs-live is-${socket}`}>{t(`socket.${socket}`)}</span>
            {d.needsCare ? <Tag color="purple">{t('console.needsCare')}</Tag> : null}
          </Space>
        }
        extra={
          d.status === 'active' ? (
            <Button
              type="primary"
              danger
              icon={<CheckOutlined />}
              onClick={() => setEnding(true)}
              data-testid="end-open"
            >
              {t('console.end')}
            </Button>
          ) : null
        }
      >
        <div style={{ display: 'flex', gap: 32, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Descriptions size="small" column={2} style={{ flex: '1 1 480px' }}>
            <Descriptions.Item label={t('console.address')}>{d.address}</Descriptions.Item>
            <Descriptions.Item label={t('console.source')}>{t(`console.sourceValue.${d.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('console.note')}>{d.note || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('console.unit')}>{d.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('console.raisedAt')}>{formatDateTime(d.raisedAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('console.radius', { m: d.radiusM })}>
              {d.lat.toFixed(5)}, {d.lng.toFixed(5)}
            </Descriptions.Item>
          </Descriptions>
          <Space size={32}>
            <Statistic title={t('console.alerted')} value={d.alerted} />
            <Statistic
              title={t('console.accepted')}
              value={d.accepted}
              styles={{ content: { color: d.accepted > 0 ? '#1677ff' : undefined } }}
              data-testid="accepted-count"
            />
            <Statistic
              title={t('console.firstAccept')}
              value={formatSeconds(secondsBetween(d.raisedAt, d.firstAcceptedAt), lang)}
            />
            <Statistic
              title={t('console.firstArrive')}
              value={formatSeconds(secondsBetween(d.raisedAt, d.firstArrivedAt), lang)}
            />
          </Space>
        </div>
      </Card>
      <div className="rs-live-grid">
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16, minWidth: 0 }}>
          <Card title={t('console.map')} size="small">
            <ResponseMap
              center={{ lat: d.lat, lng: d.lng }}
              markers={markers}
              circles={[{ id: 'radius', center: { lat: d.lat, lng: d.lng }, radiusM: d.radiusM, color: '#c8102e' }]}
              height={460}
              fitKey={`${d.id}-${d.aeds.length}`}
              testId="live-map"
            />
            <div className="rs-muted" style={{ marginTop: 6 }}>
              {t('console.legend')}
            </div>
          </Card>
          <Card title={t('console.responders')} size="small">
            <Table<EmergencyResponder>
              rowKey="alertId"
              size="small"
              pagination={false}
              dataSource={d.responders}
              locale={{ emptyText: t('console.noResponders') }}
              data-testid="responders-table"
              onRow={(r) => ({ 'data-status': r.status }) as object}
              columns={[
                { title: t('console.responder'), dataIndex: 'nameMasked' },
                {
                  title: t('console.status'),
                  dataIndex: 'status',
                  render: (s: EmergencyResponder['status']) => (
                    <Tag color={statusColor[s]} data-testid="responder-status">
                      {t(`console.alertStatus.${s}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('console.role'),
                  dataIndex: 'role',
                  render: (r: EmergencyResponder['role']) => (r ? t(`console.roleValue.${r}`) : '—'),
                },
                {
                  title: t('console.distance'),
                  dataIndex: 'distanceM',
                  render: (m: number) => formatDistance(m, lang),
                },
                {
                  title: t('console.answeredAt'),
                  dataIndex: 'answeredAt',
                  render: (v: string | null) => formatSeconds(secondsBetween(d.raisedAt, v), lang),
                },
                {
                  title: t('console.arrivedAt'),
                  dataIndex: 'arrivedAt',
                  render: (v: string | null) => formatSeconds(secondsBetween(d.raisedAt, v), lang),
                },
                {
                  title: t('console.lastFix'),
                  render: (_, r) => (r.position ? formatClock(r.position.fixedAt, lang) : t('console.noFix')),
                },
              ]}
            />
          </Card>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16, minWidth: 0 }}>
          {d.outcome ? (
            <Card title={t('console.outcome')} size="small" data-testid="outcome">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('console.result')}>
                  <strong>{t(`console.resultValue.${d.outcome.result}`)}</strong>
                </Descriptions.Item>
                <Descriptions.Item label={t('console.bystanderCpr')}>
                  {d.outcome.bystanderCpr ? '✓' : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('console.aedUsed')}>
                  {d.outcome.aedUsed ? `✓ ${d.outcome.shocks ?? ''}` : '—'}
                </Descriptions.Item>
                {d.outcome.emsArrivedAt ? (
                  <Descriptions.Item label={t('console.emsArrivedAt')}>
                    {formatDateTime(d.outcome.emsArrivedAt, lang)}
                  </Descriptions.Item>
                ) : null}
                {d.outcome.note ? (
                  <Descriptions.Item label={t('console.outcomeNote')}>{d.outcome.note}</Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
          ) : null}
          <Card title={t('console.timeline')} size="small">
            <div className="rs-timeline" data-testid="timeline">
              {d.timeline.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
              <Timeline
                items={d.timeline.map((item, i) => ({
                  key: `${item.at}-${i}`,
                  color:
                    item.kind === 'accepted' || item.kind === 'arrived'
                      ? 'green'
                      : item.kind === 'declined' || item.kind === 'stood_down'
                        ? 'gray'
                        : item.kind === 'raised'
                          ? 'red'
                          : 'blue',
                  content: (
                    <div data-testid="timeline-item" data-kind={item.kind}>
                      <div className="rs-muted">{formatClock(item.at, lang)}</div>
                      <div>{item.text}</div>
                    </div>
                  ),
                }))}
              />
            </div>
          </Card>
          <Card title={t('console.aeds')} size="small">
            {d.aeds.length === 0 ? <Alert type="warning" title={t('emergency.noAeds')} /> : null}
            <ul className="rs-list">
              {d.aeds.map((a) => (
                <li key={a.id}>
                  <div>
                    <strong>{a.code}</strong> {a.building}
                    <div className="rs-muted">{[a.floor, a.spot, a.accessNotes].filter(Boolean).join(' · ')}</div>
                  </div>
                  <span style={{ whiteSpace: 'nowrap' }}>{formatDistance(a.distanceM, lang)}</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
      {ending ? <OutcomeModal detail={d} onClose={() => setEnding(false)} /> : null}
    </div>
  );
}

// One device: status with its reason and the allowed changes, place and access, weekly hours as an hour grid, guardians,
// a small map; tabs for upkeep tasks (close by hand), inspections (record one with the checklist), self-tests, rescue
// uses (report one; confirm new pads) and telemetry (issue the device key, shown once).
import { ArrowLeftOutlined, EditOutlined, KeyOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { chinaMinute, chinaNow, toChinaIso } from '../../../lib/china-time';
import {
  type AedTaskView,
  type AedView,
  type DeviceKey,
  useAed,
  useChangeAedStatus,
  useCloseAedTask,
  useConfirmPads,
  useIssueDeviceKey,
  useRecordInspection,
  useReportUsage,
} from '../api';
import { AedFormModal } from './aed-form';
import { AedMap } from './aed-map';
import { StatusTag } from './aed-registry-page';

const allowed: Record<string, string[]> = {
  ready: ['needs_service', 'removed'],
  needs_service: ['ready', 'out_of_service', 'removed'],
  out_of_service: ['needs_service', 'removed'],
  removed: [],
};
const itemKeys = ['appearance', 'indicator', 'battery', 'pads', 'accessories', 'signage', 'access', 'cabinet'] as const;
const outcomes = ['rosc', 'transported', 'died', 'not_needed', 'unknown'] as const;
const fmt = (iso: string | null) => (iso ? chinaMinute(iso) : '—');

/** Weekly hours as text: days with the same hours joined (周一–周五 08:00–18:00). */
function describeHours(week: { from: number; to: number }[][], dayName: (d: number) => string): string {
  const text = (d: number) =>
    week[d].map((iv) => `${String(iv.from).padStart(2, '0')}:00–${String(iv.to).padStart(2, '0')}:00`).join(', ');
  const parts: string[] = [];
  let d = 0;
  while (d < 7) {
    let e = d;
    while (e + 1 < 7 && text(e + 1) === text(d)) {
      e++;
    }
    if (text(d)) {
      parts.push(`${d === e ? dayName(d) : `${dayName(d)}–${dayName(e)}`} ${text(d)}`);
    }
    d = e + 1;
  }
  return parts.join(';') || '—';
}

const hoursOfDay = Array.from({ length: 24 }, (_, h) => h);
const weekDays = [0, 1, 2, 3, 4, 5, 6];

function HoursGrid({ masks }: { masks: number[] }) {
  const { t } = useTranslation('aedAdmin');
  return (
    <div className="aed-hours-grid" data-testid="aed-hours-grid">
      <span />
      {hoursOfDay.map((h) => (
        <span key={`h${h}`} className="hour">
          {h % 3 === 0 ? h : ''}
        </span>
      ))}
      {weekDays.map((d) => (
        <div key={`d${d}`} style={{ display: 'contents' }}>
          <span>{t(`weekday.d${d}` as 'weekday.d0')}</span>
          {hoursOfDay.map((h) => (
            <span key={`c${d}-${h}`} className={`cell${((masks[d] ?? 0) >> h) & 1 ? ' on' : ''}`} />
          ))}
        </div>
      ))}
    </div>
  );
}

function useFail() {
  const { message } = App.useApp();
  return (e: unknown) => void message.error(isApiError(e) ? e.message : String(e));
}

function StatusDialog({ aed, onClose }: { aed: AedView; onClose: () => void }) {
  const { t } = useTranslation('aedAdmin');
  const change = useChangeAedStatus();
  const fail = useFail();
  const [form] = Form.useForm<{ status: string; reason: string }>();
  return (
    <Modal
      open
      title={t('device.changeStatus')}
      onCancel={onClose}
      confirmLoading={change.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await change.mutateAsync({ id: aed.id, input: v as { status: 'ready'; reason: string } });
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="status" label={t('device.newStatus')} rules={[{ required: true }]}>
          <Select options={allowed[aed.status].map((s) => ({ value: s, label: t(`status.${s}` as 'status.ready') }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('device.reason')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function InspectionDialog({ aed, onClose }: { aed: AedView; onClose: () => void }) {
  const { t } = useTranslation('aedAdmin');
  const record = useRecordInspection();
  const fail = useFail();
  const [form] = Form.useForm<{ inspector: string; ok: string[]; note: string }>();
  return (
    <Modal
      open
      title={t('device.recordInspection')}
      onCancel={onClose}
      confirmLoading={record.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await record.mutateAsync({
            id: aed.id,
            input: {
              inspector: v.inspector,
              items: itemKeys.map((item) => ({ item, ok: v.ok.includes(item) })),
              note: v.note ?? '',
            },
          });
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ ok: [...itemKeys] }}>
        <Form.Item name="inspector" label={t('device.inspector')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="ok" label={t('device.result')}>
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }}
            options={itemKeys.map((k) => ({ value: k, label: t(`item.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('device.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UsageDialog({ aed, onClose }: { aed: AedView; onClose: () => void }) {
  const { t } = useTranslation('aedAdmin');
  const report = useReportUsage();
  const fail = useFail();
  const [form] = Form.useForm<{
    usedAt: Dayjs;
    shocksDelivered: number;
    outcome: string;
    reporter: string;
    note: string;
  }>();
  return (
    <Modal
      open
      title={t('device.reportUsage')}
      onCancel={onClose}
      confirmLoading={report.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await report.mutateAsync({
            id: aed.id,
            input: {
              usedAt: toChinaIso(v.usedAt),
              shocksDelivered: v.shocksDelivered,
              outcome: v.outcome as 'rosc',
              reporter: v.reporter,
              note: v.note ?? '',
            },
          });
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ usedAt: chinaNow(), shocksDelivered: 0, outcome: 'unknown' }}
      >
        <Form.Item name="usedAt" label={t('device.usedAt')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="shocksDelivered" label={t('device.shocks')} rules={[{ required: true }]}>
          <InputNumber min={0} max={50} />
        </Form.Item>
        <Form.Item name="outcome" label={t('device.outcome')}>
          <Select options={outcomes.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item name="reporter" label={t('device.reporter')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="note" label={t('device.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PadsDialog({ aed, onClose }: { aed: AedView; onClose: () => void }) {
  const { t } = useTranslation('aedAdmin');
  const confirm = useConfirmPads();
  const fail = useFail();
  const [form] = Form.useForm<{ padsExpiresOn: Dayjs }>();
  return (
    <Modal
      open
      title={t('device.confirmPads')}
      onCancel={onClose}
      confirmLoading={confirm.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await confirm.mutateAsync({ id: aed.id, input: { padsExpiresOn: v.padsExpiresOn.format('YYYY-MM-DD') } });
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ padsExpiresOn: chinaNow().add(2, 'year') }}>
        <Form.Item name="padsExpiresOn" label={t('device.newPadsExpiry')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseTaskDialog({ aed, task, onClose }: { aed: AedView; task: AedTaskView; onClose: () => void }) {
  const { t } = useTranslation('aedAdmin');
  const close = useCloseAedTask();
  const fail = useFail();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal
      open
      title={`${t('device.closeTaskTitle')} · ${t(`taskKind.${task.kind}`)}`}
      onCancel={onClose}
      confirmLoading={close.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await close.mutateAsync({ id: aed.id, taskId: task.id, note: v.note });
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('device.closeNote')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function KeyPanel({ aed, manage }: { aed: AedView; manage: boolean }) {
  const { t } = useTranslation('aedAdmin');
  const issue = useIssueDeviceKey();
  const fail = useFail();
  const [issued, setIssued] = useState<DeviceKey | null>(null);
  const tel = aed.telemetry;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {tel.hasKey ? (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('device.keyIssuedAt')}>{fmt(tel.keyIssuedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.lastHeartbeatAt')}>
            <Space>
              {fmt(tel.lastHeartbeatAt)}
              <Badge
                status={tel.silent ? 'error' : 'success'}
                text={tel.silent ? t('device.silent') : t('device.online')}
              />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('device.battery')}>
            {tel.batteryPercent === null ? '—' : `${tel.batteryPercent}%`}
          </Descriptions.Item>
          <Descriptions.Item label={t('device.selfTests')}>
            {tel.lastSelfTestAt ? (
              <Tag color={tel.lastSelfTestOk ? 'green' : 'red'}>
                {tel.lastSelfTestOk ? t('device.selfTestOk') : t('device.selfTestFail')} · {fmt(tel.lastSelfTestAt)}
              </Tag>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">{t('device.noKey')}</Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('device.apiHint')}
      </Typography.Text>
      {manage && aed.status !== 'removed' ? (
        <Button
          icon={<KeyOutlined />}
          loading={issue.isPending}
          onClick={async () => {
            try {
              setIssued(await issue.mutateAsync(aed.id));
            } catch (e) {
              fail(e);
            }
          }}
          data-testid="aed-issue-key"
        >
          {tel.hasKey ? t('device.reissueKey') : t('device.issueKey')}
        </Button>
      ) : null}
      {issued ? (
        <Alert
          type="warning"
          showIcon
          message={t('device.keyOnce')}
          description={
            <Typography.Paragraph copyable code style={{ margin: 0 }} data-testid="aed-key">
              {issued.key}
            </Typography.Paragraph>
          }
        />
      ) : null}
    </Space>
  );
}

export function AedDevicePage() {
  const { t } = useTranslation('aedAdmin');
  const { id } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const query = useAed(id);
  const [dialog, setDialog] = useState<'edit' | 'status' | 'inspect' | 'usage' | 'pads' | null>(null);
  const [closing, setClosing] = useState<AedTaskView | null>(null);
  const aed = query.data;
  if (query.isError) {
    return <Result status="warning" title={(query.error as Error).message} />;
  }
  if (!aed) {
    return <Card loading />;
  }
  const manage = can('aed:manage');
  const awaitingPads = aed.tasks.some((x) => x.kind === 'used_in_rescue' && x.status === 'open');
  const open = aed.tasks.filter((x) => x.status === 'open');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => navigate('/console/aed/devices')}
        style={{ padding: 0 }}
      >
        {t('device.back')}
      </Button>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="aed-code">
            {aed.code}
          </Typography.Title>
          <StatusTag status={aed.status} />
          <Badge
            status={aed.openNow ? 'success' : 'default'}
            text={aed.openNow ? t('device.openNow') : t('device.closedNow')}
          />
        </Space>
        {manage && aed.status !== 'removed' ? (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
              {t('device.edit')}
            </Button>
            <Button onClick={() => setDialog('status')} data-testid="aed-change-status">
              {t('device.changeStatus')}
            </Button>
            <Button onClick={() => setDialog('inspect')}>{t('device.recordInspection')}</Button>
            <Button onClick={() => setDialog('usage')}>{t('device.reportUsage')}</Button>
            {awaitingPads ? (
              <Button type="primary" onClick={() => setDialog('pads')}>
                {t('device.confirmPads')}
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Space>
      {aed.status !== 'ready' && aed.statusReason ? (
        <Alert type={aed.status === 'removed' ? 'info' : 'warning'} showIcon message={aed.statusReason} />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('device.overview')}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('fields.unit')}>{aed.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('fields.brand')}>
                {aed.brand} {aed.model} · {aed.serialNo}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.address')} span={2}>
                {aed.address}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.building')}>
                {aed.building} {aed.floor}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.spot')}>{aed.spot || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.accessNotes')}>{aed.accessNotes || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.keyHolder')}>{aed.keyHolder || '—'}</Descriptions.Item>
              <Descriptions.Item label="WGS-84">
                {aed.lat.toFixed(6)}, {aed.lng.toFixed(6)}
              </Descriptions.Item>
              <Descriptions.Item label={t('device.gcj')}>
                {aed.gcj02.lat.toFixed(6)}, {aed.gcj02.lng.toFixed(6)}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.batteryExpiresOn')}>{aed.batteryExpiresOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.padsExpiresOn')}>{aed.padsExpiresOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.installedOn')}>{aed.installedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fields.lastInspectedAt')}>
                {fmt(aed.lastInspectedAt)} ({t('fields.inspectionIntervalDays')} {aed.inspectionIntervalDays})
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.guardians')} span={2}>
                {aed.guardians.length > 0 ? aed.guardians.map((g) => `${g.name} ${g.phoneMasked}`).join(';') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.hours')} span={2}>
                {aed.is24h
                  ? '24h'
                  : aed.openHoursText || describeHours(aed.weekHours, (d) => t(`weekday.d${d}` as 'weekday.d0'))}
              </Descriptions.Item>
            </Descriptions>
            <HoursGrid masks={aed.openHours} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small">
            <AedMap
              height={360}
              center={aed}
              markers={[{ id: aed.id, position: aed, status: aed.status, tooltip: aed.spot || aed.address }]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'tasks',
              label: `${t('device.tasks')}${open.length > 0 ? ` (${open.length})` : ''}`,
              children: (
                <Table<AedTaskView>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={aed.tasks}
                  locale={{ emptyText: <Empty description={t('device.noRecords')} /> }}
                  columns={[
                    { title: t('due.kind'), render: (_: unknown, r) => t(`taskKind.${r.kind}`) },
                    { title: t('due.detail'), dataIndex: 'detail' },
                    { title: t('due.dueOn'), dataIndex: 'dueOn', width: 110 },
                    {
                      title: t('registry.status'),
                      width: 200,
                      render: (_: unknown, r) => (
                        <Space orientation="vertical" size={0}>
                          <Tag color={r.status === 'open' ? 'orange' : 'default'}>{t(`taskStatus.${r.status}`)}</Tag>
                          {r.closeNote ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {r.closeNote}
                            </Typography.Text>
                          ) : null}
                        </Space>
                      ),
                    },
                    {
                      title: '',
                      width: 80,
                      render: (_: unknown, r) =>
                        manage && r.status === 'open' ? (
                          <Button size="small" onClick={() => setClosing(r)}>
                            {t('device.closeTask')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'inspections',
              label: t('device.inspections'),
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={aed.inspections}
                  locale={{ emptyText: <Empty description={t('device.noRecords')} /> }}
                  columns={[
                    { title: t('device.inspectedAt'), render: (_: unknown, r) => fmt(r.inspectedAt), width: 150 },
                    { title: t('device.inspector'), dataIndex: 'inspector', width: 100 },
                    {
                      title: t('device.result'),
                      width: 90,
                      render: (_: unknown, r) => (
                        <Tag color={r.result === 'pass' ? 'green' : 'red'}>
                          {r.result === 'pass' ? t('device.pass') : t('device.fail')}
                        </Tag>
                      ),
                    },
                    {
                      title: t('device.fail'),
                      render: (_: unknown, r) =>
                        r.items
                          .filter((i) => !i.ok)
                          .map((i) => `${t(`item.${i.item}` as 'item.pads')}${i.note ? `(${i.note})` : ''}`)
                          .join('、') || '—',
                    },
                    { title: t('device.note'), dataIndex: 'note' },
                  ]}
                />
              ),
            },
            {
              key: 'self-tests',
              label: t('device.selfTests'),
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={aed.selfTests}
                  locale={{ emptyText: <Empty description={t('device.noRecords')} /> }}
                  columns={[
                    { title: t('device.inspectedAt'), render: (_: unknown, r) => fmt(r.testedAt), width: 160 },
                    {
                      title: t('device.result'),
                      width: 120,
                      render: (_: unknown, r) => (
                        <Tag color={r.ok ? 'green' : 'red'}>
                          {r.ok ? t('device.selfTestOk') : t('device.selfTestFail')}
                        </Tag>
                      ),
                    },
                    { title: t('device.note'), dataIndex: 'details' },
                  ]}
                />
              ),
            },
            {
              key: 'usages',
              label: t('device.usages'),
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={aed.usages}
                  locale={{ emptyText: <Empty description={t('device.noRecords')} /> }}
                  columns={[
                    { title: t('device.usedAt'), render: (_: unknown, r) => fmt(r.usedAt), width: 150 },
                    { title: t('device.shocks'), dataIndex: 'shocksDelivered', width: 90 },
                    { title: t('device.outcome'), render: (_: unknown, r) => t(`outcome.${r.outcome}`), width: 120 },
                    { title: t('device.reporter'), dataIndex: 'reporter', width: 100 },
                    { title: t('device.note'), dataIndex: 'note' },
                    {
                      title: t('fields.padsExpiresOn'),
                      width: 150,
                      render: (_: unknown, r) =>
                        r.padsConfirmedAt ? (
                          <Tag color="green">
                            {t('device.padsConfirmed')} {fmt(r.padsConfirmedAt)}
                          </Tag>
                        ) : (
                          <Tag color="red">{t('device.awaitingPads')}</Tag>
                        ),
                    },
                  ]}
                />
              ),
            },
            { key: 'telemetry', label: t('device.telemetry'), children: <KeyPanel aed={aed} manage={manage} /> },
          ]}
        />
      </Card>
      {dialog === 'edit' ? (
        <AedFormModal aed={aed} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
      ) : null}
      {dialog === 'status' ? <StatusDialog aed={aed} onClose={() => setDialog(null)} /> : null}
      {dialog === 'inspect' ? <InspectionDialog aed={aed} onClose={() => setDialog(null)} /> : null}
      {dialog === 'usage' ? <UsageDialog aed={aed} onClose={() => setDialog(null)} /> : null}
      {dialog === 'pads' ? <PadsDialog aed={aed} onClose={() => setDialog(null)} /> : null}
      {closing ? <CloseTaskDialog aed={aed} task={closing} onClose={() => setClosing(null)} /> : null}
    </Space>
  );
}

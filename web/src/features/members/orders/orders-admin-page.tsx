// 服务点单 in the console: the queue of members' orders with each step (accept, decline with a reason, schedule with
// date/time and staff, record delivery), the unit's menu of services, and statistics per unit with a chart.

import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateTime, toChinaIso } from '../../../lib/china-time';
import { type OrderView, useCreateMenuItem, useMenu, useOrderStats, useOrderStep, useOrders } from '../points/api';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Step = 'accept' | 'decline' | 'schedule' | 'deliver';

function StepModal({ order, step, onClose }: { order: OrderView; step: Step; onClose: () => void }) {
  const { t } = useTranslation('memberPoints');
  const run = useOrderStep();
  const [form] = Form.useForm();
  const submit = (v: Record<string, unknown>) => {
    const body =
      step === 'decline'
        ? { reason: v.reason }
        : step === 'deliver'
          ? { attendance: v.attendance, notes: v.notes || undefined }
          : step === 'schedule' || v.scheduledAt
            ? { scheduledAt: toChinaIso(v.scheduledAt as Dayjs), staffNames: v.staffNames }
            : {};
    run.mutate({ id: order.id, step, body }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      title={`${t(`admin.${step}`)} · ${order.serviceName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {step === 'decline' ? (
          <Form.Item name="reason" label={t('admin.declineReason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
        {step === 'schedule' || step === 'accept' ? (
          <>
            <Form.Item name="scheduledAt" label={t('admin.scheduledAt')} rules={[{ required: step === 'schedule' }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                needConfirm={false}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                data-testid="order-scheduled-at"
              />
            </Form.Item>
            <Form.Item name="staffNames" label={t('admin.staff')} rules={[{ required: step === 'schedule' }]}>
              <Input data-testid="order-staff" />
            </Form.Item>
          </>
        ) : null}
        {step === 'deliver' ? (
          <>
            <Form.Item name="attendance" label={t('admin.attendance')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid="order-attendance" />
            </Form.Item>
            <Form.Item name="notes" label={t('admin.notes')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        ) : null}
        {run.error ? <Alert type="error" showIcon title={run.error.message} /> : null}
      </Form>
    </Modal>
  );
}

function QueueTab({ orgId }: { orgId: number | null }) {
  const { t, i18n } = useTranslation('memberPoints');
  const [status, setStatus] = useState<string | undefined>(undefined);
  const orders = useOrders(orgId, status);
  const [acting, setActing] = useState<{ order: OrderView; step: Step } | null>(null);
  const act = (order: OrderView, step: Step) => (
    <Button
      size="small"
      key={step}
      type={step === 'decline' ? 'default' : 'primary'}
      danger={step === 'decline'}
      onClick={() => setActing({ order, step })}
      data-testid={`order-${step}`}
    >
      {t(`admin.${step}`)}
    </Button>
  );
  return (
    <>
      <Select
        allowClear
        style={{ width: 160, marginBottom: 12 }}
        placeholder={t('admin.status')}
        value={status}
        onChange={setStatus}
        options={(['requested', 'accepted', 'scheduled', 'delivered', 'declined', 'cancelled'] as const).map((s) => ({
          value: s,
          label: t(`orders.status.${s}`),
        }))}
      />
      <Table<OrderView>
        rowKey="id"
        size="small"
        loading={orders.isPending && orgId !== null}
        dataSource={orders.data?.items ?? []}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('admin.orderNo'), dataIndex: 'orderNo', width: 170 },
          { title: t('admin.service'), dataIndex: 'serviceName' },
          { title: t('admin.member'), render: (_, o) => `${o.memberName} ${o.memberNo ?? ''}` },
          { title: t('admin.preferred'), render: (_, o) => o.preferredDates.join(', ') },
          { title: t('admin.place'), dataIndex: 'place' },
          { title: t('admin.expected'), dataIndex: 'expectedAudience', width: 70 },
          {
            title: t('admin.status'),
            render: (_, o) => (
              <Space direction="vertical" size={0}>
                <Tag data-testid="order-status">{t(`orders.status.${o.status}`)}</Tag>
                {o.scheduledAt ? <span>{formatDateTime(o.scheduledAt, i18n.language)}</span> : null}
              </Space>
            ),
          },
          {
            title: t('admin.rating'),
            dataIndex: 'rating',
            render: (v: number | null) => (v ? <Rate disabled value={v} style={{ fontSize: 12 }} /> : ''),
          },
          {
            title: '',
            render: (_, o) => (
              <Space wrap>
                {o.status === 'requested' ? [act(o, 'accept'), act(o, 'decline')] : null}
                {o.status === 'accepted' ? [act(o, 'schedule'), act(o, 'decline')] : null}
                {o.status === 'scheduled' ? [act(o, 'deliver'), act(o, 'schedule')] : null}
              </Space>
            ),
          },
        ]}
      />
      {acting ? <StepModal order={acting.order} step={acting.step} onClose={() => setActing(null)} /> : null}
    </>
  );
}

function MenuTab({ orgId }: { orgId: number | null }) {
  const { t } = useTranslation('memberPoints');
  const menu = useMenu(orgId);
  const create = useCreateMenuItem();
  const [form] = Form.useForm();
  return (
    <>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        initialValues={{ audienceMin: 10, audienceMax: 100, leadDays: 7 }}
        onFinish={(v) => create.mutate({ ...v, orgId }, { onSuccess: () => form.resetFields() })}
      >
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('admin.name')} />
        </Form.Item>
        <Form.Item name="description">
          <Input placeholder={t('admin.description')} />
        </Form.Item>
        <Form.Item name="audienceMin" label={t('admin.audienceMin')}>
          <InputNumber min={1} style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name="audienceMax" label={t('admin.audienceMax')}>
          <InputNumber min={1} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="leadDays" label={t('admin.leadDays')}>
          <InputNumber min={0} style={{ width: 70 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={create.isPending} disabled={orgId === null}>
          {t('admin.newItem')}
        </Button>
      </Form>
      {create.error ? <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 8 }} /> : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={menu.data ?? []}
        columns={[
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.description'), dataIndex: 'description' },
          { title: t('admin.audienceMin'), dataIndex: 'audienceMin' },
          { title: t('admin.audienceMax'), dataIndex: 'audienceMax' },
          { title: t('admin.leadDays'), dataIndex: 'leadDays' },
          { title: t('admin.unit'), dataIndex: 'orgName' },
        ]}
      />
    </>
  );
}

function StatsTab({ orgId }: { orgId: number | null }) {
  const { t } = useTranslation('memberPoints');
  const stats = useOrderStats(orgId);
  const units = stats.data?.units ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: 300 }}
          option={{
            tooltip: { trigger: 'axis' },
            legend: {},
            grid: { left: 40, right: 20, top: 40, bottom: 60 },
            xAxis: { type: 'category', data: units.map((u) => u.orgName), axisLabel: { rotate: 30 } },
            yAxis: { type: 'value' },
            series: [
              {
                name: t('admin.orders'),
                type: 'bar',
                data: units.map((u) => u.orders),
                itemStyle: { color: '#8c8c8c' },
              },
              {
                name: t('admin.delivered'),
                type: 'bar',
                data: units.map((u) => u.delivered),
                itemStyle: { color: '#c8102e' },
              },
            ],
          }}
        />
      </Card>
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={units}
        scroll={{ x: 700 }}
        columns={[
          { title: t('admin.unit'), dataIndex: 'orgName' },
          { title: t('admin.orders'), dataIndex: 'orders' },
          { title: t('admin.delivered'), dataIndex: 'delivered' },
          { title: t('admin.declined'), dataIndex: 'declined' },
          { title: t('admin.open'), dataIndex: 'open' },
          { title: t('admin.audience'), dataIndex: 'audience' },
          {
            title: t('admin.avgRating'),
            dataIndex: 'averageRating',
            render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
          },
        ]}
      />
    </Space>
  );
}

export function OrdersAdminPage() {
  const { t } = useTranslation('memberPoints');
  const { unitId } = useScope();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const orgId = picked ?? unitId ?? null;
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.ordersTitle')}
        </Typography.Title>
        <OrgPicker value={orgId ?? undefined} onChange={(v) => setPicked(v ?? undefined)} style={{ width: 260 }} />
      </Space>
      <Tabs
        items={[
          { key: 'queue', label: t('admin.queue'), children: <QueueTab orgId={orgId} /> },
          { key: 'menu', label: t('admin.menuTitle'), children: <MenuTab orgId={orgId} /> },
          { key: 'stats', label: t('admin.stats'), children: <StatsTab orgId={orgId} /> },
        ]}
      />
    </div>
  );
}

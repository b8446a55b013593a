// 回访核查: draw a reproducible random sample of paid relief recipients under a unit, call them from the list (phones
// masked; full number only with pii:view, audited), record each result, and watch the confirmation rate per unit.
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  message,
  Radio,
  Row,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaNow, formatDate, toChinaIso } from '../../../lib/china-time';
import {
  type CallbackTaskView,
  type SampleView,
  unmaskRecipient,
  useCallbackSummary,
  useCallbackTasks,
  useDrawSample,
  useRecordCallback,
  useSamples,
} from '../api';
import '../grievances.css';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { BarChartBox } from './chart';

type Result = CallbackTaskView['result'] & string;
const resultColors: Record<Result, string> = {
  confirmed: 'green',
  denied: 'red',
  amount_differs: 'orange',
  unreachable: 'default',
};
const errorText = (e: unknown) => (isApiError(e) ? e.message : String(e));

function DrawForm({ onDrawn }: { onDrawn: (s: SampleView) => void }) {
  const { t } = useTranslation(['grievances', 'common']);
  const { unitId } = useScope();
  const [by, setBy] = useState<'size' | 'percent'>('percent');
  const draw = useDrawSample();
  const [form] = Form.useForm();
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{
        orgId: unitId ?? undefined,
        period: [chinaNow().subtract(1, 'month').startOf('month'), chinaNow()],
        amount: 10,
      }}
      onFinish={(v: { orgId: number; period: [Dayjs, Dayjs]; amount: number }) =>
        draw.mutate(
          {
            orgId: v.orgId,
            periodFrom: v.period[0].format('YYYY-MM-DD'),
            periodTo: v.period[1].format('YYYY-MM-DD'),
            ...(by === 'size' ? { size: v.amount } : { percent: v.amount }),
          },
          { onSuccess: onDrawn, onError: (e) => void message.error(errorText(e)) },
        )
      }
      style={{ rowGap: 8 }}
    >
      <Form.Item name="orgId" label={t('callbacks.unit')} rules={[{ required: true, message: t('common.required') }]}>
        <OrgPicker style={{ width: 220 }} />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('callbacks.period')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <DatePicker.RangePicker allowClear={false} />
      </Form.Item>
      <Form.Item label={t('callbacks.by')}>
        <Segmented<'size' | 'percent'>
          value={by}
          onChange={setBy}
          options={[
            { value: 'percent', label: t('callbacks.byPercent') },
            { value: 'size', label: t('callbacks.bySize') },
          ]}
        />
      </Form.Item>
      <Form.Item name="amount" rules={[{ required: true, message: t('common.required') }]}>
        <InputNumber
          min={1}
          max={by === 'percent' ? 100 : 5000}
          precision={0}
          addonAfter={by === 'percent' ? '%' : t('callbacks.size')}
          style={{ width: 140 }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={draw.isPending} data-testid="draw-sample">
        {t('callbacks.draw')}
      </Button>
    </Form>
  );
}

function RecordModal({ task, onClose }: { task: CallbackTaskView | null; onClose: () => void }) {
  const { t } = useTranslation(['grievances', 'common']);
  const record = useRecordCallback();
  const [form] = Form.useForm();
  const result = Form.useWatch('result', form) as Result | undefined;
  return (
    <Modal
      open={task !== null}
      title={task ? `${t('callbacks.record')} · ${task.recipientName}` : ''}
      okButtonProps={{ loading: record.isPending }}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
    >
      {task && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ calledAt: chinaNow() }}
          onFinish={(v: { result: Result; reported?: string; note?: string; calledAt: Dayjs }) => {
            const reportedFen = v.reported ? (parseYuanToFen(v.reported) ?? undefined) : undefined;
            record.mutate(
              {
                id: task.id,
                result: v.result,
                reportedFen,
                note: v.note || undefined,
                calledAt: toChinaIso(v.calledAt),
              },
              {
                onSuccess: (done) => {
                  if (done.grievanceNo) {
                    void message.warning(t('callbacks.opened', { no: done.grievanceNo }));
                  }
                  onClose();
                },
                onError: (e) => void message.error(errorText(e)),
              },
            );
          }}
        >
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('callbacks.caseNo')}>
              <span className="gv-mono">{task.caseNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('callbacks.paid')}>{formatFen(task.paidFen)}</Descriptions.Item>
          </Descriptions>
          <Form.Item
            name="result"
            label={t('callbacks.result')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Radio.Group
              optionType="button"
              options={(['confirmed', 'denied', 'amount_differs', 'unreachable'] as const).map((r) => ({
                value: r,
                label: t(`callbacks.results.${r}`),
              }))}
            />
          </Form.Item>
          {result === 'amount_differs' && (
            <Form.Item
              name="reported"
              label={t('callbacks.reported')}
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: (_, v) =>
                    parseYuanToFen(String(v ?? '')) === null ? Promise.reject(new Error('0.00')) : Promise.resolve(),
                },
              ]}
            >
              <Input inputMode="decimal" suffix={t('common.yuan')} />
            </Form.Item>
          )}
          <Form.Item name="calledAt" label={t('callbacks.calledAt')}>
            <DatePicker showTime disabledDate={(d) => d.isAfter(chinaNow())} />
          </Form.Item>
          <Form.Item name="note" label={t('callbacks.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function PhoneCell({ task }: { task: CallbackTaskView }) {
  const { t } = useTranslation('grievances');
  const can = useCan();
  const [phone, setPhone] = useState<string | null>(null);
  if (!task.phoneMasked) {
    return <span className="gv-muted">—</span>;
  }
  return (
    <Space size={4}>
      <span className="gv-mono">{phone ?? task.phoneMasked}</span>
      {!phone && can('pii:view') && (
        <Typography.Link
          onClick={() => {
            let reason = '';
            Modal.confirm({
              title: t('callbacks.unmask'),
              content: <Input placeholder={t('callbacks.unmaskReason')} onChange={(e) => (reason = e.target.value)} />,
              onOk: async () => {
                try {
                  setPhone((await unmaskRecipient(task.id, reason.trim() || t('callbacks.title'))).phone);
                } catch (e) {
                  void message.error(errorText(e));
                }
              },
            });
          }}
        >
          {t('callbacks.unmask')}
        </Typography.Link>
      )}
    </Space>
  );
}

function SummaryCard({ sampleId }: { sampleId?: string }) {
  const { t } = useTranslation('grievances');
  const summary = useCallbackSummary({ sampleId });
  const units = summary.data?.units ?? [];
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      xAxis: {
        type: 'category',
        data: units.map((u) => u.orgName),
        axisLabel: { interval: 0, rotate: units.length > 4 ? 30 : 0 },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('callbacks.confirmationRate'),
          barMaxWidth: 36,
          itemStyle: { color: '#c8102e' },
          label: { show: true, position: 'top', formatter: '{c}%' },
          // Nobody reached yet: no bar (not a 0% bar).
          data: units.map((u) => (u.confirmationRate === null ? '-' : Math.round(u.confirmationRate * 1000) / 10)),
        },
      ],
    }),
    [units, t],
  );
  return (
    <Card size="small" title={t('callbacks.summary')} data-testid="callback-summary">
      {units.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <>
          <BarChartBox option={option} height={200} testId="callback-chart" />
          <Table
            rowKey="orgId"
            size="small"
            pagination={false}
            dataSource={units}
            columns={[
              { title: t('duplicates.unit'), dataIndex: 'orgName', ellipsis: true },
              { title: t('callbacks.sampledCol'), dataIndex: 'sampled', width: 70, align: 'right' },
              { title: t('callbacks.results.confirmed'), dataIndex: 'confirmed', width: 90, align: 'right' },
              {
                title: `${t('callbacks.results.denied')}/${t('callbacks.results.amount_differs')}`,
                key: 'bad',
                width: 110,
                align: 'right',
                render: (_, u) => `${u.denied}/${u.amountDiffers}`,
              },
              {
                title: t('callbacks.confirmationRate'),
                dataIndex: 'confirmationRate',
                width: 80,
                align: 'right',
                render: (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export function CallbacksPage() {
  const { t, i18n } = useTranslation(['grievances', 'common']);
  const samples = useSamples();
  const [sampleId, setSampleId] = useState<string | undefined>();
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const tasks = useCallbackTasks({ sampleId, status: status === 'pending' ? 'pending' : undefined });
  const [recording, setRecording] = useState<CallbackTaskView | null>(null);
  const selected = samples.data?.find((s) => s.id === sampleId);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('callbacks.title')}>
        <Alert type="info" showIcon title={t('callbacks.intro')} style={{ marginBottom: 12 }} />
        <DrawForm onDrawn={(s) => setSampleId(s.id)} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('callbacks.samples')}>
            <Table<SampleView>
              rowKey="id"
              size="small"
              loading={samples.isFetching}
              dataSource={samples.data ?? []}
              pagination={{ pageSize: 6, hideOnSinglePage: true }}
              onRow={(s) => ({
                onClick: () => setSampleId(s.id === sampleId ? undefined : s.id),
                style: { cursor: 'pointer' },
              })}
              rowClassName={(s) => (s.id === sampleId ? 'ant-table-row-selected' : '')}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('callbacks.noSamples')} />,
              }}
              columns={[
                { title: t('callbacks.unit'), dataIndex: 'orgName', ellipsis: true },
                {
                  title: t('callbacks.period'),
                  key: 'period',
                  width: 190,
                  render: (_, s) => `${s.periodFrom} ~ ${s.periodTo}`,
                },
                {
                  title: t('callbacks.sizeCol'),
                  key: 'size',
                  width: 150,
                  render: (_, s) => (
                    <span>
                      {s.sampleSize}/{s.candidateCount}
                      {s.requestedPercent !== null && <span className="gv-muted"> ({s.requestedPercent}%)</span>}
                    </span>
                  ),
                },
                {
                  title: t('callbacks.doneCol'),
                  key: 'done',
                  width: 90,
                  render: (_, s) => (
                    <Tag color={s.doneCount === s.sampleSize ? 'green' : 'blue'}>
                      {s.doneCount}/{s.sampleSize}
                    </Tag>
                  ),
                },
                {
                  title: t('callbacks.drawnAt'),
                  dataIndex: 'createdAt',
                  width: 110,
                  render: (v: string) => formatDate(v, i18n.language),
                },
              ]}
            />
            {selected && (
              <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                <Descriptions.Item label={t('callbacks.seed')}>
                  <span className="gv-seed">{selected.seed}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('callbacks.candidateHash')}>
                  <span className="gv-seed">{selected.candidateHash}</span>
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <SummaryCard sampleId={sampleId} />
        </Col>
      </Row>
      <Card
        size="small"
        title={t('callbacks.calls')}
        extra={
          <Segmented<'pending' | 'all'>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'pending', label: t('callbacks.pendingOnly') },
              { value: 'all', label: t('callbacks.allCalls') },
            ]}
          />
        }
      >
        <Table<CallbackTaskView>
          rowKey="id"
          size="small"
          loading={tasks.isFetching}
          dataSource={tasks.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('callbacks.emptyCalls')} /> }}
          columns={[
            { title: '#', dataIndex: 'drawOrder', width: 50 },
            {
              title: t('callbacks.recipient'),
              key: 'who',
              width: 160,
              render: (_, r) => (
                <div>
                  <div>{r.recipientName}</div>
                  <div className="gv-muted">{r.orgName}</div>
                </div>
              ),
            },
            {
              title: t('callbacks.caseNo'),
              key: 'case',
              width: 190,
              render: (_, r) => (
                <div className="gv-mono">
                  <div>{r.caseNo}</div>
                  <div className="gv-muted">{r.payoutNo}</div>
                </div>
              ),
            },
            {
              title: t('callbacks.paid'),
              dataIndex: 'paidFen',
              width: 110,
              align: 'right',
              render: (f: number) => formatFen(f),
            },
            {
              title: t('callbacks.paidAt'),
              dataIndex: 'paidAt',
              width: 110,
              render: (v: string) => formatDate(v, i18n.language),
            },
            { title: t('callbacks.phone'), key: 'phone', width: 190, render: (_, r) => <PhoneCell task={r} /> },
            {
              title: t('callbacks.result'),
              key: 'result',
              render: (_, r) =>
                r.result ? (
                  <div>
                    <Tag color={resultColors[r.result]}>{t(`callbacks.results.${r.result}`)}</Tag>
                    {r.result === 'amount_differs' && r.reportedFen !== null && <span>{formatFen(r.reportedFen)}</span>}
                    {r.grievanceNo && <div className="gv-mono gv-muted">{r.grievanceNo}</div>}
                    {r.note && <div className="gv-muted">{r.note}</div>}
                  </div>
                ) : (
                  <span className="gv-muted">—</span>
                ),
            },
            {
              title: '',
              key: 'act',
              width: 110,
              fixed: 'right',
              render: (_, r) =>
                r.status === 'pending' || r.result === 'unreachable' ? (
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    onClick={() => setRecording(r)}
                    data-testid="record-callback"
                  >
                    {r.status === 'pending' ? t('callbacks.record') : t('callbacks.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <RecordModal task={recording} onClose={() => setRecording(null)} />
    </Space>
  );
}

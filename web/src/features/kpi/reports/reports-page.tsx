// 考核评估报告: download a unit's annual evaluation workbook (Excel) and PDF summary for a year as of a month; manage
// the monthly-report subscriptions (kpi:manage) and see the reports sent (with their files).
import { DeleteOutlined, FileExcelOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateTime } from '../../../lib/china-time';
import {
  type CreateSubscription,
  downloadReport,
  fileUrl,
  type RunView,
  type SubscriptionView,
  useCancelSubscription,
  useCreateSubscription,
  useRecipientCandidates,
  useReportRuns,
  useSubscriptions,
} from './api';

/** The current year and month in China. */
function chinaNow(): { year: number; month: number } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number);
  return { year, month };
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function ExportCard({
  orgId,
  onOrgChange,
}: {
  orgId: number | undefined;
  onOrgChange: (id: number | undefined) => void;
}) {
  const { t } = useTranslation('kpiReports');
  const { message } = App.useApp();
  const now = chinaNow();
  const [year, setYear] = useState(now.year);
  const [month, setMonth] = useState<number | undefined>(undefined);
  const [depth, setDepth] = useState(2);
  const [busy, setBusy] = useState<'annual.xlsx' | 'summary.pdf' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const years = Array.from({ length: 6 }, (_, i) => now.year - i);
  const lastMonth = year === now.year ? now.month : 12;

  const download = async (kind: 'annual.xlsx' | 'summary.pdf') => {
    if (!orgId) {
      return;
    }
    setBusy(kind);
    setError(null);
    try {
      const name = await downloadReport(kind, {
        orgId,
        year,
        month,
        depth: kind === 'annual.xlsx' ? depth : undefined,
      });
      message.success(t('export.saved', { name }));
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t('export.title')} data-testid="kpi-reports-export">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap size={[16, 8]}>
          <Space size={6}>
            {t('export.unit')}
            <OrgPicker value={orgId} onChange={onOrgChange} style={{ width: 240 }} />
          </Space>
          <Space size={6}>
            {t('export.year')}
            <Select
              aria-label={t('export.year')}
              value={year}
              onChange={(y) => {
                setYear(y);
                if (month && y === now.year && month > now.month) {
                  setMonth(undefined);
                }
              }}
              options={years.map((y) => ({ value: y, label: y }))}
              style={{ width: 96 }}
            />
          </Space>
          <Space size={6}>
            {t('export.month')}
            <Select
              aria-label={t('export.month')}
              value={month ?? 0}
              onChange={(m) => setMonth(m === 0 ? undefined : m)}
              options={[
                { value: 0, label: t('export.monthAuto') },
                ...Array.from({ length: lastMonth }, (_, i) => ({
                  value: i + 1,
                  label: t('export.monthN', { month: i + 1 }),
                })),
              ]}
              style={{ width: 140 }}
            />
          </Space>
          <Space size={6}>
            {t('export.depth')}
            <Select
              aria-label={t('export.depth')}
              value={depth}
              onChange={setDepth}
              options={[1, 2, 3].map((d) => ({ value: d, label: t(`export.depth${d}` as 'export.depth1') }))}
              style={{ width: 96 }}
            />
          </Space>
        </Space>
        <Space wrap>
          <Button
            type="primary"
            icon={<FileExcelOutlined />}
            loading={busy === 'annual.xlsx'}
            disabled={!orgId || busy !== null}
            onClick={() => download('annual.xlsx')}
            data-testid="download-workbook"
          >
            {busy === 'annual.xlsx' ? t('export.preparing') : t('export.workbook')}
          </Button>
          <Button
            icon={<FilePdfOutlined />}
            loading={busy === 'summary.pdf'}
            disabled={!orgId || busy !== null}
            onClick={() => download('summary.pdf')}
            data-testid="download-pdf"
          >
            {busy === 'summary.pdf' ? t('export.preparing') : t('export.pdf')}
          </Button>
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="kpi-reports-error" />}
      </Space>
    </Card>
  );
}

type SubscriptionForm = {
  orgId?: number;
  format: 'xlsx' | 'pdf' | 'both';
  depth: number;
  users: string[];
  emails: string[];
};

function AddSubscriptionDialog({
  open,
  orgId,
  onClose,
}: {
  open: boolean;
  orgId: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('kpiReports');
  const { message } = App.useApp();
  const [form] = Form.useForm<SubscriptionForm>();
  const unit = Form.useWatch('orgId', form) ?? orgId;
  const candidates = useRecipientCandidates(unit, open);
  const create = useCreateSubscription();
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields();
    const recipients: CreateSubscription['recipients'] = [
      ...(v.users ?? []).map((userId) => ({ kind: 'user' as const, userId })),
      ...(v.emails ?? []).map((email) => ({ kind: 'email' as const, email })),
    ];
    if (recipients.length === 0) {
      setError(t('subscriptions.needRecipient'));
      return;
    }
    setError(null);
    try {
      await create.mutateAsync({ orgId: v.orgId ?? orgId!, format: v.format, depth: v.depth, recipients });
      message.success(t('subscriptions.created'));
      form.resetFields();
      onClose();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('subscriptions.add')}
      okText={t('subscriptions.save')}
      cancelText={t('subscriptions.cancel')}
      onOk={submit}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId, format: 'both', depth: 2, users: [], emails: [] }}
        data-testid="subscription-form"
      >
        <Form.Item name="orgId" label={t('subscriptions.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="format" label={t('subscriptions.format')}>
          <Radio.Group
            options={(['both', 'xlsx', 'pdf'] as const).map((f) => ({ value: f, label: t(`formats.${f}`) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="depth" label={t('subscriptions.depth')}>
          <Select options={[1, 2, 3].map((d) => ({ value: d, label: t(`export.depth${d}` as 'export.depth1') }))} />
        </Form.Item>
        <Form.Item name="users" label={t('subscriptions.staff')} extra={t('subscriptions.staffHint')}>
          <Select
            mode="multiple"
            loading={candidates.isLoading}
            optionFilterProp="label"
            options={(candidates.data ?? []).map((c) => ({
              value: c.userId,
              label: `${c.displayName}(${c.username} · ${c.grantOrgName})`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="emails"
          label={t('subscriptions.emails')}
          extra={t('subscriptions.emailsHint')}
          rules={[
            {
              validator: (_, value: string[] | undefined) => {
                const bad = (value ?? []).find((e) => !emailPattern.test(e));
                return bad
                  ? Promise.reject(new Error(t('subscriptions.invalidEmail', { value: bad })))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', ';', ' ', ',', ';']} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

function SubscriptionsCard({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation('kpiReports');
  const { message } = App.useApp();
  const subscriptions = useSubscriptions(orgId, true);
  const cancel = useCancelSubscription();
  const [adding, setAdding] = useState(false);
  return (
    <Card
      size="small"
      title={t('subscriptions.title')}
      data-testid="kpi-subscriptions"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-subscription">
          {t('subscriptions.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('subscriptions.hint')}
      </Typography.Paragraph>
      <Table<SubscriptionView>
        rowKey="id"
        size="small"
        loading={subscriptions.isLoading}
        dataSource={subscriptions.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('subscriptions.empty') }}
        columns={[
          { title: t('subscriptions.unit'), dataIndex: 'orgName' },
          {
            title: t('subscriptions.format'),
            dataIndex: 'format',
            render: (f: SubscriptionView['format']) => t(`formats.${f}`),
          },
          { title: t('subscriptions.depth'), dataIndex: 'depth' },
          {
            title: t('subscriptions.recipients'),
            render: (_, s) => (
              <Space size={[4, 4]} wrap>
                {s.recipients.map((r) => (
                  <Tag key={`${r.kind}:${r.userId ?? r.email}`} color={r.kind === 'user' ? 'blue' : undefined}>
                    {r.label}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('subscriptions.createdBy'), dataIndex: 'createdByName' },
          {
            title: t('subscriptions.lastRun'),
            render: (_, s) =>
              s.lastRun
                ? `${t('runs.periodValue', { year: s.lastRun.year, month: s.lastRun.month })} · ${formatDateTime(s.lastRun.sentAt, i18n.language)}`
                : t('subscriptions.never'),
          },
          {
            title: '',
            render: (_, s) => (
              <Popconfirm
                title={t('subscriptions.removeConfirm')}
                onConfirm={async () => {
                  await cancel.mutateAsync(s.id);
                  message.success(t('subscriptions.removed'));
                }}
              >
                <Button size="small" danger icon={<DeleteOutlined />}>
                  {t('subscriptions.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <AddSubscriptionDialog open={adding} orgId={orgId} onClose={() => setAdding(false)} />
    </Card>
  );
}

function RunsCard({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation('kpiReports');
  const runs = useReportRuns(orgId);
  return (
    <Card size="small" title={t('runs.title')}>
      <Table<RunView>
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('runs.empty') }}
        columns={[
          {
            title: t('runs.unit'),
            render: (_, r) => (
              <Space size={6}>
                {r.orgName}
                {r.isMine && <Tag color="red">{t('runs.mine')}</Tag>}
              </Space>
            ),
          },
          { title: t('runs.period'), render: (_, r) => t('runs.periodValue', { year: r.year, month: r.month }) },
          {
            title: t('runs.files'),
            render: (_, r) => (
              <Space size={8} wrap>
                {r.files.map((f) => (
                  <a key={f.fileId} href={fileUrl(f.fileId)} download={f.name}>
                    {f.kind === 'xlsx' ? <FileExcelOutlined /> : <FilePdfOutlined />} {f.kind.toUpperCase()}
                  </a>
                ))}
              </Space>
            ),
          },
          {
            title: t('runs.recipients'),
            render: (_, r) => r.recipients.map((x) => x.label).join('、'),
          },
          { title: t('runs.messages'), render: (_, r) => t('runs.messagesValue', { count: r.messagesQueued }) },
          { title: t('runs.sentAt'), render: (_, r) => formatDateTime(r.sentAt, i18n.language) },
        ]}
      />
    </Card>
  );
}

export function KpiReportsPage() {
  const { t } = useTranslation('kpiReports');
  const { unitId } = useScope();
  const can = useCan();
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const orgId = chosen ?? unitId ?? undefined;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="kpi-reports-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('intro')}
        </Typography.Paragraph>
      </div>
      <ExportCard orgId={orgId} onOrgChange={setChosen} />
      {can('kpi:manage') && <SubscriptionsCard orgId={orgId} />}
      <RunsCard orgId={orgId} />
    </Space>
  );
}

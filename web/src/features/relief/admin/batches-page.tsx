// 批量灾害救助: download the template, import a list of households from Excel (upload with progress; a list with any bad
// row is refused whole and every bad row is shown), the batches with their totals and approving level, one approval
// for a batch, and a payout request per household from a chosen fund.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type CauseCategory,
  causeCategoryValues,
  type ReliefBatchView,
  type ReliefKind,
  reliefKindValues,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { chinaMinute } from '../../../lib/china-time';
import {
  type BatchPayoutsResult,
  batchImportPath,
  batchTemplateUrl,
  reliefKeys,
  uploadBatch,
  useDecideBatch,
  useFunds,
  useReliefBatches,
  useRequestBatchPayouts,
} from '../api';
import { useReliefLabels } from '../components/labels';
import '../components/relief.css';
import { useQueryClient } from '@tanstack/react-query';
import { formatFen } from '../../../lib/money';

type Setup = { title: string; orgId: number; kind: ReliefKind; causeCategory: CauseCategory };

function ImportBatch({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const queryClient = useQueryClient();
  const { unitId } = useScope();
  const [form] = Form.useForm<Setup>();
  const title = Form.useWatch('title', form);
  const orgId = Form.useWatch('orgId', form);
  const kind = Form.useWatch('kind', form);
  const causeCategory = Form.useWatch('causeCategory', form);
  const ready = Boolean(title && title.trim().length >= 2 && orgId);
  const onImported = useCallback(() => void queryClient.invalidateQueries({ queryKey: reliefKeys.all }), [queryClient]);

  return (
    <ExcelImportDialog
      title={t('batches.importTitle')}
      doneTitle={(count) => t('batches.imported', { count })}
      upload={(file, onProgress) =>
        uploadBatch(
          {
            orgId: orgId!,
            title: title!.trim(),
            kind: kind ?? 'disaster',
            causeCategory: causeCategory ?? 'natural_disaster',
          },
          file,
          onProgress,
        )
      }
      importPath={batchImportPath}
      onClose={onClose}
      onImported={onImported}
      canChoose={ready}
      before={
        <div style={{ marginBottom: 12 }}>
          <Form<Setup>
            form={form}
            layout="vertical"
            initialValues={{ orgId: unitId ?? undefined, kind: 'disaster', causeCategory: 'natural_disaster' }}
            data-testid="batch-setup"
          >
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="title" label={t('batches.batchTitle')} rules={[{ required: true, min: 2 }]}>
                  <Input maxLength={100} placeholder={t('batches.batchTitlePlaceholder')} data-testid="batch-title" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="orgId" label={t('batches.unit')} rules={[{ required: true }]}>
                  <OrgPicker />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="kind" label={t('batches.kind')}>
                  <Select options={reliefKindValues.map((k) => ({ value: k, label: labels.kind(k) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="causeCategory" label={t('batches.cause')}>
                  <Select options={causeCategoryValues.map((c) => ({ value: c, label: labels.cause(c) }))} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          <Space>
            <Button icon={<DownloadOutlined />} href={batchTemplateUrl()} data-testid="batch-template">
              {t('batches.template')}
            </Button>
            {!ready && <Typography.Text type="secondary">{t('batches.needSetup')}</Typography.Text>}
          </Space>
        </div>
      }
    />
  );
}

function DecideBatchModal({
  batch,
  decision,
  onClose,
}: {
  batch: ReliefBatchView;
  decision: 'approve' | 'reject';
  onClose: () => void;
}) {
  const { t } = useTranslation(['relief', 'common']);
  const { message } = App.useApp();
  const decide = useDecideBatch();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t(decision === 'approve' ? 'batches.approveTitle' : 'batches.rejectTitle', { no: batch.batchNo })}
      onCancel={onClose}
      okButtonProps={{ danger: decision === 'reject', 'data-testid': 'batch-decide-submit' }}
      confirmLoading={decide.isPending}
      onOk={() =>
        decide.mutate(
          { id: batch.id, decision, note: note.trim() || undefined },
          {
            onSuccess: () => {
              message.success(t('forms.done'));
              onClose();
            },
            onError: (e) => setError(isApiError(e) ? e.message : String(e)),
          },
        )
      }
    >
      <Typography.Paragraph>
        {batch.title} · {t('batches.households')} {batch.caseCount} · {t('batches.total')} {formatFen(batch.totalFen)} ·{' '}
        {t('batches.level')} {t(`levels.${batch.requiredLevel}`)}
      </Typography.Paragraph>
      <Input.TextArea
        maxLength={500}
        autoSize={{ minRows: 2 }}
        placeholder={t('forms.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function BatchPayoutsModal({ batch, onClose }: { batch: ReliefBatchView; onClose: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const { unitId } = useScope();
  const funds = useFunds(unitId ?? batch.orgId, true);
  const request = useRequestBatchPayouts();
  const [fundId, setFundId] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<BatchPayoutsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fund = funds.data?.find((f) => f.id === fundId);
  const due = batch.totalFen - batch.paidFen;
  return (
    <Modal
      open
      title={t('batches.payoutsTitle', { no: batch.batchNo })}
      onCancel={onClose}
      okText={result ? t('common:actions.close') : t('common:actions.submit')}
      okButtonProps={{ disabled: !result && !fundId, 'data-testid': 'batch-payouts-submit' }}
      confirmLoading={request.isPending}
      onOk={() => {
        if (result) {
          onClose();
          return;
        }
        setError(null);
        request.mutate(
          { id: batch.id, fundSource: 'donations', fundId: fundId! },
          { onSuccess: setResult, onError: (e) => setError(isApiError(e) ? e.message : String(e)) },
        );
      }}
    >
      {result ? (
        <>
          <Alert
            type="success"
            showIcon
            title={t('batches.payoutsDone', { count: result.requested, total: formatFen(result.totalFen) })}
          />
          {result.skipped.length > 0 && (
            <>
              <Typography.Paragraph style={{ marginTop: 12 }}>
                {t('batches.skipped', { count: result.skipped.length })}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey="caseNo"
                pagination={result.skipped.length > 8 ? { pageSize: 8 } : false}
                dataSource={result.skipped}
                columns={[
                  { title: t('cases.caseNo'), dataIndex: 'caseNo' },
                  { title: t('detail.decisionNote'), dataIndex: 'code' },
                ]}
              />
            </>
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph>
            {t('batches.total')} {formatFen(due)} · {t('batches.households')} {batch.caseCount}
          </Typography.Paragraph>
          <Select
            style={{ width: '100%' }}
            placeholder={t('forms.fund')}
            value={fundId}
            onChange={setFundId}
            loading={funds.isLoading}
            options={(funds.data ?? []).map((f) => ({
              value: f.id,
              label: `${f.name} · ${f.orgName} · ${formatFen(f.balanceFen)}`,
            }))}
            data-testid="batch-fund"
          />
          {fund && (
            <Typography.Paragraph type={fund.balanceFen < due ? 'danger' : 'secondary'} style={{ marginTop: 8 }}>
              {fund.balanceFen < due
                ? t('forms.fundShort', { need: formatFen(due), balance: formatFen(fund.balanceFen) })
                : t('forms.fundBalance', { balance: formatFen(fund.balanceFen) })}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary">{t('forms.payoutHint')}</Typography.Paragraph>
        </>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function ReliefBatchesPage() {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const can = useCan();
  const navigate = useNavigate();
  const { page, pageSize, pagination } = usePaging();
  const list = useReliefBatches({ page, pageSize });
  const [importing, setImporting] = useState(false);
  const [deciding, setDeciding] = useState<{ batch: ReliefBatchView; decision: 'approve' | 'reject' } | null>(null);
  const [paying, setPaying] = useState<ReliefBatchView | null>(null);

  return (
    <Card
      title={t('batches.title')}
      data-testid="relief-batches"
      extra={
        can('relief:verify') || can('relief:review') ? (
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => setImporting(true)}
            data-testid="batch-import"
          >
            {t('batches.upload')}
          </Button>
        ) : undefined
      }
    >
      <Alert type="info" showIcon title={t('batches.intro')} style={{ marginBottom: 12 }} />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ReliefBatchView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 1140 }}
        data-testid="batches-table"
        columns={[
          {
            title: t('batches.batchNo'),
            dataIndex: 'batchNo',
            width: 150,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: t('batches.batchTitle'),
            dataIndex: 'title',
            width: 260,
            render: (title: string, b) => (
              <>
                <div>{title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {b.orgName} · {b.createdByName} · {chinaMinute(b.createdAt)}
                </Typography.Text>
              </>
            ),
          },
          { title: t('batches.kind'), dataIndex: 'kind', width: 90, render: (k: ReliefKind) => labels.kind(k) },
          { title: t('batches.households'), dataIndex: 'caseCount', width: 60, align: 'right' },
          {
            title: t('batches.total'),
            dataIndex: 'totalFen',
            width: 120,
            align: 'right',
            render: (v: number, b) => (
              <>
                <div>{formatFen(v)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('batches.largest')} {formatFen(b.largestFen)}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('batches.level'),
            dataIndex: 'requiredLevel',
            width: 80,
            render: (l: ReliefBatchView['requiredLevel']) => t(`levels.${l}`),
          },
          {
            title: t('batches.status'),
            dataIndex: 'status',
            width: 80,
            render: (st: ReliefBatchView['status']) => (
              <Tag color={st === 'approved' ? 'success' : st === 'rejected' ? 'error' : 'processing'}>
                {t(`batches.statusValues.${st}`)}
              </Tag>
            ),
          },
          {
            title: t('batches.paid'),
            dataIndex: 'paidFen',
            width: 100,
            align: 'right',
            render: (v: number) => formatFen(v),
          },
          {
            key: 'actions',
            width: 200,
            fixed: 'right',
            render: (_: unknown, b) => (
              <Space wrap>
                {b.status === 'pending' && can('relief:approve') && (
                  <>
                    <Button size="small" type="primary" onClick={() => setDeciding({ batch: b, decision: 'approve' })}>
                      {t('batches.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ batch: b, decision: 'reject' })}>
                      {t('batches.reject')}
                    </Button>
                  </>
                )}
                {b.status === 'approved' && b.paidFen < b.totalFen && can('funds:payout') && (
                  <Button size="small" onClick={() => setPaying(b)}>
                    {t('batches.payouts')}
                  </Button>
                )}
                <Button size="small" type="link" onClick={() => navigate(`/console/relief-cases?batch=${b.id}`)}>
                  {t('batches.cases')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {importing && <ImportBatch onClose={() => setImporting(false)} />}
      {deciding && <DecideBatchModal {...deciding} onClose={() => setDeciding(null)} />}
      {paying && <BatchPayoutsModal batch={paying} onClose={() => setPaying(null)} />}
    </Card>
  );
}

// 证书管理: search certificates of my units (number or name, ID number, unit, status, expiring within N days), open the
// PDF, revoke with a reason, import historical certificates from Excel (all or nothing, with progress), export.
// 成绩更正复核: corrections of signed practical results waiting for a second authorised user.
import { DownloadOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revokeCategoryValues } from '../../../../../server/src/modules/training/training-certificates.schemas';
import { useCan, useScope } from '../../../app/session';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import './practical.css';
import {
  type AmendmentView,
  type CertificateFilter,
  type CertificateView,
  certificateImportPath,
  certificatePdfUrl,
  certificatesExcelUrl,
  certificateTemplateUrl,
  certKeys,
  uploadCertificates,
  useAmendments,
  useCertificates,
  useDecideAmendment,
  useRevokeCertificate,
} from '../certificates-api';

const statusColor: Record<CertificateView['status'], string> = { valid: 'green', expired: 'orange', revoked: 'red' };

function RevokeDialog({ cert, onClose }: { cert: CertificateView; onClose: () => void }) {
  const { t } = useTranslation('trainingCerts');
  const { message } = App.useApp();
  const revoke = useRevokeCertificate();
  const [form] = Form.useForm<{ category: CertificateView['revokeCategory']; reason: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    revoke.mutate(
      { id: cert.id, input: { category: v.category!, reason: v.reason.trim() } },
      {
        onSuccess: () => {
          void message.success(t('certs.revoked'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  };
  return (
    <Modal
      open
      title={t('certs.revokeTitle', { no: cert.certNo })}
      okText={t('certs.revoke')}
      okButtonProps={{ danger: true }}
      confirmLoading={revoke.isPending}
      onOk={submit}
      onCancel={onClose}
    >
      <Alert
        type="warning"
        showIcon
        title={t('certs.revokeWarning', { name: cert.holderName })}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="vertical">
        <Form.Item name="category" label={t('fields.revokeCategory')} rules={[{ required: true }]}>
          <Select
            options={revokeCategoryValues.map((c) => ({ value: c, label: t(`revokeCategories.${c}`) }))}
            data-testid="revoke-category"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('certs.reason')} rules={[{ required: true, min: 2, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('trainingCerts');
  const { unitId } = useScope();
  const queryClient = useQueryClient();
  const [orgId, setOrgId] = useState<number | undefined>(unitId ?? undefined);
  const onImported = useCallback(() => void queryClient.invalidateQueries({ queryKey: certKeys.all }), [queryClient]);
  return (
    <ExcelImportDialog
      title={t('certs.importTitle')}
      doneTitle={(count) => t('certs.imported', { count })}
      upload={(file, onProgress) => uploadCertificates(orgId!, file, onProgress)}
      importPath={certificateImportPath}
      onClose={onClose}
      onImported={onImported}
      canChoose={orgId !== undefined}
      before={
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <span>{t('certs.importUnit')}</span>
          <OrgPicker value={orgId} onChange={setOrgId} style={{ width: '100%' }} />
          <Typography.Text type="secondary">{t('certs.importHint')}</Typography.Text>
          <a href={certificateTemplateUrl}>
            <DownloadOutlined /> {t('certs.template')}
          </a>
        </Space>
      }
    />
  );
}

export function CertificatesPage() {
  const { t } = useTranslation('trainingCerts');
  const can = useCan();
  const { unitId } = useScope();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [filter, setFilter] = useState<Omit<CertificateFilter, 'page' | 'pageSize'>>({ orgId: unitId ?? undefined });
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const [importing, setImporting] = useState(false);
  const f: CertificateFilter = { ...filter, page, pageSize };
  const list = useCertificates(f);
  const change = (patch: Partial<typeof filter>) => {
    setPage(1);
    setFilter((x) => ({ ...x, ...patch }));
  };
  return (
    <Card
      title={t('certs.title')}
      extra={
        <Space>
          {can('training:certify') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="certs-import">
              {t('certs.import')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={certificatesExcelUrl(f)}>
            {t('certs.export')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('certs.search')}
          style={{ width: 240 }}
          onSearch={(q) => change({ q: q.trim() || undefined })}
          data-testid="certs-search"
        />
        <Input.Search
          allowClear
          placeholder={t('certs.idNumber')}
          style={{ width: 220 }}
          onSearch={(v) => change({ idNumber: v.trim() || undefined })}
        />
        <OrgPicker value={filter.orgId} allowClear onChange={(orgId) => change({ orgId })} style={{ width: 220 }} />
        <Select
          allowClear
          placeholder={t('certs.status')}
          style={{ width: 120 }}
          value={filter.status}
          onChange={(status) => change({ status })}
          options={(['valid', 'expired', 'revoked'] as const).map((s) => ({
            value: s,
            label: t(`verify.status.${s}`),
          }))}
        />
        <InputNumber
          min={1}
          max={3650}
          placeholder={t('certs.expiring')}
          style={{ width: 160 }}
          value={filter.expiringWithinDays}
          onChange={(v) => change({ expiringWithinDays: v ?? undefined })}
          addonAfter={t('certs.days')}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<CertificateView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 1300 }}
        columns={[
          {
            title: t('fields.certNo'),
            dataIndex: 'certNo',
            width: 210,
            render: (v: string) => <span className="tc-nowrap tc-mono-sm">{v}</span>,
          },
          { title: t('fields.holder'), dataIndex: 'holderName' },
          {
            title: t('fields.idNumber'),
            dataIndex: 'idNumberMasked',
            width: 190,
            render: (v: string | null) => <span className="tc-nowrap tc-mono-sm">{v ?? ''}</span>,
          },
          { title: t('fields.course'), dataIndex: 'courseName', className: 'tc-nowrap' },
          { title: t('fields.unit'), dataIndex: 'unitName', className: 'tc-nowrap' },
          { title: t('fields.issuedOn'), dataIndex: 'issuedOn', className: 'tc-nowrap' },
          { title: t('fields.validUntil'), dataIndex: 'validUntil', className: 'tc-nowrap' },
          {
            title: t('certs.status'),
            dataIndex: 'status',
            render: (s: CertificateView['status'], r) => (
              <span title={r.revokeReason ?? undefined}>
                <Tag color={statusColor[s]}>{t(`certs.statuses.${s}`)}</Tag>
              </span>
            ),
          },
          {
            title: t('certs.source'),
            dataIndex: 'source',
            render: (s: CertificateView['source']) => t(`sources.${s}`),
          },
          {
            title: '',
            fixed: 'right',
            render: (_: unknown, r) => (
              <Space>
                <Button size="small" icon={<FilePdfOutlined />} href={certificatePdfUrl(r.id)} target="_blank">
                  PDF
                </Button>
                {can('training:certify') && r.status !== 'revoked' && (
                  <Button size="small" danger onClick={() => setRevoking(r)} data-testid={`revoke-${r.certNo}`}>
                    {t('certs.revoke')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {revoking && <RevokeDialog cert={revoking} onClose={() => setRevoking(null)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Card>
  );
}

export function AmendmentsPage() {
  const { t } = useTranslation('trainingCerts');
  const { message, modal } = App.useApp();
  const list = useAmendments();
  const decide = useDecideAmendment();
  const act = (a: AmendmentView, decision: 'approve' | 'reject') =>
    modal.confirm({
      title: t(decision === 'approve' ? 'amendments.approveTitle' : 'amendments.rejectTitle', { name: a.learnerName }),
      content: t('amendments.confirm', {
        before: a.before ? `${a.before.total}/${a.before.maxTotal}` : '—',
        after: `${a.after.total}/${a.after.maxTotal}`,
      }),
      onOk: () =>
        decide.mutateAsync({ id: a.id, input: { decision } }).then(
          () => void message.success(t(decision === 'approve' ? 'amendments.approved' : 'amendments.rejected')),
          (e: Error) => void message.error(e.message),
        ),
    });
  const outcome = (v: AmendmentView['after'] | null) =>
    v ? (
      <span>
        {v.total}/{v.maxTotal}{' '}
        <Tag color={v.isPassed ? 'green' : 'red'}>{t(v.isPassed ? 'results.passed' : 'results.failed')}</Tag>
      </span>
    ) : (
      '—'
    );
  return (
    <Card title={t('amendments.title')}>
      <Typography.Paragraph type="secondary">{t('amendments.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<AmendmentView>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('amendments.none')} /> }}
        columns={[
          { title: t('practical.class'), render: (_: unknown, a) => `${a.classTitle} (${a.classNo})` },
          { title: t('fields.holder'), dataIndex: 'learnerName' },
          { title: t('amendments.before'), render: (_: unknown, a) => outcome(a.before) },
          { title: t('amendments.after'), render: (_: unknown, a) => outcome(a.after) },
          { title: t('practical.reason'), dataIndex: 'reason' },
          {
            title: t('amendments.requestedBy'),
            render: (_: unknown, a) => `${a.requestedBy} · ${a.requestedAt.slice(0, 16).replace('T', ' ')}`,
          },
          {
            title: '',
            render: (_: unknown, a) => (
              <Space>
                <Button type="primary" onClick={() => act(a, 'approve')} data-testid={`approve-${a.learnerName}`}>
                  {t('amendments.approve')}
                </Button>
                <Button danger onClick={() => act(a, 'reject')}>
                  {t('amendments.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

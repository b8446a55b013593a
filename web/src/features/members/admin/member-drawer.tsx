// A member's detail for staff: who, unit, status, card, guardian; the history (applied, admitted, dues, transfers …)
// and dues with receipts; actions: admit / reject an application, record dues, transfer, reissue the card.
import { FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl, isApiError } from '../../../app/api-client';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import {
  type MemberDetail,
  memberCardPdfUrl,
  receiptPdfUrl,
  useAdmit,
  useMember,
  useRecordDues,
  useReissueCard,
  useReject,
  useTransfer,
} from '../api';

type Action = 'reject' | 'dues' | 'transfer' | 'reissue' | null;

function ActionModal({ m, action, onClose }: { m: MemberDetail; action: Exclude<Action, null>; onClose: () => void }) {
  const { t } = useTranslation('members');
  const { message } = App.useApp();
  const reject = useReject();
  const dues = useRecordDues();
  const transfer = useTransfer();
  const reissue = useReissueCard();
  const mutation = { reject, dues, transfer, reissue }[action];
  const [form] = Form.useForm();
  const years = Form.useWatch('years', form) ?? 1;
  const titles = {
    reject: t('admin.reject'),
    dues: t('admin.dues'),
    transfer: t('admin.transfer'),
    reissue: t('admin.reissue'),
  };
  const submit = async (v: Record<string, unknown>) => {
    const body =
      action === 'reject'
        ? { reason: v.reason }
        : action === 'dues'
          ? {
              years: v.years,
              method: v.method,
              reference: v.reference || undefined,
              amountFen: m.duesPerYearFen * years,
            }
          : action === 'transfer'
            ? { toOrgId: v.toOrgId, reason: v.reason }
            : { reason: v.reason };
    await mutation.mutateAsync({ id: m.id, body: body as never });
    message.success(t('admin.saved'));
    onClose();
  };
  return (
    <Modal
      open
      title={titles[action]}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ years: 1, method: 'cash' }}>
        {action === 'dues' ? (
          <>
            <Form.Item name="years" label={t('admin.duesYears')} rules={[{ required: true }]}>
              <InputNumber min={1} max={5} data-testid="dues-years" />
            </Form.Item>
            <Form.Item name="method" label={t('admin.duesMethod')}>
              <Select
                options={(['cash', 'bank', 'online'] as const).map((k) => ({ value: k, label: t(`method.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="reference" label={t('admin.duesReference')}>
              <Input />
            </Form.Item>
            <Alert type="info" title={t('admin.duesAmount', { amount: formatFen(m.duesPerYearFen * years) })} />
          </>
        ) : null}
        {action === 'transfer' ? (
          <Form.Item name="toOrgId" label={t('admin.transferTo')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
        ) : null}
        {action !== 'dues' ? (
          <Form.Item
            name="reason"
            label={
              action === 'reject'
                ? t('admin.rejectReason')
                : action === 'transfer'
                  ? t('admin.transferReason')
                  : t('admin.reissueReason')
            }
            rules={[{ required: true, min: 2, max: 500 }]}
          >
            <Input.TextArea rows={3} data-testid="member-action-reason" />
          </Form.Item>
        ) : null}
      </Form>
      {mutation.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(mutation.error) ? mutation.error.message : String(mutation.error)}
        />
      ) : null}
    </Modal>
  );
}

export function MemberDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('members');
  const { message } = App.useApp();
  const member = useMember(id);
  const admit = useAdmit();
  const [action, setAction] = useState<Action>(null);
  const m = member.data;
  const admitted = m && (m.status === 'active' || m.status === 'lapsed');
  return (
    <Drawer open size={640} title={t('admin.detail')} onClose={onClose} data-testid="member-drawer">
      {!m ? (
        <Spin />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {m.status === 'applied' ? (
              <>
                <Button
                  type="primary"
                  loading={admit.isPending}
                  data-testid="member-admit"
                  onClick={async () => {
                    const done = await admit.mutateAsync({ id: m.id, body: {} });
                    message.success(t('admin.admitted', { no: done.memberNo }));
                  }}
                >
                  {t('admin.admit')}
                </Button>
                <Button danger onClick={() => setAction('reject')} data-testid="member-reject">
                  {t('admin.reject')}
                </Button>
              </>
            ) : null}
            {admitted ? (
              <>
                <Button type="primary" onClick={() => setAction('dues')} data-testid="member-dues">
                  {t('admin.dues')}
                </Button>
                <Button onClick={() => setAction('transfer')}>{t('admin.transfer')}</Button>
                <Button onClick={() => setAction('reissue')}>{t('admin.reissue')}</Button>
                <Button icon={<FilePdfOutlined />} href={memberCardPdfUrl(m.id)} target="_blank">
                  {t('admin.cardPdf')}
                </Button>
              </>
            ) : null}
          </Space>
          {admit.error ? (
            <Alert type="error" showIcon title={isApiError(admit.error) ? admit.error.message : ''} />
          ) : null}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('admin.columns.name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.memberNo')}>{m.memberNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.category')}>
              {t(`category.${m.category}`)}
              {m.tier !== 'ordinary' ? ` · ${t(`tier.${m.tier}`)}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.status')}>
              <Tag data-testid="member-drawer-status">{t(`status.${m.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.unit')}>{m.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.phone')}>{m.phoneMasked}</Descriptions.Item>
            {m.idNumberMasked ? (
              <Descriptions.Item label={t('join.idNumber')}>{m.idNumberMasked}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('admin.columns.channel')}>{t(`channel.${m.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.joinedOn')}>{m.joinedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('admin.columns.paidThrough')}>{m.paidThroughYear ?? '—'}</Descriptions.Item>
            {m.kind === 'group' ? (
              <>
                <Descriptions.Item label={t('admin.uscc')}>{m.groupUscc}</Descriptions.Item>
                <Descriptions.Item label={t('admin.headcount')}>{m.headcount}</Descriptions.Item>
                <Descriptions.Item label={t('admin.contactName')}>{m.contactName}</Descriptions.Item>
              </>
            ) : null}
            {m.workplace ? <Descriptions.Item label={t('admin.workplace')}>{m.workplace}</Descriptions.Item> : null}
            {m.guardianName ? (
              <Descriptions.Item label={t('admin.guardian')}>
                {m.guardianName} {m.guardianPhoneMasked}{' '}
                {m.guardianConsentFileId ? (
                  <a href={apiUrl(`/files/${m.guardianConsentFileId}`)} target="_blank" rel="noreferrer">
                    {t('admin.consent')}
                  </a>
                ) : null}
              </Descriptions.Item>
            ) : null}
            {m.decisionNote ? (
              <Descriptions.Item label={t('admin.decisionNote')}>{m.decisionNote}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>{t('admin.payments')}</h3>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={m.payments}
            columns={[
              {
                title: t('mine.paidThrough'),
                render: (_, p) => (p.fromYear === p.toYear ? p.fromYear : `${p.fromYear}–${p.toYear}`),
              },
              { title: '¥', dataIndex: 'amountFen', render: (v: number) => formatFen(v) },
              { title: t('admin.duesMethod'), dataIndex: 'method', render: (v: 'cash') => t(`method.${v}`) },
              { title: t('admin.columns.unit'), dataIndex: 'orgName' },
              {
                title: t('admin.receipt'),
                dataIndex: 'receiptNo',
                render: (v: string, p) => (
                  <a href={receiptPdfUrl(p.id)} target="_blank" rel="noreferrer">
                    {v}
                  </a>
                ),
              },
            ]}
          />
          <h3 style={{ marginTop: 16 }}>{t('admin.history')}</h3>
          <Timeline
            items={m.events.map((e) => ({
              content: (
                <div>
                  <b>{t(`event.${e.kind}` as 'event.applied', { defaultValue: e.kind })}</b>{' '}
                  {e.toOrgName ? `${e.orgName} → ${e.toOrgName}` : e.orgName}
                  {e.note ? ` · ${e.note}` : ''}
                  <div className="mem-muted">
                    {formatDateTime(e.at, i18n.language)} · {e.actorName}
                  </div>
                </div>
              ),
            }))}
          />
        </>
      )}
      {m && action ? <ActionModal m={m} action={action} onClose={() => setAction(null)} /> : null}
    </Drawer>
  );
}

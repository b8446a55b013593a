// 捐献登记 (console): organ and body registrations of the chosen unit's subtree, masked; a row opens the audited
// detail (witnesses, family, executor, versions) with the card, unmasking for pii:view, the steps after death with
// evidence, withdrawal on the registrant's recorded request, and a memorial made with the family's consent.
import { FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../app/api-client';
import { useCan, useScope } from '../../../../app/session';
import { EvidenceUpload } from '../../../../components/evidence-upload';
import { OrgPicker } from '../../../../components/org-picker';
import { formatDate, formatDateTime } from '../../../../lib/china-time';
import {
  type RegistrationFilter,
  type RegistrationView,
  staffCardUrl,
  type UnmaskedRegistration,
  unmaskRegistration,
  useCreateMemorial,
  useRecordStep,
  useRegistration,
  useRegistrations,
  useWithdrawByStaff,
} from '../api';
import { statusColor, whatLabel } from '../public/my-registrations-page';

type Dialog = 'death' | 'received' | 'withdraw' | 'memorial' | 'unmask' | null;

function RegistrationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('organ');
  const tr = t as unknown as (k: string) => string;
  const { message } = App.useApp();
  const can = useCan();
  const detail = useRegistration(id);
  const step = useRecordStep();
  const withdraw = useWithdrawByStaff();
  const createMemorial = useCreateMemorial();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [open, setOpen] = useState<UnmaskedRegistration | null>(null);
  const [form] = Form.useForm();
  const r = detail.data;
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('admin.saved'));
      setDialog(null);
      form.resetFields();
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (dialog === 'death') {
      await run(() =>
        step.mutateAsync({
          id,
          input: {
            step: 'death_reported',
            deathOn: v.deathOn.format('YYYY-MM-DD'),
            evidenceFileId: v.evidence,
            note: v.note,
          },
        }),
      );
    } else if (dialog === 'received') {
      await run(() =>
        step.mutateAsync({
          id,
          input: {
            step: 'received',
            receivedOn: v.receivedOn.format('YYYY-MM-DD'),
            receivedBy: v.receivedBy,
            evidenceFileId: v.evidence,
            note: v.note,
          },
        }),
      );
    } else if (dialog === 'withdraw') {
      await run(() => withdraw.mutateAsync({ id, requestNote: v.requestNote, requestFileId: v.requestFile }));
    } else if (dialog === 'memorial') {
      await run(() =>
        createMemorial.mutateAsync({
          registrationId: id,
          consentBy: v.consentBy,
          consentFileId: v.consentFile,
          showName: !!v.showName,
          photoFileId: v.photo,
          biography: v.biography,
          familyWords: v.familyWords || undefined,
        }),
      );
    } else if (dialog === 'unmask') {
      try {
        setOpen(await unmaskRegistration(id, v.reason));
        setDialog(null);
        form.resetFields();
      } catch (e) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };
  const contact = (c: { name: string; relation: string | null; phoneMasked: string | null; isStaff: boolean }) =>
    `${c.name}${c.relation ? `(${c.relation})` : ''} ${c.phoneMasked ?? ''}${c.isStaff ? ` · ${t('admin.staffWitness')}` : ''}`;
  return (
    <Drawer open width={620} onClose={onClose} title={r ? `${t('admin.detail')} ${r.regNo}` : t('admin.detail')}>
      <Alert type="info" showIcon title={t('admin.auditedHint')} style={{ marginBottom: 12 }} />
      {r && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('admin.kind')}>{t(`kind.${r.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.status')}>
              <Tag color={statusColor[r.status]}>{t(`status.${r.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.name')}>{open?.name ?? r.name}</Descriptions.Item>
            <Descriptions.Item label={t('admin.idNumber')}>{open?.idNumber ?? r.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label={t('admin.phone')}>{open?.phone ?? r.phoneMasked}</Descriptions.Item>
            <Descriptions.Item label={t('register.scope')}>{whatLabel(tr, r)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.witnesses')}>
              {r.witnesses.map((w) => (
                <div key={w.name}>{contact(w)}</div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.family')}>{contact(r.familyContact)}</Descriptions.Item>
            {r.executor && <Descriptions.Item label={t('admin.executor')}>{contact(r.executor)}</Descriptions.Item>}
            {r.institution && <Descriptions.Item label={t('admin.institution')}>{r.institution}</Descriptions.Item>}
            <Descriptions.Item label={t('admin.unit')}>{r.orgName}</Descriptions.Item>
            {r.deathOn && <Descriptions.Item label={t('admin.deathOn')}>{r.deathOn}</Descriptions.Item>}
            {r.receivedOn && (
              <Descriptions.Item label={t('admin.receivedOn')}>
                {r.receivedOn} · {r.receivedBy}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space wrap style={{ margin: '12px 0' }}>
            <Button icon={<FilePdfOutlined />} href={staffCardUrl(id)} target="_blank">
              {t('admin.card')}
            </Button>
            {can('pii:view') && !open && <Button onClick={() => setDialog('unmask')}>{t('admin.unmask')}</Button>}
            {can('registry:manage') && r.status === 'active' && (
              <>
                <Button onClick={() => setDialog('death')} data-testid="step-death">
                  {t('admin.deathReported')}
                </Button>
                <Button danger onClick={() => setDialog('withdraw')}>
                  {t('admin.withdraw')}
                </Button>
              </>
            )}
            {can('registry:manage') && r.status === 'deceased' && (
              <Button onClick={() => setDialog('received')}>{t('admin.received')}</Button>
            )}
            {can('registry:manage') && (r.status === 'deceased' || r.status === 'realised') && !r.hasMemorial && (
              <Button type="primary" onClick={() => setDialog('memorial')}>
                {t('admin.createMemorial')}
              </Button>
            )}
          </Space>
          <Typography.Title level={5}>{t('admin.versions')}</Typography.Title>
          <Timeline
            items={r.versions.map((v) => ({
              children: `v${v.version} · ${t(`change.${v.change as 'registered'}`)} · ${v.changedBy} · ${formatDateTime(v.changedAt, i18n.language)}${v.note ? ` · ${v.note}` : ''}`,
            }))}
          />
        </>
      )}
      <Modal
        open={dialog !== null}
        onCancel={() => setDialog(null)}
        onOk={submit}
        confirmLoading={step.isPending || withdraw.isPending || createMemorial.isPending}
        title={
          dialog === 'death'
            ? t('admin.deathReported')
            : dialog === 'received'
              ? t('admin.received')
              : dialog === 'withdraw'
                ? t('admin.withdraw')
                : dialog === 'memorial'
                  ? t('admin.createMemorial')
                  : t('admin.unmask')
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'death' && (
            <>
              <Form.Item name="deathOn" label={t('admin.deathOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="evidence" label={t('admin.evidence')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
              <Form.Item name="note" label={t('admin.note')}>
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
          {dialog === 'received' && (
            <>
              <Form.Item name="receivedOn" label={t('admin.receivedOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="receivedBy" label={t('admin.receivedBy')} rules={[{ required: true }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="evidence" label={t('admin.evidence')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
              <Form.Item name="note" label={t('admin.note')}>
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
          {dialog === 'withdraw' && (
            <>
              <Form.Item name="requestNote" label={t('admin.requestNote')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} maxLength={200} />
              </Form.Item>
              <Form.Item name="requestFile" label={t('admin.requestFile')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
            </>
          )}
          {dialog === 'memorial' && (
            <>
              <Form.Item name="consentBy" label={t('admin.consentBy')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="consentFile" label={t('admin.consentFile')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
              <Form.Item name="showName" valuePropName="checked">
                <Checkbox>{t('admin.showName')}</Checkbox>
              </Form.Item>
              <Form.Item name="photo" label={t('admin.photo')}>
                <EvidenceUpload />
              </Form.Item>
              <Form.Item name="biography" label={t('admin.biography')} rules={[{ required: true, min: 10 }]}>
                <Input.TextArea rows={4} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item name="familyWords" label={t('admin.familyWords')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'unmask' && (
            <Form.Item name="reason" label={t('admin.unmaskReason')} rules={[{ required: true, min: 2 }]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}

export function OrganRegistrationsPage() {
  const { t, i18n } = useTranslation('organ');
  const tr = t as unknown as (k: string) => string;
  const { unitId } = useScope();
  const [filter, setFilter] = useState<RegistrationFilter>({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useRegistrations({ ...filter, orgId: filter.orgId ?? unitId ?? undefined });
  return (
    <div>
      <Typography.Title level={3}>{t('admin.registrations')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker
          value={filter.orgId ?? unitId ?? undefined}
          onChange={(orgId) => setFilter((f) => ({ ...f, orgId: orgId ?? undefined, page: 1 }))}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('admin.kind')}
          style={{ width: 160 }}
          value={filter.kind}
          onChange={(kind) => setFilter((f) => ({ ...f, kind, page: 1 }))}
          options={(['organ', 'body'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Select
          allowClear
          placeholder={t('admin.status')}
          style={{ width: 140 }}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status, page: 1 }))}
          options={(['active', 'withdrawn', 'deceased', 'realised'] as const).map((s) => ({
            value: s,
            label: t(`status.${s}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('admin.regNo')}
          style={{ width: 220 }}
          onSearch={(regNo) => setFilter((f) => ({ ...f, regNo: regNo.trim() || undefined, page: 1 }))}
        />
      </Space>
      <Table<RegistrationView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
        }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('admin.regNo'), dataIndex: 'regNo' },
          { title: t('admin.kind'), dataIndex: 'kind', render: (k: 'organ') => t(`kind.${k}`) },
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('admin.age'), dataIndex: 'age' },
          { title: t('register.scope'), render: (_, r) => whatLabel(tr, r) },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            render: (s: RegistrationView['status']) => <Tag color={statusColor[s]}>{t(`status.${s}`)}</Tag>,
          },
          { title: t('admin.unit'), dataIndex: 'orgName' },
          {
            title: t('admin.registeredAt'),
            dataIndex: 'registeredAt',
            render: (v: string) => formatDate(v, i18n.language),
          },
        ]}
      />
      {openId && <RegistrationDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

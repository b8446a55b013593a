// 造血干细胞捐献登记 (console): the masked list of registrations in scope (search by registration number, barcode or full
// ID number), and a registrant's detail in a drawer — every opening audited — with the sample (barcode, label print),
// the next workflow step, a withdrawal on the registrant's recorded request (late ones confirmed), and unmasking.
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
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stemCellStatuses } from '../../../../../../server/src/modules/registry/registry-stemcell.schemas';
import { isApiError } from '../../../../app/api-client';
import { useCan, useScope } from '../../../../app/session';
import { OrgPicker } from '../../../../components/org-picker';
import { chinaNow } from '../../../../lib/china-time';
import {
  certificateUrl,
  labelUrl,
  type RegistrationDetail,
  type RegistrationFilter,
  type RegistrationListItem,
  type Unmasked,
  unmaskRegistration,
  useConsent,
  useRecordSample,
  useRecordStep,
  useRegistration,
  useRegistrations,
  useStaffRegister,
  useStaffWithdraw,
} from '../api';
import { chinaTime } from '../public/stemcell-page';

const statusColor: Record<string, string> = {
  cooling_off: 'gold',
  awaiting_sample: 'orange',
  sampled: 'blue',
  withdrawn: 'default',
  lapsed: 'default',
  collected: 'green',
};

export function StemCellRegistrationsPage() {
  const { t, i18n } = useTranslation('stemcell');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [filter, setFilter] = useState<RegistrationFilter>({ limit: 20, offset: 0 });
  const [openId, setOpenId] = useState<string | undefined>();
  const [registering, setRegistering] = useState(false);
  const can = useCan();
  const f = { ...filter, orgId: orgId ?? unitId ?? undefined };
  const list = useRegistrations(f);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('admin.title')}
      </Typography.Title>
      <Space wrap>
        <OrgPicker value={orgId} onChange={setOrgId} style={{ width: 240 }} allowClear />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('admin.allStatuses')}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status, offset: 0 })}
          options={stemCellStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('admin.search')}
          onSearch={(q) => setFilter({ ...filter, q: q.trim() || undefined, offset: 0 })}
          data-testid="stemcell-search"
        />
        {can('registry:manage') && (
          <Button type="primary" onClick={() => setRegistering(true)}>
            {t('admin.registerInPerson')}
          </Button>
        )}
      </Space>
      <RegisterInPerson
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          setOpenId(id);
        }}
        defaultOrgId={orgId ?? unitId ?? undefined}
      />
      <Table<RegistrationListItem>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: filter.offset / filter.limit + 1,
          pageSize: filter.limit,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('admin.total', { n }),
          onChange: (page, pageSize) => setFilter({ ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
        }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('mine.no'), dataIndex: 'registrationNo', width: 170 },
          { title: t('admin.name'), dataIndex: 'name', width: 100 },
          { title: t('admin.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
          { title: t('admin.age'), dataIndex: 'age', width: 60 },
          { title: t('admin.unit'), dataIndex: 'orgName', ellipsis: true },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: string) => <Tag color={statusColor[s] ?? 'red'}>{t(`status.${s}` as 'status.sampled')}</Tag>,
          },
          { title: t('admin.barcode'), dataIndex: 'barcode', width: 160 },
          {
            title: t('admin.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => chinaTime(v, i18n.language),
          },
        ]}
      />
      <Drawer
        open={!!openId}
        width={Math.min(640, window.innerWidth)}
        onClose={() => setOpenId(undefined)}
        title={t('admin.title')}
        destroyOnHidden
      >
        {openId && <RegistrationDrawer id={openId} />}
      </Drawer>
    </Space>
  );
}

function RegistrationDrawer({ id }: { id: string }) {
  const { t, i18n } = useTranslation('stemcell');
  const can = useCan();
  const { message } = App.useApp();
  const detail = useRegistration(id);
  const [unmasked, setUnmasked] = useState<Unmasked | null>(null);
  const [reason, setReason] = useState('');
  if (!detail.data) {
    return detail.error ? <Alert type="error" message={(detail.error as Error).message} /> : null;
  }
  const r = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('admin.viewedNote')} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('mine.no')}>{r.registrationNo}</Descriptions.Item>
        <Descriptions.Item label={t('admin.status')}>
          <Tag color={statusColor[r.status] ?? 'red'} data-testid="stemcell-admin-status">
            {t(`status.${r.status}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.name')}>{unmasked?.name ?? r.name}</Descriptions.Item>
        <Descriptions.Item label={t('admin.idNumber')}>{unmasked?.idNumber ?? r.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label={t('admin.phone')}>{unmasked?.phone ?? r.phoneMasked}</Descriptions.Item>
        <Descriptions.Item label={t('admin.age')}>{r.age}</Descriptions.Item>
        <Descriptions.Item label={t('admin.bloodType')}>{r.bloodType}</Descriptions.Item>
        <Descriptions.Item label={t('admin.unit')}>{r.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('admin.channel')}>{t(`channel.${r.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('admin.consent')}>
          {r.consentVersion} · {chinaTime(r.consentedAt, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.relatives')}>
          {(unmasked?.relatives ?? r.relatives).map((x) => (
            <div key={x.name + x.relation}>
              {x.name}({t(`relation.${x.relation}`)}){'phone' in x ? x.phone : x.phoneMasked}
            </div>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {r.hasCertificate && (
          <Button href={certificateUrl(r.id)} target="_blank">
            {t('admin.certificate')}
          </Button>
        )}
        {can('pii:view') && !unmasked && (
          <Space.Compact>
            <Input placeholder={t('admin.unmaskReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button
              disabled={reason.trim().length < 2}
              onClick={async () => {
                try {
                  setUnmasked(await unmaskRegistration(r.id, reason.trim()));
                } catch (e) {
                  message.error(isApiError(e) ? e.message : String(e));
                }
              }}
            >
              {t('admin.unmask')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      <Typography.Title level={5}>{t('admin.steps')}</Typography.Title>
      <Steps
        direction="vertical"
        size="small"
        current={r.steps.length - 1}
        items={r.steps.map((s) => ({
          title: t(`step.${s.step}`),
          description: `${s.stepOn} · ${s.actorName}${s.note ? ` · ${s.note}` : ''}`,
          status: s.step === 'withdrawn' || s.step === 'lapsed' ? 'error' : 'finish',
        }))}
      />
      {r.samples.map((s) => (
        <Space key={s.id}>
          <Tag color="blue">{s.barcode}</Tag>
          <span>
            {s.collectedOn} · {s.volumeMl} ml · {s.collectedByName}
          </span>
          <Button size="small" href={labelUrl(s.id)} target="_blank">
            {t('admin.printLabel')}
          </Button>
        </Space>
      ))}
      {can('registry:manage') && (r.status === 'awaiting_sample' || r.status === 'cooling_off') && <SampleForm r={r} />}
      {can('registry:manage') && r.nextStep && <StepForm r={r} />}
      {can('registry:manage') && r.canWithdraw && <WithdrawForm r={r} />}
    </Space>
  );
}

function useFailure() {
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return { error, run };
}

function SampleForm({ r }: { r: RegistrationDetail }) {
  const { t } = useTranslation('stemcell');
  const sample = useRecordSample();
  const { error, run } = useFailure();
  return (
    <Form
      layout="vertical"
      initialValues={{ volumeMl: 6, collectedOn: chinaNow(), inPersonConfirmed: false }}
      onFinish={(v) =>
        run(() =>
          sample.mutateAsync({
            id: r.id,
            body: {
              barcode: v.barcode?.trim() ? v.barcode.trim().toUpperCase() : undefined,
              volumeMl: v.volumeMl,
              collectedOn: v.collectedOn.format('YYYY-MM-DD'),
              inPersonConfirmed: v.inPersonConfirmed,
            },
          }),
        )
      }
      style={{ background: '#fafafa', padding: 12, borderRadius: 8 }}
    >
      <Typography.Title level={5}>{t('admin.sample')}</Typography.Title>
      <Form.Item name="barcode" label={t('admin.sampleBarcode')}>
        <Input maxLength={32} data-testid="stemcell-barcode" />
      </Form.Item>
      <Space>
        <Form.Item name="volumeMl" label={t('admin.sampleVolume')}>
          <InputNumber min={5} max={8} />
        </Form.Item>
        <Form.Item name="collectedOn" label={t('admin.sampleDate')}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(chinaNow(), 'day')} />
        </Form.Item>
      </Space>
      {r.status === 'cooling_off' && (
        <Form.Item name="inPersonConfirmed" valuePropName="checked">
          <Checkbox data-testid="stemcell-in-person">{t('admin.inPerson')}</Checkbox>
        </Form.Item>
      )}
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={sample.isPending} data-testid="stemcell-record-sample">
        {t('admin.recordSample')}
      </Button>
    </Form>
  );
}

function StepForm({ r }: { r: RegistrationDetail }) {
  const { t } = useTranslation('stemcell');
  const step = useRecordStep();
  const { error, run } = useFailure();
  const next = r.nextStep!;
  return (
    <Form
      layout="inline"
      initialValues={{ stepOn: chinaNow(), note: '' }}
      onFinish={(v) =>
        run(() =>
          step.mutateAsync({
            id: r.id,
            body: { step: next, stepOn: v.stepOn.format('YYYY-MM-DD'), note: v.note ?? '' },
          }),
        )
      }
      style={{ background: '#fafafa', padding: 12, borderRadius: 8, rowGap: 8 }}
    >
      <Typography.Text strong style={{ width: '100%', marginBottom: 8 }}>
        {t('admin.nextStep', { step: t(`step.${next}`) })}
      </Typography.Text>
      <Form.Item name="stepOn" label={t('admin.stepDate')}>
        <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(chinaNow(), 'day')} />
      </Form.Item>
      <Form.Item name="note" label={t('admin.note')}>
        <Input maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.isPending} data-testid="stemcell-record-step">
        {t('admin.recordStep')}
      </Button>
      {error && <Alert type="error" message={error} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

function WithdrawForm({ r }: { r: RegistrationDetail }) {
  const { t } = useTranslation('stemcell');
  const withdraw = useStaffWithdraw();
  const { error, run } = useFailure();
  const [lateOk, setLateOk] = useState(false);
  return (
    <Form
      layout="vertical"
      initialValues={{ channel: 'phone' }}
      onFinish={(v) =>
        run(() =>
          withdraw.mutateAsync({
            id: r.id,
            body: {
              requestedBy: v.requestedBy,
              channel: v.channel,
              reason: v.reason,
              evidenceNote: v.evidenceNote ?? '',
              evidenceFileIds: [],
              confirmLate: lateOk,
            },
          }),
        )
      }
      style={{ background: '#fff1f0', padding: 12, borderRadius: 8 }}
    >
      <Typography.Title level={5}>{t('admin.withdraw')}</Typography.Title>
      {r.isLateWithdrawal && (
        <Alert type="error" showIcon message={t('admin.lateWarning')} style={{ marginBottom: 8 }} />
      )}
      <Space wrap>
        <Form.Item name="requestedBy" label={t('admin.requestedBy')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="channel" label={t('admin.withdrawChannel')}>
          <Select
            style={{ width: 120 }}
            options={(['phone', 'in_person', 'letter', 'online'] as const).map((c) => ({
              value: c,
              label: t(`channel.${c}`),
            }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="reason" label={t('admin.withdrawReason')} rules={[{ required: true }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="evidenceNote" label={t('admin.evidenceNote')}>
        <Input maxLength={500} />
      </Form.Item>
      {r.isLateWithdrawal && (
        <Checkbox checked={lateOk} onChange={(e) => setLateOk(e.target.checked)} style={{ marginBottom: 8 }}>
          {t('admin.lateConfirm')}
        </Checkbox>
      )}
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <div>
        <Button danger htmlType="submit" loading={withdraw.isPending} disabled={r.isLateWithdrawal && !lateOk}>
          {t('admin.withdraw')}
        </Button>
      </div>
    </Form>
  );
}

/** Registration in person (at a drive or the office): consent explained face to face, so no cooling-off. */
function RegisterInPerson({
  open,
  onClose,
  onDone,
  defaultOrgId,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (id: string) => void;
  defaultOrgId?: number;
}) {
  const { t, i18n } = useTranslation('stemcell');
  const consent = useConsent();
  const register = useStaffRegister();
  const [form] = Form.useForm();
  const { error, run } = useFailure();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const relations = ['parent', 'spouse', 'sibling', 'child', 'other'] as const;
  return (
    <Modal
      open={open}
      width={640}
      title={t('admin.registerInPerson')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={register.isPending}
      destroyOnHidden
    >
      {consent.data && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            orgId: defaultOrgId,
            bloodType: 'unknown',
            r1relation: 'parent',
            r2relation: 'parent',
            health: Object.fromEntries(consent.data.healthQuestions.map((q) => [q.key, false])),
          }}
          onFinish={(v) =>
            run(async () => {
              const created = await register.mutateAsync({
                orgId: v.orgId,
                name: v.name.trim(),
                idType: 'resident_id',
                idNumber: v.idNumber.trim().toUpperCase(),
                phone: v.phone.trim(),
                bloodType: v.bloodType,
                consentVersion: consent.data.version,
                consentAgreed: true,
                relatives: [
                  { name: v.r1name.trim(), relation: v.r1relation, phone: v.r1phone.trim() },
                  { name: v.r2name.trim(), relation: v.r2relation, phone: v.r2phone.trim() },
                ],
                health: v.health,
              });
              onDone(created.id);
            })
          }
        >
          <Form.Item name="orgId" label={t('admin.unit')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
          <Space wrap>
            <Form.Item name="name" label={t('signup.name')} rules={[{ required: true }]}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('signup.idNumber')} rules={[{ required: true }]}>
              <Input maxLength={18} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="phone" label={t('admin.phone')} rules={[{ required: true }]}>
              <Input maxLength={20} />
            </Form.Item>
          </Space>
          <Form.Item name="bloodType" label={t('signup.bloodType')}>
            <Radio.Group
              optionType="button"
              options={['A', 'B', 'O', 'AB', 'unknown'].map((b) => ({ value: b, label: b === 'unknown' ? '?' : b }))}
            />
          </Form.Item>
          {[1, 2].map((n) => (
            <Space key={n} wrap>
              <Form.Item name={`r${n}name`} label={t('signup.relativeName', { n })} rules={[{ required: true }]}>
                <Input maxLength={30} />
              </Form.Item>
              <Form.Item name={`r${n}relation`} label={t('signup.relation')}>
                <Select
                  style={{ width: 110 }}
                  options={relations.map((r) => ({ value: r, label: t(`relation.${r}`) }))}
                />
              </Form.Item>
              <Form.Item name={`r${n}phone`} label={t('signup.relativePhone', { n })} rules={[{ required: true }]}>
                <Input maxLength={20} />
              </Form.Item>
            </Space>
          ))}
          <Typography.Text strong>{t('signup.health')}</Typography.Text>
          {consent.data.healthQuestions.map((q) => (
            <Form.Item key={q.key} name={['health', q.key]} label={q[lang]} style={{ marginBottom: 4 }}>
              <Radio.Group
                optionType="button"
                size="small"
                options={[
                  { value: false, label: t('signup.no') },
                  { value: true, label: t('signup.yes') },
                ]}
              />
            </Form.Item>
          ))}
          <Alert
            type="warning"
            style={{ marginTop: 8 }}
            message={`${consent.data.title}(${consent.data.version})`}
            description={consent.data.paragraphs.join(' ')}
          />
          {error && <Alert type="error" message={error} style={{ marginTop: 8 }} />}
        </Form>
      )}
    </Modal>
  );
}

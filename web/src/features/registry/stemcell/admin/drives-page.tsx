// 无偿献血活动 (console): drives in scope with their counts, a new drive, and a drive's participants in a drawer —
// registering a donor (the age and 6-month rules answer at once), marking donated with the volume, or deferred.
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../app/api-client';
import { useCan, useScope } from '../../../../app/session';
import { OrgPicker } from '../../../../components/org-picker';
import { chinaNow } from '../../../../lib/china-time';
import {
  type DonorView,
  type DriveView,
  useCreateDrive,
  useDonorOutcome,
  useDrive,
  useDriveStatus,
  useDrives,
  useRegisterDonor,
} from '../api';

const statusColor = { planned: 'blue', held: 'green', cancelled: 'default' } as const;

export function BloodDrivesPage() {
  const { t } = useTranslation('stemcell');
  const { unitId } = useScope();
  const can = useCan();
  const [orgId, setOrgId] = useState<number | undefined>();
  const drives = useDrives(orgId ?? unitId ?? undefined);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | undefined>();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('drives.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('drives.rules')} />
      <Space wrap>
        <OrgPicker value={orgId} onChange={setOrgId} style={{ width: 240 }} allowClear />
        {can('registry:manage') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('drives.new')}
          </Button>
        )}
      </Space>
      <Table<DriveView>
        rowKey="id"
        size="middle"
        loading={drives.isLoading}
        dataSource={drives.data ?? []}
        scroll={{ x: 900 }}
        onRow={(d) => ({ onClick: () => setOpenId(d.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('drives.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('drives.titleField'), dataIndex: 'title', ellipsis: true },
          { title: t('drives.place'), dataIndex: 'place', ellipsis: true },
          { title: t('drives.unit'), dataIndex: 'orgName', width: 160, ellipsis: true },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: DriveView['status']) => <Tag color={statusColor[s]}>{t(`drives.status.${s}`)}</Tag>,
          },
          { title: t('drives.registered'), dataIndex: 'registered', width: 90 },
          { title: t('drives.donated'), dataIndex: 'donated', width: 90 },
          { title: t('drives.volume'), dataIndex: 'volumeMl', width: 100 },
          { title: t('drives.stemCell'), dataIndex: 'stemCellSignUps', width: 100 },
        ]}
      />
      <NewDrive open={creating} onClose={() => setCreating(false)} defaultOrgId={orgId ?? unitId ?? undefined} />
      <Drawer
        open={!!openId}
        width={Math.min(720, window.innerWidth)}
        onClose={() => setOpenId(undefined)}
        title={t('drives.donors')}
        destroyOnHidden
      >
        {openId && <DriveDrawer id={openId} />}
      </Drawer>
    </Space>
  );
}

function NewDrive({ open, onClose, defaultOrgId }: { open: boolean; onClose: () => void; defaultOrgId?: number }) {
  const { t } = useTranslation('stemcell');
  const create = useCreateDrive();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('drives.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ orgId: defaultOrgId, bloodCentre: '绍兴市中心血站', heldOn: chinaNow().add(7, 'day') }}
        onFinish={async (v) => {
          setError(null);
          try {
            await create.mutateAsync({
              orgId: v.orgId,
              title: v.title,
              place: v.place,
              heldOn: v.heldOn.format('YYYY-MM-DD'),
              bloodCentre: v.bloodCentre,
              notes: v.notes ?? '',
            });
            onClose();
          } catch (e) {
            setError(isApiError(e) ? e.message : String(e));
          }
        }}
      >
        <Form.Item name="orgId" label={t('drives.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="title" label={t('drives.titleField')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="place" label={t('drives.place')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="heldOn" label={t('drives.heldOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="bloodCentre" label={t('drives.bloodCentre')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('drives.notes')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" message={error} />}
      </Form>
    </Modal>
  );
}

function DriveDrawer({ id }: { id: string }) {
  const { t } = useTranslation('stemcell');
  const can = useCan();
  const { message } = App.useApp();
  const drive = useDrive(id);
  const register = useRegisterDonor();
  const outcome = useDonorOutcome();
  const status = useDriveStatus();
  const [form] = Form.useForm();
  const consent = Form.useWatch('hasContactConsent', form);
  const [error, setError] = useState<string | null>(null);
  if (!drive.data) {
    return null;
  }
  const d = drive.data;
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {d.title}
      </Typography.Title>
      <Typography.Text type="secondary">
        {d.heldOn} · {d.place} · {d.bloodCentre} · {d.orgName}
      </Typography.Text>
      <Space wrap>
        <Tag color={statusColor[d.status]}>{t(`drives.status.${d.status}`)}</Tag>
        <Tag>
          {t('drives.registered')} {d.registered}
        </Tag>
        <Tag color="red">
          {t('drives.donated')} {d.donated} · {d.volumeMl} ml
        </Tag>
        <Tag>
          {t('drives.stemCell')} {d.stemCellSignUps}
        </Tag>
        {can('registry:manage') && d.status === 'planned' && (
          <>
            <Button
              size="small"
              onClick={() => act(() => status.mutateAsync({ driveId: d.id, body: { status: 'held' } }))}
            >
              {t('drives.markHeld')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => act(() => status.mutateAsync({ driveId: d.id, body: { status: 'cancelled' } }))}
            >
              {t('drives.cancel')}
            </Button>
          </>
        )}
      </Space>
      {can('registry:manage') && d.status !== 'cancelled' && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ hasContactConsent: false }}
          onFinish={async (v) => {
            setError(null);
            try {
              await register.mutateAsync({
                driveId: d.id,
                body: {
                  idNumber: v.idNumber.trim().toUpperCase(),
                  hasContactConsent: v.hasContactConsent,
                  name: v.hasContactConsent ? v.name : undefined,
                  phone: v.hasContactConsent ? v.phone : undefined,
                  volumeMl: v.volumeMl || undefined,
                },
              });
              form.resetFields();
            } catch (e) {
              setError(isApiError(e) ? e.message : String(e));
            }
          }}
          style={{ background: '#fafafa', padding: 12, borderRadius: 8 }}
        >
          <Typography.Title level={5}>{t('drives.addDonor')}</Typography.Title>
          <Form.Item name="idNumber" label={t('drives.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="hasContactConsent" valuePropName="checked">
            <Checkbox>{t('drives.consent')}</Checkbox>
          </Form.Item>
          {consent && (
            <Space>
              <Form.Item name="name" label={t('drives.name')} rules={[{ required: true }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="phone" label={t('drives.phone')} rules={[{ required: true }]}>
                <Input maxLength={20} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="volumeMl" label={t('drives.volumeMl')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 0, label: t('drives.notYet') },
                { value: 200, label: '200 ml' },
                { value: 300, label: '300 ml' },
                { value: 400, label: '400 ml' },
              ]}
            />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
          <Button type="primary" htmlType="submit" loading={register.isPending}>
            {t('drives.addDonor')}
          </Button>
        </Form>
      )}
      <Table<DonorView>
        rowKey="id"
        size="small"
        dataSource={d.donors}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 600 }}
        columns={[
          { title: t('drives.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
          { title: t('drives.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('drives.age'), dataIndex: 'age', width: 60 },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            render: (s: DonorView['status'], r) => (
              <Space size={4}>
                <Tag color={s === 'donated' ? 'red' : undefined}>{t(`drives.donorStatus.${s}`)}</Tag>
                {r.volumeMl ? `${r.volumeMl} ml` : ''}
                {r.isRepeatDonor && <Tag>{t('drives.repeat')}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_v, r) =>
              can('registry:manage') && r.status === 'registered' ? (
                <Space size={4}>
                  {[200, 300, 400].map((ml) => (
                    <Button
                      key={ml}
                      size="small"
                      onClick={() =>
                        act(() =>
                          outcome.mutateAsync({
                            driveId: d.id,
                            extra: r.id,
                            body: { outcome: 'donated', volumeMl: ml as 200 },
                          }),
                        )
                      }
                    >
                      {ml}
                    </Button>
                  ))}
                  <Button
                    size="small"
                    onClick={() =>
                      act(() => outcome.mutateAsync({ driveId: d.id, extra: r.id, body: { outcome: 'deferred' } }))
                    }
                  >
                    {t('drives.defer')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}

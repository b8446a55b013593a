// 培训基地: the training bases in my scope, added and edited per unit (seats bound a class's capacity).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { type BaseView, useBases, useSaveBase } from '../classes-api';

type BaseForm = {
  orgId: number;
  name: string;
  address: string;
  capacity: number;
  contactName?: string;
  contactPhone?: string;
  equipment?: string;
  lat?: number | null;
  lng?: number | null;
  isActive?: boolean;
};

function BaseModal({ base, onClose }: { base: BaseView | null; onClose: () => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<BaseForm>();
  const save = useSaveBase();
  const submit = (v: BaseForm) =>
    save.mutate(
      {
        id: base?.id,
        body: {
          ...v,
          contactName: v.contactName || null,
          contactPhone: v.contactPhone || null,
          lat: v.lat ?? null,
          lng: v.lng ?? null,
          equipment: (v.equipment ?? '')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        },
      },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError: (e) => {
          if (!showErrorOnFields(form, e)) {
            message.error((e as Error).message);
          }
        },
      },
    );
  return (
    <Modal
      open
      title={base ? base.name : t('bases.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          base
            ? {
                ...base,
                equipment: base.equipment.join('\n'),
                contactName: base.contactName ?? '',
                contactPhone: base.contactPhone ?? '',
              }
            : { orgId: unitId ?? undefined, capacity: 40 }
        }
      >
        {base ? null : (
          <Form.Item name="orgId" label={t('common.unit')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('bases.name')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('bases.address')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="capacity" label={t('bases.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={2000} />
          </Form.Item>
          <Form.Item name="lat" label={t('bases.lat')}>
            <InputNumber min={-90} max={90} step={0.0001} />
          </Form.Item>
          <Form.Item name="lng" label={t('bases.lng')}>
            <InputNumber min={-180} max={180} step={0.0001} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="contactName" label={t('bases.contact')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('bases.contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
          {base ? (
            <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Space>
        <Form.Item name="equipment" label={t('bases.equipment')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TrainingBasesPage() {
  const { t } = useTranslation('trainingClasses');
  const can = useCan();
  const bases = useBases();
  const [editing, setEditing] = useState<BaseView | null | 'new'>(null);
  return (
    <Card
      title={t('bases.title')}
      extra={
        can('training:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('bases.add')}
          </Button>
        ) : null
      }
    >
      <Table<BaseView>
        rowKey="id"
        loading={bases.isLoading}
        dataSource={bases.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('bases.name'),
            dataIndex: 'name',
            render: (v, r) => (
              <>
                {v} {r.isActive ? null : <Tag>{t('common.inactive')}</Tag>}
                <div className="tc-muted">{r.address}</div>
              </>
            ),
          },
          { title: t('common.unit'), dataIndex: 'orgName', width: 140 },
          { title: t('bases.capacity'), dataIndex: 'capacity', width: 90 },
          {
            title: t('bases.contact'),
            render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' '),
            width: 180,
          },
          { title: t('bases.equipment'), render: (_, r) => r.equipment.map((e) => <Tag key={e}>{e}</Tag>) },
          {
            title: t('common.actions'),
            width: 80,
            render: (_, r) =>
              can('training:manage') ? (
                <Button size="small" onClick={() => setEditing(r)}>
                  {t('common.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      {editing ? <BaseModal base={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

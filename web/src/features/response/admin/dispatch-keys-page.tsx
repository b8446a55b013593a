// 调度接口密钥 (response:manage): the keys a 120 dispatch centre uses on the dispatcher API. A new key is shown once,
// right after it is made; a key can be revoked (calls with it are refused from then on).
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateTime } from '../../../lib/china-time';
import { type DispatchKey, useCreateDispatchKey, useDispatchKeys, useRevokeDispatchKey } from '../api';
import '../components/response.css';

function CreateKeyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<{ name: string; orgId: number }>();
  const create = useCreateDispatchKey();
  const [key, setKey] = useState<string | null>(null);
  if (key) {
    return (
      <Modal
        open
        title={t('keys.create')}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose}>
            OK
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('keys.shownOnce')} style={{ marginBottom: 12 }} />
        <div className="rs-key" data-testid="new-key">
          {key}
        </div>
        <Button
          icon={<CopyOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => navigator.clipboard?.writeText(key).then(() => message.success(t('keys.copied')))}
        >
          {t('keys.copy')}
        </Button>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title={t('keys.create')}
      okButtonProps={{ loading: create.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: unitId ?? undefined }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim(), orgId: v.orgId },
            { onSuccess: (r) => setKey(r.key), onError: (e) => message.error(e.message) },
          )
        }
      >
        <Form.Item name="name" label={t('keys.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} placeholder={t('keys.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="orgId" label={t('keys.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DispatchKeysPage() {
  const { t, i18n } = useTranslation('response');
  const { modal, message } = App.useApp();
  const keys = useDispatchKeys();
  const revoke = useRevokeDispatchKey();
  const [creating, setCreating] = useState(false);
  const lang = i18n.language;
  return (
    <Card
      title={t('keys.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('keys.create')}
        </Button>
      }
      data-testid="dispatch-keys-page"
    >
      <Typography.Paragraph type="secondary">{t('keys.lead')}</Typography.Paragraph>
      <Table<DispatchKey>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data}
        pagination={false}
        columns={[
          { title: t('keys.name'), dataIndex: 'name' },
          { title: t('keys.unit'), dataIndex: 'orgName', width: 160 },
          {
            title: t('keys.createdAt'),
            dataIndex: 'createdAt',
            width: 180,
            render: (v: string) => formatDateTime(v, lang),
          },
          {
            title: t('keys.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            width: 180,
            render: (v: string | null) => (v ? formatDateTime(v, lang) : t('keys.never')),
          },
          {
            title: t('keys.state'),
            width: 200,
            render: (_, k) =>
              k.revokedAt ? (
                <>
                  <Tag>{t('keys.revoked')}</Tag>
                  <span className="rs-muted">{formatDateTime(k.revokedAt, lang)}</span>
                </>
              ) : (
                <Tag color="green">{t('keys.active')}</Tag>
              ),
          },
          {
            title: '',
            width: 90,
            render: (_, k) =>
              k.revokedAt ? null : (
                <Button
                  danger
                  size="small"
                  onClick={() =>
                    modal.confirm({
                      title: t('keys.revokeConfirm'),
                      okButtonProps: { danger: true },
                      onOk: () => revoke.mutateAsync(k.id).catch((e: Error) => message.error(e.message)),
                    })
                  }
                >
                  {t('keys.revoke')}
                </Button>
              ),
          },
        ]}
      />
      {creating ? <CreateKeyModal onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}

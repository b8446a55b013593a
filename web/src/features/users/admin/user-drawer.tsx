// One account: its grants (add, revoke), disable/enable, unlock.
import { LockOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Form, Grid, Modal, Popconfirm, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantView, UserView } from '../../../../../server/src/platform/rbac/rbac.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatDateTime } from '../../../lib/china-time';
import { useAddGrant, useRevokeGrant, useRoles, useUpdateUser, useUser } from '../api';
import { GrantFields } from './grant-fields';
import { roleLabel } from './role-label';

function AddGrantDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation(['users', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roleId: string; orgId: number }>();
  const add = useAddGrant();
  const onOk = async () => {
    const grant = await validValues(form);
    if (!grant) {
      return;
    }
    try {
      await add.mutateAsync({ userId: user.id, grant });
      message.success(t('done.granted'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e, { OUT_OF_SCOPE: 'orgId', FORBIDDEN: 'roleId' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };
  return (
    <Modal
      open
      title={`${t('actions.addGrant')} · ${user.username}`}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={add.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <GrantFields />
      </Form>
    </Modal>
  );
}

export function UserStatusTags({ user }: { user: UserView }) {
  const { t } = useTranslation(['users', 'common']);
  return (
    <Space size={4} wrap>
      {user.isActive ? <Tag color="green">{t('status.active')}</Tag> : <Tag>{t('status.disabled')}</Tag>}
      {user.isLocked && (
        <Tag color="orange" icon={<LockOutlined />}>
          {t('status.locked')}
        </Tag>
      )}
    </Space>
  );
}

export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['users', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const canManage = can('users:manage');
  const screens = Grid.useBreakpoint();
  const user = useUser(userId);
  const roles = useRoles();
  const update = useUpdateUser();
  const revoke = useRevokeGrant();
  const [adding, setAdding] = useState(false);
  const u = user.data;

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };

  const actions = u && canManage && (
    <Space wrap>
      <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="user-add-grant">
        {t('actions.addGrant')}
      </Button>
      {u.isLocked && (
        <Button
          icon={<UnlockOutlined />}
          onClick={() => run(() => update.mutateAsync({ id: u.id, patch: { unlock: true } }), t('done.unlocked'))}
        >
          {t('actions.unlock')}
        </Button>
      )}
      {u.isActive ? (
        <Button
          danger
          icon={<StopOutlined />}
          onClick={() =>
            modal.confirm({
              title: t('actions.disable'),
              content: t('confirm.disable', { username: u.username }),
              okButtonProps: { danger: true },
              okText: t('actions.disable'),
              cancelText: t('common:actions.cancel'),
              onOk: () => run(() => update.mutateAsync({ id: u.id, patch: { isActive: false } }), t('done.disabled')),
            })
          }
          data-testid="user-disable"
        >
          {t('actions.disable')}
        </Button>
      ) : (
        <Button
          onClick={() => run(() => update.mutateAsync({ id: u.id, patch: { isActive: true } }), t('done.enabled'))}
          data-testid="user-enable"
        >
          {t('actions.enable')}
        </Button>
      )}
    </Space>
  );

  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      title={u ? `${u.displayName} (${u.username})` : t('detailTitle')}
      size={screens.md ? 640 : '100%'}
    >
      {user.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {user.error && <Alert type="error" showIcon title={user.error.message} />}
      {u && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('fields.username')}>{u.username}</Descriptions.Item>
            <Descriptions.Item label={t('fields.displayName')}>{u.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.status')}>
              <UserStatusTags user={u} />
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.createdAt')}>
              {formatDateTime(u.createdAt, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {actions && <div style={{ margin: '16px 0' }}>{actions}</div>}
          <Table<GrantView>
            style={{ marginTop: 16 }}
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={u.grants}
            locale={{ emptyText: t('noGrants') }}
            scroll={{ x: 480 }}
            columns={[
              {
                title: t('fields.role'),
                dataIndex: 'roleId',
                render: (id: string, g) => roleLabel(roles.data, id, g.roleName, i18n.language),
              },
              { title: t('fields.unit'), dataIndex: 'orgName' },
              {
                title: t('fields.createdAt'),
                dataIndex: 'createdAt',
                render: (v: string) => formatDateTime(v, i18n.language),
              },
              ...(canManage
                ? [
                    {
                      key: 'revoke',
                      width: 80,
                      render: (_: unknown, g: GrantView) => (
                        <Popconfirm
                          title={t('confirm.revoke', {
                            role: roleLabel(roles.data, g.roleId, g.roleName, i18n.language),
                            unit: g.orgName,
                          })}
                          okText={t('actions.revoke')}
                          cancelText={t('common:actions.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() =>
                            run(() => revoke.mutateAsync({ userId: u.id, grantId: g.id }), t('done.revoked'))
                          }
                        >
                          <Button type="link" danger size="small">
                            {t('actions.revoke')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {adding && <AddGrantDialog user={u} onClose={() => setAdding(false)} />}
        </>
      )}
    </Drawer>
  );
}

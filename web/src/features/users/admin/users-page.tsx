// 账号与授权: staff accounts with their grants; create an account with its first grant; open one to manage it.
import { UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../../server/src/platform/rbac/rbac.schemas';
import { useCan, useScope } from '../../../app/session';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { useRoles, useUsers } from '../api';
import { roleLabel } from './role-label';
import { UserCreateModal } from './user-create-modal';
import { UserDrawer, UserStatusTags } from './user-drawer';

export function UsersPage() {
  const { t, i18n } = useTranslation(['users', 'common']);
  const can = useCan();
  const { unitId } = useScope();
  const [q, setQ] = useState('');
  const { page, pageSize, setPage, pagination } = usePaging();
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const users = useUsers(q, page, pageSize);
  const roles = useRoles();

  return (
    <Card
      title={t('title')}
      extra={
        can('users:manage') && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t('create')}
          </Button>
        )
      }
    >
      <div className="page-toolbar">
        <Input.Search
          className="page-toolbar-grow"
          allowClear
          placeholder={t('searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: 360 }}
        />
      </div>
      <Table<UserView>
        rowKey="id"
        size="middle"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 760 }}
        onRow={(u) => ({ onClick: () => setOpenId(u.id), style: { cursor: 'pointer' } })}
        pagination={pagination(users.data?.total ?? 0)}
        columns={[
          { title: t('fields.username'), dataIndex: 'username', width: 130, fixed: 'left' },
          { title: t('fields.displayName'), dataIndex: 'displayName', width: 160 },
          {
            title: t('fields.grants'),
            dataIndex: 'grants',
            render: (grants: UserView['grants']) => (
              <Space size={[4, 4]} wrap>
                {grants.map((g) => (
                  <Tag key={g.id}>
                    {roleLabel(roles.data, g.roleId, g.roleName, i18n.language)} @ {g.orgName}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('fields.status'),
            key: 'status',
            width: 150,
            render: (_: unknown, u) => <UserStatusTags user={u} />,
          },
          {
            title: t('fields.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTime(v, i18n.language),
          },
        ]}
      />
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} />
      <UserCreateModal
        open={creating}
        defaultOrgId={unitId}
        onClose={() => setCreating(false)}
        onDone={(u) => {
          setCreating(false);
          setOpenId(u.id);
        }}
      />
    </Card>
  );
}

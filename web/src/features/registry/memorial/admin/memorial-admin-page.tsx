// 纪念馆管理 (console): the moderation queue (visitors' messages waiting, approve or reject; decided ones by tab) and
// the memorials of the unit's subtree with their counts, published or hidden.
import { App, Button, Space, Switch, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../../app/api-client';
import { useCan } from '../../../../app/session';
import { formatDateTime } from '../../../../lib/china-time';
import {
  type MemorialAdminView,
  type ModerationItem,
  useDecideMessage,
  useModerationQueue,
  useStaffMemorials,
  useUpdateMemorial,
} from '../../organ/api';

function ModerationQueue() {
  const { t, i18n } = useTranslation('organ');
  const { message } = App.useApp();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const [page, setPage] = useState(1);
  const queue = useModerationQueue({ status, page, pageSize: 20 });
  const decide = useDecideMessage();
  const act = async (id: string, decision: 'approve' | 'reject') => {
    try {
      await decide.mutateAsync({ id, decision });
      message.success(t('admin.saved'));
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <>
      <Tabs
        activeKey={status}
        onChange={(k) => {
          setStatus(k as 'pending');
          setPage(1);
        }}
        items={(['pending', 'approved', 'rejected'] as const).map((s) => ({ key: s, label: t(`admin.${s}`) }))}
      />
      <Table<ModerationItem>
        rowKey="id"
        loading={queue.isLoading}
        dataSource={queue.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: queue.data?.total ?? 0, onChange: setPage }}
        data-testid="moderation-queue"
        columns={[
          {
            title: t('admin.memorial'),
            dataIndex: 'memorialName',
            render: (v: string, r) => (
              <Link to={`/memorial/${r.memorialId}`} target="_blank">
                {v}
              </Link>
            ),
          },
          { title: t('admin.author'), dataIndex: 'authorName' },
          { title: t('admin.body'), dataIndex: 'body', width: '45%' },
          {
            title: t('admin.at'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          ...(status === 'pending'
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_: unknown, r: ModerationItem) => (
                    <Space>
                      <Button type="primary" size="small" onClick={() => act(r.id, 'approve')} data-testid="approve">
                        {t('admin.approve')}
                      </Button>
                      <Button danger size="small" onClick={() => act(r.id, 'reject')}>
                        {t('admin.reject')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : [{ title: '', dataIndex: 'decidedBy' }]),
        ]}
      />
    </>
  );
}

function MemorialList() {
  const { t } = useTranslation('organ');
  const { message } = App.useApp();
  const can = useCan();
  const [page, setPage] = useState(1);
  const list = useStaffMemorials({ page, pageSize: 20 });
  const update = useUpdateMemorial();
  return (
    <Table<MemorialAdminView>
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
      columns={[
        {
          title: t('admin.name'),
          dataIndex: 'name',
          render: (v: string, r) => (
            <Link to={`/memorial/${r.id}`} target="_blank">
              {v}
            </Link>
          ),
        },
        { title: t('admin.kind'), dataIndex: 'donationKind', render: (k: 'organ') => t(`kind.${k}`) },
        { title: t('admin.deathOn'), dataIndex: 'deathOn' },
        { title: t('admin.consentBy'), dataIndex: 'consentBy' },
        { title: t('admin.unit'), dataIndex: 'orgName' },
        { title: '🌼', dataIndex: 'flowerCount' },
        { title: '👁', dataIndex: 'visitCount' },
        { title: '✉', dataIndex: 'messageCount' },
        {
          title: t('admin.published'),
          dataIndex: 'isPublished',
          render: (v: boolean, r) => (
            <Switch
              checked={v}
              disabled={!can('registry:manage')}
              onChange={async (isPublished) => {
                try {
                  await update.mutateAsync({ id: r.id, isPublished });
                } catch (e) {
                  message.error(isApiError(e) ? e.message : String(e));
                }
              }}
            />
          ),
        },
      ]}
    />
  );
}

export function MemorialAdminPage() {
  const { t } = useTranslation('organ');
  const can = useCan();
  return (
    <div>
      <Typography.Title level={3}>{t('admin.memorials')}</Typography.Title>
      <Tabs
        items={[
          ...(can('memorial:moderate')
            ? [{ key: 'moderation', label: t('admin.moderation'), children: <ModerationQueue /> }]
            : []),
          ...(can('registry:view')
            ? [{ key: 'memorials', label: t('admin.memorial'), children: <MemorialList /> }]
            : []),
        ]}
      />
    </div>
  );
}

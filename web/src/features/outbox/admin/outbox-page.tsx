// 消息发件箱: messages the platform queued (SMS codes, notices), their delivery status, attempts and last error.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import {
  type OutboxChannel,
  type OutboxMessage,
  type OutboxStatus,
  outboxChannels,
  outboxStatuses,
  useOutbox,
} from '../api';

const statusColors: Record<string, string> = { pending: 'blue', sending: 'gold', sent: 'green', dead: 'red' };

export function OutboxPage() {
  const { t, i18n } = useTranslation(['outbox', 'common']);
  const [status, setStatus] = useState<OutboxStatus | undefined>();
  const [channel, setChannel] = useState<OutboxChannel | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging();
  const outbox = useOutbox({ status, channel, page, pageSize });
  const statusLabel = (s: string) =>
    outboxStatuses.includes(s as OutboxStatus) ? t(`statuses.${s as OutboxStatus}`) : s;
  const channelLabel = (c: string) =>
    outboxChannels.includes(c as OutboxChannel) ? t(`channels.${c as OutboxChannel}`) : c;

  return (
    <Card
      title={t('title')}
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void outbox.refetch()}
          aria-label={t('common:actions.refresh')}
        />
      }
    >
      <div className="page-toolbar">
        <Select
          allowClear
          placeholder={t('filters.status')}
          style={{ width: 150 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={outboxStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <Select
          allowClear
          placeholder={t('filters.channel')}
          style={{ width: 150 }}
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setPage(1);
          }}
          options={outboxChannels.map((c) => ({ value: c, label: channelLabel(c) }))}
        />
      </div>
      <Table<OutboxMessage>
        rowKey="id"
        size="small"
        loading={outbox.isFetching && !outbox.data}
        dataSource={outbox.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={pagination(outbox.data?.total ?? 0)}
        columns={[
          {
            title: t('columns.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          { title: t('columns.channel'), dataIndex: 'channel', width: 80, render: channelLabel },
          { title: t('columns.recipient'), dataIndex: 'recipient', width: 130 },
          {
            title: t('columns.body'),
            dataIndex: 'body',
            render: (body: string, m) => (
              <div>
                {m.subject && <Typography.Text strong>{m.subject} </Typography.Text>}
                <span>{body}</span>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.template}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: t('columns.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Tag color={statusColors[s]}>{statusLabel(s)}</Tag>,
          },
          { title: t('columns.attempts'), dataIndex: 'attempts', width: 90 },
          {
            title: t('columns.lastError'),
            dataIndex: 'lastError',
            width: 200,
            ellipsis: true,
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : ''),
          },
          {
            title: t('columns.sentAt'),
            dataIndex: 'sentAt',
            width: 170,
            render: (v: string | null) => formatDateTime(v, i18n.language),
          },
        ]}
        data-testid="outbox-table"
      />
    </Card>
  );
}

// 异常支付通知: payment provider notifications that failed verification (forged, malformed, unknown order, wrong amount,
// late) and were refused; finance staff check them against the provider's daily bill. All notifications on request.
import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useMe } from '../../../app/session';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { type Channel, type PaymentNotification, usePaymentNotifications } from '../api';
import { NotificationReviewModal } from './notification-review-modal';
import { ChannelTag, Money, VerdictTag } from './tags';

const channels = new Set(['local', 'wechat', 'alipay', 'bank', 'cash', 'cheque']);
/** Verdicts that need no review: the notification was booked, or repeated one already booked. */
const reviewless = new Set(['accepted', 'duplicate']);

export function PaymentAlertsPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const [flagged, setFlagged] = useState(true);
  const { page, pageSize, setPage, pagination } = usePaging();
  const list = usePaymentNotifications({ flagged, page, pageSize });
  const can = useCan();
  const { data: me } = useMe();
  const [reviewing, setReviewing] = useState<PaymentNotification | null>(null);

  return (
    <Card
      title={t('alerts.title')}
      extra={
        <span>
          <Switch
            size="small"
            checked={flagged}
            onChange={(v) => {
              setFlagged(v);
              setPage(1);
            }}
            data-testid="alerts-flagged"
          />{' '}
          {t('alerts.flaggedOnly')}
        </span>
      }
    >
      <Alert type="info" showIcon title={t('alerts.intro')} style={{ marginBottom: 12 }} />
      <Table<PaymentNotification>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 960 }}
        locale={{
          emptyText: list.error ? (
            <Empty description={list.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.empty')} />
          ),
        }}
        columns={[
          {
            title: t('alerts.receivedAt'),
            dataIndex: 'receivedAt',
            width: 165,
            render: (v: string) => <span className="money">{formatDateTime(v, i18n.language)}</span>,
          },
          {
            title: t('fields.channel'),
            dataIndex: 'channel',
            width: 100,
            render: (c: string) => (channels.has(c) ? <ChannelTag channel={c as Channel} /> : <Tag>{c}</Tag>),
          },
          {
            title: t('alerts.verdict'),
            dataIndex: 'verdict',
            width: 140,
            render: (v: string) => <VerdictTag verdict={v} />,
          },
          {
            title: `${t('alerts.orderNo')} / ${t('alerts.providerTxnId')}`,
            key: 'refs',
            width: 190,
            render: (_, n) =>
              n.orderNo || n.providerTxnId ? (
                <div className="mono">
                  <div>{n.orderNo ?? '—'}</div>
                  <div className="muted">{n.providerTxnId ?? '—'}</div>
                </div>
              ) : (
                <span className="muted">—</span>
              ),
          },
          {
            title: t('fields.amount'),
            dataIndex: 'amountFen',
            width: 110,
            align: 'right',
            render: (f: number | null) => (f === null ? <span className="muted">—</span> : <Money fen={f} />),
          },
          {
            title: t('alerts.detail'),
            dataIndex: 'detail',
            width: 220,
            render: (v: string | null) =>
              v ? (
                <Typography.Text type="secondary" ellipsis={{ tooltip: v }} style={{ maxWidth: 200 }}>
                  {v}
                </Typography.Text>
              ) : null,
          },
          {
            title: t('alerts.reviewed'),
            dataIndex: 'reviewedAt',
            width: 170,
            fixed: 'right',
            render: (v: string | null, n) =>
              v ? (
                <div data-testid="alert-reviewed">
                  <Tag color="success" icon={<CheckCircleOutlined />}>
                    {t('alertReview.handled')}
                  </Tag>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {n.reviewedBy === me?.userId ? t('common.me') : t('common.otherUser')} ·{' '}
                    <span className="money">{formatDateTime(v, i18n.language)}</span>
                  </div>
                </div>
              ) : reviewless.has(n.verdict) ? (
                <span className="muted">—</span>
              ) : can('payments:reconcile') ? (
                <div>
                  <Tag color="warning">{t('alerts.notReviewed')}</Tag>
                  <Button
                    size="small"
                    type="link"
                    style={{ paddingInline: 0 }}
                    onClick={() => setReviewing(n)}
                    data-testid="alert-review"
                  >
                    {t('alertReview.action')}
                  </Button>
                </div>
              ) : (
                <Tag color="warning">{t('alerts.notReviewed')}</Tag>
              ),
          },
        ]}
        data-testid="alerts-table"
      />
      <NotificationReviewModal notification={reviewing} onClose={() => setReviewing(null)} />
    </Card>
  );
}

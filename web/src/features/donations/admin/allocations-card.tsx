// 基金调拨 on the funds page: transfer requests between funds (pending first) with approve / reject for a second person
// holding funds:approve, and the request form for those holding funds:payout.
import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AllocationView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan, useMe } from '../../../app/session';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type ApprovalStatus, ledgerEntryUrl, useAllocations, useDecideAllocation, useFunds } from '../api';
import { AllocationRequestModal } from './allocation-request-modal';
import { ApprovalButtons } from './approval-buttons';
import { ApprovalStatusTag } from './oversight-tags';
import { Money } from './tags';

type StatusFilter = ApprovalStatus | 'all';

export function AllocationsCard() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const can = useCan();
  const { data: me } = useMe();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const { page, pageSize, setPage, pagination } = usePaging(10);
  const list = useAllocations({ status: status === 'all' ? undefined : status, page, pageSize });
  const decide = useDecideAllocation();
  // Every fund the user can see, for names and the request form (a transfer may cross units).
  const funds = useFunds(null);
  const fundRows = funds.data ?? [];
  const fundName = (id: number) => fundRows.find((f) => f.id === id)?.name ?? t('allocations.unknownFund', { id });
  const [requesting, setRequesting] = useState(false);

  return (
    <Card
      title={t('allocations.title')}
      extra={
        <Space wrap size={8}>
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'pending', label: t('allocations.status.pending') },
              { value: 'done', label: t('allocations.status.done') },
              { value: 'rejected', label: t('allocations.status.rejected') },
              { value: 'all', label: t('payouts.all') },
            ]}
            data-testid="allocation-status-filter"
          />
          {can('funds:payout') && (
            <Button icon={<SwapOutlined />} onClick={() => setRequesting(true)} data-testid="allocation-request">
              {t('allocations.request')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<AllocationView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1040 }}
        pagination={pagination(list.data?.total ?? 0)}
        locale={{
          emptyText: list.error ? (
            <Empty description={list.error.message} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={status === 'pending' ? t('allocations.pendingEmpty') : t('allocations.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('allocations.allocationNo'),
            dataIndex: 'allocationNo',
            width: 180,
            render: (v: string, a) => (
              <div>
                <div className="mono">{v}</div>
                <div className="muted money" style={{ fontSize: 12 }}>
                  {formatDateTime(a.requestedAt, i18n.language)}
                </div>
              </div>
            ),
          },
          {
            title: t('allocations.route'),
            key: 'route',
            width: 200,
            render: (_, a) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{a.fromFundName || fundName(a.fromFundId)}</div>
                <div className="ellipsis-line muted">→ {a.toFundName || fundName(a.toFundId)}</div>
              </div>
            ),
          },
          { title: t('allocations.purpose'), dataIndex: 'purpose', ellipsis: true, width: 160 },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: AllocationView['status'], a) => (
              <div>
                <ApprovalStatusTag status={s} label={t(`allocations.status.${s}`)} />
                {a.ledgerIndex !== null && (
                  <Typography.Link href={ledgerEntryUrl(a.ledgerIndex)} target="_blank" className="money">
                    #{a.ledgerIndex}
                  </Typography.Link>
                )}
              </div>
            ),
          },
          {
            title: t('payouts.requestedBy'),
            dataIndex: 'requestedBy',
            width: 96,
            render: (v: string) =>
              v === me?.userId ? <Tag>{t('common.me')}</Tag> : <span className="muted">{t('common.otherUser')}</span>,
          },
          {
            title: t('fields.amount'),
            dataIndex: 'amountFen',
            width: 120,
            align: 'right',
            render: (f: number) => <Money fen={f} strong />,
          },
          {
            title: '',
            key: 'actions',
            fixed: 'right',
            width: 190,
            render: (_, a) => (
              <ApprovalButtons
                request={a}
                size="small"
                testId="allocation"
                isPending={decide.isPending && decide.variables?.id === a.id}
                decide={(decision, note) => decide.mutateAsync({ id: a.id, decision, note })}
                text={{
                  approveTitle: t('allocations.approveTitle', { amount: formatFen(a.amountFen) }),
                  approveContent: t('allocations.approveConfirm', {
                    from: a.fromFundName || fundName(a.fromFundId),
                    to: a.toFundName || fundName(a.toFundId),
                  }),
                  rejectTitle: t('allocations.rejectTitle'),
                  approved: t('allocations.approved', { no: a.allocationNo }),
                  rejected: t('allocations.rejected', { no: a.allocationNo }),
                }}
              />
            ),
          },
        ]}
        data-testid="allocations-table"
      />
      <AllocationRequestModal
        open={requesting}
        funds={fundRows}
        onClose={() => setRequesting(false)}
        onDone={() => {
          setRequesting(false);
          setStatus('pending');
          setPage(1);
        }}
      />
    </Card>
  );
}

// 退款与更正审批: refund and correction requests of the user's units (pending first), approved or rejected by a second
// person holding funds:approve; a row's gift number opens the gift with its trail.
import { Alert, Card, Empty, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReversalView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useMe } from '../../../app/session';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type ApprovalStatus, fileUrl, ledgerEntryUrl, useDecideReversal, useReversals } from '../api';
import { ApprovalButtons } from './approval-buttons';
import { DonationDrawer } from './donation-drawer';
import './oversight.css';
import { ApprovalStatusTag } from './oversight-tags';
import { Money } from './tags';

type StatusFilter = ApprovalStatus | 'all';

export function ReversalsPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const { data: me } = useMe();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const { page, pageSize, setPage, pagination } = usePaging();
  const list = useReversals({ status: status === 'all' ? undefined : status, page, pageSize });
  const decide = useDecideReversal();
  const [openGift, setOpenGift] = useState<string | null>(null);
  const who = (userId: string | null) =>
    userId === null ? '—' : userId === me?.userId ? <Tag>{t('common.me')}</Tag> : t('common.otherUser');

  return (
    <Card
      title={t('reversals.title')}
      extra={
        <Segmented<StatusFilter>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'pending', label: t('reversals.status.pending') },
            { value: 'done', label: t('reversals.status.done') },
            { value: 'rejected', label: t('reversals.status.rejected') },
            { value: 'all', label: t('reversals.all') },
          ]}
          data-testid="reversal-status-filter"
        />
      }
    >
      <Alert type="info" showIcon title={t('reversals.intro')} style={{ marginBottom: 12 }} />
      <Table<ReversalView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 940 }}
        locale={{
          emptyText: list.error ? (
            <Empty description={list.error.message} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={status === 'pending' ? t('reversals.pendingEmpty') : t('reversals.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('fields.donationNo'),
            dataIndex: 'donationNo',
            width: 170,
            render: (v: string, r) => (
              <div>
                <Typography.Link className="mono" onClick={() => setOpenGift(r.donationId)} data-testid="reversal-gift">
                  {v}
                </Typography.Link>
                <div className="muted money" style={{ fontSize: 12 }}>
                  {formatDateTime(r.requestedAt, i18n.language)}
                </div>
              </div>
            ),
          },
          {
            title: `${t('reversals.kind')} / ${t('reversals.reason')}`,
            key: 'kind',
            width: 120,
            render: (_, r) => (
              <div className="tag-stack">
                <Tag color={r.kind === 'refund' ? 'magenta' : 'purple'}>{t(`reversals.kinds.${r.kind}`)}</Tag>
                <Tag>{t(`reversals.reasons.${r.reasonCode}`)}</Tag>
              </div>
            ),
          },
          {
            title: t('reversals.note'),
            dataIndex: 'note',
            ellipsis: { showTitle: true },
            render: (v: string, r) => (
              <>
                <div className="ellipsis-line" title={v}>
                  {v}
                </div>
                {r.evidenceFileId && (
                  <Typography.Link href={fileUrl(r.evidenceFileId)} target="_blank" style={{ fontSize: 12 }}>
                    {t('fields.evidence')}
                  </Typography.Link>
                )}
              </>
            ),
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ReversalView['status'], r) => (
              <div>
                <ApprovalStatusTag status={s} label={t(`reversals.status.${s}`)} />
                {r.ledgerIndex !== null && (
                  <div>
                    <Typography.Link href={ledgerEntryUrl(r.ledgerIndex)} target="_blank" className="money">
                      #{r.ledgerIndex}
                    </Typography.Link>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('payouts.requestedBy'),
            key: 'people',
            width: 120,
            render: (_, r) => (
              <div style={{ fontSize: 13 }}>
                <div>{who(r.requestedBy)}</div>
                {r.decidedAt && (
                  <div className="muted ellipsis-line" title={r.decisionNote ?? undefined}>
                    {t('payouts.decidedBy')} {who(r.decidedBy)}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('fields.amount'),
            dataIndex: 'amountFen',
            width: 100,
            align: 'right',
            render: (f: number) => <Money fen={f} strong />,
          },
          {
            title: '',
            key: 'actions',
            width: 180,
            fixed: 'right',
            render: (_, r) => {
              const kind = t(`reversals.kinds.${r.kind}`);
              return (
                <ApprovalButtons
                  request={r}
                  size="small"
                  testId="reversal"
                  isPending={decide.isPending && decide.variables?.id === r.id}
                  decide={(decision, note) => decide.mutateAsync({ id: r.id, decision, note })}
                  text={{
                    approveTitle: t('reversals.approveTitle', { kind, amount: formatFen(r.amountFen) }),
                    approveContent: t('reversals.approveConfirm', {
                      kind,
                      no: r.donationNo,
                      reason: t(`reversals.reasons.${r.reasonCode}`),
                    }),
                    rejectTitle: t('reversals.rejectTitle', { kind }),
                    approved: t('reversals.approved', { kind, no: r.donationNo }),
                    rejected: t('reversals.rejected', { no: r.donationNo }),
                  }}
                />
              );
            },
          },
        ]}
        data-testid="reversals-table"
      />
      <DonationDrawer donationId={openGift} onClose={() => setOpenGift(null)} />
    </Card>
  );
}

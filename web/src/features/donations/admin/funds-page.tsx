// 基金与拨付: fund balances of the scope unit's subtree, payout requests (pending first) with approve / reject for those
// holding funds:approve, the request form for those holding funds:payout, and each payout's detail with the gifts spent.
import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FundView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan, useMe, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type PayoutRow, useFunds, usePayouts } from '../api';
import { AllocationsCard } from './allocations-card';
import { PayoutDecisionButtons } from './payout-decision';
import { PayoutDrawer } from './payout-drawer';
import { PayoutRequestModal } from './payout-request-modal';
import { Money, PayoutStatusTag } from './tags';

type StatusFilter = 'pending' | 'paid' | 'rejected' | 'all';

export function FundsPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const can = useCan();
  const { data: me } = useMe();
  const { unitId } = useScope();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const [status, setStatus] = useState<StatusFilter>('pending');
  const { page, pageSize, setPage, pagination } = usePaging(10);
  const funds = useFunds(orgId);
  const payouts = usePayouts({
    orgId: orgId ?? undefined,
    status: status === 'all' ? undefined : status,
    page,
    pageSize,
  });
  const [requestFund, setRequestFund] = useState<number | null>(null);
  const [openPayout, setOpenPayout] = useState<string | null>(null);
  const fundRows = funds.data ?? [];
  const canRequest = can('funds:payout');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('funds.title')}
        extra={
          <span data-testid="funds-unit">
            <OrgPicker
              value={orgId}
              onChange={(id) => {
                setChosenOrg(id ?? null);
                setPage(1);
              }}
              allowClear
              placeholder={t('common.allUnits')}
              style={{ width: 220, maxWidth: '50vw' }}
            />
          </span>
        }
      >
        <Table<FundView>
          rowKey="id"
          size="middle"
          loading={funds.isFetching}
          dataSource={fundRows}
          pagination={fundRows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 960 }}
          locale={{
            emptyText: funds.error ? (
              <Empty description={funds.error.message} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.empty')} />
            ),
          }}
          columns={[
            {
              title: t('funds.name'),
              dataIndex: 'name',
              fixed: 'left',
              width: 180,
              render: (name: string, f) => (
                <div style={{ minWidth: 0 }}>
                  <div className="ellipsis-line">{name}</div>
                  <Tag color={f.kind === 'project' ? 'blue' : 'default'} style={{ marginTop: 2 }}>
                    {t(`fundTypes.${f.kind}`)}
                  </Tag>
                </div>
              ),
            },
            { title: t('fields.unit'), dataIndex: 'orgName', width: 80, ellipsis: true },
            ...(['receivedFen', 'spentFen', 'refundedFen'] as const).map((key) => ({
              title: t(
                key === 'receivedFen' ? 'funds.received' : key === 'spentFen' ? 'funds.spent' : 'funds.refunded',
              ),
              dataIndex: key,
              width: key === 'refundedFen' ? 100 : 110,
              align: 'right' as const,
              render: (f: number) => <Money fen={f} />,
            })),
            {
              title: t('funds.allocated'),
              key: 'allocated',
              width: 100,
              align: 'right',
              render: (_, f) => {
                const net = f.allocatedInFen - f.allocatedOutFen;
                if (f.allocatedInFen === 0 && f.allocatedOutFen === 0) {
                  return <span className="muted">—</span>;
                }
                return (
                  <Tooltip
                    title={t('funds.allocatedDetail', {
                      in: formatFen(f.allocatedInFen),
                      out: formatFen(f.allocatedOutFen),
                    })}
                  >
                    <span className="money">{net > 0 ? `+${formatFen(net)}` : formatFen(net)}</span>
                  </Tooltip>
                );
              },
            },
            {
              title: t('funds.balance'),
              dataIndex: 'balanceFen',
              width: 140,
              align: 'right',
              fixed: 'right',
              render: (f: number) => <Money fen={f} strong />,
            },
            ...(canRequest
              ? [
                  {
                    title: '',
                    key: 'actions',
                    fixed: 'right' as const,
                    width: 140,
                    render: (_: unknown, f: FundView) => (
                      <Button
                        size="small"
                        icon={<SendOutlined />}
                        onClick={() => setRequestFund(f.id)}
                        data-testid="fund-request-payout"
                      >
                        {t('funds.request')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
          summary={(rows) =>
            rows.length > 1 ? (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <strong>{t('funds.total')}</strong>
                  </Table.Summary.Cell>
                  {(['receivedFen', 'spentFen', 'refundedFen'] as const).map((key, i) => (
                    <Table.Summary.Cell key={key} index={2 + i} align="right">
                      <Money fen={rows.reduce((s, r) => s + r[key], 0)} />
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={5} align="right">
                    <Money fen={rows.reduce((s, r) => s + r.allocatedInFen - r.allocatedOutFen, 0)} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">
                    <Money fen={rows.reduce((s, r) => s + r.balanceFen, 0)} strong />
                  </Table.Summary.Cell>
                  {canRequest && <Table.Summary.Cell index={7} />}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
          data-testid="funds-table"
        />
      </Card>

      <Card
        title={t('payouts.title')}
        extra={
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'pending', label: t('payoutStatus.pending') },
              { value: 'paid', label: t('payoutStatus.paid') },
              { value: 'rejected', label: t('payoutStatus.rejected') },
              { value: 'all', label: t('payouts.all') },
            ]}
            data-testid="payout-status-filter"
          />
        }
      >
        <Table<PayoutRow>
          rowKey="id"
          size="middle"
          loading={payouts.isFetching}
          dataSource={payouts.data?.items ?? []}
          scroll={{ x: 980 }}
          pagination={pagination(payouts.data?.total ?? 0)}
          onRow={(p) => ({ onClick: () => setOpenPayout(p.id), style: { cursor: 'pointer' } })}
          locale={{
            emptyText: payouts.error ? (
              <Empty description={payouts.error.message} />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={status === 'pending' ? t('payouts.pendingEmpty') : t('payouts.empty')}
              />
            ),
          }}
          columns={[
            {
              title: t('payouts.payoutNo'),
              dataIndex: 'payoutNo',
              width: 180,
              render: (v: string, p) => (
                <div>
                  <div className="mono">{v}</div>
                  <div className="muted money" style={{ fontSize: 12 }}>
                    {formatDateTime(p.requestedAt, i18n.language)}
                  </div>
                </div>
              ),
            },
            {
              title: t('payouts.payee'),
              dataIndex: 'payeeName',
              width: 180,
              render: (v: string, p) => (
                <div style={{ minWidth: 0 }}>
                  <div className="ellipsis-line">{v}</div>
                  <div className="ellipsis-line muted" style={{ fontSize: 12 }}>
                    {p.fundName}
                  </div>
                </div>
              ),
            },
            { title: t('payouts.purpose'), dataIndex: 'purpose', ellipsis: true },
            {
              title: t('fields.status'),
              dataIndex: 'status',
              width: 80,
              render: (s: PayoutRow['status']) => <PayoutStatusTag status={s} />,
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
              width: 135,
              align: 'right',
              fixed: 'right',
              render: (f: number) => <Money fen={f} strong />,
            },
            {
              title: '',
              key: 'actions',
              fixed: 'right',
              width: 190,
              render: (_, p) => <PayoutDecisionButtons payout={p} size="small" />,
            },
          ]}
          data-testid="payouts-table"
        />
      </Card>
      <AllocationsCard />
      <PayoutRequestModal
        funds={fundRows}
        fundId={requestFund}
        onClose={() => setRequestFund(null)}
        onDone={(p) => {
          setRequestFund(null);
          setStatus('pending');
          setOpenPayout(p.id);
        }}
      />
      <PayoutDrawer payoutId={openPayout} onClose={() => setOpenPayout(null)} />
    </Space>
  );
}

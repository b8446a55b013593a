// 捐赠票据 for finance: the queue of receipt requests (pending first, by status, unit and date asked; issue or refuse
// each) and the issued receipts and reversals (search by number, gift or payer; open one to see it, its PDF and its
// linked document, and to reverse it).
import { Badge, Button, Card, DatePicker, Empty, Input, Segmented, Select, Space, Table, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import {
  type FiscalReceiptView,
  type ReceiptKind,
  type ReceiptRequestView,
  type RequestStatus,
  useFiscalReceipts,
  useReceiptRequests,
} from '../api';
import { useIdTypeLabel } from '../components/labels';
import { IssueModal, RefuseModal } from './decision-modals';
import { ReceiptDrawer, ReceiptKindTags } from './receipt-drawer';
import { RequestStatusTag } from './request-status-tag';

function useUnitFilter() {
  const { unitId } = useScope();
  const [chosen, setChosen] = useState<number | null | undefined>(undefined);
  return [chosen === undefined ? unitId : chosen, setChosen] as const;
}

function RequestsTab({ onOpenReceipt }: { onOpenReceipt: (id: string) => void }) {
  const { t, i18n } = useTranslation(['receipts', 'common']);
  const idTypeLabel = useIdTypeLabel();
  const [status, setStatus] = useState<RequestStatus | 'all'>('requested');
  const [orgId, setOrgId] = useUnitFilter();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging();
  const [issuing, setIssuing] = useState<ReceiptRequestView | null>(null);
  const [refusing, setRefusing] = useState<ReceiptRequestView | null>(null);
  const requests = useReceiptRequests({
    status: status === 'all' ? undefined : status,
    orgId: orgId ?? undefined,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    page,
    pageSize,
  });
  const data = requests.data;

  return (
    <>
      <div className="receipts-toolbar">
        <Segmented<RequestStatus | 'all'>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'requested', label: t('requestStatuses.requested') },
            { value: 'issued', label: t('requestStatuses.issued') },
            { value: 'refused', label: t('requestStatuses.refused') },
            { value: 'all', label: t('console.allStatuses') },
          ]}
          data-testid="request-status-filter"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setOrgId(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('console.allUnits')}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
          placeholder={[t('console.rangeFrom'), t('console.rangeTo')]}
          style={{ width: 260, maxWidth: '100%' }}
        />
      </div>
      <Table<ReceiptRequestView>
        rowKey="id"
        size="middle"
        loading={requests.isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={pagination(data?.total ?? 0)}
        data-testid="request-table"
        locale={{
          emptyText: requests.error ? (
            <Empty description={requests.error.message} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={status === 'requested' ? t('console.emptyQueue') : t('console.emptyRequests')}
            />
          ),
        }}
        columns={[
          {
            title: t('fields.requestedAt'),
            dataIndex: 'requestedAt',
            width: 170,
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          {
            title: t('fields.donationNo'),
            dataIndex: 'donationNo',
            width: 190,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: t('fields.payer'),
            key: 'payer',
            ellipsis: true,
            width: 250,
            render: (_, r) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{r.payerName}</div>
                <div className="ellipsis-line muted" style={{ fontSize: 12 }}>
                  {idTypeLabel(r.payerIdType)} <span className="mono">{r.payerIdMasked}</span>
                </div>
              </div>
            ),
          },
          {
            title: t('fields.org'),
            dataIndex: 'orgName',
            width: 130,
            ellipsis: true,
            render: (v: string, r) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{v}</div>
                <div className="ellipsis-line muted" style={{ fontSize: 12 }}>
                  {t(`requesterKinds.${r.requesterKind}`)}
                </div>
              </div>
            ),
          },
          {
            title: t('fields.amount'),
            dataIndex: 'amountFen',
            width: 130,
            align: 'right',
            render: (f: number) => <span className="money">{formatFen(f)}</span>,
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 130,
            render: (s: RequestStatus, r) => (
              <div>
                <RequestStatusTag status={s} />
                {r.refusalReason && (
                  <div className="muted ellipsis-line" style={{ fontSize: 12 }} title={r.refusalReason}>
                    {r.refusalReason}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('console.actions'),
            key: 'actions',
            width: 140,
            fixed: 'right',
            render: (_, r) =>
              r.status === 'requested' ? (
                <Space size="small">
                  <Button size="small" type="primary" onClick={() => setIssuing(r)} data-testid="request-issue">
                    {t('console.issue')}
                  </Button>
                  <Button size="small" danger onClick={() => setRefusing(r)} data-testid="request-refuse">
                    {t('console.refuse')}
                  </Button>
                </Space>
              ) : r.receiptId ? (
                <Button size="small" onClick={() => onOpenReceipt(r.receiptId!)}>
                  {t('console.view')}
                </Button>
              ) : null,
          },
        ]}
      />
      <IssueModal
        request={issuing}
        onClose={() => setIssuing(null)}
        onIssued={(receipt) => {
          setIssuing(null);
          onOpenReceipt(receipt.id);
        }}
      />
      <RefuseModal request={refusing} onClose={() => setRefusing(null)} />
    </>
  );
}

function ReceiptsTab({ onOpenReceipt }: { onOpenReceipt: (id: string) => void }) {
  const { t, i18n } = useTranslation(['receipts', 'common']);
  const [orgId, setOrgId] = useUnitFilter();
  const [kind, setKind] = useState<ReceiptKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const { page, pageSize, setPage, pagination } = usePaging();
  const receipts = useFiscalReceipts({ orgId: orgId ?? undefined, kind, q: q || undefined, page, pageSize });
  const data = receipts.data;
  return (
    <>
      <div className="receipts-toolbar">
        <Input.Search
          allowClear
          placeholder={t('console.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 300, maxWidth: '100%' }}
          data-testid="receipt-search"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setOrgId(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('console.allUnits')}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <Select<ReceiptKind>
          allowClear
          placeholder={t('console.allKinds')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={(['original', 'void'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          style={{ width: 130 }}
        />
      </div>
      <Table<FiscalReceiptView>
        rowKey="id"
        size="middle"
        loading={receipts.isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={pagination(data?.total ?? 0)}
        onRow={(r) => ({ onClick: () => onOpenReceipt(r.id), style: { cursor: 'pointer' } })}
        data-testid="receipt-table"
        locale={{
          emptyText: receipts.error ? (
            <Empty description={receipts.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.emptyReceipts')} />
          ),
        }}
        columns={[
          {
            title: t('fields.issuedAt'),
            dataIndex: 'issuedAt',
            width: 170,
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          {
            title: `${t('fields.receiptCode')}-${t('fields.receiptNumber')}`,
            key: 'number',
            width: 210,
            render: (_, r) => (
              <span className="mono" data-testid="receipt-row-number">
                {r.receiptCode}-{r.receiptNumber}
              </span>
            ),
          },
          {
            title: t('fields.kind'),
            key: 'kind',
            width: 230,
            render: (_, r) => {
              const link = r.voids ?? r.voidedBy;
              return (
                <div>
                  <ReceiptKindTags r={r} />
                  {link && (
                    <div className="muted" style={{ fontSize: 12, marginTop: 2 }}>
                      {r.voids ? t('detail.voids') : t('detail.voidedBy')}{' '}
                      <span className="mono">
                        {link.receiptCode}-{link.receiptNumber}
                      </span>
                    </div>
                  )}
                </div>
              );
            },
          },
          {
            title: t('fields.payer'),
            key: 'payer',
            ellipsis: true,
            render: (_, r) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{r.payerName}</div>
                <div className="ellipsis-line muted mono" style={{ fontSize: 12 }}>
                  {r.payerIdMasked}
                </div>
              </div>
            ),
          },
          {
            title: t('fields.donationNo'),
            dataIndex: 'donationNo',
            width: 180,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: t('fields.total'),
            dataIndex: 'totalFen',
            width: 130,
            align: 'right',
            render: (f: number) => <span className="money">{formatFen(f)}</span>,
          },
        ]}
      />
    </>
  );
}

export function ReceiptsPage() {
  const { t } = useTranslation('receipts');
  const [tab, setTab] = useState<'queue' | 'receipts'>('queue');
  const [openReceipt, setOpenReceipt] = useState<string | null>(null);
  const { unitId } = useScope();
  const pending = useReceiptRequests({ status: 'requested', orgId: unitId ?? undefined, page: 1, pageSize: 1 });
  return (
    <Card title={t('console.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'queue' | 'receipts')}
        items={[
          {
            key: 'queue',
            label: (
              <span data-testid="tab-queue">
                {t('console.queueTab')}{' '}
                <Badge count={pending.data?.total ?? 0} size="small" style={{ marginInlineStart: 4 }} />
              </span>
            ),
            children: <RequestsTab onOpenReceipt={setOpenReceipt} />,
          },
          {
            key: 'receipts',
            label: <span data-testid="tab-receipts">{t('console.receiptsTab')}</span>,
            children: <ReceiptsTab onOpenReceipt={setOpenReceipt} />,
          },
        ]}
      />
      <ReceiptDrawer receiptId={openReceipt} onClose={() => setOpenReceipt(null)} />
    </Card>
  );
}

// 捐赠票据 in a gift's drawer: its receipt status, its requests and documents, and what finance (receipts:issue) can
// do for it — issue or refuse a pending request, enter a request for the donor, record a waiver, open a receipt
// (and reverse it there). Staff without receipts:issue see the status only.
import { FileDoneOutlined, FormOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { receiptStatusValues } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan } from '../../../app/session';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type FiscalReceiptView, type ReceiptRequestView, useFiscalReceipts, useReceiptRequests } from '../api';
import { IssueModal, RefuseModal, StaffRequestModal, WaiverModal } from './decision-modals';
import { ReceiptDrawer, ReceiptKindTags } from './receipt-drawer';
import { RequestStatusTag } from './request-status-tag';

type GiftReceiptStatus = (typeof receiptStatusValues)[number];

/** The gift as the panel needs it (the donations feature's DonationView has these fields). */
export type ReceiptGift = { id: string; receiptStatus: GiftReceiptStatus; isRefunded: boolean };

const giftStatusColors: Record<GiftReceiptStatus, string> = {
  none: 'default',
  waived: 'default',
  anonymous: 'default',
  requested: 'processing',
  issued: 'success',
};

export function GiftReceiptPanel({ gift }: { gift: ReceiptGift }) {
  const { t, i18n } = useTranslation(['receipts', 'common']);
  const can = useCan();
  const mayIssue = can('receipts:issue');
  const requests = useReceiptRequests({ donationId: gift.id, page: 1, pageSize: 20 }, mayIssue);
  const receipts = useFiscalReceipts({ donationId: gift.id, page: 1, pageSize: 20 }, mayIssue);
  const [dialog, setDialog] = useState<'request' | 'waiver' | null>(null);
  const [issuing, setIssuing] = useState<ReceiptRequestView | null>(null);
  const [refusing, setRefusing] = useState<ReceiptRequestView | null>(null);
  const [openReceipt, setOpenReceipt] = useState<string | null>(null);
  const pending = requests.data?.items.find((r) => r.status === 'requested');
  const mayAsk = !gift.isRefunded && ['none', 'waived', 'anonymous'].includes(gift.receiptStatus);

  return (
    <section data-testid="gift-receipt" data-status={gift.receiptStatus} style={{ marginTop: 20 }}>
      <Typography.Title level={5} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        {t('gift.title')}
        <Tag color={giftStatusColors[gift.receiptStatus]} data-testid="gift-receipt-status">
          {t(`giftStatuses.${gift.receiptStatus}`)}
        </Tag>
      </Typography.Title>
      {mayIssue && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {pending && (
              <>
                <Button
                  type="primary"
                  size="small"
                  icon={<FileDoneOutlined />}
                  onClick={() => setIssuing(pending)}
                  data-testid="gift-receipt-issue"
                >
                  {t('console.issue')}
                </Button>
                <Button danger size="small" onClick={() => setRefusing(pending)} data-testid="gift-receipt-refuse">
                  {t('console.refuse')}
                </Button>
              </>
            )}
            {mayAsk && (
              <Button
                size="small"
                icon={<FormOutlined />}
                onClick={() => setDialog('request')}
                data-testid="gift-receipt-request"
              >
                {t('gift.requestForDonor')}
              </Button>
            )}
            {mayAsk && gift.receiptStatus === 'none' && (
              <Button
                size="small"
                icon={<StopOutlined />}
                onClick={() => setDialog('waiver')}
                data-testid="gift-receipt-waive"
              >
                {t('gift.waive')}
              </Button>
            )}
          </Space>
          {(receipts.data?.items.length ?? 0) > 0 && (
            <Table<FiscalReceiptView>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={receipts.data?.items ?? []}
              onRow={(r) => ({ onClick: () => setOpenReceipt(r.id), style: { cursor: 'pointer' } })}
              style={{ marginBottom: 12 }}
              data-testid="gift-receipt-documents"
              columns={[
                {
                  title: t('gift.receipts'),
                  key: 'number',
                  render: (_, r) => (
                    <span className="mono">
                      {r.receiptCode}-{r.receiptNumber}
                    </span>
                  ),
                },
                { title: t('fields.kind'), key: 'kind', width: 140, render: (_, r) => <ReceiptKindTags r={r} /> },
                {
                  title: t('fields.total'),
                  dataIndex: 'totalFen',
                  width: 110,
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
              ]}
            />
          )}
          <Table<ReceiptRequestView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={requests.data?.items ?? []}
            loading={requests.isLoading}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gift.noRequests')} /> }}
            data-testid="gift-receipt-requests"
            columns={[
              {
                title: t('gift.requests'),
                dataIndex: 'requestedAt',
                width: 160,
                render: (v: string) => formatDateTime(v, i18n.language),
              },
              {
                title: t('fields.payer'),
                key: 'payer',
                ellipsis: true,
                render: (_, r) => (
                  <span>
                    {r.payerName} <span className="mono muted">{r.payerIdMasked}</span>
                  </span>
                ),
              },
              {
                title: t('fields.status'),
                dataIndex: 'status',
                width: 150,
                render: (s: ReceiptRequestView['status'], r) => (
                  <span title={r.refusalReason ?? undefined}>
                    <RequestStatusTag status={s} />
                    {r.requesterKind === 'staff' && <span className="muted">{t('requesterKinds.staff')}</span>}
                  </span>
                ),
              },
            ]}
          />
        </>
      )}
      <IssueModal
        request={issuing}
        onClose={() => setIssuing(null)}
        onIssued={(receipt) => {
          setIssuing(null);
          setOpenReceipt(receipt.id);
        }}
      />
      <RefuseModal request={refusing} onClose={() => setRefusing(null)} />
      <StaffRequestModal donationId={dialog === 'request' ? gift.id : null} onClose={() => setDialog(null)} />
      <WaiverModal donationId={dialog === 'waiver' ? gift.id : null} onClose={() => setDialog(null)} />
      <ReceiptDrawer receiptId={openReceipt} onClose={() => setOpenReceipt(null)} />
    </section>
  );
}

// One issued document with every statutory field, its item lines, its PDF (shown inline and openable) and the
// document it is linked to: a reversal names the original it cancels, a voided original names its reversal, and a
// click moves between them. Finance reverses (冲红) a valid original from here.
import { FilePdfOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Grid, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type FiscalReceiptView, receiptPdfHref, useFiscalReceipt } from '../api';
import { useIdTypeLabel } from '../components/labels';
import { verifyPath } from '../verify-input';
import { VoidModal } from './decision-modals';
import '../components/receipts.css';

type Line = FiscalReceiptView['lines'][number];

export function ReceiptKindTags({ r }: { r: Pick<FiscalReceiptView, 'kind' | 'state'> }) {
  const { t } = useTranslation('receipts');
  return (
    <>
      <Tag color={r.kind === 'void' ? 'orange' : 'red'}>{t(`kinds.${r.kind}`)}</Tag>
      <Tag color={r.state === 'valid' ? 'success' : 'default'}>{t(`states.${r.state}`)}</Tag>
    </>
  );
}

type DocumentLink = { id: string; receiptCode: string; receiptNumber: string };

function LinkButton({ link, onOpen }: { link: DocumentLink; onOpen: (id: string) => void }) {
  return (
    <Typography.Link onClick={() => onOpen(link.id)} data-testid="receipt-linked">
      <span className="mono">
        {link.receiptCode}-{link.receiptNumber}
      </span>
    </Typography.Link>
  );
}

export function ReceiptDrawer({ receiptId, onClose }: { receiptId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['receipts', 'common']);
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const idTypeLabel = useIdTypeLabel();
  // The drawer follows links between an original and its reversal; it starts on the document it was opened for.
  const [shownId, setShownId] = useState<string | null>(null);
  const [openedFor, setOpenedFor] = useState(receiptId);
  if (openedFor !== receiptId) {
    setOpenedFor(receiptId);
    setShownId(null);
  }
  const id = receiptId === null ? null : (shownId ?? receiptId);
  const receipt = useFiscalReceipt(id);
  const [voiding, setVoiding] = useState<FiscalReceiptView | null>(null);
  const r = receipt.data;

  return (
    <Drawer
      open={receiptId !== null}
      onClose={onClose}
      title={r ? `${t('detail.title')} · ${r.receiptCode}-${r.receiptNumber}` : t('detail.title')}
      size={screens.lg ? 720 : '100%'}
      extra={
        r && (
          <Space>
            <Button
              icon={<FilePdfOutlined />}
              href={receiptPdfHref(r.id)}
              target="_blank"
              data-testid="receipt-open-pdf"
            >
              {t('console.openPdf')}
            </Button>
            {can('receipts:issue') && r.kind === 'original' && r.state === 'valid' && (
              <Button danger icon={<RollbackOutlined />} onClick={() => setVoiding(r)} data-testid="receipt-void">
                {t('void.action')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {receipt.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {receipt.error && <Alert type="error" showIcon title={receipt.error.message} />}
      {r && (
        <div data-testid="receipt-detail" data-kind={r.kind} data-state={r.state}>
          {r.kind === 'void' && r.voids && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('void.done', { receipt: `${r.receiptCode}-${r.receiptNumber}` })}
              description={`${t('detail.voids')}: ${r.voids.receiptCode}-${r.voids.receiptNumber}`}
            />
          )}
          {r.kind === 'original' && r.voidedBy && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('void.alreadyVoided')}
              description={`${t('detail.voidedBy')}: ${r.voidedBy.receiptCode}-${r.voidedBy.receiptNumber}`}
            />
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('fields.receiptCode')}>
              <span className="mono" data-testid="receipt-code">
                {r.receiptCode}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.receiptNumber')}>
              <span className="mono" data-testid="receipt-number">
                {r.receiptNumber}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.checkCode')}>
              <span className="mono" data-testid="receipt-check">
                {r.checkCode}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.issuedAt')}>
              {formatDateTime(r.issuedAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.kind')}>
              <ReceiptKindTags r={r} />
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.issuer')}>{t(`issuers.${r.issuer}`)}</Descriptions.Item>
            <Descriptions.Item label={t('fields.payerName')} span={2}>
              {r.payerName}
            </Descriptions.Item>
            <Descriptions.Item label={idTypeLabel(r.payerIdType)} span={2}>
              <span className="mono">{r.payerIdMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.payee')} span={2}>
              {r.payeeName}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.total')}>
              <strong>{formatFen(r.totalFen)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.donationNo')}>
              <span className="mono">{r.donationNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.reviewer')}>{r.reviewer}</Descriptions.Item>
            <Descriptions.Item label={t('fields.cashier')}>{r.cashier}</Descriptions.Item>
            <Descriptions.Item label={t('fields.notes')} span={2}>
              {r.notes || '—'}
            </Descriptions.Item>
            {r.voidReason && (
              <Descriptions.Item label={t('fields.voidReason')} span={2}>
                {r.voidReason}
              </Descriptions.Item>
            )}
            {/* Descriptions reads its items' props: each item is written out here, not wrapped in a component. */}
            {r.voids && (
              <Descriptions.Item label={t('detail.voids')} span={2}>
                <LinkButton link={r.voids} onOpen={setShownId} />
              </Descriptions.Item>
            )}
            {r.voidedBy && (
              <Descriptions.Item label={t('detail.voidedBy')} span={2}>
                <LinkButton link={r.voidedBy} onOpen={setShownId} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('detail.verifyLink')} span={2}>
              <Typography.Link
                href={verifyPath({ code: r.receiptCode, number: r.receiptNumber, check: r.checkCode })}
                target="_blank"
              >
                {t('verify.title')}
              </Typography.Link>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('fields.lines')}
          </Typography.Title>
          <Table<Line>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={r.lines}
            columns={[
              {
                title: t('fields.lineCode'),
                dataIndex: 'code',
                width: 110,
                render: (v: string) => <span className="mono">{v}</span>,
              },
              { title: t('fields.lineName'), dataIndex: 'name' },
              { title: t('fields.unit'), dataIndex: 'unit', width: 70 },
              { title: t('fields.quantity'), dataIndex: 'quantity', width: 70, align: 'right' },
              {
                title: t('fields.amount'),
                dataIndex: 'amountFen',
                width: 130,
                align: 'right',
                render: (f: number) => formatFen(f),
              },
            ]}
          />
          <iframe className="receipts-pdf-frame" title={t('console.pdf')} src={receiptPdfHref(r.id)} />
        </div>
      )}
      <VoidModal
        receipt={voiding}
        onClose={() => setVoiding(null)}
        onVoided={(reversal) => {
          setVoiding(null);
          setShownId(reversal.id);
        }}
      />
    </Drawer>
  );
}

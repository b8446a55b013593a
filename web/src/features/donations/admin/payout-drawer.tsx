// One payout: who asked, who decided, its evidence and public ledger entry, and the gifts it spent (first in, first out).
import { Alert, Descriptions, Drawer, Empty, Grid, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PayoutView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useMe } from '../../../app/session';
import { formatDateTime } from '../../../lib/china-time';
import { fileUrl, ledgerEntryUrl, usePayout } from '../api';
import { PayoutDecisionButtons } from './payout-decision';
import { Money, PayoutStatusTag } from './tags';

type Spend = PayoutView['spends'][number];

export function PayoutDrawer({ payoutId, onClose }: { payoutId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const screens = Grid.useBreakpoint();
  const { data: me } = useMe();
  const payout = usePayout(payoutId);
  const p = payout.data;
  const who = (userId: string | null) =>
    userId === null ? '—' : userId === me?.userId ? t('common.me') : t('common.otherUser');

  return (
    <Drawer
      open={payoutId !== null}
      onClose={onClose}
      title={p ? `${t('payouts.detailTitle')} · ${p.payoutNo}` : t('payouts.detailTitle')}
      size={screens.md ? 600 : '100%'}
      extra={p && <PayoutDecisionButtons payout={p} size="small" />}
    >
      {payout.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {payout.error && <Alert type="error" showIcon title={payout.error.message} />}
      {p && (
        <div data-testid="payout-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('payouts.payoutNo')}>
              <span className="mono">{p.payoutNo}</span> <PayoutStatusTag status={p.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.amount')}>
              <Money fen={p.amountFen} strong />
            </Descriptions.Item>
            <Descriptions.Item label={t('payouts.fund')}>{p.fundName}</Descriptions.Item>
            <Descriptions.Item label={t('payouts.payee')}>
              {p.payeeName} <span className="muted">· {t(`payeeKinds.${p.payeeKind}`)}</span>
              {p.payeeDisplay !== p.payeeName && <span className="muted"> ({p.payeeDisplay})</span>}
            </Descriptions.Item>
            <Descriptions.Item label={t('payouts.purpose')}>
              {p.purpose}
              {p.isManagementFee && (
                <Tag color="purple" style={{ marginInlineStart: 8 }}>
                  {t('payouts.managementFee')}
                </Tag>
              )}
            </Descriptions.Item>
            {(p.supplier || p.unitPriceFen !== null || p.quantity !== null) && (
              <Descriptions.Item label={t('payouts.supplier')}>
                {p.supplier ?? '—'}
                {p.unitPriceFen !== null && (
                  <span className="muted">
                    {' '}
                    · <Money fen={p.unitPriceFen} /> × {p.quantity ?? 1}
                  </span>
                )}
              </Descriptions.Item>
            )}
            {p.isRelatedParty && (
              <Descriptions.Item label={t('payouts.relatedParty')}>
                <Tag color="warning">{t('common.yes')}</Tag>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('payouts.requestedBy')}>
              {who(p.requestedBy)} <span className="muted">· {formatDateTime(p.requestedAt, i18n.language)}</span>
            </Descriptions.Item>
            {p.decidedAt && (
              <Descriptions.Item label={t('payouts.decidedBy')}>
                {who(p.decidedBy)} <span className="muted">· {formatDateTime(p.decidedAt, i18n.language)}</span>
              </Descriptions.Item>
            )}
            {p.decisionNote && <Descriptions.Item label={t('payouts.note')}>{p.decisionNote}</Descriptions.Item>}
            <Descriptions.Item label={t('payouts.evidence')}>
              {p.evidenceFileId ? (
                <Typography.Link href={fileUrl(p.evidenceFileId)} target="_blank">
                  {t('common.view')}
                </Typography.Link>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            {p.ledgerIndex !== null && (
              <Descriptions.Item label={t('fields.ledgerIndex')}>
                <Typography.Link href={ledgerEntryUrl(p.ledgerIndex)} target="_blank">
                  #{p.ledgerIndex}
                </Typography.Link>
              </Descriptions.Item>
            )}
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('payouts.spends')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('payouts.spendsHint')}
          </Typography.Paragraph>
          <Table<Spend>
            rowKey={(s) => `${s.lotIndex}-${s.donationNo}`}
            size="small"
            dataSource={p.spends}
            pagination={p.spends.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={p.status === 'pending' ? t('payouts.noSpends') : t('common.none')}
                />
              ),
            }}
            columns={[
              {
                title: t('payouts.lotIndex'),
                dataIndex: 'lotIndex',
                width: 100,
                render: (v: number) => <span className="money">#{v}</span>,
              },
              {
                title: t('fields.donationNo'),
                dataIndex: 'donationNo',
                render: (v: string) => <span className="mono">{v}</span>,
              },
              {
                title: t('fields.amount'),
                dataIndex: 'amountFen',
                width: 140,
                align: 'right',
                render: (f: number) => <Money fen={f} />,
              },
            ]}
            summary={(rows) =>
              rows.length > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    {t('funds.total')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <Money fen={rows.reduce((s, r) => s + r.amountFen, 0)} strong />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
            data-testid="payout-spends"
          />
        </div>
      )}
    </Drawer>
  );
}

// One gift with its trail: the payouts that spent it (first in, first out), what is still unspent, its public ledger
// entry and the evidence files.
import { Alert, Descriptions, Drawer, Empty, Grid, Progress, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DonationView } from '../../../../../server/src/modules/donations/donations.schemas';
import { formatDateTime } from '../../../lib/china-time';
import { GiftReceiptPanel } from '../../receipts/admin/gift-receipt-panel';
import { fileUrl, ledgerEntryUrl, publicProjectUrl, useDonation } from '../api';
import { GiftActions } from './gift-actions';
import { ChannelTag, Money } from './tags';

type Spend = DonationView['spends'][number];
type Move = DonationView['moves'][number];

export function DonationDrawer({ donationId, onClose }: { donationId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const screens = Grid.useBreakpoint();
  const donation = useDonation(donationId);
  const d = donation.data;
  const spentFen = d ? d.amountFen - d.unspentFen : 0;

  return (
    <Drawer
      open={donationId !== null}
      onClose={onClose}
      title={d ? `${t('detail.title')} · ${d.donationNo}` : t('detail.title')}
      size={screens.md ? 600 : '100%'}
    >
      {donation.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {donation.error && <Alert type="error" showIcon title={donation.error.message} />}
      {d && (
        <div data-testid="donation-detail">
          <GiftActions donation={d} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('fields.donationNo')}>
              <span className="mono">{d.donationNo}</span>
              {d.isRefunded && (
                <Tag color="error" style={{ marginInlineStart: 8 }}>
                  {t('common.refunded')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.amount')}>
              <Money fen={d.amountFen} strong />
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.receivedAt')}>
              {formatDateTime(d.receivedAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.channel')}>
              <ChannelTag channel={d.channel} />
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.project')}>
              <Typography.Link href={publicProjectUrl(d.projectCode)} target="_blank">
                {d.projectName}
              </Typography.Link>{' '}
              <span className="mono muted">{d.projectCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.unit')}>{d.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.donor')}>
              {d.donorName ?? '—'} <span className="muted">· {t(`donorKinds.${d.donorKind}`)}</span>
              {d.isAnonymous && <Tag style={{ marginInlineStart: 8 }}>{t('common.anonymous')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.publicName')}>{d.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.phone')}>{d.phoneMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.intent')}>
              {t(`fundKinds.${d.intent}`)}
              {d.intentNote ? <span className="muted"> · {d.intentNote}</span> : null}
            </Descriptions.Item>
            {d.message && <Descriptions.Item label={t('fields.message')}>{d.message}</Descriptions.Item>}
            <Descriptions.Item label={t('fields.receipt')}>{t(`receiptStatus.${d.receiptStatus}`)}</Descriptions.Item>
            <Descriptions.Item label={t('fields.ledgerIndex')}>
              <Typography.Link href={ledgerEntryUrl(d.ledgerIndex)} target="_blank" data-testid="donation-ledger-index">
                #{d.ledgerIndex}
              </Typography.Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.evidence')}>
              {d.evidenceFileId ? (
                <Typography.Link href={fileUrl(d.evidenceFileId)} target="_blank" data-testid="donation-evidence">
                  {t('common.view')}
                </Typography.Link>
              ) : (
                <span className="muted">—</span>
              )}
            </Descriptions.Item>
            {d.agreementFileId && (
              <Descriptions.Item label={t('detail.agreement')}>
                <Typography.Link href={fileUrl(d.agreementFileId)} target="_blank">
                  {t('common.view')}
                </Typography.Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <GiftReceiptPanel gift={d} />

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('detail.trail')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('detail.trailHint')}
          </Typography.Paragraph>
          <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', marginBottom: 8 }}>
            <span>
              {t('detail.spent')}: <Money fen={spentFen} strong />
            </span>
            <span data-testid="donation-unspent">
              {t('detail.unspent')}: <Money fen={d.unspentFen} strong />
            </span>
          </div>
          <Progress
            percent={d.amountFen > 0 ? Math.round((spentFen / d.amountFen) * 100) : 0}
            strokeColor="#c8102e"
            size="small"
          />
          <Table<Spend>
            rowKey="payoutNo"
            size="small"
            dataSource={d.spends}
            pagination={false}
            scroll={{ x: 520 }}
            style={{ marginTop: 8 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noSpends')} /> }}
            columns={[
              {
                title: t('detail.payoutNo'),
                dataIndex: 'payoutNo',
                width: 170,
                render: (v: string) => <span className="mono">{v}</span>,
              },
              { title: t('detail.purpose'), dataIndex: 'purpose', ellipsis: true },
              { title: t('detail.payee'), dataIndex: 'payeeDisplay', width: 110, ellipsis: true },
              {
                title: t('fields.amount'),
                dataIndex: 'amountFen',
                width: 120,
                align: 'right',
                render: (f: number) => <Money fen={f} />,
              },
              {
                title: t('detail.paidAt'),
                dataIndex: 'paidAt',
                width: 160,
                render: (v: string | null) => formatDateTime(v, i18n.language),
              },
            ]}
            data-testid="donation-spends"
          />
          {d.moves.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('detail.moves')}
              </Typography.Title>
              <Table<Move>
                rowKey="allocationNo"
                size="small"
                dataSource={d.moves}
                pagination={false}
                scroll={{ x: 520 }}
                columns={[
                  {
                    title: t('detail.allocationNo'),
                    dataIndex: 'allocationNo',
                    width: 170,
                    render: (v: string) => <span className="mono">{v}</span>,
                  },
                  { title: t('detail.toFund'), dataIndex: 'toFundName', ellipsis: true },
                  { title: t('detail.purpose'), dataIndex: 'purpose', ellipsis: true },
                  {
                    title: t('fields.amount'),
                    dataIndex: 'amountFen',
                    width: 120,
                    align: 'right',
                    render: (f: number) => <Money fen={f} />,
                  },
                  {
                    title: t('detail.paidAt'),
                    dataIndex: 'at',
                    width: 160,
                    render: (v: string | null) => formatDateTime(v, i18n.language),
                  },
                ]}
                data-testid="donation-moves"
              />
            </>
          )}
        </div>
      )}
    </Drawer>
  );
}

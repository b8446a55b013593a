// 批次详情: one lot from the donor to its final recipients — the exact product and quantity received, the two counts,
// the value and its evidence, stock by warehouse (with transfer / distribute / write-off), and every movement with
// its product, quantity, recipient, receipt and ledger index; a link to the public trace page.
import { ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { fileUrl, type LotView, type MovementView, publicLotPath, useLot } from '../api';
import { ExpiryBadge, KindTag, LotStatusTag, ProductCode, Units, useWho } from '../components/tags';
import { CountersignModal } from './countersign-modal';
import { type MoveAction, MovementModal, type StockLine } from './movement-modal';

type Props = { lotId: string | null; onClose: () => void };

function StepTitle({ m }: { m: MovementView }) {
  const { t } = useTranslation('goods');
  const to = m.kind === 'distribution' ? (m.recipientName ?? m.recipientDisplay ?? '') : (m.toWarehouseName ?? '');
  return (
    <Space size={6} wrap>
      <KindTag kind={m.kind} />
      <span>{t(`lot.step.${m.kind}`, { from: m.fromWarehouseName ?? '', to })}</span>
    </Space>
  );
}

function Trail({ lot }: { lot: LotView }) {
  const { t, i18n } = useTranslation('goods');
  const who = useWho();
  if (lot.movements.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lot.noMovements')} />;
  }
  return (
    <Timeline
      data-testid="lot-trail"
      items={lot.movements.map((m) => ({
        key: m.id,
        color:
          m.kind === 'intake' ? 'green' : m.kind === 'transfer' ? 'blue' : m.kind === 'distribution' ? 'red' : 'gray',
        content: (
          <div data-testid={`trail-${m.kind}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
              <StepTitle m={m} />
              <span style={{ whiteSpace: 'nowrap' }}>
                <Units quantity={m.quantity} unit={lot.unit} strong /> <ProductCode code={lot.productCode} />
              </span>
            </div>
            <div className="goods-sub">
              {formatDateTime(m.occurredAt, i18n.language)} · <span className="goods-mono">{m.movementNo}</span> ·{' '}
              {t('lot.ledger')} #{m.ledgerIndex}
              {m.valueFen !== null && <> · {formatFen(m.valueFen)}</>}
            </div>
            {m.purpose && (
              <div className="goods-sub">
                {m.kind === 'write_off' ? `${t(`reasons.${m.reason ?? 'other'}`)} · ` : ''}
                {m.purpose}
              </div>
            )}
            <div className="goods-sub">
              {t('movements.recordedBy')}: {who(m.recordedBy)}
              {m.approvedBy && (
                <>
                  {' '}
                  · {t('lot.approvedBy')}: {who(m.approvedBy)}
                </>
              )}
              {m.evidenceFileId && (
                <>
                  {' · '}
                  <Typography.Link href={fileUrl(m.evidenceFileId)} target="_blank" rel="noreferrer">
                    {m.kind === 'distribution' ? t('lot.receipt') : t('lot.evidence')}
                  </Typography.Link>
                </>
              )}
            </div>
          </div>
        ),
      }))}
    />
  );
}

export function LotDrawer({ lotId, onClose }: Props) {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const can = useCan();
  const who = useWho();
  const lot = useLot(lotId);
  const [countersigning, setCountersigning] = useState(false);
  const [move, setMove] = useState<{ action: MoveAction; line: StockLine } | null>(null);
  const l = lot.data;

  return (
    <Drawer
      open={lotId !== null}
      onClose={onClose}
      size={760}
      title={
        l ? (
          <Space>
            <span>{t('lot.title')}</span>
            <span className="goods-mono" data-testid="lot-no">
              {l.lotNo}
            </span>
            <LotStatusTag status={l.status} />
          </Space>
        ) : (
          t('lot.title')
        )
      }
      extra={
        l?.status === 'received' && (
          <Button icon={<ExportOutlined />} href={publicLotPath(l.lotNo)} target="_blank" data-testid="lot-public-link">
            {t('lot.publicTrace')}
          </Button>
        )
      }
      destroyOnHidden
    >
      {lot.isLoading && <Spin />}
      {lot.error && <Alert type="error" showIcon title={lot.error.message} />}
      {l && (
        <div data-testid="lot-drawer">
          {l.status === 'pending' && can('goods:approve') && (
            <Alert
              type="warning"
              showIcon
              title={t('status.pending')}
              action={
                <Button
                  type="primary"
                  size="small"
                  onClick={() => setCountersigning(true)}
                  data-testid="lot-countersign"
                >
                  {t('lots.countersign')}
                </Button>
              }
              style={{ marginBottom: 12 }}
            />
          )}
          <Descriptions
            size="small"
            column={2}
            bordered
            styles={{ label: { width: 116 } }}
            items={[
              {
                key: 'product',
                label: t('lot.product'),
                span: 2,
                children: (
                  <Space wrap>
                    <strong>{l.itemName}</strong>
                    <ProductCode code={l.productCode} />
                    <span>{l.spec}</span>
                  </Space>
                ),
              },
              { key: 'standard', label: t('lot.standard'), children: l.standard ?? '—' },
              {
                key: 'packing',
                label: t('lot.packing'),
                children:
                  l.piecesPerUnit && l.pieceUnit
                    ? t('lot.packingValue', { unit: l.unit, pieces: l.piecesPerUnit, pieceUnit: l.pieceUnit })
                    : '—',
              },
              { key: 'donor', label: t('lots.donor'), span: 2, children: l.donorName ?? l.displayName },
              {
                key: 'qty',
                label: t('lot.quantityReceived'),
                children: <Units quantity={l.quantity} unit={l.unit} strong />,
              },
              { key: 'stock', label: t('lot.inStock'), children: <Units quantity={l.inStock} unit={l.unit} /> },
              { key: 'out', label: t('lot.distributed'), children: <Units quantity={l.distributed} unit={l.unit} /> },
              { key: 'off', label: t('lot.writtenOff'), children: <Units quantity={l.writtenOff} unit={l.unit} /> },
              {
                key: 'dates',
                label: t('lot.dates'),
                children: (
                  <Space wrap>
                    <span>
                      {l.productionDate ?? '—'} / {l.expiresOn ?? '—'}
                    </span>
                    <ExpiryBadge expiresOn={l.expiresOn} />
                  </Space>
                ),
              },
              {
                key: 'shelf',
                label: t('lot.minShelf'),
                children: t('lot.minShelfValue', { months: l.minShelfMonths }),
              },
              {
                key: 'value',
                label: t('lot.valuation'),
                children:
                  l.valueFen === null ? (
                    t('valuation.none')
                  ) : (
                    <span>
                      {formatFen(l.valueFen)}
                      {l.unitValueFen !== null && (
                        <span className="goods-muted">
                          {' '}
                          ({formatFen(l.unitValueFen)} × {l.quantity})
                        </span>
                      )}{' '}
                      · {t(`valuation.${l.valuationKind ?? 'none'}`)}
                    </span>
                  ),
              },
              {
                key: 'files',
                label: t('lot.valuationFile'),
                children: (
                  <Space>
                    {l.valuationFileId ? (
                      <Typography.Link href={fileUrl(l.valuationFileId)} target="_blank">
                        {t('lot.valuationFile')}
                      </Typography.Link>
                    ) : (
                      '—'
                    )}
                    {l.letterFileId && (
                      <Typography.Link href={fileUrl(l.letterFileId)} target="_blank">
                        {t('lot.letter')}
                      </Typography.Link>
                    )}
                  </Space>
                ),
              },
              { key: 'unit', label: t('lot.unit'), children: l.orgName },
              { key: 'project', label: t('lot.project'), children: l.projectName ?? '—' },
              {
                key: 'rec',
                label: t('lots.recordedBy'),
                children: (
                  <span>
                    {who(l.recordedBy)}{' '}
                    <span className="goods-muted">· {formatDateTime(l.recordedAt, i18n.language)}</span>
                  </span>
                ),
              },
              {
                key: 'conf',
                label: t('lots.confirmedBy'),
                children: l.confirmedAt ? (
                  <span>
                    {who(l.confirmedBy)}{' '}
                    <span className="goods-muted">· {formatDateTime(l.confirmedAt, i18n.language)}</span>
                  </span>
                ) : (
                  '—'
                ),
              },
              ...(l.decisionNote
                ? [{ key: 'note', label: t('lot.decisionNote'), span: 2, children: l.decisionNote }]
                : []),
              ...(l.ledgerIndex !== null
                ? [{ key: 'ledger', label: t('lot.ledger'), children: `#${l.ledgerIndex}` }]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('lot.stockBy')}
          </Typography.Title>
          <Table
            rowKey="warehouseId"
            size="small"
            pagination={false}
            dataSource={l.stock.filter((s) => s.quantity > 0)}
            locale={{ emptyText: l.status === 'received' ? t('stock.empty') : t('lot.notReceived') }}
            columns={[
              { title: t('stock.warehouse'), dataIndex: 'warehouseName' },
              {
                title: t('stock.quantity'),
                dataIndex: 'quantity',
                align: 'right',
                render: (q: number) => <Units quantity={q} unit={l.unit} strong />,
              },
              ...(can('goods:manage')
                ? [
                    {
                      title: t('stock.actions'),
                      key: 'actions',
                      width: 230,
                      render: (_: unknown, s: LotView['stock'][number]) => {
                        const line: StockLine = {
                          lotId: l.id,
                          lotNo: l.lotNo,
                          itemName: l.itemName,
                          productCode: l.productCode,
                          unit: l.unit,
                          warehouseId: s.warehouseId,
                          warehouseName: s.warehouseName,
                          orgId: s.orgId,
                          quantity: s.quantity,
                        };
                        return (
                          <Space size={4}>
                            <Button
                              size="small"
                              type="primary"
                              onClick={() => setMove({ action: 'distribute', line })}
                              data-testid="lot-distribute"
                            >
                              {t('move.distribute')}
                            </Button>
                            <Button size="small" onClick={() => setMove({ action: 'transfer', line })}>
                              {t('move.transfer')}
                            </Button>
                            <Button size="small" danger onClick={() => setMove({ action: 'writeOff', line })}>
                              {t('move.writeOff')}
                            </Button>
                          </Space>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('lot.trail')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('lot.trailIntro')}</Typography.Paragraph>
          <Trail lot={l} />
          <CountersignModal
            lot={countersigning ? l : null}
            onClose={() => setCountersigning(false)}
            onDone={() => setCountersigning(false)}
          />
          <MovementModal action={move?.action ?? null} line={move?.line} onClose={() => setMove(null)} />
        </div>
      )}
    </Drawer>
  );
}

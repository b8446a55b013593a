// 物资库存: stock lines (lot × warehouse) of the scope unit's subtree or one warehouse, with totals by exact product
// overall and per warehouse, expiry badges, and the actions that move goods out; the second tab lists stock expiring
// within a withinDays (the configured alert withinDays by default) or already expired.
import { Alert, Button, Card, Empty, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import {
  type ExpiringRow,
  type StockRow,
  useAllStock,
  useExpiring,
  useGoodsRules,
  useStock,
  useWarehouses,
} from '../api';
import { ExpiryBadge, ProductCode, Units } from '../components/tags';
import { totalStock } from '../stock-totals';
import { LotDrawer } from './lot-drawer';
import { type MoveAction, MovementModal, type StockLine } from './movement-modal';
import '../components/goods.css';

function Totals({ orgId, warehouseId }: { orgId: number | undefined; warehouseId: number | undefined }) {
  const { t } = useTranslation('goods');
  const all = useAllStock(orgId, warehouseId);
  if (!all.data) {
    return null;
  }
  const { products, warehouses } = totalStock(all.data.items);
  if (products.length === 0) {
    return null;
  }
  return (
    <div data-testid="stock-totals">
      <div className="goods-sub" style={{ marginBottom: 4 }}>
        {t('stock.totals')}
      </div>
      <div className="goods-totals">
        {products.map((p) => (
          <div className="goods-total" key={p.key}>
            <span className="goods-sub">
              {p.itemName} <ProductCode code={p.productCode} />
            </span>
            <span className="goods-total-value">
              {p.quantity.toLocaleString('en-US')} {p.unit}
            </span>
            <span className="goods-sub">{t('stock.lots', { count: p.lots })}</span>
          </div>
        ))}
      </div>
      {warehouses.length > 1 && (
        <Table
          size="small"
          rowKey="warehouseId"
          pagination={false}
          style={{ marginBottom: 16 }}
          dataSource={warehouses}
          columns={[
            { title: t('stock.warehouse'), dataIndex: 'warehouseName', width: 220 },
            {
              title: t('stock.quantity'),
              key: 'products',
              render: (_, w) => (
                <Space size={[16, 4]} wrap>
                  {w.products.map((p) => (
                    <span key={p.key}>
                      {p.itemName} <ProductCode code={p.productCode} />{' '}
                      <Units quantity={p.quantity} unit={p.unit} strong />
                    </span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
      {!all.data.complete && <Alert type="info" showIcon title={t('stock.totalsPartial')} />}
    </div>
  );
}

export function StockPage() {
  const { t } = useTranslation(['goods', 'common']);
  const can = useCan();
  const { unitId } = useScope();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<'stock' | 'expiring'>(params.get('tab') === 'expiring' ? 'expiring' : 'stock');
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [warehouseId, setWarehouseId] = useState<number | undefined>(undefined);
  const [days, setDays] = useState<number | undefined>(undefined);
  const [move, setMove] = useState<{ action: MoveAction; line: StockLine } | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging(50);
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const rules = useGoodsRules();
  const withinDays = days ?? rules.data?.expiryAlertDays ?? 30;
  const warehouses = useWarehouses(orgId, true);
  const stock = useStock({ orgId, warehouseId, page, pageSize });
  const expiring = useExpiring(orgId, withinDays);
  const openId = params.get('lot');
  const openLot = (id: string | null) =>
    setParams(
      (p) => {
        if (id) {
          p.set('lot', id);
        } else {
          p.delete('lot');
        }
        return p;
      },
      { replace: true },
    );

  const actions = can('goods:manage')
    ? [
        {
          title: t('stock.actions'),
          key: 'actions',
          width: 220,
          fixed: 'right' as const,
          render: (_: unknown, line: StockRow) => (
            <Space size={4} onClick={(e) => e.stopPropagation()}>
              <Button
                size="small"
                type="primary"
                onClick={() => setMove({ action: 'distribute', line })}
                data-testid="stock-distribute"
              >
                {t('move.distribute')}
              </Button>
              <Button size="small" onClick={() => setMove({ action: 'transfer', line })} data-testid="stock-transfer">
                {t('move.transfer')}
              </Button>
              <Button
                size="small"
                danger
                onClick={() => setMove({ action: 'writeOff', line })}
                data-testid="stock-write-off"
              >
                {t('move.writeOff')}
              </Button>
            </Space>
          ),
        },
      ]
    : [];

  const itemColumn = {
    title: t('stock.item'),
    key: 'item',
    render: (_: unknown, s: StockRow) => (
      <div style={{ minWidth: 0 }}>
        <Space size={6}>
          <strong>{s.itemName}</strong>
          <ProductCode code={s.productCode} />
        </Space>
        <div className="goods-sub">{s.spec}</div>
      </div>
    ),
  };

  const filters = (
    <div className="goods-toolbar">
      <OrgPicker
        value={orgId}
        onChange={(id) => {
          setChosenOrg(id ?? null);
          setWarehouseId(undefined);
          setPage(1);
        }}
        allowClear
        placeholder={t('common.allUnits')}
        style={{ width: 220 }}
      />
      {tab === 'stock' ? (
        <Select<number>
          allowClear
          placeholder={t('stock.allWarehouses')}
          value={warehouseId}
          onChange={(v) => {
            setWarehouseId(v);
            setPage(1);
          }}
          options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.name} · ${w.orgName}` }))}
          style={{ width: 240 }}
          popupMatchSelectWidth={false}
          data-testid="stock-warehouse"
        />
      ) : (
        <Space>
          <span>{t('stock.expiringWithin')}</span>
          <Select<number>
            value={withinDays}
            onChange={setDays}
            options={[...new Set([7, 30, 60, 90, 180, rules.data?.expiryAlertDays ?? 30])]
              .sort((a, b) => a - b)
              .map((d) => ({ value: d, label: t('stock.days', { days: d }) }))}
            style={{ width: 120 }}
          />
        </Space>
      )}
    </div>
  );

  return (
    <Card title={t('stock.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'stock' | 'expiring')}
        items={[
          { key: 'stock', label: <span data-testid="tab-stock">{t('stock.tabStock')}</span> },
          {
            key: 'expiring',
            label: (
              <span data-testid="tab-expiring">
                {t('stock.tabExpiring')}{' '}
                {(expiring.data?.items.length ?? 0) > 0 && <Tag color="warning">{expiring.data?.items.length}</Tag>}
              </span>
            ),
          },
        ]}
      />
      {filters}
      {tab === 'stock' ? (
        <>
          <Totals orgId={orgId} warehouseId={warehouseId} />
          <Table<StockRow>
            rowKey={(s) => `${s.lotId}:${s.warehouseId}`}
            size="middle"
            loading={stock.isFetching}
            dataSource={stock.data?.items ?? []}
            scroll={{ x: 1100 }}
            onRow={(s) => ({ onClick: () => openLot(s.lotId), style: { cursor: 'pointer' } })}
            pagination={pagination(stock.data?.total ?? 0)}
            locale={{
              emptyText: stock.error ? (
                <Empty description={stock.error.message} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stock.empty')} />
              ),
            }}
            columns={[
              {
                title: t('stock.warehouse'),
                key: 'warehouse',
                width: 200,
                render: (_, s) => (
                  <div>
                    <div>{s.warehouseName}</div>
                    <div className="goods-sub">{s.orgName}</div>
                  </div>
                ),
              },
              itemColumn,
              {
                title: t('stock.lotNo'),
                dataIndex: 'lotNo',
                width: 190,
                render: (v: string) => <span className="goods-mono">{v}</span>,
              },
              {
                title: t('stock.expiresOn'),
                dataIndex: 'expiresOn',
                width: 200,
                render: (v: string | null) => (
                  <Space size={6}>
                    <span className="goods-num">{v ?? '—'}</span>
                    <ExpiryBadge expiresOn={v} />
                  </Space>
                ),
              },
              {
                title: t('stock.quantity'),
                dataIndex: 'quantity',
                width: 120,
                align: 'right',
                render: (q: number, s) => <Units quantity={q} unit={s.unit} strong />,
              },
              ...actions,
            ]}
            data-testid="stock-table"
          />
        </>
      ) : (
        <>
          {expiring.data && expiring.data.items.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('stock.expiringIntro', { before: expiring.data.before })}
              style={{ marginBottom: 12 }}
            />
          )}
          <Table<ExpiringRow>
            rowKey={(s) => `${s.lotId}:${s.warehouseId}`}
            size="middle"
            loading={expiring.isFetching}
            dataSource={expiring.data?.items ?? []}
            scroll={{ x: 1100 }}
            onRow={(s) => ({ onClick: () => openLot(s.lotId), style: { cursor: 'pointer' } })}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{
              emptyText: expiring.error ? (
                <Empty description={expiring.error.message} />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('stock.expiringEmpty', { days: withinDays })}
                />
              ),
            }}
            columns={[
              {
                title: t('stock.expiresOn'),
                dataIndex: 'expiresOn',
                width: 210,
                render: (v: string) => (
                  <Space size={6}>
                    <span className="goods-num">{v}</span>
                    <ExpiryBadge expiresOn={v} showOk />
                  </Space>
                ),
              },
              itemColumn,
              {
                title: t('stock.warehouse'),
                key: 'warehouse',
                width: 200,
                render: (_, s) => (
                  <div>
                    <div>{s.warehouseName}</div>
                    <div className="goods-sub">{s.orgName}</div>
                  </div>
                ),
              },
              {
                title: t('stock.lotNo'),
                dataIndex: 'lotNo',
                width: 190,
                render: (v: string) => <span className="goods-mono">{v}</span>,
              },
              {
                title: t('stock.quantity'),
                dataIndex: 'quantity',
                width: 120,
                align: 'right',
                render: (q: number, s) => <Units quantity={q} unit={s.unit} strong />,
              },
              ...actions,
            ]}
            data-testid="expiring-table"
          />
        </>
      )}
      <LotDrawer lotId={openId} onClose={() => openLot(null)} />
      <MovementModal action={move?.action ?? null} line={move?.line} onClose={() => setMove(null)} />
    </Card>
  );
}

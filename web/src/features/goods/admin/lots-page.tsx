// 物资入库: lots of in-kind gifts in the scope unit's subtree. The first tab lists lots waiting for the second count
// (countersign from the row); staff with goods:manage record a new intake; a row opens the lot's detail and trail.
import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Input, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan, useMe, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type LotRow, type LotStatus, useLots } from '../api';
import { ExpiryBadge, LotStatusTag, ProductCode, Units } from '../components/tags';
import { CountersignModal } from './countersign-modal';
import { IntakeModal } from './intake-modal';
import { LotDrawer } from './lot-drawer';
import '../components/goods.css';

type TabKey = 'pending' | 'all';

export function LotsPage() {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const can = useCan();
  const { data: me } = useMe();
  const { unitId } = useScope();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<TabKey>('pending');
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [q, setQ] = useState('');
  const [recording, setRecording] = useState(false);
  const [countersigning, setCountersigning] = useState<LotRow | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging();
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const status: LotStatus | undefined = tab === 'pending' ? 'pending' : undefined;
  const lots = useLots({ orgId, status, q, page, pageSize });
  const pendingCount = useLots({ orgId, status: 'pending', page: 1, pageSize: 1 }).data?.total ?? 0;
  const openId = params.get('lot');
  const open = (id: string | null) =>
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

  return (
    <Card
      title={t('lots.title')}
      extra={
        can('goods:manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="lot-record">
            {t('lots.record')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as TabKey);
          setPage(1);
        }}
        items={[
          {
            key: 'pending',
            label: (
              <span data-testid="tab-pending">
                {t('lots.toCountersign')} <Badge count={pendingCount} size="small" />
              </span>
            ),
          },
          { key: 'all', label: <span data-testid="tab-all">{t('lots.all')}</span> },
        ]}
      />
      <div className="goods-toolbar">
        <Input.Search
          allowClear
          placeholder={t('lots.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="lot-search"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 220 }}
        />
      </div>
      <Table<LotRow>
        rowKey="id"
        size="middle"
        loading={lots.isFetching}
        dataSource={lots.data?.items ?? []}
        scroll={{ x: 1100 }}
        onRow={(l) => ({ onClick: () => open(l.id), style: { cursor: 'pointer' } })}
        pagination={pagination(lots.data?.total ?? 0)}
        locale={{
          emptyText: lots.error ? (
            <Empty description={lots.error.message} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={tab === 'pending' ? t('lots.pendingEmpty') : t('lots.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('lots.lotNo'),
            dataIndex: 'lotNo',
            width: 190,
            render: (v: string, l) => (
              <div>
                <div className="goods-mono">{v}</div>
                <div className="goods-sub">{formatDateTime(l.receivedAt, i18n.language)}</div>
              </div>
            ),
          },
          {
            title: t('lots.item'),
            key: 'item',
            render: (_, l) => (
              <div style={{ minWidth: 0 }}>
                <Space size={6}>
                  <strong>{l.itemName}</strong>
                  <ProductCode code={l.productCode} />
                  <ExpiryBadge expiresOn={l.expiresOn} />
                </Space>
                <div className="goods-sub">{l.spec}</div>
              </div>
            ),
          },
          {
            title: t('lots.donor'),
            key: 'donor',
            width: 200,
            ellipsis: true,
            render: (_, l) => (
              <div style={{ minWidth: 0 }}>
                <div>
                  {l.donorName ?? l.displayName}
                  {l.isAnonymous && <Tag style={{ marginInlineStart: 6 }}>{t('lots.anonymous')}</Tag>}
                </div>
                <div className="goods-sub">
                  {l.orgName} · {l.warehouseName}
                </div>
              </div>
            ),
          },
          {
            title: t('lots.quantity'),
            dataIndex: 'quantity',
            width: 120,
            align: 'right',
            render: (q: number, l) => <Units quantity={q} unit={l.unit} strong />,
          },
          {
            title: t('lots.inStock'),
            dataIndex: 'inStock',
            width: 110,
            align: 'right',
            render: (q: number, l) => (l.status === 'received' ? <Units quantity={q} unit={l.unit} /> : '—'),
          },
          {
            title: t('lots.value'),
            dataIndex: 'valueFen',
            width: 140,
            align: 'right',
            render: (v: number | null, l) =>
              v === null ? (
                <span className="goods-muted">{t('valuation.none')}</span>
              ) : (
                <div>
                  <div className="goods-num">{formatFen(v)}</div>
                  <div className="goods-sub">{t(`valuation.${l.valuationKind ?? 'none'}`)}</div>
                </div>
              ),
          },
          {
            title: t('lots.status'),
            dataIndex: 'status',
            width: 210,
            fixed: 'right',
            render: (s: LotStatus, l) =>
              s === 'pending' && can('goods:approve') ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={(e) => {
                      e.stopPropagation();
                      setCountersigning(l);
                    }}
                    data-testid="lot-countersign-row"
                  >
                    {t('lots.countersign')}
                  </Button>
                  {me?.userId === l.recordedBy && <Tag>{t('lots.recordedByMe')}</Tag>}
                </Space>
              ) : (
                <Space size={4}>
                  <LotStatusTag status={s} />
                  {s === 'pending' && me?.userId === l.recordedBy && <Tag>{t('lots.recordedByMe')}</Tag>}
                </Space>
              ),
          },
        ]}
        data-testid="lots-table"
      />
      <LotDrawer lotId={openId} onClose={() => open(null)} />
      <IntakeModal
        open={recording}
        orgId={orgId ?? null}
        onClose={() => setRecording(false)}
        onDone={(lot) => {
          setRecording(false);
          setTab('pending');
          open(lot.id);
        }}
      />
      <CountersignModal
        lot={countersigning}
        onClose={() => setCountersigning(null)}
        onDone={(lot) => {
          setCountersigning(null);
          open(lot.id);
        }}
      />
    </Card>
  );
}

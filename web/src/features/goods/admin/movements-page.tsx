// 物资出入库: the movement history of the scope unit's subtree (intake, transfers, distributions, write-offs) filtered
// by unit, kind and lot, each with the exact product, quantity, recipient and receipt; buttons to distribute, transfer
// or ask for a write-off; and the write-off requests with their approval by a second user.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, Select, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { movementKindValues, writeOffStatusValues } from '../../../../../server/src/modules/goods/goods.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useMe, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import {
  fileUrl,
  type MovementKind,
  type MovementView,
  useDecideWriteOff,
  useLots,
  useMovements,
  useWriteOffs,
  type WriteOffStatus,
  type WriteOffView,
} from '../api';
import { KindTag, ProductCode, Units, useWho, WriteOffStatusTag } from '../components/tags';
import { LotDrawer } from './lot-drawer';
import { type MoveAction, MovementModal } from './movement-modal';
import '../components/goods.css';

function LotFilter({ value, onChange }: { value?: string; onChange: (lotId: string | undefined) => void }) {
  const { t } = useTranslation('goods');
  const [search, setSearch] = useState('');
  const lots = useLots({ q: search, status: 'received', page: 1, pageSize: 20 });
  return (
    <Select<string>
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={t('movements.lotFilter')}
      value={value}
      onChange={onChange}
      options={(lots.data?.items ?? []).map((l) => ({
        value: l.id,
        label: `${l.lotNo} · ${l.itemName} ${l.productCode}`,
      }))}
      style={{ width: 300 }}
      popupMatchSelectWidth={false}
      data-testid="movement-lot-filter"
    />
  );
}

function History({ orgId, onOpenLot }: { orgId: number | undefined; onOpenLot: (id: string) => void }) {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const who = useWho();
  const [kind, setKind] = useState<MovementKind | undefined>(undefined);
  const [lotId, setLotId] = useState<string | undefined>(undefined);
  const { page, pageSize, setPage, pagination } = usePaging();
  const movements = useMovements({ orgId, kind, lotId, page, pageSize });

  return (
    <>
      <div className="goods-toolbar">
        <Select<MovementKind>
          allowClear
          placeholder={t('movements.allKinds')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={movementKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          style={{ width: 140 }}
          data-testid="movement-kind-filter"
        />
        <LotFilter
          value={lotId}
          onChange={(v) => {
            setLotId(v);
            setPage(1);
          }}
        />
      </div>
      <Table<MovementView>
        rowKey="id"
        size="middle"
        loading={movements.isFetching}
        dataSource={movements.data?.items ?? []}
        scroll={{ x: 1100 }}
        onRow={(m) => ({ onClick: () => onOpenLot(m.lotId), style: { cursor: 'pointer' } })}
        pagination={pagination(movements.data?.total ?? 0)}
        locale={{
          emptyText: movements.error ? (
            <Empty description={movements.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('movements.empty')} />
          ),
        }}
        columns={[
          {
            title: t('movements.at'),
            dataIndex: 'occurredAt',
            width: 170,
            render: (v: string, m) => (
              <div>
                <div className="goods-num">{formatDateTime(v, i18n.language)}</div>
                <div className="goods-mono goods-muted">{m.movementNo}</div>
              </div>
            ),
          },
          {
            title: t('movements.kind'),
            dataIndex: 'kind',
            width: 76,
            render: (k: MovementKind) => <KindTag kind={k} />,
          },
          {
            title: t('movements.item'),
            key: 'item',
            width: 220,
            render: (_, m) => (
              <div>
                <Space size={6}>
                  <strong>{m.itemName}</strong>
                  <ProductCode code={m.productCode} />
                </Space>
                <div className="goods-mono goods-muted">{m.lotNo}</div>
              </div>
            ),
          },
          {
            title: t('movements.route'),
            key: 'route',
            render: (_, m) => {
              const to =
                m.kind === 'distribution'
                  ? `${m.recipientName ?? m.recipientDisplay ?? ''} (${t(`recipientShort.${m.recipientKind ?? 'unit'}`)})`
                  : m.kind === 'write_off'
                    ? t(`reasons.${m.reason ?? 'other'}`)
                    : (m.toWarehouseName ?? '');
              return (
                <div style={{ minWidth: 0 }}>
                  <div>
                    {m.fromWarehouseName ?? '—'} → {to}
                  </div>
                  {m.purpose && <div className="goods-sub">{m.purpose}</div>}
                </div>
              );
            },
          },
          {
            title: t('movements.quantity'),
            dataIndex: 'quantity',
            width: 120,
            align: 'right',
            render: (q: number, m) => <Units quantity={q} unit={m.unit} strong />,
          },
          {
            title: t('movements.value'),
            dataIndex: 'valueFen',
            width: 120,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : <span className="goods-num">{formatFen(v)}</span>),
          },
          {
            title: t('movements.recordedBy'),
            key: 'by',
            width: 130,
            render: (_, m) => (
              <div>
                <div>{who(m.recordedBy)}</div>
                {m.approvedBy && (
                  <div className="goods-sub">
                    {t('lot.approvedBy')}: {who(m.approvedBy)}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('movements.evidence'),
            dataIndex: 'evidenceFileId',
            width: 76,
            render: (id: string | null, m) =>
              id ? (
                <Typography.Link href={fileUrl(id)} target="_blank" onClick={(e) => e.stopPropagation()}>
                  {m.kind === 'distribution' ? t('lot.receipt') : t('lot.evidence')}
                </Typography.Link>
              ) : (
                '—'
              ),
          },
        ]}
        data-testid="movements-table"
      />
    </>
  );
}

function WriteOffDecision({ w }: { w: WriteOffView }) {
  const { t } = useTranslation(['goods', 'common']);
  const { modal, message } = App.useApp();
  const { data: me } = useMe();
  const decide = useDecideWriteOff();
  const isOwn = !!me?.userId && w.requestedBy === me.userId;

  const run = async (decision: 'approve' | 'reject', note?: string) => {
    try {
      const after = await decide.mutateAsync({ id: w.id, input: { decision, note: note?.trim() || undefined } });
      message.success(
        decision === 'approve' ? t('movements.approved', { no: after.movementNo ?? '' }) : t('movements.rejectedDone'),
      );
    } catch (e) {
      // The server's refusal as it comes: the requester deciding their own request, units gone meanwhile.
      modal.error({ title: isApiError(e) ? e.message : String(e), okText: t('common:actions.close') });
    }
  };
  const approve = () =>
    modal.confirm({
      title: t('movements.approveTitle', { quantity: w.quantity, unit: w.unit }),
      content: t('movements.approveConfirm'),
      okText: t('movements.approve'),
      cancelText: t('common:actions.cancel'),
      okButtonProps: { 'data-testid': 'confirm-write-off' },
      onOk: () => run('approve'),
    });
  const reject = () => {
    let note = '';
    modal.confirm({
      title: t('movements.rejectTitle'),
      content: (
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder={t('movements.notePlaceholder')}
          onChange={(e) => {
            note = e.target.value;
          }}
        />
      ),
      okText: t('movements.reject'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () => run('reject', note),
    });
  };
  const buttons = (
    <Space size={4}>
      <Button
        size="small"
        type="primary"
        icon={<CheckOutlined />}
        onClick={approve}
        loading={decide.isPending}
        data-testid="write-off-approve"
      >
        {t('movements.approve')}
      </Button>
      <Button size="small" danger icon={<CloseOutlined />} onClick={reject} data-testid="write-off-reject">
        {t('movements.reject')}
      </Button>
    </Space>
  );
  return isOwn ? <Tooltip title={t('movements.ownRequest')}>{buttons}</Tooltip> : buttons;
}

function WriteOffs({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const can = useCan();
  const who = useWho();
  const [status, setStatus] = useState<WriteOffStatus | undefined>('pending');
  const { page, pageSize, setPage, pagination } = usePaging();
  const writeOffs = useWriteOffs({ orgId, status, page, pageSize });
  return (
    <>
      <div className="goods-toolbar">
        <Select<WriteOffStatus>
          allowClear
          placeholder={t('movements.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={writeOffStatusValues.map((s) => ({ value: s, label: t(`writeOffStatus.${s}`) }))}
          style={{ width: 140 }}
        />
      </div>
      <Table<WriteOffView>
        rowKey="id"
        size="middle"
        loading={writeOffs.isFetching}
        dataSource={writeOffs.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={pagination(writeOffs.data?.total ?? 0)}
        locale={{
          emptyText: writeOffs.error ? (
            <Empty description={writeOffs.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('movements.writeOffsEmpty')} />
          ),
        }}
        columns={[
          {
            title: t('movements.requestedBy'),
            key: 'req',
            width: 190,
            render: (_, w) => (
              <div>
                <div>{who(w.requestedBy)}</div>
                <div className="goods-sub">{formatDateTime(w.requestedAt, i18n.language)}</div>
              </div>
            ),
          },
          {
            title: t('movements.item'),
            key: 'item',
            render: (_, w) => (
              <div>
                <Space size={6}>
                  <strong>{w.itemName}</strong>
                  <ProductCode code={w.productCode} />
                </Space>
                <div className="goods-mono goods-muted">{w.lotNo}</div>
              </div>
            ),
          },
          {
            title: t('move.reason'),
            key: 'reason',
            render: (_, w) => (
              <div>
                <div>{t(`reasons.${w.reason}`)}</div>
                <div className="goods-sub">{w.note}</div>
                {w.evidenceFileId && (
                  <Typography.Link href={fileUrl(w.evidenceFileId)} target="_blank">
                    {t('lot.evidence')}
                  </Typography.Link>
                )}
              </div>
            ),
          },
          {
            title: t('movements.quantity'),
            dataIndex: 'quantity',
            width: 120,
            align: 'right',
            render: (q: number, w) => <Units quantity={q} unit={w.unit} strong />,
          },
          {
            title: t('movements.statusFilter'),
            dataIndex: 'status',
            width: 230,
            fixed: 'right',
            render: (s: WriteOffStatus, w) =>
              s === 'pending' && can('goods:approve') ? (
                <WriteOffDecision w={w} />
              ) : (
                <div>
                  <WriteOffStatusTag status={s} />
                  {w.decidedAt && (
                    <div className="goods-sub">
                      {who(w.decidedBy)} · {formatDateTime(w.decidedAt, i18n.language)}
                    </div>
                  )}
                  {w.decisionNote && <div className="goods-sub">{w.decisionNote}</div>}
                </div>
              ),
          },
        ]}
        data-testid="write-offs-table"
      />
    </>
  );
}

export function MovementsPage() {
  const { t } = useTranslation(['goods', 'common']);
  const can = useCan();
  const { unitId } = useScope();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<'history' | 'write-offs'>(
    params.get('tab') === 'write-offs' ? 'write-offs' : 'history',
  );
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [action, setAction] = useState<MoveAction | null>(null);
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const pendingWriteOffs = useWriteOffs({ orgId, status: 'pending', page: 1, pageSize: 1 }).data?.total ?? 0;
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

  return (
    <Card
      title={t('movements.title')}
      extra={
        can('goods:manage') && (
          <Space>
            <Button type="primary" onClick={() => setAction('distribute')} data-testid="movement-distribute">
              {t('movements.newDistribution')}
            </Button>
            <Button onClick={() => setAction('transfer')} data-testid="movement-transfer">
              {t('movements.newTransfer')}
            </Button>
            <Button danger onClick={() => setAction('writeOff')} data-testid="movement-write-off">
              {t('movements.newWriteOff')}
            </Button>
          </Space>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'history' | 'write-offs')}
        tabBarExtraContent={
          <OrgPicker
            value={orgId}
            onChange={(id) => setChosenOrg(id ?? null)}
            allowClear
            placeholder={t('common.allUnits')}
            style={{ width: 220 }}
          />
        }
        items={[
          { key: 'history', label: <span data-testid="tab-history">{t('movements.tabHistory')}</span> },
          {
            key: 'write-offs',
            label: (
              <span data-testid="tab-write-offs">
                {t('movements.tabWriteOffs')}
                {pendingWriteOffs > 0 && ` (${pendingWriteOffs})`}
              </span>
            ),
          },
        ]}
      />
      {tab === 'history' ? <History orgId={orgId} onOpenLot={openLot} /> : <WriteOffs orgId={orgId} />}
      <LotDrawer lotId={openId} onClose={() => openLot(null)} />
      <MovementModal action={action} orgId={orgId} onClose={() => setAction(null)} />
    </Card>
  );
}

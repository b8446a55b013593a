// 我的待办: open requests of units in the caller's scope, overdue first then by deadline, with counts that filter,
// filters by service, status and unit, and a drawer to act on a request.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { openStatusValues } from '../../../../../server/src/modules/services/services.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { type QueueFilter, useCatalogue, useQueue, useQueueCounts } from '../api';
import { usePick } from '../components/labels';
import { FileOnBehalfModal } from './file-on-behalf-modal';
import { useRequestColumns } from './request-columns';
import { RequestDrawer } from './request-drawer';
import '../components/services.css';

type Urgency = 'all' | 'due' | 'overdue';
type OpenStatus = (typeof openStatusValues)[number];

export function QueuePage() {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { unitId } = useScope();
  const catalogue = useCatalogue();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [status, setStatus] = useState<OpenStatus | undefined>();
  const [urgency, setUrgency] = useState<Urgency>('all');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [filing, setFiling] = useState(false);
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const filter: QueueFilter = {
    orgId,
    itemCode,
    status,
    urgency: urgency === 'all' ? undefined : urgency,
    cursor: cursors.at(-1),
    limit: 20,
  };
  const queue = useQueue(filter);
  const counts = useQueueCounts(orgId);
  const columns = useRequestColumns();
  const restart = () => setCursors([undefined]);

  const count = (
    key: 'open' | 'submitted' | 'inHand' | 'overdue' | 'dueSoon',
    onClick: () => void,
    active: boolean,
    color?: string,
  ) => (
    <Card
      size="small"
      className={`svc-count${active ? ' is-active' : ''}`}
      onClick={onClick}
      data-testid={`count-${key}`}
    >
      <Statistic
        title={t(`queue.counts.${key}`)}
        value={counts.data?.[key] ?? 0}
        loading={counts.isLoading}
        styles={color ? { content: { color } } : undefined}
      />
    </Card>
  );

  return (
    <Card
      title={t('queue.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setFiling(true)} data-testid="file-on-behalf">
          {t('queue.fileOnBehalf')}
        </Button>
      }
      data-testid="queue-page"
    >
      <div className="svc-counts">
        {count(
          'open',
          () => {
            setStatus(undefined);
            setUrgency('all');
            restart();
          },
          !status && urgency === 'all',
        )}
        {count(
          'submitted',
          () => {
            setStatus('submitted');
            setUrgency('all');
            restart();
          },
          status === 'submitted',
        )}
        {count(
          'inHand',
          () => {
            setStatus('in_progress');
            setUrgency('all');
            restart();
          },
          status === 'in_progress',
        )}
        {count(
          'overdue',
          () => {
            setStatus(undefined);
            setUrgency('overdue');
            restart();
          },
          urgency === 'overdue',
          '#cf1322',
        )}
        {count(
          'dueSoon',
          () => {
            setStatus(undefined);
            setUrgency('due');
            restart();
          },
          urgency === 'due',
          '#d46b08',
        )}
      </div>
      <div className="page-toolbar" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            restart();
          }}
          allowClear
          placeholder={t('queue.allUnits')}
          style={{ width: 220 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('queue.allItems')}
          value={itemCode}
          onChange={(v) => {
            setItemCode(v);
            restart();
          }}
          options={(catalogue.data?.categories ?? []).map((c) => ({
            label: pick(c),
            options: c.items.map((i) => ({ value: i.code, label: pick(i) })),
          }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          data-testid="queue-item-filter"
        />
        <Select<OpenStatus>
          allowClear
          placeholder={t('queue.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            restart();
          }}
          options={openStatusValues.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select<Urgency>
          value={urgency}
          onChange={(v) => {
            setUrgency(v);
            restart();
          }}
          options={(['all', 'due', 'overdue'] as const).map((u) => ({ value: u, label: t(`queue.urgency.${u}`) }))}
          style={{ width: 170 }}
        />
      </div>
      {queue.error && <Alert type="error" showIcon title={queue.error.message} style={{ marginBottom: 12 }} />}
      <Table<RequestSummary>
        rowKey="id"
        size="middle"
        loading={queue.isFetching}
        dataSource={queue.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 1100 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.isOverdue ? 'svc-row-overdue' : '')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} /> }}
        data-testid="queue-table"
      />
      <Space style={{ marginTop: 12, display: 'flex', justifyContent: 'flex-end' }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('queue.prev')}
        </Button>
        <Button
          disabled={!queue.data?.nextCursor}
          onClick={() => {
            const next = queue.data?.nextCursor;
            if (next) {
              setCursors((c) => [...c, next]);
            }
          }}
          data-testid="queue-next"
        >
          {t('queue.more')}
        </Button>
      </Space>
      <RequestDrawer requestId={openId} onClose={() => setOpenId(null)} />
      <FileOnBehalfModal
        open={filing}
        orgId={orgId}
        onClose={() => setFiling(false)}
        onFiled={(id) => {
          setFiling(false);
          setOpenId(id);
        }}
      />
    </Card>
  );
}

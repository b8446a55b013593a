// 办件查询: any request in the caller's scope by number, applicant phone, service, status, unit and submission dates.
import { Alert, Card, DatePicker, Empty, Input, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { requestStatusValues } from '../../../../../server/src/modules/services/services.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { useCatalogue, useRequestSearch } from '../api';
import { usePick } from '../components/labels';
import { useRequestColumns } from './request-columns';
import { RequestDrawer } from './request-drawer';
import '../components/services.css';

export function SearchPage() {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { unitId } = useScope();
  const catalogue = useCatalogue();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [requestNo, setRequestNo] = useState('');
  const [phone, setPhone] = useState('');
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [status, setStatus] = useState<RequestStatus | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging();
  const [openId, setOpenId] = useState<string | null>(null);
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const search = useRequestSearch({
    orgId,
    requestNo: requestNo.length >= 3 ? requestNo : undefined,
    phone: phone.length >= 5 ? phone : undefined,
    itemCode,
    status,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const columns = useRequestColumns();

  return (
    <Card title={t('search.title')} data-testid="search-page">
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('search.requestNo')}
          onSearch={(v) => {
            setRequestNo(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
          data-testid="search-request-no"
        />
        <Input.Search
          allowClear
          placeholder={t('search.phone')}
          inputMode="tel"
          onSearch={(v) => {
            setPhone(v.replace(/[\s-]/g, ''));
            setPage(1);
          }}
          style={{ width: 200 }}
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('queue.allUnits')}
          style={{ width: 200 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('queue.allItems')}
          value={itemCode}
          onChange={(v) => {
            setItemCode(v);
            setPage(1);
          }}
          options={(catalogue.data?.categories ?? []).map((c) => ({
            label: pick(c),
            options: c.items.map((i) => ({ value: i.code, label: pick(i) })),
          }))}
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
        />
        <Select<RequestStatus>
          allowClear
          placeholder={t('queue.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={requestStatusValues.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          style={{ width: 140 }}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
          placeholder={t('search.range', { returnObjects: true }) as [string, string]}
          style={{ width: 250 }}
        />
      </div>
      {search.error && <Alert type="error" showIcon title={search.error.message} style={{ marginBottom: 12 }} />}
      <Table<RequestSummary>
        rowKey="id"
        size="middle"
        loading={search.isFetching}
        dataSource={search.data?.items ?? []}
        columns={columns}
        pagination={pagination(search.data?.total ?? 0)}
        scroll={{ x: 1100 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        data-testid="search-table"
      />
      <RequestDrawer requestId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}

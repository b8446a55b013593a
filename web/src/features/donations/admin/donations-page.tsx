// 捐赠记录: gifts of the scope unit's subtree, filtered by unit, project, channel, China dates and text, with the count
// and total of everything that matches; a row opens its trail. Staff with donations:record add offline gifts here.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Input, Select, Space, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DonationRow } from '../../../../../server/src/modules/donations/donations.schemas';
import { channelValues } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type Channel, useDonations, useProjectOptions } from '../api';
import { DonationDrawer } from './donation-drawer';
import { GiftImportModal } from './gift-import-modal';
import { RecordDonationModal } from './record-donation-modal';
import { ChannelTag, Money } from './tags';

export function DonationsPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const can = useCan();
  const { unitId } = useScope();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [projectId, setProjectId] = useState<number | undefined>(undefined);
  const [channel, setChannel] = useState<Channel | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [q, setQ] = useState('');
  const { page, pageSize, setPage, pagination } = usePaging();
  const [openId, setOpenId] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [importingGifts, setImportingGifts] = useState(false);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const projects = useProjectOptions(orgId);
  const donations = useDonations({
    orgId: orgId ?? undefined,
    projectId,
    channel,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    q,
    page,
    pageSize,
  });
  const data = donations.data;

  return (
    <Card
      title={t('list.title')}
      extra={
        can('donations:record') && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImportingGifts(true)} data-testid="gift-import">
              {t('giftImport.button')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRecording(true)}
              data-testid="donation-record"
            >
              {t('list.record')}
            </Button>
          </Space>
        )
      }
    >
      <div className="page-toolbar">
        <Input.Search
          className="page-toolbar-grow"
          allowClear
          placeholder={t('list.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: 260 }}
          data-testid="donation-search"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setProjectId(undefined);
            setPage(1);
          }}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.allProjects')}
          value={projectId}
          onChange={(v) => {
            setProjectId(v);
            setPage(1);
          }}
          loading={projects.isLoading}
          options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          style={{ width: 200, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
          data-testid="donation-project-filter"
        />
        <Select<Channel>
          allowClear
          placeholder={t('common.allChannels')}
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setPage(1);
          }}
          options={channelValues.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          style={{ width: 130 }}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
          placeholder={[t('list.rangeFrom'), t('list.rangeTo')]}
          style={{ width: 250, maxWidth: '100%' }}
        />
      </div>
      <div className="donation-stats" data-testid="donation-totals">
        <Statistic title={t('list.count')} value={data?.total ?? 0} loading={donations.isLoading} />
        <Statistic
          title={t('list.total')}
          value={data ? formatFen(data.totalFen) : ''}
          loading={donations.isLoading}
          styles={{ content: { color: '#c8102e' } }}
        />
      </div>
      <Table<DonationRow>
        rowKey="id"
        size="middle"
        loading={donations.isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 960 }}
        onRow={(d) => ({ onClick: () => setOpenId(d.id), style: { cursor: 'pointer' } })}
        pagination={pagination(data?.total ?? 0)}
        locale={{
          emptyText: donations.error ? (
            <Empty description={donations.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />
          ),
        }}
        columns={[
          {
            title: t('fields.receivedAt'),
            dataIndex: 'receivedAt',
            width: 165,
            render: (v: string) => <span className="money">{formatDateTime(v, i18n.language)}</span>,
          },
          {
            title: t('fields.donationNo'),
            dataIndex: 'donationNo',
            width: 180,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: t('fields.donor'),
            key: 'donor',
            width: 170,
            ellipsis: true,
            render: (_, d) => (
              <span>
                {d.donorName ?? d.displayName}
                {d.isAnonymous && <Tag style={{ marginInlineStart: 6 }}>{t('common.anonymous')}</Tag>}
              </span>
            ),
          },
          {
            title: t('fields.project'),
            key: 'project',
            ellipsis: true,
            render: (_, d) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{d.projectName}</div>
                <div className="ellipsis-line muted" style={{ fontSize: 12 }}>
                  {d.orgName}
                </div>
              </div>
            ),
          },
          {
            title: t('fields.channel'),
            dataIndex: 'channel',
            width: 105,
            render: (c: Channel) => <ChannelTag channel={c} />,
          },
          {
            title: t('fields.amount'),
            dataIndex: 'amountFen',
            width: 150,
            align: 'right',
            fixed: 'right',
            render: (f: number, d) => (
              <span>
                {d.isRefunded && <Tag color="error">{t('common.refunded')}</Tag>}
                <Money fen={f} strong />
              </span>
            ),
          },
        ]}
        data-testid="donations-table"
      />
      <DonationDrawer donationId={openId} onClose={() => setOpenId(null)} />
      <GiftImportModal open={importingGifts} onClose={() => setImportingGifts(false)} />
      <RecordDonationModal
        open={recording}
        orgId={orgId}
        projectId={projectId}
        onClose={() => setRecording(false)}
        onDone={(d) => {
          setRecording(false);
          setOpenId(d.id);
        }}
      />
    </Card>
  );
}

// 会员管理: the member register of a unit's subtree (search by name, pinyin, number or phone; filters; Excel export and
// import), the queue of applications to review, staff enrolment, and a member's detail in a drawer.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportView } from '../../../../../server/src/platform/imports/imports.schemas';
import { uploadFile } from '../../../app/api-client';
import { useScope } from '../../../app/session';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear, formatDateTime } from '../../../lib/china-time';
import { exportUrl, type MemberFilter, type MemberSummary, templateUrl, useMembers } from '../api';
import { EnrolModal } from './enrol-modal';
import { MemberDrawer } from './member-drawer';
import '../members.css';

const statusColor = {
  applied: 'processing',
  active: 'success',
  lapsed: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};

export function MembersPage() {
  const { t, i18n } = useTranslation('members');
  const { unitId } = useScope();
  const [tab, setTab] = useState<'queue' | 'list'>('list');
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<MemberSummary['status'] | undefined>(undefined);
  const [category, setCategory] = useState<MemberSummary['category'] | undefined>(undefined);
  const [unpaid, setUnpaid] = useState(false);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [importing, setImporting] = useState(false);
  const unit = orgId ?? unitId ?? undefined;
  const filter: MemberFilter = {
    orgId: unit,
    q: q.trim() || undefined,
    status: tab === 'queue' ? 'applied' : status,
    category,
    unpaidYear: unpaid && tab === 'list' ? chinaYear() : undefined,
    limit: 20,
    offset: (page - 1) * 20,
  };
  const list = useMembers(filter);
  const { limit: _l, offset: _o, ...exportFilter } = filter;

  const columns = [
    { title: t('admin.columns.memberNo'), dataIndex: 'memberNo', render: (v: string | null) => v ?? '—' },
    {
      title: t('admin.columns.name'),
      dataIndex: 'name',
      render: (v: string, r: MemberSummary) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(r.id)} data-testid={`member-row-${r.id}`}>
          {v}
        </Button>
      ),
    },
    {
      title: t('admin.columns.category'),
      dataIndex: 'category',
      render: (v: MemberSummary['category']) => t(`category.${v}`),
    },
    {
      title: t('admin.columns.status'),
      dataIndex: 'status',
      render: (v: MemberSummary['status']) => <Tag color={statusColor[v]}>{t(`status.${v}`)}</Tag>,
    },
    { title: t('admin.columns.unit'), dataIndex: 'orgName' },
    { title: t('admin.columns.phone'), dataIndex: 'phoneMasked' },
    ...(tab === 'queue'
      ? [
          {
            title: t('admin.columns.appliedAt'),
            dataIndex: 'appliedAt',
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          {
            title: t('admin.columns.channel'),
            dataIndex: 'channel',
            render: (v: MemberSummary['channel']) => t(`channel.${v}`),
          },
        ]
      : [
          { title: t('admin.columns.joinedOn'), dataIndex: 'joinedOn' },
          { title: t('admin.columns.paidThrough'), dataIndex: 'paidThroughYear' },
        ]),
  ];

  return (
    <div data-testid="members-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as 'queue' | 'list');
          setPage(1);
        }}
        items={[
          { key: 'list', label: t('admin.list') },
          { key: 'queue', label: <span data-testid="members-queue-tab">{t('admin.queue')}</span> },
        ]}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={unit} onChange={(v) => setOrgId(v ?? undefined)} style={{ width: 240 }} />
        <Input.Search
          allowClear
          placeholder={t('admin.search')}
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          data-testid="members-search"
        />
        {tab === 'list' ? (
          <>
            <Select
              allowClear
              placeholder={t('admin.columns.status')}
              style={{ width: 120 }}
              value={status}
              onChange={setStatus}
              options={(['active', 'applied', 'lapsed', 'rejected'] as const).map((s) => ({
                value: s,
                label: t(`status.${s}`),
              }))}
            />
            <Select
              allowClear
              placeholder={t('admin.columns.category')}
              style={{ width: 130 }}
              value={category}
              onChange={setCategory}
              options={(['ordinary', 'youth', 'group'] as const).map((c) => ({ value: c, label: t(`category.${c}`) }))}
            />
            <Button type={unpaid ? 'primary' : 'default'} onClick={() => setUnpaid(!unpaid)}>
              {t('admin.unpaid')}
            </Button>
          </>
        ) : null}
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEnrolling(true)}>
          {t('admin.enrol')}
        </Button>
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} disabled={!unit}>
          {t('admin.import')}
        </Button>
        <a href={exportUrl(exportFilter)}>
          <Button icon={<DownloadOutlined />}>{t('admin.export')}</Button>
        </a>
      </Space>
      <Table<MemberSummary>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t('admin.total', { n }),
          showSizeChanger: false,
        }}
      />
      {openId ? <MemberDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
      {enrolling ? <EnrolModal defaultOrgId={unit} onClose={() => setEnrolling(false)} /> : null}
      {importing && unit ? (
        <ExcelImportDialog
          title={t('admin.importTitle')}
          doneTitle={(n) => `${t('admin.importDone')}: ${n}`}
          before={<a href={templateUrl()}>{t('admin.template')}</a>}
          upload={(file, onProgress) => uploadFile<ImportView>(`/members/imports?orgId=${unit}`, file, onProgress)}
          importPath={(id) => `/members/imports/${id}`}
          onClose={() => setImporting(false)}
          onImported={() => list.refetch()}
        />
      ) : null}
    </div>
  );
}
